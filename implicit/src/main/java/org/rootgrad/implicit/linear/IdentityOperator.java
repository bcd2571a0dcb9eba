package org.rootgrad.implicit.linear;

import org.rootgrad.engine.ArrayKernels;

/** The n×n identity. */
final class IdentityOperator implements LinearOperator {
    private static final ArrayKernels V = ArrayKernels.active();

    private final int n;

    IdentityOperator(int n) {
        this.n = n;
    }

    @Override
    public int rows() {
        return n;
    }

    @Override
    public int cols() {
        return n;
    }

    @Override
    public Structure structure() {
        return Structure.SYMMETRIC_POSITIVE_DEFINITE;
    }

    @Override
    public void apply(double[] x, double[] y) {
        V.copy(n, x, 0, y, 0);
    }

    @Override
    public void applyTranspose(double[] x, double[] y) {
        V.copy(n, x, 0, y, 0);
    }

    @Override
    public String toString() {
        return "identity " + n + "×" + n;
    }
}
