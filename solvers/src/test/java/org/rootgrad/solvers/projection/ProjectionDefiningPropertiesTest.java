package org.rootgrad.solvers.projection;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rootgrad.solvers.testing.Vectors.distance;
import static org.rootgrad.solvers.testing.Vectors.dot;
import static org.rootgrad.solvers.testing.Vectors.gaussian;
import static org.rootgrad.solvers.testing.Vectors.maxAbs;
import static org.rootgrad.solvers.testing.Vectors.maxAbsDifference;
import static org.rootgrad.solvers.testing.Vectors.norm;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each projection against the definition of a projection, checked without its code: the result
 * is feasible, and for a convex set it satisfies the variational inequality
 * ⟨v − P(v), y − P(v)⟩ ≤ 0 for random feasible y (which characterises the nearest point); for the
 * sphere, P(v) is at least as close to v as random points of the sphere. The simplex and l1-ball
 * projections are also compared with a slow bisection reference.
 */
class ProjectionDefiningPropertiesTest {

    static java.util.List<ProjectionCase> cases() {
        return ProjectionCase.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void resultIsFeasibleAndTheNearestPoint(ProjectionCase c) {
        Random rng = new Random(11 + c.name.hashCode());
        for (int n : new int[] {1, 2, 5, 17}) {
            Projection p = c.create(n);
            for (int trial = 0; trial < 30; trial++) {
                double[] theta = c.theta(n, rng);
                double[] v = c.input(n, rng);
                if (trial % 3 == 0) {
                    c.putOnKink(v, theta, rng);
                }
                double[] out = new double[n];
                p.project(v, theta, out);
                double scale = 1 + maxAbs(v) + maxAbs(theta);
                double feasibilityTolerance = 1e-13 * n * scale;
                assertTrue(c.infeasibility(out, theta) <= feasibilityTolerance,
                        c + ": P(v) infeasible by " + c.infeasibility(out, theta));
                double[] residual = new double[n];
                for (int i = 0; i < n; i++) {
                    residual[i] = v[i] - out[i];
                }
                for (int j = 0; j < 20; j++) {
                    double[] y = c.feasiblePoint(n, theta, rng);
                    if (c.convex()) {
                        double[] direction = new double[n];
                        for (int i = 0; i < n; i++) {
                            direction[i] = y[i] - out[i];
                        }
                        double inner = dot(residual, direction);
                        double tolerance = 1e-12 * n * scale * (1 + maxAbs(y));
                        assertTrue(inner <= tolerance, c + ": <v - P(v), y - P(v)> = " + inner
                                + " > 0 for a feasible y (n = " + n + ")");
                    } else {
                        assertTrue(distance(v, out) <= distance(v, y) + 1e-12 * scale,
                                c + ": a point of the set is closer to v than P(v)");
                    }
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void outputMayAliasInput(ProjectionCase c) {
        Random rng = new Random(5);
        int n = 9;
        Projection p = c.create(n);
        for (int trial = 0; trial < 10; trial++) {
            double[] theta = c.theta(n, rng);
            double[] v = c.input(n, rng);
            double[] expected = new double[n];
            p.project(v, theta, expected);
            p.project(v, theta, v);
            assertArrayEquals(expected, v, 0.0, c.name);
        }
    }

    @Test
    void simplexMatchesBisectionReference() {
        Random rng = new Random(3);
        for (int n : new int[] {1, 2, 3, 10, 100, 1000}) {
            Projection p = Projection.simplex(n);
            double[] out = new double[n];
            for (int trial = 0; trial < 20; trial++) {
                double[] v = gaussian(rng, n);
                if (trial % 4 == 1) {
                    for (int i = 0; i < n; i++) {
                        v[i] = Math.rint(v[i] * 2) / 2; // many ties
                    }
                }
                if (trial % 4 == 2) {
                    for (int i = 0; i < n; i++) {
                        v[i] *= 100; // a very sparse projection
                    }
                }
                double s = trial % 4 == 3 ? 1e-3 : 0.1 + 3 * rng.nextDouble();
                double[] theta = {s};
                p.project(v, theta, out);
                double[] reference = SimplexReference.project(v, s);
                assertTrue(maxAbsDifference(out, reference) <= 1e-12 * (1 + maxAbs(v)),
                        "simplex n = " + n + ": differs from bisection by " + maxAbsDifference(out, reference));
            }
        }
    }

    @Test
    void l1BallMatchesBisectionReference() {
        Random rng = new Random(4);
        for (int n : new int[] {1, 2, 7, 100}) {
            Projection p = Projection.l1Ball(n);
            double[] out = new double[n];
            for (int trial = 0; trial < 30; trial++) {
                double[] v = gaussian(rng, n);
                double r = 0.05 + 3 * rng.nextDouble();
                p.project(v, new double[] {r}, out);
                double[] reference = SimplexReference.projectL1Ball(v, r);
                assertTrue(maxAbsDifference(out, reference) <= 1e-12 * (1 + maxAbs(v)),
                        "l1 ball n = " + n + ": differs from bisection by " + maxAbsDifference(out, reference));
            }
        }
    }

    @Test
    void degenerateSetsHaveTheirSinglePoint() {
        double[] v = {0.3, -2.0, 1.5};
        double[] out = new double[3];
        Projection.simplex(3).project(v, new double[] {0.0}, out);
        assertArrayEquals(new double[3], out, 0.0, "simplex with total 0 is {0}");
        Projection.l1Ball(3).project(v, new double[] {0.0}, out);
        assertArrayEquals(new double[3], out, 0.0, "l1 ball of radius 0 is {0}");
        Projection.l2Ball(3).project(v, new double[] {0.0}, out);
        assertArrayEquals(new double[3], out, 0.0, "l2 ball of radius 0 is {0}");
        Projection.lInfBall(3).project(v, new double[] {0.0}, out);
        assertArrayEquals(new double[3], out, 0.0, "l-infinity ball of radius 0 is {0}");
        Projection.box(3).project(v, new double[] {0.7, 0.7}, out);
        assertArrayEquals(new double[] {0.7, 0.7, 0.7}, out, 0.0, "box with lower = upper");
    }

    @Test
    void oneSidedBoxesAcceptInfiniteBounds() {
        double[] v = {-3.0, 0.5, 4.0};
        double[] out = new double[3];
        Projection.box(3).project(v, new double[] {Double.NEGATIVE_INFINITY, 1.0}, out);
        assertArrayEquals(new double[] {-3.0, 0.5, 1.0}, out, 0.0);
        Projection.boxPerCoordinate(3).project(v,
                new double[] {-1, Double.NEGATIVE_INFINITY, 0, Double.POSITIVE_INFINITY, 0.2, 5}, out);
        assertArrayEquals(new double[] {-1.0, 0.2, 4.0}, out, 0.0);
    }

    @Test
    void sphereMapsZeroToItsConventionalPoint() {
        double[] out = new double[4];
        Projection.l2Sphere(4).project(new double[4], new double[] {2.5}, out);
        assertArrayEquals(new double[] {2.5, 0, 0, 0}, out, 0.0);
    }

    @Test
    void hyperplaneProjectionLandsOnThePlaneAlongTheNormal() {
        Random rng = new Random(8);
        int n = 6;
        Projection p = Projection.hyperplane(n);
        double[] out = new double[n];
        for (int trial = 0; trial < 20; trial++) {
            double[] a = gaussian(rng, n);
            double b = rng.nextGaussian();
            double[] v = gaussian(rng, n);
            double[] theta = org.rootgrad.solvers.testing.Vectors.concat(a, b);
            p.project(v, theta, out);
            assertEquals(b, dot(a, out), 1e-12 * (1 + norm(a) * norm(v)));
            // v − P(v) is parallel to a: its component orthogonal to a vanishes
            double[] diff = new double[n];
            for (int i = 0; i < n; i++) {
                diff[i] = v[i] - out[i];
            }
            double along = dot(diff, a) / dot(a, a);
            for (int i = 0; i < n; i++) {
                assertEquals(along * a[i], diff[i], 1e-12 * (1 + maxAbs(v)));
            }
        }
    }
}
