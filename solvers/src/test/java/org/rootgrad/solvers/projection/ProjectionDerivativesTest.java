package org.rootgrad.solvers.projection;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rootgrad.solvers.testing.DerivativeChecks.assertAdjoint;
import static org.rootgrad.solvers.testing.DerivativeChecks.assertJvpTheta;
import static org.rootgrad.solvers.testing.DerivativeChecks.assertJvpV;
import static org.rootgrad.solvers.testing.DerivativeChecks.assertMatrixEquals;
import static org.rootgrad.solvers.testing.DerivativeChecks.jacobianTheta;
import static org.rootgrad.solvers.testing.DerivativeChecks.jacobianV;
import static org.rootgrad.solvers.testing.Vectors.concat;
import static org.rootgrad.solvers.testing.Vectors.dot;
import static org.rootgrad.solvers.testing.Vectors.gaussian;
import static org.rootgrad.solvers.testing.Vectors.norm;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.rootgrad.error.InvalidOptionException;
import org.rootgrad.error.UnsupportedDerivativeException;
import org.rootgrad.solvers.testing.DerivativeChecks;
import org.rootgrad.solvers.testing.Differentiable;

/**
 * JVPs and VJPs of every projection, in v and in θ: against central finite differences at random
 * points at least 1e-3 from any kink (step 1e-6, tolerance {@value DerivativeChecks#FD_TOLERANCE}
 * relative to max(1, ‖JVP‖∞)); the adjoint identity to {@value DerivativeChecks#ADJOINT_TOLERANCE}
 * relative, at smooth points and exactly on kinks; the structure description against the dense
 * Jacobian; and closed forms written out here.
 */
class ProjectionDerivativesTest {
    private static final double KINK_MARGIN = 1e-3;

    static List<ProjectionCase> cases() {
        return ProjectionCase.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void jvpsMatchFiniteDifferences(ProjectionCase c) {
        Random rng = new Random(21 + c.name.hashCode());
        for (int n : new int[] {1, 3, 8}) {
            Differentiable f = Differentiable.of(c.create(n));
            for (int trial = 0; trial < 15; trial++) {
                double[] theta = c.theta(n, rng);
                double[] v = c.smoothInput(n, theta, rng, KINK_MARGIN);
                for (int d = 0; d < 3; d++) {
                    assertJvpV(f, v, theta, gaussian(rng, n), c + " n=" + n);
                    if (theta.length > 0) {
                        assertJvpTheta(f, v, theta, gaussian(rng, theta.length), c + " n=" + n);
                    }
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void jvpAndVjpAreAdjointAtSmoothPointsAndOnKinks(ProjectionCase c) {
        Random rng = new Random(31 + c.name.hashCode());
        for (int n : new int[] {1, 2, 6, 13}) {
            Differentiable f = Differentiable.of(c.create(n));
            for (int trial = 0; trial < 20; trial++) {
                double[] theta = c.theta(n, rng);
                double[] v = c.input(n, rng);
                if (trial % 2 == 1) {
                    c.putOnKink(v, theta, rng);
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
    void structureDescribesTheJacobian(ProjectionCase c) {
        Random rng = new Random(41 + c.name.hashCode());
        int n = 7;
        Projection p = c.create(n);
        Differentiable f = Differentiable.of(p);
        JacobianStructure structure = p.jacobianStructure();
        assertTrue(structure.hasDiagonalDescription(), c + " should describe its Jacobian");
        for (int trial = 0; trial < 20; trial++) {
            double[] theta = c.theta(n, rng);
            double[] v = c.input(n, rng);
            if (trial % 2 == 1) {
                c.putOnKink(v, theta, rng);
            }
            p.linearize(v, theta);
            double[] d = new double[n];
            double[] u = new double[n];
            p.jacobianDiagonal(d);
            double gamma = p.jacobianRankOne(u);
            assertTrue(gamma >= 0, "gamma must be non-negative");
            double[][] expected = new double[n][n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    expected[i][j] = (i == j ? d[i] : 0) - gamma * u[i] * u[j];
                }
            }
            assertMatrixEquals(expected, jacobianV(f), 1e-14, c + " diag(d) - gamma u u^T");
            if (structure == JacobianStructure.MASK) {
                for (double di : d) {
                    assertTrue(di == 0.0 || di == 1.0, c + ": a mask must be 0/1, got " + di);
                }
                assertEquals(0.0, gamma);
            }
        }
    }

    @Test
    void simplexJacobianIsDiagMinusRankOneOnTheReferenceSupport() {
        Random rng = new Random(7);
        int n = 12;
        Projection p = Projection.simplex(n);
        Differentiable f = Differentiable.of(p);
        for (int trial = 0; trial < 20; trial++) {
            double[] v = gaussian(rng, n);
            double s = 0.2 + 2 * rng.nextDouble();
            double tau = SimplexReference.threshold(v, s);
            double[] support = new double[n];
            int size = 0;
            for (int i = 0; i < n; i++) {
                if (v[i] > tau) {
                    support[i] = 1;
                    size++;
                }
            }
            double[][] expected = new double[n][n];
            double[][] expectedTheta = new double[n][1];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    expected[i][j] = (i == j ? support[i] : 0) - support[i] * support[j] / size;
                }
                expectedTheta[i][0] = support[i] / size;
            }
            p.linearize(v, new double[] {s});
            assertMatrixEquals(expected, jacobianV(f), 1e-15, "simplex d/dv");
            assertMatrixEquals(expectedTheta, jacobianTheta(f), 1e-15, "simplex d/ds");
        }
    }

    @Test
    void l1BallJacobianUsesTheSignedSupport() {
        Random rng = new Random(9);
        int n = 10;
        Projection p = Projection.l1Ball(n);
        Differentiable f = Differentiable.of(p);
        for (int trial = 0; trial < 20; trial++) {
            double[] v = gaussian(rng, n);
            double r = 0.3 + rng.nextDouble();
            double[] abs = new double[n];
            for (int i = 0; i < n; i++) {
                abs[i] = Math.abs(v[i]);
            }
            double tau = SimplexReference.threshold(abs, r);
            double[] m = new double[n];
            double[] u = new double[n];
            int size = 0;
            for (int i = 0; i < n; i++) {
                if (abs[i] > tau) {
                    m[i] = 1;
                    u[i] = Math.signum(v[i]);
                    size++;
                }
            }
            double[][] expected = new double[n][n];
            double[][] expectedTheta = new double[n][1];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    expected[i][j] = (i == j ? m[i] : 0) - u[i] * u[j] / size;
                }
                expectedTheta[i][0] = u[i] / size;
            }
            p.linearize(v, new double[] {r});
            assertMatrixEquals(expected, jacobianV(f), 1e-15, "l1 ball d/dv");
            assertMatrixEquals(expectedTheta, jacobianTheta(f), 1e-15, "l1 ball d/dr");
        }
    }

    @Test
    void boxJacobianIsTheMaskOfFreeCoordinates() {
        int n = 5;
        Projection p = Projection.boxPerCoordinate(n);
        Differentiable f = Differentiable.of(p);
        double[] lower = {-1, -1, 0, 2, -5};
        double[] upper = {1, 1, 0.5, 3, -4};
        // below, at lower (kink: lower active), inside, above, at upper (kink: upper active)
        double[] v = {-2, -1, 0.25, 7, -4};
        p.linearize(v, concat(lower, upper));
        double[] mask = {0, 0, 1, 0, 0};
        double[] atLower = {1, 1, 0, 0, 0};
        double[] atUpper = {0, 0, 0, 1, 1};
        double[][] j = jacobianV(f);
        double[][] jt = jacobianTheta(f);
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < n; c++) {
                assertEquals(i == c ? mask[i] : 0.0, j[i][c]);
                assertEquals(i == c ? atLower[i] : 0.0, jt[i][c], "d P_" + i + " / d lower_" + c);
                assertEquals(i == c ? atUpper[i] : 0.0, jt[i][n + c], "d P_" + i + " / d upper_" + c);
            }
        }
        Projection scalar = Projection.box(n);
        scalar.linearize(v, new double[] {-1, 1});
        double[][] jScalar = jacobianTheta(Differentiable.of(scalar));
        double[] expectedLower = {1, 1, 0, 0, 1};
        double[] expectedUpper = {0, 0, 0, 1, 0};
        for (int i = 0; i < n; i++) {
            assertEquals(expectedLower[i], jScalar[i][0]);
            assertEquals(expectedUpper[i], jScalar[i][1]);
        }
    }

    @Test
    void l2BallJacobianOutsideIsScaledTangentProjector() {
        Random rng = new Random(13);
        int n = 6;
        Projection p = Projection.l2Ball(n);
        Differentiable f = Differentiable.of(p);
        for (int trial = 0; trial < 10; trial++) {
            double[] v = gaussian(rng, n);
            double norm = norm(v);
            double r = norm * (trial % 2 == 0 ? 0.5 : 1.5);
            p.linearize(v, new double[] {r});
            double[][] expected = new double[n][n];
            double[][] expectedTheta = new double[n][1];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    expected[i][j] = r < norm
                            ? r / norm * ((i == j ? 1 : 0) - v[i] * v[j] / (norm * norm))
                            : (i == j ? 1 : 0);
                }
                expectedTheta[i][0] = r < norm ? v[i] / norm : 0;
            }
            assertMatrixEquals(expected, jacobianV(f), 1e-14, "l2 ball d/dv");
            assertMatrixEquals(expectedTheta, jacobianTheta(f), 1e-15, "l2 ball d/dr");
        }
    }

    @Test
    void hyperplaneJacobianIsTheOrthogonalProjectorOntoThePlane() {
        Random rng = new Random(17);
        int n = 5;
        Projection p = Projection.hyperplane(n);
        Differentiable f = Differentiable.of(p);
        double[] a = gaussian(rng, n);
        double b = 0.7;
        double[] v = gaussian(rng, n);
        p.linearize(v, concat(a, b));
        double aa = dot(a, a);
        double[][] expected = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                expected[i][j] = (i == j ? 1 : 0) - a[i] * a[j] / aa;
            }
        }
        assertMatrixEquals(expected, jacobianV(f), 1e-14, "hyperplane d/dv");
        double[][] jt = jacobianTheta(f);
        for (int i = 0; i < n; i++) {
            assertEquals(a[i] / aa, jt[i][n], 1e-15, "d P / d b = a / |a|^2");
        }
    }

    @Test
    void kinksResolveTowardsTheConstrainedPiece() {
        double[] out = new double[3];
        // non-negative: v_i = 0 is fixed
        Projection nn = Projection.nonNegative(3);
        nn.linearize(new double[] {0.0, 1.0, -1.0}, null);
        nn.jvpV(new double[] {1, 1, 1}, out);
        assertArrayEquals(new double[] {0, 1, 0}, out, 0.0);
        // l-infinity ball: |v_i| = r is at the bound, dP_i/dr = sign(v_i)
        Projection linf = Projection.lInfBall(3);
        linf.linearize(new double[] {0.5, -0.5, 0.1}, new double[] {0.5});
        linf.jvpV(new double[] {1, 1, 1}, out);
        assertArrayEquals(new double[] {0, 0, 1}, out, 0.0);
        linf.jvpTheta(new double[] {1}, out);
        assertArrayEquals(new double[] {1, -1, 0}, out, 0.0);
        // l2 ball: on the sphere, the boundary form applies
        Projection ball = Projection.l2Ball(2);
        ball.linearize(new double[] {3, 4}, new double[] {5});
        double[] out2 = new double[2];
        ball.jvpV(new double[] {3, 4}, out2); // the radial direction is removed
        assertArrayEquals(new double[] {0, 0}, out2, 1e-15);
        ball.jvpTheta(new double[] {1}, out2);
        assertArrayEquals(new double[] {0.6, 0.8}, out2, 1e-15);
        // halfspace: a^T v = b is active
        Projection half = Projection.halfspace(2);
        half.linearize(new double[] {1, 1}, new double[] {1, 0, 1});
        half.jvpV(new double[] {1, 1}, out2);
        assertArrayEquals(new double[] {0, 1}, out2, 1e-15);
        // simplex: a coordinate exactly at the threshold is outside the support
        Projection simplex = Projection.simplex(3);
        simplex.linearize(new double[] {1.0, 0.5, 0.0}, new double[] {0.5}); // tau = 0.5
        simplex.jvpV(new double[] {1, 1, 1}, out);
        assertArrayEquals(new double[] {0, 0, 0}, out, 0.0); // support {0}: J = e0 e0^T - e0 e0^T
        simplex.jvpTheta(new double[] {1}, out);
        assertArrayEquals(new double[] {1, 0, 0}, out, 0.0);
    }

    @Test
    void degenerateParametersUseTheirPartialDerivatives() {
        double[] out = new double[3];
        // simplex of total 0: P ≡ 0 in v; dP/ds = e at the first maximum
        Projection simplex = Projection.simplex(3);
        simplex.linearize(new double[] {0.2, 0.9, 0.9}, new double[] {0.0});
        simplex.jvpV(new double[] {1, 2, 3}, out);
        assertArrayEquals(new double[3], out, 0.0);
        simplex.jvpTheta(new double[] {1}, out);
        assertArrayEquals(new double[] {0, 1, 0}, out, 0.0);
        // l1 ball of radius 0: dP/dr = sign(v_j) e_j at the first largest |v_j|
        Projection l1 = Projection.l1Ball(3);
        l1.linearize(new double[] {0.2, -0.9, 0.9}, new double[] {0.0});
        l1.jvpV(new double[] {1, 2, 3}, out);
        assertArrayEquals(new double[3], out, 0.0);
        l1.jvpTheta(new double[] {1}, out);
        assertArrayEquals(new double[] {0, -1, 0}, out, 0.0);
        // sphere at v = 0 has no derivative for r > 0
        Projection sphere = Projection.l2Sphere(3);
        UnsupportedDerivativeException e = assertThrows(UnsupportedDerivativeException.class,
                () -> sphere.linearize(new double[3], new double[] {1.0}));
        assertTrue(e.getMessage().contains("v = 0"), e.getMessage());
    }

    @Test
    void productsMayWriteIntoTheirInput() {
        Random rng = new Random(23);
        int n = 8;
        for (ProjectionCase c : ProjectionCase.all()) {
            Projection p = c.create(n);
            double[] theta = c.theta(n, rng);
            p.linearize(c.input(n, rng), theta);
            double[] dv = gaussian(rng, n);
            double[] expected = new double[n];
            p.jvpV(dv, expected);
            p.jvpV(dv, dv);
            assertArrayEquals(expected, dv, 0.0, c.name);
        }
    }

    @Test
    void productsBeforeLinearizeAreRejected() {
        Projection p = Projection.simplex(3);
        InvalidOptionException e = assertThrows(InvalidOptionException.class,
                () -> p.jvpV(new double[3], new double[3]));
        assertTrue(e.getMessage().contains("linearize"), e.getMessage());
    }

    @Test
    void forkHasIndependentState() {
        Projection p = Projection.simplex(3);
        p.linearize(new double[] {1, 0, 0}, new double[] {1});
        Projection q = p.fork();
        assertThrows(InvalidOptionException.class, () -> q.jvpV(new double[3], new double[3]));
        q.linearize(new double[] {0, 0, 1}, new double[] {1});
        double[] out = new double[3];
        p.jvpTheta(new double[] {1}, out);
        assertArrayEquals(new double[] {1, 0, 0}, out, 0.0);
        q.jvpTheta(new double[] {1}, out);
        assertArrayEquals(new double[] {0, 0, 1}, out, 0.0);
    }
}
