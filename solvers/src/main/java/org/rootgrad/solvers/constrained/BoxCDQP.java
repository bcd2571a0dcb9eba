package org.rootgrad.solvers.constrained;

import org.rootgrad.error.Checks;
import org.rootgrad.error.DimensionMismatchException;
import org.rootgrad.error.IndefiniteOperatorException;
import org.rootgrad.error.InvalidOptionException;
import org.rootgrad.error.NonFiniteException;
import org.rootgrad.error.Status;
import org.rootgrad.implicit.RootFunction;
import org.rootgrad.solvers.SolverBuilder;
import org.rootgrad.solvers.SolverOptions;
import org.rootgrad.solvers.SolverResult;

/**
 * The box-constrained quadratic program min ½xᵀQx + cᵀx s.t. l ≤ x ≤ u (Q symmetric positive
 * definite n×n, bounds possibly infinite) by cyclic coordinate descent: each coordinate in turn
 * is set to its exact minimiser clip(xᵢ − (Qx + c)ᵢ/Qᵢᵢ, lᵢ, uᵢ), and the gradient Qx + c is
 * updated by one row of Q (recomputed from scratch every 32 sweeps against drift). A sweep costs
 * O(n²) like one product with Q. Stops when the fixed-point residual
 * ‖x − clip(x − (Qx + c), l, u)‖∞ ≤ tolerance.
 *
 * <p><b>Parameters.</b> θ = (Q (n·n, row-major) | c (n) | l (n) | u (n)), m = n² + 3n, packed by
 * {@link #parameters}; l and u may hold ±∞ (no bound) but not NaN, with lᵢ ≤ uᵢ. The solution is
 * x (n).
 *
 * <p><b>Derivatives.</b> The optimality condition is the fixed point
 * F(x, θ) = clip(x − (Qx + c), l, u) − x. With active-set reduction (the default) the derivative
 * is solved on the free set F only: ∂x*(θ)/∂c = −(Q_FF)⁻¹ on F and 0 on the bound coordinates,
 * which move with their bound — a positive definite system (conjugate gradients, or a Cholesky-free
 * LU of Q_FF with {@link DerivativeMethod#DIRECT}). Without it, the full non-symmetric fixed-point
 * Jacobian is solved by GMRES. Both give the same derivative under strict complementarity.
 *
 * <p>Not thread-safe; {@link #fork()} for another thread.
 */
public final class BoxCDQP extends AbstractConstrainedSolver {
    private static final int REFRESH = 32;

    private final int size;
    private final BoxQpCondition full;
    private final BoxQpReducedCondition reduced;
    private final double[] x;
    private final double[] g;
    private final double[] lastGood;

    private BoxCDQP(Builder b) {
        super("BoxCDQP", b.n, b.n * b.n + 3 * b.n, b.options(), b.derivativeMethod, b.activeSetReduction);
        this.size = b.n;
        this.full = new BoxQpCondition(b.n);
        this.reduced = new BoxQpReducedCondition(b.n);
        this.x = new double[b.n];
        this.g = new double[b.n];
        this.lastGood = new double[b.n];
    }

    /**
     * A builder for n variables; defaults: {@link SolverOptions#defaults()} (tolerance 1e-8,
     * 500 sweeps), Krylov derivatives with active-set reduction.
     */
    public static Builder builder(int n) {
        Checks.nonNegative("n", n);
        return new Builder(n);
    }

    /**
     * Packs θ = (Q | c | l | u).
     *
     * @throws DimensionMismatchException unless Q has n² elements and l, u have n = c.length
     */
    public static double[] parameters(double[] q, double[] c, double[] lower, double[] upper) {
        if (c == null) {
            throw new DimensionMismatchException("c must not be null");
        }
        int n = c.length;
        Checks.length("Q", q, n * n);
        Checks.length("lower", lower, n);
        Checks.length("upper", upper, n);
        double[] theta = new double[n * n + 3 * n];
        System.arraycopy(q, 0, theta, 0, n * n);
        System.arraycopy(c, 0, theta, n * n, n);
        System.arraycopy(lower, 0, theta, n * n + n, n);
        System.arraycopy(upper, 0, theta, n * n + 2 * n, n);
        return theta;
    }

    public int offsetQ() {
        return 0;
    }

    public int offsetC() {
        return size * size;
    }

    public int offsetLower() {
        return size * size + size;
    }

    public int offsetUpper() {
        return size * size + 2 * size;
    }

    /** Free coordinates at the last derivative's linearisation (reduced mode), for diagnostics. */
    public int freeCount() {
        return reduced.freeCount();
    }

    @Override
    public RootFunction optimalityCondition() {
        return full;
    }

    @Override
    protected RootFunction reducedCondition() {
        return reduced;
    }

    /**
     * @throws NonFiniteException if Q or c holds a NaN or an infinity, or a bound is NaN
     * @throws InvalidOptionException if lᵢ &gt; uᵢ, lᵢ = +∞ or uᵢ = −∞
     * @throws IndefiniteOperatorException if some Qᵢᵢ ≤ 0 (Q is not positive definite)
     */
    @Override
    protected void checkTheta(double[] theta) {
        int n = size;
        Checks.finite("theta (Q and c)", theta, 0, n * n + n);
        for (int i = 0; i < n; i++) {
            double lo = theta[offsetLower() + i];
            double hi = theta[offsetUpper() + i];
            if (Double.isNaN(lo) || Double.isNaN(hi)) {
                throw new NonFiniteException("bounds of coordinate " + i + " are [" + lo + ", " + hi
                        + "]; a bound may be infinite but not NaN");
            }
            if (!(lo <= hi) || lo == Double.POSITIVE_INFINITY || hi == Double.NEGATIVE_INFINITY) {
                throw new InvalidOptionException("bounds of coordinate " + i + " are [" + lo + ", " + hi
                        + "]; need lower ≤ upper, lower < +∞, upper > −∞");
            }
            double d = theta[i * n + i];
            if (!(d > 0)) {
                throw new IndefiniteOperatorException("BoxCDQP: Q[" + i + "][" + i + "] = " + d
                        + "; Q must be positive definite (a positive diagonal)", i, d);
            }
        }
    }

    @Override
    protected void solve(double[] init, double[] theta, SolverResult out) {
        int n = size;
        int offC = offsetC();
        int offL = offsetLower();
        int offU = offsetUpper();
        for (int i = 0; i < n; i++) {
            x[i] = Math.min(Math.max(init[i], theta[offL + i]), theta[offU + i]);
        }
        BoxQpCondition.gradient(n, theta, x, g);
        double tol = options.tolerance();
        Status status = Status.MAX_ITERATIONS;
        double err = residual(theta);
        int sweeps = 0;
        if (err <= tol) {
            status = Status.CONVERGED;
        } else if (!Double.isFinite(err)) {
            status = Status.NON_FINITE;
        }
        System.arraycopy(x, 0, lastGood, 0, n);
        while (status == Status.MAX_ITERATIONS && sweeps < options.maxIterations()) {
            for (int i = 0; i < n; i++) {
                int row = i * n;
                double xi = x[i];
                double next = Math.min(Math.max(xi - g[i] / theta[row + i], theta[offL + i]), theta[offU + i]);
                double delta = next - xi;
                if (delta != 0) {
                    x[i] = next;
                    // g += δ·Q[:, i], read as row i (Q symmetric, rows contiguous)
                    for (int j = 0; j < n; j++) {
                        g[j] += delta * theta[row + j];
                    }
                }
            }
            sweeps++;
            if (sweeps % REFRESH == 0) {
                BoxQpCondition.gradient(n, theta, x, g);
            }
            err = residual(theta);
            if (!Double.isFinite(err)) {
                status = Status.NON_FINITE;
                System.arraycopy(lastGood, 0, x, 0, n); // never a NaN as an answer
                break;
            }
            System.arraycopy(x, 0, lastGood, 0, n);
            if (err <= tol) {
                // confirm against an exact gradient before claiming convergence
                BoxQpCondition.gradient(n, theta, x, g);
                err = residual(theta);
                if (err <= tol) {
                    status = Status.CONVERGED;
                }
            }
        }
        System.arraycopy(x, 0, out.solution(), 0, n);
        double value = 0;
        for (int i = 0; i < n; i++) {
            value += 0.5 * x[i] * (g[i] + theta[offC + i]);
        }
        out.finish(status, sweeps, err, tol, status == Status.NON_FINITE ? Double.NaN : value);
    }

    /** ‖x − clip(x − g, l, u)‖∞ with the current gradient g. */
    private double residual(double[] theta) {
        int offL = offsetLower();
        int offU = offsetUpper();
        double r = 0;
        for (int i = 0; i < size; i++) {
            double v = Math.min(Math.max(x[i] - g[i], theta[offL + i]), theta[offU + i]);
            double d = Math.abs(x[i] - v);
            if (!(d <= r)) {
                r = Double.isNaN(d) ? Double.NaN : d;
                if (Double.isNaN(d)) {
                    return d;
                }
            }
        }
        return r;
    }

    @Override
    public BoxCDQP fork() {
        Builder b = new Builder(size);
        b.options(options);
        b.derivativeMethod = derivativeMethod;
        b.activeSetReduction = activeSetReduction;
        return new BoxCDQP(b);
    }

    /**
     * Builder of {@link BoxCDQP}; not thread-safe. The tolerance bounds the fixed-point residual
     * (default 1e-8) and the iteration limit counts sweeps (default 500); derivatives are
     * implicit only.
     */
    public static final class Builder extends SolverBuilder<Builder> {
        private final int n;
        private DerivativeMethod derivativeMethod = DerivativeMethod.KRYLOV;
        private boolean activeSetReduction = true;

        private Builder(int n) {
            this.n = n;
        }

        @Override
        protected Builder self() {
            return this;
        }

        /** How derivatives are solved (default {@link DerivativeMethod#KRYLOV}). */
        public Builder derivativeMethod(DerivativeMethod value) {
            if (value == null) {
                throw new InvalidOptionException("derivative method must not be null");
            }
            this.derivativeMethod = value;
            return this;
        }

        /** Solve derivatives on the free set only (default true). */
        public Builder activeSetReduction(boolean value) {
            this.activeSetReduction = value;
            return this;
        }

        @Override
        public BoxCDQP build() {
            return new BoxCDQP(this);
        }
    }
}
