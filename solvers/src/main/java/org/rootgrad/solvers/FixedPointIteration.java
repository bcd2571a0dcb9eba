package org.rootgrad.solvers;

import java.util.Arrays;
import org.rootgrad.engine.ArrayKernels;
import org.rootgrad.error.DimensionMismatchException;
import org.rootgrad.error.InvalidOptionException;
import org.rootgrad.error.Status;
import org.rootgrad.implicit.FixedPointMap;
import org.rootgrad.implicit.RootFunction;

/**
 * Fixed-point iteration xₖ₊₁ = (1 − η)xₖ + ηT(xₖ, θ) for a {@link FixedPointMap} T (η = 1, plain
 * iteration, by default; η < 1 damps it). Converges when T is a contraction (and, damped, for
 * more maps: the spectrum of ∂ₓT must map into the unit disc under λ ↦ 1 − η + ηλ). Stops when
 * ‖T(xₖ, θ) − xₖ‖ ≤ tolerance; the solution is that xₖ.
 *
 * <p><b>Implicit derivatives</b>: optimality condition F = T − x ({@link RootFunction#fixedPoint}),
 * a general (or symmetric, if T says so) system solved by GMRES or MINRES.
 *
 * <p><b>Unrolled derivatives</b> are exact: ẋₖ₊₁ = (1 − η)ẋₖ + η(∂ₓT(xₖ)ẋₖ + ∂θT(xₖ)θ̇); the VJP
 * runs the transpose backwards. Memory: n doubles per iteration.
 *
 * <p>Not thread-safe; {@link #fork()} for another thread.
 */
public final class FixedPointIteration extends AbstractSolver {
    private static final ArrayKernels K = ArrayKernels.active();

    private final FixedPointMap map;
    private final RootFunction condition;
    private final double damping;
    private final double[] x;
    private final double[] tx;
    private final Trajectory trajectory;
    private double[] point;
    private double[] cur;
    private double[] scratch;
    private double[] thetaScratch;

    private FixedPointIteration(Builder b) {
        super("fixed-point iteration", b.map.dimension(), b.map.parameterDimension(), b.options());
        this.map = b.map;
        this.condition = RootFunction.fixedPoint(map);
        this.damping = b.damping;
        this.x = new double[n];
        this.tx = new double[n];
        this.trajectory = new Trajectory(n);
    }

    /** A builder for fixed-point iteration on {@code map}; default: no damping (η = 1). */
    public static Builder builder(FixedPointMap map) {
        if (map == null) {
            throw new DimensionMismatchException("fixed-point map is null");
        }
        return new Builder(map);
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
        double tol = options.tolerance();
        Status status = Status.MAX_ITERATIONS;
        double err;
        int k = 0;
        for (; ; k++) {
            map.apply(x, theta, tx);
            double ss = 0;
            for (int i = 0; i < n; i++) {
                double d = tx[i] - x[i];
                ss += d * d;
            }
            err = Math.sqrt(ss);
            if (!Double.isFinite(err)) {
                status = Status.NON_FINITE;
                break;
            }
            if (err <= tol) {
                status = Status.CONVERGED;
                break;
            }
            if (k == options.maxIterations()) {
                break;
            }
            if (record) {
                System.arraycopy(x, 0, trajectory.push(), 0, n);
            }
            for (int i = 0; i < n; i++) {
                x[i] += damping * (tx[i] - x[i]);
            }
        }
        System.arraycopy(x, 0, out.solution(), 0, n);
        out.finish(status, k, err, tol, Double.NaN);
    }

    private void ensureDerivativeWorkspace() {
        if (point == null) {
            point = new double[n];
            cur = new double[n];
            scratch = new double[n];
            thetaScratch = new double[m];
        }
    }

    private void linearizeAt(int k) {
        System.arraycopy(trajectory.row(k), 0, point, 0, n);
        map.linearize(point, lastTheta());
    }

    @Override
    protected void unrolledJvp(double[] thetaDot, double[] xDot) {
        ensureDerivativeWorkspace();
        Arrays.fill(cur, 0);
        for (int k = 0; k < trajectory.steps(); k++) {
            linearizeAt(k);
            map.jvpX(cur, scratch);
            for (int i = 0; i < n; i++) {
                cur[i] = (1 - damping) * cur[i] + damping * scratch[i];
            }
            map.jvpTheta(thetaDot, scratch);
            K.axpy(n, damping, scratch, 0, cur, 0);
        }
        System.arraycopy(cur, 0, xDot, 0, n);
    }

    @Override
    protected void unrolledVjp(double[] xBar, double[] thetaBar) {
        ensureDerivativeWorkspace();
        Arrays.fill(thetaBar, 0);
        System.arraycopy(xBar, 0, cur, 0, n);
        for (int k = trajectory.steps() - 1; k >= 0; k--) {
            linearizeAt(k);
            map.vjpTheta(cur, thetaScratch);
            K.axpy(m, damping, thetaScratch, 0, thetaBar, 0);
            map.vjpX(cur, scratch);
            for (int i = 0; i < n; i++) {
                cur[i] = (1 - damping) * cur[i] + damping * scratch[i];
            }
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
    public FixedPointIteration fork() {
        Builder b = new Builder(map.fork());
        b.options(options);
        b.damping = damping;
        return new FixedPointIteration(b);
    }

    /** Builder of {@link FixedPointIteration}; not thread-safe. */
    public static final class Builder extends SolverBuilder<Builder> {
        private final FixedPointMap map;
        private double damping = 1;

        private Builder(FixedPointMap map) {
            this.map = map;
        }

        @Override
        protected Builder self() {
            return this;
        }

        /** The damping η ∈ (0, 1]: xₖ₊₁ = (1 − η)xₖ + ηT(xₖ) (default 1). */
        public Builder damping(double eta) {
            if (!(eta > 0 && eta <= 1)) {
                throw InvalidOptionException.of("damping", eta, "in (0, 1]");
            }
            this.damping = eta;
            return this;
        }

        @Override
        public FixedPointIteration build() {
            return new FixedPointIteration(this);
        }
    }
}
