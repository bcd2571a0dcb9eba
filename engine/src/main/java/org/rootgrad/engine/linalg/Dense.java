package org.rootgrad.engine.linalg;

import static org.rootgrad.error.Checks.matrix;

import org.rootgrad.error.DimensionMismatchException;
import org.rootgrad.error.NonFiniteException;

/** Argument checks and copies shared by the factorisations. */
final class Dense {
    private Dense() {}

    /**
     * Checks n×nrhs B and X and copies B into X, unless X is B (same array, offset and leading
     * dimension). Any other overlap of the two is rejected, since a row-by-row copy would
     * corrupt it.
     */
    static void copyRightHandSides(int n, int nrhs, double[] b, int bOff, int ldb,
                                   double[] x, int xOff, int ldx) {
        if (nrhs < 0) {
            throw new DimensionMismatchException("nrhs must be >= 0, got " + nrhs);
        }
        matrix("b", b, bOff, n, nrhs, ldb);
        matrix("x", x, xOff, n, nrhs, ldx);
        if (x == b) {
            if (xOff == bOff && ldx == ldb) {
                return;
            }
            long bEnd = bOff + (long) Math.max(0, n - 1) * ldb + nrhs;
            long xEnd = xOff + (long) Math.max(0, n - 1) * ldx + nrhs;
            if (n > 0 && nrhs > 0 && xOff < bEnd && bOff < xEnd) {
                throw new DimensionMismatchException("x overlaps b in the same array without "
                        + "coinciding with it (offsets " + xOff + ", " + bOff + ")");
            }
        }
        for (int i = 0; i < n; i++) {
            System.arraycopy(b, bOff + i * ldb, x, xOff + i * ldx, nrhs);
        }
    }

    /** Copies an m×n block into dense storage (leading dimension n), rejecting non-finite values. */
    static void copyFinite(String name, int m, int n, double[] a, int aOff, int lda, double[] dst) {
        for (int i = 0; i < m; i++) {
            int src = aOff + i * lda;
            for (int j = 0; j < n; j++) {
                double v = a[src + j];
                if (!Double.isFinite(v)) {
                    throw new NonFiniteException(name + "(" + i + ", " + j + ") is " + v
                            + "; the matrix must be finite");
                }
                dst[i * n + j] = v;
            }
        }
    }
}
