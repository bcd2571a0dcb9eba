package org.rootgrad.bench.autodiff;

import org.rootgrad.autodiff.Objective;
import org.rootgrad.engine.ArrayKernels;
import org.rootgrad.engine.LossKernels;

/**
 * The hand-written side of the comparison: L2-regularised binary logistic regression
 * f(w, λ) = (1/n) Σᵢ log(1 + exp(−yᵢxᵢᵀw)) + (λ/2)‖w‖² written directly on {@link LossKernels},
 * one pass over X per value, gradient or Hessian-vector product. Not thread-safe (it keeps the
 * curvature weights of its linearisation point).
 */
final class HandWrittenLogistic implements Objective {
    private static final ArrayKernels K = ArrayKernels.active();
    private final int n;
    private final int p;
    private final double[] x;
    private final double[] y;
    private final double[] curvature;
    private final double[] point;
    private final double[] scratchGradient;
    private final double[] work;
    private double lambda;

    HandWrittenLogistic(int n, int p, double[] x, double[] y) {
        this.n = n;
        this.p = p;
        this.x = x;
        this.y = y;
        this.curvature = new double[n];
        this.point = new double[p];
        this.scratchGradient = new double[p];
        this.work = new double[LossKernels.logisticWorkLength(n, p)];
    }

    @Override
    public int dimension() {
        return p;
    }

    @Override
    public int parameterDimension() {
        return 1;
    }

    @Override
    public double value(double[] w, double[] theta) {
        double l = theta[0];
        return LossKernels.logisticLoss(n, p, x, 0, p, w, 0, y, 0, work, 0) + 0.5 * l * K.dot(p, w, 0, w, 0);
    }

    @Override
    public double valueAndGradient(double[] w, double[] theta, double[] gradient) {
        double l = theta[0];
        double v = LossKernels.logisticLossGradient(n, p, x, 0, p, w, 0, y, 0, gradient, 0, null, 0, work, 0);
        K.axpy(p, l, w, 0, gradient, 0);
        return v + 0.5 * l * K.dot(p, w, 0, w, 0);
    }

    @Override
    public void linearize(double[] w, double[] theta) {
        lambda = theta[0];
        System.arraycopy(w, 0, point, 0, p);
        LossKernels.logisticLossGradient(n, p, x, 0, p, w, 0, y, 0, scratchGradient, 0, curvature, 0, work, 0);
    }

    @Override
    public void hessianVector(double[] v, double[] out) {
        for (int j = 0; j < p; j++) {
            out[j] = lambda * v[j];
        }
        LossKernels.weightedGramVector(n, p, 1, x, 0, p, curvature, 0, v, 0, out, 0);
    }

    @Override
    public void mixedVector(double[] u, double[] out) {
        for (int j = 0; j < p; j++) {
            out[j] = u[0] * point[j];
        }
    }

    @Override
    public void mixedTransposeVector(double[] w, double[] out) {
        out[0] = K.dot(p, point, 0, w, 0);
    }

    @Override
    public Objective fork() {
        return new HandWrittenLogistic(n, p, x, y);
    }
}
