package org.rootgrad.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rootgrad.engine.Exact.EPS;

import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;

/**
 * Properties: the Vector API kernels agree with their scalar twins on random sizes, offsets and
 * values. Each try draws a size (biased to small and threshold sizes, up to 2000), four offsets,
 * a magnitude and a seed for the array contents, so a failure shrinks to a small readable case.
 * Tolerances follow from each side's error bound against the exact result: n·eps·Σ|terms| for
 * reductions, 4·eps·Σ|terms| per element for two-term updates, 0 for once-rounded arithmetic,
 * and {@value MathKernelsTest#ULPS_OF_MATH} or {@value MathKernelsTest#ULPS_OF_NAIVE} ulps for
 * transcendentals and their compositions.
 */
@AddLifecycleHook(SkipWithoutVectorApi.class)
class KernelTwinPropertiesTest {

    static final int TRIES = 300;

    /** One random input: n elements at four offsets, values (random sign) scaled by 10^exponent. */
    record Case(int n, int o0, int o1, int o2, int o3, int exponent, long seed) {
        double[] array(int which, int off) {
            SplittableRandom rnd = new SplittableRandom(seed + 7919L * which);
            double scale = Math.pow(10, exponent);
            double[] a = new double[off + n + TestVectors.GUARD];
            java.util.Arrays.fill(a, TestVectors.SENTINEL);
            for (int i = 0; i < n; i++) {
                a[off + i] = rnd.nextDouble(-1, 1) * scale;
            }
            return a;
        }

        /** Like {@link #array} but with about one element in 16 replaced by ±0, ±∞ or NaN. */
        double[] arrayWithSpecials(int which, int off) {
            double[] a = array(which, off);
            SplittableRandom rnd = new SplittableRandom(seed - which);
            double[] specials = {0.0, -0.0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN};
            for (int i = 0; i < n; i++) {
                if (rnd.nextInt(16) == 0) {
                    a[off + i] = specials[rnd.nextInt(specials.length)];
                }
            }
            return a;
        }
    }

    private final ArrayKernels p = Implementations.panama().orElseThrow();
    private final ArrayKernels s = ArrayKernels.scalar();

    @Provide
    Arbitrary<Case> cases() {
        int l = Implementations.lanes();
        Arbitrary<Integer> sizes = Arbitraries.oneOf(
                Arbitraries.integers().between(0, 6 * l),
                Arbitraries.integers().between(0, 2000),
                Arbitraries.of(l - 1, l, l + 1, 2 * l - 1, 2 * l, 4 * l - 1, 4 * l, 4 * l + 1));
        // Edge cases come from the sizes (0, 1, ...) only: combined over all seven components they
        // would outnumber the tries.
        Arbitrary<Integer> offsets = Arbitraries.integers().between(0, 9).withoutEdgeCases();
        return Combinators.combine(sizes, offsets, offsets, offsets, offsets,
                        Arbitraries.integers().between(-3, 3).withoutEdgeCases(),
                        Arbitraries.longs().withoutEdgeCases())
                .as(Case::new);
    }

    @Provide
    Arbitrary<Case> extremeCases() {
        return cases().flatMap(c -> Arbitraries.integers().between(-305, 305)
                .map(e -> new Case(c.n(), c.o0(), c.o1(), c.o2(), c.o3(), e, c.seed())));
    }

    @Property(tries = TRIES)
    void reductionsAgree(@ForAll("cases") Case c) {
        int n = c.n();
        double[] x = c.array(0, c.o0());
        double[] y = c.array(1, c.o1());
        double dotScale = Exact.sumAbsProducts(n, x, c.o0(), y, c.o1());
        assertEquals(s.dot(n, x, c.o0(), y, c.o1()), p.dot(n, x, c.o0(), y, c.o1()), n * EPS * dotScale, "dot");
        double absSum = s.asum(n, x, c.o0());
        assertEquals(s.sum(n, x, c.o0()), p.sum(n, x, c.o0()), n * EPS * absSum, "sum");
        assertEquals(absSum, p.asum(n, x, c.o0()), n * EPS * absSum, "asum");
        assertEquals(s.max(n, x, c.o0()), p.max(n, x, c.o0()), "max");
        assertEquals(s.iamax(n, x, c.o0()), p.iamax(n, x, c.o0()), "iamax");
        double lse = s.logSumExp(n, x, c.o0());
        assertEquals(lse, p.logSumExp(n, x, c.o0()), (2 * n + 16) * EPS + 4 * EPS * Math.abs(lse), "logSumExp");
    }

    @Property(tries = TRIES)
    void nrm2AgreesAtEveryMagnitude(@ForAll("extremeCases") Case c) {
        double[] x = c.array(0, c.o0());
        double norm = s.nrm2(c.n(), x, c.o0());
        assertEquals(norm, p.nrm2(c.n(), x, c.o0()), 2 * (c.n() + 2) * EPS * norm + Double.MIN_VALUE,
                "nrm2 at 1e" + c.exponent());
    }

    @Property(tries = TRIES)
    void updatesAgree(@ForAll("cases") Case c) {
        int n = c.n();
        double alpha = new SplittableRandom(c.seed()).nextDouble(-2, 2);
        double beta = new SplittableRandom(~c.seed()).nextDouble(-2, 2);
        double[] x = c.array(0, c.o0());
        double[] y = c.array(1, c.o1());

        double[] ys = y.clone();
        double[] yp = y.clone();
        s.axpy(n, alpha, x, c.o0(), ys, c.o1());
        p.axpy(n, alpha, x, c.o0(), yp, c.o1());
        assertElementsClose("axpy", ys, yp, c.o1(), n, i -> Math.abs(alpha * x[c.o0() + i]) + Math.abs(y[c.o1() + i]));

        ys = y.clone();
        yp = y.clone();
        s.axpby(n, alpha, x, c.o0(), beta, ys, c.o1());
        p.axpby(n, alpha, x, c.o0(), beta, yp, c.o1());
        assertElementsClose("axpby", ys, yp, c.o1(), n,
                i -> Math.abs(alpha * x[c.o0() + i]) + Math.abs(beta * y[c.o1() + i]));

        ys = y.clone();
        yp = y.clone();
        s.xpby(n, x, c.o0(), beta, ys, c.o1());
        p.xpby(n, x, c.o0(), beta, yp, c.o1());
        assertElementsClose("xpby", ys, yp, c.o1(), n, i -> Math.abs(x[c.o0() + i]) + Math.abs(beta * y[c.o1() + i]));

        ys = y.clone();
        yp = y.clone();
        s.scal(n, alpha, ys, c.o1());
        p.scal(n, alpha, yp, c.o1());
        assertElementsClose("scal", ys, yp, c.o1(), n, i -> 0);

        double[] q = c.array(2, c.o2());
        double[] r = c.array(3, c.o3());
        double[] xs = x.clone();
        double[] xp = x.clone();
        double[] rs = r.clone();
        double[] rp = r.clone();
        double rrs = s.cgUpdate(n, alpha, y, c.o1(), q, c.o2(), xs, c.o0(), rs, c.o3());
        double rrp = p.cgUpdate(n, alpha, y, c.o1(), q, c.o2(), xp, c.o0(), rp, c.o3());
        assertElementsClose("cgUpdate x", xs, xp, c.o0(), n, i -> Math.abs(alpha * y[c.o1() + i]) + Math.abs(x[c.o0() + i]));
        assertElementsClose("cgUpdate r", rs, rp, c.o3(), n, i -> Math.abs(alpha * q[c.o2() + i]) + Math.abs(r[c.o3() + i]));
        // r·r differs by what the stored r differ (r may have cancelled, so this is not relative to
        // r·r) plus each side's summation error.
        double squaresGap = 0;
        for (int i = 0; i < n; i++) {
            double a = rs[c.o3() + i];
            double b = rp[c.o3() + i];
            squaresGap += Math.abs(a - b) * (Math.abs(a) + Math.abs(b));
        }
        assertEquals(rrs, rrp, squaresGap + 2 * n * EPS * rrs, "cgUpdate r·r");

        double[] zs = c.array(2, c.o2());
        double[] zp = zs.clone();
        double rzs = s.mulDot(n, x, c.o0(), y, c.o1(), zs, c.o2());
        double rzp = p.mulDot(n, x, c.o0(), y, c.o1(), zp, c.o2());
        assertElementsClose("mulDot z", zs, zp, c.o2(), n, i -> 0);
        assertEquals(rzs, rzp, n * EPS * Exact.sumAbsProducts(n, y, c.o1(), zs, c.o2()), "mulDot r·z");
    }

    @Property(tries = TRIES)
    void elementWiseArithmeticIsIdentical(@ForAll("cases") Case c) {
        int n = c.n();
        double[] x = c.arrayWithSpecials(0, c.o0());
        double[] y = c.arrayWithSpecials(1, c.o1());
        double[] w = c.array(3, c.o3());
        double[] zs = c.array(2, c.o2());
        double[] zp = zs.clone();
        s.add(n, x, c.o0(), y, c.o1(), zs, c.o2());
        p.add(n, x, c.o0(), y, c.o1(), zp, c.o2());
        assertIdentical("add", zs, zp);
        s.sub(n, x, c.o0(), y, c.o1(), zs, c.o2());
        p.sub(n, x, c.o0(), y, c.o1(), zp, c.o2());
        assertIdentical("sub", zs, zp);
        s.mul(n, x, c.o0(), y, c.o1(), zs, c.o2());
        p.mul(n, x, c.o0(), y, c.o1(), zp, c.o2());
        assertIdentical("mul", zs, zp);
        s.div(n, x, c.o0(), y, c.o1(), zs, c.o2());
        p.div(n, x, c.o0(), y, c.o1(), zp, c.o2());
        assertIdentical("div", zs, zp);
        s.fma(n, x, c.o0(), y, c.o1(), w, c.o3(), zs, c.o2());
        p.fma(n, x, c.o0(), y, c.o1(), w, c.o3(), zp, c.o2());
        assertIdentical("fma", zs, zp);
        double t = Math.abs(w[c.o3()]) / 2; // one of the values' own magnitude, or the sentinel's
        s.softThreshold(n, t, x, c.o0(), zs, c.o2());
        p.softThreshold(n, t, x, c.o0(), zp, c.o2());
        assertIdentical("softThreshold", zs, zp);
        s.clip(n, -t, t / 3, x, c.o0(), zs, c.o2());
        p.clip(n, -t, t / 3, x, c.o0(), zp, c.o2());
        assertIdentical("clip", zs, zp);
    }

    @Property(tries = TRIES)
    void transcendentalsAgreeWithinUlps(@ForAll("cases") Case c) {
        int n = c.n();
        double[] x = c.arrayWithSpecials(0, c.o0());
        double[] ys = c.array(1, c.o1());
        double[] yp = ys.clone();
        int math = MathKernelsTest.ULPS_OF_MATH;
        int composed = MathKernelsTest.ULPS_OF_NAIVE;
        s.exp(n, x, c.o0(), ys, c.o1());
        p.exp(n, x, c.o0(), yp, c.o1());
        assertWithinUlps("exp", ys, yp, math);
        s.log(n, x, c.o0(), ys, c.o1());
        p.log(n, x, c.o0(), yp, c.o1());
        assertWithinUlps("log", ys, yp, math);
        s.log1p(n, x, c.o0(), ys, c.o1());
        p.log1p(n, x, c.o0(), yp, c.o1());
        assertWithinUlps("log1p", ys, yp, math);
        s.tanh(n, x, c.o0(), ys, c.o1());
        p.tanh(n, x, c.o0(), yp, c.o1());
        assertWithinUlps("tanh", ys, yp, math);
        s.sigmoid(n, x, c.o0(), ys, c.o1());
        p.sigmoid(n, x, c.o0(), yp, c.o1());
        assertWithinUlps("sigmoid", ys, yp, composed);
        s.softplus(n, x, c.o0(), ys, c.o1());
        p.softplus(n, x, c.o0(), yp, c.o1());
        assertWithinUlps("softplus", ys, yp, composed);
    }

    private interface Scale {
        double of(int i);
    }

    /** |scalar − panama| ≤ 4·eps·scale(i) per element, and the whole arrays (guards too) otherwise equal. */
    private static void assertElementsClose(String name, double[] expected, double[] actual, int off, int n, Scale scale) {
        for (int i = 0; i < expected.length; i++) {
            boolean payload = i >= off && i < off + n;
            double tolerance = payload ? 4 * EPS * scale.of(i - off) : 0;
            assertEquals(expected[i], actual[i], tolerance, name + "[" + i + "]");
        }
    }

    /** Same values bit for bit (any NaN equals any NaN), guards included. */
    private static void assertIdentical(String name, double[] expected, double[] actual) {
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], name + "[" + i + "]");
        }
    }

    private static void assertWithinUlps(String name, double[] expected, double[] actual, int ulps) {
        for (int i = 0; i < expected.length; i++) {
            double e = expected[i];
            double a = actual[i];
            if (Double.isFinite(e) && e != 0) {
                assertTrue(Exact.ulps(a, e) <= ulps, name + "[" + i + "] = " + a + ", scalar twin " + e);
            } else {
                assertEquals(e, a, name + "[" + i + "]"); // NaN, ±∞ and signed zeros exactly
            }
        }
    }
}
