package org.rootgrad.solvers.projection;

/**
 * P(v) = max(v − τ, 0) onto the simplex {x ≥ 0, Σx = s}; θ = [s], s ≥ 0.
 *
 * <p>With S = {i : vᵢ &gt; τ} the support and m its indicator, ∂ᵥP = diag(m) − mmᵀ/|S| and
 * ∂P/∂s = m/|S| (τ = (Σ_S vᵢ − s)/|S|). A coordinate exactly at the threshold is outside S. For
 * s = 0 the set is {0}: S is taken as the first index of max v (the limit s → 0⁺ without ties),
 * so ∂ᵥP = 0 and ∂P/∂s = e_S.
 */
final class SimplexProjection extends AbstractProjection {
    private final SimplexThreshold threshold;
    /** Indicator of the support S at the linearisation point. */
    private final double[] support;
    private int supportSize;

    SimplexProjection(int n) {
        super("simplex projection", n, 1);
        this.threshold = new SimplexThreshold(n);
        this.support = new double[n];
    }

    @Override
    void checkParameters(double[] theta) {
        radius("simplex total s", theta, 0);
    }

    @Override
    void doProject(double[] v, double[] theta, double[] out) {
        double total = theta[0];
        if (total == 0) {
            K.fill(n, 0.0, out, 0);
            return;
        }
        double tau = threshold.threshold(v, n, total);
        for (int i = 0; i < n; i++) {
            out[i] = Math.max(v[i] - tau, 0.0);
        }
    }

    @Override
    void doLinearize(double[] v, double[] theta) {
        double total = theta[0];
        if (total == 0) {
            K.fill(n, 0.0, support, 0);
            support[SimplexThreshold.firstArgMax(v, n)] = 1.0;
            supportSize = 1;
            return;
        }
        double tau = threshold.threshold(v, n, total);
        int count = 0;
        for (int i = 0; i < n; i++) {
            boolean in = v[i] > tau;
            support[i] = in ? 1.0 : 0.0;
            count += in ? 1 : 0;
        }
        supportSize = count;
    }

    @Override
    void doJvpV(double[] dv, double[] out) {
        double mean = K.dot(n, support, 0, dv, 0) / supportSize;
        for (int i = 0; i < n; i++) {
            out[i] = support[i] * (dv[i] - mean);
        }
    }

    @Override
    void doJvpTheta(double[] dTheta, double[] out) {
        K.copy(n, support, 0, out, 0);
        K.scal(n, dTheta[0] / supportSize, out, 0);
    }

    @Override
    void doVjpTheta(double[] w, double[] out) {
        out[0] = K.dot(n, support, 0, w, 0) / supportSize;
    }

    @Override
    public JacobianStructure jacobianStructure() {
        return JacobianStructure.DIAGONAL_MINUS_RANK_ONE;
    }

    @Override
    void doJacobianDiagonal(double[] d) {
        K.copy(n, support, 0, d, 0);
    }

    @Override
    double doJacobianRankOne(double[] u) {
        K.copy(n, support, 0, u, 0);
        return 1.0 / supportSize;
    }

    @Override
    public Projection fork() {
        return new SimplexProjection(n);
    }
}
