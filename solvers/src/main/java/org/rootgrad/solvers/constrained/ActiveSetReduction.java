package org.rootgrad.solvers.constrained;

import org.rootgrad.autodiff.Objective;
import org.rootgrad.error.Checks;
import org.rootgrad.error.DimensionMismatchException;
import org.rootgrad.error.InvalidOptionException;
import org.rootgrad.error.UnsupportedDerivativeException;
import org.rootgrad.implicit.ImplicitDiff;
import org.rootgrad.implicit.ImplicitDiffWorkspace;
import org.rootgrad.implicit.ImplicitResult;
import org.rootgrad.solvers.projection.JacobianStructure;
import org.rootgrad.solvers.projection.Projection;

/**
 * Implicit derivatives of x*(θ) = argmin_{x ∈ C} f(x, θ) over a fixed convex set C, solved on the
 * free coordinates only. Any solver of the projected fixed point x = P_C(x − η∇f(x, θ)) (projected
 * gradient, for one) leads to the adjoint system (I − J(I − ηH))ᵀw = x̄ of dimension n, with
 * J = ∂P_C at x* − η∇f. Where the projection's {@link JacobianStructure} says J is an orthogonal
 * projector — {@link JacobianStructure#MASK} (box, non-negative orthant, l∞ ball, the lasso
 * support of a prox) or {@link JacobianStructure#DIAGONAL_MINUS_RANK_ONE} with a 0/1 diagonal and
 * γ = 1/‖u‖² (simplex, hyperplane, {@link BoxHyperplaneProjection}) — the derivative lives on the
 * face S = {dᵢ = 1} ∩ {uᵀẋ = 0}: H_SS ẋ_S = −(∇²ₓθf θ̇)_S (conjugate gradients) or the same
 * with one multiplier for u (MINRES). Same derivative, a system of |S| (+ 1) unknowns and
 * products with H restricted to S; no step η needed.
 *
 * <p>The set's own parameters are held fixed: θ is the objective's. Curved sets (l2 ball, whose
 * Jacobian is not a projector) are refused with {@link UnsupportedDerivativeException}.
 *
 * <p>Per thread (holds the objective and an implicit-differentiation workspace).
 */
public final class ActiveSetReduction {
    private static final double PROJECTOR_TOLERANCE = 1e-12;

    private final Objective f;
    private final Projection projection;
    private final int n;
    private final int m;
    private final ImplicitDiff implicit;
    /** Faces of a mask (γ = 0, positive definite: CG) and of a mask with one constraint (MINRES). */
    private final ProjectedReducedCondition maskFace;
    private final ProjectedReducedCondition constrainedFace;
    private ImplicitDiffWorkspace maskWorkspace;
    private ImplicitDiffWorkspace constrainedWorkspace;
    private ProjectedReducedCondition condition;
    private ImplicitDiffWorkspace workspace;
    private final double[] z;
    private final double[] v;
    private final double[] g;
    private final double[] d;
    private final double[] u;
    private final double[] zio;
    private boolean linearized;
    private final double[] theta;

    /**
     * @param f          the objective (per thread; shared with nothing else while in use)
     * @param projection the projection onto C (per thread)
     * @param implicit   the implicit-differentiation configuration (linear solver, tolerance)
     * @throws DimensionMismatchException if the projection's dimension differs from f's
     */
    public ActiveSetReduction(Objective f, Projection projection, ImplicitDiff implicit) {
        if (f == null || projection == null || implicit == null) {
            throw new DimensionMismatchException("objective, projection and implicit configuration are required");
        }
        if (projection.dimension() != f.dimension()) {
            throw new DimensionMismatchException("the projection acts on " + projection.dimension()
                    + " coordinates; the objective has " + f.dimension());
        }
        this.f = f;
        this.projection = projection;
        this.n = f.dimension();
        this.m = f.parameterDimension();
        this.implicit = implicit;
        this.maskFace = new ProjectedReducedCondition(f, false);
        this.constrainedFace = new ProjectedReducedCondition(f, true);
        this.z = new double[n + 1];
        this.v = new double[n];
        this.g = new double[n];
        this.d = new double[n];
        this.u = new double[n];
        this.zio = new double[n + 1];
        this.theta = new double[m];
    }

    /**
     * Reads the face of the solution x* at θ: linearises the projection at x* − η∇f(x*, θ) (any
     * η &gt; 0 gives the same face under strict complementarity) with the set's parameters.
     *
     * @throws UnsupportedDerivativeException if J is not an orthogonal projector of the forms above
     */
    public void linearize(double[] xStar, double[] theta, double[] setTheta, double step) {
        Checks.length("xStar", xStar, n);
        Checks.length("theta", theta, m);
        Checks.positive("step", step);
        JacobianStructure structure = projection.jacobianStructure();
        if (structure != JacobianStructure.MASK && structure != JacobianStructure.DIAGONAL_MINUS_RANK_ONE) {
            throw new UnsupportedDerivativeException("active-set reduction needs a MASK or DIAGONAL_MINUS_RANK_ONE "
                    + "projection Jacobian; " + projection + " has " + structure);
        }
        f.gradient(xStar, theta, g);
        for (int i = 0; i < n; i++) {
            v[i] = xStar[i] - step * g[i];
        }
        projection.linearize(v, setTheta);
        projection.jacobianDiagonal(d);
        double gamma = projection.jacobianRankOne(u);
        double uu = 0;
        double ug = 0;
        for (int i = 0; i < n; i++) {
            if (d[i] != 0 && d[i] != 1) {
                throw new UnsupportedDerivativeException("active-set reduction: " + projection
                        + " has a Jacobian diagonal " + d[i] + " at " + i + ", not a 0/1 mask (a curved set)");
            }
            uu += u[i] * u[i];
            ug += u[i] * g[i];
        }
        boolean constrained = gamma > 0;
        if (constrained && Math.abs(gamma * uu - 1) > PROJECTOR_TOLERANCE * 1e3) {
            throw new UnsupportedDerivativeException("active-set reduction: " + projection
                    + " has J = D − γuuᵀ with γ‖u‖² = " + gamma * uu + " ≠ 1: not a projector (a curved set)");
        }
        if (constrained) {
            if (constrainedWorkspace == null) {
                constrainedWorkspace = implicit.newWorkspace(constrainedFace);
            }
            condition = constrainedFace;
            workspace = constrainedWorkspace;
        } else {
            if (maskWorkspace == null) {
                maskWorkspace = implicit.newWorkspace(maskFace);
            }
            condition = maskFace;
            workspace = maskWorkspace;
        }
        condition.setFace(xStar, d, u);
        System.arraycopy(xStar, 0, z, 0, n);
        z[n] = constrained ? -ug / uu : 0; // μ from stationarity on the face
        System.arraycopy(theta, 0, this.theta, 0, m);
        linearized = true;
    }

    /** |S|, the free coordinates of the last linearisation. */
    public int freeCount() {
        requireLinearized();
        return condition.freeCount();
    }

    /** ẋ ← ∂x*(θ)/∂θ · θ̇ on the face; returns the linear solve's diagnostics. */
    public ImplicitResult jvp(double[] thetaDot, double[] xDot) {
        requireLinearized();
        Checks.length("xDot", xDot, n);
        ImplicitResult r = workspace.jvp(z, theta, thetaDot, zio);
        System.arraycopy(zio, 0, xDot, 0, n);
        return r;
    }

    /** θ̄ ← x̄ᵀ ∂x*(θ)/∂θ on the face; returns the linear solve's diagnostics. */
    public ImplicitResult vjp(double[] xBar, double[] thetaBar) {
        requireLinearized();
        Checks.length("xBar", xBar, n);
        System.arraycopy(xBar, 0, zio, 0, n);
        zio[n] = 0;
        return workspace.vjp(z, theta, zio, thetaBar);
    }

    private void requireLinearized() {
        if (!linearized) {
            throw new InvalidOptionException("active-set reduction: call linearize(x*, θ, setθ, step) first");
        }
    }
}
