package org.rootgrad.implicit;

import org.rootgrad.autodiff.Objective;
import org.rootgrad.implicit.linear.Structure;

/**
 * T(x, θ) = x − η∇ₓf(x, θ), a gradient step: ∂ₓT = I − η∇²ₓₓf (symmetric), ∂θT = −η∇²ₓθf. Its
 * fixed points are the stationary points of f, and F = T − x = −η∇ₓf.
 */
final class GradientStep implements FixedPointMap {
    private final Objective f;
    private final double eta;

    GradientStep(Objective f, double eta) {
        this.f = f;
        this.eta = eta;
    }

    @Override
    public int dimension() {
        return f.dimension();
    }

    @Override
    public int parameterDimension() {
        return f.parameterDimension();
    }

    @Override
    public void apply(double[] x, double[] theta, double[] out) {
        f.gradient(x, theta, out);
        for (int i = 0; i < out.length; i++) {
            out[i] = x[i] - eta * out[i];
        }
    }

    @Override
    public void linearize(double[] x, double[] theta) {
        f.linearize(x, theta);
    }

    @Override
    public void jvpX(double[] v, double[] out) {
        f.hessianVector(v, out);
        for (int i = 0; i < out.length; i++) {
            out[i] = v[i] - eta * out[i];
        }
    }

    @Override
    public void vjpX(double[] w, double[] out) {
        jvpX(w, out); // symmetric
    }

    @Override
    public void jvpTheta(double[] u, double[] out) {
        f.mixedVector(u, out);
        for (int i = 0; i < out.length; i++) {
            out[i] *= -eta;
        }
    }

    @Override
    public void vjpTheta(double[] w, double[] out) {
        f.mixedTransposeVector(w, out);
        for (int i = 0; i < out.length; i++) {
            out[i] *= -eta;
        }
    }

    @Override
    public Structure structureX() {
        return Structure.SYMMETRIC;
    }

    @Override
    public FixedPointMap fork() {
        return new GradientStep(f.fork(), eta);
    }

    @Override
    public String toString() {
        return "x − " + eta + "·∇ₓf";
    }
}
