package org.rootgrad.solvers.prox;

import org.rootgrad.solvers.projection.JacobianStructure;

/**
 * The elastic net g = λ₁‖x‖₁ + (λ₂/2)‖x‖²: prox = soft(v, ηλ₁)·c with c = 1/(1 + ηλ₂).
 * θ = [λ₁, λ₂], or JAXopt's θ = [λ, γ] with λ₁ = λ, λ₂ = λγ.
 *
 * <p>With m = [|v| &gt; ηλ₁], s = sign(v)·m and p = prox: ∂ᵥprox = c·diag(m),
 * ∂prox/∂λ₁ = −ηc·s, ∂prox/∂λ₂ = −ηc·p, ∂prox/∂η = −λ₁c·s − λ₂c·p; in JAXopt's
 * parameterisation ∂/∂λ = ∂/∂λ₁ + γ∂/∂λ₂ and ∂/∂γ = λ∂/∂λ₂. A coordinate exactly at the threshold
 * is thresholded.
 */
final class ElasticNetProx extends AbstractProx {
    private final boolean scaled;
    /** c·m. */
    private final double[] diagonal;
    /** ∂prox/∂θ₀ and ∂prox/∂θ₁. */
    private final double[] slope0;
    private final double[] slope1;
    private final double[] stepSlope;

    ElasticNetProx(int n, boolean scaled) {
        super(scaled ? "elastic-net prox (λ, γ)" : "elastic-net prox (λ₁, λ₂)", n, 2);
        this.scaled = scaled;
        this.diagonal = new double[n];
        this.slope0 = new double[n];
        this.slope1 = new double[n];
        this.stepSlope = new double[n];
    }

    @Override
    void checkParameters(double[] theta) {
        strength(scaled ? "elastic-net strength λ" : "elastic-net l1 strength λ₁", theta, 0);
        strength(scaled ? "elastic-net ratio γ" : "elastic-net l2 strength λ₂", theta, 1);
    }

    private double l1(double[] theta) {
        return theta[0];
    }

    private double l2(double[] theta) {
        return scaled ? theta[0] * theta[1] : theta[1];
    }

    @Override
    void doApply(double[] v, double[] theta, double step, double[] out) {
        K.softThreshold(n, step * l1(theta), v, 0, out, 0);
        K.scal(n, 1.0 / (1.0 + step * l2(theta)), out, 0);
    }

    @Override
    void doLinearize(double[] v, double[] theta, double step) {
        double lambda1 = l1(theta);
        double lambda2 = l2(theta);
        double t = step * lambda1;
        double c = 1.0 / (1.0 + step * lambda2);
        for (int i = 0; i < n; i++) {
            double x = v[i];
            boolean active = Math.abs(x) > t;
            double s = active ? Math.signum(x) : 0.0;
            double p = active ? c * (x - t * s) : 0.0;
            double dLambda1 = -step * c * s;
            double dLambda2 = -step * c * p;
            diagonal[i] = active ? c : 0.0;
            stepSlope[i] = -lambda1 * c * s - lambda2 * c * p;
            if (scaled) {
                slope0[i] = dLambda1 + theta[1] * dLambda2;
                slope1[i] = theta[0] * dLambda2;
            } else {
                slope0[i] = dLambda1;
                slope1[i] = dLambda2;
            }
        }
    }

    @Override
    void doJvpV(double[] dv, double[] out) {
        K.mul(n, diagonal, 0, dv, 0, out, 0);
    }

    @Override
    void doJvpTheta(double[] dTheta, double[] out) {
        K.copy(n, slope0, 0, out, 0);
        K.axpby(n, dTheta[1], slope1, 0, dTheta[0], out, 0);
    }

    @Override
    void doVjpTheta(double[] w, double[] out) {
        out[0] = K.dot(n, slope0, 0, w, 0);
        out[1] = K.dot(n, slope1, 0, w, 0);
    }

    @Override
    void doStepDerivative(double[] out) {
        K.copy(n, stepSlope, 0, out, 0);
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
        return new ElasticNetProx(n, scaled);
    }
}
