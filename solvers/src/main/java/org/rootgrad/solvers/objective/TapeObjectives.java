package org.rootgrad.solvers.objective;

import org.rootgrad.autodiff.Function;
import org.rootgrad.autodiff.Tape;
import org.rootgrad.autodiff.Tensor;
import org.rootgrad.error.Checks;

/**
 * The objectives of {@link Objectives} recorded on the tape from general ops (matvec, matmul,
 * the losses on margins or logits, {@code where}), with the same parameterisation: a
 * {@link Function} of input 0, "w" (the weights, intercept last, as in {@link Objectives}), and,
 * for the variants with θ = [λ], input 1, "lambda" (one element). {@code function.objective(0, 1)}
 * (or {@code objective(0)} without λ) makes it an {@link org.rootgrad.autodiff.Objective}.
 *
 * <p>They are the reference the hand-written objectives are tested against and the starting point
 * for a variant the library does not have (a different penalty, a weighted loss): record, then
 * differentiate to any order. The data are checked as in {@link Objectives} and held by reference
 * (X, y and labels must not change afterwards); λ is not range-checked by the tape. The returned
 * functions are immutable and shareable.
 */
public final class TapeObjectives {
    private TapeObjectives() {}

    /** The recorded model Xw (+ b) on a tape whose input "w" has features (+ 1) elements. */
    private record Linear(Tape tape, Tensor w, Tensor weights, Tensor predictions) {}

    private static Linear linear(double[] x, int rows, int features, boolean intercept) {
        LinearData.check(x, rows, features, intercept ? 1 : 0);
        Tape tape = new Tape();
        Tensor w = tape.input("w", features + (intercept ? 1 : 0));
        Tensor weights = intercept ? w.slice(0, features) : w;
        Tensor predictions = tape.constant(x, rows, features).matvec(weights);
        if (intercept) {
            predictions = predictions.add(w.element(features));
        }
        return new Linear(tape, w, weights, predictions);
    }

    /** loss + (λ/2)‖weights‖² with λ a new input "lambda". */
    private static Function withL2(Tape tape, Tensor loss, Tensor weights) {
        Tensor lambda = tape.input("lambda", 1);
        return tape.build(loss.add(lambda.mul(weights.squaredNorm()).scale(0.5)));
    }

    /** (1/(2n))‖Xw (+ b) − y‖²; inputs w. */
    public static Function leastSquares(double[] x, int rows, int features, double[] y, boolean intercept) {
        Linear m = linear(x, rows, features, intercept);
        LinearData.checkTargets("y", y, rows);
        Tensor residual = m.predictions.sub(m.tape.constant(y));
        return m.tape.build(residual.square().mean().scale(0.5));
    }

    /** (1/n)‖Xw (+ b) − y‖² + (λ/2)‖w‖²; inputs w, lambda. */
    public static Function ridge(double[] x, int rows, int features, double[] y, boolean intercept) {
        Linear m = linear(x, rows, features, intercept);
        LinearData.checkTargets("y", y, rows);
        Tensor residual = m.predictions.sub(m.tape.constant(y));
        return withL2(m.tape, residual.square().mean(), m.weights);
    }

    /** (1/n)Σ log(1 + exp(−yᵢ(xᵢᵀw (+ b)))), labels ±1; inputs w. */
    public static Function binaryLogistic(double[] x, int rows, int features, double[] labels, boolean intercept) {
        Linear m = linear(x, rows, features, intercept);
        LinearData.checkSignLabels(labels, rows);
        return m.tape.build(m.tape.binaryLogisticLoss(m.predictions, m.tape.constant(labels)));
    }

    /** The binary logistic loss + (λ/2)‖w‖²; inputs w, lambda. */
    public static Function binaryLogisticL2(double[] x, int rows, int features, double[] labels, boolean intercept) {
        Linear m = linear(x, rows, features, intercept);
        LinearData.checkSignLabels(labels, rows);
        return withL2(m.tape, m.tape.binaryLogisticLoss(m.predictions, m.tape.constant(labels)), m.weights);
    }

    private record Softmax(Tape tape, Tensor loss, Tensor weights) {}

    private static Softmax softmax(double[] x, int rows, int features, int[] labels, int classes,
                                   boolean intercept) {
        LinearData.check(x, rows, features, intercept ? 1 : 0);
        LinearData.checkClassLabels(labels, classes, rows);
        Tape tape = new Tape();
        int penalised = features * classes;
        Tensor w = tape.input("w", penalised + (intercept ? classes : 0));
        Tensor weights = intercept ? w.slice(0, penalised) : w;
        Tensor logits = tape.constant(x, rows, features).matmul(weights.reshape(features, classes));
        if (intercept) {
            double[] ones = new double[rows];
            java.util.Arrays.fill(ones, 1.0);
            logits = logits.add(tape.constant(ones).outer(w.slice(penalised, penalised + classes)));
        }
        return new Softmax(tape, tape.softmaxCrossEntropy(logits, labels), weights);
    }

    /** Mean softmax cross-entropy of Wᵀxᵢ (+ b); inputs w (W row-major, bias row last). */
    public static Function multiclassLogistic(double[] x, int rows, int features, int[] labels, int classes,
                                              boolean intercept) {
        Softmax s = softmax(x, rows, features, labels, classes, intercept);
        return s.tape.build(s.loss);
    }

    /** The multiclass logistic loss + (λ/2)‖W‖²; inputs w, lambda. */
    public static Function multiclassLogisticL2(double[] x, int rows, int features, int[] labels, int classes,
                                                boolean intercept) {
        Softmax s = softmax(x, rows, features, labels, classes, intercept);
        return withL2(s.tape, s.loss, s.weights);
    }

    private static Tensor huberLoss(Linear m, double[] y, double delta) {
        Tensor r = m.predictions.sub(m.tape.constant(y));
        Tensor inside = r.abs().neg().add(delta); // δ − |r| > 0: the quadratic piece
        Tensor quadratic = r.square().scale(0.5);
        Tensor linear = r.abs().sub(0.5 * delta).scale(delta);
        return m.tape.where(inside, quadratic, linear).mean();
    }

    /** (1/n)Σ h_δ(xᵢᵀw (+ b) − yᵢ); inputs w. */
    public static Function huber(double[] x, int rows, int features, double[] y, double delta, boolean intercept) {
        Linear m = linear(x, rows, features, intercept);
        LinearData.checkTargets("y", y, rows);
        Checks.positive("Huber threshold delta", delta);
        return m.tape.build(huberLoss(m, y, delta));
    }

    /** Huber regression + (λ/2)‖w‖²; inputs w, lambda. */
    public static Function huberL2(double[] x, int rows, int features, double[] y, double delta, boolean intercept) {
        Linear m = linear(x, rows, features, intercept);
        LinearData.checkTargets("y", y, rows);
        Checks.positive("Huber threshold delta", delta);
        return withL2(m.tape, huberLoss(m, y, delta), m.weights);
    }

    /**
     * (1/(2λ))‖Xᵀ(Y − B)‖² + ⟨B, Y − 1⟩ with B = β reshaped rows × k and Y the one-hot labels;
     * inputs beta (rows·k), lambda. Xᵀ is recorded as a transposed copy.
     */
    public static Function multiclassSvmDual(double[] x, int rows, int features, int[] labels, int classes) {
        LinearData.check(x, rows, features, 0);
        LinearData.checkClassLabels(labels, classes, rows);
        double[] transposed = new double[features * rows];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < features; j++) {
                transposed[j * rows + i] = x[i * features + j];
            }
        }
        double[] oneHot = new double[rows * classes];
        double[] oneHotMinusOne = new double[rows * classes];
        for (int i = 0; i < rows; i++) {
            for (int c = 0; c < classes; c++) {
                double y = labels[i] == c ? 1.0 : 0.0;
                oneHot[i * classes + c] = y;
                oneHotMinusOne[i * classes + c] = y - 1.0;
            }
        }
        Tape tape = new Tape();
        Tensor beta = tape.input("beta", rows * classes).reshape(rows, classes);
        Tensor lambda = tape.input("lambda", 1);
        Tensor v = tape.constant(transposed, features, rows).matmul(tape.constant(oneHot, rows, classes).sub(beta));
        Tensor quadratic = v.squaredNorm().scale(0.5).div(lambda);
        return tape.build(quadratic.add(beta.dot(tape.constant(oneHotMinusOne, rows, classes))));
    }
}
