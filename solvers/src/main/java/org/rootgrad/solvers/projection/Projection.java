package org.rootgrad.solvers.projection;

import org.rootgrad.error.DimensionMismatchException;
import org.rootgrad.error.InvalidOptionException;
import org.rootgrad.error.NonFiniteException;
import org.rootgrad.error.UnsupportedDerivativeException;

/**
 * The Euclidean projection P(v, θ) = argmin<sub>x ∈ C(θ)</sub> ½‖x − v‖² onto a closed set
 * C(θ) ⊂ Rⁿ that depends on k parameters θ (a radius, box bounds, a hyperplane's a and b; k may be
 * 0), with exact derivatives in both v and θ.
 *
 * <p><b>Derivatives.</b> {@link #linearize} fixes a point (v, θ) and computes what the products
 * share (the projection, its support, a threshold); the four products then cost O(n + k) each and
 * can be repeated many times, as a Krylov solve in the implicit module does:
 * <ul>
 *   <li>{@link #jvpV}: ∂ᵥP·dv (n → n), {@link #vjpV}: (∂ᵥP)ᵀ·w (n → n);</li>
 *   <li>{@link #jvpTheta}: ∂θP·dθ (k → n), {@link #vjpTheta}: (∂θP)ᵀ·w (n → k).</li>
 * </ul>
 * The directional derivative in v and θ together is the sum of the two JVPs. Where P is not
 * differentiable (v exactly on a kink: on a bound, at the threshold of a support, on the boundary
 * of a ball) each operator uses a documented element of the generalised Jacobian, the same one
 * in the JVP and the VJP, so that they stay adjoint. Unless an implementation says otherwise, a
 * kink is resolved towards the constrained piece (the bound is treated as active, the coordinate
 * as outside the support, the point as on the boundary), which gives the sparser Jacobian.
 *
 * <p><b>Structure.</b> {@link #jacobianStructure()} names the form of ∂ᵥP (a 0/1 mask, a
 * diagonal, diagonal minus rank one, ...); {@link #jacobianDiagonal} and {@link #jacobianRankOne}
 * give its numbers at the linearisation point.
 *
 * <p><b>Validation.</b> Every public method checks array lengths (throwing {@link
 * DimensionMismatchException} naming the argument); {@link #project} and {@link #linearize} also
 * check θ (NaN: {@link NonFiniteException}; infeasible values such as a negative radius or
 * lower &gt; upper: {@link InvalidOptionException}). The input v is not scanned: a NaN in v
 * propagates into the output. When k = 0, {@code theta} is ignored and may be {@code null}.
 *
 * <p><b>Aliasing.</b> In {@link #project}, {@code out} may be the same array as {@code v}; in
 * {@link #jvpV} and {@link #vjpV}, {@code out} may be the same array as the input vector.
 *
 * <p><b>Threading and allocation.</b> An instance holds its linearisation point and scratch
 * buffers (e.g. the simplex projection's work arrays), so it is not safe for concurrent use: call
 * {@link #fork()} to get an independent instance for another thread. No method allocates after
 * construction, and no method retains its array arguments.
 */
public interface Projection {

    /** n: the length of v and of P(v, θ). */
    int dimension();

    /** k: the number of parameters θ (0 when the set is fixed). */
    int parameterDimension();

    /**
     * out ← P(v, θ).
     *
     * @param v     the point to project, length n
     * @param theta the set's parameters, length k (ignored when k = 0)
     * @param out   the projection, length n; may be {@code v}
     * @throws DimensionMismatchException if a length is wrong
     * @throws NonFiniteException         if θ holds a NaN (or an infinity where it is not allowed)
     * @throws InvalidOptionException     if θ describes an empty or invalid set
     */
    void project(double[] v, double[] theta, double[] out);

    /**
     * Fixes the point (v, θ) at which the products and the structure accessors are evaluated. The
     * arrays are copied as needed, not retained.
     *
     * @throws DimensionMismatchException     if a length is wrong
     * @throws NonFiniteException             if θ holds a NaN
     * @throws InvalidOptionException         if θ describes an empty or invalid set
     * @throws UnsupportedDerivativeException if P has no usable derivative at v (the l2 sphere at
     *                                        v = 0)
     */
    void linearize(double[] v, double[] theta);

    /**
     * out ← ∂ᵥP · dv at the linearisation point.
     *
     * @param dv  a direction in v, length n
     * @param out length n; may be {@code dv}
     * @throws org.rootgrad.error.InvalidOptionException if {@link #linearize} has not been called
     */
    void jvpV(double[] dv, double[] out);

    /**
     * out ← (∂ᵥP)ᵀ · w at the linearisation point.
     *
     * @param w   a cotangent, length n
     * @param out length n; may be {@code w}
     * @throws org.rootgrad.error.InvalidOptionException if {@link #linearize} has not been called
     */
    void vjpV(double[] w, double[] out);

    /**
     * out ← ∂θP · dθ at the linearisation point (zero when k = 0).
     *
     * @param dTheta a direction in θ, length k (ignored when k = 0)
     * @param out    length n
     * @throws org.rootgrad.error.InvalidOptionException if {@link #linearize} has not been called
     */
    void jvpTheta(double[] dTheta, double[] out);

    /**
     * out ← (∂θP)ᵀ · w at the linearisation point (nothing is written when k = 0).
     *
     * @param w   a cotangent, length n
     * @param out length k (ignored when k = 0)
     * @throws org.rootgrad.error.InvalidOptionException if {@link #linearize} has not been called
     */
    void vjpTheta(double[] w, double[] out);

    /** The form of ∂ᵥP at every point; see {@link JacobianStructure}. */
    JacobianStructure jacobianStructure();

    /**
     * Writes the diagonal d of the structure of ∂ᵥP at the linearisation point: the diagonal of
     * J for {@link JacobianStructure#MASK} and {@link JacobianStructure#DIAGONAL}, the d in
     * J = diag(d) − γuuᵀ for {@link JacobianStructure#DIAGONAL_MINUS_RANK_ONE}.
     *
     * @param d length n
     * @throws UnsupportedDerivativeException for the forms without a diagonal description
     * @throws org.rootgrad.error.InvalidOptionException if {@link #linearize} has not been called
     */
    void jacobianDiagonal(double[] d);

    /**
     * Writes u and returns γ of the rank-one term in J = diag(d) − γuuᵀ at the linearisation
     * point. For the diagonal forms there is no such term: u is zeroed and 0 is returned.
     *
     * @param u length n
     * @return γ ≥ 0
     * @throws UnsupportedDerivativeException for the forms without a diagonal description
     * @throws org.rootgrad.error.InvalidOptionException if {@link #linearize} has not been called
     */
    double jacobianRankOne(double[] u);

    /** An independent instance for another thread, sharing immutable data but no scratch state. */
    Projection fork();

    // ---- factories ---------------------------------------------------------------------------

    /** The non-negative orthant {x ≥ 0}; k = 0; ∂ᵥP = diag(v &gt; 0). */
    static Projection nonNegative(int n) {
        return new NonNegativeProjection(n);
    }

    /**
     * The box {lower ≤ x ≤ upper} with the same scalar bounds for every coordinate;
     * θ = [lower, upper] (k = 2). Bounds may be infinite (one-sided boxes) but must satisfy
     * lower ≤ upper, lower &lt; +∞ and upper &gt; −∞.
     */
    static Projection box(int n) {
        return new BoxProjection(n, BoxProjection.Bounds.SCALAR);
    }

    /**
     * The box {lower ≤ x ≤ upper} with bounds per coordinate; θ = [lower₀..lowerₙ₋₁,
     * upper₀..upperₙ₋₁] (k = 2n). Bounds may be infinite, as in {@link #box(int)}.
     */
    static Projection boxPerCoordinate(int n) {
        return new BoxProjection(n, BoxProjection.Bounds.PER_COORDINATE);
    }

    /** The hypercube [0, 1]ⁿ; k = 0. */
    static Projection hypercube(int n) {
        return new BoxProjection(n, BoxProjection.Bounds.UNIT);
    }

    /**
     * The simplex {x ≥ 0, Σx = s}; θ = [s] with s ≥ 0 (k = 1). Condat's O(n) expected-time
     * algorithm, allocation-free. ∂ᵥP = diag(m) − mmᵀ/|S| with m the indicator of the support S.
     */
    static Projection simplex(int n) {
        return new SimplexProjection(n);
    }

    /**
     * Every row of a rows × cols matrix (row-major, n = rows·cols) onto the simplex
     * {x ≥ 0, Σx = s}, with one shared θ = [s], s ≥ 0 (k = 1): the feasible set of the multiclass
     * SVM dual. ∂ᵥP is block diagonal with one simplex block per row ({@link
     * JacobianStructure#SYMMETRIC}, or the simplex's form when rows = 1).
     */
    static Projection simplexRows(int rows, int cols) {
        return new SimplexRowsProjection(rows, cols);
    }

    /** The l1 ball {‖x‖₁ ≤ r}; θ = [r] with r ≥ 0 (k = 1); via the simplex projection of |v|. */
    static Projection l1Ball(int n) {
        return new L1BallProjection(n);
    }

    /** The l2 ball {‖x‖₂ ≤ r}; θ = [r] with r ≥ 0 (k = 1). */
    static Projection l2Ball(int n) {
        return new L2BallProjection(n, false);
    }

    /**
     * The l2 sphere {‖x‖₂ = r}; θ = [r] with r ≥ 0 (k = 1). Not convex: P(v) = r·v/‖v‖, and
     * P(0) = r·e₀ by convention, where P has no derivative (linearize throws for r &gt; 0).
     */
    static Projection l2Sphere(int n) {
        return new L2BallProjection(n, true);
    }

    /** The l∞ ball {‖x‖∞ ≤ r}; θ = [r] with r ≥ 0 (k = 1). */
    static Projection lInfBall(int n) {
        return new LInfBallProjection(n);
    }

    /** The hyperplane {aᵀx = b}; θ = [a₀..aₙ₋₁, b] (k = n + 1), a ≠ 0. */
    static Projection hyperplane(int n) {
        return new HyperplaneProjection(n, false);
    }

    /** The halfspace {aᵀx ≤ b}; θ = [a₀..aₙ₋₁, b] (k = n + 1), a ≠ 0. */
    static Projection halfspace(int n) {
        return new HyperplaneProjection(n, true);
    }
}
