package org.rootgrad.solvers;

import org.rootgrad.autodiff.VectorMap;
import org.rootgrad.error.DimensionMismatchException;
import org.rootgrad.implicit.FixedPointMap;
import org.rootgrad.implicit.RootFunction;
import org.rootgrad.implicit.linear.Structure;

/**
 * Root functions and fixed-point maps recorded on a tape: adapters from an autodiff
 * {@link VectorMap} (a recorded F(x, θ) with JVPs and VJPs in x and θ) to the implicit module's
 * {@link RootFunction} and {@link FixedPointMap}, for {@link Broyden}, {@link Bisection},
 * {@link FixedPointIteration} and {@link AndersonAcceleration}.
 *
 * <p>Each adapter is per thread like its map; its {@code fork()} forks the map.
 */
public final class RecordedMaps {
    private RecordedMaps() {}

    /**
     * F(x, θ) = {@code f}(x, θ) as a root function.
     *
     * @param structure what is known of ∂ₓF at a root (GENERAL when unsure)
     * @throws DimensionMismatchException if f is null or its output size differs from n
     */
    public static RootFunction rootFunction(VectorMap f, Structure structure) {
        checkSquare(f);
        return new Root(f, structure == null ? Structure.GENERAL : structure);
    }

    /**
     * T(x, θ) = {@code t}(x, θ) as a fixed-point map.
     *
     * @param structure what is known of ∂ₓT (GENERAL when unsure)
     * @throws DimensionMismatchException if t is null or its output size differs from n
     */
    public static FixedPointMap fixedPointMap(VectorMap t, Structure structure) {
        checkSquare(t);
        return new FixedPoint(t, structure == null ? Structure.GENERAL : structure);
    }

    private static void checkSquare(VectorMap f) {
        if (f == null) {
            throw new DimensionMismatchException("map is null");
        }
        if (f.outputSize() != f.dimension()) {
            throw new DimensionMismatchException("the map takes x of " + f.dimension()
                    + " elements but returns " + f.outputSize() + "; a root or fixed-point map needs both equal");
        }
    }

    private record Root(VectorMap f, Structure structure) implements RootFunction {
        @Override public int dimension() { return f.dimension(); }
        @Override public int parameterDimension() { return f.parameterDimension(); }
        @Override public void evaluate(double[] x, double[] theta, double[] out) { f.evaluate(x, theta, out); }
        @Override public void linearize(double[] x, double[] theta) { f.linearize(x, theta); }
        @Override public void jvpX(double[] v, double[] out) { f.jvpX(v, out); }
        @Override public void vjpX(double[] w, double[] out) { f.vjpX(w, out); }
        @Override public void jvpTheta(double[] u, double[] out) { f.jvpTheta(u, out); }
        @Override public void vjpTheta(double[] w, double[] out) { f.vjpTheta(w, out); }
        @Override public Structure structureX() { return structure; }
        @Override public RootFunction fork() { return new Root(f.fork(), structure); }
    }

    private record FixedPoint(VectorMap t, Structure structure) implements FixedPointMap {
        @Override public int dimension() { return t.dimension(); }
        @Override public int parameterDimension() { return t.parameterDimension(); }
        @Override public void apply(double[] x, double[] theta, double[] out) { t.evaluate(x, theta, out); }
        @Override public void linearize(double[] x, double[] theta) { t.linearize(x, theta); }
        @Override public void jvpX(double[] v, double[] out) { t.jvpX(v, out); }
        @Override public void vjpX(double[] w, double[] out) { t.vjpX(w, out); }
        @Override public void jvpTheta(double[] u, double[] out) { t.jvpTheta(u, out); }
        @Override public void vjpTheta(double[] w, double[] out) { t.vjpTheta(w, out); }
        @Override public Structure structureX() { return structure; }
        @Override public FixedPointMap fork() { return new FixedPoint(t.fork(), structure); }
    }
}
