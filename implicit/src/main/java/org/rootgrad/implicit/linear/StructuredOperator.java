package org.rootgrad.implicit.linear;

/** A view of an operator under another structure tag (the caller's claim). */
final class StructuredOperator implements LinearOperator {
    final LinearOperator base;
    private final Structure structure;

    StructuredOperator(LinearOperator base, Structure structure) {
        this.base = base;
        this.structure = structure;
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
    }

    @Override
    public void applyTranspose(double[] x, double[] y) {
        base.applyTranspose(x, y);
    }

    @Override
    public double applyDot(double[] x, double[] y) {
        return base.applyDot(x, y);
    }

    @Override
    public double residual(double[] x, double[] b, double[] r) {
        return base.residual(x, b, r);
    }

    @Override
    public void applyBlock(int k, double[][] x, double[][] y) {
        base.applyBlock(k, x, y);
    }

    @Override
    public void applyTransposeBlock(int k, double[][] x, double[][] y) {
        base.applyTransposeBlock(k, x, y);
    }

    @Override
    public String toString() {
        return base + " as " + structure;
    }
}
