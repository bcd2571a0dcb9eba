package org.rootgrad.solvers.prox;

import org.rootgrad.error.DimensionMismatchException;
import org.rootgrad.error.InvalidOptionException;
import org.rootgrad.error.NonFiniteException;
import org.rootgrad.error.UnsupportedDerivativeException;
import org.rootgrad.solvers.projection.JacobianStructure;
import org.rootgrad.solvers.projection.Projection;

/**
 * The proximal operator prox<sub>η g(·, θ)</sub>(v) = argmin<sub>x</sub> ½‖x − v‖² + η·g(x, θ)
 * of a convex function g on Rⁿ with k parameters θ (a regularisation strength, ...), for a step
 * η &gt; 0, with exact derivatives in v, θ and η. Proximal gradient's optimality condition
 * F(x, θ) = prox<sub>ηg</sub>(x − η∇f(x), θ<sub>g</sub>) − x is differentiated through these.
 *
 * <p><b>Derivatives.</b> {@link #linearize} fixes (v, θ, η) and computes what the products share
 * (support, signs, shrink factors); then {@link #jvpV}/{@link #vjpV} (∂ᵥprox, n → n),
 * {@link #jvpTheta} (∂θprox, k → n), {@link #vjpTheta} (n → k) and {@link #stepDerivative}
 * (∂prox/∂η, an n-vector) each cost O(n + k). At a kink (|vᵢ| exactly at a threshold, a group
 * norm exactly at its threshold, vᵢ = 0 for the non-negative variants) the coordinate or group
 * is treated as thresholded to zero: its rows of every derivative are 0. The same element of the
 * generalised Jacobian is used by the JVPs and the VJPs, so they are adjoint.
 *
 * <p><b>Structure.</b> ∂ᵥprox of a convex g is symmetric with eigenvalues in [0, 1];
 * {@link #jacobianStructure()} tells its form (a 0/1 mask for the lasso, a diagonal for the
 * elastic net and ridge, block diagonal for the group lasso, the projection's form for
 * {@link #of(Projection)}) and {@link #jacobianDiagonal}/{@link #jacobianRankOne} its numbers.
 *
 * <p><b>Validation.</b> Every public method checks lengths ({@link DimensionMismatchException}
 * naming the argument); {@link #apply} and {@link #linearize} also check θ and η: a NaN or
 * infinity throws {@link NonFiniteException}, a negative strength or η ≤ 0 throws {@link
 * InvalidOptionException}. The input v is not scanned: a NaN in v propagates into the output.
 * When k = 0, {@code theta} is ignored and may be {@code null}.
 *
 * <p><b>Aliasing.</b> In {@link #apply}, {@code out} may be {@code v}; in {@link #jvpV} and
 * {@link #vjpV}, {@code out} may be the input vector.
 *
 * <p><b>Threading and allocation.</b> An instance holds its linearisation point and scratch
 * buffers, so it is not safe for concurrent use: use {@link #fork()} for another thread. No method
 * allocates after construction, and no method retains its array arguments.
 */
public interface Prox {

    /** n: the length of v and of the output. */
    int dimension();

    /** k: the number of parameters θ of g (0 when g has none). */
    int parameterDimension();

    /**
     * out ← prox<sub>η g(·, θ)</sub>(v).
     *
     * @param v     length n
     * @param theta g's parameters, length k (ignored when k = 0)
     * @param step  η &gt; 0, finite
     * @param out   length n; may be {@code v}
     * @throws DimensionMismatchException if a length is wrong
     * @throws NonFiniteException         if θ or η is NaN or infinite
     * @throws InvalidOptionException     if θ is out of range (a negative strength) or η ≤ 0
     */
    void apply(double[] v, double[] theta, double step, double[] out);

    /**
     * Fixes (v, θ, η) for the products and structure accessors; arrays are copied as needed, not
     * retained. Throws as {@link #apply} does.
     */
    void linearize(double[] v, double[] theta, double step);

    /**
     * out ← ∂ᵥprox · dv at the linearisation point; dv and out have length n and may be the same.
     *
     * @throws org.rootgrad.error.InvalidOptionException if {@link #linearize} has not been called
     */
    void jvpV(double[] dv, double[] out);

    /**
     * out ← (∂ᵥprox)ᵀ · w at the linearisation point; w and out have length n and may be the same.
     *
     * @throws org.rootgrad.error.InvalidOptionException if {@link #linearize} has not been called
     */
    void vjpV(double[] w, double[] out);

    /**
     * out ← ∂θprox · dθ; dθ has length k (ignored when k = 0), out length n (zero when k = 0).
     *
     * @throws org.rootgrad.error.InvalidOptionException if {@link #linearize} has not been called
     */
    void jvpTheta(double[] dTheta, double[] out);

    /**
     * out ← (∂θprox)ᵀ · w; w has length n, out length k (nothing is written when k = 0).
     *
     * @throws org.rootgrad.error.InvalidOptionException if {@link #linearize} has not been called
     */
    void vjpTheta(double[] w, double[] out);

    /**
     * out ← ∂prox/∂η at the linearisation point (length n): the JVP for a unit change of the
     * step; the VJP with w is ⟨w, out⟩. Zero for the prox of an indicator.
     *
     * @throws org.rootgrad.error.InvalidOptionException if {@link #linearize} has not been called
     */
    void stepDerivative(double[] out);

    /** The form of ∂ᵥprox at every point; see {@link JacobianStructure}. */
    JacobianStructure jacobianStructure();

    /**
     * Writes the diagonal d of the structure of ∂ᵥprox at the linearisation point (see
     * {@link Projection#jacobianDiagonal}).
     *
     * @throws UnsupportedDerivativeException for the forms without a diagonal description
     */
    void jacobianDiagonal(double[] d);

    /**
     * Writes u and returns γ of J = diag(d) − γuuᵀ (zero u and 0 for the diagonal forms).
     *
     * @throws UnsupportedDerivativeException for the forms without a diagonal description
     */
    double jacobianRankOne(double[] u);

    /** An independent instance for another thread, sharing immutable data but no scratch state. */
    Prox fork();

    // ---- factories ---------------------------------------------------------------------------

    /** g = 0: prox = identity; k = 0. */
    static Prox none(int n) {
        return new IdentityProx(n);
    }

    /**
     * g = λ‖x‖₁ (soft thresholding); θ = [λ], λ ≥ 0. ∂ᵥprox = diag(|v| &gt; ηλ),
     * ∂prox/∂λ = −η·sign(v)·[|v| &gt; ηλ], ∂prox/∂η = −λ·sign(v)·[|v| &gt; ηλ].
     */
    static Prox lasso(int n) {
        return new LassoProx(n, LassoProx.Strength.SCALAR, null, false);
    }

    /**
     * g = λ Σ wᵢ|xᵢ| with fixed weights wᵢ ≥ 0 (the weighted lasso); θ = [λ]; n = weights.length.
     * The weights are copied.
     *
     * @throws NonFiniteException     if a weight is NaN or infinite
     * @throws InvalidOptionException if a weight is negative or there are none
     */
    static Prox lasso(double[] weights) {
        return new LassoProx(LassoProx.checkWeights(weights), LassoProx.Strength.SCALAR,
                weights.clone(), false);
    }

    /** g = Σ λᵢ|xᵢ| with a strength per coordinate; θ = λ ∈ Rⁿ (k = n), every λᵢ ≥ 0. */
    static Prox lassoPerCoordinate(int n) {
        return new LassoProx(n, LassoProx.Strength.PER_COORDINATE, null, false);
    }

    /**
     * g = λ Σxᵢ + ι(x ≥ 0) (the non-negative lasso): prox = max(v − ηλ, 0); θ = [λ], λ ≥ 0.
     */
    static Prox nonNegativeLasso(int n) {
        return new LassoProx(n, LassoProx.Strength.SCALAR, null, true);
    }

    /**
     * g = λ₁‖x‖₁ + (λ₂/2)‖x‖²; θ = [λ₁, λ₂], both ≥ 0: prox = soft(v, ηλ₁)/(1 + ηλ₂).
     */
    static Prox elasticNet(int n) {
        return new ElasticNetProx(n, false);
    }

    /**
     * JAXopt's {@code prox_elastic_net} parameterisation: g = λ(‖x‖₁ + (γ/2)‖x‖²); θ = [λ, γ],
     * both ≥ 0: prox = soft(v, ηλ)/(1 + ηλγ). The same as {@link #elasticNet} with λ₁ = λ,
     * λ₂ = λγ; derivatives are with respect to λ and γ.
     */
    static Prox elasticNetScaled(int n) {
        return new ElasticNetProx(n, true);
    }

    /**
     * The group lasso g = λ Σ_g ‖x_g‖₂ (block soft thresholding) over contiguous groups
     * [boundaries[g], boundaries[g+1]); θ = [λ], λ ≥ 0. boundaries[0] must be 0 and the
     * boundaries strictly increasing; n = the last boundary.
     *
     * @throws InvalidOptionException if the boundaries are malformed
     */
    static Prox groupLasso(int[] boundaries) {
        return GroupLassoProx.ofBoundaries(boundaries, null);
    }

    /**
     * The weighted group lasso g = λ Σ_g w_g‖x_g‖₂ over contiguous groups (see
     * {@link #groupLasso(int[])}), with fixed weights w_g ≥ 0, one per group (a common choice is
     * √|g|). The arrays are copied.
     */
    static Prox groupLasso(int[] boundaries, double[] groupWeights) {
        return GroupLassoProx.ofBoundaries(boundaries, groupWeights);
    }

    /**
     * The group lasso over groups given by a group id per coordinate: coordinate i belongs to
     * group groupOf[i] ∈ [0, G), where G = max id + 1; n = groupOf.length. θ = [λ]. Groups need
     * not be contiguous; an id that never occurs is an empty group.
     *
     * @throws InvalidOptionException if an id is negative
     */
    static Prox groupLassoByIds(int[] groupOf) {
        return GroupLassoProx.ofIds(groupOf, null);
    }

    /** As {@link #groupLassoByIds(int[])} with fixed weights w_g ≥ 0, one per group id. */
    static Prox groupLassoByIds(int[] groupOf, double[] groupWeights) {
        return GroupLassoProx.ofIds(groupOf, groupWeights);
    }

    /** g = (λ/2)‖x‖² (ridge): prox = v/(1 + ηλ); θ = [λ], λ ≥ 0. */
    static Prox ridge(int n) {
        return new RidgeProx(n, false);
    }

    /** g = (λ/2)‖x‖² + ι(x ≥ 0): prox = max(v, 0)/(1 + ηλ); θ = [λ], λ ≥ 0. */
    static Prox nonNegativeRidge(int n) {
        return new RidgeProx(n, true);
    }

    /**
     * The prox of the indicator of a set, which is its projection whatever η: θ = the
     * projection's parameters, ∂prox/∂η = 0, the Jacobian structure is the projection's. The
     * result owns the given instance: fork the projection first if it is used elsewhere.
     */
    static Prox of(Projection projection) {
        return new ProjectionProx(projection);
    }
}
