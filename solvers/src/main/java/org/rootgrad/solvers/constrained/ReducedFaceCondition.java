package org.rootgrad.solvers.constrained;

import org.rootgrad.autodiff.Objective;
import org.rootgrad.implicit.RootFunction;
import org.rootgrad.implicit.linear.Structure;
import org.rootgrad.solvers.objective.CoordinateObjective;
import org.rootgrad.solvers.prox.Prox;

/**
 * Proximal gradient's optimality condition F = prox_{ηg}(x − η∇f(x, θ_f), θ_g) − x at a solution
 * x* where the prox's Jacobian J is an orthogonal projector D − γuuᵀ (D = diag(1_S), u supported
 * on S, γ = 1/‖u‖², or γ = 0), rewritten on z = (x, μ) ∈ Rⁿ⁺¹ so that its Jacobian is
 * symmetric and as small as the face allows. With H = ∇²ₓₓf, M = ∇²ₓθf and P = ∂θprox at the
 * solution, the derivative (ẋ, μ̇) of the face's stationarity satisfies
 * <pre>
 *   (Hẋ)ᵢ + μ̇uᵢ = −(Mθ̇_f)ᵢ + (Pθ̇_g)ᵢ/η     (i ∈ S)
 *   ẋᵢ = (Pθ̇_g)ᵢ                            (i ∉ S: where the prox holds x, e.g. a bound)
 *   uᵀẋ = uᵀPθ̇_g                            (the face's one linear constraint, when γ &gt; 0)
 * </pre>
 * which is F's own linearisation split by the projector J and its complement. Moving the known
 * ẋ_N = (Pθ̇_g)_N to the right, ∂zR = [[H_SS, u_S], [u_Sᵀ, 0]] ⊕ I (with ν ↦ ν on the last row
 * when γ = 0): symmetric positive definite for a mask (lasso support, box, non-negative orthant:
 * conjugate gradients), indefinite with one constraint otherwise (simplex, l1 ball, hyperplane:
 * MINRES); ∂θR carries −M on S and the prox's P as above. Each product costs one Hessian-vector
 * product on a vector supported on S (plus one more for the ∂θ products when g has parameters),
 * and no step η enters the derivative: P/η does not depend on it. For a
 * {@link CoordinateObjective} (the linear models) the H_SS products are taken on the columns in
 * S only ({@link CoordinateObjective#hessianVectorOnSubset}), O(rows·|S|) instead of O(rows·n).
 *
 * <p>The face (S, u), the step and the prox's linearisation are fixed by {@link #setFace} (the
 * prox must be linearised at v* = x* − η∇f(x*, θ_f) with θ_g); {@link #linearize} moves only f.
 * {@link #evaluate} returns F's residual r = prox(x − η∇f) − x in this system's units (−r/η on
 * S, −r off S, 0 on the last row): zero exactly at the roots, which is what the implicit
 * workspace reads it for (the forward residual of its diagnostics).
 *
 * <p>θ is θ_f alone when the prox's parameters are held fixed (a set's, for
 * {@link ActiveSetReduction#ActiveSetReduction(Objective, org.rootgrad.solvers.projection.Projection,
 * org.rootgrad.implicit.ImplicitDiff)}), else (θ_f, θ_g). Per thread.
 */
final class ReducedFaceCondition implements RootFunction {
    /** Up to this many prox parameters, {@link #setFace} reads which rows of ∂θprox are non-zero. */
    private static final int SMALL_PARAMETER_COUNT = 8;

    private final Objective f;
    /** f when it can restrict Hessian products to S, else null. */
    private final CoordinateObjective subsetHessian;
    private final Prox prox;
    private final boolean constrained;
    private final int n;
    private final int mf;
    /** The differentiated prox parameters: k, or 0 when they are held fixed. */
    private final int kg;
    private final double[] anchor;
    private final boolean[] free;
    private final int[] freeIndex;
    private int freeCount;
    private final double[] u;
    private final double[] vStar;
    /** The prox's parameters at the face (also the fixed ones when kg = 0). */
    private final double[] thetaG;
    private double step;
    /** Whether ∂θprox has rows off S (a bound that moves x): then ∂θ products need H_SN. */
    private boolean proxMovesFixed;
    private final double[] thetaF;
    private final double[] sn;
    private final double[] hv;
    private final double[] p;
    private final double[] hq;
    private final double[] sf;
    private final double[] sg;

    ReducedFaceCondition(Objective f, Prox prox, boolean differentiateProx, boolean constrained) {
        this.f = f;
        this.subsetHessian = f instanceof CoordinateObjective c ? c : null;
        this.prox = prox;
        this.constrained = constrained;
        this.n = f.dimension();
        this.mf = f.parameterDimension();
        this.kg = differentiateProx ? prox.parameterDimension() : 0;
        this.anchor = new double[n];
        this.free = new boolean[n];
        this.freeIndex = new int[n];
        this.u = new double[n];
        this.vStar = new double[n];
        this.thetaG = new double[prox.parameterDimension()];
        this.thetaF = new double[mf];
        this.sn = new double[n];
        this.hv = new double[n];
        this.p = new double[n];
        this.hq = new double[n];
        this.sf = new double[mf];
        this.sg = new double[kg];
    }

    /**
     * Fixes the face: x* (the anchor), the prox input v* and parameters θ_g it is linearised at,
     * the step η, the free mask (d ≠ 0) and, when constrained, the rank-one vector u.
     */
    void setFace(double[] xStar, double[] v, double[] proxTheta, double eta, double[] mask, double[] direction) {
        System.arraycopy(xStar, 0, anchor, 0, n);
        System.arraycopy(v, 0, vStar, 0, n);
        System.arraycopy(proxTheta, 0, thetaG, 0, thetaG.length);
        this.step = eta;
        freeCount = 0;
        for (int i = 0; i < n; i++) {
            free[i] = mask[i] != 0;
            u[i] = constrained && free[i] ? direction[i] : 0;
            if (free[i]) {
                freeIndex[freeCount++] = i;
            }
        }
        proxMovesFixed = kg > 0 && movesFixed();
    }

    /**
     * Whether a column of ∂θprox is non-zero off S, from the columns when there are few (the
     * lasso's one: zero off its support), assumed otherwise.
     */
    private boolean movesFixed() {
        if (kg > SMALL_PARAMETER_COUNT) {
            return true;
        }
        for (int j = 0; j < kg; j++) {
            java.util.Arrays.fill(sg, 0);
            sg[j] = 1;
            prox.jvpTheta(sg, p);
            for (int i = 0; i < n; i++) {
                if (!free[i] && p[i] != 0) {
                    return true;
                }
            }
        }
        return false;
    }

    int freeCount() {
        return freeCount;
    }

    @Override
    public int dimension() {
        return n + 1;
    }

    @Override
    public int parameterDimension() {
        return mf + kg;
    }

    private void splitTheta(double[] theta) {
        System.arraycopy(theta, 0, thetaF, 0, mf);
    }

    @Override
    public void evaluate(double[] z, double[] theta, double[] out) {
        System.arraycopy(z, 0, sn, 0, n);
        splitTheta(theta);
        f.gradient(sn, thetaF, hv);
        for (int i = 0; i < n; i++) {
            hv[i] = sn[i] - step * hv[i];
        }
        double[] g = thetaG;
        if (kg > 0) {
            System.arraycopy(theta, mf, sg, 0, kg);
            g = sg;
        }
        prox.apply(hv, g, step, p);
        for (int i = 0; i < n; i++) {
            double r = p[i] - sn[i];
            out[i] = free[i] ? -r / step : -r;
        }
        out[n] = 0;
    }

    @Override
    public void linearize(double[] z, double[] theta) {
        System.arraycopy(z, 0, sn, 0, n);
        splitTheta(theta);
        f.linearize(sn, thetaF);
    }

    @Override
    public void jvpX(double[] v, double[] out) {
        for (int i = 0; i < n; i++) {
            sn[i] = free[i] ? v[i] : 0;
        }
        if (subsetHessian != null) {
            subsetHessian.hessianVectorOnSubset(freeIndex, freeCount, sn, hv); // defined on S, read on S only
        } else {
            f.hessianVector(sn, hv);
        }
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
        jvpX(w, out); // symmetric: a Hessian block, u and uᵀ, the identity
    }

    @Override
    public void jvpTheta(double[] du, double[] out) {
        if (mf > 0) {
            System.arraycopy(du, 0, sf, 0, mf);
            f.mixedVector(sf, hv);
        } else {
            java.util.Arrays.fill(hv, 0);
        }
        double c = 0;
        if (kg > 0) {
            System.arraycopy(du, mf, sg, 0, kg);
            prox.jvpTheta(sg, p);
            for (int i = 0; i < n; i++) {
                sn[i] = free[i] ? 0 : p[i];
                c += u[i] * p[i];
            }
            if (proxMovesFixed) {
                f.hessianVector(sn, hq); // H_SN ẋ_N with ẋ_N = (Pθ̇_g)_N, moved to the right
            } else {
                java.util.Arrays.fill(hq, 0);
            }
            for (int i = 0; i < n; i++) {
                out[i] = free[i] ? hv[i] - p[i] / step + hq[i] : -p[i];
            }
        } else {
            for (int i = 0; i < n; i++) {
                out[i] = free[i] ? hv[i] : 0;
            }
        }
        out[n] = constrained ? -c : 0;
    }

    @Override
    public void vjpTheta(double[] w, double[] out) {
        for (int i = 0; i < n; i++) {
            sn[i] = free[i] ? w[i] : 0;
        }
        if (mf > 0) {
            f.mixedTransposeVector(sn, sf);
            System.arraycopy(sf, 0, out, 0, mf);
        }
        if (kg > 0) {
            if (proxMovesFixed) {
                f.hessianVector(sn, hq);
            } else {
                java.util.Arrays.fill(hq, 0); // ∂θprox ignores the entries off S
            }
            double mu = constrained ? w[n] : 0;
            for (int i = 0; i < n; i++) {
                p[i] = free[i] ? -w[i] / step - mu * u[i] : hq[i] - w[i];
            }
            prox.vjpTheta(p, sg);
            System.arraycopy(sg, 0, out, mf, kg);
        }
    }

    @Override
    public Structure structureX() {
        return constrained ? Structure.SYMMETRIC : Structure.SYMMETRIC_POSITIVE_DEFINITE;
    }

    /** An independent condition on the same face, on forks of f and the prox (re-linearised there). */
    @Override
    public ReducedFaceCondition fork() {
        ReducedFaceCondition copy = new ReducedFaceCondition(f.fork(), prox.fork(), kg > 0, constrained);
        System.arraycopy(anchor, 0, copy.anchor, 0, n);
        System.arraycopy(vStar, 0, copy.vStar, 0, n);
        System.arraycopy(thetaG, 0, copy.thetaG, 0, thetaG.length);
        System.arraycopy(free, 0, copy.free, 0, n);
        System.arraycopy(freeIndex, 0, copy.freeIndex, 0, n);
        copy.freeCount = freeCount;
        System.arraycopy(u, 0, copy.u, 0, n);
        copy.step = step;
        copy.proxMovesFixed = proxMovesFixed;
        copy.prox.linearize(vStar, thetaG, step);
        return copy;
    }
}
