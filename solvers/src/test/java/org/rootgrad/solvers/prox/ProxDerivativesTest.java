package org.rootgrad.solvers.prox;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rootgrad.solvers.testing.DerivativeChecks.FD_STEP;
import static org.rootgrad.solvers.testing.DerivativeChecks.assertAdjoint;
import static org.rootgrad.solvers.testing.DerivativeChecks.assertJvpTheta;
import static org.rootgrad.solvers.testing.DerivativeChecks.assertJvpV;
import static org.rootgrad.solvers.testing.DerivativeChecks.assertMatrixEquals;
import static org.rootgrad.solvers.testing.DerivativeChecks.jacobianTheta;
import static org.rootgrad.solvers.testing.DerivativeChecks.jacobianV;
import static org.rootgrad.solvers.testing.Vectors.gaussian;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.rootgrad.error.InvalidOptionException;
import org.rootgrad.error.UnsupportedDerivativeException;
import org.rootgrad.solvers.projection.JacobianStructure;
import org.rootgrad.solvers.projection.Projection;
import org.rootgrad.solvers.testing.DerivativeChecks;
import org.rootgrad.solvers.testing.Differentiable;

/**
 * JVPs and VJPs of every prox in v, θ and the step η: against central finite differences at
 * random points at least 1e-3 from any kink (step 1e-6, tolerance
 * {@value DerivativeChecks#FD_TOLERANCE} relative to max(1, ‖JVP‖∞)); the adjoint identity to
 * {@value DerivativeChecks#ADJOINT_TOLERANCE} relative at smooth points and on kinks; the
 * structure description; and closed forms written out here.
 */
class ProxDerivativesTest {
    private static final double KINK_MARGIN = 1e-3;

    static List<ProxCase> cases() {
        return ProxCase.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void jvpsMatchFiniteDifferences(ProxCase c) {
        Random rng = new Random(201 + c.name.hashCode());
        for (int n : new int[] {1, 3, 8}) {
            Prox prox = c.create(n);
            for (int trial = 0; trial < 15; trial++) {
                double step = 0.2 + 1.5 * rng.nextDouble();
                Differentiable f = Differentiable.of(prox, step);
                double[] theta = c.theta(n, rng);
                double[] v = c.smoothInput(n, theta, step, rng, KINK_MARGIN);
                for (int d = 0; d < 3; d++) {
                    assertJvpV(f, v, theta, gaussian(rng, n), c + " n=" + n);
                    if (theta.length > 0) {
                        assertJvpTheta(f, v, theta, gaussian(rng, theta.length), c + " n=" + n);
                    }
                }
                double[] plus = new double[n];
                double[] minus = new double[n];
                double[] exact = new double[n];
                prox.apply(v, theta, step + FD_STEP, plus);
                prox.apply(v, theta, step - FD_STEP, minus);
                prox.linearize(v, theta, step);
                prox.stepDerivative(exact);
                DerivativeChecks.compare(plus, minus, exact, c + " n=" + n + " (d/d step)");
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void jvpAndVjpAreAdjointAtSmoothPointsAndOnKinks(ProxCase c) {
        Random rng = new Random(301 + c.name.hashCode());
        for (int n : new int[] {1, 2, 6, 13}) {
            Prox prox = c.create(n);
            for (int trial = 0; trial < 20; trial++) {
                double step = 0.2 + 1.5 * rng.nextDouble();
                Differentiable f = Differentiable.of(prox, step);
                double[] theta = c.theta(n, rng);
                double[] v = c.input(n, rng);
                if (trial % 2 == 1) {
                    c.putOnKink(v, theta, step, rng);
                }
                f.linearize(v, theta);
                for (int d = 0; d < 3; d++) {
                    assertAdjoint(f, rng, c + " n=" + n);
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void structureDescribesTheJacobian(ProxCase c) {
        Random rng = new Random(401 + c.name.hashCode());
        int n = 7;
        Prox prox = c.create(n);
        Differentiable f = Differentiable.of(prox, 0.8);
        JacobianStructure structure = prox.jacobianStructure();
        for (int trial = 0; trial < 20; trial++) {
            double[] theta = c.theta(n, rng);
            double[] v = c.input(n, rng);
            if (trial % 2 == 1) {
                c.putOnKink(v, theta, 0.8, rng);
            }
            f.linearize(v, theta);
            double[][] j = jacobianV(f);
            if (!structure.hasDiagonalDescription()) {
                assertEquals(JacobianStructure.SYMMETRIC, structure, c.name);
                for (int r = 0; r < n; r++) {
                    for (int col = 0; col < n; col++) {
                        assertEquals(j[col][r], j[r][col], 1e-15, c + ": J must be symmetric");
                    }
                }
                assertThrows(UnsupportedDerivativeException.class, () -> prox.jacobianDiagonal(new double[n]));
                continue;
            }
            double[] d = new double[n];
            double[] u = new double[n];
            prox.jacobianDiagonal(d);
            double gamma = prox.jacobianRankOne(u);
            double[][] expected = new double[n][n];
            for (int r = 0; r < n; r++) {
                for (int col = 0; col < n; col++) {
                    expected[r][col] = (r == col ? d[r] : 0) - gamma * u[r] * u[col];
                }
            }
            assertMatrixEquals(expected, j, 1e-14, c + " diag(d) - gamma u u^T");
            if (structure == JacobianStructure.MASK) {
                for (double di : d) {
                    assertTrue(di == 0.0 || di == 1.0, c + ": a mask must be 0/1, got " + di);
                }
            }
        }
    }

    @Test
    void lassoClosedForms() {
        Random rng = new Random(5);
        int n = 9;
        Prox prox = Prox.lasso(n);
        Differentiable f = Differentiable.of(prox, 0.7);
        for (int trial = 0; trial < 10; trial++) {
            double eta = 0.7;
            double lambda = 0.3 + rng.nextDouble();
            double[] v = gaussian(rng, n);
            v[0] = eta * lambda; // a kink: thresholded
            f.linearize(v, new double[] {lambda});
            double[][] j = jacobianV(f);
            double[][] jt = jacobianTheta(f);
            double[] dStep = new double[n];
            prox.stepDerivative(dStep);
            for (int i = 0; i < n; i++) {
                double active = Math.abs(v[i]) > eta * lambda ? 1 : 0;
                for (int col = 0; col < n; col++) {
                    assertEquals(i == col ? active : 0.0, j[i][col]);
                }
                assertEquals(-eta * Math.signum(v[i]) * active, jt[i][0], 1e-16);
                assertEquals(-lambda * Math.signum(v[i]) * active, dStep[i], 1e-16);
            }
        }
    }

    @Test
    void elasticNetClosedForms() {
        int n = 4;
        double eta = 0.5;
        double l1 = 0.4;
        double l2 = 2.0;
        double[] v = {1.0, -0.1, -3.0, 0.2};
        double c = 1 / (1 + eta * l2);
        double[] p = {c * (1.0 - eta * l1), 0, c * (-3.0 + eta * l1), 0};
        double[] s = {1, 0, -1, 0};
        Prox plain = Prox.elasticNet(n);
        plain.linearize(v, new double[] {l1, l2}, eta);
        double[][] jt = jacobianTheta(Differentiable.of(plain, eta));
        double[] dStep = new double[n];
        plain.stepDerivative(dStep);
        for (int i = 0; i < n; i++) {
            assertEquals(-eta * c * s[i], jt[i][0], 1e-15, "d/d l1");
            assertEquals(-eta * c * p[i], jt[i][1], 1e-15, "d/d l2");
            assertEquals(-l1 * c * s[i] - l2 * c * p[i], dStep[i], 1e-15, "d/d step");
        }
        // JAXopt's (lambda, gamma) with lambda = l1, gamma = l2 / l1: chain rule
        Prox scaled = Prox.elasticNetScaled(n);
        double gamma = l2 / l1;
        scaled.linearize(v, new double[] {l1, gamma}, eta);
        double[][] js = jacobianTheta(Differentiable.of(scaled, eta));
        for (int i = 0; i < n; i++) {
            assertEquals(jt[i][0] + gamma * jt[i][1], js[i][0], 1e-15, "d/d lambda");
            assertEquals(l1 * jt[i][1], js[i][1], 1e-15, "d/d gamma");
        }
    }

    @Test
    void groupLassoBlockClosedForm() {
        // groups {0, 1, 2} (active) and {3, 4} (inactive)
        double eta = 1.0;
        double lambda = 0.5;
        double[] v = {1.0, 2.0, -2.0, 0.1, 0.2};
        double norm = 3.0;
        double t = eta * lambda;
        Prox prox = Prox.groupLasso(new int[] {0, 3, 5});
        Differentiable f = Differentiable.of(prox, eta);
        f.linearize(v, new double[] {lambda});
        double[][] j = jacobianV(f);
        double[][] jt = jacobianTheta(f);
        for (int r = 0; r < 5; r++) {
            for (int c = 0; c < 5; c++) {
                double expected = r < 3 && c < 3
                        ? (r == c ? 1 - t / norm : 0) + t * v[r] * v[c] / (norm * norm * norm)
                        : 0.0;
                assertEquals(expected, j[r][c], 1e-15, "J[" + r + "][" + c + "]");
            }
            assertEquals(r < 3 ? -eta * v[r] / norm : 0.0, jt[r][0], 1e-15);
        }
    }

    @Test
    void ridgeClosedForms() {
        double eta = 0.4;
        double lambda = 1.5;
        double c = 1 / (1 + eta * lambda);
        double[] v = {2.0, -1.0, 0.0};
        for (boolean nonNegative : new boolean[] {false, true}) {
            Prox prox = nonNegative ? Prox.nonNegativeRidge(3) : Prox.ridge(3);
            Differentiable f = Differentiable.of(prox, eta);
            f.linearize(v, new double[] {lambda});
            double[][] j = jacobianV(f);
            double[][] jt = jacobianTheta(f);
            for (int i = 0; i < 3; i++) {
                double free = nonNegative ? (v[i] > 0 ? 1 : 0) : 1;
                assertEquals(c * free, j[i][i], 1e-16);
                // d/d lambda of v/(1 + eta lambda) = −eta v/(1 + eta lambda)²
                assertEquals(-eta * c * c * v[i] * free, jt[i][0], 1e-15);
            }
        }
    }

    @Test
    void proxOfAProjectionForwardsDerivativesAndHasNoStepDerivative() {
        Random rng = new Random(19);
        int n = 5;
        Projection projection = Projection.simplex(n);
        Prox prox = Prox.of(Projection.simplex(n));
        double[] v = gaussian(rng, n);
        double[] theta = {1.0};
        projection.linearize(v, theta);
        prox.linearize(v, theta, 3.0);
        assertMatrixEquals(jacobianV(Differentiable.of(projection)), jacobianV(Differentiable.of(prox, 3.0)),
                0.0, "d/dv");
        assertMatrixEquals(jacobianTheta(Differentiable.of(projection)),
                jacobianTheta(Differentiable.of(prox, 3.0)), 0.0, "d/d theta");
        double[] dStep = gaussian(rng, n);
        prox.stepDerivative(dStep);
        assertArrayEquals(new double[n], dStep, 0.0);
        assertEquals(JacobianStructure.DIAGONAL_MINUS_RANK_ONE, prox.jacobianStructure());
    }

    @Test
    void productsBeforeLinearizeAreRejected() {
        for (ProxCase c : ProxCase.all()) {
            Prox prox = c.create(3);
            assertThrows(InvalidOptionException.class, () -> prox.jvpV(new double[3], new double[3]), c.name);
            assertThrows(InvalidOptionException.class, () -> prox.stepDerivative(new double[3]), c.name);
        }
    }

    @Test
    void productsMayWriteIntoTheirInput() {
        Random rng = new Random(29);
        int n = 8;
        for (ProxCase c : ProxCase.all()) {
            Prox prox = c.create(n);
            prox.linearize(c.input(n, rng), c.theta(n, rng), 0.6);
            double[] dv = gaussian(rng, n);
            double[] expected = new double[n];
            prox.jvpV(dv, expected);
            prox.vjpV(dv, dv);
            assertArrayEquals(expected, dv, 0.0, c.name);
        }
    }

    @Test
    void forkHasIndependentState() {
        Prox prox = Prox.lasso(2);
        prox.linearize(new double[] {1, 0}, new double[] {0.5}, 1.0);
        Prox other = prox.fork();
        other.linearize(new double[] {0, -1}, new double[] {0.5}, 1.0);
        double[] out = new double[2];
        prox.jvpV(new double[] {1, 1}, out);
        assertArrayEquals(new double[] {1, 0}, out, 0.0);
        other.jvpV(new double[] {1, 1}, out);
        assertArrayEquals(new double[] {0, 1}, out, 0.0);
    }
}
