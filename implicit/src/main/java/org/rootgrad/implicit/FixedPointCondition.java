package org.rootgrad.implicit;

import org.rootgrad.implicit.linear.Structure;

/** F(x, θ) = T(x, θ) − x: products of F are those of T minus the identity in x. */
final class FixedPointCondition implements RootFunction {
    private final FixedPointMap t;

    FixedPointCondition(FixedPointMap t) {
        this.t = t;
    }

    @Override
    public int dimension() {
        return t.dimension();
    }

    @Override
    public int parameterDimension() {
        return t.parameterDimension();
    }

    @Override
    public void evaluate(double[] x, double[] theta, double[] out) {
        t.apply(x, theta, out);
        for (int i = 0; i < out.length; i++) {
            out[i] -= x[i];
        }
    }

    @Override
    public void linearize(double[] x, double[] theta) {
        t.linearize(x, theta);
    }

    @Override
    public void jvpX(double[] v, double[] out) {
        t.jvpX(v, out);
        for (int i = 0; i < out.length; i++) {
            out[i] -= v[i];
        }
    }

    @Override
    public void vjpX(double[] w, double[] out) {
        t.vjpX(w, out);
        for (int i = 0; i < out.length; i++) {
            out[i] -= w[i];
        }
    }

    @Override
    public void jvpTheta(double[] u, double[] out) {
        t.jvpTheta(u, out);
    }

    @Override
    public void vjpTheta(double[] w, double[] out) {
        t.vjpTheta(w, out);
    }

    /**
     * ∂ₓT − I keeps T's symmetry but not its definiteness in general (for a gradient step it is
     * −η·H, negative definite): only symmetry is claimed, so MINRES or GMRES is chosen.
     */
    @Override
    public Structure structureX() {
        return t.structureX().isSymmetric() ? Structure.SYMMETRIC : Structure.GENERAL;
    }

    @Override
    public RootFunction fork() {
        return new FixedPointCondition(t.fork());
    }
}
