package org.rootgrad.solvers;

import java.util.Locale;
import org.rootgrad.error.NotConvergedException;
import org.rootgrad.error.Status;

/**
 * The outcome of one {@link Solver#run}: the solution, the iterations taken, the final value of
 * the solver's stopping criterion (its "error", e.g. ‖∇f‖ or the fixed-point residual), the
 * objective value where there is one, and the status. Only {@link Status#CONVERGED} means the
 * tolerance was met.
 *
 * <p>Owned by its solver and overwritten by the next run, so that runs allocate nothing; copy
 * what you need. Mutable and per thread, like the solver.
 */
public final class SolverResult {
    private final String solver;
    private final double[] solution;
    private Status status = Status.MAX_ITERATIONS;
    private int iterations;
    private double error = Double.NaN;
    private double value = Double.NaN;
    private double tolerance = Double.NaN;

    public SolverResult(String solver, int dimension) {
        this.solver = solver;
        this.solution = new double[dimension];
    }

    /**
     * The solution x̂ (a view into this result: valid until the next run; do not modify).
     */
    public double[] solution() {
        return solution;
    }

    /** Copies the solution into {@code out} (length n). */
    public void copySolution(double[] out) {
        System.arraycopy(solution, 0, out, 0, solution.length);
    }

    public Status status() {
        return status;
    }

    public boolean converged() {
        return status == Status.CONVERGED;
    }

    /**
     * Iterations taken: 0 if the starting point already met the tolerance for solvers that test
     * before stepping ({@link GradientDescent}); solvers whose criterion is measured on a step
     * (the proximal and mirror methods, coordinate-descent sweeps) count that step, so at least 1.
     */
    public int iterations() {
        return iterations;
    }

    /** The final value of the stopping criterion, compared against {@link #tolerance()}. */
    public double error() {
        return error;
    }

    /** The tolerance the error was compared against. */
    public double tolerance() {
        return tolerance;
    }

    /** The objective value at the solution, or NaN where the problem has no objective. */
    public double value() {
        return value;
    }

    /** The solver's name. */
    public String solver() {
        return solver;
    }

    /** Records the outcome; for solver implementations. */
    public void finish(Status outcome, int iterationCount, double finalError, double tol, double objectiveValue) {
        this.status = outcome;
        this.iterations = iterationCount;
        this.error = finalError;
        this.tolerance = tol;
        this.value = objectiveValue;
    }

    /**
     * Throws {@link NotConvergedException} carrying the status, iterations and error unless the
     * run converged.
     */
    public SolverResult throwIfFailed() {
        return throwIfFailed(null);
    }

    /**
     * {@link #throwIfFailed()} with an explanation of the status placed first in the message
     * (e.g. what an infeasibility certificate means), or {@code null} for none; for solver
     * implementations.
     */
    public SolverResult throwIfFailed(String explanation) {
        if (status != Status.CONVERGED) {
            throw new NotConvergedException(solver + " (" + (explanation == null ? "" : explanation + "; ")
                    + "error " + error + " against tolerance " + tolerance + ")", status, iterations, error);
        }
        return this;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s: %s after %d iterations, error %.3e (tolerance %.1e)%s",
                solver, status, iterations, error, tolerance,
                Double.isNaN(value) ? "" : String.format(Locale.ROOT, ", value %.10g", value));
    }
}
