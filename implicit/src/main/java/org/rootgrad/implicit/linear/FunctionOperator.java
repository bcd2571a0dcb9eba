package org.rootgrad.implicit.linear;

/** A matrix-free operator from two vector maps (user products, Objective or RootFunction views). */
final class FunctionOperator implements LinearOperator {
    private final int rows;
    private final int cols;
    private final VectorMap apply;
    private final VectorMap applyTranspose;
    private final Structure structure;

    FunctionOperator(int rows, int cols, VectorMap apply, VectorMap applyTranspose,
                     Structure structure) {
        this.rows = rows;
        this.cols = cols;
        this.apply = apply;
        this.applyTranspose = applyTranspose;
        this.structure = structure;
    }

    @Override
    public int rows() {
        return rows;
    }

    @Override
    public int cols() {
        return cols;
    }

    @Override
    public Structure structure() {
        return structure;
    }

    @Override
    public void apply(double[] x, double[] y) {
        apply.apply(x, y);
    }

    @Override
    public void applyTranspose(double[] x, double[] y) {
        applyTranspose.apply(x, y);
    }

    @Override
    public String toString() {
        return "matrix-free " + rows + "×" + cols + " (" + structure + ")";
    }
}
