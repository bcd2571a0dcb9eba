package org.rootgrad.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rootgrad.engine.Exact.EPS;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.rootgrad.engine.KernelCases.Offsets;

/**
 * Reductions (dot, sum, asum, nrm2, iamax, max, logSumExp) of both implementations against exact
 * BigDecimal sums and naive loops. Any summation order with n terms, FMA or not, errs by at most
 * n·u·Σ|terms| (u = eps/2), so the stated bound |err| ≤ n·eps·Σ|terms| holds with a factor 2
 * to spare.
 */
class ReductionKernelsTest {

    private static final String CASES = "org.rootgrad.engine.KernelCases#cases";

    @ParameterizedTest(name = "{0} n={1} {2}")
    @MethodSource(CASES)
    void dotIsWithinSummationBoundOfExact(String impl, int n, Offsets o) {
        ArrayKernels k = Implementations.get(impl);
        SplittableRandom rnd = new SplittableRandom(n * 31L + o.a());
        double[] x = TestVectors.uniform(rnd, n, o.a(), -1, 1);
        double[] y = TestVectors.uniform(rnd, n, o.b(), -1, 1);
        double got = k.dot(n, x, o.a(), y, o.b());
        double bound = n * EPS * Exact.sumAbsProducts(n, x, o.a(), y, o.b());
        assertEquals(Exact.dot(n, x, o.a(), y, o.b()), got, bound);
    }

    @ParameterizedTest(name = "{0} n={1} {2}")
    @MethodSource(CASES)
    void sumAndAsumAreWithinSummationBoundOfExact(String impl, int n, Offsets o) {
        ArrayKernels k = Implementations.get(impl);
        double[] x = TestVectors.uniform(new SplittableRandom(n), n, o.a(), -10, 10);
        double absSum = Exact.sumAbs(n, x, o.a());
        assertEquals(Exact.sum(n, x, o.a()), k.sum(n, x, o.a()), n * EPS * absSum, "sum");
        assertEquals(absSum, k.asum(n, x, o.a()), n * EPS * absSum, "asum");
    }

    @ParameterizedTest(name = "{0} n={1} {2}")
    @MethodSource(CASES)
    void nrm2IsWithinRelativeBoundOfExactAtEveryScale(String impl, int n, Offsets o) {
        ArrayKernels k = Implementations.get(impl);
        // 1e±300 squares overflow or underflow double; 1e±160 squares are subnormal or near it.
        for (double scale : new double[] {1, 1e300, 1e-300, 1e160, 1e-160, Double.MIN_VALUE * 1e6}) {
            double[] x = TestVectors.uniform(new SplittableRandom(n), n, o.a(), -1, 1);
            for (int i = 0; i < n; i++) {
                x[o.a() + i] *= scale;
            }
            double exact = Exact.nrm2(n, x, o.a());
            double got = k.nrm2(n, x, o.a());
            // Relative error ≤ (n + 2)·eps, plus one subnormal ulp where the result itself is subnormal.
            assertEquals(exact, got, (n + 2) * EPS * exact + Double.MIN_VALUE, "scale " + scale);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {Implementations.SCALAR, Implementations.PANAMA})
    void nrm2HandlesExtremeMagnitudesExactly(String impl) {
        ArrayKernels k = Implementations.get(impl);
        int n = 100; // long enough for the vector path; √100 = 10 keeps the results exact
        assertEquals(1e301, k.nrm2(n, filled(n, 1e300), 0), 2 * EPS * 1e301, "1e300 x 100");
        assertEquals(1e-299, k.nrm2(n, filled(n, 1e-300), 0), 2 * EPS * 1e-299, "1e-300 x 100");
        assertEquals(10 * Double.MIN_VALUE, k.nrm2(n, filled(n, Double.MIN_VALUE), 0), "subnormal");
        double half = Double.MAX_VALUE / 2;
        assertEquals(half * Math.sqrt(2), k.nrm2(2, new double[] {half, -half}, 0), 2 * EPS * half * Math.sqrt(2));
        double[] mixed = filled(n, 1e-300);
        mixed[37] = -1e300;
        mixed[38] = 1;
        assertEquals(1e300, k.nrm2(n, mixed, 0), 2 * EPS * 1e300, "one huge among tiny");
        double[] pythagoras = filled(n, 0);
        pythagoras[n - 1] = 3e-200; // in the scalar tail
        pythagoras[0] = 4e-200;
        assertEquals(5e-200, k.nrm2(n, pythagoras, 0), 2 * EPS * 5e-200, "3-4-5 at 1e-200");
        assertEquals(0.0, k.nrm2(n, filled(n, 0), 0), "zero vector");
        assertEquals(0.0, k.nrm2(0, new double[0], 0), "empty");
    }

    @ParameterizedTest
    @ValueSource(strings = {Implementations.SCALAR, Implementations.PANAMA})
    void nrm2PropagatesInfinityAndNaN(String impl) {
        ArrayKernels k = Implementations.get(impl);
        int n = 50;
        double[] x = filled(n, 1);
        x[20] = Double.NEGATIVE_INFINITY;
        assertEquals(Double.POSITIVE_INFINITY, k.nrm2(n, x, 0));
        x[45] = Double.NaN;
        assertTrue(Double.isNaN(k.nrm2(n, x, 0)), "NaN after infinity");
        x[20] = 2;
        assertTrue(Double.isNaN(k.nrm2(n, x, 0)), "NaN alone");
    }

    @ParameterizedTest(name = "{0} n={1} {2}")
    @MethodSource(CASES)
    void iamaxFindsTheFirstLargestMagnitude(String impl, int n, Offsets o) {
        ArrayKernels k = Implementations.get(impl);
        SplittableRandom rnd = new SplittableRandom(n + 7);
        double[] x = TestVectors.uniform(rnd, n, o.a(), -1, 1);
        assertEquals(naiveIamax(n, x, o.a()), k.iamax(n, x, o.a()), "random");
        if (n >= 2) {
            // A tie between −2 late and +2 early must report the early one, wherever they fall.
            int late = rnd.nextInt(1, n);
            int early = rnd.nextInt(0, late);
            x[o.a() + late] = -2;
            x[o.a() + early] = 2;
            assertEquals(early, k.iamax(n, x, o.a()), "tie");
            x[o.a() + n - 1] = Double.POSITIVE_INFINITY;
            assertEquals(n - 1, k.iamax(n, x, o.a()), "infinity last");
        }
    }

    @ParameterizedTest(name = "{0} n={1} {2}")
    @MethodSource(CASES)
    void maxEqualsNaiveMaximum(String impl, int n, Offsets o) {
        ArrayKernels k = Implementations.get(impl);
        double[] x = TestVectors.uniform(new SplittableRandom(n + 3), n, o.a(), -100, -1);
        double expected = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            if (x[o.a() + i] > expected) {
                expected = x[o.a() + i];
            }
        }
        assertEquals(expected, k.max(n, x, o.a()));
    }

    @ParameterizedTest(name = "{0} n={1} {2}")
    @MethodSource(CASES)
    void logSumExpMatchesNaiveFormulaOnModerateInputs(String impl, int n, Offsets o) {
        ArrayKernels k = Implementations.get(impl);
        double[] x = TestVectors.uniform(new SplittableRandom(n + 5), n, o.a(), -20, 20);
        // Naive log Σ e^x is accurate here (no overflow); its sum is exact.
        java.math.BigDecimal s = java.math.BigDecimal.ZERO;
        for (int i = 0; i < n; i++) {
            s = s.add(Exact.of(Math.exp(x[o.a() + i])));
        }
        double expected = n == 0 ? Double.NEGATIVE_INFINITY : Math.log(s.doubleValue());
        // exp and log err by an ulp or two each and the sum by n·u: |err| ≤ (n + 8)·eps + 2·eps·|result|.
        assertEquals(expected, k.logSumExp(n, x, o.a()), (n + 8) * EPS + 2 * EPS * Math.abs(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {Implementations.SCALAR, Implementations.PANAMA})
    void logSumExpIsStableAndHandlesInfinities(String impl) {
        ArrayKernels k = Implementations.get(impl);
        int n = 37;
        // n equal terms c: log(n·e^c) = c + log n, where e^c overflows or underflows.
        for (double c : new double[] {1000, -1000, 700.5, -745.5, 0}) {
            double expected = c + Math.log(n);
            assertEquals(expected, k.logSumExp(n, filled(n, c), 0), 4 * EPS * Math.abs(expected) + 4 * EPS, "c=" + c);
        }
        assertEquals(Double.NEGATIVE_INFINITY, k.logSumExp(0, new double[0], 0), "empty");
        assertEquals(Double.NEGATIVE_INFINITY, k.logSumExp(n, filled(n, Double.NEGATIVE_INFINITY), 0), "all −∞");
        double[] x = filled(n, 1);
        x[30] = Double.NEGATIVE_INFINITY; // contributes e^−∞ = 0
        assertEquals(1 + Math.log(n - 1), k.logSumExp(n, x, 0), 8 * EPS);
        x[5] = Double.POSITIVE_INFINITY;
        assertEquals(Double.POSITIVE_INFINITY, k.logSumExp(n, x, 0), "+∞ dominates");
        x[6] = Double.NaN;
        assertTrue(Double.isNaN(k.logSumExp(n, x, 0)), "NaN propagates");
        assertTrue(Double.isNaN(k.max(n, x, 0)), "max propagates NaN");
    }

    @ParameterizedTest
    @ValueSource(strings = {Implementations.SCALAR, Implementations.PANAMA})
    void emptyReductionsReturnTheirIdentity(String impl) {
        ArrayKernels k = Implementations.get(impl);
        double[] none = new double[3];
        assertEquals(0.0, k.dot(0, none, 1, none, 2));
        assertEquals(0.0, k.sum(0, none, 3));
        assertEquals(0.0, k.asum(0, none, 3));
        assertEquals(-1, k.iamax(0, none, 3));
        assertEquals(Double.NEGATIVE_INFINITY, k.max(0, none, 3));
    }

    private static int naiveIamax(int n, double[] x, int off) {
        int best = -1;
        for (int i = 0; i < n; i++) {
            if (best < 0 || Math.abs(x[off + i]) > Math.abs(x[off + best])) {
                best = i;
            }
        }
        return best;
    }

    private static double[] filled(int n, double v) {
        double[] a = new double[n];
        java.util.Arrays.fill(a, v);
        return a;
    }
}
