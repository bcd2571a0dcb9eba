package org.rootgrad.implicit.linear;

/** A·B (B applied first), with one scratch vector of B's rows (so per thread). */
final class ProductOperator implements LinearOperator {
    final LinearOperator left;
    final LinearOperator right;
    private final double[] middle;

    ProductOperator(LinearOperator left, LinearOperator right) {
        this.left = left;
        this.right = right;
        this.middle = new double[right.rows()];
    }

    @Override
    public int rows() {
        return left.rows();
    }

    @Override
    public int cols() {
        return right.cols();
    }

    @Override
    public Structure structure() {
        return Structure.GENERAL;
    }

    @Override
    public void apply(double[] x, double[] y) {
        right.apply(x, middle);
        left.apply(middle, y);
    }

    @Override
    public void applyTranspose(double[] x, double[] y) {
        left.applyTranspose(x, middle);
        right.applyTranspose(middle, y);
    }

    @Override
    public String toString() {
        return "(" + left + ")·(" + right + ")";
    }
}
