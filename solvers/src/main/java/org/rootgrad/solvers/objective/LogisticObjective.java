package org.rootgrad.solvers.objective;

import org.rootgrad.engine.LossKernels;

/**
 * Binary logistic regression (1/n) Σᵢ log(1 + exp(−yᵢ·aᵢᵀw)) (+ (λ/2)‖w_pen‖²) with labels
 * yᵢ ∈ {−1, +1}, on {@link LossKernels}: value, gradient and the curvature weights
 * dᵢ = σ(yᵢzᵢ)σ(−yᵢzᵢ)/n in one blocked pass, Hessian products Aᵀdiag(d)A·v + λv_pen in one
 * pass ({@link LossKernels#weightedGramVector}); for {@link LossKernels#narrow narrow} A, by
 * the column-major kernels on Aᵀ instead.
 */
final class LogisticObjective extends CurvatureWeightedObjective {
    private final double[] labels;
    /** The row sweeps' work array; null where A is narrow and the column-major kernels take its place. */
    private final double[] work;
    /** The curvature weights of the linearisation point. */
    private double[] curvature;
    /**
     * The curvature weights the last {@link #lossValueAndGradient} wrote on the side (the fused
     * pass has them for a few operations per row), valid for {@link #gradientPoint} while
     * {@link #gradientCurvatureValid}: linearising at the point of the last gradient, as Newton
     * steps and implicit derivatives at a solver's solution do, then takes them instead of
     * another pass over X.
     */
    private double[] gradientCurvature;
    private final double[] gradientPoint;
    private boolean gradientCurvatureValid;
    private final double[] gradientScratch;
    private final double[] sampleScratch;

    LogisticObjective(String name, LinearData data, double[] labels, boolean l2) {
        super(name, data, l2);
        this.labels = labels;
        this.work = transposed == null ? new double[LossKernels.logisticWorkLength(n, d)] : null;
        this.curvature = new double[n];
        this.gradientCurvature = new double[n];
        this.gradientPoint = new double[d];
        this.gradientScratch = new double[d];
        this.sampleScratch = new double[n];
    }

    @Override
    double lossValue(double[] w) {
        if (transposed != null) {
            return LossKernels.logisticLossColumns(n, d, transposed, 0, w, 0, labels, 0, columnsWork, 0);
        }
        return LossKernels.logisticLoss(n, d, data.x, 0, d, w, 0, labels, 0, work, 0);
    }

    @Override
    double lossValueAndGradient(double[] w, double[] g) {
        double value = lossValueGradientCurvature(w, g, gradientCurvature);
        System.arraycopy(w, 0, gradientPoint, 0, d);
        gradientCurvatureValid = true;
        return value;
    }

    @Override
    void linearizeCurvature(double[] w) {
        if (gradientCurvatureValid && java.util.Arrays.equals(w, gradientPoint)) {
            // the same bits as a pass here would give: swap the buffers instead
            double[] t = curvature;
            curvature = gradientCurvature;
            gradientCurvature = t;
            gradientCurvatureValid = false;
            return;
        }
        lossValueGradientCurvature(w, gradientScratch, curvature);
    }

    /** The loss, its gradient into g and the curvature weights into c, in one sweep of X or Xᵀ. */
    private double lossValueGradientCurvature(double[] w, double[] g, double[] c) {
        if (transposed != null) {
            return LossKernels.logisticLossGradientColumns(n, d, transposed, 0, w, 0, labels, 0, g, 0, c, 0,
                    columnsWork, 0);
        }
        return LossKernels.logisticLossGradient(n, d, data.x, 0, d, w, 0, labels, 0, g, 0, c, 0, work, 0);
    }

    @Override
    double[] curvature() {
        return curvature;
    }

    /** φᵢ′(z) = −yᵢσ(−yᵢz). */
    @Override
    void sampleFirstDerivatives(double[] z, double[] out) {
        K.mul(n, labels, 0, z, 0, out, 0);
        K.scal(n, -1.0, out, 0);
        K.sigmoid(n, out, 0, out, 0);
        K.mul(n, labels, 0, out, 0, out, 0);
        K.scal(n, -1.0, out, 0);
    }

    /** φᵢ″(z) = σ(yᵢz)σ(−yᵢz) (yᵢ² = 1), both factors accurate in the tails. */
    @Override
    void sampleSecondDerivatives(double[] z, double[] out) {
        K.mul(n, labels, 0, z, 0, out, 0);
        K.sigmoid(n, out, 0, sampleScratch, 0);
        K.scal(n, -1.0, out, 0);
        K.sigmoid(n, out, 0, out, 0);
        K.mul(n, sampleScratch, 0, out, 0, out, 0);
    }

    @Override
    double curvatureBound() {
        return 0.25;
    }

    @Override
    LinearModelObjective copy() {
        return new LogisticObjective(name, data, labels, penalty.active);
    }
}
