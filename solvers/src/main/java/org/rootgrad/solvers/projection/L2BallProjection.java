package org.rootgrad.solvers.projection;

import org.rootgrad.error.UnsupportedDerivativeException;

/**
 * Projection onto the l2 ball {‖x‖ ≤ r} or the l2 sphere {‖x‖ = r}; θ = [r], r ≥ 0.
 *
 * <p>On or outside the ball (and anywhere for the sphere), with v̂ = v/‖v‖ and s = r/‖v‖:
 * P = s·v, ∂ᵥP = s(I − v̂v̂ᵀ) (diagonal s·1 minus rank one with u = v̂, γ = s) and ∂P/∂r = v̂.
 * Inside the ball: ∂ᵥP = I, ∂P/∂r = 0; the boundary itself counts as outside.
 *
 * <p>At v = 0: the ball's P is 0 with ∂ᵥP = I for r &gt; 0, and ∂ᵥP = 0, ∂P/∂r = 0 for r = 0 (its
 * partial derivatives there). The sphere's P(0) = r·e₀ by convention; it has no derivative there
 * for r &gt; 0 ({@code linearize} throws {@link UnsupportedDerivativeException}), and for r = 0
 * ∂ᵥP = 0 and ∂P/∂r = e₀.
 */
final class L2BallProjection extends AbstractProjection {
    private final boolean sphere;
    /** u = v̂ on the boundary, else 0. */
    private final double[] direction;
    /** ∂P/∂r. */
    private final double[] radiusDerivative;
    /** The diagonal value s of ∂ᵥP = s·I − γuuᵀ. */
    private double scale;
    private double gamma;

    L2BallProjection(int n, boolean sphere) {
        super(sphere ? "l2-sphere projection" : "l2-ball projection", n, 1);
        this.sphere = sphere;
        this.direction = new double[n];
        this.radiusDerivative = new double[n];
    }

    @Override
    void checkParameters(double[] theta) {
        radius(sphere ? "l2-sphere radius r" : "l2-ball radius r", theta, 0);
    }

    @Override
    void doProject(double[] v, double[] theta, double[] out) {
        double r = theta[0];
        double norm = K.nrm2(n, v, 0);
        if (norm == 0) {
            K.fill(n, 0.0, out, 0);
            if (sphere) {
                out[0] = r;
            }
        } else if (!sphere && norm < r) {
            K.copy(n, v, 0, out, 0);
        } else {
            if (out != v) {
                K.copy(n, v, 0, out, 0);
            }
            K.scal(n, r / norm, out, 0);
        }
    }

    @Override
    void doLinearize(double[] v, double[] theta) {
        double r = theta[0];
        double norm = K.nrm2(n, v, 0);
        K.fill(n, 0.0, direction, 0);
        K.fill(n, 0.0, radiusDerivative, 0);
        gamma = 0.0;
        if (norm == 0) {
            if (sphere && r > 0) {
                throw new UnsupportedDerivativeException("l2-sphere projection: not differentiable at"
                        + " v = 0 (every point of the sphere is a nearest point)");
            }
            if (sphere) {
                radiusDerivative[0] = 1.0;
            }
            scale = r > 0 ? 1.0 : 0.0;
            return;
        }
        if (!sphere && norm < r) {
            scale = 1.0;
            return;
        }
        scale = r / norm;
        gamma = scale;
        for (int i = 0; i < n; i++) {
            direction[i] = v[i] / norm;
        }
        K.copy(n, direction, 0, radiusDerivative, 0);
    }

    @Override
    void doJvpV(double[] dv, double[] out) {
        double c = gamma * K.dot(n, direction, 0, dv, 0);
        for (int i = 0; i < n; i++) {
            out[i] = scale * dv[i] - c * direction[i];
        }
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
        return JacobianStructure.DIAGONAL_MINUS_RANK_ONE;
    }

    @Override
    void doJacobianDiagonal(double[] d) {
        K.fill(n, scale, d, 0);
    }

    @Override
    double doJacobianRankOne(double[] u) {
        K.copy(n, direction, 0, u, 0);
        return gamma;
    }

    @Override
    public Projection fork() {
        return new L2BallProjection(n, sphere);
    }
}
