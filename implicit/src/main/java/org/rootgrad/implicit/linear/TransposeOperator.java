package org.rootgrad.implicit.linear;

/** Aᵀ as a view; the transpose of the view is A again. */
final class TransposeOperator implements LinearOperator {
    final LinearOperator base;

    TransposeOperator(LinearOperator base) {
        this.base = base;
    }

    @Override
    public int rows() {
        return base.cols();
    }

    @Override
    public int cols() {
        return base.rows();
    }

    @Override
    public Structure structure() {
        return base.structure();
    }

    @Override
    public void apply(double[] x, double[] y) {
        base.applyTranspose(x, y);
    }

    @Override
    public void applyTranspose(double[] x, double[] y) {
        base.apply(x, y);
    }

    @Override
    public void applyBlock(int k, double[][] x, double[][] y) {
        base.applyTransposeBlock(k, x, y);
    }

    @Override
    public void applyTransposeBlock(int k, double[][] x, double[][] y) {
        base.applyBlock(k, x, y);
    }

    @Override
    public LinearOperator transpose() {
        return base;
    }

    @Override
    public String toString() {
        return "(" + base + ")ᵀ";
    }
}
