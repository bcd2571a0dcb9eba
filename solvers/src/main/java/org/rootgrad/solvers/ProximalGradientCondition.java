package org.rootgrad.solvers;

import org.rootgrad.autodiff.Objective;
import org.rootgrad.engine.ArrayKernels;
import org.rootgrad.error.Checks;
import org.rootgrad.error.DimensionMismatchException;
import org.rootgrad.implicit.RootFunction;
import org.rootgrad.implicit.linear.Structure;
import org.rootgrad.solvers.prox.Prox;

/**
 * The optimality condition of min f(x, θ_f) + g(x, θ_g) at a fixed step η &gt; 0:
 * <pre>
 *   F(x, θ) = prox_{ηg}(x − η∇ₓf(x, θ_f), θ_g) − x,     θ = (θ_f, θ_g) concatenated,
 * </pre>
 * whose roots are exactly the minimisers for every η (for convex f and g). With z = x − η∇ₓf,
 * J = ∂ᵥprox(z), P = ∂θprox(z), H = ∇²ₓₓf and M = ∇²ₓθf at the linearisation point, its four
 * products are
 * <ul>
 *   <li>∂ₓF·v = J(v − ηHv) − v, and (∂ₓF)ᵀw = (I − ηH)Jᵀw − w (H is symmetric);</li>
 *   <li>∂θF·(u_f, u_g) = −ηJMu_f + Pu_g, and (∂θF)ᵀw = (−ηMᵀJᵀw, Pᵀw),</li>
 * </ul>
 * one Hessian or mixed product of f and one prox product each. ∂ₓF is not symmetric in general
 * (J and H do not commute), so it is tagged {@link Structure#GENERAL} and GMRES is chosen.
 *
 * <p>The step only scales the linear systems (for the lasso, ∂ₓF is −ηH on the support and −I
 * off it), so any η of the order of 1/L conditions them well; the solvers that own one set it to
 * the step of their last run. Not thread-safe (it holds f, the prox and their linearisation
 * points): {@link #fork()} for another thread.
 */
public final class ProximalGradientCondition implements RootFunction {
    private static final ArrayKernels K = ArrayKernels.active();

    private final Objective f;
    private final Prox prox;
    private final int n;
    private final int mf;
    private final int k;
    private double step;
    private final double[] thetaF;
    private final double[] thetaG;
    private final double[] z;
    private final double[] t1;
    private final double[] t2;
    private final double[] scratchF;
    private final double[] scratchG;

    private ProximalGradientCondition(Objective f, Prox prox, double step) {
        this.f = f;
        this.prox = prox;
        this.n = f.dimension();
        this.mf = f.parameterDimension();
        this.k = prox.parameterDimension();
        this.step = step;
        this.thetaF = new double[mf];
        this.thetaG = new double[k];
        this.z = new double[n];
        this.t1 = new double[n];
        this.t2 = new double[n];
        this.scratchF = new double[mf];
        this.scratchG = new double[k];
    }

    /**
     * F(x, θ) = prox_{ηg}(x − η∇ₓf(x, θ_f), θ_g) − x for f and the prox of g (both held, not
     * copied: fork them first if they are used elsewhere).
     *
     * @throws DimensionMismatchException if f or prox is null or their dimensions differ
     * @throws org.rootgrad.error.InvalidOptionException if η is not positive and finite
     */
    public static ProximalGradientCondition of(Objective f, Prox prox, double step) {
        checkProblem(f, prox);
        Checks.positive("step η", step);
        return new ProximalGradientCondition(f, prox, step);
    }

    static void checkProblem(Objective f, Prox prox) {
        if (f == null) {
            throw new DimensionMismatchException("objective f is null");
        }
        if (prox == null) {
            throw new DimensionMismatchException("prox is null");
        }
        if (prox.dimension() != f.dimension()) {
            throw new DimensionMismatchException("prox dimension " + prox.dimension()
                    + " differs from the objective's dimension " + f.dimension());
        }
    }

    /** The step η at which F is taken. */
    public double step() {
        return step;
    }

    /** Sets η (for the solver that owns this condition: the step of its last run). */
    void setStep(double value) {
        this.step = value;
    }

    @Override
    public int dimension() {
        return n;
    }

    /** m = m_f + k: θ_f first, then θ_g. */
    @Override
    public int parameterDimension() {
        return mf + k;
    }

    private void split(double[] theta) {
        Checks.length("theta", theta, mf + k);
        System.arraycopy(theta, 0, thetaF, 0, mf);
        System.arraycopy(theta, mf, thetaG, 0, k);
    }

    @Override
    public void evaluate(double[] x, double[] theta, double[] out) {
        Checks.length("x", x, n);
        Checks.length("out", out, n);
        split(theta);
        f.valueAndGradient(x, thetaF, t1);
        for (int i = 0; i < n; i++) {
            z[i] = x[i] - step * t1[i];
        }
        prox.apply(z, thetaG, step, out);
        K.axpy(n, -1.0, x, 0, out, 0);
    }

    @Override
    public void linearize(double[] x, double[] theta) {
        Checks.length("x", x, n);
        split(theta);
        f.valueAndGradient(x, thetaF, t1);
        for (int i = 0; i < n; i++) {
            z[i] = x[i] - step * t1[i];
        }
        f.linearize(x, thetaF);
        prox.linearize(z, thetaG, step);
    }

    @Override
    public void jvpX(double[] v, double[] out) {
        f.hessianVector(v, t1);
        for (int i = 0; i < n; i++) {
            t1[i] = v[i] - step * t1[i];
        }
        prox.jvpV(t1, out);
        K.axpy(n, -1.0, v, 0, out, 0);
    }

    @Override
    public void vjpX(double[] w, double[] out) {
        prox.vjpV(w, t1);
        f.hessianVector(t1, t2);
        for (int i = 0; i < n; i++) {
            out[i] = t1[i] - step * t2[i] - w[i];
        }
    }

    @Override
    public void jvpTheta(double[] u, double[] out) {
        Checks.length("u", u, mf + k);
        Checks.length("out", out, n);
        if (mf > 0) {
            System.arraycopy(u, 0, scratchF, 0, mf);
            f.mixedVector(scratchF, t1);
            K.scal(n, -step, t1, 0);
            prox.jvpV(t1, out);
        } else {
            K.fill(n, 0.0, out, 0);
        }
        if (k > 0) {
            System.arraycopy(u, mf, scratchG, 0, k);
            prox.jvpTheta(scratchG, t2);
            K.axpy(n, 1.0, t2, 0, out, 0);
        }
    }

    @Override
    public void vjpTheta(double[] w, double[] out) {
        Checks.length("w", w, n);
        Checks.length("out", out, mf + k);
        if (mf > 0) {
            prox.vjpV(w, t1);
            f.mixedTransposeVector(t1, scratchF);
            for (int j = 0; j < mf; j++) {
                out[j] = -step * scratchF[j];
            }
        }
        if (k > 0) {
            prox.vjpTheta(w, scratchG);
            System.arraycopy(scratchG, 0, out, mf, k);
        }
    }

    @Override
    public Structure structureX() {
        return Structure.GENERAL;
    }

    /** An independent condition at the same step, on forks of f and the prox. */
    @Override
    public ProximalGradientCondition fork() {
        return new ProximalGradientCondition(f.fork(), prox.fork(), step);
    }
}
