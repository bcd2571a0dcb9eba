package org.rootgrad.implicit;

import org.rootgrad.autodiff.Function;
import org.rootgrad.autodiff.Workspace;
import org.rootgrad.error.DimensionMismatchException;
import org.rootgrad.implicit.linear.Structure;

/** T(x, θ) recorded on a tape, θ packed from one or more inputs; products as {@link TapeRootFunction}. */
final class TapeFixedPointMap implements FixedPointMap {
    private final TapeBinding binding;
    private final Structure structure;
    private final Workspace evaluation;
    private final Workspace linearization;

    TapeFixedPointMap(Function t, Structure structure, int x, int[] theta) {
        this(new TapeBinding("FixedPointMap.fromTape", t, x, theta), structure);
        if (t.outputSize() != binding.n) {
            throw new DimensionMismatchException("FixedPointMap.fromTape: T has " + t.outputSize()
                    + " outputs but x (input " + x + ") has " + binding.n + "; T(x, θ) must be as long as x");
        }
        if (structure == null) {
            throw new DimensionMismatchException("FixedPointMap.fromTape: structure is null");
        }
    }

    private TapeFixedPointMap(TapeBinding binding, Structure structure) {
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

    @Override
    public void apply(double[] x, double[] theta, double[] out) {
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
    public FixedPointMap fork() {
        return new TapeFixedPointMap(binding.fork(), structure);
    }

    @Override
    public String toString() {
        return "FixedPointMap[" + binding + "]";
    }
}
