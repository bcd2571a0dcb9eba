package org.rootgrad.implicit;

import org.rootgrad.autodiff.Function;
import org.rootgrad.autodiff.Workspace;
import org.rootgrad.error.DimensionMismatchException;
import org.rootgrad.implicit.linear.Structure;

/**
 * A vector function V(x, θ) ∈ Rⁿ recorded on a tape, with θ packed from one or more inputs,
 * serving as a root condition F = V ({@link RootFunction#fromTape}) or as a fixed-point map
 * T = V ({@link FixedPointMap#fromTape}): the two interfaces differ only in the name of the value
 * method. Values are taken in one workspace and products in another that holds the
 * linearisation point (so evaluating elsewhere never moves it). A ∂ₓ product is one tangent
 * sweep (JVP) or reverse sweep (VJP); a ∂θ JVP is one tangent sweep per non-zero θ part; a ∂θ
 * VJP is one reverse sweep for all parts. Per thread; {@link #fork()} for another.
 */
final class TapeVectorFunction implements RootFunction, FixedPointMap {
    private final String kind;
    private final TapeBinding binding;
    private final Structure structure;
    private final Workspace evaluation;
    private final Workspace linearization;

    /**
     * @param kind "RootFunction" or "FixedPointMap", for messages
     * @throws DimensionMismatchException if V's output is not as long as x, or structure is null
     */
    static TapeVectorFunction of(String kind, Function v, Structure structure, int x, int[] theta) {
        TapeBinding binding = new TapeBinding(kind + ".fromTape", v, x, theta);
        if (v.outputSize() != binding.n) {
            throw new DimensionMismatchException(kind + ".fromTape: the function has " + v.outputSize()
                    + " outputs but x (input " + x + ") has " + binding.n + "; its value must be as long as x");
        }
        if (structure == null) {
            throw new DimensionMismatchException(kind + ".fromTape: structure is null");
        }
        return new TapeVectorFunction(kind, binding, structure);
    }

    private TapeVectorFunction(String kind, TapeBinding binding, Structure structure) {
        this.kind = kind;
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
    public void apply(double[] x, double[] theta, double[] out) {
        evaluate(x, theta, out);
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
    public TapeVectorFunction fork() {
        return new TapeVectorFunction(kind, binding.fork(), structure);
    }

    @Override
    public String toString() {
        return kind + "[" + binding + "]";
    }
}
