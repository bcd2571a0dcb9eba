package org.rootgrad.implicit.linear;

import org.rootgrad.autodiff.Objective;
import org.rootgrad.engine.ArrayKernels;
import org.rootgrad.error.Checks;
import org.rootgrad.error.DimensionMismatchException;

/**
 * A linear operator A: R^cols → R^rows, known through its products y = Ax and y = Aᵀx and a
 * {@link Structure} tag from which a solver picks its method. The implicit-differentiation
 * systems are operators of this kind: a Hessian, the Jacobian ∂ₓF of an optimality condition,
 * a dense matrix, or any composition of them.
 *
 * <p>Vectors are whole arrays of exactly the length the product needs ({@code cols} for x of
 * {@link #apply}, {@code rows} for its y); the output never aliases the input. Products do not
 * check their arguments: the solvers validate once at their public entry points.
 *
 * <p>Block products act on k vectors held as separate arrays ("column arrays"):
 * {@code x[j]} and {@code y[j]} for {@code j < k}. This is the layout of the block solves.
 *
 * <p>Thread safety: dense, diagonal and identity operators, and scaled, transposed, ridge or
 * re-tagged views of them, are stateless views and safe to share between threads as long as
 * nobody writes to their arrays. {@link #plus} and {@link #times} hold a scratch vector, and the
 * views of an {@link Objective} or a {@code RootFunction} share their source's scratch state and
 * linearisation point, so those are per thread.
 */
public interface LinearOperator {

    /** The number of rows (the length of Ax). */
    int rows();

    /** The number of columns (the length of x in Ax). */
    int cols();

    /** What is known of A's structure; always {@link Structure#GENERAL} for a non-square A. */
    Structure structure();

    /** y ← Ax; x has {@link #cols()} elements, y {@link #rows()}. */
    void apply(double[] x, double[] y);

    /** y ← Aᵀx; x has {@link #rows()} elements, y {@link #cols()}. */
    void applyTranspose(double[] x, double[] y);

    /**
     * y ← Ax and returns xᵀy, the curvature of a square A along x (one fused pass for dense
     * matrices, as conjugate gradients needs).
     */
    default double applyDot(double[] x, double[] y) {
        apply(x, y);
        return ArrayKernels.active().dot(rows(), x, 0, y, 0);
    }

    /** r ← b − Ax and returns rᵀr; x has {@link #cols()} elements, b and r {@link #rows()}. */
    default double residual(double[] x, double[] b, double[] r) {
        ArrayKernels v = ArrayKernels.active();
        apply(x, r);
        v.axpby(rows(), 1, b, 0, -1, r, 0);
        return v.dot(rows(), r, 0, r, 0);
    }

    /**
     * y[j] ← A x[j] for {@code j < k}. Dense operators override this to stream the matrix once
     * for all k vectors; the default applies the operator k times.
     */
    default void applyBlock(int k, double[][] x, double[][] y) {
        for (int j = 0; j < k; j++) {
            apply(x[j], y[j]);
        }
    }

    /** y[j] ← Aᵀ x[j] for {@code j < k}. */
    default void applyTransposeBlock(int k, double[][] x, double[][] y) {
        for (int j = 0; j < k; j++) {
            applyTranspose(x[j], y[j]);
        }
    }

    /**
     * Writes this operator's matrix (rows×cols, row-major) into {@code out} and returns true when
     * the operator can form it directly, at less cost than {@link #cols()} products (e.g. the
     * Hessian of an objective that forms its dense Hessian); returns false and writes nothing
     * otherwise, which is the default. Dense direct solvers assemble a matrix-free operator
     * this way when they can, and from products otherwise.
     */
    default boolean denseMatrix(double[] out) {
        return false;
    }

    /**
     * Writes an approximation of this operator's matrix (rows×cols, row-major) into {@code out}
     * and returns true when the operator forms one at less cost than {@link #denseMatrix} (a
     * Hessian formed from single-precision data, a few parts in 10⁷ off); returns false and
     * writes nothing otherwise, which is the default. Meant for preconditioners: a solver that
     * uses it ({@link LinearSolver#approximateCholesky}) converges with exact products.
     */
    default boolean approximateDenseMatrix(double[] out) {
        return false;
    }

    /** Whether rows == cols. */
    default boolean isSquare() {
        return rows() == cols();
    }

    // ---- views and compositions (each allocates one small object, once) ------------------------

    /** Aᵀ as a view: its apply is this operator's applyTranspose and vice versa. */
    default LinearOperator transpose() {
        return new TransposeOperator(this);
    }

    /**
     * αA as a view. Its structure is A's for α > 0; a positive definite A scaled by α ≤ 0 is
     * only {@link Structure#SYMMETRIC}.
     */
    default LinearOperator scaled(double alpha) {
        Checks.finite("alpha", alpha);
        return new ScaledOperator(this, alpha);
    }

    /**
     * A + B. Symmetric if both are; positive definite if both are.
     *
     * @throws DimensionMismatchException if {@code other}'s shape differs from this one's
     */
    default LinearOperator plus(LinearOperator other) {
        if (other == null || other.rows() != rows() || other.cols() != cols()) {
            throw new DimensionMismatchException("other is "
                    + (other == null ? "null" : other.rows() + "×" + other.cols())
                    + "; expected " + rows() + "×" + cols());
        }
        return new SumOperator(this, other);
    }

    /**
     * The product A·B (apply B first, then A), tagged {@link Structure#GENERAL}; re-tag it with
     * {@link #withStructure} when it is known to be better (e.g. XᵀX is symmetric).
     *
     * @throws DimensionMismatchException unless {@code right.rows() == cols()}
     */
    default LinearOperator times(LinearOperator right) {
        if (right == null || right.rows() != cols()) {
            throw new DimensionMismatchException("right has "
                    + (right == null ? "null" : right.rows() + " rows")
                    + "; expected " + cols() + " (the columns of the left factor)");
        }
        return new ProductOperator(this, right);
    }

    /**
     * A + ρI, the ridge (Tikhonov) shift, as a view with A's structure tag (a shift keeps
     * symmetry and positive definiteness).
     *
     * @throws DimensionMismatchException if A is not square
     * @throws org.rootgrad.error.InvalidOptionException unless ρ ≥ 0 and finite
     */
    default LinearOperator withRidge(double rho) {
        Checks.nonNegative("rho", rho);
        if (!isSquare()) {
            throw new DimensionMismatchException(
                    "a ridge needs a square operator, this one is " + rows() + "×" + cols());
        }
        return new RidgeOperator(this, rho);
    }

    /**
     * The same operator with another structure tag: the caller's claim (e.g. that XᵀX is
     * symmetric positive definite), not verified.
     *
     * @throws DimensionMismatchException if a symmetric tag is put on a non-square operator
     */
    default LinearOperator withStructure(Structure structure) {
        if (structure == null) {
            throw new DimensionMismatchException("structure is null");
        }
        if (structure.isSymmetric() && !isSquare()) {
            throw new DimensionMismatchException("a " + rows() + "×" + cols()
                    + " operator cannot be " + structure);
        }
        return new StructuredOperator(this, structure);
    }

    // ---- factories -------------------------------------------------------------------------------

    /**
     * A dense row-major {@code rows × cols} matrix at {@code a[0 ..]} with leading dimension
     * {@code cols}, held by reference (later writes to {@code a} are seen), tagged GENERAL.
     *
     * @throws DimensionMismatchException if {@code a} is too short
     */
    static DenseOperator dense(int rows, int cols, double[] a) {
        return dense(rows, cols, a, 0, Math.max(1, cols), Structure.GENERAL);
    }

    /**
     * A dense row-major {@code rows × cols} matrix: element (i, j) is
     * {@code a[offset + i*ld + j]}. Held by reference. The structure tag is the caller's claim.
     *
     * @throws DimensionMismatchException if the matrix does not fit in {@code a}, or a
     *         symmetric tag is put on a non-square matrix
     */
    static DenseOperator dense(int rows, int cols, double[] a, int offset, int ld,
                               Structure structure) {
        return new DenseOperator(rows, cols, a, offset, ld, structure);
    }

    /**
     * diag(d), held by reference; tagged positive definite if every d[i] > 0 at creation, else
     * symmetric.
     *
     * @throws org.rootgrad.error.NonFiniteException if d holds a NaN or an infinity
     */
    static LinearOperator diagonal(double[] d) {
        if (d == null) {
            throw new DimensionMismatchException("d is null");
        }
        Checks.finite("d", d);
        return new DiagonalOperator(d);
    }

    /** The n×n identity. */
    static LinearOperator identity(int n) {
        Checks.nonNegative("n", n);
        return new IdentityOperator(n);
    }

    /**
     * A matrix-free operator from its two products: {@code apply} maps R^cols → R^rows and
     * {@code applyTranspose} R^rows → R^cols. Thread safety is that of the two maps.
     *
     * @throws DimensionMismatchException on negative sizes or a symmetric tag on a non-square shape
     */
    static LinearOperator fromFunctions(int rows, int cols, VectorMap apply,
                                        VectorMap applyTranspose, Structure structure) {
        Checks.nonNegative("rows", rows);
        Checks.nonNegative("cols", cols);
        if (apply == null || applyTranspose == null || structure == null) {
            throw new DimensionMismatchException((apply == null ? "apply" : applyTranspose == null ? "applyTranspose" : "structure") + " is null");
        }
        if (structure.isSymmetric() && rows != cols) {
            throw new DimensionMismatchException(
                    "a " + rows + "×" + cols + " operator cannot be " + structure);
        }
        return new FunctionOperator(rows, cols, apply, applyTranspose, structure);
    }

    /**
     * The Hessian ∇²ₓₓf (n×n) at f's current linearisation point, as a view through
     * {@link Objective#hessianVector} (its dense matrix through {@link Objective#hessian} when f
     * forms it, an approximation through {@link Objective#singlePrecisionHessian}); tagged
     * positive definite (true at a strict minimum; use {@link #withStructure} otherwise). Per thread, like f: call {@link Objective#linearize}
     * on f before solving, and the view follows later linearisations.
     */
    static LinearOperator hessian(Objective f) {
        if (f == null) {
            throw new DimensionMismatchException("objective f is null");
        }
        int n = f.dimension();
        return new FunctionOperator(n, n, f::hessianVector, f::hessianVector,
                Structure.SYMMETRIC_POSITIVE_DEFINITE, f::hessian, f::singlePrecisionHessian);
    }

    /**
     * The mixed second derivative ∇²ₓθf (n×m) at f's linearisation point: apply is
     * {@link Objective#mixedVector}, applyTranspose {@link Objective#mixedTransposeVector}.
     * Per thread, like f.
     */
    static LinearOperator mixedHessian(Objective f) {
        if (f == null) {
            throw new DimensionMismatchException("objective f is null");
        }
        return new FunctionOperator(f.dimension(), f.parameterDimension(), f::mixedVector,
                f::mixedTransposeVector, Structure.GENERAL);
    }
}
