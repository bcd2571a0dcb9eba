package org.rootgrad.solvers;

import org.rootgrad.autodiff.Objective;
import org.rootgrad.engine.ArrayKernels;
import org.rootgrad.error.DimensionMismatchException;
import org.rootgrad.error.Status;
import org.rootgrad.implicit.RootFunction;

/**
 * Gradient descent on a smooth objective f(x, θ): x ← y − t∇ₓf(y, θ), with y = x (plain) or
 * y = x + μₖ(x − x_prev), μₖ = k/(k + 3) (Nesterov's acceleration). The step t is fixed or found
 * by Armijo backtracking from the last accepted step (t₀ at first): the largest t = t'·2⁻ʲ with
 * f(y − t g) ≤ f(y) − t‖g‖²/2. Steps never grow, as in {@link ProximalGradient}: a grown step is
 * verified only along −g and can exceed 2/L along other directions, which the unrolled derivative
 * explores, making it diverge while the iterates converge. Stops when ‖∇ₓf(y, θ)‖ ≤ tolerance;
 * the solution is that y.
 *
 * <p>Optimality condition: F(x, θ) = ∇ₓf(x, θ). Unrolled derivatives treat the accepted step
 * sizes as constants: backtracking picks them from a discrete set, so they are locally constant
 * in θ almost everywhere, and the unrolled derivative is exact for the iterations taken.
 *
 * <p>Not thread-safe; {@link #fork()} for another thread.
 */
public final class GradientDescent extends AbstractSolver {
    private static final ArrayKernels K = ArrayKernels.active();
    private static final int MAX_BACKTRACKS = 40;
    /** Relative rounding level of an objective value, below which decreases are not observable. */
    private static final double ROUNDING = 1e-12;

    private final Objective f;
    private final double stepSize;
    private final boolean lineSearch;
    private final boolean accelerated;
    private final RootFunction condition;

    private final double[] x;
    private final double[] xPrev;
    private final double[] y;
    private final double[] g;
    private final double[] trial;
    // unrolled: one row per step, [y (n), t, μ]; μ of the final combination kept apart
    private final Trajectory trajectory;
    private double finalMomentum;
    private double verifiedStep;
    private final double[] t0;
    private final double[] t1;
    private final double[] t2;
    private final double[] hv;
    private final double[] thetaScratch;

    private GradientDescent(Builder b) {
        super(b.accelerated ? "accelerated gradient descent" : "gradient descent",
                b.f.dimension(), b.f.parameterDimension(), b.options());
        this.f = b.f;
        this.stepSize = b.stepSize();
        this.lineSearch = b.backtracking();
        this.accelerated = b.accelerated;
        this.condition = RootFunction.gradientOf(f);
        this.x = new double[n];
        this.xPrev = new double[n];
        this.y = new double[n];
        this.g = new double[n];
        this.trial = new double[n];
        this.trajectory = new Trajectory(n + 2);
        this.t0 = new double[n];
        this.t1 = new double[n];
        this.t2 = new double[n];
        this.hv = new double[n];
        this.thetaScratch = new double[m];
    }

    /** A builder for gradient descent on {@code f}; defaults: Armijo line search from t = 1, no acceleration. */
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

    @Override
    protected void solve(double[] init, double[] theta, SolverResult out) {
        boolean record = !options.implicitDiff();
        trajectory.clear();
        System.arraycopy(init, 0, x, 0, n);
        System.arraycopy(init, 0, xPrev, 0, n);
        double t = stepSize;
        verifiedStep = 0;
        double tol = options.tolerance();
        Status status = Status.MAX_ITERATIONS;
        double err = Double.NaN;
        double value = Double.NaN;
        int k = 0;
        for (; ; k++) {
            double mu = accelerated ? k / (k + 3.0) : 0;
            for (int i = 0; i < n; i++) {
                y[i] = x[i] + mu * (x[i] - xPrev[i]);
            }
            value = f.valueAndGradient(y, theta, g);
            err = K.nrm2(n, g, 0);
            if (!Double.isFinite(err) || !Double.isFinite(value)) {
                status = Status.NON_FINITE;
                finalMomentum = mu;
                break;
            }
            if (err <= tol) {
                status = Status.CONVERGED;
                finalMomentum = mu;
                break;
            }
            if (k == options.maxIterations()) {
                finalMomentum = mu;
                break;
            }
            if (lineSearch) {
                t = armijo(theta, value, err * err, t);
                if (t == 0) {
                    // f non-finite even at the smallest trial step: f itself broke, not the step size
                    status = lastTrialNonFinite ? Status.NON_FINITE : Status.LINE_SEARCH_FAILED;
                    finalMomentum = mu;
                    break;
                }
            }
            if (record) {
                double[] row = trajectory.push();
                System.arraycopy(y, 0, row, 0, n);
                row[n] = t;
                row[n + 1] = mu;
            }
            System.arraycopy(x, 0, xPrev, 0, n);
            for (int i = 0; i < n; i++) {
                x[i] = y[i] - t * g[i];
            }
        }
        System.arraycopy(y, 0, out.solution(), 0, n);
        out.finish(status, k, err, tol, value);
    }

    /**
     * The largest t = start·2⁻ʲ with sufficient decrease, or 0 if none within the limit. Near
     * the solution the promised decrease ½t‖g‖² falls below the rounding error of f and can no
     * longer be observed; there the last step verified by an observable decrease is reused
     * (the curvature that made it safe changes little that close to the solution).
     */
    /** Whether the last trial of the line search had a non-finite value. */
    private boolean lastTrialNonFinite;

    private double armijo(double[] theta, double value, double gradNormSquared, double start) {
        double noise = ROUNDING * Math.abs(value);
        if (0.5 * start * gradNormSquared <= noise && verifiedStep > 0) {
            return verifiedStep;
        }
        double t = start;
        for (int j = 0; j < MAX_BACKTRACKS; j++) {
            for (int i = 0; i < n; i++) {
                trial[i] = y[i] - t * g[i];
            }
            double ft = f.value(trial, theta);
            lastTrialNonFinite = !Double.isFinite(ft);
            double decrease = 0.5 * t * gradNormSquared;
            if (ft <= value - decrease) {
                verifiedStep = t;
                return t;
            }
            if (decrease <= noise) {
                return verifiedStep > 0 ? verifiedStep : t;
            }
            t *= 0.5;
        }
        return 0;
    }

    /**
     * Forward through the recorded steps: ẏₖ = ẋₖ + μₖ(ẋₖ − ẋₖ₋₁),
     * ẋₖ₊₁ = ẏₖ − tₖ(∇²ₓₓf(yₖ)ẏₖ + ∇²ₓθf(yₖ)θ̇), and the solution's ẏ from the final μ.
     */
    @Override
    protected void unrolledJvp(double[] thetaDot, double[] xDot) {
        double[] cur = t0;   // ẋₖ
        double[] prev = t1;  // ẋₖ₋₁
        double[] next = t2;
        java.util.Arrays.fill(cur, 0);
        java.util.Arrays.fill(prev, 0);
        double[] theta = lastTheta();
        for (int k = 0; k < trajectory.steps(); k++) {
            double[] row = trajectory.row(k);
            double t = row[n];
            double mu = row[n + 1];
            for (int i = 0; i < n; i++) {
                next[i] = cur[i] + mu * (cur[i] - prev[i]); // ẏₖ
            }
            System.arraycopy(row, 0, hv, 0, n);
            f.linearize(hv, theta);
            f.hessianVector(next, hv);
            K.axpy(n, -t, hv, 0, next, 0);
            f.mixedVector(thetaDot, hv);
            K.axpy(n, -t, hv, 0, next, 0);
            double[] spare = prev;
            prev = cur;
            cur = next;
            next = spare;
        }
        for (int i = 0; i < n; i++) {
            xDot[i] = cur[i] + finalMomentum * (cur[i] - prev[i]);
        }
    }

    /**
     * In reverse: x̄ₖ₊₁ gives ȳₖ = x̄ₖ₊₁ − tₖ∇²ₓₓf(yₖ)x̄ₖ₊₁ and θ̄ −= tₖ(∇²ₓθf(yₖ))ᵀx̄ₖ₊₁; then
     * x̄ₖ += (1 + μₖ)ȳₖ and x̄ₖ₋₁ −= μₖȳₖ.
     */
    @Override
    protected void unrolledVjp(double[] xBar, double[] thetaBar) {
        double[] next = t0; // x̄ₖ₊₁
        double[] cur = t1;  // x̄ₖ
        double[] prev = t2; // x̄ₖ₋₁
        int steps = trajectory.steps();
        // the solution is y_K = x_K + μ(x_K − x_{K−1})
        for (int i = 0; i < n; i++) {
            next[i] = (1 + finalMomentum) * xBar[i];
            cur[i] = -finalMomentum * xBar[i];
        }
        java.util.Arrays.fill(thetaBar, 0);
        double[] theta = lastTheta();
        for (int k = steps - 1; k >= 0; k--) {
            double[] row = trajectory.row(k);
            double t = row[n];
            double mu = row[n + 1];
            System.arraycopy(row, 0, hv, 0, n);
            f.linearize(hv, theta);
            f.mixedTransposeVector(next, thetaScratch);
            K.axpy(m, -t, thetaScratch, 0, thetaBar, 0);
            f.hessianVector(next, hv);
            K.axpy(n, -t, hv, 0, next, 0); // next now holds ȳₖ
            java.util.Arrays.fill(prev, 0);
            for (int i = 0; i < n; i++) {
                cur[i] += (1 + mu) * next[i];
                prev[i] = -mu * next[i];
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

    @Override
    public GradientDescent fork() {
        Builder b = new Builder(f.fork());
        b.options(options);
        b.stepsLike(stepSize, lineSearch);
        b.accelerated = accelerated;
        return new GradientDescent(b);
    }

    /** Builder of {@link GradientDescent}; not thread-safe. */
    public static final class Builder extends BacktrackingSolverBuilder<Builder> {
        private final Objective f;
        private boolean accelerated;

        private Builder(Objective f) {
            this.f = f;
        }

        @Override
        protected Builder self() {
            return this;
        }

        /** Nesterov acceleration with momentum k/(k + 3). */
        public Builder accelerated(boolean value) {
            this.accelerated = value;
            return this;
        }

        @Override
        public GradientDescent build() {
            return new GradientDescent(this);
        }
    }
}
