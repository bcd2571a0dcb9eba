package org.rootgrad.solvers;

import java.util.Arrays;
import org.rootgrad.engine.ArrayKernels;
import org.rootgrad.engine.MatrixKernels;
import org.rootgrad.engine.linalg.LU;
import org.rootgrad.error.DimensionMismatchException;
import org.rootgrad.error.Status;
import org.rootgrad.implicit.RootFunction;

/**
 * Broyden's ("good") method for a root of F(x, θ) = 0 ({@link RootFunction}), dense, for small
 * n: an approximation H of the inverse Jacobian (∂ₓF)⁻¹ gives the step p = −H·F(x); after the
 * step s = t·p with y = F(x + s) − F(x), H ← H + (s − Hy)(sᵀH)/(sᵀHy) (Sherman–Morrison form of
 * the rank-one secant update of the Jacobian; skipped when |sᵀHy| ≤ 10⁻¹²‖s‖‖Hy‖). H starts as
 * the inverse of the exact Jacobian at the initial point (n JVPs of F and an LU factorisation).
 * The step t is the largest 2⁻ʲ with ‖F(x + tp)‖ ≤ (1 − 10⁻⁴t)‖F(x)‖; when none is found within
 * 30 halvings, H is rebuilt from the exact Jacobian at x and the step retried once. Stops when
 * ‖F(x, θ)‖ ≤ tolerance. O(n²) per iteration after the O(n³) start; memory 2n² + O(n).
 *
 * <p><b>Implicit derivatives</b> go through F itself (its structure picks the Krylov method).
 *
 * <p><b>Unrolled derivatives</b> differentiate xₖ₊₁ = xₖ − tₖHₖF(xₖ, θ) with tₖ (from a discrete
 * set) and <em>Hₖ held fixed</em>: ẋₖ₊₁ = ẋₖ − tₖHₖ(∂ₓF·ẋₖ + ∂θF·θ̇). H₀'s derivative would need
 * second derivatives of F, which a {@link RootFunction} does not provide, and the secant updates
 * carry it on. The recurrence's fixed point is −(∂ₓF)⁻¹∂θF·θ̇, the implicit derivative, and it
 * contracts while Hₖ stays close to (∂ₓF)⁻¹ — as it does from an exact start near a regular
 * root. Memory: n + 1 + n² doubles per iteration.
 *
 * <p>Not thread-safe; {@link #fork()} for another thread.
 */
public final class Broyden extends AbstractSolver {
    private static final ArrayKernels K = ArrayKernels.active();
    private static final MatrixKernels MK = MatrixKernels.active();
    private static final double C = 1e-4;
    private static final int MAX_BACKTRACKS = 30;
    private static final double SKIP_UPDATE = 1e-12;

    private final RootFunction f;
    private final double[] h;
    private final double[] jac;
    private final LU lu;
    private final double[] x;
    private final double[] fx;
    private final double[] p;
    private final double[] trial;
    private final double[] fTrial;
    private final double[] s;
    private final double[] y;
    private final double[] hy;
    private final double[] sh;
    private final double[] unit;
    private final double[] column;
    private int jacobianEvaluations;

    // unrolled: row k = [xₖ, tₖ, Hₖ]
    private final Trajectory trajectory;
    private double[] point;
    private double[] cur;
    private double[] v;
    private double[] w;
    private double[] thetaScratch;

    private Broyden(Builder b) {
        super("Broyden", b.f.dimension(), b.f.parameterDimension(), b.options());
        if (b.f.dimension() < 1) {
            throw new DimensionMismatchException("Broyden needs n >= 1, got " + b.f.dimension());
        }
        this.f = b.f;
        this.h = new double[n * n];
        this.jac = new double[n * n];
        this.lu = new LU(n);
        this.x = new double[n];
        this.fx = new double[n];
        this.p = new double[n];
        this.trial = new double[n];
        this.fTrial = new double[n];
        this.s = new double[n];
        this.y = new double[n];
        this.hy = new double[n];
        this.sh = new double[n];
        this.unit = new double[n];
        this.column = new double[n];
        this.trajectory = new Trajectory(n + 1 + n * n);
    }

    /** A builder for Broyden's method on {@code f}. */
    public static Builder builder(RootFunction f) {
        if (f == null) {
            throw new DimensionMismatchException("root function is null");
        }
        return new Builder(f);
    }

    @Override
    public RootFunction optimalityCondition() {
        return f;
    }

    /** Exact Jacobians evaluated (and inverted) by the last run: 1 plus the restarts. */
    public int jacobianEvaluations() {
        return jacobianEvaluations;
    }

    @Override
    protected void solve(double[] init, double[] theta, SolverResult out) {
        boolean record = !options.implicitDiff();
        trajectory.clear();
        jacobianEvaluations = 0;
        System.arraycopy(init, 0, x, 0, n);
        f.evaluate(x, theta, fx);
        double err = K.nrm2(n, fx, 0);
        double tol = options.tolerance();
        Status status = Status.MAX_ITERATIONS;
        boolean fresh = false;
        int k = 0;
        for (; ; k++) {
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
            if (k == 0 && !fresh) {
                if (!exactInverse(theta)) {
                    status = Status.SINGULAR;
                    break;
                }
                fresh = true;
            }
            double t = backtrack(theta, err);
            if (t == 0 && !fresh) {
                if (!exactInverse(theta)) {
                    status = Status.SINGULAR;
                    break;
                }
                fresh = true;
                t = backtrack(theta, err);
            }
            if (t == 0) {
                // F non-finite even at the smallest trial step: F itself broke, not the step size
                status = lastTrialNonFinite ? Status.NON_FINITE : Status.LINE_SEARCH_FAILED;
                break;
            }
            if (record) {
                double[] row = trajectory.push();
                System.arraycopy(x, 0, row, 0, n);
                row[n] = t;
                System.arraycopy(h, 0, row, n + 1, n * n);
            }
            for (int i = 0; i < n; i++) {
                s[i] = t * p[i];
                y[i] = fTrial[i] - fx[i];
            }
            System.arraycopy(trial, 0, x, 0, n);
            System.arraycopy(fTrial, 0, fx, 0, n);
            err = K.nrm2(n, fx, 0);
            update();
            fresh = false;
        }
        if (record) {
            System.arraycopy(x, 0, trajectory.push(), 0, n);
        }
        System.arraycopy(x, 0, out.solution(), 0, n);
        out.finish(status, k, err, tol, Double.NaN);
    }

    /** H ← (∂ₓF(x, θ))⁻¹, from n JVPs and an LU factorisation; false if singular. */
    private boolean exactInverse(double[] theta) {
        jacobianEvaluations++;
        f.linearize(x, theta);
        for (int j = 0; j < n; j++) {
            unit[j] = 1;
            f.jvpX(unit, column);
            unit[j] = 0;
            for (int i = 0; i < n; i++) {
                jac[i * n + j] = column[i];
            }
        }
        if (!lu.tryFactor(jac, 0, n)) {
            return false;
        }
        for (int j = 0; j < n; j++) {
            unit[j] = 1;
            lu.solve(unit, column);
            unit[j] = 0;
            for (int i = 0; i < n; i++) {
                h[i * n + j] = column[i];
            }
        }
        return true;
    }

    /** p ← −H·F(x); the largest t = 2⁻ʲ with sufficient decrease of ‖F‖, leaving x + tp and F there in trial, fTrial; or 0. */
    /** Whether the last trial of the line search had a non-finite value. */
    private boolean lastTrialNonFinite;

    private double backtrack(double[] theta, double norm) {
        MK.gemv(n, n, -1, h, 0, n, fx, 0, 0, p, 0);
        double t = 1;
        for (int j = 0; j < MAX_BACKTRACKS; j++) {
            for (int i = 0; i < n; i++) {
                trial[i] = x[i] + t * p[i];
            }
            f.evaluate(trial, theta, fTrial);
            double normTrial = K.nrm2(n, fTrial, 0);
            lastTrialNonFinite = !Double.isFinite(normTrial);
            if (normTrial <= (1 - C * t) * norm) {
                return t;
            }
            t *= 0.5;
        }
        return 0;
    }

    /** The good Broyden update of H with the last s and y. */
    private void update() {
        MK.gemv(n, n, 1, h, 0, n, y, 0, 0, hy, 0);
        double denominator = K.dot(n, s, 0, hy, 0);
        if (!(Math.abs(denominator) > SKIP_UPDATE * K.nrm2(n, s, 0) * K.nrm2(n, hy, 0))) {
            return;
        }
        MK.gemvT(n, n, 1, h, 0, n, s, 0, 0, sh, 0);
        for (int i = 0; i < n; i++) {
            hy[i] = (s[i] - hy[i]) / denominator;
        }
        MK.ger(n, n, 1, hy, 0, sh, 0, h, 0, n);
    }

    // ---- unrolled derivatives -----------------------------------------------------------------

    private void ensureDerivativeWorkspace() {
        if (point == null) {
            point = new double[n];
            cur = new double[n];
            v = new double[n];
            w = new double[n];
            thetaScratch = new double[m];
        }
    }

    private void linearizeAt(double[] row) {
        System.arraycopy(row, 0, point, 0, n);
        f.linearize(point, lastTheta());
    }

    @Override
    protected void unrolledJvp(double[] thetaDot, double[] xDot) {
        ensureDerivativeWorkspace();
        Arrays.fill(cur, 0);
        int steps = trajectory.steps() - 1;
        for (int k = 0; k < steps; k++) {
            double[] row = trajectory.row(k);
            linearizeAt(row);
            f.jvpX(cur, v);
            f.jvpTheta(thetaDot, w);
            K.axpy(n, 1, w, 0, v, 0);
            MK.gemv(n, n, -row[n], row, n + 1, n, v, 0, 1, cur, 0);
        }
        System.arraycopy(cur, 0, xDot, 0, n);
    }

    @Override
    protected void unrolledVjp(double[] xBar, double[] thetaBar) {
        ensureDerivativeWorkspace();
        Arrays.fill(thetaBar, 0);
        System.arraycopy(xBar, 0, cur, 0, n);
        for (int k = trajectory.steps() - 2; k >= 0; k--) {
            double[] row = trajectory.row(k);
            MK.gemvT(n, n, -row[n], row, n + 1, n, cur, 0, 0, v, 0); // u = −t Hᵀ x̄
            linearizeAt(row);
            f.vjpX(v, w);
            K.axpy(n, 1, w, 0, cur, 0);
            f.vjpTheta(v, thetaScratch);
            K.axpy(m, 1, thetaScratch, 0, thetaBar, 0);
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
    public Broyden fork() {
        Builder b = new Builder(f.fork());
        b.options(options);
        return new Broyden(b);
    }

    /** Builder of {@link Broyden}; not thread-safe. */
    public static final class Builder extends SolverBuilder<Builder> {
        private final RootFunction f;

        private Builder(RootFunction f) {
            this.f = f;
        }

        @Override
        protected Builder self() {
            return this;
        }

        @Override
        public Broyden build() {
            return new Broyden(this);
        }
    }
}
