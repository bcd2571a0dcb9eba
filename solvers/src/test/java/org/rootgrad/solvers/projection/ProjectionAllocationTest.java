package org.rootgrad.solvers.projection;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.rootgrad.testing.Allocations;

/**
 * project, linearize and the four products allocate nothing after warm-up: the thread's
 * allocated-bytes counter (ThreadMXBean) does not move over 2000 repeated calls.
 */
class ProjectionAllocationTest {

    static java.util.List<ProjectionCase> cases() {
        return ProjectionCase.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void hotPathsAllocateNothing(ProjectionCase c) {
        int n = 64;
        Random rng = new Random(2);
        Projection p = c.create(n);
        double[] theta = c.theta(n, rng);
        double[] thetaOut = new double[theta.length];
        double[] dTheta = org.rootgrad.solvers.testing.Vectors.gaussian(rng, theta.length);
        double[] v = c.input(n, rng);
        double[] dv = org.rootgrad.solvers.testing.Vectors.gaussian(rng, n);
        double[] out = new double[n];
        double[] d = new double[n];
        double[] u = new double[n];
        Runnable all = () -> {
            p.project(v, theta, out);
            p.linearize(v, theta);
            p.jvpV(dv, out);
            p.vjpV(dv, out);
            p.jvpTheta(dTheta, out);
            p.vjpTheta(dv, thetaOut);
            p.jacobianDiagonal(d);
            p.jacobianRankOne(u);
        };
        assertEquals(0L, Allocations.steadyState(all, 20_000, 2_000), c + " allocated on a hot path");
    }
}
