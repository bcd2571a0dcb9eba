package org.rootgrad.solvers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.rootgrad.error.Status;
import org.rootgrad.solvers.testing.Vectors;

/**
 * For every first-order solver: the unrolled JVP and VJP are adjoint, the unrolled JVP is the
 * derivative of the truncated solve (central differences), it converges to the implicit
 * derivative as iterations grow, and implicit and unrolled derivatives agree once converged.
 */
class UnrolledDerivativesTest {

    static List<SolverCase> cases() {
        return SolverCase.all();
    }

    static double[] direction(SolverCase c, long seed) {
        return Vectors.gaussian(new Random(seed), c.theta().length);
    }

    static double[] jvp(Solver s, double[] thetaDot) {
        double[] xDot = new double[s.dimension()];
        s.jvp(thetaDot, xDot);
        return xDot;
    }

    /** The implicit derivative at a tight solution: the reference the unrolled ones approach. */
    static double[] implicitReference(SolverCase c, double[] thetaDot) {
        Solver s = c.make(true, 200_000, 1e-13);
        SolverResult r = s.run(c.init(), c.theta());
        assertEquals(Status.CONVERGED, r.status(), c + ": " + r);
        return jvp(s, thetaDot);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void unrolledJvpAndVjpAreAdjoint(SolverCase c) {
        Solver s = c.make(false, c.shortRun(), 1e-30);
        s.run(c.init(), c.theta());
        Random rng = new Random(3);
        for (int trial = 0; trial < 3; trial++) {
            double[] thetaDot = Vectors.gaussian(rng, c.theta().length);
            double[] xBar = Vectors.gaussian(rng, s.dimension());
            double[] xDot = jvp(s, thetaDot);
            double[] thetaBar = new double[c.theta().length];
            s.vjp(xBar, thetaBar);
            double lhs = Vectors.dot(xBar, xDot);
            double rhs = Vectors.dot(thetaBar, thetaDot);
            double scale = 0;
            for (int i = 0; i < xDot.length; i++) {
                scale += Math.abs(xBar[i] * xDot[i]);
            }
            for (int j = 0; j < thetaDot.length; j++) {
                scale += Math.abs(thetaBar[j] * thetaDot[j]);
            }
            assertTrue(Math.abs(lhs - rhs) <= 1e-12 * scale, c + ": <x̄, Jθ̇> = " + lhs + ", <Jᵀx̄, θ̇> = " + rhs);
        }
        assertEquals(DerivativeReport.Mode.UNROLLED, s.derivative().mode());
        assertEquals(c.shortRun(), s.derivative().iterations());
    }

    /**
     * Central differences with h = 1e-6 of the solve truncated after a fixed number of
     * iterations: the truncated solve is smooth in θ away from the kinks of the prox and the
     * (discrete) line-search decisions, which a step this small does not cross here; truncation
     * error O(h²) and rounding ε·|x|/h ≈ 1e-10 against a tolerance of 1e-6.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void unrolledJvpIsTheDerivativeOfTheTruncatedSolve(SolverCase c) {
        if (!c.thetaFreeSteps()) {
            return; // its unrolled derivative freezes θ-dependent steps (documented): no finite-difference twin
        }
        double h = 1e-6;
        double[] thetaDot = direction(c, 11);
        Solver s = c.make(false, c.shortRun(), 1e-30);
        double[] plus = s.run(c.init(), shift(c.theta(), thetaDot, h)).solution().clone();
        double[] minus = s.run(c.init(), shift(c.theta(), thetaDot, -h)).solution().clone();
        s.run(c.init(), c.theta());
        double[] xDot = jvp(s, thetaDot);
        double[] fd = new double[xDot.length];
        for (int i = 0; i < fd.length; i++) {
            fd[i] = (plus[i] - minus[i]) / (2 * h);
        }
        double error = Vectors.distance(fd, xDot) / Math.max(Vectors.norm(fd), 1e-12);
        assertTrue(error < 1e-6, c + ": unrolled JVP vs finite differences, relative error " + error);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void unrolledDerivativeConvergesToTheImplicitOne(SolverCase c) {
        double[] thetaDot = direction(c, 13);
        double[] reference = implicitReference(c, thetaDot);
        double previous = Double.POSITIVE_INFINITY;
        int iterations = c.shortRun();
        for (int round = 0; round < 3; round++) {
            Solver s = c.make(false, iterations, 1e-30);
            s.run(c.init(), c.theta());
            double error = Vectors.distance(jvp(s, thetaDot), reference) / Vectors.norm(reference);
            assertTrue(error < previous || error < 1e-10, c + ": " + iterations + " iterations, error " + error
                    + " after " + previous);
            previous = error;
            iterations *= 4;
        }
        assertTrue(previous < 1e-4, c + ": after " + iterations / 4 + " iterations the error is " + previous);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void implicitAndUnrolledAgreeOnceConverged(SolverCase c) {
        double[] thetaDot = direction(c, 17);
        double[] reference = implicitReference(c, thetaDot);
        Solver s = c.make(false, 200_000, 1e-13);
        SolverResult r = s.run(c.init(), c.theta());
        assertEquals(Status.CONVERGED, r.status(), c + ": " + r);
        double error = Vectors.distance(jvp(s, thetaDot), reference) / Vectors.norm(reference);
        assertTrue(error < 1e-8, c + ": unrolled vs implicit once converged, relative error " + error
                + " (" + r.iterations() + " iterations)");
        double[] xBar = Vectors.gaussian(new Random(19), s.dimension());
        double[] thetaBar = new double[c.theta().length];
        s.vjp(xBar, thetaBar);
        Solver implicit = c.make(true, 200_000, 1e-13);
        implicit.run(c.init(), c.theta());
        double[] implicitBar = new double[c.theta().length];
        implicit.vjp(xBar, implicitBar);
        assertEquals(DerivativeReport.Mode.IMPLICIT, implicit.derivative().mode());
        assertTrue(Vectors.distance(thetaBar, implicitBar) <= 1e-8 * Vectors.norm(implicitBar),
                c + ": VJPs differ: " + java.util.Arrays.toString(thetaBar) + " vs " + java.util.Arrays.toString(implicitBar));
    }

    static double[] shift(double[] theta, double[] dir, double h) {
        double[] out = theta.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] += h * dir[i];
        }
        return out;
    }
}
