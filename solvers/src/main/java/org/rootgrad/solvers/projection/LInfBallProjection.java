package org.rootgrad.solvers.projection;

/**
 * P(v) = min(max(v, −r), r) onto the l∞ ball {‖x‖∞ ≤ r}; θ = [r], r ≥ 0. A coordinate with
 * |vᵢ| ≥ r is at its bound: ∂Pᵢ/∂vᵢ = 0 and ∂Pᵢ/∂r = sign(vᵢ) (0 when vᵢ = 0 = r); otherwise
 * ∂Pᵢ/∂vᵢ = 1 and ∂Pᵢ/∂r = 0.
 */
final class LInfBallProjection extends AbstractProjection {
    private final double[] free;
    /** ∂P/∂r: sign(vᵢ) on the active coordinates, else 0. */
    private final double[] radiusDerivative;

    LInfBallProjection(int n) {
        super("l-infinity-ball projection", n, 1);
        this.free = new double[n];
        this.radiusDerivative = new double[n];
    }

    @Override
    void checkParameters(double[] theta) {
        radius("l-infinity-ball radius r", theta, 0);
    }

    @Override
    void doProject(double[] v, double[] theta, double[] out) {
        K.clip(n, -theta[0], theta[0], v, 0, out, 0);
    }

    @Override
    void doLinearize(double[] v, double[] theta) {
        double r = theta[0];
        for (int i = 0; i < n; i++) {
            boolean active = Math.abs(v[i]) >= r;
            free[i] = active ? 0.0 : 1.0;
            radiusDerivative[i] = active ? Math.signum(v[i]) : 0.0;
        }
    }

    @Override
    void doJvpV(double[] dv, double[] out) {
        K.mul(n, free, 0, dv, 0, out, 0);
    }

    @Override
    void doJvpTheta(double[] dTheta, double[] out) {
        K.copy(n, radiusDerivative, 0, out, 0);
        K.scal(n, dTheta[0], out, 0);
    }

    @Override
    void doVjpTheta(double[] w, double[] out) {
        out[0] = K.dot(n, radiusDerivative, 0, w, 0);
    }

    @Override
    public JacobianStructure jacobianStructure() {
        return JacobianStructure.MASK;
    }

    @Override
    void doJacobianDiagonal(double[] d) {
        K.copy(n, free, 0, d, 0);
    }

    @Override
    public Projection fork() {
        return new LInfBallProjection(n);
    }
}
