package org.rootgrad.solvers.constrained;

import org.rootgrad.autodiff.Objective;
import org.rootgrad.error.DimensionMismatchException;
import org.rootgrad.error.InvalidOptionException;
import org.rootgrad.implicit.RootFunction;
import org.rootgrad.implicit.linear.Structure;

/**
 * The Karush–Kuhn–Tucker conditions of min f(x, θ) s.t. h(x, θ) = 0, g(x, θ) ≤ 0 as a root
 * function F(z, θ) on z = (x, ν, λ) ∈ Rⁿ⁺ᵖ⁺ᵠ (x first, then the p equality multipliers ν, then
 * the q inequality multipliers λ), so that the implicit module differentiates any solution
 * z*(θ), however it was found:
 * <pre>
 *   F₁ = ∇ₓf + Jₕᵀν + J_gᵀλ          (stationarity, n rows)
 *   F₂ = h(x, θ)                     (primal feasibility, p rows)
 *   F₃ = λ∘g(x, θ)                   (complementary slackness, q rows; see {@link Complementarity})
 * </pre>
 * <b>Second derivatives.</b> ∂ₓF₁ is the Hessian of the Lagrangian,
 * ∇²f + Σᵢνᵢ∇²hᵢ + Σⱼλⱼ∇²gⱼ: the objective's Hessian-vector product plus each constraint set's
 * {@link Constraints#curvatureVector} along its multipliers (the tape's second-order sweep for
 * recorded constraints; nothing for affine ones, the common case). ∂θF₁ likewise takes the
 * objective's mixed product plus the constraints' mixed curvature. No product materialises a
 * matrix.
 *
 * <p><b>Structure.</b> With {@link Complementarity#ACTIVE_SET} the Jacobian is symmetric
 * (indefinite): MINRES, which {@link org.rootgrad.implicit.ImplicitDiff} picks from
 * {@link #structureX()}. With {@link Complementarity#PRODUCT} it is general: GMRES. Without
 * inequalities both are the symmetric equality-constrained KKT matrix.
 *
 * <p>Parameters: θ is shared by the objective and the constraints; each has either the full m
 * parameters or none.
 *
 * <p>Threading: per thread, like the objective and constraints it holds; {@link #fork()} forks
 * them all.
 */
public final class KktConditions implements RootFunction {
    private static final double[] EMPTY = new double[0];

    private final Objective f;
    private final Constraints h;
    private final Constraints g;
    private final Complementarity complementarity;
    private final int n;
    private final int p;
    private final int q;
    private final int m;

    private final double[] x;
    private final double[] nu;
    private final double[] lambda;
    /** λ masked to the active set (ACTIVE_SET) or λ itself (PRODUCT): the curvature weights. */
    private final double[] weights;
    private final double[] gValue;
    private final boolean[] active;
    private final double[] sn;
    private final double[] sn2;
    private final double[] hv;
    private final double[] sp;
    private final double[] sq;
    private final double[] sq2;
    private final double[] sm;

    private KktConditions(Builder b) {
        this.f = b.f;
        this.h = b.h;
        this.g = b.g;
        this.complementarity = b.complementarity;
        this.n = f.dimension();
        this.p = h == null ? 0 : h.count();
        this.q = g == null ? 0 : g.count();
        int params = f.parameterDimension();
        params = Math.max(params, h == null ? 0 : h.parameterDimension());
        params = Math.max(params, g == null ? 0 : g.parameterDimension());
        this.m = params;
        checkParameters("objective", f.parameterDimension());
        if (h != null) {
            RecordedConstraints.checkSizes("equality constraints", h, n);
            checkParameters("equality constraints", h.parameterDimension());
        }
        if (g != null) {
            RecordedConstraints.checkSizes("inequality constraints", g, n);
            checkParameters("inequality constraints", g.parameterDimension());
        }
        this.x = new double[n];
        this.nu = new double[p];
        this.lambda = new double[q];
        this.weights = new double[q];
        this.gValue = new double[q];
        this.active = new boolean[q];
        this.sn = new double[n];
        this.sn2 = new double[n];
        this.hv = new double[n];
        this.sp = new double[p];
        this.sq = new double[q];
        this.sq2 = new double[q];
        this.sm = new double[m];
    }

    private void checkParameters(String what, int k) {
        if (k != 0 && k != m) {
            throw new DimensionMismatchException(what + " take " + k
                    + " parameters but another part takes " + m + "; each takes all of θ or none");
        }
    }

    /** A builder for the KKT conditions of minimising {@code f}. */
    public static Builder builder(Objective f) {
        if (f == null) {
            throw new DimensionMismatchException("objective is null");
        }
        return new Builder(f);
    }

    /** n, the number of primal variables (z's first block). */
    public int primalDimension() {
        return n;
    }

    /** p, the number of equality constraints (multipliers ν follow x in z). */
    public int equalityCount() {
        return p;
    }

    /** q, the number of inequality constraints (multipliers λ close z). */
    public int inequalityCount() {
        return q;
    }

    public Complementarity complementarity() {
        return complementarity;
    }

    /**
     * Whether inequality j is active at the last linearisation point (λⱼ &gt; −gⱼ); for
     * {@link Complementarity#PRODUCT} the same rule, for information.
     */
    public boolean isActive(int j) {
        return active[j];
    }

    @Override
    public int dimension() {
        return n + p + q;
    }

    @Override
    public int parameterDimension() {
        return m;
    }

    private static double[] thetaFor(int k, double[] theta) {
        return k == 0 ? EMPTY : theta;
    }

    private void split(double[] z) {
        System.arraycopy(z, 0, x, 0, n);
        System.arraycopy(z, n, nu, 0, p);
        System.arraycopy(z, n + p, lambda, 0, q);
    }

    /** Active set and curvature weights from λ and g(x) (gValue must hold g(x, θ)). */
    private void classify() {
        for (int j = 0; j < q; j++) {
            active[j] = lambda[j] > -gValue[j];
            weights[j] = complementarity == Complementarity.PRODUCT || active[j] ? lambda[j] : 0;
        }
    }

    @Override
    public void evaluate(double[] z, double[] theta, double[] out) {
        split(z);
        f.gradient(x, thetaFor(f.parameterDimension(), theta), sn);
        if (p > 0) {
            h.valueAndVjpX(x, thetaFor(h.parameterDimension(), theta), nu, sp, sn2);
            add(sn2, sn);
            System.arraycopy(sp, 0, out, n, p);
        }
        if (q > 0) {
            double[] tg = thetaFor(g.parameterDimension(), theta);
            // the active set of this point, kept apart from the linearisation point's
            g.evaluate(x, tg, sq);
            for (int j = 0; j < q; j++) {
                boolean on = lambda[j] > -sq[j];
                sq2[j] = complementarity == Complementarity.PRODUCT || on ? lambda[j] : 0;
                out[n + p + j] = complementarity == Complementarity.PRODUCT ? lambda[j] * sq[j]
                        : on ? sq[j] : lambda[j];
            }
            g.valueAndVjpX(x, tg, sq2, sq, sn2);
            add(sn2, sn);
        }
        System.arraycopy(sn, 0, out, 0, n);
    }

    @Override
    public void linearize(double[] z, double[] theta) {
        split(z);
        f.linearize(x, thetaFor(f.parameterDimension(), theta));
        if (p > 0) {
            h.linearize(x, thetaFor(h.parameterDimension(), theta));
        }
        if (q > 0) {
            double[] tg = thetaFor(g.parameterDimension(), theta);
            g.evaluate(x, tg, gValue);
            classify();
            g.linearize(x, tg);
        }
    }

    private static void add(double[] from, double[] to) {
        for (int i = 0; i < to.length; i++) {
            to[i] += from[i];
        }
    }

    /** sn ← (∇²f + Σνᵢ∇²hᵢ + Σwⱼ∇²gⱼ) v. */
    private void lagrangianHessian(double[] v, double[] out) {
        f.hessianVector(v, out);
        if (p > 0 && !h.isAffineInX()) {
            h.curvatureVector(nu, v, sn2);
            add(sn2, out);
        }
        if (q > 0 && !g.isAffineInX()) {
            g.curvatureVector(weights, v, sn2);
            add(sn2, out);
        }
    }

    @Override
    public void jvpX(double[] v, double[] out) {
        System.arraycopy(v, 0, sn, 0, n);
        lagrangianHessian(sn, hv);
        System.arraycopy(hv, 0, out, 0, n);
        if (p > 0) {
            System.arraycopy(v, n, sp, 0, p);
            h.vjpX(sp, sn2);
            for (int i = 0; i < n; i++) {
                out[i] += sn2[i];
            }
            h.jvpX(sn, sp);
            System.arraycopy(sp, 0, out, n, p);
        }
        if (q > 0) {
            for (int j = 0; j < q; j++) {
                double vl = v[n + p + j];
                sq[j] = complementarity == Complementarity.PRODUCT || active[j] ? vl : 0;
            }
            g.vjpX(sq, sn2);
            for (int i = 0; i < n; i++) {
                out[i] += sn2[i];
            }
            g.jvpX(sn, sq);
            for (int j = 0; j < q; j++) {
                double vl = v[n + p + j];
                out[n + p + j] = complementarity == Complementarity.PRODUCT
                        ? lambda[j] * sq[j] + gValue[j] * vl
                        : active[j] ? sq[j] : vl;
            }
        }
    }

    @Override
    public void vjpX(double[] w, double[] out) {
        // ∂ₓF₁ is symmetric (a Hessian); its transpose acts on w₁ alike
        System.arraycopy(w, 0, sn, 0, n);
        lagrangianHessian(sn, hv);
        System.arraycopy(hv, 0, out, 0, n);
        if (p > 0) {
            System.arraycopy(w, n, sp, 0, p);
            h.vjpX(sp, sn2);
            for (int i = 0; i < n; i++) {
                out[i] += sn2[i];
            }
            h.jvpX(sn, sp);
            System.arraycopy(sp, 0, out, n, p);
        }
        if (q > 0) {
            for (int j = 0; j < q; j++) {
                double wl = w[n + p + j];
                sq[j] = complementarity == Complementarity.PRODUCT ? lambda[j] * wl : active[j] ? wl : 0;
            }
            g.vjpX(sq, sn2);
            for (int i = 0; i < n; i++) {
                out[i] += sn2[i];
            }
            g.jvpX(sn, sq);
            for (int j = 0; j < q; j++) {
                double wl = w[n + p + j];
                out[n + p + j] = complementarity == Complementarity.PRODUCT
                        ? sq[j] + gValue[j] * wl
                        : active[j] ? sq[j] : wl;
            }
        }
    }

    @Override
    public void jvpTheta(double[] u, double[] out) {
        java.util.Arrays.fill(out, 0);
        if (f.parameterDimension() > 0) {
            f.mixedVector(u, sn);
            System.arraycopy(sn, 0, out, 0, n);
        }
        if (p > 0 && h.parameterDimension() > 0) {
            h.mixedCurvatureVector(nu, u, sn);
            for (int i = 0; i < n; i++) {
                out[i] += sn[i];
            }
            h.jvpTheta(u, sp);
            System.arraycopy(sp, 0, out, n, p);
        }
        if (q > 0 && g.parameterDimension() > 0) {
            g.mixedCurvatureVector(weights, u, sn);
            for (int i = 0; i < n; i++) {
                out[i] += sn[i];
            }
            g.jvpTheta(u, sq);
            for (int j = 0; j < q; j++) {
                out[n + p + j] = complementarity == Complementarity.PRODUCT ? lambda[j] * sq[j]
                        : active[j] ? sq[j] : 0;
            }
        }
    }

    @Override
    public void vjpTheta(double[] w, double[] out) {
        java.util.Arrays.fill(out, 0);
        System.arraycopy(w, 0, sn, 0, n);
        if (f.parameterDimension() > 0) {
            f.mixedTransposeVector(sn, out);
        }
        if (p > 0 && h.parameterDimension() > 0) {
            h.mixedCurvatureTransposeVector(nu, sn, sm);
            add(sm, out);
            System.arraycopy(w, n, sp, 0, p);
            h.vjpTheta(sp, sm);
            add(sm, out);
        }
        if (q > 0 && g.parameterDimension() > 0) {
            g.mixedCurvatureTransposeVector(weights, sn, sm);
            add(sm, out);
            for (int j = 0; j < q; j++) {
                double wl = w[n + p + j];
                sq2[j] = complementarity == Complementarity.PRODUCT ? lambda[j] * wl : active[j] ? wl : 0;
            }
            g.vjpTheta(sq2, sm);
            add(sm, out);
        }
    }

    @Override
    public Structure structureX() {
        return q == 0 || complementarity == Complementarity.ACTIVE_SET ? Structure.SYMMETRIC : Structure.GENERAL;
    }

    @Override
    public KktConditions fork() {
        Builder b = new Builder(f.fork());
        b.h = h == null ? null : h.fork();
        b.g = g == null ? null : g.fork();
        b.complementarity = complementarity;
        return new KktConditions(b);
    }

    /** Builder of {@link KktConditions}; not thread-safe. */
    public static final class Builder {
        private final Objective f;
        private Constraints h;
        private Constraints g;
        private Complementarity complementarity = Complementarity.ACTIVE_SET;

        private Builder(Objective f) {
            this.f = f;
        }

        /** Equality constraints h(x, θ) = 0 (none by default). */
        public Builder equalities(Constraints value) {
            this.h = value;
            return this;
        }

        /** Inequality constraints g(x, θ) ≤ 0 (none by default). */
        public Builder inequalities(Constraints value) {
            this.g = value;
            return this;
        }

        /** The complementarity form (default {@link Complementarity#ACTIVE_SET}: symmetric, MINRES). */
        public Builder complementarity(Complementarity value) {
            if (value == null) {
                throw new InvalidOptionException("complementarity must not be null");
            }
            this.complementarity = value;
            return this;
        }

        /**
         * The conditions.
         *
         * @throws DimensionMismatchException if a constraint set acts on another number of
         *         variables than the objective, or takes a different number of parameters
         */
        public KktConditions build() {
            return new KktConditions(this);
        }
    }
}
