package org.rootgrad.solvers;

import java.util.Arrays;
import org.rootgrad.autodiff.Objective;
import org.rootgrad.engine.ArrayKernels;
import org.rootgrad.error.Status;
import org.rootgrad.implicit.ImplicitResult;
import org.rootgrad.solvers.constrained.ActiveSetReduction;
import org.rootgrad.solvers.prox.Prox;

/**
 * Proximal gradient descent (ISTA) and its accelerated form (FISTA) for
 * min f(x, θ_f) + g(x, θ_g) with f smooth and g given by its {@link Prox}:
 * <pre>
 *   x_{k+1} = prox_{t_k g}(y_k − t_k∇ₓf(y_k, θ_f), θ_g),   y_k = x_k + μ_k(x_k − x_{k−1}),
 * </pre>
 * with μ_k = 0 (plain) or FISTA's μ_k = (τ_k − 1)/τ_{k+1}, τ_0 = 1,
 * τ_{k+1} = (1 + √(1 + 4τ_k²))/2. θ is the concatenation (θ_f, θ_g) of f's and g's parameters,
 * m = m_f + k; e.g. lasso, f = {@link org.rootgrad.solvers.objective.Objectives#leastSquares}
 * (no θ_f) and g = {@link Prox#lasso}, has θ = [λ].
 *
 * <p><b>Steps.</b> A fixed step t (converges for t ≤ 1/L, L the Lipschitz constant of ∇f), or
 * backtracking on the smooth part: the largest t = t'·2⁻ʲ with
 * f(z) ≤ f(y) + ⟨∇f(y), z − y⟩ + ‖z − y‖²/(2t) for z = prox_{tg}(y − t∇f(y)), where t' is the
 * last accepted step (t₀ at first). Steps never grow: FISTA's analysis wants them
 * non-increasing, and a growing step is verified only along the iterates' own direction, so it
 * can exceed 2/L along others and make the unrolled derivative diverge while the iterates
 * converge. When ‖z − y‖²/(2t) falls below the rounding error of f (1e-12·|f|), the test can no
 * longer observe anything and the last verified step is reused, as in {@link GradientDescent}.
 *
 * <p><b>Stopping.</b> Each iteration computes the gradient mapping ‖x_{k+1} − y_k‖/t_k, which is
 * ‖∇f‖ when g = 0 and vanishes exactly at a minimiser; the run stops when it is ≤ tolerance.
 * The solution is that x_{k+1}, an output of the prox (exactly sparse for the lasso);
 * {@link SolverResult#iterations()} counts the prox steps taken, including the one that
 * verified convergence (so a starting point that is already a solution takes 1).
 * {@link SolverResult#value()} is NaN: a {@link Prox} knows g only through its operator.
 *
 * <p><b>Derivatives.</b> Implicitly through {@link ProximalGradientCondition} at the step of the
 * last run (GMRES on ∂ₓF by default) — on the active set by default, where the prox's Jacobian at
 * the solution is an orthogonal projector (lasso, non-negative, box, simplex, ...:
 * {@link ActiveSetReduction}, a symmetric system on the support solved by conjugate gradients or
 * MINRES; {@link Builder#activeSetReduction(boolean)} turns it off) — or unrolled through the recorded steps (y_k, the prox input
 * v_k, t_k, μ_k): forward
 * ẋ_{k+1} = J_k(ẏ_k − t_k(H_kẏ_k + M_kθ̇_f)) + P_kθ̇_g and the reverse of it, with H_k, M_k the
 * Hessian and mixed products of f at y_k and J_k, P_k the prox's Jacobians at v_k. Step sizes are
 * constants of the unrolled derivative: fixed, or chosen from a discrete set by backtracking, so
 * locally constant in θ almost everywhere.
 *
 * <p>Not thread-safe; {@link #fork()} for another thread. Runs allocate nothing after the first
 * (unrolled runs: only when they record more steps than before).
 */
public final class ProximalGradient extends AbstractSolver {
    private static final ArrayKernels K = ArrayKernels.active();
    private static final int MAX_BACKTRACKS = 40;
    /** Relative rounding level of an objective value, below which decreases are not observable. */
    private static final double ROUNDING = 1e-12;

    private final Objective f;
    private final Prox prox;
    private final int mf;
    private final int kg;
    private final double stepSize;
    private final boolean lineSearch;
    private final boolean accelerated;
    private final ProximalGradientCondition condition;
    /** The implicit derivative on the active set, or null when off or the prox cannot be reduced. */
    private final ActiveSetReduction reduction;
    private final boolean reductionRequested;

    private final double[] x;
    private final double[] xPrev;
    private final double[] y;
    private final double[] g;
    private final double[] v;
    private final double[] z;
    private final double[] thetaF;
    private final double[] thetaG;
    /** One row per step: y (n), v (n), t, μ. */
    private final Trajectory trajectory;
    private double verifiedStep;
    // derivative scratch
    private final double[] d0;
    private final double[] d1;
    private final double[] d2;
    private final double[] d3;
    private final double[] hv;
    private final double[] point;
    private final double[] dThetaF;
    private final double[] dThetaG;
    private final double[] sThetaF;
    private final double[] sThetaG;

    private ProximalGradient(Builder b) {
        super(b.accelerated ? "FISTA" : "proximal gradient", b.f.dimension(),
                b.f.parameterDimension() + b.prox.parameterDimension(), b.options());
        this.f = b.f;
        this.prox = b.prox;
        this.mf = f.parameterDimension();
        this.kg = prox.parameterDimension();
        this.stepSize = b.stepSize();
        this.lineSearch = b.backtracking();
        this.accelerated = b.accelerated;
        this.condition = ProximalGradientCondition.of(f, prox, stepSize);
        this.reductionRequested = b.activeSetReduction;
        this.reduction = b.activeSetReduction ? reductionFor(f, prox, b.options()) : null;
        this.x = new double[n];
        this.xPrev = new double[n];
        this.y = new double[n];
        this.g = new double[n];
        this.v = new double[n];
        this.z = new double[n];
        this.thetaF = new double[mf];
        this.thetaG = new double[kg];
        this.trajectory = new Trajectory(2 * n + 2);
        this.d0 = new double[n];
        this.d1 = new double[n];
        this.d2 = new double[n];
        this.d3 = new double[n];
        this.hv = new double[n];
        this.point = new double[n];
        this.dThetaF = new double[mf];
        this.dThetaG = new double[kg];
        this.sThetaF = new double[mf];
        this.sThetaG = new double[kg];
    }

    /**
     * A builder for min f + g with g's prox; defaults: backtracking from t = 1, no acceleration.
     * f and the prox are held (fork them first if they are used elsewhere).
     *
     * @throws org.rootgrad.error.DimensionMismatchException if either is null or their dimensions differ
     */
    public static Builder builder(Objective f, Prox g) {
        ProximalGradientCondition.checkProblem(f, g);
        return new Builder(f, g);
    }

    /**
     * F(x, θ) = prox_{ηg}(x − η∇f(x, θ_f), θ_g) − x with η the step of the last run (the fixed
     * step, or the last accepted one; the initial step before any run).
     */
    @Override
    public ProximalGradientCondition optimalityCondition() {
        return condition;
    }

    /** An active-set reduction when the prox's Jacobian structure allows one, else null. */
    static ActiveSetReduction reductionFor(Objective f, Prox prox, SolverOptions options) {
        return ActiveSetReduction.supports(prox.jacobianStructure())
                ? new ActiveSetReduction(f, prox, options.implicit()) : null;
    }

    /** Whether implicit derivatives are solved on the active set where the prox allows it (the option). */
    public boolean activeSetReduction() {
        return reductionRequested;
    }

    @Override
    protected ImplicitResult implicitJvp(double[] thetaDot, double[] xDot) {
        return reduces(result.solution(), lastTheta()) ? reduction.jvp(thetaDot, xDot) : super.implicitJvp(thetaDot, xDot);
    }

    @Override
    protected ImplicitResult implicitVjp(double[] xBar, double[] thetaBar) {
        return reduces(result.solution(), lastTheta()) ? reduction.vjp(xBar, thetaBar) : super.implicitVjp(xBar, thetaBar);
    }

    /** Whether the reduction applies at the solution x of θ; if so it is linearised there. */
    boolean reduces(double[] x, double[] theta) {
        return reduction != null && reduction.tryLinearize(x, theta, condition.step());
    }

    /** The active-set reduction (linearised by {@link #reduces}), or null. */
    ActiveSetReduction reduction() {
        return reduction;
    }

    @Override
    protected void solve(double[] init, double[] theta, SolverResult out) {
        System.arraycopy(theta, 0, thetaF, 0, mf);
        System.arraycopy(theta, mf, thetaG, 0, kg);
        boolean record = !options.implicitDiff();
        trajectory.clear();
        System.arraycopy(init, 0, x, 0, n);
        System.arraycopy(init, 0, xPrev, 0, n);
        double t = stepSize;
        double lastStep = 0;
        double tau = 1;
        verifiedStep = 0;
        double tol = options.tolerance();
        Status status = Status.MAX_ITERATIONS;
        double err = Double.NaN;
        int k = 0;
        while (true) {
            double mu = 0;
            if (accelerated) {
                double tauNext = 0.5 * (1 + Math.sqrt(1 + 4 * tau * tau));
                mu = (tau - 1) / tauNext;
                tau = tauNext;
            }
            for (int i = 0; i < n; i++) {
                y[i] = x[i] + mu * (x[i] - xPrev[i]);
            }
            double fy = f.valueAndGradient(y, thetaF, g);
            if (!Double.isFinite(fy) || !Double.isFinite(K.nrm2(n, g, 0))) {
                status = Status.NON_FINITE;
                break;
            }
            if (lineSearch) {
                t = backtrack(fy, t);
                if (t == 0) {
                    // f non-finite even at the smallest trial step: f itself broke, not the step size
                    status = lastTrialNonFinite ? Status.NON_FINITE : Status.LINE_SEARCH_FAILED;
                    break;
                }
            } else {
                for (int i = 0; i < n; i++) {
                    v[i] = y[i] - t * g[i];
                }
                prox.apply(v, thetaG, t, z);
            }
            lastStep = t;
            double distanceSquared = 0;
            for (int i = 0; i < n; i++) {
                double dzi = z[i] - y[i];
                distanceSquared += dzi * dzi;
            }
            err = Math.sqrt(distanceSquared) / t;
            if (record) {
                double[] row = trajectory.push();
                System.arraycopy(y, 0, row, 0, n);
                System.arraycopy(v, 0, row, n, n);
                row[2 * n] = t;
                row[2 * n + 1] = mu;
            }
            System.arraycopy(x, 0, xPrev, 0, n);
            System.arraycopy(z, 0, x, 0, n);
            k++;
            if (!Double.isFinite(err)) {
                status = Status.NON_FINITE;
                break;
            }
            if (err <= tol) {
                status = Status.CONVERGED;
                break;
            }
            if (k >= options.maxIterations()) {
                break;
            }
        }
        if (lastStep > 0) {
            condition.setStep(lastStep);
        }
        System.arraycopy(x, 0, out.solution(), 0, n);
        out.finish(status, k, err, tol, Double.NaN);
    }

    /**
     * The largest t = start·2⁻ʲ with sufficient decrease of f at z = prox_{tg}(y − t∇f), leaving
     * v and z at the returned step, or 0 if none within the limit.
     */
    /** Whether the last trial of {@link #backtrack} had a non-finite value. */
    private boolean lastTrialNonFinite;

    private double backtrack(double fy, double start) {
        double noise = ROUNDING * Math.abs(fy);
        double t = start;
        for (int j = 0; j < MAX_BACKTRACKS; j++) {
            proxStep(t);
            double distanceSquared = 0;
            double slope = 0;
            for (int i = 0; i < n; i++) {
                double dzi = z[i] - y[i];
                distanceSquared += dzi * dzi;
                slope += g[i] * dzi;
            }
            double quadratic = distanceSquared / (2 * t);
            double fz = f.value(z, thetaF);
            lastTrialNonFinite = !Double.isFinite(fz);
            if (fz <= fy + slope + quadratic) {
                verifiedStep = t;
                return t;
            }
            if (quadratic <= noise) {
                // below the rounding of f the test sees nothing: keep the last verified step
                if (verifiedStep > 0 && verifiedStep != t) {
                    t = verifiedStep;
                    proxStep(t);
                }
                return t;
            }
            t *= 0.5;
        }
        return 0;
    }

    private void proxStep(double t) {
        for (int i = 0; i < n; i++) {
            v[i] = y[i] - t * g[i];
        }
        prox.apply(v, thetaG, t, z);
    }

    /** Forward through the recorded steps; ẋ₀ = 0. */
    @Override
    protected void unrolledJvp(double[] thetaDot, double[] xDot) {
        System.arraycopy(thetaDot, 0, dThetaF, 0, mf);
        System.arraycopy(thetaDot, mf, dThetaG, 0, kg);
        double[] cur = d0;  // ẋₖ
        double[] prev = d1; // ẋₖ₋₁
        double[] next = d2; // ẏₖ, then ẋₖ₊₁
        Arrays.fill(cur, 0);
        Arrays.fill(prev, 0);
        for (int s = 0; s < trajectory.steps(); s++) {
            double[] row = trajectory.row(s);
            double t = row[2 * n];
            double mu = row[2 * n + 1];
            for (int i = 0; i < n; i++) {
                next[i] = cur[i] + mu * (cur[i] - prev[i]);
            }
            System.arraycopy(row, 0, point, 0, n);
            f.linearize(point, thetaF);
            f.hessianVector(next, hv);
            if (mf > 0) {
                f.mixedVector(dThetaF, d3);
                K.axpy(n, 1.0, d3, 0, hv, 0);
            }
            for (int i = 0; i < n; i++) {
                hv[i] = next[i] - t * hv[i]; // v̇ₖ
            }
            System.arraycopy(row, n, point, 0, n);
            prox.linearize(point, thetaG, t);
            prox.jvpV(hv, next);
            if (kg > 0) {
                prox.jvpTheta(dThetaG, d3);
                K.axpy(n, 1.0, d3, 0, next, 0);
            }
            double[] spare = prev;
            prev = cur;
            cur = next;
            next = spare;
        }
        System.arraycopy(cur, 0, xDot, 0, n);
    }

    /**
     * In reverse: a = Jₖᵀx̄ₖ₊₁, θ̄_g += Pₖᵀx̄ₖ₊₁, θ̄_f −= tₖMₖᵀa, ȳₖ = a − tₖHₖa; then
     * x̄ₖ += (1 + μₖ)ȳₖ and x̄ₖ₋₁ −= μₖȳₖ.
     */
    @Override
    protected void unrolledVjp(double[] xBar, double[] thetaBar) {
        double[] next = d0; // x̄ₖ₊₁
        double[] cur = d1;  // x̄ₖ
        double[] prev = d2; // x̄ₖ₋₁
        System.arraycopy(xBar, 0, next, 0, n);
        Arrays.fill(cur, 0);
        Arrays.fill(thetaBar, 0);
        for (int s = trajectory.steps() - 1; s >= 0; s--) {
            double[] row = trajectory.row(s);
            double t = row[2 * n];
            double mu = row[2 * n + 1];
            System.arraycopy(row, n, point, 0, n);
            prox.linearize(point, thetaG, t);
            prox.vjpV(next, d3);
            if (kg > 0) {
                prox.vjpTheta(next, sThetaG);
                K.axpy(kg, 1.0, sThetaG, 0, thetaBar, mf);
            }
            System.arraycopy(row, 0, point, 0, n);
            f.linearize(point, thetaF);
            if (mf > 0) {
                f.mixedTransposeVector(d3, sThetaF);
                K.axpy(mf, -t, sThetaF, 0, thetaBar, 0);
            }
            f.hessianVector(d3, hv);
            for (int i = 0; i < n; i++) {
                double yBar = d3[i] - t * hv[i];
                cur[i] += (1 + mu) * yBar;
                prev[i] = -mu * yBar;
            }
            double[] spare = next;
            next = cur;
            cur = prev;
            prev = spare;
        }
    }

    @Override
    protected int unrolledSteps() {
        return trajectory.steps();
    }

    /** Bytes held by the recorded iterations of the last unrolled run. */
    public long unrolledBytes() {
        return trajectory.bytes();
    }

    /** An independent solver with the same options on forks of f and the prox. */
    @Override
    public ProximalGradient fork() {
        return toBuilder(f.fork(), prox.fork()).build();
    }

    Builder toBuilder(Objective objective, Prox g) {
        Builder b = new Builder(objective, g);
        b.options(options);
        b.stepsLike(stepSize, lineSearch);
        b.accelerated = accelerated;
        b.activeSetReduction = reductionRequested;
        return b;
    }

    /** Builder of {@link ProximalGradient}; not thread-safe. */
    public static final class Builder extends BacktrackingSolverBuilder<Builder> {
        private final Objective f;
        private final Prox prox;
        private boolean accelerated;
        private boolean activeSetReduction = true;

        private Builder(Objective f, Prox prox) {
            this.f = f;
            this.prox = prox;
        }

        @Override
        protected Builder self() {
            return this;
        }

        /** FISTA's momentum (default off). */
        public Builder accelerated(boolean value) {
            this.accelerated = value;
            return this;
        }

        /**
         * Solve implicit derivatives on the active set where the prox's Jacobian at the solution
         * allows it (default true), or always through the full n-dimensional condition.
         */
        public Builder activeSetReduction(boolean value) {
            this.activeSetReduction = value;
            return this;
        }

        @Override
        public ProximalGradient build() {
            return new ProximalGradient(this);
        }
    }
}
