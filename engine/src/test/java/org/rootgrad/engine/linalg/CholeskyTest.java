package org.rootgrad.engine.linalg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rootgrad.engine.linalg.Matrices.EPS;
import static org.rootgrad.engine.linalg.Matrices.embed;
import static org.rootgrad.engine.linalg.Matrices.frobenius;
import static org.rootgrad.engine.linalg.Matrices.frobeniusDifference;
import static org.rootgrad.engine.linalg.Matrices.kernels;
import static org.rootgrad.engine.linalg.Matrices.multiply;
import static org.rootgrad.engine.linalg.Matrices.norm2;
import static org.rootgrad.engine.linalg.Matrices.random;
import static org.rootgrad.engine.linalg.Matrices.spd;
import static org.rootgrad.engine.linalg.Matrices.transpose;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.rootgrad.engine.MatrixKernels;
import org.rootgrad.error.DimensionMismatchException;
import org.rootgrad.error.IndefiniteOperatorException;
import org.rootgrad.error.InvalidOptionException;
import org.rootgrad.error.NonFiniteException;
import org.rootgrad.error.Status;

/**
 * Cholesky on the scalar and Panama kernels: reconstruction ‖A − LLᵀ‖_F ≤ 4n·ε·‖A‖_F, solve
 * residuals (backward error ≤ 8n·ε) and forward errors ≤ 8n·κ₂·ε on matrices of prescribed
 * condition up to 10¹⁰ and on Hilbert(8), sizes crossing the 192-column blocks and 32-column leaves, and failures.
 */
class CholeskyTest {
    private final SplittableRandom rnd = new SplittableRandom(7);

    @Test
    void reconstructsAcrossBlockSizesReadingOnlyTheLowerTriangle() {
        for (MatrixKernels k : kernels()) {
            for (int n : new int[] {0, 1, 2, 3, 7, 8, 9, 31, 130, 300}) {
                double[] a = spd(rnd, n, 1e3);
                int lda = n + 3;
                double[] stored = embed(a, n, n, 5, lda, Double.NaN);
                for (int i = 0; i < n; i++) {
                    for (int j = i + 1; j < n; j++) {
                        stored[5 + i * lda + j] = Double.NaN; // strict upper triangle: never read
                    }
                }
                Cholesky chol = new Cholesky(n, k).factor(stored, 5, lda);
                assertEquals(-1, chol.failedPivot());
                assertEquals(Status.CONVERGED, chol.status());
                double[] l = new double[n * n];
                chol.lower(l, 0, Math.max(1, n)); // BLAS convention: ld >= max(1, cols)
                for (int i = 0; i < n; i++) {
                    for (int j = i + 1; j < n; j++) {
                        assertEquals(0.0, l[i * n + j], "upper part of L");
                    }
                }
                double err = frobeniusDifference(a, multiply(l, transpose(l, n, n), n, n, n));
                assertTrue(err <= 4 * n * EPS * frobenius(a) + 1e-300,
                        k.name() + " n=" + n + ": ‖A − LLᵀ‖ = " + err);
            }
        }
    }

    @Test
    void solvesWithErrorsBoundedByConditionTimesEpsilon() {
        for (MatrixKernels k : kernels()) {
            for (double cond : new double[] {1e1, 1e6, 1e10}) {
                for (int n : new int[] {5, 64, 200}) {
                    checkSolve(k, spd(rnd, n, cond), n, cond);
                }
            }
            // Hilbert(8): κ₂ ≈ 1.5e10
            checkSolve(k, Matrices.hilbert(8), 8, 1.53e10);
        }
    }

    private void checkSolve(MatrixKernels k, double[] a, int n, double cond) {
        double[] xTrue = random(rnd, n, 1);
        double[] b = multiply(a, xTrue, n, n, 1);
        Cholesky chol = new Cholesky(n, k).factor(a, 0, n);
        double[] x = new double[n];
        chol.solve(b, x);
        double[] r = multiply(a, x, n, n, 1);
        double backward = frobeniusDifference(r, b) / (frobenius(a) * norm2(x) + norm2(b));
        assertTrue(backward <= 8 * n * EPS, k.name() + " n=" + n + " κ=" + cond + ": backward error " + backward);
        double forward = frobeniusDifference(x, xTrue) / norm2(xTrue);
        assertTrue(forward <= 8 * n * cond * EPS, k.name() + " n=" + n + " κ=" + cond + ": forward error " + forward);

        double[] inPlace = b.clone();
        chol.solve(inPlace, inPlace);
        assertArrayEquals(x, inPlace, 0.0, "x may be b");
    }

    @Test
    void manyRightHandSidesEqualSingleSolves() {
        for (MatrixKernels k : kernels()) {
            for (int n : new int[] {1, 9, 150}) {
                int nrhs = 7;
                double[] a = spd(rnd, n, 1e4);
                Cholesky chol = new Cholesky(n, k).factor(a, 0, n);
                int ldb = nrhs + 2;
                double[] b = random(rnd, 3 + n * ldb, 1);
                double[] x = new double[1 + n * (nrhs + 1)];
                chol.solve(nrhs, b, 3, ldb, x, 1, nrhs + 1);
                double[] bInPlace = b.clone();
                chol.solve(nrhs, bInPlace, 3, ldb, bInPlace, 3, ldb);
                for (int c = 0; c < nrhs; c++) {
                    double[] col = new double[n];
                    for (int i = 0; i < n; i++) {
                        col[i] = b[3 + i * ldb + c];
                    }
                    double[] single = new double[n];
                    chol.solve(col, single);
                    for (int i = 0; i < n; i++) {
                        double tol = 1e4 * 64 * n * EPS * (1 + Math.abs(single[i]));
                        assertEquals(single[i], x[1 + i * (nrhs + 1) + c], tol, "column " + c + " row " + i);
                        assertEquals(single[i], bInPlace[3 + i * ldb + c], tol, "in place, column " + c);
                    }
                }
            }
        }
    }

    @Test
    void logDeterminantOfPrescribedSpectrum() {
        for (MatrixKernels k : kernels()) {
            int n = 140;
            double[] d = Matrices.spectrum(n, 1e8);
            double[] q = Matrices.orthogonal(rnd, n);
            double expected = 0;
            for (double di : d) {
                expected += Math.log(di);
            }
            Cholesky chol = new Cholesky(n, k).factor(Matrices.usv(q, d, q, n), 0, n);
            assertEquals(expected, chol.logDeterminant(), 1e-8 * Math.abs(expected));
        }
    }

    /** [[4, 2], [2, 10]] = LLᵀ with L = [[2, 0], [1, 3]]: pivots 2 and 3 exactly; none before a factorisation. */
    @Test
    void pivotsAreTheFactorsDiagonal() {
        for (MatrixKernels k : kernels()) {
            Cholesky chol = new Cholesky(2, k);
            assertThrows(InvalidOptionException.class, () -> chol.pivot(0));
            chol.factor(new double[] {4, 2, 2, 10}, 0, 2);
            assertEquals(2.0, chol.pivot(0));
            assertEquals(3.0, chol.pivot(1));
            assertThrows(DimensionMismatchException.class, () -> chol.pivot(2));
        }
    }

    @Test
    void reportsTheFirstNonPositivePivot() {
        for (MatrixKernels k : kernels()) {
            for (int split : new int[] {150, 250}) {
                // blockdiag(SPD split×split, −1, SPD 49×49): pivot `split` is the first to fail
                int n = split + 50;
                double[] a = new double[n * n];
                double[] top = spd(rnd, split, 10);
                double[] bottom = spd(rnd, 49, 10);
                for (int i = 0; i < split; i++) {
                    System.arraycopy(top, i * split, a, i * n, split);
                }
                a[split * n + split] = -1;
                for (int i = 0; i < 49; i++) {
                    System.arraycopy(bottom, i * 49, a, (split + 1 + i) * n + split + 1, 49);
                }
                Cholesky chol = new Cholesky(n, k);
                assertFalse(chol.tryFactor(a, 0, n));
                assertEquals(split, chol.failedPivot());
                assertEquals(Status.INDEFINITE, chol.status());
                IndefiniteOperatorException e = assertThrows(IndefiniteOperatorException.class, () -> chol.factor(a, 0, n));
                assertEquals(split, e.index());
                assertEquals(-1.0, e.value(), 1e-12);
                assertThrows(InvalidOptionException.class, () -> chol.solve(new double[n], new double[n]));
            }

            double[] semidefinite = {1, 1, 1, 1}; // [[1,1],[1,1]]: second pivot exactly 0
            Cholesky two = new Cholesky(2, k);
            assertFalse(two.tryFactor(semidefinite, 0, 2));
            assertEquals(1, two.failedPivot());
        }
    }

    @Test
    void rejectsNonFiniteInputAndBadShapes() {
        double[] a = spd(rnd, 10, 10);
        a[7 * 10 + 3] = Double.NaN;
        Cholesky chol = new Cholesky(10);
        NonFiniteException e = assertThrows(NonFiniteException.class, () -> chol.factor(a, 0, 10));
        assertTrue(e.getMessage().contains("a"), e.getMessage());
        assertFalse(chol.tryFactor(a, 0, 10));
        assertEquals(Status.NON_FINITE, chol.status());
        assertEquals(7, chol.failedPivot());
        a[7 * 10 + 3] = Double.POSITIVE_INFINITY;
        assertThrows(NonFiniteException.class, () -> chol.factor(a, 0, 10));

        double[] ok = spd(rnd, 10, 10);
        assertThrows(DimensionMismatchException.class, () -> chol.factor(ok, 0, 9));
        assertThrows(DimensionMismatchException.class, () -> chol.factor(ok, 1, 10));
        assertThrows(DimensionMismatchException.class, () -> chol.factor(ok, -1, 10));
        assertThrows(DimensionMismatchException.class, () -> new Cholesky(-1));
        chol.factor(ok, 0, 10);
        assertThrows(DimensionMismatchException.class, () -> chol.solve(new double[9], new double[10]));
        assertThrows(DimensionMismatchException.class, () -> chol.solve(new double[10], new double[11]));
        assertThrows(DimensionMismatchException.class, () -> chol.solve(2, new double[19], 0, 2, new double[20], 0, 2));
        assertThrows(DimensionMismatchException.class, () -> chol.solve(2, new double[20], 0, 1, new double[20], 0, 2));
        double[] shared = new double[40];
        assertThrows(DimensionMismatchException.class, () -> chol.solve(2, shared, 0, 2, shared, 1, 2));
        assertThrows(DimensionMismatchException.class, () -> chol.lower(new double[99], 0, 10));
    }

    @Test
    void reuseAfterFailureGivesAFreshFactor() {
        for (MatrixKernels k : kernels()) {
            int n = 40;
            Cholesky chol = new Cholesky(n, k);
            double[] bad = spd(rnd, n, 10);
            bad[20 * n + 20] = -5;
            assertFalse(chol.tryFactor(bad, 0, n));
            double[] a = spd(rnd, n, 100);
            assertTrue(chol.tryFactor(a, 0, n));
            double[] l = new double[n * n];
            chol.lower(l, 0, n);
            double err = frobeniusDifference(a, multiply(l, transpose(l, n, n), n, n, n));
            assertTrue(err <= 4 * n * EPS * frobenius(a), "after a failed factor: " + err);
        }
    }
}
