package org.rootgrad.solvers.objective;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.rootgrad.autodiff.Objective;
import org.rootgrad.error.DimensionMismatchException;
import org.rootgrad.error.InvalidOptionException;
import org.rootgrad.error.NonFiniteException;
import org.rootgrad.error.RootgradException;

/** Bad input gives a typed error whose message names the argument. */
class ObjectiveValidationTest {
    static final int N = 4;
    static final int P = 3;
    static final double[] X = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
    static final double[] Y = {1, -1, 1, -1};

    static <T extends RootgradException> void assertNames(Class<T> type, String name, Executable body) {
        T e = assertThrows(type, body);
        assertTrue(e.getMessage().contains(name), "message '" + e.getMessage() + "' should name " + name);
    }

    @Test
    void badDataIsRejectedByBothFactories() {
        double[] nanX = X.clone();
        nanX[5] = Double.NaN;
        double[] nanY = Y.clone();
        nanY[2] = Double.NaN;
        assertNames(DimensionMismatchException.class, "x", () -> Objectives.leastSquares(new double[11], N, P, Y, false));
        assertNames(DimensionMismatchException.class, "x", () -> TapeObjectives.leastSquares(new double[11], N, P, Y, false));
        assertNames(DimensionMismatchException.class, "y", () -> Objectives.ridge(X, N, P, new double[3], true));
        assertNames(DimensionMismatchException.class, "y", () -> TapeObjectives.ridge(X, N, P, new double[3], true));
        assertNames(NonFiniteException.class, "x", () -> Objectives.ridge(nanX, N, P, Y, false));
        assertNames(NonFiniteException.class, "x", () -> TapeObjectives.ridge(nanX, N, P, Y, false));
        assertNames(NonFiniteException.class, "y", () -> Objectives.huber(X, N, P, nanY, 1, false));
        assertNames(NonFiniteException.class, "y", () -> TapeObjectives.huber(X, N, P, nanY, 1, false));
        assertNames(InvalidOptionException.class, "labels[1]",
                () -> Objectives.binaryLogistic(X, N, P, new double[] {1, 0, 1, -1}, false));
        assertNames(InvalidOptionException.class, "labels[1]",
                () -> TapeObjectives.binaryLogisticL2(X, N, P, new double[] {1, 0, 1, -1}, false));
        assertNames(InvalidOptionException.class, "labels[3]",
                () -> Objectives.multiclassLogistic(X, N, P, new int[] {0, 1, 2, 3}, 3, true));
        assertNames(InvalidOptionException.class, "labels[0]",
                () -> Objectives.multiclassSvmDual(X, N, P, new int[] {-1, 1, 2, 0}, 3));
        assertNames(DimensionMismatchException.class, "labels",
                () -> TapeObjectives.multiclassLogisticL2(X, N, P, new int[] {0, 1}, 3, false));
        assertNames(InvalidOptionException.class, "delta", () -> Objectives.huberL2(X, N, P, Y, 0, false));
        assertNames(InvalidOptionException.class, "rows", () -> Objectives.leastSquares(X, 0, P, Y, false));
    }

    static List<ObjectiveCase> cases() {
        return ObjectiveCase.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void badCallsAreRejected(ObjectiveCase c) {
        Objective f = c.hand().get();
        int n = f.dimension();
        double[] theta = c.hasLambda() ? new double[] {0.5} : new double[0];
        String variable = c.name().startsWith("multiclass SVM") ? "beta" : "w";
        assertNames(DimensionMismatchException.class, variable, () -> f.value(new double[n + 1], theta));
        assertNames(DimensionMismatchException.class, "gradient",
                () -> f.valueAndGradient(new double[n], theta, new double[n - 1]));
        assertThrows(InvalidOptionException.class, () -> f.hessianVector(new double[n], new double[n]),
                "a product before linearize");
        if (c.hasLambda()) {
            assertNames(InvalidOptionException.class, "λ", () -> f.value(new double[n], new double[] {-0.1}));
            assertNames(NonFiniteException.class, "theta", () -> f.value(new double[n], new double[] {Double.NaN}));
            assertNames(DimensionMismatchException.class, "theta", () -> f.value(new double[n], new double[2]));
            if (c.strictlyPositiveLambda()) {
                assertNames(InvalidOptionException.class, "λ", () -> f.value(new double[n], new double[] {0.0}));
            } else {
                assertDoesNotThrow(() -> f.value(new double[n], new double[] {0.0}), "λ = 0 is allowed");
            }
        } else {
            assertNames(DimensionMismatchException.class, "theta", () -> f.value(new double[n], new double[] {1}));
        }
        f.linearize(new double[n], theta);
        assertNames(DimensionMismatchException.class, "out", () -> f.hessianVector(new double[n], new double[n + 2]));
    }

    @Test
    void coordinateMethodsCheckTheirStart() {
        CoordinateObjective f = Objectives.ridge(X, N, P, Y, true);
        assertThrows(InvalidOptionException.class, () -> f.startTangent(new double[P + 1], new double[1]),
                "tangent before startCoordinates");
        assertThrows(InvalidOptionException.class, () -> f.coordinateGradient(0), "a partial before startCoordinates");
        assertNames(DimensionMismatchException.class, "x", () -> f.startCoordinates(new double[P], new double[] {1}));
        assertNames(InvalidOptionException.class, "λ", () -> f.startCoordinates(new double[P + 1], new double[] {-1}));
        f.startCoordinates(new double[P + 1], new double[] {1});
        assertNames(DimensionMismatchException.class, "thetaDot", () -> f.startTangent(new double[P + 1], new double[0]));
        assertNames(DimensionMismatchException.class, "xBar", () -> f.startAdjoint(new double[P]));
    }
}
