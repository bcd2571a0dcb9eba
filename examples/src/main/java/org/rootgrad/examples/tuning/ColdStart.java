package org.rootgrad.examples.tuning;

import java.util.Arrays;
import org.rootgrad.error.Status;
import org.rootgrad.implicit.ImplicitResult;
import org.rootgrad.implicit.SolutionMap;
import org.rootgrad.solvers.Solver;

/**
 * A solver as a solution map that always starts from the same point (zeros), instead of the
 * warm start of {@link Solver#evaluate}. Unrolled derivatives need it: they differentiate the
 * iterations of the run, with the starting point held constant, so a warm start from the
 * previous solution would leave out the dependence of that start on θ and report the derivative
 * of only the last few iterations. Per thread, like the solver.
 */
public final class ColdStart implements SolutionMap {
    private final Solver solver;
    private final double[] start;

    public ColdStart(Solver solver) {
        this.solver = solver;
        this.start = new double[solver.dimension()];
    }

    /** The wrapped solver (its result and derivative report describe the last call). */
    public Solver solver() {
        return solver;
    }

    @Override
    public int dimension() {
        return solver.dimension();
    }

    @Override
    public int parameterDimension() {
        return solver.parameterDimension();
    }

    @Override
    public void evaluate(double[] theta, double[] x) {
        Arrays.fill(start, 0);
        solver.run(start, theta).copySolution(x);
    }

    @Override
    public void jvp(double[] thetaDot, double[] xDot) {
        solver.jvp(thetaDot, xDot);
    }

    @Override
    public void vjp(double[] xBar, double[] thetaBar) {
        solver.vjp(xBar, thetaBar);
    }

    @Override
    public ColdStart fork() {
        return new ColdStart(solver.fork());
    }

    @Override
    public Status lastStatus() {
        return solver.result().status();
    }

    @Override
    public ImplicitResult lastDerivative() {
        return null;
    }
}
