package org.rootgrad.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The one-pass loss kernels against naive references: textbook formulas written with plain loops,
 * dense Hessians built element by element, and central finite differences of the values. Every
 * case uses non-zero offsets and a leading dimension larger than the row length, so indexing
 * mistakes show. Tolerance: 1e-12 relative against the naive formulas (same mathematics, other
 * summation order), 1e-6 relative against finite differences (step 1e-5).
 */
class LossKernelsTest {
    private static final int X_OFF = 3;
    private static final int PAD = 2;
    private static final int OFF = 5;

    /** A row-major n×p matrix at X_OFF with leading dimension p + PAD, garbage in the padding. */
    private static double[] matrix(SplittableRandom rnd, int n, int p) {
        double[] x = new double[X_OFF + n * (p + PAD) + 1];
        for (int i = 0; i < x.length; i++) {
            x[i] = 1e3 * (rnd.nextDouble() - 0.5); // padding garbage that must never be read
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < p; j++) {
                x[X_OFF + i * (p + PAD) + j] = rnd.nextGaussian();
            }
        }
        return x;
    }

    /** A work array with garbage, so kernels must not read it before writing. */
    private static double[] work(int length) {
        double[] w = new double[OFF + length];
        java.util.Arrays.fill(w, Double.NaN);
        return w;
    }

    private static double xAt(double[] x, int p, int i, int j) {
        return x[X_OFF + i * (p + PAD) + j];
    }

    private static double[] vector(SplittableRandom rnd, int n, double scale) {
        double[] v = new double[OFF + n];
        for (int i = 0; i < n; i++) {
            v[OFF + i] = scale * rnd.nextGaussian();
        }
        return v;
    }

    private static double[] labelsPlusMinus(SplittableRandom rnd, int n) {
        double[] y = new double[OFF + n];
        for (int i = 0; i < n; i++) {
            y[OFF + i] = rnd.nextBoolean() ? 1 : -1;
        }
        return y;
    }

    private static void assertClose(double expected, double actual, double relTol, String what) {
        double scale = Math.max(1e-300, Math.max(Math.abs(expected), Math.abs(actual)));
        assertTrue(Math.abs(expected - actual) <= relTol * Math.max(scale, 1e-12),
                what + ": expected " + expected + " got " + actual);
    }

    private static double naiveLogistic(double[] x, int n, int p, double[] w, double[] y) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            double m = 0;
            for (int j = 0; j < p; j++) {
                m += xAt(x, p, i, j) * w[OFF + j];
            }
            s += Math.log(1 + Math.exp(-y[OFF + i] * m));
        }
        return n == 0 ? 0 : s / n;
    }

    /**
     * Xᵀdiag(c)X against the naive triple sum (1e-12 relative to the largest entry: different
     * summation orders), symmetric to the bit; sizes across the 256-row blocks, the 8×16 tiles
     * and their padding, with garbage around X and in the work array; a second call on the same
     * work (whose padding and accumulator the first call left dirty) gives the same bits.
     */
    /**
     * The ragged last rows of the Gram tiles (p not a multiple of 8) never read past column p:
     * X ends where its array does, so a read past it would throw.
     */
    @ParameterizedTest
    @CsvSource({"11,1", "11,2", "11,3", "11,4", "11,5", "11,7", "11,12", "11,13", "11,50", "11,100"})
    void weightedGramReadsNothingPastTheLastColumn(int n, int p) {
        SplittableRandom rnd = new SplittableRandom(n * 19L + p);
        double[] x = new double[n * p];
        for (int i = 0; i < x.length; i++) {
            x[i] = rnd.nextGaussian();
        }
        double[] c = new double[n];
        for (int i = 0; i < n; i++) {
            c[i] = rnd.nextDouble();
        }
        double[] out = new double[p * p];
        LossKernels.weightedGram(n, p, x, 0, p, c, 0, out, 0, new double[LossKernels.weightedGramWorkLength(p)], 0);
        for (int a = 0; a < p; a++) {
            for (int b = 0; b < p; b++) {
                double sum = 0;
                double magnitude = 0;
                for (int i = 0; i < n; i++) {
                    sum += c[i] * x[i * p + a] * x[i * p + b];
                    magnitude += Math.abs(c[i] * x[i * p + a] * x[i * p + b]);
                }
                assertEquals(sum, out[a * p + b], 1e-13 * magnitude, "(" + a + ", " + b + ")");
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"0,3", "1,1", "3,7", "9,8", "40,16", "257,17", "300,24", "513,33", "600,100", "70,13"})
    void weightedGramMatchesTheNaiveSum(int n, int p) {
        SplittableRandom rnd = new SplittableRandom(n * 17L + p);
        double[] x = matrix(rnd, n, p);
        int ld = p + PAD;
        double[] c = new double[OFF + n];
        for (int i = 0; i < n; i++) {
            c[OFF + i] = i % 7 == 3 ? 0 : rnd.nextDouble() * 0.25;
        }
        double[] out = new double[OFF + p * p + 3];
        java.util.Arrays.fill(out, 42.0);
        double[] work = work(LossKernels.weightedGramWorkLength(p));
        LossKernels.weightedGram(n, p, x, X_OFF, ld, c, OFF, out, OFF, work, OFF);
        double scale = 1e-300;
        double[] want = new double[p * p];
        for (int a = 0; a < p; a++) {
            for (int b = 0; b < p; b++) {
                double sum = 0;
                for (int i = 0; i < n; i++) {
                    sum += c[OFF + i] * xAt(x, p, i, a) * xAt(x, p, i, b);
                }
                want[a * p + b] = sum;
                scale = Math.max(scale, Math.abs(sum));
            }
        }
        for (int a = 0; a < p; a++) {
            for (int b = 0; b < p; b++) {
                double got = out[OFF + a * p + b];
                assertTrue(Math.abs(got - want[a * p + b]) <= 1e-12 * scale,
                        "(" + a + ", " + b + "): " + got + " vs " + want[a * p + b]);
                assertEquals(got, out[OFF + b * p + a], "symmetric");
            }
        }
        assertEquals(42.0, out[OFF - 1]);
        assertEquals(42.0, out[OFF + p * p]);
        double[] again = out.clone();
        LossKernels.weightedGram(n, p, x, X_OFF, ld, c, OFF, again, OFF, work, OFF);
        assertTrue(java.util.Arrays.equals(out, again), "the same bits on a used work array");
    }

    @ParameterizedTest
    @CsvSource({"0,3", "1,1", "7,5", "31,17", "64,30", "300,17", "41,9", "200,20", "17,8", "45,100", "70,64",
            "33,131", "97,72", "5,200", "66,56"})
    void logisticValueGradientCurvatureMatchNaiveFormulas(int n, int p) {
        SplittableRandom rnd = new SplittableRandom(n * 31L + p);
        double[] x = matrix(rnd, n, p);
        double[] w = vector(rnd, p, 0.5);
        double[] y = labelsPlusMinus(rnd, n);
        int ld = p + PAD;

        double expected = naiveLogistic(x, n, p, w, y);
        double value = LossKernels.logisticLoss(n, p, x, X_OFF, ld, w, OFF, y, OFF, work(LossKernels.logisticWorkLength(n, p)), OFF);
        assertClose(expected, value, 1e-12, "logistic value");

        double[] grad = vector(rnd, p, 1); // garbage: must be overwritten
        double[] curv = new double[OFF + n];
        double value2 = LossKernels.logisticLossGradient(n, p, x, X_OFF, ld, w, OFF, y, OFF,
                grad, OFF, curv, OFF, work(LossKernels.logisticWorkLength(n, p)), OFF);
        assertEquals(value, value2, 0.0, "value of the fused pass is bit-identical");

        double[] naiveGrad = new double[p];
        double[][] hessian = new double[p][p];
        for (int i = 0; i < n; i++) {
            double m = 0;
            for (int j = 0; j < p; j++) {
                m += xAt(x, p, i, j) * w[OFF + j];
            }
            double s = 1 / (1 + Math.exp(y[OFF + i] * m)); // σ(−y m)
            // σ(u)σ(−u) as e/(1 + e)² with e = exp(−|u|): s(1 − s) loses digits to the cancellation
            // in 1 − s when s is near 1 (2e-11 relative at u = −12)
            double e = Math.exp(-Math.abs(m));
            double d = e / ((1 + e) * (1 + e)) / n;
            assertClose(d, curv[OFF + i], 1e-12, "curvature " + i);
            for (int j = 0; j < p; j++) {
                naiveGrad[j] += -y[OFF + i] * s * xAt(x, p, i, j) / n;
                for (int l = 0; l < p; l++) {
                    hessian[j][l] += d * xAt(x, p, i, j) * xAt(x, p, i, l);
                }
            }
        }
        for (int j = 0; j < p; j++) {
            assertClose(naiveGrad[j], grad[OFF + j], 1e-12, "gradient " + j);
        }
        // finite differences of the value confirm the gradient independently of the formula
        double h = 1e-5;
        for (int j = 0; j < p; j++) {
            double keep = w[OFF + j];
            w[OFF + j] = keep + h;
            double up = LossKernels.logisticLoss(n, p, x, X_OFF, ld, w, OFF, y, OFF, work(LossKernels.logisticWorkLength(n, p)), OFF);
            w[OFF + j] = keep - h;
            double down = LossKernels.logisticLoss(n, p, x, X_OFF, ld, w, OFF, y, OFF, work(LossKernels.logisticWorkLength(n, p)), OFF);
            w[OFF + j] = keep;
            assertEquals((up - down) / (2 * h), grad[OFF + j], 1e-6 * (1 + Math.abs(grad[OFF + j])));
        }

        double[] v = vector(rnd, p, 1);
        double[] out = vector(rnd, p, 1);
        double[] before = out.clone();
        double alpha = 0.75;
        LossKernels.weightedGramVector(n, p, alpha, x, X_OFF, ld, curv, OFF, v, OFF, out, OFF);
        for (int j = 0; j < p; j++) {
            double hv = 0;
            double hvAbs = 0; // the size of the terms: Hv may cancel to far below it (p = 200, n = 5)
            for (int l = 0; l < p; l++) {
                hv += hessian[j][l] * v[OFF + l];
                hvAbs += Math.abs(hessian[j][l] * v[OFF + l]);
            }
            double want = before[OFF + j] + alpha * hv;
            double scale = Math.max(Math.abs(want), Math.abs(before[OFF + j]) + alpha * hvAbs);
            assertTrue(Math.abs(want - out[OFF + j]) <= 1e-12 * scale,
                    "Hv " + j + ": expected " + want + " got " + out[OFF + j]);
        }
        for (int j = 0; j < OFF; j++) {
            assertEquals(before[j], out[j], 0.0, "out is untouched before its offset");
        }
    }

    /** Xᵀ (p×n, row-major) of the test matrix, at X_OFF, garbage before it. */
    private static double[] transpose(double[] x, int n, int p) {
        double[] xt = new double[X_OFF + p * n];
        java.util.Arrays.fill(xt, 0, X_OFF, 1e300);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < p; j++) {
                xt[X_OFF + j * n + i] = xAt(x, p, i, j);
            }
        }
        return xt;
    }

    /**
     * The column-major kernels on Xᵀ against the row kernels on X (themselves checked against
     * the naive formulas above): values, gradients, curvature weights and Gram-vector products to
     * 1e-12 relative (other summation orders), the value-only and fused values to the bit, out
     * accumulated into and untouched before its offset; narrow and wide p, n = 0 included.
     */
    @ParameterizedTest
    @CsvSource({"0,3", "1,1", "7,5", "200,10", "200,20", "33,24", "100,8", "41,25", "17,50"})
    void theColumnMajorKernelsMatchTheRowKernels(int n, int p) {
        SplittableRandom rnd = new SplittableRandom(n * 13L + p);
        double[] x = matrix(rnd, n, p);
        double[] xt = transpose(x, n, p);
        double[] w = vector(rnd, p, 0.5);
        double[] y = labelsPlusMinus(rnd, n);
        double[] b = vector(rnd, n, 1);
        int ld = p + PAD;
        double[] rowsWork = work(LossKernels.logisticWorkLength(n, p));
        double[] columnsWork = work(LossKernels.columnsWorkLength(n));

        double[] rowsGrad = new double[OFF + p];
        double[] rowsCurv = new double[OFF + n];
        double rowsValue = LossKernels.logisticLossGradient(n, p, x, X_OFF, ld, w, OFF, y, OFF, rowsGrad, OFF,
                rowsCurv, OFF, rowsWork, OFF);
        double[] grad = vector(rnd, p, 1); // garbage: must be overwritten
        double[] curv = new double[OFF + n];
        double value = LossKernels.logisticLossGradientColumns(n, p, xt, X_OFF, w, OFF, y, OFF, grad, OFF, curv, OFF,
                columnsWork, OFF);
        assertClose(rowsValue, value, 1e-12, "logistic value");
        assertEquals(value, LossKernels.logisticLossColumns(n, p, xt, X_OFF, w, OFF, y, OFF, work(2 * n), OFF), 0.0,
                "value alone, bit-identical to the fused one");
        for (int j = 0; j < p; j++) {
            assertClose(rowsGrad[OFF + j], grad[OFF + j], 1e-12, "logistic gradient " + j);
        }
        for (int i = 0; i < n; i++) {
            assertClose(rowsCurv[OFF + i], curv[OFF + i], 1e-12, "curvature " + i);
        }

        double rowsSquares = LossKernels.leastSquaresLossGradient(n, p, x, X_OFF, ld, w, OFF, b, OFF, rowsGrad, OFF);
        double squares = LossKernels.leastSquaresLossGradientColumns(n, p, xt, X_OFF, w, OFF, b, OFF, grad, OFF,
                columnsWork, OFF);
        assertClose(rowsSquares, squares, 1e-12, "least squares value");
        assertEquals(squares, LossKernels.leastSquaresLossColumns(n, p, xt, X_OFF, w, OFF, b, OFF, work(2 * n), OFF),
                0.0, "value alone, bit-identical to the fused one");
        for (int j = 0; j < p; j++) {
            assertClose(rowsGrad[OFF + j], grad[OFF + j], 1e-12, "least squares gradient " + j);
        }

        double[] v = vector(rnd, p, 1);
        for (double[] d : new double[][] {curv, null}) {
            double[] want = vector(rnd, p, 1);
            double[] out = want.clone();
            if (d == null) {
                LossKernels.gramVector(n, p, 0.75, x, X_OFF, ld, v, OFF, want, OFF);
            } else {
                LossKernels.weightedGramVector(n, p, 0.75, x, X_OFF, ld, d, OFF, v, OFF, want, OFF);
            }
            LossKernels.weightedGramVectorColumns(n, p, 0.75, xt, X_OFF, d, OFF, v, OFF, out, OFF, work(n), OFF);
            for (int j = 0; j < OFF; j++) {
                assertEquals(want[j], out[j], 0.0, "out is untouched before its offset");
            }
            for (int j = 0; j < p; j++) {
                assertClose(want[OFF + j], out[OFF + j], 1e-12, (d == null ? "XᵀXv " : "Xᵀdiag(d)Xv ") + j);
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"3,2", "40,7"})
    void logisticIsAccurateForHugeMargins(int n, int p) {
        SplittableRandom rnd = new SplittableRandom(7);
        double[] x = matrix(rnd, n, p);
        double[] w = vector(rnd, p, 400); // margins in the hundreds: naive exp overflows
        double[] y = labelsPlusMinus(rnd, n);
        int ld = p + PAD;
        double expected = 0;
        for (int i = 0; i < n; i++) {
            double m = 0;
            for (int j = 0; j < p; j++) {
                m += xAt(x, p, i, j) * w[OFF + j];
            }
            double u = -y[OFF + i] * m;
            expected += u > 30 ? u + Math.exp(-u) : Math.log1p(Math.exp(u)); // asymptotic tail
        }
        expected /= n;
        double[] grad = new double[OFF + p];
        double[] curv = new double[OFF + n];
        double value = LossKernels.logisticLossGradient(n, p, x, X_OFF, ld, w, OFF, y, OFF,
                grad, OFF, curv, OFF, work(LossKernels.logisticWorkLength(n, p)), OFF);
        assertClose(expected, value, 1e-12, "huge-margin value");
        for (int i = 0; i < n; i++) {
            double m = 0;
            for (int j = 0; j < p; j++) {
                m += xAt(x, p, i, j) * w[OFF + j];
            }
            double e = Math.exp(-Math.abs(m)); // σ(u)σ(−u) = e/(1+e)², e = exp(−|u|), tiny here
            assertClose(e / ((1 + e) * (1 + e)) / n, curv[OFF + i], 1e-12, "tail curvature " + i);
        }
        for (int j = 0; j < p; j++) {
            assertTrue(Double.isFinite(grad[OFF + j]));
        }
    }

    @ParameterizedTest
    @CsvSource({"0,2", "1,1", "9,4", "33,13", "41,9", "200,20", "17,8", "20,50", "45,100", "37,64", "50,131",
            "35,120"})
    void leastSquaresMatchesNaiveFormulas(int n, int p) {
        SplittableRandom rnd = new SplittableRandom(n * 7L + p);
        double[] x = matrix(rnd, n, p);
        double[] w = vector(rnd, p, 1);
        double[] b = vector(rnd, n, 1);
        int ld = p + PAD;
        double expected = 0;
        double[] naiveGrad = new double[p];
        for (int i = 0; i < n; i++) {
            double r = -b[OFF + i];
            for (int j = 0; j < p; j++) {
                r += xAt(x, p, i, j) * w[OFF + j];
            }
            expected += r * r;
            for (int j = 0; j < p; j++) {
                naiveGrad[j] += r * xAt(x, p, i, j) / n;
            }
        }
        expected = n == 0 ? 0 : expected / (2.0 * n);
        double value1 = LossKernels.leastSquaresLoss(n, p, x, X_OFF, ld, w, OFF, b, OFF);
        assertClose(expected, value1, 1e-12, "least squares value");
        double[] grad = vector(rnd, p, 3);
        double value = LossKernels.leastSquaresLossGradient(n, p, x, X_OFF, ld, w, OFF, b, OFF,
                grad, OFF);
        assertEquals(value1, value, 0.0, "value of the fused pass is bit-identical");
        for (int j = 0; j < p; j++) {
            assertClose(naiveGrad[j], grad[OFF + j], 1e-12, "gradient " + j);
        }
        double[] v = vector(rnd, p, 1);
        double[] out = new double[OFF + p];
        LossKernels.gramVector(n, p, 2.0, x, X_OFF, ld, v, OFF, out, OFF);
        for (int j = 0; j < p; j++) {
            double expectedHv = 0;
            for (int i = 0; i < n; i++) {
                double xv = 0;
                for (int l = 0; l < p; l++) {
                    xv += xAt(x, p, i, l) * v[OFF + l];
                }
                expectedHv += 2.0 * xv * xAt(x, p, i, j);
            }
            assertClose(expectedHv, out[OFF + j], 1e-12, "XᵀXv " + j);
        }
    }

    @ParameterizedTest
    @CsvSource({"0,3,2", "1,1,2", "6,4,3", "25,9,10", "130,40,3"})
    void softmaxCrossEntropyMatchesNaiveFormulas(int n, int p, int k) {
        SplittableRandom rnd = new SplittableRandom(n * 13L + p * 5L + k);
        double[] x = matrix(rnd, n, p);
        double[] w = vector(rnd, p * k, 0.7);
        int[] labels = new int[OFF + n];
        for (int i = 0; i < n; i++) {
            labels[OFF + i] = rnd.nextInt(k);
        }
        int ld = p + PAD;

        // naive: logits by triple loop, probabilities without the max shift, Hessian densely
        double expected = 0;
        double[][] probs = new double[n][k];
        double[] naiveGrad = new double[p * k];
        for (int i = 0; i < n; i++) {
            double[] z = new double[k];
            double total = 0;
            for (int c = 0; c < k; c++) {
                for (int j = 0; j < p; j++) {
                    z[c] += xAt(x, p, i, j) * w[OFF + j * k + c];
                }
                total += Math.exp(z[c]);
            }
            expected += Math.log(total) - z[labels[OFF + i]];
            for (int c = 0; c < k; c++) {
                probs[i][c] = Math.exp(z[c]) / total;
                double r = probs[i][c] - (c == labels[OFF + i] ? 1 : 0);
                for (int j = 0; j < p; j++) {
                    naiveGrad[j * k + c] += xAt(x, p, i, j) * r / n;
                }
            }
        }
        expected = n == 0 ? 0 : expected / n;

        double[] pr = new double[OFF + n * k];
        double value = LossKernels.softmaxCrossEntropy(n, p, k, x, X_OFF, ld, w, OFF, labels, OFF,
                pr, OFF);
        assertClose(expected, value, 1e-12, "softmax CE value");
        double[] pr2 = new double[OFF + n * k];
        double[] grad = vector(rnd, p * k, 1);
        double value2 = LossKernels.softmaxCrossEntropyGradient(n, p, k, x, X_OFF, ld, w, OFF,
                labels, OFF, pr2, OFF, grad, OFF, work(LossKernels.softmaxWorkLength(n, p, k)), OFF);
        assertEquals(value, value2, 0.0, "value of the fused pass is bit-identical");
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < k; c++) {
                assertClose(probs[i][c], pr[OFF + i * k + c], 1e-12, "probability");
                assertEquals(pr[OFF + i * k + c], pr2[OFF + i * k + c], 0.0);
            }
        }
        for (int q = 0; q < p * k; q++) {
            assertClose(naiveGrad[q], grad[OFF + q], 1e-12, "gradient " + q);
        }

        // Hessian-vector product against the dense Hessian of the mean CE:
        // H[(j,c),(l,e)] = (1/n) Σᵢ x_ij x_il (π_ic δ_ce − π_ic π_ie)
        double[] v = vector(rnd, p * k, 1);
        double[] out = new double[OFF + p * k];
        double[] work = work(LossKernels.softmaxWorkLength(n, p, k));
        double alpha = -1.5;
        LossKernels.softmaxCrossEntropyHessianVector(n, p, k, alpha, x, X_OFF, ld, pr, OFF,
                v, OFF, out, OFF, work, OFF);
        for (int j = 0; j < p; j++) {
            for (int c = 0; c < k; c++) {
                double hv = 0;
                for (int l = 0; l < p; l++) {
                    for (int e = 0; e < k; e++) {
                        double h = 0;
                        for (int i = 0; i < n; i++) {
                            h += xAt(x, p, i, j) * xAt(x, p, i, l)
                                    * (probs[i][c] * (c == e ? 1 : 0) - probs[i][c] * probs[i][e]);
                        }
                        hv += (n == 0 ? 0 : h / n) * v[OFF + l * k + e];
                    }
                }
                assertClose(alpha * hv, out[OFF + j * k + c], 1e-11, "Hv (" + j + "," + c + ")");
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"5,3,4"})
    void softmaxGradientMatchesFiniteDifferences(int n, int p, int k) {
        SplittableRandom rnd = new SplittableRandom(99);
        double[] x = matrix(rnd, n, p);
        double[] w = vector(rnd, p * k, 1);
        int[] labels = new int[OFF + n];
        for (int i = 0; i < n; i++) {
            labels[OFF + i] = rnd.nextInt(k);
        }
        int ld = p + PAD;
        double[] pr = new double[OFF + n * k];
        double[] grad = new double[OFF + p * k];
        LossKernels.softmaxCrossEntropyGradient(n, p, k, x, X_OFF, ld, w, OFF, labels, OFF,
                pr, OFF, grad, OFF, work(LossKernels.softmaxWorkLength(n, p, k)), OFF);
        double h = 1e-5;
        for (int q = 0; q < p * k; q++) {
            double keep = w[OFF + q];
            w[OFF + q] = keep + h;
            double up = LossKernels.softmaxCrossEntropy(n, p, k, x, X_OFF, ld, w, OFF, labels, OFF, pr, OFF);
            w[OFF + q] = keep - h;
            double down = LossKernels.softmaxCrossEntropy(n, p, k, x, X_OFF, ld, w, OFF, labels, OFF, pr, OFF);
            w[OFF + q] = keep;
            assertEquals((up - down) / (2 * h), grad[OFF + q], 1e-6 * (1 + Math.abs(grad[OFF + q])));
        }
    }
}
