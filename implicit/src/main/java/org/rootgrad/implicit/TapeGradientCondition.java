package org.rootgrad.implicit;

import org.rootgrad.autodiff.Function;
import org.rootgrad.autodiff.Workspace;
import org.rootgrad.error.DimensionMismatchException;
import org.rootgrad.implicit.linear.Structure;

/**
 * F = ∇ₓf for a scalar f(x, θ) recorded on a tape, with θ packed from one or more inputs (a
 * regularisation strength, a data matrix, targets): A = ∇²ₓₓf by one second-order sweep per
 * product, B = ∇²ₓθf by one second-order sweep per non-zero θ part (JVP) or per part (VJP).
 */
final class TapeGradientCondition implements RootFunction {
    private final TapeBinding binding;
    private final Workspace evaluation;
    private final Workspace linearization;

    TapeGradientCondition(Function f, int x, int[] theta) {
        this(new TapeBinding("RootFunction.gradientOf", f, x, theta));
        if (f.outputSize() != 1) {
            throw new DimensionMismatchException("RootFunction.gradientOf: f has " + f.outputSize()
                    + " outputs; a gradient condition needs a scalar objective");
        }
    }

    private TapeGradientCondition(TapeBinding binding) {
        this.binding = binding;
        this.evaluation = binding.f.newWorkspace();
        this.linearization = binding.f.newWorkspace();
    }

    @Override
    public int dimension() {
        return binding.n;
    }

    @Override
    public int parameterDimension() {
        return binding.m;
    }

    @Override
    public void evaluate(double[] x, double[] theta, double[] out) {
        binding.set(evaluation, x, theta);
        binding.f.gradient(evaluation, binding.x, out);
    }

    @Override
    public void linearize(double[] x, double[] theta) {
        binding.set(linearization, x, theta);
    }

    @Override
    public void jvpX(double[] v, double[] out) {
        binding.f.hessianVector(linearization, binding.x, v, out);
    }

    @Override
    public void vjpX(double[] w, double[] out) {
        binding.f.hessianVector(linearization, binding.x, w, out); // the Hessian is symmetric
    }

    @Override
    public void jvpTheta(double[] u, double[] out) {
        binding.mixedTheta(linearization, u, out);
    }

    @Override
    public void vjpTheta(double[] w, double[] out) {
        binding.mixedTransposeTheta(linearization, w, out);
    }

    @Override
    public Structure structureX() {
        return Structure.SYMMETRIC_POSITIVE_DEFINITE;
    }

    @Override
    public RootFunction fork() {
        return new TapeGradientCondition(binding.fork());
    }

    @Override
    public String toString() {
        return "∇ₓf[" + binding + "]";
    }
}
