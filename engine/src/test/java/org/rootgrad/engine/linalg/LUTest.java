package org.rootgrad.engine.linalg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rootgrad.engine.linalg.Matrices.EPS;
import static org.rootgrad.engine.linalg.Matrices.frobenius;
import static org.rootgrad.engine.linalg.Matrices.frobeniusDifference;
import static org.rootgrad.engine.linalg.Matrices.kernels;
import static org.rootgrad.engine.linalg.Matrices.multiply;
import static org.rootgrad.engine.linalg.Matrices.norm2;
import static org.rootgrad.engine.linalg.Matrices.random;
import static org.rootgrad.engine.linalg.Matrices.transpose;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.rootgrad.engine.MatrixKernels;
import org.rootgrad.error.DimensionMismatchException;
import org.rootgrad.error.InvalidOptionException;
import org.rootgrad.error.NonFiniteException;
import org.rootgrad.error.SingularOperatorException;
import org.rootgrad.error.Status;

/**
 * LU with partial pivoting on the scalar and Panama kernels: ‖PA − LU‖_F ≤ 8n·ε·‖A‖_F with
 * |L| ≤ 1, solve and transpose-solve backward errors ≤ 16n·ε and forward errors ≤ 16n·κ·ε on
 * matrices U·diag(σ)·Vᵀ with prescribed κ₂ up to 10¹⁰ and on Hilbert(8); many right-hand
 * sides against single solves; the rcond estimate within a factor 10 of 1/κ₁ computed from the
 * exactly known inverse; determinants; singular and non-finite input.
 */
class LUTest {
    private final SplittableRandom rnd = new SplittableRandom(11);

    @Test
    void reconstructsPermutedMatrixAcrossBlocks() {
        for (MatrixKernels k : kernels()) {
            for (int n : new int[] {0, 1, 2, 3, 7, 8, 9, 31, 65, 130, 200}) {
                double[] a = random(rnd, n, n);
                int lda = n + 2;
                double[] stored = Matrices.embed(a, n, n, 3, lda, Double.NaN);
                LU lu = new LU(n, k).factor(stored, 3, lda);
                int ld = Math.max(1, n);
                double[] l = new double[n * n];
                double[] u = new double[n * n];
                lu.lower(l, 0, ld);
                lu.upper(u, 0, ld);
                int[] p = lu.pivots(new int[n]);
                double[] pa = new double[n * n];
                boolean[] seen = new boolean[n];
                for (int i = 0; i < n; i++) {
                    assertFalse(seen[p[i]], "pivots must be a permutation");
                    seen[p[i]] = true;
                    System.arraycopy(a, p[i] * n, pa, i * n, n);
                    for (int j = 0; j < n; j++) {
                        if (j < i) {
                            assertTrue(Math.abs(l[i * n + j]) <= 1.0, "partial pivoting bounds |L|");
                            assertEquals(0.0, u[i * n + j]);
                        } else if (j == i) {
                            assertEquals(1.0, l[i * n + j]);
                        } else {
                            assertEquals(0.0, l[i * n + j]);
                        }
                    }
                }
                double err = frobeniusDifference(pa, multiply(l, u, n, n, n));
                assertTrue(err <= 8 * n * EPS * frobenius(a) + 1e-300, k.name() + " n=" + n + ": ‖PA − LU‖ = " + err);
            }
        }
    }

    @Test
    void solvesAndTransposeSolvesOnConditionedMatrices() {
        for (MatrixKernels k : kernels()) {
            for (double cond : new double[] {1e1, 1e6, 1e10}) {
                for (int n : new int[] {6, 70, 160}) {
                    double[] u = Matrices.orthogonal(rnd, n);
                    double[] v = Matrices.orthogonal(rnd, n);
                    checkSolves(k, Matrices.usv(u, Matrices.spectrum(n, cond), v, n), n, cond);
                }
            }
            checkSolves(k, Matrices.hilbert(8), 8, 1.53e10);
        }
    }

    private void checkSolves(MatrixKernels k, double[] a, int n, double cond) {
        LU lu = new LU(n, k).factor(a, 0, n);
        double[] at = transpose(a, n, n);
        for (boolean transpose : new boolean[] {false, true}) {
            double[] op = transpose ? at : a;
            double[] xTrue = random(rnd, n, 1);
            double[] b = multiply(op, xTrue, n, n, 1);
            double[] x = new double[n];
            if (transpose) {
                lu.solveTranspose(b, x);
            } else {
                lu.solve(b, x);
            }
            String what = k.name() + " n=" + n + " κ=" + cond + (transpose ? " Aᵀ" : " A");
            double backward = frobeniusDifference(multiply(op, x, n, n, 1), b) / (frobenius(a) * norm2(x) + norm2(b));
            assertTrue(backward <= 16 * n * EPS, what + ": backward error " + backward);
            double forward = frobeniusDifference(x, xTrue) / norm2(xTrue);
            assertTrue(forward <= 16 * n * cond * EPS, what + ": forward error " + forward);
            double[] inPlace = b.clone();
            if (transpose) {
                lu.solveTranspose(inPlace, inPlace);
            } else {
                lu.solve(inPlace, inPlace);
            }
            assertArrayEquals(x, inPlace, 0.0, what + ": x may be b");
        }
    }

    @Test
    void manyRightHandSidesEqualSingleSolvesBothWays() {
        for (MatrixKernels k : kernels()) {
            for (int n : new int[] {1, 10, 140}) {
                int nrhs = 5;
                double[] a = random(rnd, n, n);
                for (int i = 0; i < n; i++) {
                    a[i * n + i] += 3; // keep κ modest so the comparison tolerance is tight
                }
                LU lu = new LU(n, k).factor(a, 0, n);
                int ldb = nrhs + 3;
                double[] b = random(rnd, 2 + n * ldb, 1);
                for (boolean transpose : new boolean[] {false, true}) {
                    double[] x = new double[n * nrhs];
                    double[] inPlace = b.clone();
                    if (transpose) {
                        lu.solveTranspose(nrhs, b, 2, ldb, x, 0, nrhs);
                        lu.solveTranspose(nrhs, inPlace, 2, ldb, inPlace, 2, ldb);
                    } else {
                        lu.solve(nrhs, b, 2, ldb, x, 0, nrhs);
                        lu.solve(nrhs, inPlace, 2, ldb, inPlace, 2, ldb);
                    }
                    for (int c = 0; c < nrhs; c++) {
                        double[] col = new double[n];
                        for (int i = 0; i < n; i++) {
                            col[i] = b[2 + i * ldb + c];
                        }
                        if (transpose) {
                            lu.solveTranspose(col, col);
                        } else {
                            lu.solve(col, col);
                        }
                        for (int i = 0; i < n; i++) {
                            double tol = 1e3 * n * EPS * (1 + Math.abs(col[i]));
                            assertEquals(col[i], x[i * nrhs + c], tol, "transpose=" + transpose + " column " + c);
                            assertEquals(col[i], inPlace[2 + i * ldb + c], tol, "in place, column " + c);
                        }
                    }
                }
            }
        }
    }

    @Test
    void conditionEstimateIsWithinAFactorTenOfTheTruth() {
        for (MatrixKernels k : kernels()) {
            for (double cond : new double[] {1, 1e3, 1e8, 1e12}) {
                for (int n : new int[] {4, 50, 120}) {
                    double[] u = Matrices.orthogonal(rnd, n);
                    double[] v = Matrices.orthogonal(rnd, n);
                    double[] d = Matrices.spectrum(n, cond);
                    double[] a = Matrices.usv(u, d, v, n);
                    double[] inverse = Matrices.usv(v, Matrices.inverse(d), u, n); // (UΣVᵀ)⁻¹ = VΣ⁻¹Uᵀ
                    checkRcond(k, a, inverse, n, "κ₂=" + cond + " n=" + n);
                }
            }
            for (int n : new int[] {4, 8}) {
                checkRcond(k, Matrices.hilbert(n), Matrices.hilbertInverse(n), n, "Hilbert(" + n + ")");
            }
        }
    }

    private void checkRcond(MatrixKernels k, double[] a, double[] inverse, int n, String what) {
        double trueRcond = 1 / (Matrices.norm1(a, n) * Matrices.norm1(inverse, n));
        double estimate = new LU(n, k).factor(a, 0, n).reciprocalConditionEstimate();
        assertTrue(estimate >= trueRcond / 10 && estimate <= trueRcond * 10,
                k.name() + " " + what + ": rcond estimate " + estimate + " vs true " + trueRcond);
    }

    @Test
    void determinantOfPrescribedSingularValuesAndSign() {
        for (MatrixKernels k : kernels()) {
            int n = 90;
            double[] d = Matrices.spectrum(n, 1e3);
            double expected = 1;
            for (double x : d) {
                expected *= x;
            }
            // each orthogonal factor is a product of three reflectors: det = (−1)³ each, product +1
            double[] a = Matrices.usv(Matrices.orthogonal(rnd, n), d, Matrices.orthogonal(rnd, n), n);
            assertEquals(expected, new LU(n, k).factor(a, 0, n).determinant(), 1e-9 * Math.abs(expected));
            double[] swap = {0, 1, 1, 0};
            assertEquals(-1.0, new LU(2, k).factor(swap, 0, 2).determinant(), 0.0);
        }
    }

    @Test
    void reportsAnExactlyZeroPivot() {
        for (MatrixKernels k : kernels()) {
            for (int[] c : new int[][] {{10, 5}, {100, 70}}) {
                int n = c[0];
                int zeroColumn = c[1];
                double[] a = random(rnd, n, n);
                for (int i = 0; i < n; i++) {
                    a[i * n + zeroColumn] = 0;
                }
                LU lu = new LU(n, k);
                assertFalse(lu.tryFactor(a, 0, n));
                assertEquals(zeroColumn, lu.failedPivot());
                assertEquals(Status.SINGULAR, lu.status());
                SingularOperatorException e = assertThrows(SingularOperatorException.class, () -> lu.factor(a, 0, n));
                assertEquals(zeroColumn, e.index());
                assertThrows(InvalidOptionException.class, () -> lu.solve(new double[n], new double[n]));
            }
        }
    }

    @Test
    void rejectsNonFiniteInputAndBadShapes() {
        double[] a = random(rnd, 6, 6);
        a[4 * 6 + 1] = Double.NaN;
        LU lu = new LU(6);
        assertThrows(NonFiniteException.class, () -> lu.factor(a, 0, 6));
        assertFalse(lu.tryFactor(a, 0, 6));
        assertEquals(Status.NON_FINITE, lu.status());
        assertEquals(4, lu.failedPivot());
        double[] ok = random(rnd, 6, 6);
        assertThrows(DimensionMismatchException.class, () -> lu.factor(ok, 0, 5));
        assertThrows(DimensionMismatchException.class, () -> lu.factor(ok, 2, 6));
        lu.factor(ok, 0, 6);
        assertThrows(DimensionMismatchException.class, () -> lu.solve(new double[5], new double[6]));
        assertThrows(DimensionMismatchException.class, () -> lu.solveTranspose(new double[6], new double[7]));
        assertThrows(DimensionMismatchException.class, () -> lu.solve(-1, new double[6], 0, 1, new double[6], 0, 1));
        assertThrows(DimensionMismatchException.class, () -> lu.solveTranspose(2, new double[11], 0, 2, new double[12], 0, 2));
        assertThrows(DimensionMismatchException.class, () -> lu.pivots(new int[5]));
    }
}
