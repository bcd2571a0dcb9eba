package org.rootgrad.solvers.projection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.rootgrad.error.DimensionMismatchException;
import org.rootgrad.error.InvalidOptionException;
import org.rootgrad.error.NonFiniteException;
import org.rootgrad.error.RootgradException;

/** Bad input gets a typed error whose message names the argument. */
class ProjectionValidationTest {

    private static <T extends RootgradException> void assertRejects(Class<T> type, String mentioned,
                                                                     Executable call) {
        T e = assertThrows(type, call);
        assertTrue(e.getMessage().contains(mentioned),
                "message should mention '" + mentioned + "': " + e.getMessage());
    }

    @Test
    void wrongLengthsNameTheArgument() {
        Projection p = Projection.l2Ball(3);
        double[] theta = {1.0};
        assertRejects(DimensionMismatchException.class, "v",
                () -> p.project(new double[2], theta, new double[3]));
        assertRejects(DimensionMismatchException.class, "out",
                () -> p.project(new double[3], theta, new double[4]));
        assertRejects(DimensionMismatchException.class, "theta",
                () -> p.project(new double[3], new double[2], new double[3]));
        assertRejects(DimensionMismatchException.class, "theta",
                () -> p.linearize(new double[3], null));
        p.linearize(new double[] {1, 2, 3}, theta);
        assertRejects(DimensionMismatchException.class, "dv", () -> p.jvpV(new double[2], new double[3]));
        assertRejects(DimensionMismatchException.class, "w", () -> p.vjpV(new double[4], new double[3]));
        assertRejects(DimensionMismatchException.class, "dTheta",
                () -> p.jvpTheta(new double[2], new double[3]));
        assertRejects(DimensionMismatchException.class, "out",
                () -> p.vjpTheta(new double[3], new double[2]));
        assertRejects(DimensionMismatchException.class, "d", () -> p.jacobianDiagonal(new double[2]));
        assertRejects(DimensionMismatchException.class, "u", () -> p.jacobianRankOne(new double[2]));
        Projection h = Projection.hyperplane(3);
        assertRejects(DimensionMismatchException.class, "theta",
                () -> h.project(new double[3], new double[3], new double[3]));
    }

    @Test
    void negativeRadiiAndTotalsAreInvalid() {
        double[] v = {1, 2};
        double[] out = new double[2];
        assertRejects(InvalidOptionException.class, "radius", () -> Projection.l2Ball(2).project(v, new double[] {-1}, out));
        assertRejects(InvalidOptionException.class, "radius", () -> Projection.l1Ball(2).linearize(v, new double[] {-1e-9}));
        assertRejects(InvalidOptionException.class, "radius", () -> Projection.lInfBall(2).project(v, new double[] {-2}, out));
        assertRejects(InvalidOptionException.class, "radius", () -> Projection.l2Sphere(2).project(v, new double[] {-2}, out));
        assertRejects(InvalidOptionException.class, "total", () -> Projection.simplex(2).project(v, new double[] {-1}, out));
    }

    @Test
    void crossedBoxBoundsAreInvalid() {
        double[] v = {1, 2};
        double[] out = new double[2];
        assertRejects(InvalidOptionException.class, "lower",
                () -> Projection.box(2).project(v, new double[] {1, 0}, out));
        assertRejects(InvalidOptionException.class, "theta[3]",
                () -> Projection.boxPerCoordinate(2).project(v, new double[] {0, 2, 1, 1}, out));
        assertRejects(InvalidOptionException.class, "lower",
                () -> Projection.box(2).project(v, new double[] {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY}, out));
        assertRejects(InvalidOptionException.class, "upper",
                () -> Projection.box(2).project(v, new double[] {Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY}, out));
    }

    @Test
    void nanParametersAreNonFinite() {
        double[] v = {1, 2};
        double[] out = new double[2];
        NonFiniteException e = assertThrows(NonFiniteException.class,
                () -> Projection.l2Ball(2).project(v, new double[] {Double.NaN}, out));
        assertEquals("theta", e.argument());
        assertEquals(0, e.index());
        e = assertThrows(NonFiniteException.class,
                () -> Projection.boxPerCoordinate(2).linearize(v, new double[] {0, 0, Double.NaN, 1}));
        assertEquals(2, e.index());
        e = assertThrows(NonFiniteException.class,
                () -> Projection.hyperplane(2).project(v, new double[] {1, Double.NaN, 0}, out));
        assertEquals(1, e.index());
        e = assertThrows(NonFiniteException.class,
                () -> Projection.halfspace(2).project(v, new double[] {1, 1, Double.POSITIVE_INFINITY}, out));
        assertEquals(2, e.index());
        assertThrows(NonFiniteException.class,
                () -> Projection.simplex(2).project(v, new double[] {Double.POSITIVE_INFINITY}, out));
    }

    @Test
    void zeroNormalIsInvalid() {
        double[] v = {1, 2};
        assertRejects(InvalidOptionException.class, "normal a",
                () -> Projection.hyperplane(2).project(v, new double[] {0, 0, 1}, new double[2]));
        assertRejects(InvalidOptionException.class, "normal a",
                () -> Projection.halfspace(2).linearize(v, new double[] {1e-200, 0, 1}));
    }

    @Test
    void dimensionMustBePositive() {
        assertRejects(InvalidOptionException.class, "dimension", () -> Projection.simplex(0));
        assertRejects(InvalidOptionException.class, "dimension", () -> Projection.box(-1));
    }
}
