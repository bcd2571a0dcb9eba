package org.rootgrad.implicit.linear;

import org.rootgrad.engine.ArrayKernels;

/** αA as a view. */
final class ScaledOperator implements LinearOperator {
    private static final ArrayKernels V = ArrayKernels.active();

    final LinearOperator base;
    final double alpha;
    private final Structure structure;

    ScaledOperator(LinearOperator base, double alpha) {
        this.base = base;
        this.alpha = alpha;
        Structure s = base.structure();
        this.structure = s.isPositiveDefinite() && !(alpha > 0) ? Structure.SYMMETRIC : s;
    }

    @Override
    public int rows() {
        return base.rows();
    }

    @Override
    public int cols() {
        return base.cols();
    }

    @Override
    public Structure structure() {
        return structure;
    }

    @Override
    public void apply(double[] x, double[] y) {
        base.apply(x, y);
        V.scal(base.rows(), alpha, y, 0);
    }

    @Override
    public void applyTranspose(double[] x, double[] y) {
        base.applyTranspose(x, y);
        V.scal(base.cols(), alpha, y, 0);
    }

    @Override
    public double applyDot(double[] x, double[] y) {
        double xy = base.applyDot(x, y);
        V.scal(base.rows(), alpha, y, 0);
        return alpha * xy;
    }

    @Override
    public void applyBlock(int k, double[][] x, double[][] y) {
        base.applyBlock(k, x, y);
        for (int j = 0; j < k; j++) {
            V.scal(base.rows(), alpha, y[j], 0);
        }
    }

    @Override
    public void applyTransposeBlock(int k, double[][] x, double[][] y) {
        base.applyTransposeBlock(k, x, y);
        for (int j = 0; j < k; j++) {
            V.scal(base.cols(), alpha, y[j], 0);
        }
    }

    @Override
    public String toString() {
        return alpha + "·(" + base + ")";
    }
}
