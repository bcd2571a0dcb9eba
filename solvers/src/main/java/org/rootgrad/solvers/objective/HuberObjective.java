package org.rootgrad.solvers.objective;

/**
 * Huber regression (1/n) Σᵢ h_δ(aᵢᵀw − yᵢ) (+ (λ/2)‖w_pen‖²) with h_δ(r) = r²/2 for |r| &lt; δ and
 * δ(|r| − δ/2) otherwise: quadratic near zero, linear in the tails, so outliers pull with a
 * bounded force δ. Value and gradient in one pass over X (a dot product, then an update while the
 * row is in cache); the Hessian is Aᵀdiag(dᵢ)A + λI_pen with dᵢ = [|rᵢ| &lt; δ]/n (at |r| = δ the
 * linear piece's second derivative 0 is used, as the tape's {@code where} does).
 */
final class HuberObjective extends CurvatureWeightedObjective {
    private final double[] y;
    private final double delta;
    private final double[] curvature;

    HuberObjective(String name, LinearData data, double[] y, double delta, boolean l2) {
        super(name, data, l2);
        this.y = y;
        this.delta = delta;
        this.curvature = new double[n];
    }

    private double huber(double r) {
        double a = Math.abs(r);
        return a < delta ? 0.5 * r * r : delta * (a - 0.5 * delta);
    }

    /** h_δ′(r) = clip(r, −δ, δ). */
    private double slope(double r) {
        return Math.max(-delta, Math.min(delta, r));
    }

    @Override
    double lossValue(double[] w) {
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += huber(K.dot(d, data.x, i * d, w, 0) - y[i]);
        }
        return sum * inverseRows;
    }

    @Override
    double lossValueAndGradient(double[] w, double[] g) {
        K.fill(d, 0.0, g, 0);
        double sum = 0;
        for (int i = 0; i < n; i++) {
            int row = i * d;
            double r = K.dot(d, data.x, row, w, 0) - y[i];
            sum += huber(r);
            K.axpy(d, slope(r) * inverseRows, data.x, row, g, 0);
        }
        return sum * inverseRows;
    }

    @Override
    void linearizeCurvature(double[] w) {
        for (int i = 0; i < n; i++) {
            double r = K.dot(d, data.x, i * d, w, 0) - y[i];
            curvature[i] = Math.abs(r) < delta ? inverseRows : 0.0;
        }
    }

    @Override
    double[] curvature() {
        return curvature;
    }

    @Override
    void sampleFirstDerivatives(double[] z, double[] out) {
        K.sub(n, z, 0, y, 0, out, 0);
        K.clip(n, -delta, delta, out, 0, out, 0);
    }

    @Override
    void sampleSecondDerivatives(double[] z, double[] out) {
        for (int i = 0; i < n; i++) {
            out[i] = Math.abs(z[i] - y[i]) < delta ? 1.0 : 0.0;
        }
    }

    @Override
    double curvatureBound() {
        return 1.0;
    }

    @Override
    LinearModelObjective copy() {
        return new HuberObjective(name, data, y, delta, penalty.active);
    }
}
