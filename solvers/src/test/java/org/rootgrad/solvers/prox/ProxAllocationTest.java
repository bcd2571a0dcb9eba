package org.rootgrad.solvers.prox;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.rootgrad.testing.Allocations;
import org.rootgrad.solvers.testing.Vectors;

/**
 * apply, linearize, the four products and the step derivative allocate nothing after warm-up:
 * the thread's allocated-bytes counter (ThreadMXBean) does not move over 2000 repeated calls.
 */
class ProxAllocationTest {

    static java.util.List<ProxCase> cases() {
        return ProxCase.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void hotPathsAllocateNothing(ProxCase c) {
        int n = 64;
        Random rng = new Random(3);
        Prox prox = c.create(n);
        double[] theta = c.theta(n, rng);
        double[] thetaOut = new double[theta.length];
        double[] dTheta = Vectors.gaussian(rng, theta.length);
        double[] v = c.input(n, rng);
        double[] dv = Vectors.gaussian(rng, n);
        double[] out = new double[n];
        double[] d = new double[n];
        double[] u = new double[n];
        boolean described = prox.jacobianStructure().hasDiagonalDescription();
        Runnable all = () -> {
            prox.apply(v, theta, 0.5, out);
            prox.linearize(v, theta, 0.5);
            prox.jvpV(dv, out);
            prox.vjpV(dv, out);
            prox.jvpTheta(dTheta, out);
            prox.vjpTheta(dv, thetaOut);
            prox.stepDerivative(out);
            if (described) {
                prox.jacobianDiagonal(d);
                prox.jacobianRankOne(u);
            }
        };
        assertEquals(0L, Allocations.steadyState(all, 20_000, 2_000), c + " allocated on a hot path");
    }
}
