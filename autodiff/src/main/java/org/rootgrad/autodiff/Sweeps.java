package org.rootgrad.autodiff;

/**
 * The four sweeps over a function's program: forward values, forward tangents, reverse adjoints
 * and the second-order reverse sweep (tangents of adjoints). Each is a loop over the flat op-code
 * array with a switch that calls one small static rule, so the dispatch methods stay small enough
 * for the JIT to compile and inline.
 */
final class Sweeps {
    private Sweeps() {}

    static void forward(Function f, Workspace w) {
        int[] program = f.program;
        for (int idx = 0; idx < program.length; idx++) {
            value(f, w, program[idx]);
        }
    }

    /** Tangents of the nodes in the workspace's tangent mask, in order. */
    static void tangent(Function f, Workspace w) {
        int[] program = f.program;
        boolean[] mask = w.tanMask;
        for (int idx = 0; idx < program.length; idx++) {
            int i = program[idx];
            if (mask[i]) {
                tangent(f, w, i);
            }
        }
    }

    /** Adjoints of the nodes in the adjoint mask, in reverse order; the output must be seeded. */
    static void reverse(Function f, Workspace w) {
        int[] program = f.program;
        boolean[] mask = w.adjMask;
        for (int idx = program.length - 1; idx >= 0; idx--) {
            int i = program[idx];
            if (mask[i]) {
                reverse(f, w, i, false);
            }
        }
    }

    /** Tangents of the adjoints, in reverse order, from cached values, tangents and adjoints. */
    static void secondOrder(Function f, Workspace w) {
        int[] program = f.program;
        boolean[] mask = w.adjMask;
        for (int idx = program.length - 1; idx >= 0; idx--) {
            int i = program[idx];
            if (mask[i]) {
                reverse(f, w, i, true);
            }
        }
    }

    private static void value(Function f, Workspace w, int i) {
        switch (f.op[i]) {
            case Op.ADD, Op.SUB, Op.MUL, Op.DIV, Op.MAX, Op.MIN -> ElementwiseRules.binaryValue(f, w, i);
            case Op.NEG, Op.SCALE, Op.SHIFT -> ElementwiseRules.linearValue(f, w, i);
            case Op.POW, Op.SQUARE, Op.SQRT, Op.ABS, Op.EXP, Op.LOG, Op.LOG1P, Op.EXPM1, Op.TANH,
                    Op.SIGMOID, Op.SOFTPLUS, Op.RELU -> ElementwiseRules.unaryValue(f, w, i);
            case Op.WHERE -> ElementwiseRules.whereValue(f, w, i);
            case Op.BROADCAST -> ElementwiseRules.broadcastValue(f, w, i);
            case Op.SUM, Op.MEAN, Op.DOT, Op.SQUARED_NORM, Op.LOG_SUM_EXP, Op.SOFTMAX ->
                    ReductionRules.value(f, w, i);
            case Op.MATVEC, Op.MATVEC_T -> LinearAlgebraRules.matvecValue(f, w, i);
            case Op.MATMUL -> LinearAlgebraRules.matmulValue(f, w, i);
            case Op.OUTER -> LinearAlgebraRules.outerValue(f, w, i);
            case Op.TRANSPOSE -> LinearAlgebraRules.transposeValue(f, w, i);
            case Op.CONCAT -> LinearAlgebraRules.concatValue(f, w, i);
            case Op.LOGISTIC -> LossRules.logisticValue(f, w, i);
            case Op.SOFTMAX_CE -> LossRules.softmaxCeValue(f, w, i);
            case Op.LOGISTIC_X, Op.LEAST_SQUARES_X, Op.SOFTMAX_CE_X -> LossRules.fusedValue(f, w, i);
            case Op.CUSTOM -> CustomRules.value(f, w, i);
            default -> throw new AssertionError("op " + f.op[i]);
        }
    }

    private static void tangent(Function f, Workspace w, int i) {
        switch (f.op[i]) {
            case Op.ADD, Op.SUB, Op.MUL, Op.DIV, Op.MAX, Op.MIN -> ElementwiseRules.binaryTangent(f, w, i);
            case Op.NEG, Op.SCALE, Op.SHIFT -> ElementwiseRules.linearTangent(f, w, i);
            case Op.POW, Op.SQUARE, Op.SQRT, Op.ABS, Op.EXP, Op.LOG, Op.LOG1P, Op.EXPM1, Op.TANH,
                    Op.SIGMOID, Op.SOFTPLUS, Op.RELU -> ElementwiseRules.unaryTangent(f, w, i);
            case Op.WHERE -> ElementwiseRules.whereTangent(f, w, i);
            case Op.BROADCAST -> ElementwiseRules.broadcastTangent(f, w, i);
            case Op.SUM, Op.MEAN, Op.DOT, Op.SQUARED_NORM, Op.LOG_SUM_EXP, Op.SOFTMAX ->
                    ReductionRules.tangent(f, w, i);
            case Op.MATVEC, Op.MATVEC_T -> LinearAlgebraRules.matvecTangent(f, w, i);
            case Op.MATMUL -> LinearAlgebraRules.matmulTangent(f, w, i);
            case Op.OUTER -> LinearAlgebraRules.outerTangent(f, w, i);
            case Op.TRANSPOSE -> LinearAlgebraRules.transposeTangent(f, w, i);
            case Op.CONCAT -> LinearAlgebraRules.concatTangent(f, w, i);
            case Op.LOGISTIC -> LossRules.logisticTangent(f, w, i);
            case Op.SOFTMAX_CE -> LossRules.softmaxCeTangent(f, w, i);
            case Op.LOGISTIC_X, Op.LEAST_SQUARES_X, Op.SOFTMAX_CE_X -> LossRules.fusedTangent(f, w, i);
            case Op.CUSTOM -> CustomRules.tangent(f, w, i);
            default -> throw new AssertionError("op " + f.op[i]);
        }
    }

    private static void reverse(Function f, Workspace w, int i, boolean second) {
        switch (f.op[i]) {
            case Op.ADD, Op.SUB, Op.MUL, Op.DIV, Op.MAX, Op.MIN ->
                    ElementwiseRules.binaryReverse(f, w, i, second);
            case Op.NEG, Op.SCALE, Op.SHIFT -> ElementwiseRules.linearReverse(f, w, i, second);
            case Op.POW, Op.SQUARE, Op.SQRT, Op.ABS, Op.EXP, Op.LOG, Op.LOG1P, Op.EXPM1, Op.TANH,
                    Op.SIGMOID, Op.SOFTPLUS, Op.RELU -> ElementwiseRules.unaryReverse(f, w, i, second);
            case Op.WHERE -> ElementwiseRules.whereReverse(f, w, i, second);
            case Op.BROADCAST -> ElementwiseRules.broadcastReverse(f, w, i, second);
            case Op.SUM, Op.MEAN, Op.DOT, Op.SQUARED_NORM, Op.LOG_SUM_EXP, Op.SOFTMAX ->
                    ReductionRules.reverse(f, w, i, second);
            case Op.MATVEC, Op.MATVEC_T -> LinearAlgebraRules.matvecReverse(f, w, i, second);
            case Op.MATMUL -> LinearAlgebraRules.matmulReverse(f, w, i, second);
            case Op.OUTER -> LinearAlgebraRules.outerReverse(f, w, i, second);
            case Op.TRANSPOSE -> LinearAlgebraRules.transposeReverse(f, w, i, second);
            case Op.CONCAT -> LinearAlgebraRules.concatReverse(f, w, i, second);
            case Op.LOGISTIC -> LossRules.logisticReverse(f, w, i, second);
            case Op.SOFTMAX_CE -> LossRules.softmaxCeReverse(f, w, i, second);
            case Op.LOGISTIC_X, Op.LEAST_SQUARES_X, Op.SOFTMAX_CE_X ->
                    LossRules.fusedReverse(f, w, i, second);
            case Op.CUSTOM -> CustomRules.reverse(f, w, i, second);
            default -> throw new AssertionError("op " + f.op[i]);
        }
    }
}
