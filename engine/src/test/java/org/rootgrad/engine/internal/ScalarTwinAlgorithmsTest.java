package org.rootgrad.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;
import org.rootgrad.engine.ArrayKernels;

/**
 * The Vector API transcendentals fix their rare lanes with {@link Transcendentals}' algorithms on
 * one double, which claim to be the vector algorithms spelled out (same exactly rounded
 * operations, same order). On ordinary arguments the vector kernels take their fast path, where
 * the rare path's clamps do nothing and its two-factor scaling is exact, so the one-double
 * algorithm must give the vector kernel's bits there: a transcription slip (a swapped fma
 * operand, a coefficient out of place) shows up as a difference. The rare arguments themselves
 * are checked for accuracy against exact references by TranscendentalAccuracyTest.
 */
class ScalarTwinAlgorithmsTest {

    private static final int N = 4096;

    @Test
    void expOnFastArguments() {
        check("exp", (k, x, y) -> k.exp(N, x, 0, y, 0), Transcendentals::exp, uniform(-708, 708));
    }

    @Test
    void expm1OnFastArguments() {
        check("expm1", (k, x, y) -> k.expm1(N, x, 0, y, 0), Transcendentals::expm1, uniform(-40, 41));
    }

    @Test
    void logOnFastArguments() {
        check("log", (k, x, y) -> k.log(N, x, 0, y, 0), Transcendentals::log, positiveNormals());
    }

    @Test
    void log1pOnFastArguments() {
        double[] x = positiveNormals();
        double[] near = uniform(-1, 1);
        for (int i = 0; i < N; i += 2) {
            x[i] = near[i] == -1 ? 0.5 : near[i];
            x[i + 1] = Math.min(x[i + 1], 0x1p1000);
        }
        check("log1p", (k, xs, y) -> k.log1p(N, xs, 0, y, 0), Transcendentals::log1p, x);
    }

    @Test
    void sigmoidOnFastArguments() {
        check("sigmoid", (k, x, y) -> k.sigmoid(N, x, 0, y, 0), Transcendentals::sigmoid, uniform(-708, 708));
    }

    @Test
    void softplusOnFastArguments() {
        check("softplus", (k, x, y) -> k.softplus(N, x, 0, y, 0), Transcendentals::softplus, uniform(-708, 708));
    }

    private interface Kernel {
        void apply(ArrayKernels k, double[] x, double[] y);
    }

    private static void check(String name, Kernel kernel, DoubleUnaryOperator oneDouble, double[] x) {
        ArrayKernels panama = panama();
        double[] y = new double[N];
        kernel.apply(panama, x, y);
        for (int i = 0; i < N; i++) {
            double expected = y[i];
            double actual = oneDouble.applyAsDouble(x[i]);
            int at = i;
            assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(actual),
                    () -> name + "(" + x[at] + "): vector " + expected + ", one-double algorithm " + actual);
        }
    }

    private static ArrayKernels panama() {
        ArrayKernels kernels = null;
        try {
            kernels = ArrayKernels.panama();
        } catch (UnsupportedOperationException e) {
            // the Vector API is absent: nothing to compare with
        }
        assumeTrue(kernels != null, "jdk.incubator.vector unavailable");
        return kernels;
    }

    /** Uniform in [lo, hi], with small magnitudes (|x| below 2^−20) mixed in, and no zero. */
    private static double[] uniform(double lo, double hi) {
        SplittableRandom random = new SplittableRandom(7);
        double[] x = new double[N];
        for (int i = 0; i < N; i++) {
            double v = i % 8 == 0 ? Math.scalb(random.nextDouble(-1, 1), -20 - random.nextInt(200)) : random.nextDouble(lo, hi);
            x[i] = v == 0 ? 0.25 : v;
        }
        return x;
    }

    /** m·2^e with m ∈ [1, 2) and e spread over the whole normal range. */
    private static double[] positiveNormals() {
        SplittableRandom random = new SplittableRandom(11);
        double[] x = new double[N];
        for (int i = 0; i < N; i++) {
            x[i] = Math.scalb(random.nextDouble(1, 2), random.nextInt(-1022, 1024));
        }
        return x;
    }
}
