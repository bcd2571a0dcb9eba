package org.rootgrad.solvers.constrained;

import org.rootgrad.autodiff.Function;

/**
 * A vector of constraint functions c(x, θ) ∈ Rᵏ of a variable x ∈ Rⁿ and parameters θ ∈ Rᵐ, with
 * the products a KKT system needs: the Jacobians Jₓ = ∂ₓc (k×n) and J_θ = ∂θc (k×m) applied to
 * vectors, and the curvature of a weighted sum wᵀc, whose Hessian Σᵢ wᵢ∇²ₓₓcᵢ enters the
 * Hessian of the Lagrangian (w being the multipliers) and whose mixed derivative Σᵢ wᵢ∇²ₓθcᵢ
 * enters ∂θ of the stationarity condition.
 *
 * <p>Products are taken at the point fixed by the last {@link #linearize} call. Affine
 * constraints ({@link #isAffineInX()}) have no x-curvature: {@link #curvatureVector} writes
 * zeros and callers may skip it.
 *
 * <p>Threading: an instance holds its linearisation point and scratch memory, so it is per
 * thread; {@link #fork()} gives an independent one. No method retains its array arguments.
 */
public interface Constraints {

    /** n, the size of x. */
    int dimension();

    /** m, the size of θ (0 when the constraints do not depend on parameters). */
    int parameterDimension();

    /** k, the number of constraints. */
    int count();

    /** Whether c is affine in x (so Σᵢ wᵢ∇²ₓₓcᵢ = 0 for every w). */
    boolean isAffineInX();

    /** out ← c(x, θ) (k elements). */
    void evaluate(double[] x, double[] theta, double[] out);

    /**
     * value (k) ← c(x, θ) and out (n) ← Jₓᵀw at (x, θ), without moving the linearisation point:
     * what evaluating a stationarity residual needs.
     */
    void valueAndVjpX(double[] x, double[] theta, double[] w, double[] value, double[] out);

    /** Fixes (x, θ) for the products; the arrays are copied, not retained. */
    void linearize(double[] x, double[] theta);

    /** out (k) ← Jₓ v, v of n elements. */
    void jvpX(double[] v, double[] out);

    /** out (n) ← Jₓᵀ w, w of k elements. */
    void vjpX(double[] w, double[] out);

    /** out (k) ← J_θ u, u of m elements. */
    void jvpTheta(double[] u, double[] out);

    /** out (m) ← J_θᵀ w, w of k elements. */
    void vjpTheta(double[] w, double[] out);

    /** out (n) ← (Σᵢ wᵢ∇²ₓₓcᵢ) v: the constraints' share of the Lagrangian's Hessian. */
    void curvatureVector(double[] w, double[] v, double[] out);

    /** out (n) ← (Σᵢ wᵢ∇²ₓθcᵢ) u = ∂θ(Jₓᵀw) · u, u of m elements. */
    void mixedCurvatureVector(double[] w, double[] u, double[] out);

    /** out (m) ← (Σᵢ wᵢ∇²ₓθcᵢ)ᵀ v = ∂ₓ(J_θᵀw) · v, v of n elements. */
    void mixedCurvatureTransposeVector(double[] w, double[] v, double[] out);

    /** An independent instance for another thread, sharing immutable data. */
    Constraints fork();

    // ---- factories -----------------------------------------------------------------------------

    /**
     * Constraints recorded on a tape: output (a vector of k elements) of {@code f}, whose inputs
     * are exactly x ({@code xInput}) and θ ({@code thetaInput}, or −1 for none). Jacobian
     * products are tangent and reverse sweeps; the curvature products are the tape's second-order
     * sweeps along the cotangent w (forward-over-reverse), so nonlinear constraints (an ellipse, a
     * norm ball) get their exact curvature. One workspace per instance.
     *
     * @throws org.rootgrad.error.InvalidOptionException if the inputs are not exactly x and θ
     */
    static Constraints recorded(Function f, int xInput, int thetaInput) {
        return new RecordedConstraints(f, xInput, thetaInput);
    }

    /**
     * Fixed affine constraints c(x) = Ax − b with A (k×n, row-major) and b (k) held by
     * reference (later writes are seen): no parameters, no curvature.
     *
     * @throws org.rootgrad.error.DimensionMismatchException if A or b has the wrong length
     * @throws org.rootgrad.error.NonFiniteException if A or b holds a NaN or an infinity
     */
    static Constraints affine(int k, int n, double[] a, double[] b) {
        return new AffineConstraints(k, n, a, b);
    }
}
