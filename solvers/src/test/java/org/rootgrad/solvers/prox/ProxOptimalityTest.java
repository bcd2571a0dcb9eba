package org.rootgrad.solvers.prox;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rootgrad.solvers.testing.Vectors.gaussian;
import static org.rootgrad.solvers.testing.Vectors.maxAbs;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.rootgrad.solvers.projection.Projection;

/**
 * Each prox against its definition p = argmin ½‖x − v‖² + η·g(x), checked without its code: the
 * optimality condition v − p ∈ η∂g(p) coordinate- or group-wise, and p beats random perturbations
 * p + δ on the prox objective (g written out in the test).
 */
class ProxOptimalityTest {

    static List<ProxCase> cases() {
        return ProxCase.all();
    }

    private static double objective(ProxCase c, double[] x, double[] v, double[] theta, double step) {
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            s += 0.5 * (x[i] - v[i]) * (x[i] - v[i]);
        }
        return s + step * c.g(x, theta);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void proxSatisfiesItsOptimalityCondition(ProxCase c) {
        Random rng = new Random(101 + c.name.hashCode());
        for (int n : new int[] {1, 2, 5, 16}) {
            Prox prox = c.create(n);
            for (int trial = 0; trial < 30; trial++) {
                double[] theta = c.theta(n, rng);
                double step = 0.1 + 2 * rng.nextDouble();
                double[] v = c.input(n, rng);
                if (trial % 3 == 0) {
                    c.putOnKink(v, theta, step, rng);
                }
                double[] p = new double[n];
                prox.apply(v, theta, step, p);
                double scale = 1 + maxAbs(v) + step * maxAbs(theta);
                double violation = c.optimalityViolation(v, p, theta, step);
                assertTrue(violation <= 1e-13 * n * scale,
                        c + " n=" + n + ": v - p is not in step * subdifferential (violation " + violation + ")");
                double best = objective(c, p, v, theta, step);
                for (int j = 0; j < 30; j++) {
                    double size = new double[] {1e-4, 1e-2, 1.0}[j % 3];
                    double[] y = gaussian(rng, n);
                    for (int i = 0; i < n; i++) {
                        y[i] = p[i] + size * y[i];
                    }
                    double other = objective(c, y, v, theta, step);
                    assertTrue(best <= other + 1e-13 * scale * scale,
                            c + ": a perturbation of p has a lower prox objective");
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void outputMayAliasInput(ProxCase c) {
        Random rng = new Random(7);
        int n = 9;
        Prox prox = c.create(n);
        for (int trial = 0; trial < 10; trial++) {
            double[] theta = c.theta(n, rng);
            double[] v = c.input(n, rng);
            double[] expected = new double[n];
            prox.apply(v, theta, 0.7, expected);
            prox.apply(v, theta, 0.7, v);
            assertArrayEquals(expected, v, 0.0, c.name);
        }
    }

    @Test
    void proxOfAProjectionIsTheProjectionForAnyStep() {
        Random rng = new Random(12);
        int n = 6;
        Projection simplex = Projection.simplex(n);
        Prox prox = Prox.of(Projection.simplex(n));
        double[] theta = {1.5};
        double[] expected = new double[n];
        double[] actual = new double[n];
        for (int trial = 0; trial < 10; trial++) {
            double[] v = gaussian(rng, n);
            simplex.project(v, theta, expected);
            prox.apply(v, theta, 0.01 + 10 * rng.nextDouble(), actual);
            assertArrayEquals(expected, actual, 0.0);
        }
    }

    @Test
    void zeroStrengthGivesTheIdentityOrItsConstraint() {
        double[] v = {-1.5, 0.0, 2.0};
        double[] out = new double[3];
        Prox.lasso(3).apply(v, new double[] {0.0}, 1.0, out);
        assertArrayEquals(v, out, 0.0);
        Prox.groupLasso(new int[] {0, 2, 3}).apply(v, new double[] {0.0}, 1.0, out);
        assertArrayEquals(v, out, 0.0);
        Prox.nonNegativeRidge(3).apply(v, new double[] {0.0}, 1.0, out);
        assertArrayEquals(new double[] {0.0, 0.0, 2.0}, out, 0.0);
        Prox.elasticNetScaled(3).apply(v, new double[] {0.0, 5.0}, 1.0, out);
        assertArrayEquals(v, out, 0.0);
    }
}
