package org.rootgrad.bench.autodiff;

import org.rootgrad.autodiff.Objective;
import org.rootgrad.engine.ArrayKernels;
import org.rootgrad.engine.LossKernels;

/**
 * Hand-written L2-regularised softmax regression f(W, λ) = mean cross-entropy of XW + (λ/2)‖W‖²
 * on {@link LossKernels}, W p×k flattened row-major. Not thread-safe (scratch and linearisation
 * point).
 */
final class HandWrittenSoftmax implements Objective {
    private static final ArrayKernels K = ArrayKernels.active();
    private final int n;
    private final int p;
    private final int k;
    private final double[] x;
    private final int[] labels;
    private final double[] probabilities;
    private final double[] point;
    private final double[] work;
    private double lambda;

    HandWrittenSoftmax(int n, int p, int k, double[] x, int[] labels) {
        this.n = n;
        this.p = p;
        this.k = k;
        this.x = x;
        this.labels = labels;
        this.probabilities = new double[n * k];
        this.point = new double[p * k];
        this.work = new double[LossKernels.softmaxWorkLength(n, p, k)];
    }

    @Override
    public int dimension() {
        return p * k;
    }

    @Override
    public int parameterDimension() {
        return 1;
    }

    @Override
    public double value(double[] w, double[] theta) {
        return LossKernels.softmaxCrossEntropy(n, p, k, x, 0, p, w, 0, labels, 0, probabilities, 0)
                + 0.5 * theta[0] * K.dot(p * k, w, 0, w, 0);
    }

    @Override
    public double valueAndGradient(double[] w, double[] theta, double[] gradient) {
        double v = LossKernels.softmaxCrossEntropyGradient(n, p, k, x, 0, p, w, 0, labels, 0,
                probabilities, 0, gradient, 0, work, 0);
        K.axpy(p * k, theta[0], w, 0, gradient, 0);
        return v + 0.5 * theta[0] * K.dot(p * k, w, 0, w, 0);
    }

    @Override
    public void linearize(double[] w, double[] theta) {
        lambda = theta[0];
        System.arraycopy(w, 0, point, 0, p * k);
        LossKernels.softmaxCrossEntropy(n, p, k, x, 0, p, w, 0, labels, 0, probabilities, 0);
    }

    @Override
    public void hessianVector(double[] v, double[] out) {
        for (int j = 0; j < p * k; j++) {
            out[j] = lambda * v[j];
        }
        LossKernels.softmaxCrossEntropyHessianVector(n, p, k, 1, x, 0, p, probabilities, 0, v, 0,
                out, 0, work, 0);
    }

    @Override
    public void mixedVector(double[] u, double[] out) {
        for (int j = 0; j < p * k; j++) {
            out[j] = u[0] * point[j];
        }
    }

    @Override
    public void mixedTransposeVector(double[] w, double[] out) {
        out[0] = K.dot(p * k, point, 0, w, 0);
    }

    @Override
    public Objective fork() {
        return new HandWrittenSoftmax(n, p, k, x, labels);
    }
}
