package org.rootgrad.solvers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.rootgrad.solvers.testing.Vectors;
import org.rootgrad.testing.Allocations;

/**
 * Repeated runs of every first-order solver, each followed by a JVP and a VJP, allocate nothing
 * once warm, with implicit and with unrolled derivatives (the thread's allocation counter over
 * windows of repeated runs, after C2 has compiled them).
 */
class SolverAllocationTest {

    static List<SolverCase> cases() {
        return SolverCase.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void repeatedRunsAndDerivativesAllocateNothing(SolverCase c) {
        for (boolean implicit : new boolean[] {true, false}) {
            Solver s = c.make(implicit, 2 * c.shortRun(), 1e-30);
            Random rng = new Random(1);
            double[] thetaDot = Vectors.gaussian(rng, c.theta().length);
            double[] xBar = Vectors.gaussian(rng, s.dimension());
            double[] xDot = new double[s.dimension()];
            double[] thetaBar = new double[c.theta().length];
            Runnable body = () -> {
                s.run(c.init(), c.theta());
                s.jvp(thetaDot, xDot);
                s.vjp(xBar, thetaBar);
            };
            assertEquals(0L, Allocations.steadyState(body, 300, 30),
                    c + (implicit ? " (implicit)" : " (unrolled)") + " allocates");
        }
    }
}
