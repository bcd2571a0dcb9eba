package org.rootgrad.solvers.prox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.rootgrad.error.DimensionMismatchException;
import org.rootgrad.error.InvalidOptionException;
import org.rootgrad.error.NonFiniteException;
import org.rootgrad.error.RootgradException;
import org.rootgrad.solvers.projection.Projection;

/** Bad input gets a typed error whose message names the argument. */
class ProxValidationTest {

    private static <T extends RootgradException> void assertRejects(Class<T> type, String mentioned,
                                                                     Executable call) {
        T e = assertThrows(type, call);
        assertTrue(e.getMessage().contains(mentioned),
                "message should mention '" + mentioned + "': " + e.getMessage());
    }

    @Test
    void wrongLengthsNameTheArgument() {
        Prox prox = Prox.elasticNet(3);
        double[] theta = {0.1, 0.2};
        assertRejects(DimensionMismatchException.class, "v", () -> prox.apply(new double[4], theta, 1, new double[3]));
        assertRejects(DimensionMismatchException.class, "out", () -> prox.apply(new double[3], theta, 1, new double[2]));
        assertRejects(DimensionMismatchException.class, "theta", () -> prox.apply(new double[3], new double[1], 1, new double[3]));
        prox.linearize(new double[] {1, -1, 0.01}, theta, 1);
        assertRejects(DimensionMismatchException.class, "dv", () -> prox.jvpV(new double[2], new double[3]));
        assertRejects(DimensionMismatchException.class, "w", () -> prox.vjpV(new double[2], new double[3]));
        assertRejects(DimensionMismatchException.class, "dTheta", () -> prox.jvpTheta(new double[3], new double[3]));
        assertRejects(DimensionMismatchException.class, "out", () -> prox.vjpTheta(new double[3], new double[3]));
        assertRejects(DimensionMismatchException.class, "out", () -> prox.stepDerivative(new double[2]));
        assertRejects(DimensionMismatchException.class, "theta",
                () -> Prox.lassoPerCoordinate(3).linearize(new double[3], new double[1], 1));
    }

    @Test
    void stepMustBePositiveAndFinite() {
        Prox prox = Prox.lasso(2);
        double[] theta = {0.1};
        assertRejects(InvalidOptionException.class, "step", () -> prox.apply(new double[2], theta, 0.0, new double[2]));
        assertRejects(InvalidOptionException.class, "step", () -> prox.linearize(new double[2], theta, -1.0));
        assertRejects(NonFiniteException.class, "step", () -> prox.apply(new double[2], theta, Double.NaN, new double[2]));
        assertRejects(InvalidOptionException.class, "step",
                () -> Prox.of(Projection.box(2)).apply(new double[2], new double[] {0, 1}, 0.0, new double[2]));
    }

    @Test
    void negativeStrengthsAreInvalid() {
        double[] v = {1, 2};
        double[] out = new double[2];
        assertRejects(InvalidOptionException.class, "lasso strength", () -> Prox.lasso(2).apply(v, new double[] {-0.1}, 1, out));
        assertRejects(InvalidOptionException.class, "λ[1]",
                () -> Prox.lassoPerCoordinate(2).apply(v, new double[] {0.1, -0.1}, 1, out));
        assertRejects(InvalidOptionException.class, "l2 strength", () -> Prox.elasticNet(2).apply(v, new double[] {0.1, -1}, 1, out));
        assertRejects(InvalidOptionException.class, "ratio", () -> Prox.elasticNetScaled(2).apply(v, new double[] {0.1, -1}, 1, out));
        assertRejects(InvalidOptionException.class, "ridge strength", () -> Prox.ridge(2).linearize(v, new double[] {-2}, 1));
        assertRejects(InvalidOptionException.class, "group-lasso strength",
                () -> Prox.groupLasso(new int[] {0, 2}).apply(v, new double[] {-2}, 1, out));
        assertRejects(InvalidOptionException.class, "radius",
                () -> Prox.of(Projection.l2Ball(2)).apply(v, new double[] {-2}, 1, out));
    }

    @Test
    void nanStrengthsAreNonFinite() {
        double[] v = {1, 2};
        NonFiniteException e = assertThrows(NonFiniteException.class,
                () -> Prox.nonNegativeLasso(2).apply(v, new double[] {Double.NaN}, 1, new double[2]));
        assertEquals("theta", e.argument());
        e = assertThrows(NonFiniteException.class,
                () -> Prox.elasticNet(2).linearize(v, new double[] {0.1, Double.POSITIVE_INFINITY}, 1));
        assertEquals(1, e.index());
    }

    @Test
    void badWeightsAndGroupsAreRejectedAtConstruction() {
        assertRejects(InvalidOptionException.class, "weights[1]", () -> Prox.lasso(new double[] {1, -1}));
        assertRejects(NonFiniteException.class, "weights", () -> Prox.lasso(new double[] {Double.NaN}));
        assertRejects(DimensionMismatchException.class, "weights", () -> Prox.lasso((double[]) null));
        assertRejects(InvalidOptionException.class, "boundaries[0]", () -> Prox.groupLasso(new int[] {1, 3}));
        assertRejects(InvalidOptionException.class, "strictly increasing", () -> Prox.groupLasso(new int[] {0, 2, 2}));
        assertRejects(InvalidOptionException.class, "boundaries length", () -> Prox.groupLasso(new int[] {0}));
        assertRejects(DimensionMismatchException.class, "groupWeights",
                () -> Prox.groupLasso(new int[] {0, 1, 3}, new double[] {1}));
        assertRejects(InvalidOptionException.class, "groupWeights[0]",
                () -> Prox.groupLasso(new int[] {0, 1, 3}, new double[] {-1, 1}));
        assertRejects(InvalidOptionException.class, "groupOf[1]", () -> Prox.groupLassoByIds(new int[] {0, -1}));
        assertRejects(DimensionMismatchException.class, "groupWeights",
                () -> Prox.groupLassoByIds(new int[] {0, 2}, new double[] {1, 1}));
        assertRejects(InvalidOptionException.class, "dimension", () -> Prox.ridge(0));
    }
}
