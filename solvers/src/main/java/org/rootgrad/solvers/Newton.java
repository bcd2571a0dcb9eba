package org.rootgrad.solvers;

import java.util.Arrays;
import org.rootgrad.autodiff.Objective;
import org.rootgrad.engine.ArrayKernels;
import org.rootgrad.engine.linalg.Cholesky;
import org.rootgrad.error.DimensionMismatchException;
import org.rootgrad.error.InvalidOptionException;
import org.rootgrad.error.Status;
import org.rootgrad.implicit.RootFunction;
import org.rootgrad.implicit.linear.Preconditioner;

/**
 * Newton's method with dense Hessians, for small problems (n up to a few hundred): at each xₖ
 * the Hessian Hₖ = ∇²f(xₖ, θ) is formed ({@link Objective#hessian} where the objective forms it,
 * e.g. the linear models in one weighted Gram product; otherwise from n Hessian-vector
 * products), factored by Cholesky, and the step pₖ = −Hₖ⁻¹∇f(xₖ) taken with the shared
 * {@link StrongWolfeLineSearch} (first trial t = 1) or a fixed step. Where Hₖ is not positive
 * definite to working precision, a multiple of the identity is added (Nocedal and Wright's
 * Algorithm 3.3: τ starting at 10⁻³·max|Hᵢᵢ| and doubling); where even that fails (a non-finite
 * Hessian), the step is steepest descent. Stops when ‖∇ₓf(x, θ)‖ ≤ tolerance. Each iteration
 * costs one Hessian (n³/3 flops for the factorisation on top), against Newton–CG's
 * Hessian-vector products; from a warm start near the solution one or two iterations suffice.
 *
 * <p><b>Implicit derivatives</b>: optimality condition F = ∇ₓf; for n up to the dense threshold
 * the automatic linear solver is dense Cholesky, which assembles A = ∇²f through the same
 * {@link Objective#hessian} and keeps its factorisation for every JVP and VJP at one solution.
 * Before it, each derivative refines with the run's last factor ({@link #implicitNearInverse}):
 * that of H at the iterate before x* (exact for a quadratic f, such as ridge regression), or of
 * an earlier run's point when a warm start needed no step, which meets the tolerance in one to
 * three Hessian-vector products instead of forming and factoring H at x* (measured, n = 200,
 * warm-started as in LatencyBenchmark: the VJP of ridge regression from 16.5 to 3.8 µs at
 * p = 50 and from 3.9 to 1.8 µs at p = 20, of logistic regression from 7.8 to 3.4 µs at
 * p = 20); a factor too far from x* leaves the derivative to the dense solve after at most
 * eight products.
 *
 * <p><b>Lazy Hessian</b> ({@link Builder#lazyHessian}; by default with implicit derivatives
 * where forming the Hessian costs at least a Hessian-vector product, as logistic regression's
 * does and ridge regression's does not): the factor is kept, also from one run to the next, and
 * takes chord steps −M⁻¹∇f, which need a gradient and two triangular solves but no Hessian, while
 * each cuts ‖∇f‖ at least tenfold; one that does not makes the next iterate factor its own. Every
 * chord step is a descent direction (M is positive definite) under the same line search, so the
 * method converges from anywhere as Newton's does, linearly while the factor is kept instead of
 * quadratically. A service that re-solves as θ drifts mostly steps with an old factor: measured
 * (LatencyBenchmark medians: n = 200, λ moving by up to 1% per call, warm-started solve plus
 * hypergradient), logistic regression at p = 20 from 17 to 11.5 µs, at p = 50 from 40 to 26 µs,
 * with no factorisation in steady state where each call had formed and factored two Hessians;
 * the derivatives then refine with the older factor in three or four products instead of one or
 * two. A kept factor whose last step contracted less than twentyfold is not offered to the
 * derivatives, which solve densely at x*.
 *
 * <p><b>Unrolled derivatives</b> differentiate xₖ₊₁ = xₖ − tₖH̃ₖ⁻¹∇f(xₖ, θ) with the step tₖ, the
 * shift τₖ (H̃ₖ = Hₖ + τₖI) and the Hessian Hₖ held fixed, as {@link NewtonCG} does (its
 * derivative needs third derivatives): ẋₖ₊₁ = ẋₖ − tₖH̃ₖ⁻¹(Hₖẋₖ + ∇²ₓθf·θ̇). With τₖ = 0 and
 * tₖ = 1 this is the implicit derivative at xₖ, one Newton step behind the solution. The replay
 * forms and factors each Hₖ again; memory: n + 2 doubles per iteration.
 *
 * <p>Memory: the n×n Hessian and its factor, made once. Not thread-safe; {@link #fork()} for
 * another thread.
 */
public final class Newton extends AbstractSolver {
    private static final ArrayKernels K = ArrayKernels.active();
    /** The first shift of a Hessian that is not positive definite, relative to its largest diagonal entry. */
    private static final double SHIFT_START = 1e-3;
    /** Doublings of the shift before giving up on the Newton direction. */
    private static final int MAX_SHIFTS = 60;
    /**
     * A kept factor whose last step cut ‖∇f‖ by less than this is not offered to the implicit
     * derivatives: their refinement would gain at most about that factor per product, too little
     * to reach the default 1e-10 within its eight products, so the dense solve at x* is cheaper.
     */
    private static final double NEAR_INVERSE_CONTRACTION = 0.05;
    /** The automatic lazy Hessian's contraction (see {@link Builder#lazyHessian}). */
    static final double DEFAULT_LAZY_CONTRACTION = 0.1;
    /**
     * The automatic lazy Hessian needs a Hessian that costs at least this many Hessian-vector
     * products to form: ridge regression's, a copy of a Gram matrix made once, is cheaper to
     * factor anew than a chord step's slower convergence and the derivatives' extra refinement
     * products (measured, n = 200 and p = 10: 4.6 µs per warm-started hypergradient against 7.4
     * lazily), logistic regression's (p/4 products) is not.
     */
    static final double LAZY_MIN_HESSIAN_COST = 1;

    private final Objective f;
    private final RootFunction condition;
    private final double fixedStep;
    private final StrongWolfeLineSearch lineSearch;
    /** {@link Builder#lazyHessian}'s contraction, or 0 for a new factor at every iterate. */
    private final double lazyContraction;

    private final double[] x;
    private final double[] g;
    private final double[] p;
    private final double[] hessian;
    private final double[] diagonal;
    private final Cholesky cholesky;
    /** Scratch of the Hessian assembled from products (objectives without a dense Hessian). */
    private double[] unit;
    private double[] column;
    /** The shift added to the last factored Hessian, or NaN when the step was steepest descent. */
    private double shift;
    /** {@link #cholesky} as M⁻¹ for the implicit derivatives, made on first use. */
    private Preconditioner lastFactor;
    /** Lazy Hessian: whether the kept factor takes the next step, across runs too. */
    private boolean factorTrusted;
    /** Lazy Hessian: ‖∇f‖ after / before the last step if the kept factor took it, else NaN. */
    private double keptFactorContraction = Double.NaN;
    /** Hessians factored by the last run. */
    private int factorizations;

    // unrolled: row k = [xₖ (n), tₖ, τₖ (NaN: steepest descent)]; the last row holds the solution
    private final Trajectory trajectory;
    private double[] point;
    private double[] xDotCur;
    private double[] gDot;
    private double[] hv;
    private double[] u;
    private double[] xBarCur;
    private double[] thetaScratch;

    private Newton(Builder b) {
        super("Newton", b.f.dimension(), b.f.parameterDimension(), b.options());
        this.f = b.f;
        this.condition = RootFunction.gradientOf(f);
        this.fixedStep = b.fixedStep();
        this.lineSearch = b.newLineSearch(n);
        this.lazyContraction = b.lazyContraction != null ? b.lazyContraction
                : options.implicitDiff() && Math.min(f.hessianCost(), n) >= LAZY_MIN_HESSIAN_COST
                ? DEFAULT_LAZY_CONTRACTION : 0;
        this.x = new double[n];
        this.g = new double[n];
        this.p = new double[n];
        this.hessian = new double[n * n];
        this.diagonal = new double[n];
        this.cholesky = new Cholesky(n);
        this.trajectory = new Trajectory(n + 2);
    }

    /**
     * A builder for Newton's method on {@code f}; default: strong Wolfe line search (c₁ = 1e-4,
     * c₂ = 0.9, 25 evaluations).
     *
     * @throws DimensionMismatchException if f is null
     */
    public static Builder builder(Objective f) {
        if (f == null) {
            throw new DimensionMismatchException("objective is null");
        }
        return new Builder(f);
    }

    @Override
    public RootFunction optimalityCondition() {
        return condition;
    }

    /**
     * The last Hessian factor (H + τI at the last iterate that took a Newton step) while it is
     * in force; null before any factorisation and after one that failed.
     */
    @Override
    protected Preconditioner implicitNearInverse() {
        if (cholesky.status() != Status.CONVERGED || keptFactorContraction > NEAR_INVERSE_CONTRACTION) {
            return null;
        }
        if (lastFactor == null) {
            lastFactor = Preconditioner.cholesky(cholesky);
        }
        return lastFactor;
    }

    /** ∇ₓf at the last solution: the optimality residual, known without another evaluation. */
    @Override
    protected double[] solutionResidual() {
        return g;
    }

    /** Hessians factored by the last run (with a {@link Builder#lazyHessian lazy Hessian}, fewer than its iterations). */
    public int factorizations() {
        return factorizations;
    }

    @Override
    protected void solve(double[] init, double[] theta, SolverResult out) {
        boolean record = !options.implicitDiff();
        boolean lazy = lazyContraction > 0;
        trajectory.clear();
        factorizations = 0;
        System.arraycopy(init, 0, x, 0, n);
        double value = f.valueAndGradient(x, theta, g);
        double err = K.nrm2(n, g, 0);
        double tol = options.tolerance();
        Status status = Status.MAX_ITERATIONS;
        int k = 0;
        for (; ; k++) {
            Status stop = stopReason(k, value, err);
            if (stop != null) {
                status = stop;
                break;
            }
            boolean kept = lazy && factorTrusted; // trusted only while the factor and its shift are valid
            if (!kept) {
                f.linearize(x, theta);
                formHessian();
                if (!factorWithShift()) {
                    shift = Double.NaN;
                }
                factorizations++;
            }
            double slope;
            boolean factorDirection = false; // whether the step is −M⁻¹∇f
            if (Double.isNaN(shift)) {
                slope = steepestDescent();
            } else {
                for (int i = 0; i < n; i++) {
                    p[i] = -g[i];
                }
                cholesky.solve(p, p);
                slope = K.dot(n, g, 0, p, 0);
                factorDirection = slope < 0;
                if (!factorDirection) {
                    if (!kept) {
                        shift = Double.NaN; // a kept factor stays, untrusted below
                    }
                    slope = steepestDescent();
                }
            }
            double t;
            if (lineSearch == null) {
                t = fixedStep;
            } else {
                if (!lineSearch.search(f, theta, x, value, slope, p, 1)) {
                    status = lineSearch.lastTrialNonFinite() ? Status.NON_FINITE : Status.LINE_SEARCH_FAILED;
                    factorTrusted = false;
                    break;
                }
                t = lineSearch.step();
            }
            if (record) {
                double[] row = trajectory.push();
                System.arraycopy(x, 0, row, 0, n);
                row[n] = t;
                row[n + 1] = shift;
            }
            if (lineSearch == null) {
                K.axpy(n, t, p, 0, x, 0);
                value = f.valueAndGradient(x, theta, g);
            } else {
                value = lineSearch.value();
                System.arraycopy(lineSearch.point(), 0, x, 0, n);
                System.arraycopy(lineSearch.gradient(), 0, g, 0, n);
            }
            double before = err;
            err = K.nrm2(n, g, 0);
            if (lazy) {
                double contraction = err / before;
                // a kept factor that gave no descent direction is no near inverse either
                keptFactorContraction = !kept ? Double.NaN : factorDirection ? contraction : Double.POSITIVE_INFINITY;
                factorTrusted = factorDirection && contraction <= lazyContraction;
            }
        }
        if (record) {
            double[] row = trajectory.push();
            System.arraycopy(x, 0, row, 0, n);
        }
        System.arraycopy(x, 0, out.solution(), 0, n);
        out.finish(status, k, err, tol, value);
    }

    /** The Hessian at f's linearisation point into {@link #hessian}, its diagonal into {@link #diagonal}. */
    private void formHessian() {
        if (!f.hessian(hessian)) {
            if (unit == null) {
                unit = new double[n];
                column = new double[n];
            }
            for (int j = 0; j < n; j++) {
                unit[j] = 1;
                f.hessianVector(unit, column);
                unit[j] = 0;
                for (int i = 0; i < n; i++) {
                    hessian[i * n + j] = column[i];
                }
            }
        }
        for (int i = 0; i < n; i++) {
            diagonal[i] = hessian[i * n + i];
        }
    }

    /**
     * Factors H + τI for the smallest τ of the sequence 0 (or −min Hᵢᵢ + β when a diagonal entry
     * is not positive), β, 2β, ... with β = 10⁻³·max|Hᵢᵢ| that Cholesky accepts; sets
     * {@link #shift} and returns true, or returns false when none does (a non-finite Hessian).
     */
    private boolean factorWithShift() {
        double minDiagonal = Double.POSITIVE_INFINITY;
        double maxDiagonal = 0;
        for (int i = 0; i < n; i++) {
            minDiagonal = Math.min(minDiagonal, diagonal[i]);
            maxDiagonal = Math.max(maxDiagonal, Math.abs(diagonal[i]));
        }
        if (!Double.isFinite(maxDiagonal)) {
            return false;
        }
        double beta = maxDiagonal > 0 ? SHIFT_START * maxDiagonal : SHIFT_START;
        double tau = minDiagonal > 0 ? 0 : -minDiagonal + beta;
        for (int attempt = 0; attempt <= MAX_SHIFTS; attempt++) {
            if (tau > 0) {
                for (int i = 0; i < n; i++) {
                    hessian[i * n + i] = diagonal[i] + tau;
                }
            }
            if (cholesky.tryFactor(hessian, 0, n)) {
                shift = tau;
                return true;
            }
            if (cholesky.status() == Status.NON_FINITE) {
                return false;
            }
            tau = Math.max(2 * tau, beta);
        }
        return false;
    }

    /** p ← −g; returns gᵀp. */
    private double steepestDescent() {
        for (int i = 0; i < n; i++) {
            p[i] = -g[i];
        }
        return -K.dot(n, g, 0, g, 0);
    }

    // ---- unrolled derivatives -----------------------------------------------------------------

    private void ensureDerivativeWorkspace() {
        if (point != null) {
            return;
        }
        point = new double[n];
        xDotCur = new double[n];
        gDot = new double[n];
        hv = new double[n];
        u = new double[n];
        xBarCur = new double[n];
        thetaScratch = new double[m];
    }

    /**
     * Linearises f at the row's point and factors its H̃ = H + τI as the run did; returns false
     * for a steepest-descent row (H̃ = I).
     */
    private boolean replayFactor(double[] row) {
        System.arraycopy(row, 0, point, 0, n);
        f.linearize(point, lastTheta());
        double tau = row[n + 1];
        if (Double.isNaN(tau)) {
            return false;
        }
        formHessian();
        if (tau > 0) {
            for (int i = 0; i < n; i++) {
                hessian[i * n + i] = diagonal[i] + tau;
            }
        }
        if (!cholesky.tryFactor(hessian, 0, n)) {
            // the run factored this very matrix; only a changed objective could get here
            throw new InvalidOptionException(name() + ": the Hessian of a recorded step no longer factors;"
                    + " the objective changed since the run");
        }
        return true;
    }

    @Override
    protected void unrolledJvp(double[] thetaDot, double[] xDot) {
        ensureDerivativeWorkspace();
        int steps = trajectory.steps() - 1;
        Arrays.fill(xDotCur, 0);
        for (int k = 0; k < steps; k++) {
            double[] row = trajectory.row(k);
            boolean newtonStep = replayFactor(row);
            // ġ = Hₖẋₖ + ∇²ₓθf·θ̇; ẋₖ₊₁ = ẋₖ − tₖ H̃ₖ⁻¹ġ
            f.mixedVector(thetaDot, gDot);
            f.hessianVector(xDotCur, hv);
            K.axpy(n, 1, hv, 0, gDot, 0);
            if (newtonStep) {
                cholesky.solve(gDot, gDot);
            }
            K.axpy(n, -row[n], gDot, 0, xDotCur, 0);
        }
        System.arraycopy(xDotCur, 0, xDot, 0, n);
    }

    @Override
    protected void unrolledVjp(double[] xBar, double[] thetaBar) {
        ensureDerivativeWorkspace();
        Arrays.fill(thetaBar, 0);
        int steps = trajectory.steps() - 1;
        System.arraycopy(xBar, 0, xBarCur, 0, n);
        for (int k = steps - 1; k >= 0; k--) {
            double[] row = trajectory.row(k);
            boolean newtonStep = replayFactor(row);
            // u = tₖH̃ₖ⁻ᵀx̄ₖ₊₁ (H̃ symmetric); x̄ₖ = x̄ₖ₊₁ − Hₖu, θ̄ −= ∇²θₓf·u
            for (int i = 0; i < n; i++) {
                u[i] = row[n] * xBarCur[i];
            }
            if (newtonStep) {
                cholesky.solve(u, u);
            }
            f.hessianVector(u, hv);
            K.axpy(n, -1, hv, 0, xBarCur, 0);
            f.mixedTransposeVector(u, thetaScratch);
            K.axpy(m, -1, thetaScratch, 0, thetaBar, 0);
        }
    }

    @Override
    protected int unrolledSteps() {
        return Math.max(0, trajectory.steps() - 1);
    }

    /** Bytes held by the recorded iterations of the last unrolled run. */
    public long unrolledBytes() {
        return trajectory.bytes();
    }

    @Override
    public Newton fork() {
        Builder b = new Builder(f.fork());
        b.options(options);
        b.stepsLike(fixedStep, lineSearch);
        b.lazyContraction = lazyContraction;
        return new Newton(b);
    }

    /** Builder of {@link Newton}; not thread-safe. */
    public static final class Builder extends LineSearchSolverBuilder<Builder> {
        private final Objective f;
        private Double lazyContraction;

        private Builder(Objective f) {
            super(0.9);
            this.f = f;
        }

        @Override
        protected Builder self() {
            return this;
        }

        /**
         * A lazy Hessian: the last Cholesky factor is kept, across iterations and across runs,
         * and takes the steps −M⁻¹∇f (chord steps: no Hessian formed) for as long as each cuts
         * ‖∇f‖ to at most {@code contraction} times its value before the step; after one that
         * does not, the next iterate forms and factors its own Hessian, kept in turn if its step
         * contracts as much. 0 forms and factors the Hessian at every iterate. Unset, it is
         * {@value #DEFAULT_LAZY_CONTRACTION} with implicit derivatives where the Hessian costs at
         * least {@value #LAZY_MIN_HESSIAN_COST} Hessian-vector product to form
         * ({@link Objective#hessianCost}, or n products where the objective does not form it),
         * else 0. See the class documentation.
         *
         * @throws InvalidOptionException if contraction is not in [0, 1)
         */
        public Builder lazyHessian(double contraction) {
            if (!(contraction >= 0 && contraction < 1)) {
                throw InvalidOptionException.of("lazyHessian contraction", contraction, "in [0, 1)");
            }
            this.lazyContraction = contraction;
            return this;
        }

        /**
         * @throws InvalidOptionException if a {@link #lazyHessian lazy Hessian} is asked for with
         *                                unrolled derivatives, whose replay factors each step's
         *                                Hessian at its own iterate
         */
        @Override
        public Newton build() {
            if (lazyContraction != null && lazyContraction > 0 && !options().implicitDiff()) {
                throw InvalidOptionException.of("lazyHessian", lazyContraction,
                        "used with implicit derivatives only (unrolling replays a new Hessian at every step)");
            }
            return new Newton(this);
        }
    }
}
