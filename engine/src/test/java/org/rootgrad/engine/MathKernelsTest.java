package org.rootgrad.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.rootgrad.engine.KernelCases.Offsets;

/**
 * Transcendental kernels of both implementations.
 *
 * <ul>
 *   <li>exp, expm1, log, log1p, tanh: within {@value #ULPS_OF_MATH} ulps of {@link Math}'s result
 *       (itself within 1 ulp of exact); TranscendentalAccuracyTest measures the Vector API
 *       kernels against exact values.
 *   <li>sigmoid, softplus: within {@value #ULPS_OF_NAIVE} ulps of the naive formulas 1/(1 + e^(−x))
 *       and log1p(e^x), which are accurate (a few roundings) wherever e^(±x) does not overflow,
 *       i.e. for |x| ≤ 700; the kernels use different, tail-safe forms.
 *   <li>Special values (±0, ±∞, NaN, overflow and underflow of the result) equal the expected
 *       values bit for bit, including the sign of zero.
 * </ul>
 */
class MathKernelsTest {

    static final int ULPS_OF_MATH = 2;
    static final int ULPS_OF_NAIVE = 4;

    private static final String CASES = "org.rootgrad.engine.KernelCases#cases";

    private interface Unary {
        void apply(ArrayKernels k, int n, double[] x, int xOff, double[] y, int yOff);
    }

    private static void check(ArrayKernels k, int n, Offsets o, String name, Unary op, DoubleUnaryOperator ref,
                              double lo, double hi, int ulps) {
        SplittableRandom rnd = new SplittableRandom(n + name.hashCode());
        double[] x = TestVectors.uniform(rnd, n, o.a(), lo, hi);
        double[] y = TestVectors.uniform(rnd, n, o.b(), -1, 1);
        op.apply(k, n, x, o.a(), y, o.b());
        for (int i = 0; i < n; i++) {
            double v = x[o.a() + i];
            double expected = ref.applyAsDouble(v);
            double got = y[o.b() + i];
            assertTrue(Exact.ulps(got, expected) <= ulps,
                    () -> name + "(" + v + ") = " + got + ", expected " + expected + " within " + ulps + " ulps");
        }
        TestVectors.assertGuardsIntact(name + " y", y, o.b(), n);
        // In place at the same offset gives the same values.
        double[] copy = y.clone();
        op.apply(k, n, x, o.a(), x, o.a());
        for (int i = 0; i < n; i++) {
            assertEquals(copy[o.b() + i], x[o.a() + i], name + " in place " + i);
        }
    }

    @ParameterizedTest(name = "{0} n={1} {2}")
    @MethodSource(CASES)
    void expExpm1LogLog1pTanhAreWithinUlpsOfMath(String impl, int n, Offsets o) {
        ArrayKernels k = Implementations.get(impl);
        check(k, n, o, "exp", ArrayKernels::exp, Math::exp, -740, 705, ULPS_OF_MATH);
        check(k, n, o, "exp near 0", ArrayKernels::exp, Math::exp, -1, 1, ULPS_OF_MATH);
        check(k, n, o, "expm1", ArrayKernels::expm1, Math::expm1, -50, 705, ULPS_OF_MATH);
        check(k, n, o, "expm1 near 0", ArrayKernels::expm1, Math::expm1, -1e-3, 1e-3, ULPS_OF_MATH);
        check(k, n, o, "log", ArrayKernels::log, Math::log, 1e-3, 1e3, ULPS_OF_MATH);
        check(k, n, o, "log near 1", ArrayKernels::log, Math::log, 0.5, 2, ULPS_OF_MATH);
        check(k, n, o, "log1p", ArrayKernels::log1p, Math::log1p, -0.999, 1e6, ULPS_OF_MATH);
        check(k, n, o, "log1p near 0", ArrayKernels::log1p, Math::log1p, -1e-3, 1e-3, ULPS_OF_MATH);
        check(k, n, o, "tanh", ArrayKernels::tanh, Math::tanh, -25, 25, ULPS_OF_MATH);
        check(k, n, o, "tanh near 0", ArrayKernels::tanh, Math::tanh, -1e-3, 1e-3, ULPS_OF_MATH);
    }

    @ParameterizedTest(name = "{0} n={1} {2}")
    @MethodSource(CASES)
    void sigmoidAndSoftplusMatchNaiveFormulasWhereTheyAreAccurate(String impl, int n, Offsets o) {
        ArrayKernels k = Implementations.get(impl);
        DoubleUnaryOperator sigmoid = v -> 1 / (1 + Math.exp(-v));
        DoubleUnaryOperator softplus = v -> Math.log1p(Math.exp(v));
        check(k, n, o, "sigmoid", ArrayKernels::sigmoid, sigmoid, -700, 700, ULPS_OF_NAIVE);
        check(k, n, o, "sigmoid near 0", ArrayKernels::sigmoid, sigmoid, -3, 3, ULPS_OF_NAIVE);
        check(k, n, o, "softplus", ArrayKernels::softplus, softplus, -700, 700, ULPS_OF_NAIVE);
        check(k, n, o, "softplus near 0", ArrayKernels::softplus, softplus, -3, 3, ULPS_OF_NAIVE);
    }

    @ParameterizedTest
    @ValueSource(strings = {Implementations.SCALAR, Implementations.PANAMA})
    void specialValuesFollowTheContract(String impl) {
        ArrayKernels k = Implementations.get(impl);
        double inf = Double.POSITIVE_INFINITY;
        double nan = Double.NaN;
        double max = Double.MAX_VALUE;
        double[] x = {0.0, -0.0, inf, -inf, nan, -800, 800, 710, max, -max, Double.MIN_VALUE, -1, 1};
        double e = Math.E;
        expect(k, "exp", ArrayKernels::exp, x, 1, 1, inf, 0, nan, 0, inf, inf, inf, 0, 1, 1 / e, e);
        expect(k, "expm1", ArrayKernels::expm1, x, 0.0, -0.0, inf, -1, nan, -1, inf, inf, inf, -1, Double.MIN_VALUE,
                Math.expm1(-1), Math.expm1(1));
        expect(k, "log", ArrayKernels::log, x, -inf, -inf, inf, nan, nan, nan, Math.log(800), Math.log(710),
                Math.log(max), nan, Math.log(Double.MIN_VALUE), nan, 0);
        expect(k, "log1p", ArrayKernels::log1p, x, 0.0, -0.0, inf, nan, nan, nan, Math.log1p(800), Math.log1p(710),
                Math.log(max), nan, Double.MIN_VALUE, -inf, Math.log(2));
        expect(k, "tanh", ArrayKernels::tanh, x, 0.0, -0.0, 1, -1, nan, -1, 1, 1, 1, -1, Double.MIN_VALUE,
                Math.tanh(-1), Math.tanh(1));
        expect(k, "sigmoid", ArrayKernels::sigmoid, x, 0.5, 0.5, 1, 0, nan, Math.exp(-800), 1, 1, 1, 0, 0.5,
                1 / (1 + e), e / (1 + e));
        expect(k, "softplus", ArrayKernels::softplus, x, Math.log(2), Math.log(2), inf, 0, nan, 0, 800, 710, max, 0,
                Math.log(2), Math.log1p(1 / e), Math.log1p(e));
    }

    private static void expect(ArrayKernels k, String name, Unary op, double[] x, double... expected) {
        double[] in = ElementWiseKernelsTest.repeatToVectorLength(x);
        double[] out = new double[in.length];
        op.apply(k, in.length, in, 0, out, 0);
        for (int i = 0; i < in.length; i++) {
            double want = expected[i % x.length];
            double got = out[i];
            String what = name + "(" + in[i] + ") = " + got + ", expected " + want;
            if (Double.isNaN(want) || Double.isInfinite(want) || want == 0) {
                assertEquals(want, got, what); // bit for bit: NaN, ±∞, and the sign of zero
            } else {
                assertTrue(Exact.ulps(got, want) <= ULPS_OF_NAIVE, what);
            }
        }
    }
}
