package org.rootgrad.implicit;

import org.rootgrad.autodiff.Function;
import org.rootgrad.autodiff.Objective;
import org.rootgrad.autodiff.VectorMap;
import org.rootgrad.error.DimensionMismatchException;
import org.rootgrad.implicit.linear.LinearOperator;
import org.rootgrad.implicit.linear.Structure;

/**
 * An optimality condition F(x, θ) ∈ Rⁿ with x ∈ Rⁿ and θ ∈ Rᵐ, whose root x*(θ) a solver finds.
 * By the implicit function theorem, with A = ∂ₓF and B = ∂θF at (x*, θ), ∂x*(θ)/∂θ = −A⁻¹B; all of
 * Rootgrad's implicit derivatives are built from the four products below.
 *
 * <p>Products are taken at the point fixed by the last {@link #linearize} call. An instance may
 * hold scratch buffers and its linearisation point, so it is not safe for concurrent use: use
 * {@link #fork()} for another thread. No method retains or modifies its array arguments except
 * the designated output.
 */
public interface RootFunction {

    /** n: the size of x and of F(x, θ). */
    int dimension();

    /** m: the size of θ. */
    int parameterDimension();

    /** out ← F(x, θ). */
    void evaluate(double[] x, double[] theta, double[] out);

    /** Fixes (x, θ) for the products below; the arrays are copied as needed, not retained. */
    void linearize(double[] x, double[] theta);

    /** out ← ∂ₓF · v (A v); v and out have length n. */
    void jvpX(double[] v, double[] out);

    /** out ← (∂ₓF)ᵀ · w (Aᵀ w); w and out have length n. */
    void vjpX(double[] w, double[] out);

    /** out ← ∂θF · u (B u); u has length m, out length n. */
    void jvpTheta(double[] u, double[] out);

    /** out ← (∂θF)ᵀ · w (Bᵀ w); w has length n, out length m. */
    void vjpTheta(double[] w, double[] out);

    /**
     * What {@link #jacobianX} costs, in {@link #jvpX} products, once per point in steady state
     * ({@link Objective#hessianCost} for a gradient condition); {@link Double#POSITIVE_INFINITY}
     * (the default) when F does not form A. The automatic choice of linear solver weighs it
     * against a Krylov solve's products ({@link ImplicitDiff#solverFor(Structure, int, double)}).
     */
    default double jacobianXCost() {
        return Double.POSITIVE_INFINITY;
    }

    /**
     * Writes A = ∂ₓF at the linearisation point into {@code out} (n×n, row-major, n² elements)
     * and returns true when this function forms it directly at less cost than n {@link #jvpX}
     * products (a gradient condition of an objective with {@link Objective#hessian}); returns
     * false and writes nothing otherwise (the default). Dense direct solvers use it to assemble
     * A.
     */
    default boolean jacobianX(double[] out) {
        return false;
    }

    /**
     * Writes an approximation of A = ∂ₓF at the linearisation point into {@code out} (n×n,
     * row-major) and returns true when F forms one at less cost than {@link #jacobianX} (a
     * gradient condition of an objective with {@link Objective#singlePrecisionHessian}); returns
     * false and writes nothing otherwise (the default). A preconditioner, never the derivative:
     * {@link org.rootgrad.implicit.linear.LinearSolver#approximateCholesky} factors it and
     * converges with exact products.
     */
    default boolean approximateJacobianX(double[] out) {
        return false;
    }

    /** What {@link #approximateJacobianX} costs, in {@link #jvpX} products; +∞ (the default) when F does not form one. */
    default double approximateJacobianXCost() {
        return Double.POSITIVE_INFINITY;
    }

    /** What is known of ∂ₓF at a root: symmetric for gradients, positive definite at strict minima. */
    Structure structureX();

    /** An independent instance for use on another thread, sharing immutable data. */
    RootFunction fork();

    /**
     * A = ∂ₓF (n×n) at this function's linearisation point as a matrix-free operator tagged with
     * {@link #structureX()}: apply is {@link #jvpX}, applyTranspose {@link #vjpX}, and its dense
     * matrix ({@link LinearOperator#denseMatrix}) comes from {@link #jacobianX} when F forms it.
     * A view: it follows later linearisations and is per thread like this function.
     */
    default LinearOperator jacobianXOperator() {
        return new JacobianOperator(this);
    }

    /**
     * B = ∂θF (n×m) at this function's linearisation point as a matrix-free operator: apply is
     * {@link #jvpTheta}, applyTranspose {@link #vjpTheta}. A view, per thread like this function.
     */
    default LinearOperator jacobianThetaOperator() {
        return LinearOperator.fromFunctions(dimension(), parameterDimension(), this::jvpTheta,
                this::vjpTheta, Structure.GENERAL);
    }

    /**
     * The stationarity condition F(x, θ) = ∇ₓf(x, θ) of an unconstrained minimisation: ∂ₓF is
     * the Hessian (symmetric positive definite at a strict minimum) and ∂θF the mixed second
     * derivative.
     */
    static RootFunction gradientOf(Objective f) {
        if (f == null) {
            throw new DimensionMismatchException("objective is null");
        }
        return new GradientCondition(f);
    }

    /**
     * The stationarity condition F = ∇ₓf of a scalar function f recorded on a tape, with θ the
     * concatenation of the given inputs ({@link ParameterLayout#ofInputs}): several tape
     * tensors (λ, a data matrix X, targets y) make one θ, so that θ̄ carries the gradients with
     * respect to each of them. Every product is one second-order sweep (one per non-zero θ part
     * for a mixed JVP, one per part for a mixed VJP). With one θ input it is the same as
     * {@code gradientOf(f.objective(xInput, thetaInput))}.
     *
     * @param f           a function with one output element
     * @param xInput      the input that is x
     * @param thetaInputs the inputs that make θ, in order; x and these must be all of f's inputs
     * @throws DimensionMismatchException if f's output is not a scalar
     * @throws org.rootgrad.error.InvalidOptionException if the inputs are not exactly x and θ's
     */
    static RootFunction gradientOf(Function f, int xInput, int... thetaInputs) {
        return new TapeGradientCondition(f, xInput, thetaInputs);
    }

    /**
     * A vector condition F(x, θ) recorded on a tape (output as long as x), with θ packed from
     * the given inputs as in {@link #gradientOf(Function, int, int...)}; ∂ₓF products are one
     * tangent or reverse sweep each. {@code structureX} is the caller's claim about ∂ₓF at a
     * root (GENERAL when unsure).
     *
     * @throws DimensionMismatchException if F's output is not as long as x
     * @throws org.rootgrad.error.InvalidOptionException if the inputs are not exactly x and θ's
     */
    static RootFunction fromTape(Function f, Structure structureX, int xInput, int... thetaInputs) {
        return TapeVectorFunction.of("RootFunction", f, structureX, xInput, thetaInputs);
    }

    /**
     * A condition F(x, θ) from the autodiff module's {@link VectorMap} (made by
     * {@link Function#vectorMap}); {@code structureX} is the caller's claim about ∂ₓF.
     *
     * @throws DimensionMismatchException if F's output is not as long as x
     */
    static RootFunction fromVectorMap(VectorMap f, Structure structureX) {
        return VectorMapFunction.of("RootFunction", f, structureX);
    }

    /** The fixed-point condition F(x, θ) = T(x, θ) − x of a map T. */
    static RootFunction fixedPoint(FixedPointMap t) {
        if (t == null) {
            throw new DimensionMismatchException("fixed-point map is null");
        }
        return new FixedPointCondition(t);
    }
}
