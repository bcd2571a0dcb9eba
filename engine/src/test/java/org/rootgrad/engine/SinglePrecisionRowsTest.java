package org.rootgrad.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.rootgrad.error.DimensionMismatchException;
import org.rootgrad.error.NonFiniteException;

/**
 * The single-precision Gram products against the same product in double on the original X,
 * componentwise: |error_k| ≤ (p + 48)·2⁻²⁴·α Σᵢ |dᵢ| (Σⱼ |xᵢⱼ||vⱼ|) |xᵢₖ|, the rounding of X, v
 * and the weights plus float sums of a dot product's p terms (the scalar twin sums them in
 * sequence, the vector kernel in 16 lanes) and of a 32-row block's update. Powers of two are exact in
 * both precisions, so scaling X, v or d by one scales the result by the same to the bit, far
 * outside float's range too.
 */
class SinglePrecisionRowsTest {
    private static final int OFF = 3;
    private static final double UNIT = Math.scalb(1.0, -24);

    private static double[] gaussian(SplittableRandom rnd, int length, double scale) {
        double[] v = new double[OFF + length];
        for (int i = 0; i < length; i++) {
            v[OFF + i] = scale * rnd.nextGaussian();
        }
        return v;
    }

    /** X (n×p) at OFF with leading dimension p + 2, garbage in the gaps. */
    private static double[] matrix(SplittableRandom rnd, int n, int p) {
        double[] x = new double[OFF + n * (p + 2)];
        for (int i = 0; i < x.length; i++) {
            x[i] = 1e6 * rnd.nextDouble();
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < p; j++) {
                x[OFF + i * (p + 2) + j] = rnd.nextGaussian();
            }
        }
        return x;
    }

    private static double[] product(SinglePrecisionRows rows, double alpha, double[] d, double[] v, double[] out) {
        float[] work = new float[OFF + LossKernels.gramVectorWorkLength(rows)];
        Arrays.fill(work, Float.NaN); // the kernel must write its scratch before reading it
        LossKernels.weightedGramVector(rows, alpha, d, OFF, v, OFF, out, OFF, work, OFF);
        return out;
    }

    @ParameterizedTest
    @CsvSource({"1,1", "7,3", "8,16", "9,17", "33,31", "64,32", "250,100", "1000,50", "123,200"})
    void matchesTheDoubleProductWithinSinglePrecision(int n, int p) {
        SplittableRandom rnd = new SplittableRandom(31L * n + p);
        double[] x = matrix(rnd, n, p);
        int ldx = p + 2;
        double[] d = new double[OFF + n];
        for (int i = 0; i < n; i++) {
            d[OFF + i] = i % 5 == 2 ? 0 : 0.25 * rnd.nextDouble() / n;
        }
        double[] v = gaussian(rnd, p, 1);
        double alpha = 1.5;
        SinglePrecisionRows rows = SinglePrecisionRows.of(n, p, x, OFF, ldx);
        assertEquals(Math.max(p, SinglePrecisionRows.PAD), rows.leadingDimension(), "unpadded from 16 columns");

        double[] out = new double[OFF + p + 2];
        Arrays.fill(out, 7.0);
        product(rows, alpha, d, v, out);
        double[] exact = new double[p];
        double[] magnitude = new double[p];
        for (int i = 0; i < n; i++) {
            double dot = 0;
            double absDot = 0;
            for (int j = 0; j < p; j++) {
                double xij = x[OFF + i * ldx + j];
                dot += xij * v[OFF + j];
                absDot += Math.abs(xij * v[OFF + j]);
            }
            for (int k = 0; k < p; k++) {
                double xik = x[OFF + i * ldx + k];
                exact[k] += alpha * d[OFF + i] * dot * xik;
                magnitude[k] += alpha * d[OFF + i] * absDot * Math.abs(xik);
            }
        }
        double tolerance = (p + 48) * UNIT;
        for (int k = 0; k < p; k++) {
            double got = out[OFF + k] - 7.0; // out accumulates
            assertTrue(Math.abs(got - exact[k]) <= tolerance * magnitude[k] + 8 * Math.ulp(7.0),
                    "component " + k + ": " + got + " vs " + exact[k] + " (bound " + tolerance * magnitude[k] + ")");
        }
        assertEquals(7.0, out[OFF - 1], "before out");
        assertEquals(7.0, out[OFF + p], "after out");
    }

    @Test
    void aGivenWeightsExponentScalesExactly() {
        SplittableRandom rnd = new SplittableRandom(9);
        int n = 77;
        int p = 37;
        double[] x = matrix(rnd, n, p);
        SinglePrecisionRows rows = SinglePrecisionRows.of(n, p, x, OFF, p + 2);
        double[] d = gaussian(rnd, n, 1e-3);
        double[] v = gaussian(rnd, p, 1);
        int e = LossKernels.weightsExponent(n, d, OFF);
        double largest = 0;
        for (int i = 0; i < n; i++) {
            largest = Math.max(largest, Math.abs(d[OFF + i]));
        }
        assertEquals(Math.getExponent(largest), e);
        double[] found = product(rows, 1.5, d, v, new double[OFF + p]);
        float[] work = new float[OFF + LossKernels.gramVectorWorkLength(rows)];
        for (int shift : new int[] {0, 5, -7}) {
            double[] given = new double[OFF + p];
            LossKernels.weightedGramVector(rows, 1.5, d, OFF, e + shift, v, OFF, given, OFF, work, OFF);
            assertTrue(Arrays.equals(found, given), "exponent " + (e + shift) + ": powers of two scale exactly");
        }
        double[] zeros = new double[OFF + n];
        assertEquals(LossKernels.ZERO_WEIGHTS, LossKernels.weightsExponent(n, zeros, OFF));
        assertEquals(LossKernels.ZERO_WEIGHTS, LossKernels.weightsExponent(0, d, OFF));
        double[] untouched = found.clone();
        LossKernels.weightedGramVector(rows, 1.5, d, OFF, LossKernels.ZERO_WEIGHTS, v, OFF, untouched, OFF, work, OFF);
        assertTrue(Arrays.equals(found, untouched), "zero weights leave out as it is");
    }

    @Test
    void theUnweightedProductIsTheProductWithUnitWeights() {
        SplittableRandom rnd = new SplittableRandom(5);
        int n = 45;
        int p = 21;
        double[] x = matrix(rnd, n, p);
        SinglePrecisionRows rows = SinglePrecisionRows.of(n, p, x, OFF, p + 2);
        double[] ones = new double[OFF + n];
        Arrays.fill(ones, 1.0);
        double[] v = gaussian(rnd, p, 1);
        double[] weighted = product(rows, 0.5, ones, v, new double[OFF + p]);
        double[] plain = new double[OFF + p];
        float[] work = new float[LossKernels.gramVectorWorkLength(rows)];
        LossKernels.gramVector(rows, 0.5, v, OFF, plain, OFF, work, 0);
        assertTrue(Arrays.equals(weighted, plain), Arrays.toString(weighted) + " vs " + Arrays.toString(plain));
    }

    /**
     * X·2²⁰⁰ (far beyond float's range), v·2⁻³⁰⁰ and d·2⁹⁰: the product scales by 2^(400 − 300 + 90)
     * exactly, because the kernels rescale by powers of two before rounding to float.
     */
    @Test
    void scalingByPowersOfTwoScalesTheResultExactly() {
        SplittableRandom rnd = new SplittableRandom(8);
        int n = 37;
        int p = 19;
        double[] x = matrix(rnd, n, p);
        double[] d = gaussian(rnd, n, 0.01);
        double[] v = gaussian(rnd, p, 1);
        double[] base = product(SinglePrecisionRows.of(n, p, x, OFF, p + 2), 1, d, v, new double[OFF + p]);

        double[] scaled = product(SinglePrecisionRows.of(n, p, scalb(x, 200), OFF, p + 2), 1, scalb(d, 90),
                scalb(v, -300), new double[OFF + p]);
        for (int k = 0; k < p; k++) {
            assertEquals(Math.scalb(base[OFF + k], 190), scaled[OFF + k], "component " + k);
            assertTrue(Double.isFinite(scaled[OFF + k]) && scaled[OFF + k] != 0 || base[OFF + k] == 0);
        }
    }

    private static double[] scalb(double[] a, int exponent) {
        double[] b = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            b[i] = Math.scalb(a[i], exponent);
        }
        return b;
    }

    @Test
    void zeroDirectionsOrWeightsAndEmptyMatricesLeaveOutAsItIs() {
        SplittableRandom rnd = new SplittableRandom(2);
        int n = 10;
        int p = 5;
        SinglePrecisionRows rows = SinglePrecisionRows.of(n, p, matrix(rnd, n, p), OFF, p + 2);
        double[] out = gaussian(rnd, p, 1);
        double[] before = out.clone();
        product(rows, 1, gaussian(rnd, n, 1), new double[OFF + p], out);
        product(rows, 1, new double[OFF + n], gaussian(rnd, p, 1), out);
        product(SinglePrecisionRows.of(0, p, new double[0], 0, p), 1, null, gaussian(rnd, p, 1), out);
        assertTrue(Arrays.equals(before, out));
    }

    @Test
    void entriesAreTheRoundedValuesAndTheCopyHasItsDocumentedShape() {
        double[] x = {3.0, 0.1, -1e-3, 1.0 / 3, 2.5, 6.0};
        SinglePrecisionRows rows = SinglePrecisionRows.of(2, 3, x, 0, 3);
        assertEquals(2, rows.rows());
        assertEquals(3, rows.cols());
        assertEquals(16, rows.leadingDimension());
        assertEquals(2, rows.exponent()); // 4 ≤ max|x| = 6 < 8
        assertEquals(2 * 16 * Float.BYTES, rows.bytes());
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 3; j++) {
                double v = x[i * 3 + j];
                assertEquals(4.0 * (float) (v / 4.0), rows.get(i, j), "entry (" + i + ", " + j + ")");
            }
        }
        assertThrows(DimensionMismatchException.class, () -> rows.get(2, 0));
        assertThrows(DimensionMismatchException.class, () -> rows.get(0, 3));
    }

    @Test
    void badInputIsRejectedWithTypedErrors() {
        double[] x = {1, 2, 3, Double.NaN, 5, 6};
        NonFiniteException nan = assertThrows(NonFiniteException.class, () -> SinglePrecisionRows.of(2, 3, x, 0, 3));
        assertTrue(nan.getMessage().contains("x[1, 0]"), nan.getMessage());
        assertThrows(DimensionMismatchException.class, () -> SinglePrecisionRows.of(3, 3, new double[8], 0, 3));
        assertThrows(DimensionMismatchException.class, () -> SinglePrecisionRows.of(2, 3, new double[6], 0, 2));
        assertThrows(DimensionMismatchException.class, () -> SinglePrecisionRows.of(2, 3, null, 0, 3));
    }
}
