package org.rootgrad.solvers.batch;

import java.util.Arrays;
import java.util.Locale;
import org.rootgrad.error.NotConvergedException;
import org.rootgrad.error.RootgradException;
import org.rootgrad.error.Status;

/**
 * The outcome of one {@link SolverBatch} call, problem by problem: the forward run's status,
 * iterations, final error and objective value, the derivative's status when the call
 * differentiated, and any exception a problem raised. A problem <em>succeeded</em> when its run
 * converged, its derivative (if asked for) converged, and it raised nothing; {@link #failures()}
 * counts the others and {@link #firstFailure()} names the lowest-numbered one.
 *
 * <p>Owned by its batch and overwritten by the batch's next call, so that calls allocate nothing
 * (its arrays grow only when a call has more problems than any before); copy what you need.
 * Thread safety: mutable, not thread-safe; read it on the thread that called the batch, after the
 * call returned or threw.
 */
public final class BatchResult {
    private final String solver;
    private int problems;
    private boolean differentiated;
    private int failures;
    private int firstFailure = -1;
    private int firstRaised = -1;
    private Status[] status = new Status[0];
    private int[] iterations = new int[0];
    private double[] error = new double[0];
    private double[] value = new double[0];
    private Status[] derivativeStatus = new Status[0];
    private int[] derivativeIterations = new int[0];
    private RootgradException[] raised = new RootgradException[0];

    BatchResult(String solver) {
        this.solver = solver;
    }

    /** The number of problems of the call. */
    public int problems() {
        return problems;
    }

    /** Whether the call computed derivatives (a hypergradient call) or only solved. */
    public boolean differentiated() {
        return differentiated;
    }

    /**
     * The forward run's status; {@code null} when the problem was never run to the end: its
     * solver refused it (see {@link #exception}) or the batch was aborted before it.
     */
    public Status status(int problem) {
        return status[check(problem)];
    }

    /** The forward run's iterations (0 when {@link #status} is null). */
    public int iterations(int problem) {
        return iterations[check(problem)];
    }

    /** The forward run's final error, its stopping criterion (NaN when {@link #status} is null). */
    public double error(int problem) {
        return error[check(problem)];
    }

    /** The objective value at the problem's solution (NaN where there is none). */
    public double value(int problem) {
        return value[check(problem)];
    }

    /**
     * The derivative's status: the implicit linear solve's (or CONVERGED for an unrolled
     * derivative), the status of a {@link NotConvergedException} the derivative raised,
     * {@link Status#NON_FINITE} when the run ended NON_FINITE (there is no solution to
     * differentiate; θ̄ is filled with NaN), or {@code null} when the call did not differentiate
     * or the derivative raised another exception ({@link #exception}).
     */
    public Status derivativeStatus(int problem) {
        return derivativeStatus[check(problem)];
    }

    /** Iterations of the derivative's linear solve (or of the unrolled derivative); 0 when none. */
    public int derivativeIterations(int problem) {
        return derivativeIterations[check(problem)];
    }

    /**
     * The exception the problem raised, or {@code null}: a {@link NotConvergedException} from its
     * run (when the solver throws on failure) or from its derivative (when implicit
     * differentiation throws on failure), or any other {@link RootgradException} its solver or
     * the {@link SolutionCotangent} threw. Its outputs (θ̄) are NaN when the derivative raised it.
     */
    public RootgradException exception(int problem) {
        return raised[check(problem)];
    }

    /** Whether the problem's run and derivative converged and it raised nothing. */
    public boolean succeeded(int problem) {
        return succeededAt(check(problem));
    }

    /** The number of problems that did not succeed. */
    public int failures() {
        return failures;
    }

    /** The lowest index of a problem that did not succeed, or -1 when all did. */
    public int firstFailure() {
        return firstFailure;
    }

    /** Whether every problem succeeded. */
    public boolean allSucceeded() {
        return failures == 0;
    }

    /** The solver's name. */
    public String solver() {
        return solver;
    }

    /**
     * Throws, unless every problem succeeded, for the lowest-numbered failed problem: a
     * {@link NotConvergedException} whose message names the problem, the number of failures,
     * and carries that problem's status, iterations and error (the status of the derivative when
     * only the derivative failed); or, when that problem raised another exception, that exception
     * itself with a suppressed {@link RootgradException} naming the problem.
     *
     * @return this result, when every problem succeeded
     */
    public BatchResult throwIfFailed() {
        if (failures == 0) {
            return this;
        }
        throw failure(firstFailure);
    }

    /** The exception {@link #throwIfFailed} throws for failed problem i. */
    private RuntimeException failure(int i) {
        RootgradException cause = raised[i];
        if (cause != null && !(cause instanceof NotConvergedException)) {
            cause.addSuppressed(new RootgradException(where(i)));
            return cause;
        }
        boolean forwardFailed = status[i] != Status.CONVERGED;
        Status what = forwardFailed ? status[i] : derivativeStatus[i];
        int steps = forwardFailed ? iterations[i] : derivativeIterations[i];
        double residual = forwardFailed ? error[i] : Double.NaN;
        if (cause instanceof NotConvergedException nc) {
            what = nc.status();
            steps = nc.iterations();
            residual = nc.residual();
        }
        NotConvergedException e = new NotConvergedException(where(i) + ": " + solver
                + (forwardFailed ? "" : " derivative"), what, steps, residual);
        if (cause != null) {
            e.initCause(cause);
        }
        return e;
    }

    private String where(int problem) {
        return "SolverBatch problem " + problem + " of " + problems + " (" + failures
                + (failures == 1 ? " problem" : " problems") + " failed)";
    }

    @Override
    public String toString() {
        if (failures == 0) {
            return String.format(Locale.ROOT, "%s batch of %d problems%s: all succeeded", solver, problems,
                    differentiated ? " with derivatives" : "");
        }
        int i = firstFailure;
        return String.format(Locale.ROOT, "%s batch of %d problems%s: %d failed, first problem %d: %s after %d"
                        + " iterations, error %.3e%s%s", solver, problems, differentiated ? " with derivatives" : "",
                failures, i, status[i], iterations[i], error[i],
                differentiated ? ", derivative " + derivativeStatus[i] : "",
                raised[i] == null ? "" : ", raised " + raised[i].getClass().getSimpleName());
    }

    // ---- written by the batch --------------------------------------------------------------

    /** Clears the record for a call of {@code count} problems; grows the arrays if needed. */
    void reset(int count, boolean derivatives) {
        if (count > status.length) {
            status = new Status[count];
            iterations = new int[count];
            error = new double[count];
            value = new double[count];
            derivativeStatus = new Status[count];
            derivativeIterations = new int[count];
            raised = new RootgradException[count];
        }
        problems = count;
        differentiated = derivatives;
        failures = 0;
        firstFailure = -1;
        firstRaised = -1;
        Arrays.fill(status, 0, count, null);
        Arrays.fill(iterations, 0, count, 0);
        Arrays.fill(error, 0, count, Double.NaN);
        Arrays.fill(value, 0, count, Double.NaN);
        Arrays.fill(derivativeStatus, 0, count, null);
        Arrays.fill(derivativeIterations, 0, count, 0);
        Arrays.fill(raised, 0, count, null);
    }

    /** Records problem i's run; called by the worker that ran it. */
    void forward(int i, Status outcome, int iterationCount, double finalError, double objectiveValue) {
        status[i] = outcome;
        iterations[i] = iterationCount;
        error[i] = finalError;
        value[i] = objectiveValue;
    }

    /** Records problem i's derivative; called by the worker that ran it. */
    void derivative(int i, Status outcome, int iterationCount) {
        derivativeStatus[i] = outcome;
        derivativeIterations[i] = iterationCount;
    }

    /** Records the exception problem i raised (the first, if several); called by its worker. */
    void raise(int i, RootgradException e) {
        if (raised[i] == null) {
            raised[i] = e;
        }
    }

    /** Counts the failures after every worker finished; called by the calling thread. */
    void tally() {
        int count = 0;
        int first = -1;
        int firstException = -1;
        for (int i = 0; i < problems; i++) {
            if (!succeededAt(i)) {
                count++;
                if (first < 0) {
                    first = i;
                }
                if (firstException < 0 && raised[i] != null) {
                    firstException = i;
                }
            }
        }
        failures = count;
        firstFailure = first;
        firstRaised = firstException;
    }

    /**
     * Throws as {@link #throwIfFailed} for the lowest-numbered problem that raised an exception,
     * if any did: the batch's failure policy (a problem raises only where its solver's or its
     * implicit differentiation's options say to throw, or on an error).
     */
    void throwIfRaised() {
        if (firstRaised >= 0) {
            throw failure(firstRaised);
        }
    }

    private boolean succeededAt(int i) {
        return status[i] == Status.CONVERGED && raised[i] == null
                && (!differentiated || derivativeStatus[i] == Status.CONVERGED);
    }

    private int check(int problem) {
        if (problem < 0 || problem >= problems) {
            throw new IndexOutOfBoundsException("problem " + problem + " of a batch of " + problems);
        }
        return problem;
    }
}
