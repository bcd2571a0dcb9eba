package org.rootgrad.implicit;

import org.rootgrad.autodiff.VectorMap;
import org.rootgrad.error.DimensionMismatchException;
import org.rootgrad.implicit.linear.Structure;

/**
 * The autodiff module's {@link VectorMap} V(x, θ) (one θ input, or none) as a root condition
 * F = V ({@link RootFunction#fromVectorMap}) or a fixed-point map T = V
 * ({@link FixedPointMap#fromVectorMap}). Per thread, like the map; {@link #fork()} forks it.
 */
final class VectorMapFunction implements RootFunction, FixedPointMap {
    private final String kind;
    private final VectorMap map;
    private final Structure structure;

    /**
     * @param kind "RootFunction" or "FixedPointMap", for messages
     * @throws DimensionMismatchException if the map or the structure is null, or V is not as long as x
     */
    static VectorMapFunction of(String kind, VectorMap map, Structure structure) {
        if (map == null || structure == null) {
            throw new DimensionMismatchException(kind + ".fromVectorMap: "
                    + (map == null ? "vector map is null" : "structure is null"));
        }
        if (map.outputSize() != map.dimension()) {
            throw new DimensionMismatchException(kind + ".fromVectorMap: the vector map has " + map.outputSize()
                    + " outputs but x has " + map.dimension() + "; its value must be as long as x");
        }
        return new VectorMapFunction(kind, map, structure);
    }

    private VectorMapFunction(String kind, VectorMap map, Structure structure) {
        this.kind = kind;
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
    public void apply(double[] x, double[] theta, double[] out) {
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
    public VectorMapFunction fork() {
        return new VectorMapFunction(kind, map.fork(), structure);
    }

    @Override
    public String toString() {
        return kind + "[" + map + "]";
    }
}
