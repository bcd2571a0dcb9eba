package org.rootgrad.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;

/**
 * Arrays laid out as [guard | offset padding | n payload elements | guard], with a sentinel in
 * every non-payload slot so that tests can prove a kernel wrote nothing outside its range.
 */
final class TestVectors {
    private TestVectors() {}

    static final double SENTINEL = -7.77e77;
    static final int GUARD = 11;

    /** Array of {@code off + n + GUARD} elements: sentinels except [off, off+n), uniform in [lo, hi). */
    static double[] uniform(SplittableRandom rnd, int n, int off, double lo, double hi) {
        double[] a = new double[off + n + GUARD];
        java.util.Arrays.fill(a, SENTINEL);
        for (int i = 0; i < n; i++) {
            a[off + i] = rnd.nextDouble(lo, hi);
        }
        return a;
    }

    /** Uniform in ±[lo, hi): bounded away from zero, both signs. */
    static double[] awayFromZero(SplittableRandom rnd, int n, int off, double lo, double hi) {
        double[] a = uniform(rnd, n, off, lo, hi);
        for (int i = 0; i < n; i++) {
            if (rnd.nextBoolean()) {
                a[off + i] = -a[off + i];
            }
        }
        return a;
    }

    static void assertGuardsIntact(String name, double[] a, int off, int n) {
        for (int i = 0; i < a.length; i++) {
            if (i < off || i >= off + n) {
                assertEquals(SENTINEL, a[i], name + "[" + i + "] outside [" + off + ", " + (off + n) + ") was written");
            }
        }
    }
}
