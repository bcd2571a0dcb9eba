package org.rootgrad.solvers.projection;

import org.rootgrad.error.InvalidOptionException;
import org.rootgrad.error.NonFiniteException;

/**
 * Projection onto the hyperplane {aᵀx = b} or the halfspace {aᵀx ≤ b}; θ = [a₀..aₙ₋₁, b]
 * (k = n + 1), a ≠ 0. With q = ‖a‖² and c = (aᵀv − b)/q (for the halfspace c = max(c, 0)):
 * P = v − c·a.
 *
 * <p>Where the constraint is active (always for the hyperplane; aᵀv ≥ b for the halfspace, the
 * boundary included): ∂ᵥP = I − ââᵀ with â = a/‖a‖, and for directions (da, db)
 * dP = −dc·a − c·da with dc = (daᵀv − db − 2c·aᵀda)/q. Where it is inactive: ∂ᵥP = I, ∂θP = 0.
 */
final class HyperplaneProjection extends AbstractProjection {
    private final boolean halfspace;
    private final double[] a;
    private final double[] unitNormal;
    private final double[] point;
    private double normSquared;
    private double offset;
    private boolean active;

    HyperplaneProjection(int n, boolean halfspace) {
        super(halfspace ? "halfspace projection" : "hyperplane projection", n, n + 1);
        this.halfspace = halfspace;
        this.a = new double[n];
        this.unitNormal = new double[n];
        this.point = new double[n];
    }

    @Override
    void checkParameters(double[] theta) {
        for (int i = 0; i <= n; i++) {
            if (!Double.isFinite(theta[i])) {
                throw new NonFiniteException("theta", i, theta[i]);
            }
        }
        double norm = K.nrm2(n, theta, 0);
        double q = norm * norm;
        if (!(q > 0) || q == Double.POSITIVE_INFINITY) {
            throw InvalidOptionException.of("normal a = theta[0.." + n + ")", "‖a‖ = " + norm,
                    "non-zero with ‖a‖² representable as a finite positive double");
        }
    }

    /** c for (v, θ); the caller has checked θ. */
    private double offset(double[] v, double[] theta, double q) {
        double c = (K.dot(n, theta, 0, v, 0) - theta[n]) / q;
        return halfspace ? Math.max(c, 0.0) : c;
    }

    @Override
    void doProject(double[] v, double[] theta, double[] out) {
        double norm = K.nrm2(n, theta, 0);
        double c = offset(v, theta, norm * norm);
        for (int i = 0; i < n; i++) {
            out[i] = v[i] - c * theta[i];
        }
    }

    @Override
    void doLinearize(double[] v, double[] theta) {
        double norm = K.nrm2(n, theta, 0);
        normSquared = norm * norm;
        K.copy(n, theta, 0, a, 0);
        K.copy(n, v, 0, point, 0);
        for (int i = 0; i < n; i++) {
            unitNormal[i] = theta[i] / norm;
        }
        active = !halfspace || K.dot(n, theta, 0, v, 0) >= theta[n];
        offset = active ? offset(v, theta, normSquared) : 0.0;
    }

    @Override
    void doJvpV(double[] dv, double[] out) {
        double c = active ? K.dot(n, unitNormal, 0, dv, 0) : 0.0;
        for (int i = 0; i < n; i++) {
            out[i] = dv[i] - c * unitNormal[i];
        }
    }

    @Override
    void doJvpTheta(double[] dTheta, double[] out) {
        if (!active) {
            K.fill(n, 0.0, out, 0);
            return;
        }
        double c = offset;
        double dc = (K.dot(n, dTheta, 0, point, 0) - dTheta[n]
                - 2 * c * K.dot(n, a, 0, dTheta, 0)) / normSquared;
        for (int i = 0; i < n; i++) {
            out[i] = -dc * a[i] - c * dTheta[i];
        }
    }

    @Override
    void doVjpTheta(double[] w, double[] out) {
        if (!active) {
            K.fill(n + 1, 0.0, out, 0);
            return;
        }
        double c = offset;
        double s = K.dot(n, a, 0, w, 0) / normSquared;
        for (int i = 0; i < n; i++) {
            out[i] = -s * point[i] + 2 * c * s * a[i] - c * w[i];
        }
        out[n] = s;
    }

    @Override
    public JacobianStructure jacobianStructure() {
        return JacobianStructure.DIAGONAL_MINUS_RANK_ONE;
    }

    @Override
    void doJacobianDiagonal(double[] d) {
        K.fill(n, 1.0, d, 0);
    }

    @Override
    double doJacobianRankOne(double[] u) {
        K.copy(n, unitNormal, 0, u, 0);
        return active ? 1.0 : 0.0;
    }

    @Override
    public Projection fork() {
        return new HyperplaneProjection(n, halfspace);
    }
}
