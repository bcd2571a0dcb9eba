package org.rootgrad.solvers;

import java.util.Arrays;
import org.rootgrad.autodiff.Objective;
import org.rootgrad.engine.ArrayKernels;
import org.rootgrad.error.Checks;
import org.rootgrad.error.DimensionMismatchException;
import org.rootgrad.error.Status;
import org.rootgrad.implicit.RootFunction;

/**
 * Nonlinear conjugate gradients on a smooth objective f(x, θ): xₖ₊₁ = xₖ + tₖdₖ with
 * d₀ = −g₀, dₖ = −gₖ + βₖdₖ₋₁ (gₖ = ∇ₓf(xₖ, θ)) and βₖ by one of the {@link Formula}s; tₖ from the
 * shared {@link StrongWolfeLineSearch} (c₁ = 10⁻⁴, c₂ = 0.1: a small c₂ keeps the directions
 * descent directions; first trial t₀ = 1/max(1, ‖g₀‖), then tₖ₋₁·gₖ₋₁ᵀdₖ₋₁ / gₖᵀdₖ) or fixed.
 * Restarts (dₖ = −gₖ, βₖ = 0): every {@code restartEvery} iterations (default n), when
 * |gₖᵀgₖ₋₁| ≥ 0.2‖gₖ‖² (Powell's test, on by default), when a "+" formula clips β at 0, and when
 * dₖ is not a descent direction. Stops when ‖∇ₓf(x, θ)‖ ≤ tolerance.
 *
 * <p><b>Implicit derivatives</b>: optimality condition F = ∇ₓf (the Hessian system, by CG).
 *
 * <p><b>Unrolled derivatives</b> differentiate every iteration exactly — the gradients
 * (ġₖ = ∇²ₓₓf·ẋₖ + ∇²ₓθf·θ̇), the formula for βₖ and the direction recurrence — with the
 * step sizes and the restart decisions held fixed. With a fixed step that is the exact
 * derivative of the truncated solve, and converges to the implicit derivative with the solve.
 * With the line search the accepted steps vary continuously with θ (the first trial step is a
 * ratio of slopes, the zoom interpolates) and dt/dθ is neglected at every step: the early steps'
 * neglected terms are not damped out by the few iterations CG takes, so the unrolled derivative
 * approaches the implicit one only to a plateau (relative 4e-9 to 5e-7 on the logistic regression
 * of the tests, against 2e-11 with a fixed step). Prefer implicit derivatives for this solver.
 * Memory: 3n + 3 doubles per iteration.
 *
 * <p>Not thread-safe; {@link #fork()} for another thread.
 */
public final class NonlinearCG extends AbstractSolver {
    private static final ArrayKernels K = ArrayKernels.active();

    /**
     * The choice of βₖ; with yₖ = gₖ − gₖ₋₁.
     *
     * <p>Thread safety: an enum, immutable and shareable.
     */
    public enum Formula {
        /** βₖ = gₖᵀgₖ / gₖ₋₁ᵀgₖ₋₁. */
        FLETCHER_REEVES,
        /** βₖ = max(0, gₖᵀyₖ / gₖ₋₁ᵀgₖ₋₁): Polak–Ribière+. */
        POLAK_RIBIERE,
        /** βₖ = max(0, gₖᵀyₖ / dₖ₋₁ᵀyₖ): Hestenes–Stiefel+. */
        HESTENES_STIEFEL
    }

    /** Powell's restart threshold on |gₖᵀgₖ₋₁| / ‖gₖ‖². */
    private static final double POWELL = 0.2;

    private final Objective f;
    private final RootFunction condition;
    private final Formula formula;
    private final double fixedStep;
    private final StrongWolfeLineSearch lineSearch;
    private final int restartEvery;
    private final boolean powellRestart;

    private final double[] x;
    private final double[] g;
    private final double[] d;
    private final double[] gPrev;

    // unrolled: row k = [xₖ, gₖ, dₖ, tₖ, βₖ, 1 if βₖ came from the formula else 0]
    private final Trajectory trajectory;
    private final int tOffset;
    private final int betaOffset;
    private final int activeOffset;
    private double[] point;
    private double[] xDotCur;
    private double[] gDotCur;
    private double[] dDotCur;
    private double[] gDotNext;
    private double[] hv;
    private double[] xBarNext;
    private double[] gBarNext;
    private double[] dBarNext;
    private double[] xBarCur;
    private double[] gBarCur;
    private double[] dBarCur;
    private double[] thetaScratch;

    private NonlinearCG(Builder b) {
        super("nonlinear CG (" + b.formula + ")", b.f.dimension(), b.f.parameterDimension(), b.options());
        this.f = b.f;
        this.condition = RootFunction.gradientOf(f);
        this.formula = b.formula;
        this.fixedStep = b.fixedStep();
        this.lineSearch = b.newLineSearch(n);
        this.restartEvery = b.restartEvery > 0 ? b.restartEvery : Math.max(1, n);
        this.powellRestart = b.powellRestart;
        this.x = new double[n];
        this.g = new double[n];
        this.d = new double[n];
        this.gPrev = new double[n];
        this.tOffset = 3 * n;
        this.betaOffset = 3 * n + 1;
        this.activeOffset = 3 * n + 2;
        this.trajectory = new Trajectory(3 * n + 3);
    }

    /**
     * A builder for nonlinear CG on {@code f}; defaults: Polak–Ribière+, strong Wolfe line search
     * (c₁ = 1e-4, c₂ = 0.1, 25 evaluations), restarts every n iterations and by Powell's test.
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

    @Override
    protected void solve(double[] init, double[] theta, SolverResult out) {
        boolean record = !options.implicitDiff();
        trajectory.clear();
        System.arraycopy(init, 0, x, 0, n);
        double value = f.valueAndGradient(x, theta, g);
        double err = K.nrm2(n, g, 0);
        double tol = options.tolerance();
        Status status = Status.MAX_ITERATIONS;
        double beta = 0;
        boolean betaActive = false;
        double previousStep = 0;
        double previousSlope = 0;
        int sinceRestart = 0;
        int k = 0;
        for (; ; k++) {
            Status stop = stopReason(k, value, err);
            if (stop != null) {
                status = stop;
                break;
            }
            // direction dₖ = −gₖ + βₖdₖ₋₁ (d still holds dₖ₋₁)
            beta = 0;
            betaActive = false;
            if (k > 0 && sinceRestart < restartEvery) {
                double gg = err * err;
                if (!(powellRestart && Math.abs(K.dot(n, g, 0, gPrev, 0)) >= POWELL * gg)) {
                    double raw = beta(g, gPrev, d);
                    if (raw > 0 && Double.isFinite(raw)) {
                        beta = raw;
                        betaActive = true;
                    }
                }
            }
            for (int i = 0; i < n; i++) {
                d[i] = -g[i] + beta * d[i];
            }
            double slope = K.dot(n, g, 0, d, 0);
            if (!(slope < 0)) {
                beta = 0;
                betaActive = false;
                for (int i = 0; i < n; i++) {
                    d[i] = -g[i];
                }
                slope = -err * err;
            }
            sinceRestart = betaActive ? sinceRestart + 1 : 1;
            double[] row = null;
            if (record) {
                row = trajectory.push();
                System.arraycopy(x, 0, row, 0, n);
                System.arraycopy(g, 0, row, n, n);
                System.arraycopy(d, 0, row, 2 * n, n);
                row[betaOffset] = beta;
                row[activeOffset] = betaActive ? 1 : 0;
            }
            System.arraycopy(g, 0, gPrev, 0, n);
            double t;
            if (lineSearch == null) {
                t = fixedStep;
                K.axpy(n, t, d, 0, x, 0);
                value = f.valueAndGradient(x, theta, g);
            } else {
                double t0 = previousStep > 0 ? previousStep * previousSlope / slope : 1 / Math.max(1, err);
                if (!lineSearch.search(f, theta, x, value, slope, d, t0)) {
                    if (row != null) {
                        row[tOffset] = 0; // no step taken: this row closes the recording at xₖ
                    }
                    status = lineSearch.lastTrialNonFinite() ? Status.NON_FINITE : Status.LINE_SEARCH_FAILED;
                    break;
                }
                t = lineSearch.step();
                value = lineSearch.value();
                System.arraycopy(lineSearch.point(), 0, x, 0, n);
                System.arraycopy(lineSearch.gradient(), 0, g, 0, n);
            }
            if (row != null) {
                row[tOffset] = t;
            }
            previousStep = t;
            previousSlope = slope;
            err = K.nrm2(n, g, 0);
        }
        if (record && status != Status.LINE_SEARCH_FAILED) { // else the last row already holds xₖ, gₖ
            double[] row = trajectory.push();
            System.arraycopy(x, 0, row, 0, n);
            System.arraycopy(g, 0, row, n, n);
        }
        System.arraycopy(x, 0, out.solution(), 0, n);
        out.finish(status, k, err, tol, value);
    }

    /** βₖ from the formula (before clipping) for gₖ = gNew, gₖ₋₁ = gOld, dₖ₋₁ = dOld. */
    private double beta(double[] gNew, double[] gOld, double[] dOld) {
        switch (formula) {
            case FLETCHER_REEVES:
                return K.dot(n, gNew, 0, gNew, 0) / K.dot(n, gOld, 0, gOld, 0);
            case POLAK_RIBIERE: {
                double a = K.dot(n, gNew, 0, gNew, 0) - K.dot(n, gNew, 0, gOld, 0);
                return a / K.dot(n, gOld, 0, gOld, 0);
            }
            default: {
                double a = K.dot(n, gNew, 0, gNew, 0) - K.dot(n, gNew, 0, gOld, 0);
                double b = K.dot(n, dOld, 0, gNew, 0) - K.dot(n, dOld, 0, gOld, 0);
                return a / b;
            }
        }
    }

    // ---- unrolled derivatives -----------------------------------------------------------------

    private void ensureDerivativeWorkspace() {
        if (point != null) {
            return;
        }
        point = new double[n];
        xDotCur = new double[n];
        gDotCur = new double[n];
        dDotCur = new double[n];
        gDotNext = new double[n];
        hv = new double[n];
        xBarNext = new double[n];
        gBarNext = new double[n];
        dBarNext = new double[n];
        xBarCur = new double[n];
        gBarCur = new double[n];
        dBarCur = new double[n];
        thetaScratch = new double[m];
    }

    private void linearizeAt(double[] row) {
        System.arraycopy(row, 0, point, 0, n);
        f.linearize(point, lastTheta());
    }

    /** ġ ← ∇²ₓₓf(x of row)·ẋ + ∇²ₓθf·θ̇. */
    private void gradientTangent(double[] row, double[] xDot, double[] thetaDot, double[] gDot) {
        linearizeAt(row);
        f.mixedVector(thetaDot, gDot);
        f.hessianVector(xDot, hv);
        K.axpy(n, 1, hv, 0, gDot, 0);
    }

    /** dot(a[aOff..], b[bOff..]) over n. */
    private double dot(double[] a, int aOff, double[] b, int bOff) {
        return K.dot(n, a, aOff, b, bOff);
    }

    @Override
    protected void unrolledJvp(double[] thetaDot, double[] xDot) {
        ensureDerivativeWorkspace();
        int steps = trajectory.steps() - 1;
        Arrays.fill(xDotCur, 0);
        if (steps < 0) {
            Arrays.fill(xDot, 0);
            return;
        }
        gradientTangent(trajectory.row(0), xDotCur, thetaDot, gDotCur);
        for (int k = 0; k < steps; k++) {
            double[] row = trajectory.row(k);
            // ḋₖ = −ġₖ + β̇ₖdₖ₋₁ + βₖḋₖ₋₁ (dDotCur holds ḋₖ₋₁)
            double beta = row[betaOffset];
            if (row[activeOffset] != 0) {
                double betaDot = betaTangent(trajectory.row(k - 1), row, gDotCur, dDotCur);
                double[] prevRow = trajectory.row(k - 1);
                for (int i = 0; i < n; i++) {
                    dDotCur[i] = -gDotCur[i] + betaDot * prevRow[2 * n + i] + beta * dDotCur[i];
                }
            } else {
                for (int i = 0; i < n; i++) {
                    dDotCur[i] = -gDotCur[i];
                }
            }
            // ẋₖ₊₁ = ẋₖ + tₖḋₖ, ġₖ₊₁
            K.axpy(n, row[tOffset], dDotCur, 0, xDotCur, 0);
            gradientTangent(trajectory.row(k + 1), xDotCur, thetaDot, gDotNext);
            // keep ġₖ for β̇ₖ₊₁: swap so that gDotCur = ġₖ₊₁ and gDotPrevious (in gDotNext) = ġₖ
            double[] spare = gDotCur;
            gDotCur = gDotNext;
            gDotNext = spare;
        }
        System.arraycopy(xDotCur, 0, xDot, 0, n);
    }

    /**
     * β̇ₖ given rows k−1 (gₖ₋₁, dₖ₋₁) and k (gₖ), ġₖ = gDotCur, ġₖ₋₁ (held in gDotNext after the
     * swap) and ḋₖ₋₁ = dDotPrev.
     */
    private double betaTangent(double[] prevRow, double[] row, double[] gDot, double[] dDotPrev) {
        double[] gDotPrev = gDotNext;
        int gk = n;
        double beta = row[betaOffset];
        switch (formula) {
            case FLETCHER_REEVES: {
                double b = dot(prevRow, gk, prevRow, gk);
                return (2 * dot(row, gk, gDot, 0) - beta * 2 * dot(prevRow, gk, gDotPrev, 0)) / b;
            }
            case POLAK_RIBIERE: {
                double b = dot(prevRow, gk, prevRow, gk);
                // a = gₖᵀ(gₖ − gₖ₋₁): ȧ = ġₖᵀ(2gₖ − gₖ₋₁) − gₖᵀġₖ₋₁
                double aDot = 2 * dot(row, gk, gDot, 0) - dot(prevRow, gk, gDot, 0) - dot(row, gk, gDotPrev, 0);
                double bDot = 2 * dot(prevRow, gk, gDotPrev, 0);
                return (aDot - beta * bDot) / b;
            }
            default: {
                // b = dₖ₋₁ᵀ(gₖ − gₖ₋₁)
                double b = dot(prevRow, 2 * n, row, gk) - dot(prevRow, 2 * n, prevRow, gk);
                double aDot = 2 * dot(row, gk, gDot, 0) - dot(prevRow, gk, gDot, 0) - dot(row, gk, gDotPrev, 0);
                double bDot = dot(dDotPrev, 0, row, gk) - dot(dDotPrev, 0, prevRow, gk)
                        + dot(prevRow, 2 * n, gDot, 0) - dot(prevRow, 2 * n, gDotPrev, 0);
                return (aDot - beta * bDot) / b;
            }
        }
    }

    /**
     * In reverse over the blocks xₖ₊₁ = xₖ + tₖdₖ, gₖ₊₁ = ∇f(xₖ₊₁), βₖ₊₁ = β(gₖ₊₁, gₖ, dₖ),
     * dₖ₊₁ = −gₖ₊₁ + βₖ₊₁dₖ, each adjoint being complete when its block is reached.
     */
    @Override
    protected void unrolledVjp(double[] xBar, double[] thetaBar) {
        ensureDerivativeWorkspace();
        Arrays.fill(thetaBar, 0);
        int steps = trajectory.steps() - 1;
        if (steps < 0) {
            return;
        }
        System.arraycopy(xBar, 0, xBarNext, 0, n);
        Arrays.fill(gBarNext, 0);
        Arrays.fill(dBarNext, 0);
        for (int k = steps - 1; k >= 0; k--) {
            double[] row = trajectory.row(k);
            double[] next = trajectory.row(k + 1);
            Arrays.fill(xBarCur, 0);
            Arrays.fill(gBarCur, 0);
            Arrays.fill(dBarCur, 0);
            if (k + 1 < steps) {
                // dₖ₊₁ = −gₖ₊₁ + βₖ₊₁dₖ
                K.axpy(n, -1, dBarNext, 0, gBarNext, 0);
                double beta = next[betaOffset];
                K.axpy(n, beta, dBarNext, 0, dBarCur, 0);
                if (next[activeOffset] != 0) {
                    double betaBar = dot(dBarNext, 0, row, 2 * n);
                    betaAdjoint(betaBar, row, next);
                }
            }
            // gₖ₊₁ = ∇f(xₖ₊₁)
            linearizeAt(next);
            f.hessianVector(gBarNext, hv);
            K.axpy(n, 1, hv, 0, xBarNext, 0);
            f.mixedTransposeVector(gBarNext, thetaScratch);
            K.axpy(m, 1, thetaScratch, 0, thetaBar, 0);
            // xₖ₊₁ = xₖ + tₖdₖ
            K.axpy(n, 1, xBarNext, 0, xBarCur, 0);
            K.axpy(n, row[tOffset], xBarNext, 0, dBarCur, 0);
            double[] spare = xBarNext;
            xBarNext = xBarCur;
            xBarCur = spare;
            spare = gBarNext;
            gBarNext = gBarCur;
            gBarCur = spare;
            spare = dBarNext;
            dBarNext = dBarCur;
            dBarCur = spare;
        }
        // d₀ = −g₀, g₀ = ∇f(x₀) with x₀ given
        K.axpy(n, -1, dBarNext, 0, gBarNext, 0);
        linearizeAt(trajectory.row(0));
        f.mixedTransposeVector(gBarNext, thetaScratch);
        K.axpy(m, 1, thetaScratch, 0, thetaBar, 0);
    }

    /**
     * Adds β̄·∂β/∂(gₖ₊₁, gₖ, dₖ) to gBarNext, gBarCur and dBarCur, for βₖ₊₁ = β(gₖ₊₁, gₖ, dₖ)
     * with gₖ, dₖ in {@code row} and gₖ₊₁ in {@code next}.
     */
    private void betaAdjoint(double betaBar, double[] row, double[] next) {
        double beta = next[betaOffset];
        int gk = n;
        switch (formula) {
            case FLETCHER_REEVES: {
                double b = dot(row, gk, row, gk);
                for (int i = 0; i < n; i++) {
                    gBarNext[i] += betaBar * 2 * next[gk + i] / b;
                    gBarCur[i] -= betaBar * 2 * beta * row[gk + i] / b;
                }
                break;
            }
            case POLAK_RIBIERE: {
                double b = dot(row, gk, row, gk);
                for (int i = 0; i < n; i++) {
                    gBarNext[i] += betaBar * (2 * next[gk + i] - row[gk + i]) / b;
                    gBarCur[i] += betaBar * (-next[gk + i] - 2 * beta * row[gk + i]) / b;
                }
                break;
            }
            default: {
                double b = dot(row, 2 * n, next, gk) - dot(row, 2 * n, row, gk);
                for (int i = 0; i < n; i++) {
                    double dk = row[2 * n + i];
                    gBarNext[i] += betaBar * (2 * next[gk + i] - row[gk + i] - beta * dk) / b;
                    gBarCur[i] += betaBar * (-next[gk + i] + beta * dk) / b;
                    dBarCur[i] -= betaBar * beta * (next[gk + i] - row[gk + i]) / b;
                }
                break;
            }
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
    public NonlinearCG fork() {
        Builder b = new Builder(f.fork());
        b.options(options);
        b.formula = formula;
        b.stepsLike(fixedStep, lineSearch);
        b.restartEvery = restartEvery;
        b.powellRestart = powellRestart;
        return new NonlinearCG(b);
    }

    /** Builder of {@link NonlinearCG}; not thread-safe. */
    public static final class Builder extends LineSearchSolverBuilder<Builder> {
        private final Objective f;
        private Formula formula = Formula.POLAK_RIBIERE;
        private int restartEvery;
        private boolean powellRestart = true;

        private Builder(Objective f) {
            super(0.1);
            this.f = f;
        }

        @Override
        protected Builder self() {
            return this;
        }

        /** The formula for β (default Polak–Ribière+). */
        public Builder formula(Formula value) {
            if (value == null) {
                throw new org.rootgrad.error.InvalidOptionException("formula must not be null");
            }
            this.formula = value;
            return this;
        }

        /** Restart with −∇f every {@code iterations} iterations (≥ 1; default n). */
        public Builder restartEvery(int iterations) {
            Checks.atLeastOne("restartEvery", iterations);
            this.restartEvery = iterations;
            return this;
        }

        /** Restart when |gₖᵀgₖ₋₁| ≥ 0.2‖gₖ‖² (Powell; default true). */
        public Builder powellRestart(boolean value) {
            this.powellRestart = value;
            return this;
        }

        @Override
        public NonlinearCG build() {
            return new NonlinearCG(this);
        }
    }
}
