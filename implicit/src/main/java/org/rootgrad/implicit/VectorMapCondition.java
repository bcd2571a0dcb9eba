package org.rootgrad.implicit;

import org.rootgrad.autodiff.VectorMap;
import org.rootgrad.implicit.linear.Structure;

/** F(x, θ) from the autodiff module's {@link VectorMap} (one θ input, or none). */
final class VectorMapCondition implements RootFunction {
    private final VectorMap map;
    private final Structure structure;

    VectorMapCondition(VectorMap map, Structure structure) {
        this.map = map;
        this.structure = structure;
    }

    @Override
    public int dimension() {
        return map.dimension();
    }

    @Override
    public int parameterDimension() {
        return map.parameterDimension();
    }

    @Override
    public void evaluate(double[] x, double[] theta, double[] out) {
        map.evaluate(x, theta, out);
    }

    @Override
    public void linearize(double[] x, double[] theta) {
        map.linearize(x, theta);
    }

    @Override
    public void jvpX(double[] v, double[] out) {
        map.jvpX(v, out);
    }

    @Override
    public void vjpX(double[] w, double[] out) {
        map.vjpX(w, out);
    }

    @Override
    public void jvpTheta(double[] u, double[] out) {
        map.jvpTheta(u, out);
    }

    @Override
    public void vjpTheta(double[] w, double[] out) {
        map.vjpTheta(w, out);
    }

    @Override
    public Structure structureX() {
        return structure;
    }

    @Override
    public RootFunction fork() {
        return new VectorMapCondition(map.fork(), structure);
    }

    @Override
    public String toString() {
        return "RootFunction[" + map + "]";
    }
}
