package org.rootgrad.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.rootgrad.engine.MatrixReference.EPS;
import static org.rootgrad.engine.MatrixReference.awkwardSizes;
import static org.rootgrad.engine.MatrixReference.implementations;
import static org.rootgrad.engine.MatrixReference.multiply;
import static org.rootgrad.engine.MatrixReference.random;
import static org.rootgrad.engine.MatrixReference.read;
import static org.rootgrad.engine.MatrixReference.tolerance;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Every {@link MatrixKernels} method, on the scalar twin and (where the Vector API is present)
 * the Panama kernels, against naive references built from explicit {@code double[][]} matrices.
 * Shapes: all combinations of 0, 1, 2, 3, lanes−1, lanes, lanes+1 and 31, plus large ones that
 * cross the gemm blocking (MC = 192, KC = 256, NC ≈ 4080); non-zero offsets, leading dimensions
 * larger than the column count, β = 0 over a NaN-filled output and β ≠ 0.
 *
 * <p>Tolerance per element of α·Σ(k products) + β·c: 2(k + 2)·ε·(|α|Σ|a·b| + |β||c|). Every array
 * element outside the written block must be untouched (sentinels in the offsets and the
 * padding between rows).
 */
class MatrixKernelsTest {

    private static final double SENTINEL = -12345.678;
    private final SplittableRandom rnd = new SplittableRandom(20240611);

    // ---- gemm ----------------------------------------------------------------------------------

    @Test
    void gemmOnAwkwardShapesAllTransposesAndBetas() {
        int[] sizes = awkwardSizes();
        for (MatrixKernels kernels : implementations()) {
            for (int m : sizes) {
                for (int n : sizes) {
                    for (int k : sizes) {
                        for (int t = 0; t < 4; t++) {
                            checkGemm(kernels, (t & 1) != 0, (t & 2) != 0, m, n, k, 1.25, 0.0);
                            checkGemm(kernels, (t & 1) != 0, (t & 2) != 0, m, n, k, -0.5, 0.75);
                        }
                    }
                }
            }
        }
    }

    @Test
    void gemmOnShapesThatCrossTheCacheBlocks() {
        int[][] shapes = {{257, 131, 77}, {131, 200, 300}, {200, 49, 520}, {9, 4100, 5}, {64, 64, 64}};
        for (MatrixKernels kernels : implementations()) {
            for (int[] s : shapes) {
                for (int t = 0; t < 4; t++) {
                    checkGemm(kernels, (t & 1) != 0, (t & 2) != 0, s[0], s[1], s[2], 0.5, 0.0);
                }
                checkGemm(kernels, false, false, s[0], s[1], s[2], -1.0, 1.0);
                checkGemm(kernels, true, true, s[0], s[1], s[2], 2.0, -0.25);
            }
        }
    }

    private void checkGemm(MatrixKernels kernels, boolean transA, boolean transB, int m, int n, int k,
                           double alpha, double beta) {
        int aRows = transA ? k : m;
        int aCols = transA ? m : k;
        int bRows = transB ? n : k;
        int bCols = transB ? k : n;
        int lda = aCols + 3;
        int ldb = bCols + 1;
        int ldc = n + 2;
        int aOff = 5;
        int bOff = 2;
        int cOff = 7;
        double[] a = random(rnd, aOff + aRows * lda);
        double[] b = random(rnd, bOff + bRows * ldb);
        double[] c = sentinelMatrix(cOff, m, n, ldc, beta == 0);
        double[][] c0 = read(c, cOff, ldc, m, n, false);
        double[][][] ref = multiply(read(a, aOff, lda, aRows, aCols, transA),
                read(b, bOff, ldb, bRows, bCols, transB), m, k, n);
        kernels.gemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        String what = kernels.name() + " gemm(" + transA + ", " + transB + ") " + m + "×" + n + "×" + k
                + " α=" + alpha + " β=" + beta;
        assertBlock(what, c, cOff, ldc, m, n, (i, j) -> alpha * ref[0][i][j] + (beta == 0 ? 0 : beta * c0[i][j]),
                (i, j) -> tolerance(k, alpha, ref[1][i][j], beta, beta == 0 ? 0 : c0[i][j]));
    }

    // ---- gemv, gemvT, residual, gemvDot ---------------------------------------------------------

    @Test
    void matrixVectorKernelsOnAwkwardAndLargeShapes() {
        int[] sizes = awkwardSizes();
        for (MatrixKernels kernels : implementations()) {
            for (int m : sizes) {
                for (int n : sizes) {
                    checkMatrixVector(kernels, m, n);
                }
            }
            checkMatrixVector(kernels, 1021, 1021);
            checkMatrixVector(kernels, 1021, 37);
            checkMatrixVector(kernels, 37, 1021);
            // gemv's two Panama paths: eight rows at a time up to 256 full columns, four beyond
            checkMatrixVector(kernels, 29, 64);
            checkMatrixVector(kernels, 29, 264);
        }
    }

    private void checkMatrixVector(MatrixKernels kernels, int m, int n) {
        int lda = n + 5;
        int aOff = 3;
        double[] a = random(rnd, aOff + m * lda);
        double[][] am = read(a, aOff, lda, m, n, false);
        double[][] at = read(a, aOff, lda, m, n, true);
        String shape = kernels.name() + " " + m + "×" + n;

        for (double beta : new double[] {0.0, 0.5}) {
            double[] x = random(rnd, 2 + n);
            double[] y = sentinelVector(4, m, beta == 0);
            double[] y0 = y.clone();
            double[][][] ref = multiply(am, column(x, 2, n), m, n, 1);
            kernels.gemv(m, n, -1.5, a, aOff, lda, x, 2, beta, y, 4);
            assertVector(shape + " gemv β=" + beta, y, 4, m,
                    i -> -1.5 * ref[0][i][0] + (beta == 0 ? 0 : beta * y0[4 + i]),
                    i -> tolerance(n, -1.5, ref[1][i][0], beta, beta == 0 ? 0 : y0[4 + i]));

            double[] xt = random(rnd, 1 + m);
            double[] yt = sentinelVector(6, n, beta == 0);
            double[] yt0 = yt.clone();
            double[][][] reft = multiply(at, column(xt, 1, m), n, m, 1);
            kernels.gemvT(m, n, 0.75, a, aOff, lda, xt, 1, beta, yt, 6);
            assertVector(shape + " gemvT β=" + beta, yt, 6, n,
                    j -> 0.75 * reft[0][j][0] + (beta == 0 ? 0 : beta * yt0[6 + j]),
                    j -> tolerance(m, 0.75, reft[1][j][0], beta, beta == 0 ? 0 : yt0[6 + j]));
        }

        double[] x = random(rnd, 1 + n);
        double[] b = random(rnd, 3 + m);
        double[] r = sentinelVector(2, m, true);
        double[][][] ax = multiply(am, column(x, 1, n), m, n, 1);
        double rr = kernels.residual(m, n, a, aOff, lda, x, 1, b, 3, r, 2);
        assertVector(shape + " residual", r, 2, m, i -> b[3 + i] - ax[0][i][0],
                i -> tolerance(n, 1, ax[1][i][0], 1, b[3 + i]));
        double rrExpected = 0;
        double rrScale = 0;
        for (int i = 0; i < m; i++) {
            double ri = b[3 + i] - ax[0][i][0];
            rrExpected += ri * ri;
            rrScale += (Math.abs(b[3 + i]) + ax[1][i][0]) * (Math.abs(b[3 + i]) + ax[1][i][0]);
        }
        assertClose(shape + " residual r·r", rrExpected, rr, 4.0 * (n + m + 4) * EPS * rrScale);

        double[] z = random(rnd, 5 + m);
        double[] q = sentinelVector(1, m, true);
        double zq = kernels.gemvDot(m, n, a, aOff, lda, x, 1, q, 1, z, 5);
        assertVector(shape + " gemvDot y", q, 1, m, i -> ax[0][i][0], i -> tolerance(n, 1, ax[1][i][0], 0, 0));
        double zqExpected = 0;
        double zqScale = 0;
        for (int i = 0; i < m; i++) {
            zqExpected += z[5 + i] * ax[0][i][0];
            zqScale += Math.abs(z[5 + i]) * ax[1][i][0];
        }
        assertClose(shape + " gemvDot z·y", zqExpected, zq, 2.0 * (n + m + 2) * EPS * zqScale + 1e-300);
    }

    // ---- ger, symv, syrk -----------------------------------------------------------------------

    @Test
    void rankOneUpdate() {
        int[] sizes = awkwardSizes();
        for (MatrixKernels kernels : implementations()) {
            for (int m : sizes) {
                for (int n : sizes) {
                    checkGer(kernels, m, n);
                }
            }
            checkGer(kernels, 1021, 131);
        }
    }

    private void checkGer(MatrixKernels kernels, int m, int n) {
        int lda = n + 2;
        double[] a = sentinelMatrix(4, m, n, lda, false);
        double[][] a0 = read(a, 4, lda, m, n, false);
        double[] x = random(rnd, 1 + m);
        double[] y = random(rnd, 3 + n);
        kernels.ger(m, n, 0.5, x, 1, y, 3, a, 4, lda);
        assertBlock(kernels.name() + " ger " + m + "×" + n, a, 4, lda, m, n,
                (i, j) -> a0[i][j] + 0.5 * x[1 + i] * y[3 + j],
                (i, j) -> 4 * EPS * (Math.abs(a0[i][j]) + Math.abs(0.5 * x[1 + i] * y[3 + j])));
    }

    @Test
    void symmetricMatrixVectorReadsOnlyTheLowerTriangle() {
        int[] sizes = awkwardSizes();
        for (MatrixKernels kernels : implementations()) {
            for (int n : sizes) {
                checkSymv(kernels, n, 0.0);
                checkSymv(kernels, n, -2.0);
            }
            checkSymv(kernels, 1021, 0.0);
        }
    }

    private void checkSymv(MatrixKernels kernels, int n, double beta) {
        int lda = n + 3;
        double[] a = random(rnd, 2 + n * lda);
        double[][] full = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                full[i][j] = a[2 + i * lda + j];
                full[j][i] = a[2 + i * lda + j];
            }
            for (int j = i + 1; j < n; j++) {
                a[2 + i * lda + j] = Double.NaN; // the strict upper triangle must never be read
            }
        }
        double[] x = random(rnd, n);
        double[] y = sentinelVector(3, n, beta == 0);
        double[] y0 = y.clone();
        double[][][] ref = multiply(full, column(x, 0, n), n, n, 1);
        kernels.symv(n, 1.5, a, 2, lda, x, 0, beta, y, 3);
        assertVector(kernels.name() + " symv n=" + n + " β=" + beta, y, 3, n,
                i -> 1.5 * ref[0][i][0] + (beta == 0 ? 0 : beta * y0[3 + i]),
                i -> tolerance(n, 1.5, ref[1][i][0], beta, beta == 0 ? 0 : y0[3 + i]));
    }

    @Test
    void symmetricRankKUpdateBothWaysWritesBothTriangles() {
        int[] sizes = awkwardSizes();
        for (MatrixKernels kernels : implementations()) {
            for (int n : sizes) {
                for (int k : sizes) {
                    for (boolean transpose : new boolean[] {false, true}) {
                        checkSyrk(kernels, transpose, n, k, 1.0, 0.0);
                        checkSyrk(kernels, transpose, n, k, -0.5, 0.5);
                    }
                }
            }
            checkSyrk(kernels, false, 257, 131, 1.0, 0.0);
            checkSyrk(kernels, true, 257, 131, -1.0, 1.0);
        }
    }

    private void checkSyrk(MatrixKernels kernels, boolean transpose, int n, int k, double alpha, double beta) {
        int rows = transpose ? k : n;
        int cols = transpose ? n : k;
        int lda = cols + 1;
        int ldc = n + 2;
        double[] a = random(rnd, 3 + rows * lda);
        double[] c = sentinelMatrix(1, n, n, ldc, beta == 0);
        double[][] c0 = read(c, 1, ldc, n, n, false);
        double[][] x = read(a, 3, lda, rows, cols, transpose); // op(A), n×k
        double[][] xt = read(a, 3, lda, rows, cols, !transpose);
        double[][][] ref = multiply(x, xt, n, k, n);
        kernels.syrk(transpose, n, k, alpha, a, 3, lda, beta, c, 1, ldc);
        String what = kernels.name() + " syrk(" + transpose + ") n=" + n + " k=" + k + " β=" + beta;
        // Both triangles take the lower triangle's β·C term, as the interface specifies.
        assertBlock(what, c, 1, ldc, n, n,
                (i, j) -> alpha * ref[0][i][j] + (beta == 0 ? 0 : beta * c0[Math.max(i, j)][Math.min(i, j)]),
                (i, j) -> tolerance(k, alpha, ref[1][i][j], beta, beta == 0 ? 0 : c0[Math.max(i, j)][Math.min(i, j)]));
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < i; j++) {
                assertEquals(c[1 + i * ldc + j], c[1 + j * ldc + i], what + ": C not exactly symmetric at " + i + "," + j);
            }
        }
    }

    /**
     * syrkLowerSubtract (a Cholesky panel's trailing update): the lower triangle against the
     * naive sum, everything else (the strict upper triangle, the padding between rows, the
     * offsets) bit for bit untouched, and the tiers bit for bit equal, as the interface promises
     * one order of additions; k = 8 is the vector path, other k and the rows' ends the scalar one.
     */
    @Test
    void lowerRankUpdateOfACholeskyPanelWritesOnlyTheLowerTriangle() {
        for (int m : new int[] {0, 1, 2, 3, 7, 8, 9, 15, 16, 17, 31, 33, 64, 100}) {
            for (int k : new int[] {0, 1, 2, 5, 8}) {
                int ldp = m + 3;
                int ldc = m + 2;
                double[] p = random(rnd, 5 + k * ldp);
                double[] before = sentinelMatrix(4, m, m, ldc, false);
                double[] first = null;
                for (MatrixKernels kernels : implementations()) {
                    double[] c = before.clone();
                    kernels.syrkLowerSubtract(m, k, p, 5, ldp, c, 4, ldc);
                    String what = kernels.name() + " syrkLowerSubtract m=" + m + " k=" + k;
                    for (int idx = 0; idx < c.length; idx++) {
                        int i = (idx - 4) / ldc;
                        int j = (idx - 4) % ldc;
                        boolean lower = idx >= 4 && i < m && j <= i;
                        if (!lower) {
                            assertEquals(Double.doubleToRawLongBits(before[idx]), Double.doubleToRawLongBits(c[idx]),
                                    what + ": wrote outside the lower triangle at " + idx);
                            continue;
                        }
                        double sum = 0;
                        double scale = Math.abs(before[idx]);
                        for (int t = 0; t < k; t++) {
                            double term = p[5 + t * ldp + i] * p[5 + t * ldp + j];
                            sum += term;
                            scale += Math.abs(term);
                        }
                        assertEquals(before[idx] - sum, c[idx], 2 * (k + 2) * EPS * scale, what + " at " + i + "," + j);
                    }
                    if (first == null) {
                        first = c;
                    } else {
                        assertTrue(java.util.Arrays.equals(first, c), what + ": differs from the scalar twin");
                    }
                }
            }
        }
    }

    // ---- helpers -------------------------------------------------------------------------------

    interface Element {
        double at(int i, int j);
    }

    interface Entry {
        double at(int i);
    }

    /** An m×n block at off with leading dimension ld inside sentinels; NaN inside if asked. */
    private double[] sentinelMatrix(int off, int m, int n, int ld, boolean nanInside) {
        double[] c = new double[off + m * ld + 3];
        java.util.Arrays.fill(c, SENTINEL);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                c[off + i * ld + j] = nanInside ? Double.NaN : rnd.nextDouble(-1, 1);
            }
        }
        return c;
    }

    private double[] sentinelVector(int off, int n, boolean nanInside) {
        return sentinelMatrix(off, n, 1, 1, nanInside);
    }

    private static double[][] column(double[] x, int off, int n) {
        double[][] col = new double[n][1];
        for (int i = 0; i < n; i++) {
            col[i][0] = x[off + i];
        }
        return col;
    }

    private static void assertBlock(String what, double[] c, int off, int ld, int m, int n,
                                    Element expected, Element tolerance) {
        boolean[] inside = new boolean[c.length];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                int idx = off + i * ld + j;
                inside[idx] = true;
                double want = expected.at(i, j);
                double got = c[idx];
                if (!(Math.abs(got - want) <= tolerance.at(i, j))) {
                    fail(what + ": element (" + i + ", " + j + ") is " + got + ", expected " + want
                            + " ± " + tolerance.at(i, j));
                }
            }
        }
        for (int idx = 0; idx < c.length; idx++) {
            if (!inside[idx] && c[idx] != SENTINEL) {
                fail(what + ": wrote outside the block at index " + idx + " (" + c[idx] + ")");
            }
        }
    }

    private static void assertVector(String what, double[] y, int off, int n, Entry expected, Entry tolerance) {
        assertBlock(what, y, off, 1, n, 1, (i, j) -> expected.at(i), (i, j) -> tolerance.at(i));
    }

    private static void assertClose(String what, double expected, double actual, double tolerance) {
        assertTrue(Math.abs(expected - actual) <= tolerance,
                what + ": " + actual + ", expected " + expected + " ± " + tolerance);
    }
}
