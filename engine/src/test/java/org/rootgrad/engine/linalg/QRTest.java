package org.rootgrad.engine.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

/**
 * Householder QR on the scalar and Panama kernels, on shapes crossing the 32-column panels:
 * ‖A − QR‖_F ≤ 8m·ε·‖A‖_F, ‖QᵀQ − I‖_F ≤ 8m·ε·√n, R upper triangular; least squares recovers
 * the solution of consistent systems (forward error ≤ 16m·κ·ε) and leaves a residual orthogonal
 * to the columns of A for inconsistent ones; rank deficiency and non-finite input are reported.
 */
class QRTest {
    private final SplittableRandom rnd = new SplittableRandom(13);

    @Test
    void reconstructsWithOrthonormalQ() {
        int[][] shapes = {{0, 0}, {1, 1}, {2, 1}, {5, 3}, {9, 8}, {31, 31}, {100, 40}, {130, 70}, {80, 80}};
        for (MatrixKernels k : kernels()) {
            for (int[] s : shapes) {
                int m = s[0];
                int n = s[1];
                double[] a = random(rnd, m, n);
                QR qr = new QR(m, n, k).factor(Matrices.embed(a, m, n, 4, n + 1, Double.NaN), 4, n + 1);
                int ld = Math.max(1, n);
                double[] q = new double[m * n];
                double[] r = new double[n * n];
                qr.q(q, 0, ld);
                qr.r(r, 0, ld);
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < i; j++) {
                        assertEquals(0.0, r[i * n + j], "R is upper triangular");
                    }
                }
                String what = k.name() + " " + m + "×" + n;
                double err = frobeniusDifference(a, multiply(q, r, m, n, n));
                assertTrue(err <= 8 * m * EPS * frobenius(a) + 1e-300, what + ": ‖A − QR‖ = " + err);
                double orth = frobeniusDifference(multiply(transpose(q, m, n), q, n, m, n), Matrices.identity(n));
                assertTrue(orth <= 8 * m * EPS * Math.sqrt(n) + 1e-300, what + ": ‖QᵀQ − I‖ = " + orth);
            }
        }
    }

    @Test
    void leastSquaresRecoversConsistentSolutionsAndOrthogonalResiduals() {
        for (MatrixKernels k : kernels()) {
            for (double cond : new double[] {1e1, 1e8}) {
                for (int[] s : new int[][] {{7, 4}, {120, 50}, {200, 100}}) {
                    int m = s[0];
                    int n = s[1];
                    // A = U₁ diag(σ) Vᵀ with U₁ the first n columns of an m×m orthogonal matrix
                    double[] um = Matrices.orthogonal(rnd, m);
                    double[] v = Matrices.orthogonal(rnd, n);
                    double[] d = Matrices.spectrum(n, cond);
                    double[] a = new double[m * n];
                    for (int i = 0; i < m; i++) {
                        for (int j = 0; j < n; j++) {
                            double sum = 0;
                            for (int p = 0; p < n; p++) {
                                sum += um[i * m + p] * d[p] * v[j * n + p];
                            }
                            a[i * n + j] = sum;
                        }
                    }
                    QR qr = new QR(m, n, k).factor(a, 0, n);
                    String what = k.name() + " " + m + "×" + n + " κ=" + cond;

                    double[] xTrue = random(rnd, n, 1);
                    double[] x = new double[n];
                    qr.solveLeastSquares(multiply(a, xTrue, m, n, 1), x);
                    double forward = frobeniusDifference(x, xTrue) / norm2(xTrue);
                    assertTrue(forward <= 16 * m * cond * EPS, what + ": forward error " + forward);

                    double[] b = random(rnd, m, 1);
                    qr.solveLeastSquares(b, x);
                    double[] residual = multiply(a, x, m, n, 1);
                    for (int i = 0; i < m; i++) {
                        residual[i] -= b[i];
                    }
                    double[] normal = multiply(transpose(a, m, n), residual, n, m, 1);
                    double scale = frobenius(a) * (norm2(residual) + frobenius(a) * norm2(x));
                    assertTrue(norm2(normal) <= 16 * m * EPS * scale,
                            what + ": ‖Aᵀr‖ = " + norm2(normal) + " vs scale " + scale);
                }
            }
        }
    }

    @Test
    void rankDeficiencyAndBadInputAreReported() {
        for (MatrixKernels k : kernels()) {
            int m = 60;
            int n = 45;
            double[] a = random(rnd, m, n);
            for (int i = 0; i < m; i++) {
                a[i * n + 37] = 0;
            }
            QR qr = new QR(m, n, k).factor(a, 0, n);
            SingularOperatorException e = assertThrows(SingularOperatorException.class,
                    () -> qr.solveLeastSquares(new double[m], new double[n]));
            assertEquals(37, e.index());
        }
        double[] a = random(rnd, 5, 3);
        a[4] = Double.NaN;
        QR qr = new QR(5, 3);
        assertThrows(NonFiniteException.class, () -> qr.factor(a, 0, 3));
        assertThrows(InvalidOptionException.class, () -> qr.solveLeastSquares(new double[5], new double[3]));
        assertThrows(DimensionMismatchException.class, () -> new QR(3, 5));
        assertThrows(DimensionMismatchException.class, () -> qr.factor(new double[15], 0, 2));
        assertThrows(DimensionMismatchException.class, () -> qr.factor(new double[14], 0, 3));
        qr.factor(random(rnd, 5, 3), 0, 3);
        assertThrows(DimensionMismatchException.class, () -> qr.solveLeastSquares(new double[4], new double[3]));
        assertThrows(DimensionMismatchException.class, () -> qr.solveLeastSquares(new double[5], new double[2]));
        assertThrows(DimensionMismatchException.class, () -> qr.q(new double[14], 0, 3));
        assertThrows(DimensionMismatchException.class, () -> qr.r(new double[9], 0, 2));
    }
}
