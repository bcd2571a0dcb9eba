package org.rootgrad.solvers;

import org.rootgrad.error.DimensionMismatchException;
import org.rootgrad.error.Status;

/**
 * Gauss–Newton for nonlinear least squares min ½‖r(x, θ)‖² ({@link LeastSquaresProblem}):
 * xₖ₊₁ = xₖ + tₖpₖ with pₖ = −(JᵀJ)⁻¹Jᵀr at xₖ (dense Cholesky of the Gauss–Newton matrix, J
 * from JVPs or VJPs of r) and tₖ from Armijo backtracking on ½‖r‖² (the largest 2⁻ʲ with
 * sufficient decrease, c₁ = 10⁻⁴; near the solution, where the promised decrease falls below the
 * rounding of ½‖r‖², the full step is taken if it does not increase it beyond that rounding), or
 * tₖ = 1 without line search. Stops when ‖Jᵀr‖ ≤ tolerance; a singular JᵀJ (fewer residuals
 * than variables, or a rank-deficient Jacobian) ends the run with {@link Status#SINGULAR} — use
 * {@link LevenbergMarquardt} there.
 *
 * <p>Derivatives: see {@link AbstractLeastSquaresSolver} — implicit through ∇ₓ½‖r‖² = 0 with
 * exact second derivatives (preconditioned by JᵀJ), or unrolled with the model matrix held
 * fixed. Backtracking picks steps from a discrete set, so they are locally constant in θ.
 *
 * <p>Not thread-safe; {@link #fork()} for another thread.
 */
public final class GaussNewton extends AbstractLeastSquaresSolver {
    private static final double C1 = 1e-4;
    private static final int MAX_BACKTRACKS = 40;

    private final boolean lineSearch;
    private final boolean preconditionImplicit;
    private final double[] x;
    private final double[] p;
    private final double[] trial;

    private GaussNewton(Builder b) {
        super("Gauss-Newton", b.problem, b.options(), b.preconditionImplicit);
        this.lineSearch = b.lineSearch;
        this.preconditionImplicit = b.preconditionImplicit;
        this.x = new double[n];
        this.p = new double[n];
        this.trial = new double[n];
    }

    /** A builder for Gauss–Newton on {@code problem}; defaults: Armijo backtracking, JᵀJ preconditioning. */
    public static Builder builder(LeastSquaresProblem problem) {
        if (problem == null) {
            throw new DimensionMismatchException("problem is null");
        }
        return new Builder(problem);
    }

    @Override
    protected void solve(double[] init, double[] theta, SolverResult out) {
        boolean record = !options.implicitDiff();
        trajectory.clear();
        System.arraycopy(init, 0, x, 0, n);
        double value = linearize(x, theta);
        double err = K.nrm2(n, gradient, 0);
        double tol = options.tolerance();
        Status status = Status.MAX_ITERATIONS;
        int iteration = 0;
        for (; ; iteration++) {
            if (!Double.isFinite(err) || !Double.isFinite(value)) {
                status = Status.NON_FINITE;
                break;
            }
            if (err <= tol) {
                status = Status.CONVERGED;
                break;
            }
            if (iteration == options.maxIterations()) {
                break;
            }
            if (!dampedStep(0, p)) {
                status = containsNonFinite(gram) ? Status.NON_FINITE : Status.SINGULAR;
                break;
            }
            double t = lineSearch ? backtrack(theta, value) : 1;
            if (t == 0) {
                // the residuals non-finite even at the smallest trial step: they broke, not the step
                status = lastTrialNonFinite ? Status.NON_FINITE : Status.LINE_SEARCH_FAILED;
                break;
            }
            if (record) {
                record(x, t);
            }
            K.axpy(n, t, p, 0, x, 0);
            value = linearize(x, theta);
            err = K.nrm2(n, gradient, 0);
        }
        if (record) {
            recordSolution(x);
        }
        System.arraycopy(x, 0, out.solution(), 0, n);
        out.finish(status, iteration, err, tol, value);
    }

    private static boolean containsNonFinite(double[] a) {
        for (double v : a) {
            if (!Double.isFinite(v)) {
                return true;
            }
        }
        return false;
    }

    /** The largest t = 2⁻ʲ with sufficient decrease of ½‖r‖² along p, or 0. */
    /** Whether the last trial of {@link #backtrack} had a non-finite value. */
    private boolean lastTrialNonFinite;

    private double backtrack(double[] theta, double value) {
        double slope = K.dot(n, gradient, 0, p, 0);
        double noise = ROUNDING * Math.abs(value);
        double t = 1;
        for (int j = 0; j < MAX_BACKTRACKS; j++) {
            for (int i = 0; i < n; i++) {
                trial[i] = x[i] + t * p[i];
            }
            double ft = value(trial, theta);
            lastTrialNonFinite = !Double.isFinite(ft);
            if (ft <= value + C1 * t * slope) {
                return t;
            }
            if (-C1 * t * slope <= noise) {
                return ft <= value + noise ? t : 0;
            }
            t *= 0.5;
        }
        return 0;
    }

    @Override
    public GaussNewton fork() {
        Builder b = new Builder(problem.fork());
        b.options(options);
        b.lineSearch = lineSearch;
        b.preconditionImplicit = preconditionImplicit;
        return new GaussNewton(b);
    }

    /** Builder of {@link GaussNewton}; not thread-safe. */
    public static final class Builder extends SolverBuilder<Builder> {
        private final LeastSquaresProblem problem;
        private boolean lineSearch = true;
        private boolean preconditionImplicit = true;

        private Builder(LeastSquaresProblem problem) {
            this.problem = problem;
        }

        @Override
        protected Builder self() {
            return this;
        }

        /** Armijo backtracking on ½‖r‖² (default true), or the full step t = 1. */
        public Builder lineSearch(boolean value) {
            this.lineSearch = value;
            return this;
        }

        /** Precondition the implicit Hessian solve with JᵀJ at the solution (default true). */
        public Builder preconditionImplicit(boolean value) {
            this.preconditionImplicit = value;
            return this;
        }

        @Override
        public GaussNewton build() {
            return new GaussNewton(this);
        }
    }
}
