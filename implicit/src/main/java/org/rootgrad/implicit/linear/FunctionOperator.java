package org.rootgrad.implicit.linear;

import java.util.function.Predicate;

/**
 * A matrix-free operator from two vector maps (user products, Objective or RootFunction views),
 * optionally with ways to write its dense matrix ({@link #denseMatrix}) and an approximation of
 * it ({@link #approximateDenseMatrix}).
 */
final class FunctionOperator implements LinearOperator {
    private final int rows;
    private final int cols;
    private final VectorMap apply;
    private final VectorMap applyTranspose;
    private final Structure structure;
    /** Writes the dense matrix and returns true, or returns false; null when there is none. */
    private final Predicate<double[]> dense;
    /** Writes an approximate dense matrix and returns true, or returns false; null when there is none. */
    private final Predicate<double[]> approximate;

    FunctionOperator(int rows, int cols, VectorMap apply, VectorMap applyTranspose,
                     Structure structure) {
        this(rows, cols, apply, applyTranspose, structure, null, null);
    }

    FunctionOperator(int rows, int cols, VectorMap apply, VectorMap applyTranspose,
                     Structure structure, Predicate<double[]> dense, Predicate<double[]> approximate) {
        this.rows = rows;
        this.cols = cols;
        this.apply = apply;
        this.applyTranspose = applyTranspose;
        this.structure = structure;
        this.dense = dense;
        this.approximate = approximate;
    }

    @Override
    public boolean denseMatrix(double[] out) {
        return dense != null && dense.test(out);
    }

    @Override
    public boolean approximateDenseMatrix(double[] out) {
        return approximate != null && approximate.test(out);
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
