package org.rootgrad.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.rootgrad.engine.Exact.EPS;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.rootgrad.engine.KernelCases.Offsets;

/**
 * In-place updates (axpy, axpby, scal, copy, fill) and the fused Krylov updates (cgUpdate, xpby,
 * mulDot) of both implementations, element by element against exact BigDecimal values, and the
 * guard slots around every output untouched. An update of two terms computed with or without
 * FMA errs by at most 2u·(|first| + |second|) = eps·(...); the tests allow 2·eps·(...) because
 * the exact reference is itself rounded once. Returned inner products are checked like dot:
 * |err| ≤ n·eps·Σ|terms| against the exact inner product of the vectors actually stored.
 */
class UpdateKernelsTest {

    private static final String CASES = "org.rootgrad.engine.KernelCases#cases";
    private static final double ALPHA = -0.7306;
    private static final double BETA = 1.3125;

    @ParameterizedTest(name = "{0} n={1} {2}")
    @MethodSource(CASES)
    void axpyAddsScaledVector(String impl, int n, Offsets o) {
        ArrayKernels k = Implementations.get(impl);
        SplittableRandom rnd = new SplittableRandom(n);
        double[] x = TestVectors.uniform(rnd, n, o.a(), -1, 1);
        double[] y = TestVectors.uniform(rnd, n, o.b(), -1, 1);
        double[] y0 = y.clone();
        k.axpy(n, ALPHA, x, o.a(), y, o.b());
        for (int i = 0; i < n; i++) {
            double xi = x[o.a() + i];
            double yi = y0[o.b() + i];
            assertEquals(Exact.fma(ALPHA, xi, yi), y[o.b() + i], 2 * EPS * (Math.abs(ALPHA * xi) + Math.abs(yi)), "y" + i);
        }
        TestVectors.assertGuardsIntact("y", y, o.b(), n);
    }

    @ParameterizedTest(name = "{0} n={1} {2}")
    @MethodSource(CASES)
    void axpbyCombinesBothVectors(String impl, int n, Offsets o) {
        ArrayKernels k = Implementations.get(impl);
        SplittableRandom rnd = new SplittableRandom(n + 1);
        double[] x = TestVectors.uniform(rnd, n, o.a(), -1, 1);
        double[] y = TestVectors.uniform(rnd, n, o.b(), -1, 1);
        double[] y0 = y.clone();
        k.axpby(n, ALPHA, x, o.a(), BETA, y, o.b());
        for (int i = 0; i < n; i++) {
            double xi = x[o.a() + i];
            double yi = y0[o.b() + i];
            assertEquals(Exact.twoProducts(ALPHA, xi, BETA, yi), y[o.b() + i],
                    2 * EPS * (Math.abs(ALPHA * xi) + Math.abs(BETA * yi)), "y" + i);
        }
        TestVectors.assertGuardsIntact("y", y, o.b(), n);
    }

    @ParameterizedTest(name = "{0} n={1} {2}")
    @MethodSource(CASES)
    void scalCopyAndFillAreExact(String impl, int n, Offsets o) {
        ArrayKernels k = Implementations.get(impl);
        SplittableRandom rnd = new SplittableRandom(n + 2);
        double[] x = TestVectors.uniform(rnd, n, o.a(), -1, 1);
        double[] x0 = x.clone();
        k.scal(n, ALPHA, x, o.a());
        for (int i = 0; i < n; i++) {
            assertEquals(Exact.fma(ALPHA, x0[o.a() + i], 0), x[o.a() + i], "scal " + i); // one rounding
        }
        TestVectors.assertGuardsIntact("scal x", x, o.a(), n);

        double[] y = TestVectors.uniform(rnd, n, o.b(), -1, 1);
        k.copy(n, x, o.a(), y, o.b());
        for (int i = 0; i < n; i++) {
            assertEquals(x[o.a() + i], y[o.b() + i], "copy " + i);
        }
        TestVectors.assertGuardsIntact("copy y", y, o.b(), n);

        k.fill(n, 2.5, y, o.b());
        for (int i = 0; i < n; i++) {
            assertEquals(2.5, y[o.b() + i], "fill " + i);
        }
        TestVectors.assertGuardsIntact("fill y", y, o.b(), n);
    }

    @ParameterizedTest(name = "{0} n={1} {2}")
    @MethodSource(CASES)
    void cgUpdateStepsBothVectorsAndReturnsResidualNormSquared(String impl, int n, Offsets o) {
        ArrayKernels k = Implementations.get(impl);
        SplittableRandom rnd = new SplittableRandom(n + 3);
        double[] p = TestVectors.uniform(rnd, n, o.a(), -1, 1);
        double[] q = TestVectors.uniform(rnd, n, o.b(), -1, 1);
        double[] x = TestVectors.uniform(rnd, n, o.c(), -1, 1);
        double[] r = TestVectors.uniform(rnd, n, o.d(), -1, 1);
        double[] x0 = x.clone();
        double[] r0 = r.clone();
        double rr = k.cgUpdate(n, ALPHA, p, o.a(), q, o.b(), x, o.c(), r, o.d());
        for (int i = 0; i < n; i++) {
            double pi = p[o.a() + i];
            double qi = q[o.b() + i];
            double xi = x0[o.c() + i];
            double ri = r0[o.d() + i];
            assertEquals(Exact.fma(ALPHA, pi, xi), x[o.c() + i], 2 * EPS * (Math.abs(ALPHA * pi) + Math.abs(xi)), "x" + i);
            assertEquals(Exact.fma(-ALPHA, qi, ri), r[o.d() + i], 2 * EPS * (Math.abs(ALPHA * qi) + Math.abs(ri)), "r" + i);
        }
        assertEquals(Exact.dot(n, r, o.d(), r, o.d()), rr, n * EPS * Exact.sumAbsProducts(n, r, o.d(), r, o.d()), "r·r");
        TestVectors.assertGuardsIntact("x", x, o.c(), n);
        TestVectors.assertGuardsIntact("r", r, o.d(), n);
    }

    @ParameterizedTest(name = "{0} n={1} {2}")
    @MethodSource(CASES)
    void xpbyUpdatesSearchDirection(String impl, int n, Offsets o) {
        ArrayKernels k = Implementations.get(impl);
        SplittableRandom rnd = new SplittableRandom(n + 4);
        double[] x = TestVectors.uniform(rnd, n, o.a(), -1, 1);
        double[] y = TestVectors.uniform(rnd, n, o.b(), -1, 1);
        double[] y0 = y.clone();
        k.xpby(n, x, o.a(), BETA, y, o.b());
        for (int i = 0; i < n; i++) {
            double xi = x[o.a() + i];
            double yi = y0[o.b() + i];
            assertEquals(Exact.fma(BETA, yi, xi), y[o.b() + i], 2 * EPS * (Math.abs(xi) + Math.abs(BETA * yi)), "y" + i);
        }
        TestVectors.assertGuardsIntact("y", y, o.b(), n);
    }

    @ParameterizedTest(name = "{0} n={1} {2}")
    @MethodSource(CASES)
    void mulDotAppliesDiagonalAndReturnsInnerProduct(String impl, int n, Offsets o) {
        ArrayKernels k = Implementations.get(impl);
        SplittableRandom rnd = new SplittableRandom(n + 5);
        double[] d = TestVectors.uniform(rnd, n, o.a(), 0.1, 10);
        double[] r = TestVectors.uniform(rnd, n, o.b(), -1, 1);
        double[] z = TestVectors.uniform(rnd, n, o.c(), -1, 1);
        double rz = k.mulDot(n, d, o.a(), r, o.b(), z, o.c());
        for (int i = 0; i < n; i++) {
            assertEquals(Exact.fma(d[o.a() + i], r[o.b() + i], 0), z[o.c() + i], "z" + i); // one rounding
        }
        assertEquals(Exact.dot(n, r, o.b(), z, o.c()), rz, n * EPS * Exact.sumAbsProducts(n, r, o.b(), z, o.c()), "r·z");
        TestVectors.assertGuardsIntact("z", z, o.c(), n);
    }
}
