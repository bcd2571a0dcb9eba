package org.rootgrad.autodiff;

/**
 * A scalar function f(x, θ) of a variable x ∈ Rⁿ and parameters θ ∈ Rᵐ, with exact first and
 * second derivatives. This is the contract between the layers: a recorded tape function adapts to
 * it, hand-written objectives implement it directly (so hot loops can bypass the tape), solvers
 * minimise it over x, and the implicit module differentiates its optimality condition ∇ₓf = 0
 * with respect to θ through the second-order products.
 *
 * <p>Second-order products are taken at the point fixed by the last {@link #linearize} call, so
 * that an implementation can cache what they share (curvature weights, forward values) across
 * the many products a Krylov solve needs.
 *
 * <p>Threading: an instance may hold scratch buffers and the linearisation point, so it is not
 * safe for concurrent use. Use {@link #fork()} to get an independent instance for another thread.
 * No method retains or modifies its array arguments, except the designated output.
 */
public interface Objective {

    /** n, the size of x. */
    int dimension();

    /** m, the size of θ (0 when f has no parameters). */
    int parameterDimension();

    /** f(x, θ). */
    double value(double[] x, double[] theta);

    /** Writes ∇ₓf(x, θ) into {@code gradient} (length n) and returns f(x, θ). */
    double valueAndGradient(double[] x, double[] theta, double[] gradient);

    /** Writes ∇ₓf(x, θ) into {@code gradient} (length n). */
    default void gradient(double[] x, double[] theta, double[] gradient) {
        valueAndGradient(x, theta, gradient);
    }

    /**
     * Fixes the point (x, θ) at which {@link #hessianVector}, {@link #mixedVector} and
     * {@link #mixedTransposeVector} are evaluated. The arrays are copied as needed, not retained.
     */
    void linearize(double[] x, double[] theta);

    /** out ← ∇²ₓₓf · v at the linearisation point; v and out have length n. */
    void hessianVector(double[] v, double[] out);

    /**
     * out ← ∇²ₓₓf · v at the linearisation point computed in single precision, and true, where
     * this objective can (the linear models, on a float copy of their data made on the first
     * call: a pass reads half the bytes); returns false and writes nothing otherwise, which is the
     * default. About seven significant digits instead of sixteen: for inner solves whose tolerance
     * is far above that, such as the truncated Newton steps of Newton–CG, never where a
     * derivative must be exact.
     *
     * @throws org.rootgrad.error.DimensionMismatchException if v or out has the wrong length
     */
    default boolean singlePrecisionHessianVector(double[] v, double[] out) {
        return false;
    }

    /**
     * Writes an approximation of the Hessian ∇²ₓₓf at the linearisation point into {@code out}
     * (n×n, row-major, symmetric) formed in single precision, and returns true, where this
     * objective forms one at less cost than {@link #hessian} (the logistic and Huber models, on
     * the float copy of their data that {@link #singlePrecisionHessianVector} uses: one weighted
     * Gram product at about twice the speed); returns false and writes nothing otherwise, which
     * is the default. Its entries are off by a few parts in 10⁷ of |X|ᵀ|D||X|: a preconditioner,
     * not a derivative. Implicit differentiation factors it and runs conjugate gradients with the
     * exact {@link #hessianVector}, which then converge to double precision in a few products.
     *
     * @throws org.rootgrad.error.DimensionMismatchException if out has the wrong length
     */
    default boolean singlePrecisionHessian(double[] out) {
        return false;
    }

    /**
     * What {@link #singlePrecisionHessian} costs, in {@link #hessianVector} products, once per
     * point in steady state (the float copy of the data is made once);
     * {@link Double#POSITIVE_INFINITY} (the default) when it does not form one.
     */
    default double singlePrecisionHessianCost() {
        return Double.POSITIVE_INFINITY;
    }

    /**
     * Writes the Hessian ∇²ₓₓf at the linearisation point into {@code out} (n×n, row-major, n²
     * elements) and returns true, when this objective forms it directly at less cost than n
     * {@link #hessianVector} products (the linear models: one weighted Gram product, or a Gram
     * matrix computed once for least squares); returns false and writes nothing otherwise, which
     * is the default. Dense Newton steps and dense direct implicit solves use it when it is
     * there and fall back to n products when it is not.
     *
     * @throws org.rootgrad.error.DimensionMismatchException if out has the wrong length
     */
    default boolean hessian(double[] out) {
        return false;
    }

    /**
     * What {@link #hessian} costs, in {@link #hessianVector} products, once per point in steady
     * state; {@link Double#POSITIVE_INFINITY} (the default) when it does not form the Hessian.
     * Implicit differentiation weighs it against the products of a Krylov solve when it picks a
     * linear solver.
     */
    default double hessianCost() {
        return Double.POSITIVE_INFINITY;
    }

    /**
     * out ← ∇²ₓθf · u = ∂/∂θ (∇ₓf) · u at the linearisation point; u has length m, out length n.
     */
    void mixedVector(double[] u, double[] out);

    /** out ← (∇²ₓθf)ᵀ · w at the linearisation point; w has length n, out length m. */
    void mixedTransposeVector(double[] w, double[] out);

    /**
     * An independent instance computing the same function, sharing immutable data (e.g. a data
     * matrix) but not scratch state, for use on another thread. Stateless implementations may
     * return {@code this}.
     */
    Objective fork();
}
