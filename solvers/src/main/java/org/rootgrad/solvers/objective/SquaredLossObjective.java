package org.rootgrad.solvers.objective;

import org.rootgrad.engine.LossKernels;
import org.rootgrad.engine.SinglePrecisionRows;

/**
 * Squared error (c/n)‖Aw − y‖² (+ (λ/2)‖w_pen‖²) with c = ½ (least squares, JAXopt's
 * {@code least_squares}) or c = 1 (the seed's ridge, mean((Xw − y)²) + ½λ‖w‖²). One pass over X
 * per value or gradient ({@link LossKernels#leastSquaresLossGradient}) and per Hessian product
 * ({@link LossKernels#gramVector}: ∇² = (2c/n)AᵀA + λI_pen), or a product with the Gram matrix
 * once the dense Hessian has been formed; for {@link LossKernels#narrow narrow} A, by the
 * column-major kernels on Aᵀ instead of the passes.
 */
final class SquaredLossObjective extends LinearModelObjective {
    private final double[] y;
    /** 2c: the loss is (2c)·(1/(2n))‖Aw − y‖², the kernels' convention times 2c. */
    private final double factor;

    SquaredLossObjective(String name, LinearData data, double[] y, double c, boolean l2) {
        super(name, data, l2);
        this.y = y;
        this.factor = 2 * c;
    }

    @Override
    double lossValue(double[] w) {
        if (transposed != null) {
            return factor * LossKernels.leastSquaresLossColumns(n, d, transposed, 0, w, 0, y, 0, columnsWork, 0);
        }
        return factor * LossKernels.leastSquaresLoss(n, d, data.x, 0, d, w, 0, y, 0);
    }

    @Override
    double lossValueAndGradient(double[] w, double[] g) {
        double v = transposed != null
                ? LossKernels.leastSquaresLossGradientColumns(n, d, transposed, 0, w, 0, y, 0, g, 0, columnsWork, 0)
                : LossKernels.leastSquaresLossGradient(n, d, data.x, 0, d, w, 0, y, 0, g, 0);
        if (factor != 1.0) {
            K.scal(d, factor, g, 0);
        }
        return factor * v;
    }

    @Override
    void lossLinearize(double[] w) {
        // the Hessian (2c/n)AᵀA does not depend on w
    }

    /**
     * (2c/n)AᵀA·v: by the Gram matrix once {@link #lossHessian} has made it (d² multiply-adds
     * instead of 2·rows·d: ridge regression's implicit derivative after a Newton solve checks its
     * one refinement step with a product), else in one pass over A.
     */
    @Override
    void lossHessianVector(double[] v, double[] out) {
        double[] g = gram;
        if (g != null && d < 2 * n) {
            M.gemv(d, d, 1.0, g, 0, d, v, 0, 0.0, out, 0);
            return;
        }
        K.fill(d, 0.0, out, 0);
        if (transposed != null) {
            LossKernels.weightedGramVectorColumns(n, d, factor * inverseRows, transposed, 0, null, 0, v, 0, out, 0,
                    columnsWork, 0);
            return;
        }
        LossKernels.gramVector(n, d, factor * inverseRows, data.x, 0, d, v, 0, out, 0);
    }

    @Override
    void lossSinglePrecisionHessianVector(SinglePrecisionRows rows, double[] v, double[] out,
                                             float[] work) {
        K.fill(d, 0.0, out, 0);
        LossKernels.gramVector(rows, factor * inverseRows, v, 0, out, 0, work, 0);
    }

    /** (2c/n)AᵀA, computed by the first {@link #lossHessian} (the Hessian does not depend on w or λ). */
    private double[] gram;

    @Override
    boolean lossHessian(double[] out) {
        if (gram == null) {
            double[] g = new double[d * d];
            M.syrk(true, d, n, factor * inverseRows, data.x, 0, d, 0.0, g, 0, d);
            gram = g;
        }
        System.arraycopy(gram, 0, out, 0, d * d);
        return true;
    }

    /** A copy of the Gram matrix, d² elements: d/(2·rows) products (the Gram itself is made once). */
    @Override
    double lossHessianCost() {
        return d / (2.0 * n);
    }

    @Override
    void scaleByCurvature(double[] t) {
        K.scal(n, factor * inverseRows, t, 0);
    }

    @Override
    void sampleFirstDerivatives(double[] z, double[] out) {
        K.sub(n, z, 0, y, 0, out, 0);
        if (factor != 1.0) {
            K.scal(n, factor, out, 0);
        }
    }

    @Override
    void sampleSecondDerivatives(double[] z, double[] out) {
        K.fill(n, factor, out, 0);
    }

    @Override
    double curvatureBound() {
        return factor;
    }

    @Override
    LinearModelObjective copy() {
        return new SquaredLossObjective(name, data, y, factor / 2, penalty.active);
    }
}
