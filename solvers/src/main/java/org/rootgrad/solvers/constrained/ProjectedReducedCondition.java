package org.rootgrad.solvers.constrained;

import org.rootgrad.autodiff.Objective;
import org.rootgrad.implicit.RootFunction;
import org.rootgrad.implicit.linear.Structure;

/**
 * The optimality condition of min f(x, θ) over a fixed convex set whose projection Jacobian at the
 * solution is the orthogonal projector D − γuuᵀ (D = diag(1_S), u supported on S, γ = 1/‖u‖²,
 * or γ = 0), reduced to its free coordinates S, on z = (x, μ) ∈ Rⁿ⁺¹:
 * <pre>
 *   Fᵢ = ∇ᵢf(x, θ) + μuᵢ     (i ∈ S)
 *   Fᵢ = xᵢ − x*ᵢ            (i ∉ S: fixed where the set holds them)
 *   Fₙ = uᵀ(x − x*)          (the face's one linear constraint; Fₙ = μ when γ = 0)
 * </pre>
 * ∂zF = [[H_SS, u_S], [u_Sᵀ, 0]] ⊕ I: symmetric; positive definite when γ = 0 (a mask: box,
 * non-negative orthant, lasso support), indefinite with one constraint otherwise (simplex, box ∩
 * hyperplane). Products cost one Hessian-vector product on vectors supported on S. Per thread.
 */
final class ProjectedReducedCondition implements RootFunction {
    private final Objective f;
    private final int n;
    private final int m;
    private final double[] anchor;
    private final boolean[] free;
    private final double[] u;
    private final boolean constrained;
    private final double[] sn;
    private final double[] hv;

    ProjectedReducedCondition(Objective f, boolean constrained) {
        this.f = f;
        this.constrained = constrained;
        this.n = f.dimension();
        this.m = f.parameterDimension();
        this.anchor = new double[n];
        this.free = new boolean[n];
        this.u = new double[n];
        this.sn = new double[n];
        this.hv = new double[n];
    }

    /** Fixes the face: x* (the anchor), the free mask and (when constrained) the rank-one vector. */
    void setFace(double[] xStar, double[] mask, double[] direction) {
        System.arraycopy(xStar, 0, anchor, 0, n);
        for (int i = 0; i < n; i++) {
            free[i] = mask[i] != 0;
            u[i] = constrained && free[i] ? direction[i] : 0;
        }
    }

    int freeCount() {
        int c = 0;
        for (boolean b : free) {
            if (b) {
                c++;
            }
        }
        return c;
    }

    @Override
    public int dimension() {
        return n + 1;
    }

    @Override
    public int parameterDimension() {
        return m;
    }

    @Override
    public void evaluate(double[] z, double[] theta, double[] out) {
        System.arraycopy(z, 0, sn, 0, n);
        f.gradient(sn, theta, hv);
        double mu = z[n];
        double c = 0;
        for (int i = 0; i < n; i++) {
            out[i] = free[i] ? hv[i] + mu * u[i] : z[i] - anchor[i];
            c += u[i] * (z[i] - anchor[i]);
        }
        out[n] = constrained ? c : mu;
    }

    @Override
    public void linearize(double[] z, double[] theta) {
        System.arraycopy(z, 0, sn, 0, n);
        f.linearize(sn, theta);
    }

    @Override
    public void jvpX(double[] v, double[] out) {
        for (int i = 0; i < n; i++) {
            sn[i] = free[i] ? v[i] : 0;
        }
        f.hessianVector(sn, hv);
        double mu = v[n];
        double c = 0;
        for (int i = 0; i < n; i++) {
            out[i] = free[i] ? hv[i] + mu * u[i] : v[i];
            c += u[i] * v[i];
        }
        out[n] = constrained ? c : mu;
    }

    @Override
    public void vjpX(double[] w, double[] out) {
        jvpX(w, out); // symmetric (a Hessian block, u and uᵀ, the identity)
    }

    @Override
    public void jvpTheta(double[] du, double[] out) {
        f.mixedVector(du, hv);
        for (int i = 0; i < n; i++) {
            out[i] = free[i] ? hv[i] : 0;
        }
        out[n] = 0;
    }

    @Override
    public void vjpTheta(double[] w, double[] out) {
        for (int i = 0; i < n; i++) {
            sn[i] = free[i] ? w[i] : 0;
        }
        f.mixedTransposeVector(sn, out);
    }

    @Override
    public Structure structureX() {
        return constrained ? Structure.SYMMETRIC : Structure.SYMMETRIC_POSITIVE_DEFINITE;
    }

    @Override
    public ProjectedReducedCondition fork() {
        return new ProjectedReducedCondition(f.fork(), constrained);
    }
}
