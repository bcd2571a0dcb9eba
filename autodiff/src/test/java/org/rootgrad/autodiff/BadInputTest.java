package org.rootgrad.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.rootgrad.error.DimensionMismatchException;
import org.rootgrad.error.InvalidOptionException;
import org.rootgrad.error.NonFiniteException;
import org.rootgrad.error.RootgradException;
import org.rootgrad.error.UnsupportedDerivativeException;

/** Shape mismatches at record time and wrong lengths at evaluation time, with their messages. */
class BadInputTest {

    private static <T extends RootgradException> void assertMessage(Class<T> type, Executable call,
                                                                    String... fragments) {
        T e = assertThrows(type, call);
        for (String fragment : fragments) {
            assertTrue(e.getMessage().contains(fragment), "message '" + e.getMessage()
                    + "' should contain '" + fragment + "'");
        }
    }

    @Test
    void recordTimeShapeMismatchesNameTheOpAndShapes() {
        Tape t = new Tape();
        Tensor x3 = t.input("x", 3);
        Tensor y4 = t.input("y", 4);
        Tensor a = t.input("A", 2, 3);
        Tensor b = t.input("B", 4, 2);
        assertMessage(DimensionMismatchException.class, () -> x3.add(y4), "add", "[3]", "[4]");
        assertMessage(DimensionMismatchException.class, () -> x3.mul(a), "mul", "[3]", "[2×3]");
        assertMessage(DimensionMismatchException.class, () -> x3.dot(y4), "dot", "[3]", "[4]");
        assertMessage(DimensionMismatchException.class, () -> a.matvec(y4), "matvec", "[2×3]", "[4]");
        assertMessage(DimensionMismatchException.class, () -> a.transposeMatvec(x3), "transposeMatvec",
                "[2×3]", "[3]");
        assertMessage(DimensionMismatchException.class, () -> a.matmul(b), "matmul", "[2×3]", "[4×2]");
        assertMessage(DimensionMismatchException.class, () -> a.outer(x3), "outer", "[2×3]");
        assertMessage(DimensionMismatchException.class, () -> x3.transpose(), "transpose", "[3]");
        assertMessage(DimensionMismatchException.class, () -> a.reshape(5), "reshape", "[2×3]", "[5]");
        assertMessage(DimensionMismatchException.class, () -> x3.slice(2, 5), "slice", "[3]");
        assertMessage(DimensionMismatchException.class, () -> a.rows(1, 3), "rows", "[2×3]");
        assertMessage(DimensionMismatchException.class, () -> x3.element(3), "element", "[3]");
        assertMessage(DimensionMismatchException.class, () -> t.broadcast(x3, 2, 2), "broadcast", "[3]");
        assertMessage(DimensionMismatchException.class, () -> t.where(x3, x3, y4), "where", "[3]", "[4]");
        assertMessage(DimensionMismatchException.class, () -> t.constant(new double[5], 2, 3),
                "constant", "[2×3]", "5");
        assertMessage(DimensionMismatchException.class, () -> t.binaryLogisticLoss(x3, t.constant(new double[4])),
                "binaryLogisticLoss", "[3]", "[4]");
        assertMessage(DimensionMismatchException.class,
                () -> t.binaryLogisticLoss(t.constant(new double[6], 2, 3), y4, t.constant(new double[2])),
                "binaryLogisticLoss(X, w, y)", "[2×3]", "[4]");
        assertMessage(DimensionMismatchException.class,
                () -> t.leastSquares(t.constant(new double[6], 2, 3), x3, t.constant(new double[3])),
                "leastSquares", "[2×3]", "[3]");
        assertMessage(DimensionMismatchException.class,
                () -> t.softmaxCrossEntropy(t.constant(new double[6], 2, 3), new int[] {0}),
                "softmaxCrossEntropy", "[2×3]", "2 labels");
        assertMessage(DimensionMismatchException.class,
                () -> t.softmaxCrossEntropy(t.constant(new double[6], 2, 3), new int[] {0, 3}),
                "softmaxCrossEntropy", "labels[1] = 3", "[0, 3)");
        assertMessage(DimensionMismatchException.class,
                () -> t.softmaxCrossEntropy(t.constant(new double[6], 2, 3), b, new int[] {0, 1}),
                "softmaxCrossEntropy(X, W, labels)", "[2×3]", "[4×2]");
        assertMessage(DimensionMismatchException.class, () -> Shape.of(1, 2, 3), "at most 2 dimensions, got 3");
    }

    @Test
    void fusedLossesRejectAVariableDataMatrix() {
        Tape t = new Tape();
        Tensor x = t.input("X", 5, 2);
        Tensor w = t.input("w", 2);
        assertMessage(UnsupportedDerivativeException.class,
                () -> t.binaryLogisticLoss(x, w, t.constant(new double[5])),
                "binaryLogisticLoss(X, w, y)", "data matrix X", "'X'");
        assertMessage(UnsupportedDerivativeException.class,
                () -> t.binaryLogisticLoss(x.matvec(w), w.sum().add(t.constant(new double[5]))),
                "binaryLogisticLoss", "labels");
    }

    @Test
    void inputsAreValidatedAtRecordTime() {
        Tape t = new Tape();
        t.input("x", 2);
        assertMessage(InvalidOptionException.class, () -> t.input("x", 3), "'x'", "already used");
        Tape other = new Tape();
        Tensor foreign = other.input("z", 2);
        assertThrows(InvalidOptionException.class, () -> t.sum(foreign));
        Tape many = new Tape();
        for (int k = 0; k < Tape.MAX_INPUTS; k++) {
            many.input("in" + k);
        }
        assertMessage(InvalidOptionException.class, () -> many.input("one too many"), "64");
    }

    @Test
    void evaluationRejectsWrongLengthsNamingInputAndShape() {
        Tape t = new Tape();
        Tensor x = t.input("x", 3);
        Tensor theta = t.input("theta", 2, 2);
        Function f = t.build(x.squaredNorm().add(theta.sum()));
        Function vector = t.build(x.exp());
        Workspace ws = f.newWorkspace();
        assertMessage(DimensionMismatchException.class, () -> ws.setInput(1, new double[3]),
                "input 1", "'theta'", "[2×2]", "needs 4", "got 3");
        assertMessage(InvalidOptionException.class, () -> ws.setInput(2, new double[3]), "input index 2");
        assertMessage(InvalidOptionException.class, () -> f.value(ws), "'x'", "never set");
        ws.setInputs(new double[3], new double[4]);
        assertMessage(DimensionMismatchException.class, () -> f.gradient(ws, 0, new double[4]),
                "gradient", "input 0 'x' [3]", "needs 3");
        assertMessage(DimensionMismatchException.class,
                () -> f.secondOrder(ws, 1, new double[3], 0, new double[3]),
                "direction", "'theta'", "needs 4");
        assertMessage(DimensionMismatchException.class, () -> f.jvp(ws, 0, new double[3], new double[2]),
                "out", "output", "needs 1");
        assertMessage(DimensionMismatchException.class, () -> f.valueAndGradients(ws, new double[1][]),
                "one (possibly null) array per input", "2");
        assertMessage(InvalidOptionException.class, () -> vector.value(ws), "another Function");
        Workspace vws = vector.newWorkspace();
        vws.setInputs(new double[3], new double[4]);
        assertMessage(DimensionMismatchException.class, () -> vector.value(vws),
                "value", "one-element output", "[3]");
        assertMessage(DimensionMismatchException.class, () -> vector.gradient(vws, 0, new double[3]),
                "gradient", "[3]", "vjp");
        assertMessage(DimensionMismatchException.class, () -> vector.vjp(vws, new double[2], 0, new double[3]),
                "cotangent", "[3]", "needs 3");
        assertMessage(InvalidOptionException.class, () -> f.inputIndex("y"), "'y'", "[x, theta]");
        assertEquals(1, f.inputIndex("theta"));
    }

    @Test
    void adaptersCheckTheirInputs() {
        Tape t = new Tape();
        Tensor x = t.input("x", 3);
        Tensor theta = t.input("theta", 2);
        Tensor extra = t.input("extra");
        Function f = t.build(x.squaredNorm().add(theta.sum()).add(extra));
        assertMessage(InvalidOptionException.class, () -> f.objective(0, 1), "3 inputs", "[x, theta, extra]");
        Function vector = t.build(x.exp());
        assertMessage(DimensionMismatchException.class, () -> vector.objective(0, 1), "objective", "[3]");
        Tape t2 = new Tape();
        Tensor x2 = t2.input("x", 3);
        Tensor th2 = t2.input("theta", 2);
        Objective objective = t2.build(x2.squaredNorm().mul(th2.sum())).objective(0, 1);
        assertMessage(InvalidOptionException.class, () -> objective.hessianVector(new double[3], new double[3]),
                "linearize");
        assertMessage(DimensionMismatchException.class,
                () -> objective.value(new double[3], new double[3]), "'theta'", "needs 2", "got 3");
    }

    @Test
    void finiteCheckingIsOptInAndNamesTheInput() {
        Tape t = new Tape();
        Tensor x = t.input("x", 3);
        Function f = t.build(x.sum());
        Workspace ws = f.newWorkspace();
        double[] bad = {1, Double.NaN, 2};
        ws.setInput(0, bad); // not checked on the hot path: NaN propagates
        assertTrue(Double.isNaN(f.value(ws)));
        NonFiniteException e = assertThrows(NonFiniteException.class, ws::checkInputs);
        assertEquals("x", e.argument());
        assertEquals(1, e.index());
        ws.checkFinite(true);
        assertThrows(NonFiniteException.class, () -> ws.setInput(0, bad));
        assertThrows(NonFiniteException.class, () -> GradientCheck.of(f).at(bad));
    }
}
