package org.rootgrad.implicit.linear;

import org.rootgrad.engine.ArrayKernels;
import org.rootgrad.error.SingularOperatorException;

/** M = diag(d), stored as 1/d so that z = M⁻¹r with rᵀz is one fused mulDot pass. */
final class JacobiPreconditioner implements Preconditioner {
    private static final ArrayKernels V = ArrayKernels.active();

    private final double[] inverse;
    private final boolean positive;

    /** d must be finite; it is not retained. */
    JacobiPreconditioner(double[] d) {
        inverse = new double[d.length];
        boolean allPositive = true;
        for (int i = 0; i < d.length; i++) {
            if (d[i] == 0) {
                throw new SingularOperatorException("diagonal[" + i
                        + "] is 0; a Jacobi preconditioner needs every diagonal entry nonzero", i);
            }
            inverse[i] = 1 / d[i];
            allPositive &= d[i] > 0;
        }
        positive = allPositive;
    }

    @Override
    public int dimension() {
        return inverse.length;
    }

    @Override
    public void apply(double[] r, double[] z) {
        V.mul(inverse.length, inverse, 0, r, 0, z, 0);
    }

    @Override
    public double applyDot(double[] r, double[] z) {
        return V.mulDot(inverse.length, inverse, 0, r, 0, z, 0);
    }

    @Override
    public boolean isSymmetricPositiveDefinite() {
        return positive;
    }

    @Override
    public String toString() {
        return "Jacobi preconditioner (n = " + inverse.length + ")";
    }
}
