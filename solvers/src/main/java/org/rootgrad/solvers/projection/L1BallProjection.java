package org.rootgrad.solvers.projection;

/**
 * Projection onto the l1 ball {‖x‖₁ ≤ r}; θ = [r], r ≥ 0. Outside the ball,
 * P(v) = sign(v) ∘ max(|v| − τ, 0) where τ is the threshold of the projection of |v| onto the
 * simplex of total r.
 *
 * <p>Derivatives. Inside (‖v‖₁ &lt; r): ∂ᵥP = I, ∂P/∂r = 0. On or outside the boundary, with S =
 * {i : |vᵢ| &gt; τ}, m its indicator and u = sign(v) ∘ m: ∂ᵥP = diag(m) − uuᵀ/|S| and ∂P/∂r =
 * u/|S|. Exactly on the boundary τ = 0 and S = {vᵢ ≠ 0}. For r = 0 (the set {0}) S is the first
 * index of max |v|, so ∂ᵥP = 0 and ∂P/∂r = sign(v_S)e_S; at v = 0, r = 0 both are 0.
 */
final class L1BallProjection extends AbstractProjection {
    private final SimplexThreshold threshold;
    private final double[] magnitude;
    /** d: the support indicator, or all ones inside the ball. */
    private final double[] diagonal;
    /** u = sign(v) ∘ m, or 0 inside the ball. */
    private final double[] signedSupport;
    /** γ = 1/|S|, or 0 when there is no rank-one term. */
    private double gamma;

    L1BallProjection(int n) {
        super("l1-ball projection", n, 1);
        this.threshold = new SimplexThreshold(n);
        this.magnitude = new double[n];
        this.diagonal = new double[n];
        this.signedSupport = new double[n];
    }

    @Override
    void checkParameters(double[] theta) {
        radius("l1-ball radius r", theta, 0);
    }

    /**
     * τ ≥ 0 for a point on or outside the ball, or −1 inside it. For r = 0 returns +∞ (every
     * coordinate is thresholded to 0).
     */
    private double tau(double[] v, double r) {
        double norm1 = K.asum(n, v, 0);
        if (norm1 < r) {
            return -1.0;
        }
        if (r == 0) {
            return Double.POSITIVE_INFINITY;
        }
        if (norm1 == r) {
            return 0.0;
        }
        for (int i = 0; i < n; i++) {
            magnitude[i] = Math.abs(v[i]);
        }
        return Math.max(threshold.threshold(magnitude, n, r), 0.0);
    }

    @Override
    void doProject(double[] v, double[] theta, double[] out) {
        double tau = tau(v, theta[0]);
        if (tau < 0) {
            K.copy(n, v, 0, out, 0);
        } else if (tau == Double.POSITIVE_INFINITY) {
            K.fill(n, 0.0, out, 0);
        } else {
            K.softThreshold(n, tau, v, 0, out, 0);
        }
    }

    @Override
    void doLinearize(double[] v, double[] theta) {
        double tau = tau(v, theta[0]);
        if (tau < 0) {
            K.fill(n, 1.0, diagonal, 0);
            K.fill(n, 0.0, signedSupport, 0);
            gamma = 0.0;
            return;
        }
        K.fill(n, 0.0, diagonal, 0);
        K.fill(n, 0.0, signedSupport, 0);
        if (tau == Double.POSITIVE_INFINITY) {
            int j = K.iamax(n, v, 0);
            if (v[j] == 0) {
                gamma = 0.0; // v = 0 and r = 0: P ≡ 0 near here in either argument alone
                return;
            }
            diagonal[j] = 1.0;
            signedSupport[j] = Math.signum(v[j]);
            gamma = 1.0;
            return;
        }
        int count = 0;
        for (int i = 0; i < n; i++) {
            if (Math.abs(v[i]) > tau) {
                diagonal[i] = 1.0;
                signedSupport[i] = Math.signum(v[i]);
                count++;
            }
        }
        gamma = count == 0 ? 0.0 : 1.0 / count;
    }

    @Override
    void doJvpV(double[] dv, double[] out) {
        double c = gamma * K.dot(n, signedSupport, 0, dv, 0);
        for (int i = 0; i < n; i++) {
            out[i] = diagonal[i] * dv[i] - c * signedSupport[i];
        }
    }

    @Override
    void doJvpTheta(double[] dTheta, double[] out) {
        K.copy(n, signedSupport, 0, out, 0);
        K.scal(n, gamma * dTheta[0], out, 0);
    }

    @Override
    void doVjpTheta(double[] w, double[] out) {
        out[0] = gamma * K.dot(n, signedSupport, 0, w, 0);
    }

    @Override
    public JacobianStructure jacobianStructure() {
        return JacobianStructure.DIAGONAL_MINUS_RANK_ONE;
    }

    @Override
    void doJacobianDiagonal(double[] d) {
        K.copy(n, diagonal, 0, d, 0);
    }

    @Override
    double doJacobianRankOne(double[] u) {
        K.copy(n, signedSupport, 0, u, 0);
        return gamma;
    }

    @Override
    public Projection fork() {
        return new L1BallProjection(n);
    }
}
