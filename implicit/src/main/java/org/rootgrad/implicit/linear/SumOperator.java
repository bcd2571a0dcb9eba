package org.rootgrad.implicit.linear;

import org.rootgrad.engine.ArrayKernels;

/** A + B, with one scratch vector (so per thread). */
final class SumOperator implements LinearOperator {
    private static final ArrayKernels V = ArrayKernels.active();

    final LinearOperator left;
    final LinearOperator right;
    private final Structure structure;
    private final double[] rowScratch;
    private final double[] colScratch;

    SumOperator(LinearOperator left, LinearOperator right) {
        this.left = left;
        this.right = right;
        Structure a = left.structure();
        Structure b = right.structure();
        this.structure = a.isPositiveDefinite() && b.isPositiveDefinite()
                ? Structure.SYMMETRIC_POSITIVE_DEFINITE
                : a.isSymmetric() && b.isSymmetric() ? Structure.SYMMETRIC : Structure.GENERAL;
        this.rowScratch = new double[left.rows()];
        this.colScratch = left.isSquare() ? rowScratch : new double[left.cols()];
    }

    @Override
    public int rows() {
        return left.rows();
    }

    @Override
    public int cols() {
        return left.cols();
    }

    @Override
    public Structure structure() {
        return structure;
    }

    @Override
    public void apply(double[] x, double[] y) {
        left.apply(x, y);
        right.apply(x, rowScratch);
        V.axpy(rowScratch.length, 1, rowScratch, 0, y, 0);
    }

    @Override
    public void applyTranspose(double[] x, double[] y) {
        left.applyTranspose(x, y);
        right.applyTranspose(x, colScratch);
        V.axpy(colScratch.length, 1, colScratch, 0, y, 0);
    }

    @Override
    public String toString() {
        return "(" + left + ") + (" + right + ")";
    }
}
