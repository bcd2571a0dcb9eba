package org.rootgrad.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.rootgrad.engine.internal.Lanes;
import org.rootgrad.engine.internal.PanamaRowSweepKernels;
import org.rootgrad.engine.internal.RowSweepKernels;

/**
 * The single-precision Xᵀdiag(c)X. The vector kernel and the scalar twin claim to round the same
 * operations in the same order, so they are compared bit for bit, both called directly in one
 * JVM (the suite's second, scalar run would otherwise only ever see the twin). The public
 * product, whichever implementation is active, is compared with the double product of the
 * float-rounded X ({@link SinglePrecisionRows#get}) and c: each block's float sum of m ≤
 * {@value RowSweepKernels#GRAM_ROWS} FMAs after rounding c̃ and c̃·x̃ is within (m + 2)·2⁻²⁴
 * of (|X|ᵀ|C||X|)ab to first order, the classical bound for recursive summation; one more unit
 * covers the second-order terms and the double sums. It holds whatever the data (random data
 * stay well inside it), so the check is deterministic.
 */
class SinglePrecisionGramTest {
    private static final int OFF = 3;
    private static final double UNIT = Math.scalb(1.0, -24);
    private static final double GUARD = 42.0;

    /** X (n×p) at OFF with leading dimension p + 2, garbage in the gaps: only the copy is read. */
    private static double[] matrix(SplittableRandom rnd, int n, int p, double scale) {
        double[] x = new double[OFF + n * (p + 2)];
        for (int i = 0; i < x.length; i++) {
            x[i] = 1e6 * rnd.nextDouble();
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < p; j++) {
                x[OFF + i * (p + 2) + j] = scale * rnd.nextGaussian();
            }
        }
        return x;
    }

    /** Curvatures at OFF, scale·[0, 1), every seventh zero. */
    private static double[] weights(SplittableRandom rnd, int n, double scale) {
        double[] c = new double[OFF + n];
        for (int i = 0; i < n; i++) {
            c[OFF + i] = i % 7 == 3 ? 0 : scale * rnd.nextDouble();
        }
        return c;
    }

    /** out at OFF of a p×p array with {@link #GUARD} before and after it, the rest {@code fill}. */
    private static double[] output(int p, double fill) {
        double[] out = new double[OFF + p * p + 2];
        Arrays.fill(out, fill);
        out[OFF - 1] = GUARD;
        out[OFF + p * p] = GUARD;
        return out;
    }

    private static float[] work(SinglePrecisionRows rows) {
        float[] work = new float[OFF + LossKernels.weightedGramWorkLength(rows)];
        Arrays.fill(work, Float.NaN); // the kernel must write its scratch before reading it
        return work;
    }

    /** The public product, into out at OFF. */
    private static double[] product(SinglePrecisionRows rows, double[] c, int cExponent, double[] out) {
        LossKernels.weightedGram(rows, c, OFF, cExponent, out, OFF, work(rows), OFF);
        return out;
    }

    private static void assertGuards(double[] out, int p) {
        assertEquals(GUARD, out[OFF - 1], "before out");
        assertEquals(GUARD, out[OFF + p * p], "after out");
    }

    static Stream<Arguments> shapes() {
        int[] ns = {1, 7, 255, 256, 257, 1000};
        int[] ps = {1, 3, 15, 16, 17, 31, 32, 33, 36, 50, 64, 100, 129};
        return Arrays.stream(ns).boxed().flatMap(n -> IntStream.of(ps).mapToObj(p -> Arguments.of(n, p)));
    }

    /**
     * The vector kernel and the scalar twin to the bit, on every shape of the tiles: one or more
     * blocks with a partial last one, panels of up to 16 and of 17 to 32 columns, one to seven
     * last rows for the 4-row tiles, rows padded to 16 below 16 columns. The copy's last row ends
     * its array from 16 columns on, so a read past column p would throw.
     */
    @ParameterizedTest
    @MethodSource("shapes")
    void theVectorKernelAndTheScalarTwinAgreeBitForBit(int n, int p) {
        assertTheVectorKernelIsTheTwin(n, p);
    }

    /** A copy of more than 2¹⁸ floats (a core's L2), which the vector kernel reads ahead block by block. */
    @Test
    void aCopyLargeEnoughToBeReadAheadGivesTheTwinsBits() {
        assertTheVectorKernelIsTheTwin((1 << 18) / 17 + 5, 17);
    }

    private static void assertTheVectorKernelIsTheTwin(int n, int p) {
        assumeTrue(Implementations.panama().isPresent(), Implementations::panamaUnavailableReason);
        assumeTrue(Lanes.preferredDoubleLanes() == 8, "the row sweeps need 512-bit vectors");
        SplittableRandom rnd = new SplittableRandom(1000L * n + p);
        SinglePrecisionRows rows = SinglePrecisionRows.of(n, p, matrix(rnd, n, p, 1), OFF, p + 2);
        double[] c = weights(rnd, n, 0.25 / n);
        int e = LossKernels.weightsExponent(n, c, OFF);
        double cScale = Math.scalb(1.0, -e);
        double s = Math.scalb(1.0, e + 2 * rows.exponent());

        double[] vector = output(p, Double.NaN);
        new PanamaRowSweepKernels().weightedGramSingle(n, p, rows.ld, rows.data, c, OFF, cScale, s,
                vector, OFF, work(rows), OFF);
        double[] twin = output(p, -1.0);
        LossKernels.weightedGramSingleTwin(n, p, rows.ld, rows.data, c, OFF, cScale, s, twin, OFF);
        for (int k = 0; k < p * p; k++) {
            int at = k;
            assertEquals(Double.doubleToRawLongBits(twin[OFF + k]), Double.doubleToRawLongBits(vector[OFF + k]),
                    () -> "(" + at / p + ", " + at % p + "): twin " + twin[OFF + at] + ", vector " + vector[OFF + at]);
        }
        assertGuards(vector, p);
    }

    /**
     * The active product against the double product of the rounded X, within the summation
     * bound; symmetric to the bit; and the same bits whatever out held before.
     */
    @ParameterizedTest
    @MethodSource("shapes")
    void matchesTheDoubleProductOfTheRoundedMatrixAndIsSymmetric(int n, int p) {
        SplittableRandom rnd = new SplittableRandom(77L * n + p);
        double[] x = matrix(rnd, n, p, 1);
        double[] c = weights(rnd, n, 0.25 / n);
        SinglePrecisionRows rows = SinglePrecisionRows.of(n, p, x, OFF, p + 2);
        double[] out = product(rows, c, LossKernels.weightsExponent(n, c, OFF), output(p, Double.NaN));
        assertWithinTheBound(rows, c, out, n, p);
        for (int a = 0; a < p; a++) {
            for (int b = 0; b < a; b++) {
                assertEquals(Double.doubleToRawLongBits(out[OFF + a * p + b]),
                        Double.doubleToRawLongBits(out[OFF + b * p + a]), "symmetric at (" + a + ", " + b + ")");
            }
        }
        assertGuards(out, p);
        double[] again = product(rows, c, LossKernels.weightsExponent(n, c, OFF), output(p, 1e300));
        assertTrue(Arrays.equals(out, OFF, OFF + p * p, again, OFF, OFF + p * p), "out's previous contents do not matter");
    }

    private static void assertWithinTheBound(SinglePrecisionRows rows, double[] c, double[] out, int n, int p) {
        double[] rounded = new double[n * p];
        double[] magnitudes = new double[n * p];
        double[] absC = new double[n];
        for (int i = 0; i < n; i++) {
            absC[i] = Math.abs(c[OFF + i]);
            for (int j = 0; j < p; j++) {
                rounded[i * p + j] = rows.get(i, j);
                magnitudes[i * p + j] = Math.abs(rows.get(i, j));
            }
        }
        double[] want = new double[p * p];
        double[] magnitude = new double[p * p];
        double[] work = new double[LossKernels.weightedGramWorkLength(p)];
        double[] cc = Arrays.copyOfRange(c, OFF, OFF + n);
        LossKernels.weightedGram(n, p, rounded, 0, p, cc, 0, want, 0, work, 0);
        LossKernels.weightedGram(n, p, magnitudes, 0, p, absC, 0, magnitude, 0, work, 0);
        double bound = (Math.min(n, RowSweepKernels.GRAM_ROWS) + 3) * UNIT;
        for (int a = 0; a < p; a++) {
            for (int b = 0; b < p; b++) {
                double got = out[OFF + a * p + b];
                double expected = want[a * p + b];
                double tolerance = bound * magnitude[a * p + b];
                assertTrue(Math.abs(got - expected) <= tolerance, "(" + a + ", " + b + "): " + got + " vs "
                        + expected + " (bound " + tolerance + ")");
            }
        }
    }

    /**
     * X and c of magnitudes far outside float's range, alone and combined: the powers of two the
     * kernels scale by keep the floats in range, so the error stays within the bound.
     */
    @ParameterizedTest
    @CsvSource({"1e30,1", "1e-30,1", "1,1e30", "1,1e-30", "1e30,1e30", "1e-30,1e-30", "1e30,1e-30", "1e-30,1e30"})
    void extremeScalesStayAccurate(double xScale, double cScale) {
        int n = 300;
        int p = 37;
        SplittableRandom rnd = new SplittableRandom(Double.hashCode(xScale) * 31L + Double.hashCode(cScale));
        double[] c = weights(rnd, n, cScale);
        SinglePrecisionRows rows = SinglePrecisionRows.of(n, p, matrix(rnd, n, p, xScale), OFF, p + 2);
        double[] out = product(rows, c, LossKernels.weightsExponent(n, c, OFF), output(p, Double.NaN));
        assertWithinTheBound(rows, c, out, n, p);
        double diagonal = out[OFF];
        assertTrue(diagonal > 0 && Double.isFinite(diagonal), "a diagonal entry " + diagonal);
    }

    /** Powers of two in X and c scale out exactly, to the bit, far beyond float's range. */
    @Test
    void scalingByPowersOfTwoScalesTheResultExactly() {
        SplittableRandom rnd = new SplittableRandom(12);
        int n = 300;
        int p = 33;
        double[] x = matrix(rnd, n, p, 1);
        double[] c = weights(rnd, n, 1e-3);
        double[] base = product(SinglePrecisionRows.of(n, p, x, OFF, p + 2), c,
                LossKernels.weightsExponent(n, c, OFF), output(p, 0));
        double[] x2 = x.clone();
        for (int i = 0; i < x2.length; i++) {
            x2[i] = Math.scalb(x2[i], 300);
        }
        double[] c2 = c.clone();
        for (int i = 0; i < c2.length; i++) {
            c2[i] = Math.scalb(c2[i], -250);
        }
        double[] scaled = product(SinglePrecisionRows.of(n, p, x2, OFF, p + 2), c2,
                LossKernels.weightsExponent(n, c2, OFF), output(p, 0));
        for (int k = 0; k < p * p; k++) {
            assertEquals(Math.scalb(base[OFF + k], 2 * 300 - 250), scaled[OFF + k], "entry " + k);
        }
    }

    /** A given exponent other than c's own scales c̃ by a power of two, which is exact unless c̃ leaves float's range. */
    @Test
    void aGivenWeightsExponentScalesExactly() {
        SplittableRandom rnd = new SplittableRandom(13);
        int n = 260;
        int p = 20;
        SinglePrecisionRows rows = SinglePrecisionRows.of(n, p, matrix(rnd, n, p, 1), OFF, p + 2);
        double[] c = weights(rnd, n, 1e-3);
        int e = LossKernels.weightsExponent(n, c, OFF);
        double[] own = product(rows, c, e, output(p, 0));
        for (int shift : new int[] {5, -7}) {
            assertTrue(Arrays.equals(own, product(rows, c, e + shift, output(p, 0))), "exponent " + (e + shift)); // guards and fill equal too
        }
    }

    /** Zero weights (their exponent {@link LossKernels#ZERO_WEIGHTS}) and n = 0 give a zero out, whatever it held. */
    @Test
    void zeroWeightsAndNoRowsGiveZeros() {
        SplittableRandom rnd = new SplittableRandom(14);
        int n = 40;
        int p = 19;
        SinglePrecisionRows rows = SinglePrecisionRows.of(n, p, matrix(rnd, n, p, 1), OFF, p + 2);
        double[] zeros = new double[OFF + n];
        assertEquals(LossKernels.ZERO_WEIGHTS, LossKernels.weightsExponent(n, zeros, OFF));
        double[] out = product(rows, zeros, LossKernels.ZERO_WEIGHTS, output(p, Double.NaN));
        double[] empty = product(SinglePrecisionRows.of(0, p, new double[0], 0, p), new double[OFF], 0,
                output(p, 5.0));
        for (int k = 0; k < p * p; k++) {
            assertEquals(0.0, out[OFF + k], "zero weights, entry " + k);
            assertEquals(0.0, empty[OFF + k], "no rows, entry " + k);
        }
        assertGuards(out, p);
        assertGuards(empty, p);
    }
}
