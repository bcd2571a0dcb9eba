package org.rootgrad.solvers.objective;

import org.rootgrad.autodiff.Objective;
import org.rootgrad.engine.ArrayKernels;
import org.rootgrad.engine.LossKernels;
import org.rootgrad.error.Checks;
import org.rootgrad.error.InvalidOptionException;

/**
 * Multiclass logistic regression (1/n) Σᵢ [logΣ_c exp(zᵢc) − zᵢ,labelᵢ] with logits zᵢ = Wᵀaᵢ
 * (+ (λ/2)‖W_pen‖²), W of shape cols × k flattened row-major (with an intercept, its last row is
 * the bias vector and is not penalised). On {@link LossKernels}: value and gradient in one
 * blocked pass, Hessian products from the class probabilities of the linearisation point in
 * one pass.
 */
final class SoftmaxObjective implements Objective {
    private static final ArrayKernels K = ArrayKernels.active();

    private final String name;
    private final LinearData data;
    private final int[] labels;
    private final int classes;
    private final int n;
    private final int cols;
    private final int size;
    private final L2Penalty penalty;
    private final double[] probabilities;
    private final double[] linearProbabilities;
    private final double[] work;
    private final double[] point;
    private double pointLambda;
    private boolean linearized;

    SoftmaxObjective(String name, LinearData data, int[] labels, int classes, boolean l2) {
        this.name = name;
        this.data = data;
        this.labels = labels;
        this.classes = classes;
        this.n = data.rows;
        this.cols = data.cols;
        this.size = cols * classes;
        this.penalty = new L2Penalty(l2, data.features * classes);
        this.probabilities = new double[n * classes];
        this.linearProbabilities = new double[n * classes];
        this.work = new double[LossKernels.softmaxWorkLength(n, cols, classes)];
        this.point = new double[size];
    }

    @Override
    public int dimension() {
        return size;
    }

    @Override
    public int parameterDimension() {
        return penalty.parameterDimension();
    }

    @Override
    public double value(double[] w, double[] theta) {
        Checks.length("w", w, size);
        double lambda = penalty.lambda(theta);
        return LossKernels.softmaxCrossEntropy(n, cols, classes, data.x, 0, cols, w, 0, labels, 0,
                probabilities, 0) + penalty.value(lambda, w);
    }

    @Override
    public double valueAndGradient(double[] w, double[] theta, double[] gradient) {
        Checks.length("w", w, size);
        Checks.length("gradient", gradient, size);
        double lambda = penalty.lambda(theta);
        double v = LossKernels.softmaxCrossEntropyGradient(n, cols, classes, data.x, 0, cols, w, 0,
                labels, 0, probabilities, 0, gradient, 0, work, 0);
        penalty.addScaled(lambda, w, gradient);
        return v + penalty.value(lambda, w);
    }

    @Override
    public void linearize(double[] w, double[] theta) {
        Checks.length("w", w, size);
        double lambda = penalty.lambda(theta);
        linearized = false;
        System.arraycopy(w, 0, point, 0, size);
        pointLambda = lambda;
        LossKernels.softmaxCrossEntropy(n, cols, classes, data.x, 0, cols, w, 0, labels, 0,
                linearProbabilities, 0);
        linearized = true;
    }

    private void requireLinearized() {
        if (!linearized) {
            throw new InvalidOptionException(name + ": second-order products need a point: call linearize(w, θ) first");
        }
    }

    @Override
    public void hessianVector(double[] v, double[] out) {
        requireLinearized();
        Checks.length("v", v, size);
        Checks.length("out", out, size);
        K.fill(size, 0.0, out, 0);
        LossKernels.softmaxCrossEntropyHessianVector(n, cols, classes, 1.0, data.x, 0, cols,
                linearProbabilities, 0, v, 0, out, 0, work, 0);
        penalty.addScaled(pointLambda, v, out);
    }

    @Override
    public void mixedVector(double[] u, double[] out) {
        requireLinearized();
        penalty.checkParameterVector("u", u);
        Checks.length("out", out, size);
        penalty.mixedVector(point, u, out);
    }

    @Override
    public void mixedTransposeVector(double[] w, double[] out) {
        requireLinearized();
        Checks.length("w", w, size);
        penalty.checkParameterVector("out", out);
        penalty.mixedTransposeVector(point, w, out);
    }

    @Override
    public Objective fork() {
        return new SoftmaxObjective(name, data, labels, classes, penalty.active);
    }

    @Override
    public String toString() {
        return name + " (" + n + " rows, " + cols + "×" + classes + " weights"
                + (penalty.active ? ", θ = [λ]" : "") + ")";
    }
}
