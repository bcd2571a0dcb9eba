package org.rootgrad.solvers;

import org.rootgrad.autodiff.Objective;
import org.rootgrad.engine.ArrayKernels;
import org.rootgrad.error.Checks;
import org.rootgrad.implicit.FixedPointMap;
import org.rootgrad.implicit.linear.Structure;

/**
 * One step of entropic mirror descent (exponentiated gradient) on the simplex {x ≥ 0, Σx = s}:
 * T(x, θ) = s·x∘e/⟨x, e⟩ with e = exp(−η(∇ₓf(x, θ) − c)); the shift c = min ∇f cancels and only
 * keeps e ≤ 1. Its fixed points on the simplex are the minimisers of f there.
 *
 * <p>With S = ⟨x, e⟩, T the step's output and J_s = diag(T) − TTᵀ/s:
 * ∂ₓT·v = (s/S)e∘v − T⟨e, v⟩/S − ηJ_s Hv and ∂θT·u = −ηJ_s Mu (H, M: f's Hessian and mixed
 * products), so no 1/x appears and coordinates at zero stay well defined: there
 * ∂ₓTᵢᵢ = sEᵢ/S &lt; 1 for a strictly inactive coordinate, and F = T − x has an invertible Jacobian
 * under strict complementarity. Not thread-safe.
 */
final class EntropicMirrorStep implements FixedPointMap {
    private static final ArrayKernels K = ArrayKernels.active();

    private final Objective f;
    private final double total;
    private final int n;
    private double step;
    private final double[] g;
    private final double[] e;
    private final double[] t;
    private final double[] a;
    private final double[] b;
    private double sum;

    EntropicMirrorStep(Objective f, double total, double step) {
        this.f = f;
        this.total = total;
        this.n = f.dimension();
        this.step = step;
        this.g = new double[n];
        this.e = new double[n];
        this.t = new double[n];
        this.a = new double[n];
        this.b = new double[n];
    }

    double step() {
        return step;
    }

    void setStep(double value) {
        step = value;
    }

    /**
     * e ← exp(−η(g − min g)), out ← s·x∘e/⟨x, e⟩; returns ⟨x, e⟩. The kernel for the solver too.
     */
    static double apply(int n, double total, double eta, double[] x, double[] grad, double[] e, double[] out) {
        double min = Double.POSITIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            min = Math.min(min, grad[i]);
        }
        for (int i = 0; i < n; i++) {
            e[i] = -eta * (grad[i] - min);
        }
        K.exp(n, e, 0, e, 0);
        double s = K.dot(n, x, 0, e, 0);
        double scale = total / s;
        for (int i = 0; i < n; i++) {
            out[i] = scale * x[i] * e[i];
        }
        return s;
    }

    @Override
    public int dimension() {
        return n;
    }

    @Override
    public int parameterDimension() {
        return f.parameterDimension();
    }

    @Override
    public void apply(double[] x, double[] theta, double[] out) {
        Checks.length("x", x, n);
        Checks.length("out", out, n);
        f.valueAndGradient(x, theta, g);
        apply(n, total, step, x, g, e, out);
    }

    @Override
    public void linearize(double[] x, double[] theta) {
        Checks.length("x", x, n);
        f.valueAndGradient(x, theta, g);
        sum = apply(n, total, step, x, g, e, t);
        f.linearize(x, theta);
    }

    /** out ← J_s·h = T∘h − T⟨T, h⟩/s. */
    private void softmaxJacobian(double[] h, double[] out) {
        double c = K.dot(n, t, 0, h, 0) / total;
        for (int i = 0; i < n; i++) {
            out[i] = t[i] * (h[i] - c);
        }
    }

    @Override
    public void jvpX(double[] v, double[] out) {
        f.hessianVector(v, a);
        K.scal(n, -step, a, 0);
        softmaxJacobian(a, b);
        double c = K.dot(n, e, 0, v, 0) / sum;
        double scale = total / sum;
        for (int i = 0; i < n; i++) {
            out[i] = scale * e[i] * v[i] - t[i] * c + b[i];
        }
    }

    @Override
    public void vjpX(double[] w, double[] out) {
        softmaxJacobian(w, a);
        f.hessianVector(a, b);
        double c = K.dot(n, t, 0, w, 0) / sum;
        double scale = total / sum;
        for (int i = 0; i < n; i++) {
            out[i] = scale * e[i] * w[i] - e[i] * c - step * b[i];
        }
    }

    @Override
    public void jvpTheta(double[] u, double[] out) {
        f.mixedVector(u, a);
        K.scal(n, -step, a, 0);
        softmaxJacobian(a, out);
    }

    @Override
    public void vjpTheta(double[] w, double[] out) {
        softmaxJacobian(w, a);
        f.mixedTransposeVector(a, out);
        K.scal(out.length, -step, out, 0);
    }

    @Override
    public Structure structureX() {
        return Structure.GENERAL;
    }

    @Override
    public EntropicMirrorStep fork() {
        return new EntropicMirrorStep(f.fork(), total, step);
    }
}
