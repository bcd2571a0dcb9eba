package org.rootgrad.solvers.prox;

import org.rootgrad.error.DimensionMismatchException;
import org.rootgrad.error.InvalidOptionException;
import org.rootgrad.solvers.projection.JacobianStructure;

/**
 * Soft thresholding, the prox of the (weighted, per-coordinate or non-negative) lasso. With
 * thresholds tᵢ = η·λᵢ (λᵢ = λ·wᵢ for a scalar strength with weights, λᵢ = θᵢ per coordinate):
 * proxᵢ = sign(vᵢ)·max(|vᵢ| − tᵢ, 0), or max(vᵢ − tᵢ, 0) for the non-negative lasso.
 *
 * <p>With mᵢ = [|vᵢ| &gt; tᵢ] (non-negative: [vᵢ &gt; tᵢ]) and sᵢ = sign(vᵢ)·mᵢ (non-negative:
 * mᵢ): ∂ᵥprox = diag(m), ∂proxᵢ/∂λ = −η·wᵢ·sᵢ (scalar) or ∂proxᵢ/∂λᵢ = −η·sᵢ (per coordinate),
 * ∂proxᵢ/∂η = −λᵢ·sᵢ. A coordinate exactly at its threshold is thresholded (mᵢ = 0).
 */
final class LassoProx extends AbstractProx {

    /** How the strength is given. */
    enum Strength {
        /** θ = [λ]; with optional fixed weights wᵢ. */
        SCALAR,
        /** θ = λ ∈ Rⁿ. */
        PER_COORDINATE
    }

    private final Strength strength;
    /** Fixed weights, or null for all ones. */
    private final double[] weights;
    private final boolean nonNegative;
    private final double[] mask;
    /** ∂proxᵢ/∂λ (scalar) or ∂proxᵢ/∂λᵢ (per coordinate). */
    private final double[] strengthSlope;
    /** ∂proxᵢ/∂η. */
    private final double[] stepSlope;

    LassoProx(int n, Strength strength, double[] weights, boolean nonNegative) {
        super(nonNegative ? "non-negative lasso prox" : "lasso prox", n,
                strength == Strength.SCALAR ? 1 : n);
        this.strength = strength;
        this.weights = weights;
        this.nonNegative = nonNegative;
        this.mask = new double[n];
        this.strengthSlope = new double[n];
        this.stepSlope = new double[n];
    }

    /** Validates lasso weights and returns their number. */
    static int checkWeights(double[] weights) {
        if (weights == null) {
            throw new DimensionMismatchException("weights is null");
        }
        if (weights.length == 0) {
            throw InvalidOptionException.of("weights length", 0, ">= 1");
        }
        checkWeights("weights", weights);
        return weights.length;
    }

    @Override
    void checkParameters(double[] theta) {
        if (strength == Strength.SCALAR) {
            strength("lasso strength λ", theta, 0);
        } else {
            for (int i = 0; i < n; i++) {
                double lambda = theta[i];
                if (!(Double.isFinite(lambda) && lambda >= 0)) {
                    strength("lasso strength λ[" + i + "]", theta, i); // throws; the name is built only here
                }
            }
        }
    }

    /** λᵢ: the strength acting on coordinate i. */
    private double strengthOf(double[] theta, int i) {
        if (strength == Strength.PER_COORDINATE) {
            return theta[i];
        }
        return weights == null ? theta[0] : theta[0] * weights[i];
    }

    @Override
    void doApply(double[] v, double[] theta, double step, double[] out) {
        if (strength == Strength.SCALAR && weights == null && !nonNegative) {
            K.softThreshold(n, step * theta[0], v, 0, out, 0);
            return;
        }
        for (int i = 0; i < n; i++) {
            double t = step * strengthOf(theta, i);
            double x = v[i];
            out[i] = nonNegative ? Math.max(x - t, 0.0) : Math.copySign(Math.max(Math.abs(x) - t, 0.0), x);
        }
    }

    @Override
    void doLinearize(double[] v, double[] theta, double step) {
        for (int i = 0; i < n; i++) {
            double lambda = strengthOf(theta, i);
            double t = step * lambda;
            double x = v[i];
            boolean active = nonNegative ? x > t : Math.abs(x) > t;
            double s = active ? (nonNegative ? 1.0 : Math.signum(x)) : 0.0;
            double weight = strength == Strength.SCALAR && weights != null ? weights[i] : 1.0;
            mask[i] = active ? 1.0 : 0.0;
            strengthSlope[i] = -step * weight * s;
            stepSlope[i] = -lambda * s;
        }
    }

    @Override
    void doJvpV(double[] dv, double[] out) {
        K.mul(n, mask, 0, dv, 0, out, 0);
    }

    @Override
    void doJvpTheta(double[] dTheta, double[] out) {
        if (strength == Strength.SCALAR) {
            K.copy(n, strengthSlope, 0, out, 0);
            K.scal(n, dTheta[0], out, 0);
        } else {
            K.mul(n, strengthSlope, 0, dTheta, 0, out, 0);
        }
    }

    @Override
    void doVjpTheta(double[] w, double[] out) {
        if (strength == Strength.SCALAR) {
            out[0] = K.dot(n, strengthSlope, 0, w, 0);
        } else {
            K.mul(n, strengthSlope, 0, w, 0, out, 0);
        }
    }

    @Override
    void doStepDerivative(double[] out) {
        K.copy(n, stepSlope, 0, out, 0);
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
    public Prox fork() {
        return new LassoProx(n, strength, weights, nonNegative);
    }
}
