package org.rootgrad.engine.linalg;

import static org.rootgrad.error.Checks.matrix;
import static org.rootgrad.error.Checks.range;

import org.rootgrad.engine.ArrayKernels;
import org.rootgrad.engine.MatrixKernels;
import org.rootgrad.error.DimensionMismatchException;
import org.rootgrad.error.NonFiniteException;
import org.rootgrad.error.SingularOperatorException;

/**
 * In-place triangular solves on row-major triangles: element (i, j) of the triangle T is
 * {@code t[tOff + i*ldt + j]}, and only the triangle named by the method is read (the other
 * one may hold anything, e.g. the other factor of an LU). With {@code unitDiagonal} the
 * diagonal is taken as ones and not read.
 *
 * <p>Single right-hand side: b (n elements) is overwritten by x. Many right-hand sides: B is
 * n×nrhs row-major with leading dimension ldb and is overwritten by X; these are blocked so
 * that most of the work is one {@link MatrixKernels#gemm} per block of rows.
 *
 * <p>Stateless and thread-safe.
 *
 * @throws DimensionMismatchException (every method) if a size or offset is negative, a leading
 *         dimension is below the column count, or an array is too short
 * @throws SingularOperatorException (every method without unit diagonal) if a diagonal element is
 *         exactly zero; b is then left unchanged
 * @throws NonFiniteException (every method without unit diagonal) if a diagonal element is NaN
 *         or infinite; b is then left unchanged. The rest of the triangle and b are not scanned
 *         (that would cost as much as the solve): a NaN there propagates into the solution.
 */
public final class Triangular {
    private Triangular() {}

    /** Rows per block of the many-right-hand-side solves. */
    private static final int BLOCK = 64;

    private static ArrayKernels vectors() {
        return ArrayKernels.active();
    }

    // ---- checked public entry points -----------------------------------------------------------

    /** Solves L x = b for lower triangular n×n L; b is overwritten by x. */
    public static void solveLower(int n, double[] l, int lOff, int ldl, boolean unitDiagonal,
                                  double[] b, int bOff) {
        checkTriangle("L", n, l, lOff, ldl, unitDiagonal);
        range("b", b, bOff, n, 1);
        lower(vectors(), n, l, lOff, ldl, unitDiagonal, b, bOff);
    }

    /** Solves Lᵀ x = b for lower triangular n×n L (without forming Lᵀ); b is overwritten by x. */
    public static void solveLowerTranspose(int n, double[] l, int lOff, int ldl, boolean unitDiagonal,
                                           double[] b, int bOff) {
        checkTriangle("L", n, l, lOff, ldl, unitDiagonal);
        range("b", b, bOff, n, 1);
        lowerTranspose(vectors(), n, l, lOff, ldl, unitDiagonal, b, bOff);
    }

    /** Solves U x = b for upper triangular n×n U; b is overwritten by x. */
    public static void solveUpper(int n, double[] u, int uOff, int ldu, boolean unitDiagonal,
                                  double[] b, int bOff) {
        checkTriangle("U", n, u, uOff, ldu, unitDiagonal);
        range("b", b, bOff, n, 1);
        upper(vectors(), n, u, uOff, ldu, unitDiagonal, b, bOff);
    }

    /** Solves Uᵀ x = b for upper triangular n×n U (without forming Uᵀ); b is overwritten by x. */
    public static void solveUpperTranspose(int n, double[] u, int uOff, int ldu, boolean unitDiagonal,
                                           double[] b, int bOff) {
        checkTriangle("U", n, u, uOff, ldu, unitDiagonal);
        range("b", b, bOff, n, 1);
        upperTranspose(vectors(), n, u, uOff, ldu, unitDiagonal, b, bOff);
    }

    /** Solves L X = B for n×nrhs B (row-major, leading dimension ldb), overwriting B by X. */
    public static void solveLower(int n, int nrhs, double[] l, int lOff, int ldl, boolean unitDiagonal,
                                  double[] b, int bOff, int ldb) {
        checkTriangle("L", n, l, lOff, ldl, unitDiagonal);
        matrix("B", b, bOff, n, nrhs, ldb);
        lower(MatrixKernels.active(), vectors(), n, nrhs, l, lOff, ldl, unitDiagonal, b, bOff, ldb);
    }

    /** Solves Lᵀ X = B for n×nrhs B, overwriting B by X. */
    public static void solveLowerTranspose(int n, int nrhs, double[] l, int lOff, int ldl,
                                           boolean unitDiagonal, double[] b, int bOff, int ldb) {
        checkTriangle("L", n, l, lOff, ldl, unitDiagonal);
        matrix("B", b, bOff, n, nrhs, ldb);
        lowerTranspose(MatrixKernels.active(), vectors(), n, nrhs, l, lOff, ldl, unitDiagonal, b, bOff, ldb);
    }

    /** Solves U X = B for n×nrhs B, overwriting B by X. */
    public static void solveUpper(int n, int nrhs, double[] u, int uOff, int ldu, boolean unitDiagonal,
                                  double[] b, int bOff, int ldb) {
        checkTriangle("U", n, u, uOff, ldu, unitDiagonal);
        matrix("B", b, bOff, n, nrhs, ldb);
        upper(MatrixKernels.active(), vectors(), n, nrhs, u, uOff, ldu, unitDiagonal, b, bOff, ldb);
    }

    /** Solves Uᵀ X = B for n×nrhs B, overwriting B by X. */
    public static void solveUpperTranspose(int n, int nrhs, double[] u, int uOff, int ldu,
                                           boolean unitDiagonal, double[] b, int bOff, int ldb) {
        checkTriangle("U", n, u, uOff, ldu, unitDiagonal);
        matrix("B", b, bOff, n, nrhs, ldb);
        upperTranspose(MatrixKernels.active(), vectors(), n, nrhs, u, uOff, ldu, unitDiagonal, b, bOff, ldb);
    }

    private static void checkTriangle(String name, int n, double[] t, int off, int ld, boolean unit) {
        matrix(name, t, off, n, n, ld);
        if (!unit) {
            for (int i = 0; i < n; i++) {
                double d = t[off + i * ld + i];
                if (!Double.isFinite(d)) {
                    throw new NonFiniteException(name + "(" + i + ", " + i + ") is " + d
                            + "; the triangle must be finite");
                }
                if (d == 0) {
                    throw new SingularOperatorException(
                            name + " has a zero diagonal element at " + i + "; the triangular system is singular", i);
                }
            }
        }
    }

    // ---- unchecked single right-hand side ------------------------------------------------------

    /** Forward substitution, row i: x_i = (b_i − L(i, 0..i)·x(0..i)) / L_ii, a contiguous dot. */
    static void lower(ArrayKernels v, int n, double[] l, int lOff, int ldl, boolean unit,
                      double[] b, int bOff) {
        for (int i = 0; i < n; i++) {
            int row = lOff + i * ldl;
            double s = b[bOff + i] - v.dot(i, l, row, b, bOff);
            b[bOff + i] = unit ? s : s / l[row + i];
        }
    }

    /** Lᵀ is upper: backward, column-oriented on the rows of L: x_i = b_i / L_ii, then b(0..i) −= x_i·L(i, 0..i). */
    static void lowerTranspose(ArrayKernels v, int n, double[] l, int lOff, int ldl, boolean unit,
                               double[] b, int bOff) {
        for (int i = n - 1; i >= 0; i--) {
            int row = lOff + i * ldl;
            double xi = unit ? b[bOff + i] : b[bOff + i] / l[row + i];
            b[bOff + i] = xi;
            v.axpy(i, -xi, l, row, b, bOff);
        }
    }

    /**
     * {@link #lower(ArrayKernels, int, double[], int, int, boolean, double[], int)} with the
     * reciprocals of the diagonal given (inverseDiagonal[i] = 1/L_ii): a multiplication instead
     * of a division on the chain by which each row waits on the one before (a factorisation that
     * keeps them: Cholesky's solves, 18% faster at n = 50, 33% at n = 10).
     */
    static void lower(ArrayKernels v, int n, double[] l, int lOff, int ldl, double[] inverseDiagonal,
                      double[] b, int bOff) {
        for (int i = 0; i < n; i++) {
            b[bOff + i] = (b[bOff + i] - v.dot(i, l, lOff + i * ldl, b, bOff)) * inverseDiagonal[i];
        }
    }

    /** {@link #lowerTranspose(ArrayKernels, int, double[], int, int, boolean, double[], int)} with 1/L_ii given, as {@link #lower(ArrayKernels, int, double[], int, int, double[], double[], int)}. */
    static void lowerTranspose(ArrayKernels v, int n, double[] l, int lOff, int ldl, double[] inverseDiagonal,
                               double[] b, int bOff) {
        for (int i = n - 1; i >= 0; i--) {
            double xi = b[bOff + i] * inverseDiagonal[i];
            b[bOff + i] = xi;
            v.axpy(i, -xi, l, lOff + i * ldl, b, bOff);
        }
    }

    /** Backward substitution, row i: x_i = (b_i − U(i, i+1..n)·x(i+1..n)) / U_ii. */
    static void upper(ArrayKernels v, int n, double[] u, int uOff, int ldu, boolean unit,
                      double[] b, int bOff) {
        for (int i = n - 1; i >= 0; i--) {
            int row = uOff + i * ldu;
            double s = b[bOff + i] - v.dot(n - i - 1, u, row + i + 1, b, bOff + i + 1);
            b[bOff + i] = unit ? s : s / u[row + i];
        }
    }

    /** Uᵀ is lower: forward, on the rows of U: x_i = b_i / U_ii, then b(i+1..n) −= x_i·U(i, i+1..n). */
    static void upperTranspose(ArrayKernels v, int n, double[] u, int uOff, int ldu, boolean unit,
                               double[] b, int bOff) {
        for (int i = 0; i < n; i++) {
            int row = uOff + i * ldu;
            double xi = unit ? b[bOff + i] : b[bOff + i] / u[row + i];
            b[bOff + i] = xi;
            v.axpy(n - i - 1, -xi, u, row + i + 1, b, bOff + i + 1);
        }
    }

    // ---- unchecked many right-hand sides -------------------------------------------------------
    // Each block of BLOCK rows first takes the contribution of all rows solved before it in one
    // gemm, then is solved among itself by row operations (axpy of length nrhs).

    static void lower(MatrixKernels m, ArrayKernels v, int n, int nrhs, double[] l, int lOff, int ldl,
                      boolean unit, double[] b, int bOff, int ldb) {
        for (int i0 = 0; i0 < n; i0 += BLOCK) {
            int i1 = Math.min(n, i0 + BLOCK);
            m.gemm(false, false, i1 - i0, nrhs, i0, -1.0, l, lOff + i0 * ldl, ldl, b, bOff, ldb,
                    1.0, b, bOff + i0 * ldb, ldb);
            for (int i = i0; i < i1; i++) {
                int row = lOff + i * ldl;
                int bi = bOff + i * ldb;
                for (int j = i0; j < i; j++) {
                    v.axpy(nrhs, -l[row + j], b, bOff + j * ldb, b, bi);
                }
                if (!unit) {
                    v.scal(nrhs, 1.0 / l[row + i], b, bi);
                }
            }
        }
    }

    static void lowerTranspose(MatrixKernels m, ArrayKernels v, int n, int nrhs, double[] l, int lOff,
                               int ldl, boolean unit, double[] b, int bOff, int ldb) {
        for (int i1 = n; i1 > 0; i1 -= BLOCK) {
            int i0 = Math.max(0, i1 - BLOCK);
            // B(i0..i1) −= L(i1..n, i0..i1)ᵀ · X(i1..n)
            m.gemm(true, false, i1 - i0, nrhs, n - i1, -1.0, l, lOff + i1 * ldl + i0, ldl,
                    b, bOff + i1 * ldb, ldb, 1.0, b, bOff + i0 * ldb, ldb);
            for (int i = i1 - 1; i >= i0; i--) {
                int row = lOff + i * ldl;
                int bi = bOff + i * ldb;
                if (!unit) {
                    v.scal(nrhs, 1.0 / l[row + i], b, bi);
                }
                for (int j = i0; j < i; j++) {
                    v.axpy(nrhs, -l[row + j], b, bi, b, bOff + j * ldb);
                }
            }
        }
    }

    static void upper(MatrixKernels m, ArrayKernels v, int n, int nrhs, double[] u, int uOff, int ldu,
                      boolean unit, double[] b, int bOff, int ldb) {
        for (int i1 = n; i1 > 0; i1 -= BLOCK) {
            int i0 = Math.max(0, i1 - BLOCK);
            // B(i0..i1) −= U(i0..i1, i1..n) · X(i1..n)
            m.gemm(false, false, i1 - i0, nrhs, n - i1, -1.0, u, uOff + i0 * ldu + i1, ldu,
                    b, bOff + i1 * ldb, ldb, 1.0, b, bOff + i0 * ldb, ldb);
            for (int i = i1 - 1; i >= i0; i--) {
                int row = uOff + i * ldu;
                int bi = bOff + i * ldb;
                for (int j = i + 1; j < i1; j++) {
                    v.axpy(nrhs, -u[row + j], b, bOff + j * ldb, b, bi);
                }
                if (!unit) {
                    v.scal(nrhs, 1.0 / u[row + i], b, bi);
                }
            }
        }
    }

    static void upperTranspose(MatrixKernels m, ArrayKernels v, int n, int nrhs, double[] u, int uOff,
                               int ldu, boolean unit, double[] b, int bOff, int ldb) {
        for (int i0 = 0; i0 < n; i0 += BLOCK) {
            int i1 = Math.min(n, i0 + BLOCK);
            // B(i0..i1) −= U(0..i0, i0..i1)ᵀ · X(0..i0)
            m.gemm(true, false, i1 - i0, nrhs, i0, -1.0, u, uOff + i0, ldu, b, bOff, ldb,
                    1.0, b, bOff + i0 * ldb, ldb);
            for (int i = i0; i < i1; i++) {
                int row = uOff + i * ldu;
                int bi = bOff + i * ldb;
                if (!unit) {
                    v.scal(nrhs, 1.0 / u[row + i], b, bi);
                }
                for (int j = i + 1; j < i1; j++) {
                    v.axpy(nrhs, -u[row + j], b, bi, b, bOff + j * ldb);
                }
            }
        }
    }
}
