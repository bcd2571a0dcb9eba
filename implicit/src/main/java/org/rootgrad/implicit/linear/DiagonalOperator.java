package org.rootgrad.implicit.linear;

import org.rootgrad.engine.ArrayKernels;

/** diag(d), held by reference; its structure is fixed at creation from the signs of d. */
final class DiagonalOperator implements LinearOperator {
    private static final ArrayKernels V = ArrayKernels.active();

    final double[] d;
    private final Structure structure;

    DiagonalOperator(double[] d) {
        this.d = d;
        boolean positive = true;
        for (double v : d) {
            positive &= v > 0;
        }
        this.structure = positive ? Structure.SYMMETRIC_POSITIVE_DEFINITE : Structure.SYMMETRIC;
    }

    @Override
    public int rows() {
        return d.length;
    }

    @Override
    public int cols() {
        return d.length;
    }

    @Override
    public Structure structure() {
        return structure;
    }

    @Override
    public void apply(double[] x, double[] y) {
        V.mul(d.length, d, 0, x, 0, y, 0);
    }

    @Override
    public void applyTranspose(double[] x, double[] y) {
        V.mul(d.length, d, 0, x, 0, y, 0);
    }

    @Override
    public double applyDot(double[] x, double[] y) {
        return V.mulDot(d.length, d, 0, x, 0, y, 0);
    }

    @Override
    public String toString() {
        return "diagonal " + d.length + "×" + d.length + " (" + structure + ")";
    }
}
