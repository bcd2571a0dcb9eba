package org.rootgrad.examples.tuning;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.rootgrad.error.NonFiniteException;
import org.rootgrad.error.Status;

class AdamAndConjugateGradientTest {

    @Test
    void adamFollowsItsUpdateRule() {
        Adam adam = new Adam(2);
        double[] x = {1, -2};
        // first step: m̂ = g, v̂ = g², so each coordinate moves by lr·g/(|g| + ε)
        adam.step(x, new double[] {4, -0.5}, 0.1);
        assertArrayEquals(new double[] {1 - 0.1 * 4 / (4 + 1e-8), -2 + 0.1 * 0.5 / (0.5 + 1e-8)}, x, 1e-15);
        // second step by hand
        double m = 0.9 * (0.1 * 4) + 0.1 * 2;
        double v = 0.999 * (0.001 * 16) + 0.001 * 4;
        double expected = x[0] - 0.1 * (m / (1 - 0.81)) / (Math.sqrt(v / (1 - 0.999 * 0.999)) + 1e-8);
        adam.step(x, new double[] {2, 0}, 0.1);
        assertEquals(expected, x[0], 1e-15);
        org.junit.jupiter.api.Assertions.assertThrows(NonFiniteException.class,
                () -> adam.step(new double[2], new double[] {Double.NaN, 0}, 0.1));
    }

    @Test
    void cosineScheduleDecaysFromTheRateToZero() {
        assertEquals(0.3, Adam.cosine(0.3, 0, 10), 0);
        assertEquals(0.15, Adam.cosine(0.3, 5, 10), 1e-15);
        assertEquals(0.3 * 0.5 * (1 + Math.cos(Math.PI * 0.9)), Adam.cosine(0.3, 9, 10), 1e-15);
    }

    @Test
    void conjugateGradientRidgeSolvesTheNormalEquations() {
        // X = [[1, 0], [0, 2], [1, 1]], y = [1, 2, 3], n = 3: (2XᵀX/3 + λI) w = 2Xᵀy/3
        double[] x = {1, 0, 0, 2, 1, 1};
        double[] y = {1, 2, 3};
        double lambda = 0.5;
        double a = 2.0 / 3 * 2 + lambda;
        double b = 2.0 / 3 * 1;
        double d = 2.0 / 3 * 5 + lambda;
        double r0 = 2.0 / 3 * 4;
        double r1 = 2.0 / 3 * 7;
        double det = a * d - b * b;
        double[] want = {(d * r0 - b * r1) / det, (a * r1 - b * r0) / det};
        ConjugateGradientRidge cg = new ConjugateGradientRidge(x, 3, 2, y, 1e-14, 20);
        double[] w = new double[2];
        assertEquals(Status.CONVERGED, cg.solve(new double[] {5, -5}, new double[] {lambda}, w));
        assertArrayEquals(want, w, 1e-13);
        assertEquals(2, cg.lastIterations(), "exact in n = 2 steps");
        ConjugateGradientRidge truncated = new ConjugateGradientRidge(x, 3, 2, y, 1e-14, 1);
        assertEquals(Status.MAX_ITERATIONS, truncated.solve(new double[2], new double[] {lambda}, w));
        // a fork shares the data but not the scratch vectors, and solves the same
        double[] w2 = new double[2];
        assertEquals(Status.CONVERGED, cg.fork().solve(new double[2], new double[] {lambda}, w2));
        assertArrayEquals(want, w2, 1e-13);
    }
}
