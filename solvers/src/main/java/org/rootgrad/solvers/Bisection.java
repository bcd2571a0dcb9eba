package org.rootgrad.solvers;

import org.rootgrad.error.Checks;
import org.rootgrad.error.DimensionMismatchException;
import org.rootgrad.error.InvalidOptionException;
import org.rootgrad.error.Status;
import org.rootgrad.error.UnsupportedDerivativeException;
import org.rootgrad.implicit.RootFunction;

/**
 * Bisection for a scalar root F(x, θ) = 0 (a {@link RootFunction} with n = 1) on a bracket
 * [lo, hi] where F changes sign: the midpoint replaces the end whose value has its sign, until
 * |F(x, θ)| ≤ tolerance (CONVERGED) or the bracket cannot be halved any more in floating point
 * (STAGNATED: the root is pinned to adjacent doubles but |F| there still exceeds the tolerance,
 * e.g. for a steep F). The initial point of {@link #run} is not used (the bracket is the start).
 *
 * <p><b>Derivatives are always implicit</b>: dx*(θ)/dθ = −∂θF/∂ₓF at the root. The iterates
 * depend on θ only through the signs of F — each midpoint is a fixed function of the bracket —
 * so the unrolled derivative of a bisection run is zero almost everywhere: it carries no
 * information, and {@code implicitDiff(false)} is refused with
 * {@link InvalidOptionException}.
 *
 * <p>Not thread-safe; {@link #fork()} for another thread.
 */
public final class Bisection extends AbstractSolver {
    private final RootFunction f;
    private final double lo;
    private final double hi;
    private final double[] point = new double[1];
    private final double[] value = new double[1];

    private Bisection(Builder b) {
        super("bisection", 1, b.f.parameterDimension(), b.options());
        this.f = b.f;
        this.lo = b.lo;
        this.hi = b.hi;
    }

    /**
     * A builder for bisection on the scalar root function {@code f}.
     *
     * @throws DimensionMismatchException if f is null or not scalar (n ≠ 1)
     */
    public static Builder builder(RootFunction f) {
        if (f == null) {
            throw new DimensionMismatchException("root function is null");
        }
        if (f.dimension() != 1) {
            throw new DimensionMismatchException("bisection needs a scalar root function (n = 1), got n = "
                    + f.dimension());
        }
        return new Builder(f);
    }

    @Override
    public RootFunction optimalityCondition() {
        return f;
    }

    /** The lower end of the bracket. */
    public double lower() {
        return lo;
    }

    /** The upper end of the bracket. */
    public double upper() {
        return hi;
    }

    private double evaluate(double x, double[] theta) {
        point[0] = x;
        f.evaluate(point, theta, value);
        return value[0];
    }

    /**
     * @throws InvalidOptionException if F(lo, θ) and F(hi, θ) have the same sign (no root is
     *         bracketed), whatever the failure policy: the bracket is an input error
     */
    @Override
    protected void solve(double[] init, double[] theta, SolverResult out) {
        double a = lo;
        double b = hi;
        double fa = evaluate(a, theta);
        double fb = evaluate(b, theta);
        double tol = options.tolerance();
        if (!Double.isFinite(fa) || !Double.isFinite(fb)) {
            out.solution()[0] = Double.isFinite(fa) ? b : a;
            out.finish(Status.NON_FINITE, 0, Double.isFinite(fa) ? fb : fa, tol, Double.NaN);
            return;
        }
        if (Math.abs(fa) <= tol || Math.abs(fb) <= tol) {
            boolean atLo = Math.abs(fa) <= Math.abs(fb);
            out.solution()[0] = atLo ? a : b;
            out.finish(Status.CONVERGED, 0, Math.abs(atLo ? fa : fb), tol, Double.NaN);
            return;
        }
        if ((fa > 0) == (fb > 0)) {
            throw new InvalidOptionException("bisection: the bracket [" + lo + ", " + hi + "] holds no sign change: F(lo) = "
                    + fa + " and F(hi) = " + fb + " have the same sign");
        }
        Status status;
        double mid;
        double err;
        int k = 0;
        while (true) {
            mid = a + 0.5 * (b - a);
            if (mid <= a || mid >= b) {
                // adjacent doubles: the end nearer to the root in value
                mid = Math.abs(fa) <= Math.abs(fb) ? a : b;
                err = Math.min(Math.abs(fa), Math.abs(fb));
                status = Status.STAGNATED;
                break;
            }
            double fm = evaluate(mid, theta);
            k++;
            err = Math.abs(fm);
            if (Double.isNaN(fm)) {
                status = Status.NON_FINITE;
                break;
            }
            if (err <= tol) {
                status = Status.CONVERGED;
                break;
            }
            if (k == options.maxIterations()) {
                status = Status.MAX_ITERATIONS;
                break;
            }
            if ((fm > 0) == (fa > 0)) {
                a = mid;
                fa = fm;
            } else {
                b = mid;
                fb = fm;
            }
        }
        out.solution()[0] = mid;
        out.finish(status, k, err, tol, Double.NaN);
    }

    @Override
    protected void unrolledJvp(double[] thetaDot, double[] xDot) {
        throw new UnsupportedDerivativeException("bisection differentiates implicitly only");
    }

    @Override
    protected void unrolledVjp(double[] xBar, double[] thetaBar) {
        throw new UnsupportedDerivativeException("bisection differentiates implicitly only");
    }

    @Override
    protected int unrolledSteps() {
        return 0;
    }

    @Override
    public Bisection fork() {
        Builder b = new Builder(f.fork());
        b.options(options);
        b.lo = lo;
        b.hi = hi;
        b.bracketSet = true;
        return new Bisection(b);
    }

    /** Builder of {@link Bisection}; not thread-safe. */
    public static final class Builder extends SolverBuilder<Builder> {
        private final RootFunction f;
        private double lo;
        private double hi;
        private boolean bracketSet;

        private Builder(RootFunction f) {
            this.f = f;
        }

        @Override
        protected Builder self() {
            return this;
        }

        /**
         * The bracket [lo, hi] (required), finite with lo < hi; F must change sign on it at
         * every θ it is run with.
         */
        public Builder bracket(double lower, double upper) {
            Checks.finite("lo", lower);
            Checks.finite("hi", upper);
            if (!(lower < upper)) {
                throw new InvalidOptionException("bracket: lo = " + lower + " must be less than hi = " + upper);
            }
            this.lo = lower;
            this.hi = upper;
            this.bracketSet = true;
            return this;
        }

        /**
         * @throws InvalidOptionException if no bracket was set or unrolled derivatives were
         *         asked for (bisection's are zero almost everywhere: only implicit ones exist)
         */
        @Override
        public Bisection build() {
            if (!bracketSet) {
                throw new InvalidOptionException("bisection needs a bracket: call bracket(lo, hi)");
            }
            if (!options().implicitDiff()) {
                throw new InvalidOptionException("bisection differentiates implicitly only: its iterates are "
                        + "piecewise constant in θ, so unrolled derivatives are zero; use implicitDiff(true)");
            }
            return new Bisection(this);
        }
    }
}
