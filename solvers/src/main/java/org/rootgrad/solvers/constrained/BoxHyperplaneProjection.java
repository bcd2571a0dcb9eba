package org.rootgrad.solvers.constrained;

import org.rootgrad.error.Checks;
import org.rootgrad.error.InvalidOptionException;
import org.rootgrad.error.NonFiniteException;
import org.rootgrad.error.UnsupportedDerivativeException;
import org.rootgrad.solvers.projection.JacobianStructure;
import org.rootgrad.solvers.projection.Projection;

/**
 * The Euclidean projection onto the intersection of a box and a hyperplane,
 * {x : l ≤ x ≤ u, aᵀx = β}, through its one-dimensional dual: P(v) = clip(v − τa, l, u) with the
 * multiplier τ the root of the non-increasing piecewise-linear φ(τ) = aᵀclip(v − τa, l, u) − β.
 * The root is found inside this class (the solvers module's Bisection had not landed when it was
 * written): a bracket grown by doubling, then bisection on τ in which every midpoint's free set
 * proposes the exact root of its linear piece, τ = (Σ_F aᵢvᵢ + Σ_{A} aᵢbᵢ − β)/Σ_F aᵢ², accepted
 * as soon as it reproduces that free set, so it ends exact after at most as many halvings as it
 * takes to isolate one of the 2n + 1 pieces. O(n) per step, no allocation.
 *
 * <p><b>Parameters.</b> θ = (l (n) | u (n) | a (n) | β), k = 3n + 1. Bounds may be infinite
 * (not NaN) with lᵢ ≤ uᵢ; a ≠ 0; the set must be non-empty
 * (min over the box of aᵀx ≤ β ≤ max), else {@link InvalidOptionException}.
 *
 * <p><b>Derivatives</b> (closed form on the free set F = {lᵢ &lt; xᵢ &lt; uᵢ}): with
 * γ = 1/Σ_F aᵢ², ∂ᵥP = D − γ(Da)(Da)ᵀ, D = diag(1_F) — {@link JacobianStructure#DIAGONAL_MINUS_RANK_ONE};
 * in θ, τ̇ = γ(ȧᵀx − τa_Fᵀȧ_F + a_Aᵀḃ_A − β̇), ẋ_F = −τ̇a_F − τȧ_F and ẋ_A = ḃ_A (the bound each
 * bound coordinate sits on). Where Σ_F aᵢ² = 0 the projection is not differentiable in this way
 * and {@link #linearize} throws {@link UnsupportedDerivativeException}.
 *
 * <p>Not thread-safe (linearisation state); {@link #fork()} for another thread.
 */
public final class BoxHyperplaneProjection implements Projection {
    private static final int MAX_STEPS = 2200;

    private final int n;
    private final int k;
    // linearisation state
    private final double[] x;
    private final double[] a;
    private final int[] side;
    private double tau;
    private double gamma;
    private boolean linearized;
    private int lastSteps;

    private BoxHyperplaneProjection(int n) {
        this.n = n;
        this.k = 3 * n + 1;
        this.x = new double[n];
        this.a = new double[n];
        this.side = new int[n];
    }

    /** The projection onto {l ≤ x ≤ u, aᵀx = β} in Rⁿ. */
    public static BoxHyperplaneProjection create(int n) {
        Checks.atLeastOne("n", n);
        return new BoxHyperplaneProjection(n);
    }

    /** Packs θ = (l | u | a | β). */
    public static double[] parameters(double[] lower, double[] upper, double[] a, double beta) {
        if (a == null) {
            throw new org.rootgrad.error.DimensionMismatchException("a must not be null");
        }
        int n = a.length;
        Checks.length("lower", lower, n);
        Checks.length("upper", upper, n);
        double[] theta = new double[3 * n + 1];
        System.arraycopy(lower, 0, theta, 0, n);
        System.arraycopy(upper, 0, theta, n, n);
        System.arraycopy(a, 0, theta, 2 * n, n);
        theta[3 * n] = beta;
        return theta;
    }

    @Override
    public int dimension() {
        return n;
    }

    @Override
    public int parameterDimension() {
        return k;
    }

    /** The dual variable τ of the last projection. */
    public double multiplier() {
        return tau;
    }

    /** Bisection steps the last projection took. */
    public int steps() {
        return lastSteps;
    }

    private void check(double[] v, double[] theta) {
        Checks.length("v", v, n);
        Checks.length("theta", theta, k);
        double normA = 0;
        double lowest = 0;
        double highest = 0;
        for (int i = 0; i < n; i++) {
            double lo = theta[i];
            double hi = theta[n + i];
            double ai = theta[2 * n + i];
            if (Double.isNaN(lo) || Double.isNaN(hi) || !Double.isFinite(ai)) {
                throw new NonFiniteException("box-hyperplane: coordinate " + i + " has bounds [" + lo + ", "
                        + hi + "] and a = " + ai + "; bounds may be infinite but not NaN, a must be finite");
            }
            if (!(lo <= hi) || lo == Double.POSITIVE_INFINITY || hi == Double.NEGATIVE_INFINITY) {
                throw new InvalidOptionException("box-hyperplane: bounds of coordinate " + i + " are [" + lo
                        + ", " + hi + "]; need lower ≤ upper, lower < +∞, upper > −∞");
            }
            normA = Math.max(normA, Math.abs(ai));
            if (ai != 0) {
                lowest += Math.min(ai * lo, ai * hi);
                highest += Math.max(ai * lo, ai * hi);
            }
        }
        double beta = theta[3 * n];
        Checks.finite("beta", beta);
        if (normA == 0) {
            throw new InvalidOptionException("box-hyperplane: a = 0 does not define a hyperplane");
        }
        if (!(lowest <= beta && beta <= highest)) {
            throw new InvalidOptionException("box-hyperplane: the set is empty: aᵀx ranges over [" + lowest
                    + ", " + highest + "] on the box but β = " + beta);
        }
    }

    private double phi(double[] v, double[] theta, double t) {
        double s = -theta[3 * n];
        for (int i = 0; i < n; i++) {
            double ai = theta[2 * n + i];
            s += ai * Math.min(Math.max(v[i] - t * ai, theta[i]), theta[n + i]);
        }
        return s;
    }

    /**
     * The exact root on the linear piece of t, or NaN when the piece has no free coordinate with
     * aᵢ ≠ 0.
     */
    private double pieceRoot(double[] v, double[] theta, double t) {
        double num = -theta[3 * n];
        double den = 0;
        for (int i = 0; i < n; i++) {
            double ai = theta[2 * n + i];
            double w = v[i] - t * ai;
            if (w <= theta[i]) {
                num += ai * theta[i];
            } else if (w >= theta[n + i]) {
                num += ai * theta[n + i];
            } else {
                num += ai * v[i];
                den += ai * ai;
            }
        }
        return den > 0 ? num / den : Double.NaN;
    }

    private double solve(double[] v, double[] theta) {
        check(v, theta);
        double scale = 1;
        for (int i = 0; i < n; i++) {
            scale += Math.abs(theta[2 * n + i] * v[i]);
        }
        double tol = 1e-14 * (scale + Math.abs(theta[3 * n]));
        double lo = -1;
        double hi = 1;
        int steps = 0;
        while (phi(v, theta, lo) < 0 && steps++ < MAX_STEPS / 2) {
            lo *= 2;
        }
        while (phi(v, theta, hi) > 0 && steps++ < MAX_STEPS / 2) {
            hi *= 2;
        }
        double best = 0.5 * (lo + hi);
        for (; steps < MAX_STEPS; steps++) {
            double mid = 0.5 * (lo + hi);
            double f = phi(v, theta, mid);
            double exact = pieceRoot(v, theta, mid);
            if (exact == exact && Math.abs(phi(v, theta, exact)) <= tol) {
                best = exact;
                break;
            }
            if (f == 0 || hi - lo <= 1e-16 * Math.max(Math.abs(lo), Math.abs(hi))) {
                best = mid;
                break;
            }
            if (f > 0) {
                lo = mid;
            } else {
                hi = mid;
            }
            best = mid;
        }
        lastSteps = steps;
        return best;
    }

    @Override
    public void project(double[] v, double[] theta, double[] out) {
        Checks.length("out", out, n);
        double t = solve(v, theta);
        for (int i = 0; i < n; i++) {
            out[i] = Math.min(Math.max(v[i] - t * theta[2 * n + i], theta[i]), theta[n + i]);
        }
        tau = t;
    }

    @Override
    public void linearize(double[] v, double[] theta) {
        linearized = false;
        tau = solve(v, theta);
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double ai = theta[2 * n + i];
            a[i] = ai;
            double w = v[i] - tau * ai;
            if (w <= theta[i]) {
                side[i] = -1;
                x[i] = theta[i];
            } else if (w >= theta[n + i]) {
                side[i] = 1;
                x[i] = theta[n + i];
            } else {
                side[i] = 0;
                x[i] = w;
                sum += ai * ai;
            }
        }
        if (!(sum > 0)) {
            throw new UnsupportedDerivativeException("box-hyperplane: no free coordinate with aᵢ ≠ 0 at this "
                    + "point (the projection is a vertex of the set): not differentiable");
        }
        gamma = 1 / sum;
        linearized = true;
    }

    private void requireLinearized() {
        if (!linearized) {
            throw new InvalidOptionException("box-hyperplane projection: call linearize(v, θ) first");
        }
    }

    @Override
    public void jvpV(double[] dv, double[] out) {
        requireLinearized();
        Checks.length("dv", dv, n);
        Checks.length("out", out, n);
        double s = 0;
        for (int i = 0; i < n; i++) {
            if (side[i] == 0) {
                s += a[i] * dv[i];
            }
        }
        s *= gamma;
        for (int i = 0; i < n; i++) {
            out[i] = side[i] == 0 ? dv[i] - s * a[i] : 0;
        }
    }

    @Override
    public void vjpV(double[] w, double[] out) {
        jvpV(w, out); // symmetric
    }

    @Override
    public void jvpTheta(double[] dTheta, double[] out) {
        requireLinearized();
        Checks.length("dTheta", dTheta, k);
        Checks.length("out", out, n);
        double c = -dTheta[3 * n];
        for (int i = 0; i < n; i++) {
            double da = dTheta[2 * n + i];
            c += da * x[i];
            if (side[i] == 0) {
                c -= tau * a[i] * da;
            } else {
                c += a[i] * (side[i] < 0 ? dTheta[i] : dTheta[n + i]);
            }
        }
        double tauDot = gamma * c;
        for (int i = 0; i < n; i++) {
            out[i] = side[i] == 0 ? -tauDot * a[i] - tau * dTheta[2 * n + i]
                    : side[i] < 0 ? dTheta[i] : dTheta[n + i];
        }
    }

    @Override
    public void vjpTheta(double[] w, double[] out) {
        requireLinearized();
        Checks.length("w", w, n);
        Checks.length("out", out, k);
        double s = 0;
        for (int i = 0; i < n; i++) {
            if (side[i] == 0) {
                s += w[i] * a[i];
            }
        }
        s *= gamma;
        java.util.Arrays.fill(out, 0);
        for (int i = 0; i < n; i++) {
            double abar = -s * x[i];
            if (side[i] == 0) {
                abar += s * tau * a[i] - tau * w[i];
            } else {
                out[(side[i] < 0 ? 0 : n) + i] = w[i] - s * a[i];
            }
            out[2 * n + i] = abar;
        }
        out[3 * n] = s;
    }

    @Override
    public JacobianStructure jacobianStructure() {
        return JacobianStructure.DIAGONAL_MINUS_RANK_ONE;
    }

    @Override
    public void jacobianDiagonal(double[] d) {
        requireLinearized();
        Checks.length("d", d, n);
        for (int i = 0; i < n; i++) {
            d[i] = side[i] == 0 ? 1 : 0;
        }
    }

    @Override
    public double jacobianRankOne(double[] u) {
        requireLinearized();
        Checks.length("u", u, n);
        for (int i = 0; i < n; i++) {
            u[i] = side[i] == 0 ? a[i] : 0;
        }
        return gamma;
    }

    @Override
    public BoxHyperplaneProjection fork() {
        return new BoxHyperplaneProjection(n);
    }

    @Override
    public String toString() {
        return "box ∩ hyperplane projection (n = " + n + ")";
    }
}
