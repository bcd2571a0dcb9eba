package org.rootgrad.implicit;

import org.rootgrad.autodiff.Function;
import org.rootgrad.autodiff.Workspace;
import org.rootgrad.error.DimensionMismatchException;
import org.rootgrad.implicit.linear.Structure;

/**
 * F(x, θ) recorded on a tape, with θ packed from one or more inputs: values in one workspace,
 * products in another that holds the linearisation point (so evaluating elsewhere never moves
 * it). A ∂ₓ product is one tangent sweep (JVP) or reverse sweep (VJP); a ∂θ JVP is one tangent
 * sweep per non-zero θ part; a ∂θ VJP is one reverse sweep for all parts.
 */
final class TapeRootFunction implements RootFunction {
    private final TapeBinding binding;
    private final Structure structure;
    private final Workspace evaluation;
    private final Workspace linearization;

    TapeRootFunction(Function f, Structure structure, int x, int[] theta) {
        this(new TapeBinding("RootFunction.fromTape", f, x, theta), structure);
        if (f.outputSize() != binding.n) {
            throw new DimensionMismatchException("RootFunction.fromTape: F has " + f.outputSize()
                    + " outputs but x (input " + x + ") has " + binding.n + "; F(x, θ) must be as long as x");
        }
        if (structure == null) {
            throw new DimensionMismatchException("RootFunction.fromTape: structure is null");
        }
    }

    private TapeRootFunction(TapeBinding binding, Structure structure) {
        this.binding = binding;
        this.structure = structure;
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

    /** The θ layout (the order of the θ inputs). */
    ParameterLayout layout() {
        return binding.layout;
    }

    @Override
    public void evaluate(double[] x, double[] theta, double[] out) {
        binding.set(evaluation, x, theta);
        binding.f.value(evaluation, out);
    }

    @Override
    public void linearize(double[] x, double[] theta) {
        binding.set(linearization, x, theta);
    }

    @Override
    public void jvpX(double[] v, double[] out) {
        binding.f.jvp(linearization, binding.x, v, out);
    }

    @Override
    public void vjpX(double[] w, double[] out) {
        binding.f.vjp(linearization, w, binding.x, out);
    }

    @Override
    public void jvpTheta(double[] u, double[] out) {
        binding.jvpTheta(linearization, u, out);
    }

    @Override
    public void vjpTheta(double[] w, double[] out) {
        binding.vjpTheta(linearization, w, out);
    }

    @Override
    public Structure structureX() {
        return structure;
    }

    @Override
    public RootFunction fork() {
        return new TapeRootFunction(binding.fork(), structure);
    }

    @Override
    public String toString() {
        return "RootFunction[" + binding + "]";
    }
}
