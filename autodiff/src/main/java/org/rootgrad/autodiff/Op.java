package org.rootgrad.autodiff;

/**
 * The op codes of the tape, as int constants so that the sweeps are a switch over a flat
 * {@code int[]}, with their names (for messages) and the properties the mask analysis needs.
 */
final class Op {
    private Op() {}

    // structure
    static final int INPUT = 0;
    static final int CONSTANT = 1;
    /** A reshape or a contiguous slice: shares its argument's storage, so it costs nothing. */
    static final int VIEW = 2;
    // element-wise binary (equal sizes; scalars are broadcast when recorded)
    static final int ADD = 3;
    static final int SUB = 4;
    static final int MUL = 5;
    static final int DIV = 6;
    static final int MAX = 7;
    static final int MIN = 8;
    // element-wise unary, linear
    static final int NEG = 9;
    static final int SCALE = 10;
    static final int SHIFT = 11;
    // element-wise unary, nonlinear
    static final int POW = 12;
    static final int SQUARE = 13;
    static final int SQRT = 14;
    static final int ABS = 15;
    static final int EXP = 16;
    static final int LOG = 17;
    static final int LOG1P = 18;
    static final int EXPM1 = 19;
    static final int TANH = 20;
    static final int SIGMOID = 21;
    static final int SOFTPLUS = 22;
    static final int RELU = 23;
    // piecewise selection and broadcasting
    static final int WHERE = 24;
    static final int BROADCAST = 25;
    // reductions
    static final int SUM = 26;
    static final int MEAN = 27;
    static final int DOT = 28;
    static final int SQUARED_NORM = 29;
    static final int LOG_SUM_EXP = 30;
    static final int SOFTMAX = 31;
    // linear algebra
    static final int MATVEC = 32;
    static final int MATVEC_T = 33;
    static final int MATMUL = 34;
    static final int OUTER = 35;
    static final int TRANSPOSE = 36;
    static final int CONCAT = 37;
    // losses
    static final int LOGISTIC = 38;
    static final int SOFTMAX_CE = 39;
    static final int LOGISTIC_X = 40;
    static final int SOFTMAX_CE_X = 41;
    static final int LEAST_SQUARES_X = 42;
    // user code
    static final int CUSTOM = 43;

    private static final String[] NAMES = {
        "input", "constant", "view", "add", "sub", "mul", "div", "max", "min", "neg", "scale",
        "shift", "pow", "square", "sqrt", "abs", "exp", "log", "log1p", "expm1", "tanh", "sigmoid",
        "softplus", "relu", "where", "broadcast", "sum", "mean", "dot", "squaredNorm", "logSumExp",
        "softmax", "matvec", "transposeMatvec", "matmul", "outer", "transpose", "concat",
        "binaryLogisticLoss", "softmaxCrossEntropy", "binaryLogisticLoss(X, w, y)",
        "softmaxCrossEntropy(X, W, labels)", "leastSquares(X, w, b)", "custom"
    };

    static String name(int op) {
        return NAMES[op];
    }

    /** Element-wise unary ops whose derivatives come from {@code UnaryRules}' d1/d2 tables. */
    static boolean isNonlinearUnary(int op) {
        return op >= POW && op <= RELU;
    }

    /** Fused loss ops that compute a local gradient in the forward sweep (level 2). */
    static boolean hasLocalGradient(int op) {
        return op == LOGISTIC_X || op == SOFTMAX_CE_X || op == LEAST_SQUARES_X;
    }
}
