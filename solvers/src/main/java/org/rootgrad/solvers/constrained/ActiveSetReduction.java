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
import org.rootgrad.solvers.prox.Prox;

/**
 * Implicit derivatives of x*(θ) = argmin f(x, θ_f) + g(x, θ_g) solved on the free coordinates
 * only, for a g whose prox has a simple Jacobian at the solution. Proximal (or projected)
 * gradient's condition F = prox_{ηg}(x − η∇f(x, θ_f), θ_g) − x leads to a non-symmetric system
 * (I − J(I − ηH))ᵀw = x̄ of dimension n, with J = ∂ᵥprox at x* − η∇f. Where the prox's
 * {@link JacobianStructure} says J is an orthogonal projector — {@link JacobianStructure#MASK}
 * (the lasso's support, box, non-negative orthant, l∞ ball) or
 * {@link JacobianStructure#DIAGONAL_MINUS_RANK_ONE} with a 0/1 diagonal and γ = 1/‖u‖² (simplex,
 * l1 ball, hyperplane, {@link BoxHyperplaneProjection}) — the derivative lives on the face
 * S = {dᵢ = 1} ∩ {uᵀẋ = 0}: H_SS ẋ_S = −(∇²ₓθf θ̇_f)_S plus the prox's parameter terms
 * (conjugate gradients), or the same with one multiplier for u (MINRES). Same derivative, a
 * symmetric system whose products are Hessian products on vectors supported on S; the step η
 * drops out.
 *
 * <p>Two forms. With a {@link Prox} ({@link #ActiveSetReduction(Objective, Prox, ImplicitDiff)})
 * θ = (θ_f, θ_g) as for {@link org.rootgrad.solvers.ProximalGradient}: the lasso's λ, a box's
 * bounds, a simplex's total are differentiated too; {@link #tryLinearize} lets a solver fall back
 * to the full condition where J is not a projector. With a {@link Projection}
 * ({@link #ActiveSetReduction(Objective, Projection, ImplicitDiff)}) the set's parameters are
 * held fixed and θ = θ_f. Curved sets (an l2 ball's boundary, whose Jacobian is not a projector)
 * and non-0/1 diagonals (elastic net) are refused by {@link #linearize} with
 * {@link UnsupportedDerivativeException}.
 *
 * <p>Per thread (holds the objective, the prox and implicit-differentiation workspaces, made on
 * first use; nothing allocates after).
 */
public final class ActiveSetReduction {
    private static final double PROJECTOR_TOLERANCE = 1e-9;

    private final Objective f;
    private final Prox prox;
    private final boolean differentiateProx;
    private final int n;
    private final int mf;
    private final int m;
    private final ImplicitDiff implicit;
    /** Faces of a mask (γ = 0, positive definite: CG) and of a mask with one constraint (MINRES). */
    private final ReducedFaceCondition maskFace;
    private final ReducedFaceCondition constrainedFace;
    private ImplicitDiffWorkspace maskWorkspace;
    private ImplicitDiffWorkspace constrainedWorkspace;
    private ReducedFaceCondition condition;
    private ImplicitDiffWorkspace workspace;
    private final double[] z;
    private final double[] v;
    private final double[] g;
    private final double[] d;
    private final double[] u;
    private final double[] zio;
    private final double[] thetaF;
    private final double[] thetaG;
    private final double[] theta;
    private boolean linearized;

    /**
     * The projection form: derivatives with respect to f's parameters, the set's held fixed.
     *
     * @param f          the objective (per thread; shared with nothing else while in use)
     * @param projection the projection onto C (per thread; owned from now on)
     * @param implicit   the implicit-differentiation configuration (linear solver, tolerance)
     * @throws DimensionMismatchException if an argument is null or the dimensions differ
     */
    public ActiveSetReduction(Objective f, Projection projection, ImplicitDiff implicit) {
        this(f, projection == null ? null : Prox.of(projection), implicit, false);
    }

    /**
     * The prox form: θ = (θ_f, θ_g), as {@link org.rootgrad.solvers.ProximalGradientCondition}'s.
     *
     * @param f        the objective (per thread; shared with nothing else while in use)
     * @param g        the prox of g (per thread)
     * @param implicit the implicit-differentiation configuration (linear solver, tolerance)
     * @throws DimensionMismatchException if an argument is null or the dimensions differ
     */
    public ActiveSetReduction(Objective f, Prox g, ImplicitDiff implicit) {
        this(f, g, implicit, true);
    }

    private ActiveSetReduction(Objective f, Prox prox, ImplicitDiff implicit, boolean differentiateProx) {
        if (f == null || prox == null || implicit == null) {
            throw new DimensionMismatchException("objective, prox (or projection) and implicit configuration are required");
        }
        if (prox.dimension() != f.dimension()) {
            throw new DimensionMismatchException("the " + (differentiateProx ? "prox" : "projection")
                    + " acts on " + prox.dimension() + " coordinates; the objective has " + f.dimension());
        }
        this.f = f;
        this.prox = prox;
        this.differentiateProx = differentiateProx;
        this.n = f.dimension();
        this.mf = f.parameterDimension();
        this.m = mf + (differentiateProx ? prox.parameterDimension() : 0);
        this.implicit = implicit;
        this.maskFace = new ReducedFaceCondition(f, prox, differentiateProx, false);
        this.constrainedFace = new ReducedFaceCondition(f, prox, differentiateProx, true);
        this.z = new double[n + 1];
        this.v = new double[n];
        this.g = new double[n];
        this.d = new double[n];
        this.u = new double[n];
        this.zio = new double[n + 1];
        this.thetaF = new double[mf];
        this.thetaG = new double[prox.parameterDimension()];
        this.theta = new double[m];
    }

    /**
     * Whether proxes of this Jacobian structure can be reduced (at points where their Jacobian is
     * an orthogonal projector): {@link JacobianStructure#MASK} and
     * {@link JacobianStructure#DIAGONAL_MINUS_RANK_ONE}.
     */
    public static boolean supports(JacobianStructure structure) {
        return structure == JacobianStructure.MASK || structure == JacobianStructure.DIAGONAL_MINUS_RANK_ONE;
    }

    /** m: the parameters differentiated, θ_f's and, in the prox form, θ_g's. */
    public int parameterDimension() {
        return m;
    }

    /**
     * The projection form: reads the face of the solution x* at θ (= θ_f) with the set's
     * parameters, linearising the projection at x* − η∇f(x*, θ) (any η &gt; 0 gives the same face
     * under strict complementarity).
     *
     * @throws UnsupportedDerivativeException if J is not an orthogonal projector of the forms above
     * @throws IllegalStateException in the prox form (use {@link #linearize(double[], double[], double)})
     */
    public void linearize(double[] xStar, double[] theta, double[] setTheta, double step) {
        if (differentiateProx) {
            throw new IllegalStateException("active-set reduction of a prox: θ holds θ_g, call linearize(x*, θ, step)");
        }
        Checks.length("xStar", xStar, n);
        Checks.length("theta", theta, m);
        Checks.positive("step", step);
        if (thetaG.length > 0) {
            Checks.length("setTheta", setTheta, thetaG.length);
        }
        System.arraycopy(theta, 0, thetaF, 0, mf);
        if (thetaG.length > 0) {
            System.arraycopy(setTheta, 0, thetaG, 0, thetaG.length);
        }
        face(xStar, theta, step, true);
    }

    /**
     * The prox form: reads the face of the solution x* at θ = (θ_f, θ_g), linearising the prox
     * at x* − η∇f(x*, θ_f) with step η (the solver's).
     *
     * @throws UnsupportedDerivativeException if J is not an orthogonal projector of the forms above
     * @throws IllegalStateException in the projection form
     */
    public void linearize(double[] xStar, double[] theta, double step) {
        requireProxForm();
        checkPoint(xStar, theta, step);
        face(xStar, theta, step, true);
    }

    /**
     * {@link #linearize(double[], double[], double)}, returning false instead of throwing where
     * the prox's structure or its Jacobian at x* does not allow the reduction (then use the full
     * condition).
     */
    public boolean tryLinearize(double[] xStar, double[] theta, double step) {
        requireProxForm();
        checkPoint(xStar, theta, step);
        return supports(prox.jacobianStructure()) && face(xStar, theta, step, false);
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

    private void requireProxForm() {
        if (!differentiateProx) {
            throw new IllegalStateException("active-set reduction over a projection: call linearize(x*, θ, setθ, step)");
        }
    }

    private void checkPoint(double[] xStar, double[] theta, double step) {
        Checks.length("xStar", xStar, n);
        Checks.length("theta", theta, m);
        Checks.positive("step", step);
        System.arraycopy(theta, 0, thetaF, 0, mf);
        System.arraycopy(theta, mf, thetaG, 0, thetaG.length);
    }

    /**
     * Linearises the prox at x* − η∇f(x*, θ_f), reads its face and fixes it in the reduced
     * condition; returns false (or throws, when {@code strict}) if J is not a projector of the
     * supported forms.
     */
    private boolean face(double[] xStar, double[] fullTheta, double step, boolean strict) {
        linearized = false;
        JacobianStructure structure = prox.jacobianStructure();
        if (!supports(structure)) {
            if (strict) {
                throw new UnsupportedDerivativeException("active-set reduction needs a MASK or DIAGONAL_MINUS_RANK_ONE "
                        + "Jacobian; " + prox + " has " + structure);
            }
            return false;
        }
        f.gradient(xStar, thetaF, g);
        for (int i = 0; i < n; i++) {
            v[i] = xStar[i] - step * g[i];
        }
        prox.linearize(v, thetaG, step);
        prox.jacobianDiagonal(d);
        double gamma = prox.jacobianRankOne(u);
        double uu = 0;
        double ug = 0;
        for (int i = 0; i < n; i++) {
            if (d[i] != 0 && d[i] != 1) {
                if (strict) {
                    throw new UnsupportedDerivativeException("active-set reduction: " + prox
                            + " has a Jacobian diagonal " + d[i] + " at " + i + ", not a 0/1 mask (a curved set)");
                }
                return false;
            }
            uu += u[i] * u[i];
            ug += u[i] * g[i];
        }
        boolean constrained = gamma > 0;
        if (constrained && Math.abs(gamma * uu - 1) > PROJECTOR_TOLERANCE) {
            if (strict) {
                throw new UnsupportedDerivativeException("active-set reduction: " + prox
                        + " has J = D − γuuᵀ with γ‖u‖² = " + gamma * uu + " ≠ 1: not a projector (a curved set)");
            }
            return false;
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
        condition.setFace(xStar, v, thetaG, step, d, u);
        System.arraycopy(xStar, 0, z, 0, n);
        z[n] = constrained ? -ug / uu : 0; // μ from stationarity on the face
        System.arraycopy(fullTheta, 0, theta, 0, m);
        linearized = true;
        return true;
    }

    private void requireLinearized() {
        if (!linearized) {
            throw new InvalidOptionException("active-set reduction: call linearize(x*, θ, setθ, step) first");
        }
    }
}
