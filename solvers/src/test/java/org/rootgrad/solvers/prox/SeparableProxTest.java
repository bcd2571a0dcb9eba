package org.rootgrad.solvers.prox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import org.rootgrad.error.DimensionMismatchException;
import org.rootgrad.error.InvalidOptionException;
import org.rootgrad.error.NonFiniteException;
import org.rootgrad.solvers.testing.Vectors;

/**
 * Each separable prox's coordinate formulas against its whole-vector twin, coordinate by
 * coordinate: values, ∂/∂v (the Jacobian's diagonal, from JVPs with unit vectors), ∂/∂θ (JVPs and
 * VJPs), including inputs exactly on a kink.
 */
class SeparableProxTest {
    static final int N = 9;

    record Case(String name, SeparableProx prox, double[] theta) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Case> cases() {
        double[] perCoordinate = new double[N];
        for (int i = 0; i < N; i++) {
            perCoordinate[i] = 0.1 * (i % 4);
        }
        return List.of(
                new Case("none", SeparableProx.none(N), new double[0]),
                new Case("lasso", SeparableProx.lasso(N), new double[] {0.6}),
                new Case("lassoPerCoordinate", SeparableProx.lassoPerCoordinate(N), perCoordinate),
                new Case("nonNegativeLasso", SeparableProx.nonNegativeLasso(N), new double[] {0.4}),
                new Case("elasticNet", SeparableProx.elasticNet(N), new double[] {0.5, 0.8}),
                new Case("ridge", SeparableProx.ridge(N), new double[] {0.7}),
                new Case("nonNegative", SeparableProx.nonNegative(N), new double[0]),
                new Case("box", SeparableProx.box(N), new double[] {-0.5, 0.8}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void coordinatesMatchTheWholeVectorProx(Case c) {
        Random rng = new Random(7);
        SeparableProx s = c.prox();
        Prox whole = s.prox();
        assertEquals(whole.parameterDimension(), s.parameterDimension());
        double step = 0.9;
        int k = s.parameterDimension();
        for (int trial = 0; trial < 20; trial++) {
            double[] v = Vectors.scaled(1.5, Vectors.gaussian(rng, N));
            if (trial % 2 == 1) {
                // put a few coordinates exactly on the kinks
                v[0] = step * (c.theta().length > 0 ? c.theta()[0] : 0);
                v[1] = -v[0];
                v[2] = c.name().equals("box") ? c.theta()[1] : 0.0;
            }
            double[] out = new double[N];
            whole.apply(v, c.theta(), step, out);
            whole.linearize(v, c.theta(), step);
            double[] e = new double[N];
            double[] col = new double[N];
            double[] dTheta = Vectors.gaussian(rng, k);
            double[] jt = new double[N];
            whole.jvpTheta(dTheta, jt);
            double[] w = Vectors.gaussian(rng, N);
            double[] expectedBar = new double[k];
            whole.vjpTheta(w, expectedBar);
            double[] bar = new double[k];
            for (int i = 0; i < N; i++) {
                assertEquals(out[i], s.applyCoordinate(i, v[i], c.theta(), step), 1e-15, "value " + i);
                e[i] = 1;
                whole.jvpV(e, col);
                e[i] = 0;
                assertEquals(col[i], s.coordinateDerivative(i, v[i], c.theta(), step), 1e-15, "d/dv " + i);
                assertEquals(jt[i], s.coordinateJvpTheta(i, v[i], c.theta(), step, dTheta), 1e-14, "d/dθ " + i);
                s.coordinateVjpTheta(i, v[i], c.theta(), step, w[i], bar);
            }
            for (int j = 0; j < k; j++) {
                assertEquals(expectedBar[j], bar[j], 1e-13, "θ̄ " + j);
            }
        }
    }

    @Test
    void parametersAreValidatedLikeTheWholeProx() {
        assertThrows(DimensionMismatchException.class, () -> SeparableProx.lasso(3).checkParameters(new double[2]));
        assertThrows(InvalidOptionException.class, () -> SeparableProx.lasso(3).checkParameters(new double[] {-1}));
        assertThrows(NonFiniteException.class, () -> SeparableProx.elasticNet(3).checkParameters(new double[] {1, Double.NaN}));
        assertThrows(InvalidOptionException.class, () -> SeparableProx.box(3).checkParameters(new double[] {1, 0}));
        assertThrows(InvalidOptionException.class, () -> SeparableProx.lasso(0));
    }
}
