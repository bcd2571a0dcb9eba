package org.rootgrad.solvers.projection;

/**
 * P(v) = max(v, 0) onto the non-negative orthant; k = 0. ∂ᵥP = diag(v &gt; 0): a coordinate
 * exactly at 0 counts as fixed at its bound.
 */
final class NonNegativeProjection extends AbstractProjection {
    /** 1 where the coordinate is free (v &gt; 0), 0 where it is at the bound. */
    private final double[] mask;

    NonNegativeProjection(int n) {
        super("non-negative projection", n, 0);
        this.mask = new double[n];
    }

    @Override
    void doProject(double[] v, double[] theta, double[] out) {
        K.clip(n, 0.0, Double.POSITIVE_INFINITY, v, 0, out, 0);
    }

    @Override
    void doLinearize(double[] v, double[] theta) {
        for (int i = 0; i < n; i++) {
            mask[i] = v[i] > 0 ? 1.0 : 0.0;
        }
    }

    @Override
    void doJvpV(double[] dv, double[] out) {
        K.mul(n, mask, 0, dv, 0, out, 0);
    }

    @Override
    void checkParameters(double[] theta) {
        // k = 0: nothing to check
    }

    @Override
    public JacobianStructure jacobianStructure() {
        return JacobianStructure.MASK;
    }

    @Override
    void doJacobianDiagonal(double[] d) {
        K.copy(n, mask, 0, d, 0);
    }

    @Override
    public Projection fork() {
        return new NonNegativeProjection(n);
    }
}
