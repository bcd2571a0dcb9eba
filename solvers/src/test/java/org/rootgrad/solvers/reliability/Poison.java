package org.rootgrad.solvers.reliability;

import java.util.Arrays;
import org.rootgrad.autodiff.Objective;
import org.rootgrad.autodiff.Primitive;
import org.rootgrad.solvers.objective.CoordinateObjective;

/**
 * Problems that turn into NaN mid-run, to check that solvers report it: an objective whose value
 * and gradient become NaN after a number of evaluations, the same for the coordinate interface,
 * and a tape primitive whose value is 0 (so it changes nothing) until it turns NaN. A budget below
 * 0 never poisons. Counters are plain fields: one instance per thread (these are test fixtures).
 */
final class Poison {
    private Poison() {}

    /** An objective equal to {@code f} for its first {@code budget} value or gradient calls, NaN after. */
    static Objective objective(Objective f, int budget) {
        return budget < 0 ? f : new PoisonedObjective(f, budget);
    }

    private static final class PoisonedObjective implements Objective {
        private final Objective f;
        private final int budget;
        private int calls;

        PoisonedObjective(Objective f, int budget) {
            this.f = f;
            this.budget = budget;
        }

        private boolean poisoned() {
            return calls++ >= budget;
        }

        @Override public int dimension() { return f.dimension(); }
        @Override public int parameterDimension() { return f.parameterDimension(); }

        @Override
        public double value(double[] x, double[] theta) {
            double v = f.value(x, theta);
            return poisoned() ? Double.NaN : v;
        }

        @Override
        public double valueAndGradient(double[] x, double[] theta, double[] gradient) {
            double v = f.valueAndGradient(x, theta, gradient);
            if (poisoned()) {
                Arrays.fill(gradient, Double.NaN);
                return Double.NaN;
            }
            return v;
        }

        @Override
        public void linearize(double[] x, double[] theta) {
            f.linearize(x, theta);
        }

        @Override
        public void hessianVector(double[] v, double[] out) {
            f.hessianVector(v, out);
            if (calls >= budget) {
                Arrays.fill(out, Double.NaN);
            }
        }

        @Override
        public boolean hessian(double[] out) {
            boolean formed = f.hessian(out);
            if (formed && calls >= budget) {
                Arrays.fill(out, Double.NaN);
            }
            return formed;
        }

        @Override
        public void mixedVector(double[] u, double[] out) {
            f.mixedVector(u, out);
        }

        @Override
        public void mixedTransposeVector(double[] w, double[] out) {
            f.mixedTransposeVector(w, out);
        }

        @Override
        public Objective fork() {
            return new PoisonedObjective(f.fork(), budget);
        }
    }

    /** A coordinate objective whose coordinate partials become NaN after {@code budget} of them. */
    static CoordinateObjective coordinates(CoordinateObjective f, int budget) {
        return budget < 0 ? f : new PoisonedCoordinates(f, budget);
    }

    private static final class PoisonedCoordinates implements CoordinateObjective {
        private final CoordinateObjective f;
        private final int budget;
        private int calls;

        PoisonedCoordinates(CoordinateObjective f, int budget) {
            this.f = f;
            this.budget = budget;
        }

        @Override public int dimension() { return f.dimension(); }
        @Override public int parameterDimension() { return f.parameterDimension(); }
        @Override public double value(double[] x, double[] theta) { return f.value(x, theta); }

        @Override
        public double valueAndGradient(double[] x, double[] theta, double[] gradient) {
            return f.valueAndGradient(x, theta, gradient);
        }

        @Override public void linearize(double[] x, double[] theta) { f.linearize(x, theta); }
        @Override public void hessianVector(double[] v, double[] out) { f.hessianVector(v, out); }
        @Override public void mixedVector(double[] u, double[] out) { f.mixedVector(u, out); }
        @Override public void mixedTransposeVector(double[] w, double[] out) { f.mixedTransposeVector(w, out); }
        @Override public void startCoordinates(double[] x, double[] theta) { f.startCoordinates(x, theta); }

        @Override
        public double coordinateGradient(int j) {
            double g = f.coordinateGradient(j);
            return calls++ >= budget ? Double.NaN : g;
        }

        @Override public double coordinateLipschitz(int j) { return f.coordinateLipschitz(j); }
        @Override public void updateCoordinate(int j, double delta) { f.updateCoordinate(j, delta); }
        @Override public void startTangent(double[] xDot, double[] thetaDot) { f.startTangent(xDot, thetaDot); }
        @Override public double coordinateGradientTangent(int j) { return f.coordinateGradientTangent(j); }
        @Override public void updateTangent(int j, double deltaDot) { f.updateTangent(j, deltaDot); }
        @Override public void copyTangent(double[] out) { f.copyTangent(out); }
        @Override public void startAdjoint(double[] xBar) { f.startAdjoint(xBar); }
        @Override public double coordinateAdjoint(int j) { return f.coordinateAdjoint(j); }
        @Override public void setCoordinateAdjoint(int j, double value) { f.setCoordinateAdjoint(j, value); }

        @Override
        public void addGradientCoordinateAdjoint(int j, double c, double[] thetaBar) {
            f.addGradientCoordinateAdjoint(j, c, thetaBar);
        }

        @Override
        public CoordinateObjective fork() {
            return new PoisonedCoordinates(f.fork(), budget);
        }
    }

    /**
     * A tape primitive of one vector input whose value is 0 for its first {@code budget} value
     * calls and NaN after (its derivatives are 0): adding it to a recorded function changes
     * nothing until it poisons the function. Shared state: use one per test and thread.
     */
    static final class Primitive0 implements Primitive<Void> {
        private final int budget;
        private int calls;

        Primitive0(int budget) {
            this.budget = budget;
        }

        @Override public String name() { return "poison"; }
        @Override public Void newState() { return null; }

        @Override
        public void value(Void state, double[][] inputs, double[] output) {
            Arrays.fill(output, budget >= 0 && calls++ >= budget ? Double.NaN : 0.0);
        }

        @Override
        public void jvp(Void state, double[][] inputs, double[] output, double[][] inputTangents,
                        double[] outputTangent) {
            Arrays.fill(outputTangent, 0.0);
        }

        @Override
        public void vjp(Void state, double[][] inputs, double[] output, double[] outputAdjoint,
                        double[][] inputAdjoints) {
            // the adjoint arrays arrive zeroed: nothing flows back
        }

        @Override
        public void vjpTangent(Void state, double[][] inputs, double[] output, double[][] inputTangents,
                               double[] outputTangent, double[] outputAdjoint, double[] outputAdjointTangent,
                               double[][] inputAdjointTangents) {
            // zero second-order contribution
        }
    }
}
