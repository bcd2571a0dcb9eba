package org.rootgrad.solvers.objective;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.rootgrad.autodiff.Objective;
import org.rootgrad.solvers.testing.Vectors;
import org.rootgrad.testing.Allocations;

/** Values, gradients, linearisations and products of the hand-written objectives allocate nothing once warm. */
class ObjectiveAllocationTest {

    static List<ObjectiveCase> cases() {
        return ObjectiveCase.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void hotPathsAllocateNothing(ObjectiveCase c) {
        Objective f = c.hand().get();
        int n = f.dimension();
        int m = f.parameterDimension();
        Random rng = new Random(2);
        double[] w = Vectors.scaled(0.3, Vectors.gaussian(rng, n));
        double[] theta = c.hasLambda() ? new double[] {0.4} : new double[0];
        double[] v = Vectors.gaussian(rng, n);
        double[] g = new double[n];
        double[] out = new double[n];
        double[] u = Vectors.gaussian(rng, m);
        double[] ut = new double[m];
        double[] dense = new double[n * n];
        Runnable body = () -> {
            f.value(w, theta);
            f.valueAndGradient(w, theta, g);
            f.linearize(w, theta);
            f.hessianVector(v, out);
            f.hessian(dense); // the weighted Gram kernel where the model forms it
            f.mixedVector(u, out);
            f.mixedTransposeVector(v, ut);
            if (f instanceof CoordinateObjective co) {
                co.startCoordinates(w, theta);
                co.startTangent(v, u);
                co.startAdjoint(v);
                for (int j = 0; j < n; j++) {
                    co.coordinateGradient(j);
                    co.updateCoordinate(j, 1e-3);
                    co.coordinateGradientTangent(j);
                    co.updateTangent(j, 1e-3);
                    co.addGradientCoordinateAdjoint(j, 0.5, ut);
                    co.setCoordinateAdjoint(j, co.coordinateAdjoint(j));
                }
                co.copyTangent(out);
            }
        };
        assertEquals(0L, Allocations.steadyState(body, 3000, 300), c + " allocates");
    }
}
