package org.rootgrad.solvers.testing;

import org.rootgrad.solvers.projection.Projection;
import org.rootgrad.solvers.prox.Prox;

/** A test-side view of a projection, or a prox at a fixed step, as a map (v, θ) ↦ out. */
public interface Differentiable {
    int n();

    int k();

    void value(double[] v, double[] theta, double[] out);

    void linearize(double[] v, double[] theta);

    void jvpV(double[] dv, double[] out);

    void vjpV(double[] w, double[] out);

    void jvpTheta(double[] dTheta, double[] out);

    void vjpTheta(double[] w, double[] out);

    static Differentiable of(Projection p) {
        return new Differentiable() {
            @Override public int n() { return p.dimension(); }
            @Override public int k() { return p.parameterDimension(); }
            @Override public void value(double[] v, double[] theta, double[] out) { p.project(v, theta, out); }
            @Override public void linearize(double[] v, double[] theta) { p.linearize(v, theta); }
            @Override public void jvpV(double[] dv, double[] out) { p.jvpV(dv, out); }
            @Override public void vjpV(double[] w, double[] out) { p.vjpV(w, out); }
            @Override public void jvpTheta(double[] dTheta, double[] out) { p.jvpTheta(dTheta, out); }
            @Override public void vjpTheta(double[] w, double[] out) { p.vjpTheta(w, out); }
        };
    }

    static Differentiable of(Prox p, double step) {
        return new Differentiable() {
            @Override public int n() { return p.dimension(); }
            @Override public int k() { return p.parameterDimension(); }
            @Override public void value(double[] v, double[] theta, double[] out) { p.apply(v, theta, step, out); }
            @Override public void linearize(double[] v, double[] theta) { p.linearize(v, theta, step); }
            @Override public void jvpV(double[] dv, double[] out) { p.jvpV(dv, out); }
            @Override public void vjpV(double[] w, double[] out) { p.vjpV(w, out); }
            @Override public void jvpTheta(double[] dTheta, double[] out) { p.jvpTheta(dTheta, out); }
            @Override public void vjpTheta(double[] w, double[] out) { p.vjpTheta(w, out); }
        };
    }
}
