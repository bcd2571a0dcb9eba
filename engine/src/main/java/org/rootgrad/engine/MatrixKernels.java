package org.rootgrad.engine;

import org.rootgrad.engine.internal.KernelProvider;

/**
 * Unchecked dense matrix kernels (BLAS levels 2 and 3 and fused matrix-vector updates) on
 * row-major matrices: element (i, j) of a matrix at offset {@code off} with leading dimension
 * {@code ld} is {@code a[off + i*ld + j]}, {@code ld >= cols}.
 *
 * <p>As in BLAS, when {@code beta == 0} the output is overwritten without being read, so NaNs
 * in an uninitialised output do not propagate. Outputs must not overlap inputs. Scalar twin and
 * Vector API implementations are selected like {@link ArrayKernels}; use {@link Blas} for
 * checked calls.
 *
 * <p>Thread safety: implementations are stateless and shareable between threads; concurrent calls must not write to overlapping ranges of the same arrays.
 */
public interface MatrixKernels {

    static MatrixKernels active() {
        return KernelProvider.ACTIVE_MATRIX;
    }

    static MatrixKernels scalar() {
        return KernelProvider.SCALAR_MATRIX;
    }

    /** @throws UnsupportedOperationException if {@code jdk.incubator.vector} is not available */
    static MatrixKernels panama() {
        return KernelProvider.panamaMatrix();
    }

    String name();

    /** y ← αAx + βy, A is m×n, x has n elements, y has m. */
    void gemv(int m, int n, double alpha, double[] a, int aOff, int lda,
              double[] x, int xOff, double beta, double[] y, int yOff);

    /** y ← αAᵀx + βy without forming Aᵀ; A is m×n, x has m elements, y has n. */
    void gemvT(int m, int n, double alpha, double[] a, int aOff, int lda,
               double[] x, int xOff, double beta, double[] y, int yOff);

    /** A ← A + αxyᵀ; A is m×n, x has m elements, y has n. */
    void ger(int m, int n, double alpha, double[] x, int xOff, double[] y, int yOff,
             double[] a, int aOff, int lda);

    /**
     * y ← αAx + βy for symmetric n×n A, reading only its lower triangle (i ≥ j); the strict
     * upper triangle is never read.
     */
    void symv(int n, double alpha, double[] a, int aOff, int lda,
              double[] x, int xOff, double beta, double[] y, int yOff);

    /**
     * Symmetric rank-k update, writing both triangles of the n×n result C.
     * {@code transpose == false}: C ← αAAᵀ + βC with A n×k (XXᵀ).
     * {@code transpose == true}: C ← αAᵀA + βC with A k×n (XᵀX, the Gram matrix of columns).
     */
    void syrk(boolean transpose, int n, int k, double alpha, double[] a, int aOff, int lda,
              double beta, double[] c, int cOff, int ldc);

    /**
     * C ← C − PᵀP on and below the diagonal of the m×m C (entries (i, j) with j ≤ i; the rest is
     * neither read nor written), P k×m: the trailing update of a Cholesky panel of k columns held
     * transposed. Each entry's k products are summed in two chains, even and odd t, which are
     * added to each other and then to C, in the same order in every implementation.
     */
    void syrkLowerSubtract(int m, int k, double[] p, int pOff, int ldp, double[] c, int cOff, int ldc);

    /**
     * C ← α·op(A)·op(B) + βC, C is m×n; op(A) is m×k (A is k×m when {@code transA}), op(B) is
     * k×n (B is n×k when {@code transB}).
     */
    void gemm(boolean transA, boolean transB, int m, int n, int k, double alpha,
              double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
              double beta, double[] c, int cOff, int ldc);

    /** r ← b − Ax for m×n A, and returns r·r. */
    double residual(int m, int n, double[] a, int aOff, int lda, double[] x, int xOff,
                    double[] b, int bOff, double[] r, int rOff);

    /** y ← Ax for m×n A, and returns z·y (e.g. q = Ap with pᵀq for conjugate gradients). */
    double gemvDot(int m, int n, double[] a, int aOff, int lda, double[] x, int xOff,
                   double[] y, int yOff, double[] z, int zOff);
}
