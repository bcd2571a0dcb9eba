package org.rootgrad.solvers;

import org.rootgrad.error.Checks;
import org.rootgrad.error.DimensionMismatchException;
import org.rootgrad.error.Status;

/**
 * Levenberg–Marquardt for nonlinear least squares min ½‖r(x, θ)‖² ({@link LeastSquaresProblem}):
 * the step p = −(JᵀJ + λI)⁻¹Jᵀr (dense Cholesky) is tried at x; with the gain ratio
 * ρ = (F(x) − F(x + p)) / (L(0) − L(p)) of the actual to the predicted decrease of F = ½‖r‖²
 * (L(0) − L(p) = ½pᵀ(λp − Jᵀr)), a step with ρ > 0 is accepted and λ ← λ·max(1/3, 1 − (2ρ − 1)³),
 * ν ← 2; otherwise λ ← λν, ν ← 2ν (Nielsen's rule, Madsen–Nielsen–Tingleff §3.2). λ₀ = τ·max
 * diag(JᵀJ) (τ = 10⁻³). Where the predicted decrease is below the rounding of F, a step that does
 * not increase F beyond that rounding counts as ρ = 1. Each tried step is an iteration. Stops
 * when ‖Jᵀr‖ ≤ tolerance; {@link Status#STAGNATED} when λ grows beyond 10¹⁶·max(1, max diag JᵀJ)
 * without an acceptable step.
 *
 * <p>Derivatives: see {@link AbstractLeastSquaresSolver} — implicit through ∇ₓ½‖r‖² = 0 with
 * exact second derivatives (preconditioned by JᵀJ), or unrolled through the accepted steps with
 * the damped model matrices JᵀJ + λI held fixed (λ is a discrete consequence of accept/reject
 * decisions and of ρ, held fixed like a step size).
 *
 * <p>Not thread-safe; {@link #fork()} for another thread.
 */
public final class LevenbergMarquardt extends AbstractLeastSquaresSolver {
    private static final double MAX_DAMPING = 1e16;

    private final double initialDamping;
    private final boolean preconditionImplicit;
    private final double[] x;
    private final double[] p;
    private final double[] trial;
    private double finalDamping;

    private LevenbergMarquardt(Builder b) {
        super("Levenberg-Marquardt", b.problem, b.options(), b.preconditionImplicit);
        this.initialDamping = b.initialDamping;
        this.preconditionImplicit = b.preconditionImplicit;
        this.x = new double[n];
        this.p = new double[n];
        this.trial = new double[n];
    }

    /** A builder for Levenberg–Marquardt on {@code problem}; defaults: τ = 1e-3, JᵀJ preconditioning. */
    public static Builder builder(LeastSquaresProblem problem) {
        if (problem == null) {
            throw new DimensionMismatchException("problem is null");
        }
        return new Builder(problem);
    }

    /** The damping λ at the end of the last run. */
    public double damping() {
        return finalDamping;
    }

    @Override
    protected void solve(double[] init, double[] theta, SolverResult out) {
        boolean record = !options.implicitDiff();
        trajectory.clear();
        System.arraycopy(init, 0, x, 0, n);
        double value = linearize(x, theta);
        double err = K.nrm2(n, gradient, 0);
        double tol = options.tolerance();
        double scale = 0;
        for (int i = 0; i < n; i++) {
            scale = Math.max(scale, gram[i * n + i]);
        }
        double lambda = initialDamping * scale;
        if (!(lambda > 0)) {
            lambda = initialDamping;
        }
        double maxLambda = MAX_DAMPING * Math.max(1, scale);
        double nu = 2;
        boolean lastTrialNonFinite = false;
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
            if (lambda > maxLambda) {
                // every trial up to the largest damping (the shortest steps) was non-finite: the
                // residuals broke, not the model
                status = lastTrialNonFinite ? Status.NON_FINITE : Status.STAGNATED;
                break;
            }
            boolean accept = false;
            double rho = 0;
            if (dampedStep(lambda, p)) {
                for (int i = 0; i < n; i++) {
                    trial[i] = x[i] + p[i];
                }
                double ft = value(trial, theta);
                lastTrialNonFinite = !Double.isFinite(ft);
                double predicted = 0.5 * (lambda * K.dot(n, p, 0, p, 0) - K.dot(n, p, 0, gradient, 0));
                double noise = ROUNDING * Math.abs(value);
                if (!Double.isFinite(ft)) {
                    accept = false;
                } else if (predicted <= noise) {
                    accept = ft <= value + noise;
                    rho = 1;
                } else {
                    rho = (value - ft) / predicted;
                    accept = rho > 0;
                }
            } else if (cholesky.status() == Status.NON_FINITE) {
                status = Status.NON_FINITE;
                break;
            }
            if (accept) {
                if (record) {
                    record(x, 1);
                }
                System.arraycopy(trial, 0, x, 0, n);
                value = linearize(x, theta);
                err = K.nrm2(n, gradient, 0);
                double c = 2 * rho - 1;
                lambda *= Math.max(1.0 / 3, 1 - c * c * c);
                nu = 2;
            } else {
                lambda *= nu;
                nu *= 2;
            }
        }
        finalDamping = lambda;
        if (record) {
            recordSolution(x);
        }
        System.arraycopy(x, 0, out.solution(), 0, n);
        out.finish(status, iteration, err, tol, value);
    }

    @Override
    public LevenbergMarquardt fork() {
        Builder b = new Builder(problem.fork());
        b.options(options);
        b.initialDamping = initialDamping;
        b.preconditionImplicit = preconditionImplicit;
        return new LevenbergMarquardt(b);
    }

    /** Builder of {@link LevenbergMarquardt}; not thread-safe. */
    public static final class Builder extends SolverBuilder<Builder> {
        private final LeastSquaresProblem problem;
        private double initialDamping = 1e-3;
        private boolean preconditionImplicit = true;

        private Builder(LeastSquaresProblem problem) {
            this.problem = problem;
        }

        @Override
        protected Builder self() {
            return this;
        }

        /** τ of the initial damping λ₀ = τ·max diag(JᵀJ) (> 0; default 1e-3). */
        public Builder initialDamping(double tau) {
            Checks.positive("initialDamping", tau);
            this.initialDamping = tau;
            return this;
        }

        /** Precondition the implicit Hessian solve with JᵀJ at the solution (default true). */
        public Builder preconditionImplicit(boolean value) {
            this.preconditionImplicit = value;
            return this;
        }

        @Override
        public LevenbergMarquardt build() {
            return new LevenbergMarquardt(this);
        }
    }
}
