package org.rootgrad.solvers.prox;

import org.rootgrad.solvers.projection.JacobianStructure;

/**
 * Ridge g = (λ/2)‖x‖² (prox = c·v) or non-negative ridge g = (λ/2)‖x‖² + ι(x ≥ 0)
 * (prox = c·max(v, 0)), with c = 1/(1 + ηλ); θ = [λ].
 *
 * <p>With m = 1 (ridge) or [v &gt; 0] (non-negative; vᵢ = 0 counts as at the bound) and p the
 * prox: ∂ᵥprox = c·diag(m), ∂prox/∂λ = −ηc·p, ∂prox/∂η = −λc·p.
 */
final class RidgeProx extends AbstractProx {
    private final boolean nonNegative;
    /** c·m. */
    private final double[] diagonal;
    /** The prox value p at the linearisation point. */
    private final double[] value;
    private double strengthFactor;
    private double stepFactor;

    RidgeProx(int n, boolean nonNegative) {
        super(nonNegative ? "non-negative ridge prox" : "ridge prox", n, 1);
        this.nonNegative = nonNegative;
        this.diagonal = new double[n];
        this.value = new double[n];
    }

    @Override
    void checkParameters(double[] theta) {
        strength("ridge strength λ", theta, 0);
    }

    @Override
    void doApply(double[] v, double[] theta, double step, double[] out) {
        double c = 1.0 / (1.0 + step * theta[0]);
        if (nonNegative) {
            K.clip(n, 0.0, Double.POSITIVE_INFINITY, v, 0, out, 0);
        } else if (out != v) {
            K.copy(n, v, 0, out, 0);
        }
        K.scal(n, c, out, 0);
    }

    @Override
    void doLinearize(double[] v, double[] theta, double step) {
        double lambda = theta[0];
        double c = 1.0 / (1.0 + step * lambda);
        for (int i = 0; i < n; i++) {
            boolean free = !nonNegative || v[i] > 0;
            diagonal[i] = free ? c : 0.0;
            value[i] = free ? c * v[i] : 0.0;
        }
        strengthFactor = -step * c;
        stepFactor = -lambda * c;
    }

    @Override
    void doJvpV(double[] dv, double[] out) {
        K.mul(n, diagonal, 0, dv, 0, out, 0);
    }

    @Override
    void doJvpTheta(double[] dTheta, double[] out) {
        K.copy(n, value, 0, out, 0);
        K.scal(n, strengthFactor * dTheta[0], out, 0);
    }

    @Override
    void doVjpTheta(double[] w, double[] out) {
        out[0] = strengthFactor * K.dot(n, value, 0, w, 0);
    }

    @Override
    void doStepDerivative(double[] out) {
        K.copy(n, value, 0, out, 0);
        K.scal(n, stepFactor, out, 0);
    }

    @Override
    public JacobianStructure jacobianStructure() {
        return JacobianStructure.DIAGONAL;
    }

    @Override
    void doJacobianDiagonal(double[] d) {
        K.copy(n, diagonal, 0, d, 0);
    }

    @Override
    public Prox fork() {
        return new RidgeProx(n, nonNegative);
    }
}
