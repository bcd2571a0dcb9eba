package org.rootgrad.implicit;

import org.rootgrad.autodiff.Function;
import org.rootgrad.autodiff.Objective;
import org.rootgrad.autodiff.VectorMap;
import org.rootgrad.error.Checks;
import org.rootgrad.error.DimensionMismatchException;
import org.rootgrad.implicit.linear.Structure;

/**
 * A map T(x, θ) ∈ Rⁿ with x ∈ Rⁿ and θ ∈ Rᵐ whose fixed point x* = T(x*, θ) a solver finds. Its
 * fixed points are the roots of F(x, θ) = T(x, θ) − x ({@link RootFunction#fixedPoint}), so they
 * are differentiated through ∂ₓF = ∂ₓT − I and ∂θF = ∂θT.
 *
 * <p>Products are taken at the point fixed by the last {@link #linearize} call. An instance may
 * hold scratch buffers and its linearisation point, so it is not safe for concurrent use: use
 * {@link #fork()} for another thread.
 */
public interface FixedPointMap {

    /** n: the size of x and of T(x, θ). */
    int dimension();

    /** m: the size of θ. */
    int parameterDimension();

    /** out ← T(x, θ); out may not be x. */
    void apply(double[] x, double[] theta, double[] out);

    /** Fixes (x, θ) for the products below; the arrays are copied as needed, not retained. */
    void linearize(double[] x, double[] theta);

    /** out ← ∂ₓT · v. */
    void jvpX(double[] v, double[] out);

    /** out ← (∂ₓT)ᵀ · w. */
    void vjpX(double[] w, double[] out);

    /** out ← ∂θT · u; u has length m, out length n. */
    void jvpTheta(double[] u, double[] out);

    /** out ← (∂θT)ᵀ · w; w has length n, out length m. */
    void vjpTheta(double[] w, double[] out);

    /**
     * What is known of ∂ₓT: symmetric for gradient steps T = x − η∇f (then ∂ₓF = ∂ₓT − I is
     * symmetric too, and negative definite at a strict minimum with a small enough step).
     */
    Structure structureX();

    /** An independent instance for use on another thread, sharing immutable data. */
    FixedPointMap fork();

    /**
     * The gradient step T(x, θ) = x − η∇ₓf(x, θ), whose fixed points are f's stationary points:
     * ∂ₓT = I − η∇²ₓₓf, tagged symmetric; its condition T − x = −η∇ₓf has ∂ₓF = −η∇²ₓₓf,
     * negative definite at a strict minimum (so MINRES, GMRES or LU solve it, not CG). Products
     * are f's second-order products; f is per thread, like this map.
     *
     * @param eta the step η &gt; 0
     * @throws org.rootgrad.error.InvalidOptionException unless η is positive and finite
     */
    static FixedPointMap gradientStep(Objective f, double eta) {
        if (f == null) {
            throw new DimensionMismatchException("objective is null");
        }
        Checks.positive("eta", eta);
        return new GradientStep(f, eta);
    }

    /**
     * A map T(x, θ) recorded on a tape (output as long as x), with θ the concatenation of the
     * given inputs ({@link ParameterLayout#ofInputs}); {@code structureX} is the caller's claim
     * about ∂ₓT (GENERAL when unsure).
     *
     * @throws DimensionMismatchException if T's output is not as long as x
     * @throws org.rootgrad.error.InvalidOptionException if the inputs are not exactly x and θ's
     */
    static FixedPointMap fromTape(Function t, Structure structureX, int xInput, int... thetaInputs) {
        return TapeVectorFunction.of("FixedPointMap", t, structureX, xInput, thetaInputs);
    }

    /**
     * A map T(x, θ) from the autodiff module's {@link VectorMap}; {@code structureX} is the
     * caller's claim about ∂ₓT.
     *
     * @throws DimensionMismatchException if T's output is not as long as x
     */
    static FixedPointMap fromVectorMap(VectorMap t, Structure structureX) {
        return VectorMapFunction.of("FixedPointMap", t, structureX);
    }
}
