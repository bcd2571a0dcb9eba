package org.rootgrad.implicit.linear;

import org.rootgrad.engine.ArrayKernels;

/** A + ρI as a view of a square A. */
final class RidgeOperator implements LinearOperator {
    private static final ArrayKernels V = ArrayKernels.active();

    final LinearOperator base;
    final double rho;

    RidgeOperator(LinearOperator base, double rho) {
        this.base = base;
        this.rho = rho;
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
        return base.structure();
    }

    @Override
    public void apply(double[] x, double[] y) {
        base.apply(x, y);
        V.axpy(base.rows(), rho, x, 0, y, 0);
    }

    @Override
    public void applyTranspose(double[] x, double[] y) {
        base.applyTranspose(x, y);
        V.axpy(base.rows(), rho, x, 0, y, 0);
    }

    @Override
    public void applyBlock(int k, double[][] x, double[][] y) {
        base.applyBlock(k, x, y);
        for (int j = 0; j < k; j++) {
            V.axpy(base.rows(), rho, x[j], 0, y[j], 0);
        }
    }

    @Override
    public void applyTransposeBlock(int k, double[][] x, double[][] y) {
        base.applyTransposeBlock(k, x, y);
        for (int j = 0; j < k; j++) {
            V.axpy(base.rows(), rho, x[j], 0, y[j], 0);
        }
    }

    @Override
    public String toString() {
        return "(" + base + ") + " + rho + "·I";
    }
}
