package org.rootgrad.implicit;

import org.rootgrad.autodiff.Objective;
import org.rootgrad.implicit.linear.Structure;

/** F = ∇ₓf: every product of F is a second-order product of the objective. */
final class GradientCondition implements RootFunction {
    private final Objective f;

    GradientCondition(Objective f) {
        this.f = f;
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
    public void evaluate(double[] x, double[] theta, double[] out) {
        f.gradient(x, theta, out);
    }

    @Override
    public void linearize(double[] x, double[] theta) {
        f.linearize(x, theta);
    }

    @Override
    public void jvpX(double[] v, double[] out) {
        f.hessianVector(v, out);
    }

    @Override
    public void vjpX(double[] w, double[] out) {
        f.hessianVector(w, out); // the Hessian is symmetric
    }

    @Override
    public boolean jacobianX(double[] out) {
        return f.hessian(out);
    }

    @Override
    public double jacobianXCost() {
        return f.hessianCost();
    }

    @Override
    public boolean approximateJacobianX(double[] out) {
        return f.singlePrecisionHessian(out);
    }

    @Override
    public double approximateJacobianXCost() {
        return f.singlePrecisionHessianCost();
    }

    @Override
    public void jvpTheta(double[] u, double[] out) {
        f.mixedVector(u, out);
    }

    @Override
    public void vjpTheta(double[] w, double[] out) {
        f.mixedTransposeVector(w, out);
    }

    @Override
    public Structure structureX() {
        return Structure.SYMMETRIC_POSITIVE_DEFINITE;
    }

    @Override
    public RootFunction fork() {
        return new GradientCondition(f.fork());
    }
}
