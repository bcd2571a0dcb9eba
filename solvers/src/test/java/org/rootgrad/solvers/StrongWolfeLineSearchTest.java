package org.rootgrad.solvers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;
import org.rootgrad.autodiff.Objective;
import org.rootgrad.error.InvalidOptionException;

/**
 * The line search on one-dimensional functions: every accepted step is checked against the
 * strong Wolfe conditions evaluated here independently; far, tiny and non-finite first trials;
 * a non-descent direction; and the rounding regime near a minimiser where sufficient decrease
 * cannot be seen in the values.
 */
class StrongWolfeLineSearchTest {
    static final double C1 = 1e-4;
    static final double C2 = 0.9;

    /** f(x) with derivative f'(x) and second derivative f''(x), n = 1, no parameters. */
    record Scalar(DoubleUnaryOperator f, DoubleUnaryOperator df, DoubleUnaryOperator d2f) implements Objective {
        @Override public int dimension() { return 1; }
        @Override public int parameterDimension() { return 0; }
        @Override public double value(double[] x, double[] theta) { return f.applyAsDouble(x[0]); }

        @Override
        public double valueAndGradient(double[] x, double[] theta, double[] gradient) {
            gradient[0] = df.applyAsDouble(x[0]);
            return f.applyAsDouble(x[0]);
        }

        private static final double[] POINT = new double[1];

        @Override public void linearize(double[] x, double[] theta) { POINT[0] = x[0]; }
        @Override public void hessianVector(double[] v, double[] out) { out[0] = d2f.applyAsDouble(POINT[0]) * v[0]; }
        @Override public void mixedVector(double[] u, double[] out) { out[0] = 0; }
        @Override public void mixedTransposeVector(double[] w, double[] out) {}
        @Override public Objective fork() { return this; }
    }

    /** (x − 3)² + 0.1(x − 3)⁴. */
    static final Scalar QUARTIC = new Scalar(x -> Math.pow(x - 3, 2) + 0.1 * Math.pow(x - 3, 4),
            x -> 2 * (x - 3) + 0.4 * Math.pow(x - 3, 3), x -> 2 + 1.2 * Math.pow(x - 3, 2));

    static void assertStrongWolfe(Scalar s, double x0, double d, StrongWolfeLineSearch ls) {
        double t = ls.step();
        double f0 = s.f().applyAsDouble(x0);
        double slope0 = s.df().applyAsDouble(x0) * d;
        double ft = s.f().applyAsDouble(x0 + t * d);
        double slope = s.df().applyAsDouble(x0 + t * d) * d;
        assertTrue(ft <= f0 + C1 * t * slope0, "sufficient decrease at t = " + t);
        assertTrue(Math.abs(slope) <= C2 * Math.abs(slope0), "curvature at t = " + t);
        assertTrue(ls.curvatureSatisfied());
        assertEquals(x0 + t * d, ls.point()[0], 1e-15 * (1 + Math.abs(x0 + t * d)));
        assertEquals(s.df().applyAsDouble(x0 + t * d), ls.gradient()[0], 1e-12);
        assertEquals(ft, ls.value(), 1e-12 * (1 + Math.abs(ft)));
    }

    static boolean search(StrongWolfeLineSearch ls, Scalar s, double x0, double d, double t0) {
        double[] x = {x0};
        double[] g = new double[1];
        double f0 = s.valueAndGradient(x, new double[0], g);
        return ls.search(s, new double[0], x, f0, g[0] * d, new double[] {d}, t0);
    }

    @Test
    void acceptedStepsMeetTheStrongWolfeConditions() {
        for (double t0 : new double[] {1, 100, 1e-6, 3}) {
            for (double c2 : new double[] {0.9, 0.1}) {
                StrongWolfeLineSearch ls = new StrongWolfeLineSearch(1, C1, c2, 40);
                assertTrue(search(ls, QUARTIC, 0, 1, t0), "t0 = " + t0);
                double t = ls.step();
                double slope = QUARTIC.df().applyAsDouble(t);
                assertTrue(Math.abs(slope) <= c2 * Math.abs(QUARTIC.df().applyAsDouble(0)), "t0 = " + t0 + ", c2 = " + c2);
                if (c2 == C2) {
                    assertStrongWolfe(QUARTIC, 0, 1, ls);
                }
                assertTrue(ls.evaluations() <= 40);
            }
        }
    }

    @Test
    void nonFiniteTrialsAreTreatedAsTooFar() {
        // defined on x < 1 only; the minimum (x − 0.5)² sits inside
        Scalar bounded = new Scalar(x -> x < 1 ? Math.pow(x - 0.5, 2) - Math.log(1 - x) : Double.NaN,
                x -> x < 1 ? 2 * (x - 0.5) + 1 / (1 - x) : Double.NaN,
                x -> x < 1 ? 2 + 1 / Math.pow(1 - x, 2) : Double.NaN);
        StrongWolfeLineSearch ls = new StrongWolfeLineSearch(1, C1, C2, 40);
        assertTrue(search(ls, bounded, -2, 1, 10));
        assertTrue(ls.point()[0] < 1);
        assertStrongWolfe(bounded, -2, 1, ls);
    }

    @Test
    void aNonDescentDirectionFails() {
        StrongWolfeLineSearch ls = new StrongWolfeLineSearch(1, C1, C2, 40);
        assertFalse(search(ls, QUARTIC, 0, -1, 1)); // uphill
        assertEquals(0, ls.evaluations());
        assertEquals(0, ls.step());
    }

    /**
     * φ(t) = 10⁴ + (t − 10⁻⁹)² + one ulp of 10⁴ for t ≠ 0 (the rounding noise an evaluation of a
     * large sum can carry): the true decrease to the minimiser, 10⁻¹⁸, is far below that noise,
     * so every trial looks worse than φ(0) and sufficient decrease can never be seen in the
     * values. The slope test accepts the minimiser anyway.
     */
    @Test
    void nearAMinimiserDecreaseIsJudgedByTheSlope() {
        double ulp = Math.ulp(1e4);
        Scalar noisy = new Scalar(x -> 1e4 + (x - 1e-9) * (x - 1e-9) + (x != 0 ? ulp : 0),
                x -> 2 * (x - 1e-9), x -> 2);
        double f0 = noisy.f().applyAsDouble(0);
        double slope0 = noisy.df().applyAsDouble(0);
        assertTrue(noisy.f().applyAsDouble(1e-9) > f0 + C1 * 1e-9 * slope0, "exact Armijo fails at the minimiser");
        StrongWolfeLineSearch ls = new StrongWolfeLineSearch(1, C1, C2, 40);
        assertTrue(search(ls, noisy, 0, 1, 1e-9));
        assertEquals(1e-9, ls.step(), 1e-24);
        assertTrue(ls.curvatureSatisfied());
        // from a far trial the zoom still finds it, steered by the slopes
        assertTrue(search(ls, noisy, 0, 1, 1));
        assertTrue(Math.abs(noisy.df().applyAsDouble(ls.step())) <= C2 * Math.abs(slope0), "step " + ls.step());
    }

    @Test
    void constantsAreValidated() {
        assertThrows(InvalidOptionException.class, () -> new StrongWolfeLineSearch(1, 0.5, 0.4, 10));
        assertThrows(InvalidOptionException.class, () -> new StrongWolfeLineSearch(1, 0, 0.4, 10));
        assertThrows(InvalidOptionException.class, () -> new StrongWolfeLineSearch(1, 1e-4, 1, 10));
        assertThrows(InvalidOptionException.class, () -> new StrongWolfeLineSearch(1, 1e-4, 0.9, 0));
    }
}
