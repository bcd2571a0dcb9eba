package org.rootgrad.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.rootgrad.engine.KernelCases.Offsets;

/**
 * Element-wise kernels of both implementations. Arithmetic (add, sub, mul, div, fma) is one
 * rounding per element and must equal the exact BigDecimal value rounded to double bit for bit;
 * so must softThreshold and clip. Outputs may alias inputs at the same offset.
 */
class ElementWiseKernelsTest {

    private static final String CASES = "org.rootgrad.engine.KernelCases#cases";

    private interface Binary {
        void apply(ArrayKernels k, int n, double[] x, int xOff, double[] y, int yOff, double[] z, int zOff);
    }

    private interface Reference {
        double apply(double a, double b);
    }

    @ParameterizedTest(name = "{0} n={1} {2}")
    @MethodSource(CASES)
    void arithmeticIsCorrectlyRounded(String impl, int n, Offsets o) {
        ArrayKernels k = Implementations.get(impl);
        checkBinary(k, n, o, "add", ArrayKernels::add, (a, b) -> Exact.of(a).add(Exact.of(b)).doubleValue());
        checkBinary(k, n, o, "sub", ArrayKernels::sub, (a, b) -> Exact.of(a).subtract(Exact.of(b)).doubleValue());
        checkBinary(k, n, o, "mul", ArrayKernels::mul, (a, b) -> Exact.fma(a, b, 0));
        checkBinary(k, n, o, "div", ArrayKernels::div, Exact::quotient);
    }

    private static void checkBinary(ArrayKernels k, int n, Offsets o, String name, Binary op, Reference exact) {
        SplittableRandom rnd = new SplittableRandom(n + name.hashCode());
        double[] x = TestVectors.awayFromZero(rnd, n, o.a(), 0.5, 4);
        double[] y = TestVectors.awayFromZero(rnd, n, o.b(), 0.5, 4);
        double[] z = TestVectors.uniform(rnd, n, o.c(), -1, 1);
        op.apply(k, n, x, o.a(), y, o.b(), z, o.c());
        for (int i = 0; i < n; i++) {
            assertEquals(exact.apply(x[o.a() + i], y[o.b() + i]), z[o.c() + i], name + " " + i);
        }
        TestVectors.assertGuardsIntact(name + " z", z, o.c(), n);
        // In place: z is x itself.
        double[] x0 = x.clone();
        op.apply(k, n, x, o.a(), y, o.b(), x, o.a());
        for (int i = 0; i < n; i++) {
            assertEquals(exact.apply(x0[o.a() + i], y[o.b() + i]), x[o.a() + i], name + " in place " + i);
        }
    }

    @ParameterizedTest(name = "{0} n={1} {2}")
    @MethodSource(CASES)
    void fmaRoundsOnce(String impl, int n, Offsets o) {
        ArrayKernels k = Implementations.get(impl);
        SplittableRandom rnd = new SplittableRandom(n + 11);
        double[] x = TestVectors.uniform(rnd, n, o.a(), -1, 1);
        double[] y = TestVectors.uniform(rnd, n, o.b(), -1, 1);
        double[] z = TestVectors.uniform(rnd, n, o.c(), -1, 1);
        double[] out = TestVectors.uniform(rnd, n, o.d(), -1, 1);
        k.fma(n, x, o.a(), y, o.b(), z, o.c(), out, o.d());
        for (int i = 0; i < n; i++) {
            assertEquals(Exact.fma(x[o.a() + i], y[o.b() + i], z[o.c() + i]), out[o.d() + i], "out" + i);
        }
        TestVectors.assertGuardsIntact("out", out, o.d(), n);
    }

    @ParameterizedTest(name = "{0} n={1} {2}")
    @MethodSource(CASES)
    void softThresholdShrinksTowardZeroKeepingSign(String impl, int n, Offsets o) {
        ArrayKernels k = Implementations.get(impl);
        double t = 0.25;
        double[] x = TestVectors.uniform(new SplittableRandom(n + 12), n, o.a(), -1, 1);
        double[] y = TestVectors.uniform(new SplittableRandom(n + 13), n, o.b(), -1, 1);
        k.softThreshold(n, t, x, o.a(), y, o.b());
        for (int i = 0; i < n; i++) {
            double v = x[o.a() + i];
            double expected = v > t ? v - t : v < -t ? v + t : (v < 0 ? -0.0 : 0.0);
            assertEquals(expected, y[o.b() + i], "y" + i); // assertEquals(double) tells −0.0 from 0.0
        }
        TestVectors.assertGuardsIntact("y", y, o.b(), n);
    }

    @ParameterizedTest(name = "{0} n={1} {2}")
    @MethodSource(CASES)
    void clipClampsIntoTheInterval(String impl, int n, Offsets o) {
        ArrayKernels k = Implementations.get(impl);
        double[] x = TestVectors.uniform(new SplittableRandom(n + 14), n, o.a(), -2, 2);
        double[] y = TestVectors.uniform(new SplittableRandom(n + 15), n, o.b(), -1, 1);
        k.clip(n, -0.5, 1.25, x, o.a(), y, o.b());
        for (int i = 0; i < n; i++) {
            double v = x[o.a() + i];
            assertEquals(v < -0.5 ? -0.5 : v > 1.25 ? 1.25 : v, y[o.b() + i], "y" + i);
        }
        TestVectors.assertGuardsIntact("y", y, o.b(), n);
    }

    @ParameterizedTest
    @ValueSource(strings = {Implementations.SCALAR, Implementations.PANAMA})
    void thresholdingEdgeValues(String impl) {
        ArrayKernels k = Implementations.get(impl);
        double inf = Double.POSITIVE_INFINITY;
        double[] x = {0.0, -0.0, inf, -inf, Double.NaN, 1e308, -1e-308, 0.5, -0.5, 0.75};
        double[] soft = repeatToVectorLength(x);
        double[] out = new double[soft.length];
        k.softThreshold(soft.length, 0.5, soft, 0, out, 0);
        double[] expectedSoft = {0.0, -0.0, inf, -inf, Double.NaN, 1e308, -0.0, 0.0, -0.0, 0.25};
        for (int i = 0; i < soft.length; i++) {
            assertEquals(expectedSoft[i % x.length], out[i], "softThreshold(" + soft[i] + ")");
        }
        k.clip(soft.length, -1, 1, soft, 0, out, 0);
        double[] expectedClip = {0.0, -0.0, 1, -1, Double.NaN, 1, -1e-308, 0.5, -0.5, 0.75};
        for (int i = 0; i < soft.length; i++) {
            double e = expectedClip[i % x.length];
            assertTrue(e == out[i] || Double.isNaN(e) && Double.isNaN(out[i]), "clip(" + soft[i] + ") = " + out[i]);
        }
    }

    /** The pattern repeated to three vectors and a tail, so each value meets a vector lane and the tail. */
    static double[] repeatToVectorLength(double[] pattern) {
        int n = 3 * Implementations.lanes() + pattern.length + 1;
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = pattern[i % pattern.length];
        }
        return a;
    }
}
