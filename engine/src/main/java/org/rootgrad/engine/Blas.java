package org.rootgrad.engine;

import static org.rootgrad.error.Checks.matrix;
import static org.rootgrad.error.Checks.range;

import org.rootgrad.error.DimensionMismatchException;

/**
 * Checked facade over the active {@link ArrayKernels} and {@link MatrixKernels}: BLAS levels 1–3
 * and the fused Krylov updates. Every method validates sizes, offsets and leading dimensions
 * (throwing {@link DimensionMismatchException} that names the argument) and then delegates to
 * the kernel, which never re-checks. Matrices are row-major with a leading dimension.
 *
 * <p>Whole-array overloads (without offsets) take the vector length from the first argument and
 * require the others to match it exactly.
 *
 * <p>Stateless: safe to call from any number of threads, as long as threads do not write the
 * same arrays.
 */
public final class Blas {
    private Blas() {}

    private static final ArrayKernels V = ArrayKernels.active();
    private static final MatrixKernels M = MatrixKernels.active();

    // ---- level 1 -------------------------------------------------------------------------------
    // Ranged forms act on n elements of each array from its offset; whole-array forms take n from
    // x and need every other array to have exactly that length. All throw
    // DimensionMismatchException naming the array for a null array, a negative size or offset, or
    // a range past the array's end.

    /** Returns Σ x[xOff+i]·y[yOff+i] over i < n. */
    public static double dot(int n, double[] x, int xOff, double[] y, int yOff) {
        range("x", x, xOff, n, 1);
        range("y", y, yOff, n, 1);
        return V.dot(n, x, xOff, y, yOff);
    }

    /** Returns x·y; y must have x's length. */
    public static double dot(double[] x, double[] y) {
        int n = whole("x", x);
        sameLength("y", y, n);
        return V.dot(n, x, 0, y, 0);
    }

    /** y ← αx + y on n elements. */
    public static void axpy(int n, double alpha, double[] x, int xOff, double[] y, int yOff) {
        range("x", x, xOff, n, 1);
        range("y", y, yOff, n, 1);
        V.axpy(n, alpha, x, xOff, y, yOff);
    }

    /** y ← αx + y; y must have x's length. */
    public static void axpy(double alpha, double[] x, double[] y) {
        int n = whole("x", x);
        sameLength("y", y, n);
        V.axpy(n, alpha, x, 0, y, 0);
    }

    /** y ← αx + βy on n elements. */
    public static void axpby(int n, double alpha, double[] x, int xOff, double beta, double[] y, int yOff) {
        range("x", x, xOff, n, 1);
        range("y", y, yOff, n, 1);
        V.axpby(n, alpha, x, xOff, beta, y, yOff);
    }

    /** y ← αx + βy; y must have x's length. */
    public static void axpby(double alpha, double[] x, double beta, double[] y) {
        int n = whole("x", x);
        sameLength("y", y, n);
        V.axpby(n, alpha, x, 0, beta, y, 0);
    }

    /** x ← αx on n elements. */
    public static void scal(int n, double alpha, double[] x, int xOff) {
        range("x", x, xOff, n, 1);
        V.scal(n, alpha, x, xOff);
    }

    /** x ← αx. */
    public static void scal(double alpha, double[] x) {
        V.scal(whole("x", x), alpha, x, 0);
    }

    /** y ← x on n elements. */
    public static void copy(int n, double[] x, int xOff, double[] y, int yOff) {
        range("x", x, xOff, n, 1);
        range("y", y, yOff, n, 1);
        V.copy(n, x, xOff, y, yOff);
    }

    /** x ← value on n elements. */
    public static void fill(int n, double value, double[] x, int xOff) {
        range("x", x, xOff, n, 1);
        V.fill(n, value, x, xOff);
    }

    /** Euclidean norm of n elements, without overflow or harmful underflow for finite input. */
    public static double nrm2(int n, double[] x, int xOff) {
        range("x", x, xOff, n, 1);
        return V.nrm2(n, x, xOff);
    }

    /** Euclidean norm of x. */
    public static double nrm2(double[] x) {
        return V.nrm2(whole("x", x), x, 0);
    }

    /** Σ |x[i]| over n elements. */
    public static double asum(int n, double[] x, int xOff) {
        range("x", x, xOff, n, 1);
        return V.asum(n, x, xOff);
    }

    /** Index (relative to xOff) of the first element of largest magnitude; -1 when n = 0. */
    public static int iamax(int n, double[] x, int xOff) {
        range("x", x, xOff, n, 1);
        return V.iamax(n, x, xOff);
    }

    /** Σ x[i] over n elements; 0 when n = 0. */
    public static double sum(int n, double[] x, int xOff) {
        range("x", x, xOff, n, 1);
        return V.sum(n, x, xOff);
    }

    /** max x[i] over n elements; −∞ when n = 0. */
    public static double max(int n, double[] x, int xOff) {
        range("x", x, xOff, n, 1);
        return V.max(n, x, xOff);
    }

    // ---- fused Krylov updates --------------------------------------------------------------------

    /** x ← x + αp; r ← r − αq; returns the new r·r, in one pass. */
    public static double cgUpdate(int n, double alpha, double[] p, int pOff, double[] q, int qOff,
                                  double[] x, int xOff, double[] r, int rOff) {
        range("p", p, pOff, n, 1);
        range("q", q, qOff, n, 1);
        range("x", x, xOff, n, 1);
        range("r", r, rOff, n, 1);
        return V.cgUpdate(n, alpha, p, pOff, q, qOff, x, xOff, r, rOff);
    }

    /** y ← x + βy. */
    public static void xpby(int n, double[] x, int xOff, double beta, double[] y, int yOff) {
        range("x", x, xOff, n, 1);
        range("y", y, yOff, n, 1);
        V.xpby(n, x, xOff, beta, y, yOff);
    }

    /** z ← d ∘ r; returns r·z. */
    public static double mulDot(int n, double[] d, int dOff, double[] r, int rOff, double[] z, int zOff) {
        range("d", d, dOff, n, 1);
        range("r", r, rOff, n, 1);
        range("z", z, zOff, n, 1);
        return V.mulDot(n, d, dOff, r, rOff, z, zOff);
    }

    // ---- level 2 -------------------------------------------------------------------------------

    /** y ← αAx + βy, A m×n. */
    public static void gemv(int m, int n, double alpha, double[] a, int aOff, int lda,
                            double[] x, int xOff, double beta, double[] y, int yOff) {
        matrix("A", a, aOff, m, n, lda);
        range("x", x, xOff, n, 1);
        range("y", y, yOff, m, 1);
        M.gemv(m, n, alpha, a, aOff, lda, x, xOff, beta, y, yOff);
    }

    /** y ← αAᵀx + βy, A m×n. */
    public static void gemvT(int m, int n, double alpha, double[] a, int aOff, int lda,
                             double[] x, int xOff, double beta, double[] y, int yOff) {
        matrix("A", a, aOff, m, n, lda);
        range("x", x, xOff, m, 1);
        range("y", y, yOff, n, 1);
        M.gemvT(m, n, alpha, a, aOff, lda, x, xOff, beta, y, yOff);
    }

    /** A ← A + αxyᵀ, A m×n. */
    public static void ger(int m, int n, double alpha, double[] x, int xOff, double[] y, int yOff,
                           double[] a, int aOff, int lda) {
        range("x", x, xOff, m, 1);
        range("y", y, yOff, n, 1);
        matrix("A", a, aOff, m, n, lda);
        M.ger(m, n, alpha, x, xOff, y, yOff, a, aOff, lda);
    }

    /** y ← αAx + βy for symmetric A, reading its lower triangle only. */
    public static void symv(int n, double alpha, double[] a, int aOff, int lda,
                            double[] x, int xOff, double beta, double[] y, int yOff) {
        matrix("A", a, aOff, n, n, lda);
        range("x", x, xOff, n, 1);
        range("y", y, yOff, n, 1);
        M.symv(n, alpha, a, aOff, lda, x, xOff, beta, y, yOff);
    }

    /** r ← b − Ax; returns r·r. */
    public static double residual(int m, int n, double[] a, int aOff, int lda, double[] x, int xOff,
                                  double[] b, int bOff, double[] r, int rOff) {
        matrix("A", a, aOff, m, n, lda);
        range("x", x, xOff, n, 1);
        range("b", b, bOff, m, 1);
        range("r", r, rOff, m, 1);
        return M.residual(m, n, a, aOff, lda, x, xOff, b, bOff, r, rOff);
    }

    /** y ← Ax; returns z·y. */
    public static double gemvDot(int m, int n, double[] a, int aOff, int lda, double[] x, int xOff,
                                 double[] y, int yOff, double[] z, int zOff) {
        matrix("A", a, aOff, m, n, lda);
        range("x", x, xOff, n, 1);
        range("y", y, yOff, m, 1);
        range("z", z, zOff, m, 1);
        return M.gemvDot(m, n, a, aOff, lda, x, xOff, y, yOff, z, zOff);
    }

    // ---- level 3 -------------------------------------------------------------------------------

    /**
     * Symmetric rank-k update writing both triangles of n×n C: C ← αAAᵀ + βC (A n×k) or, with
     * {@code transpose}, C ← αAᵀA + βC (A k×n).
     */
    public static void syrk(boolean transpose, int n, int k, double alpha, double[] a, int aOff, int lda,
                            double beta, double[] c, int cOff, int ldc) {
        if (transpose) {
            matrix("A", a, aOff, k, n, lda);
        } else {
            matrix("A", a, aOff, n, k, lda);
        }
        matrix("C", c, cOff, n, n, ldc);
        M.syrk(transpose, n, k, alpha, a, aOff, lda, beta, c, cOff, ldc);
    }

    /** C ← α·op(A)·op(B) + βC with C m×n and inner dimension k. */
    public static void gemm(boolean transA, boolean transB, int m, int n, int k, double alpha,
                            double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                            double beta, double[] c, int cOff, int ldc) {
        if (transA) {
            matrix("A", a, aOff, k, m, lda);
        } else {
            matrix("A", a, aOff, m, k, lda);
        }
        if (transB) {
            matrix("B", b, bOff, n, k, ldb);
        } else {
            matrix("B", b, bOff, k, n, ldb);
        }
        matrix("C", c, cOff, m, n, ldc);
        if (c == a || c == b) {
            throw new DimensionMismatchException("gemm: C must not be the same array as A or B");
        }
        M.gemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    }

    private static int whole(String name, double[] x) {
        if (x == null) {
            throw new DimensionMismatchException(name + " is null");
        }
        return x.length;
    }

    private static void sameLength(String name, double[] y, int n) {
        if (y == null) {
            throw new DimensionMismatchException(name + " is null; expected length " + n + " to match x");
        }
        if (y.length != n) {
            throw new DimensionMismatchException(
                    name + " has length " + y.length + "; expected " + n + " to match x");
        }
    }
}
