package org.rootgrad.implicit.linear;

import org.rootgrad.engine.ArrayKernels;

/** M = I. Solvers recognise it and skip the preconditioned vector altogether. */
final class IdentityPreconditioner implements Preconditioner {
    private static final ArrayKernels V = ArrayKernels.active();

    private final int n;

    IdentityPreconditioner(int n) {
        this.n = n;
    }

    @Override
    public int dimension() {
        return n;
    }

    @Override
    public void apply(double[] r, double[] z) {
        V.copy(n, r, 0, z, 0);
    }

    @Override
    public boolean isSymmetricPositiveDefinite() {
        return true;
    }

    @Override
    public String toString() {
        return "identity preconditioner";
    }
}
