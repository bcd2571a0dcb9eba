package org.rootgrad.solvers;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.rootgrad.testing.DenseReference;

/** Derivative checks shared by the solver tests, independent of the code under test. */
final class SolverChecks {
    private SolverChecks() {}

    /** Bound on |⟨x̄, Jθ̇⟩ − ⟨Jᵀx̄, θ̇⟩| relative to the sum of the magnitudes of both sides' terms. */
    static final double ADJOINT_TOLERANCE = 1e-12;

    /**
     * Asserts ⟨x̄, J θ̇⟩ = ⟨Jᵀ x̄, θ̇⟩ for random θ̇ and x̄ at the solver's last run; returns the
     * relative discrepancy.
     */
    static double assertAdjoint(Solver solver, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int n = solver.dimension();
        int m = solver.parameterDimension();
        double[] thetaDot = new double[m];
        double[] xBar = new double[n];
        for (int j = 0; j < m; j++) {
            thetaDot[j] = r.nextGaussian();
        }
        for (int i = 0; i < n; i++) {
            xBar[i] = r.nextGaussian();
        }
        double[] xDot = new double[n];
        double[] thetaBar = new double[m];
        solver.jvp(thetaDot, xDot);
        solver.vjp(xBar, thetaBar);
        double lhs = 0;
        double rhs = 0;
        double magnitude = 0;
        for (int i = 0; i < n; i++) {
            lhs += xBar[i] * xDot[i];
            magnitude += Math.abs(xBar[i] * xDot[i]);
        }
        for (int j = 0; j < m; j++) {
            rhs += thetaBar[j] * thetaDot[j];
            magnitude += Math.abs(thetaBar[j] * thetaDot[j]);
        }
        double discrepancy = Math.abs(lhs - rhs) / Math.max(magnitude, Double.MIN_NORMAL);
        assertTrue(discrepancy <= ADJOINT_TOLERANCE, solver.name() + ": <x̄, Jθ̇> = " + lhs
                + " but <Jᵀx̄, θ̇> = " + rhs + " (relative " + discrepancy + ")");
        return discrepancy;
    }

    /** The n×m Jacobian (row-major) of the last run, column by column from JVPs. */
    static double[] jacobianByJvp(Solver solver) {
        int n = solver.dimension();
        int m = solver.parameterDimension();
        double[] jac = new double[n * m];
        double[] e = new double[m];
        double[] col = new double[n];
        for (int j = 0; j < m; j++) {
            e[j] = 1;
            solver.jvp(e, col);
            e[j] = 0;
            for (int i = 0; i < n; i++) {
                jac[i * m + j] = col[i];
            }
        }
        return jac;
    }

    /** The n×m Jacobian of the last run, row by row from VJPs. */
    static double[] jacobianByVjp(Solver solver) {
        int n = solver.dimension();
        int m = solver.parameterDimension();
        double[] jac = new double[n * m];
        double[] e = new double[n];
        double[] row = new double[m];
        for (int i = 0; i < n; i++) {
            e[i] = 1;
            solver.vjp(e, row);
            e[i] = 0;
            System.arraycopy(row, 0, jac, i * m, m);
        }
        return jac;
    }

    /**
     * (x̂(θ + hθ̇) − x̂(θ − hθ̇)) / 2h for the solver's (possibly truncated) solve from init; runs
     * the solver at θ last, so it can be differentiated there afterwards.
     */
    static double[] centralDifference(Solver solver, double[] init, double[] theta, double[] thetaDot, double h) {
        int m = theta.length;
        double[] plus = theta.clone();
        double[] minus = theta.clone();
        for (int j = 0; j < m; j++) {
            plus[j] += h * thetaDot[j];
            minus[j] -= h * thetaDot[j];
        }
        double[] xp = solver.run(init, plus).solution().clone();
        double[] xm = solver.run(init, minus).solution().clone();
        solver.run(init, theta);
        double[] fd = new double[xp.length];
        for (int i = 0; i < fd.length; i++) {
            fd[i] = (xp[i] - xm[i]) / (2 * h);
        }
        return fd;
    }

    /** max|a − b| / max(1, max|b|). */
    static double relativeMaxError(double[] a, double[] b) {
        double worst = 0;
        double scale = 1;
        for (int i = 0; i < a.length; i++) {
            worst = Math.max(worst, Math.abs(a[i] - b[i]));
            scale = Math.max(scale, Math.abs(b[i]));
        }
        return worst / scale;
    }

    /**
     * Asserts that the unrolled derivative (JVP) after more iterations approaches the implicit
     * one: the error at each count is below the previous one (up to a floor), and below
     * {@code finalTolerance} at the last.
     */
    static void assertUnrolledConverges(java.util.function.IntFunction<Solver> unrolledWithIterations,
                                        int[] iterations, double[] init, double[] theta, double[] thetaDot,
                                        double[] implicitJvp, double finalTolerance, double floor) {
        double previous = Double.POSITIVE_INFINITY;
        StringBuilder trace = new StringBuilder();
        for (int count : iterations) {
            Solver s = unrolledWithIterations.apply(count);
            s.run(init, theta);
            double[] xDot = new double[s.dimension()];
            s.jvp(thetaDot, xDot);
            double error = DenseReference.relativeError(xDot, implicitJvp);
            trace.append(count).append(": ").append(error).append("; ");
            assertTrue(error < previous || error < floor, "unrolled derivative error does not shrink: " + trace);
            previous = error;
        }
        assertTrue(previous < finalTolerance, "unrolled derivative error " + trace);
    }
}
