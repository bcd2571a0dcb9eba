package org.rootgrad.solvers.batch;

import java.util.Arrays;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.rootgrad.error.Checks;
import org.rootgrad.error.DimensionMismatchException;
import org.rootgrad.error.InvalidOptionException;
import org.rootgrad.error.NonFiniteException;
import org.rootgrad.error.NotConvergedException;
import org.rootgrad.error.RootgradException;
import org.rootgrad.error.Status;
import org.rootgrad.solvers.DerivativeReport;
import org.rootgrad.solvers.Solver;
import org.rootgrad.solvers.SolverResult;

/**
 * Many independent problems of one solver configuration, solved and differentiated in parallel:
 * problem i is x*(θᵢ) from the starting point initᵢ, and, for a hypergradient call, its VJP
 * θ̄ᵢ = x̄ᵢᵀ ∂x*(θᵢ)/∂θ with a given cotangent x̄ᵢ or one computed from the solution (the gradient
 * of a validation loss, {@link SolutionCotangent}).
 *
 * <pre>{@code
 * try (SolverBatch batch = SolverBatch.of(LBFGS.builder(objective).build(), 2)) {
 *     SolutionCotangent validation = SolutionCotangent.gradientOf(validationLoss, batch.threads());
 *     BatchResult r = batch.hypergradients(inits, lambdas, validation, solutions, dLossdLambda);
 * }
 * }</pre>
 *
 * <p><b>Workers.</b> {@link #of} forks the solver once per worker ({@link Solver#fork()}; the
 * solver passed in is left alone) and starts {@code threads − 1} long-lived platform threads; the
 * thread that calls the batch is worker 0 and works too, so a one-thread batch runs every problem
 * on the calling thread without any hand-off. Workers take the next unsolved problem from a shared
 * counter, so problems of uneven cost keep every worker busy until the last one is taken. Between
 * calls the workers spin briefly, then park. Each worker has its own solver and scratch array, and
 * a problem's results go to its own output rows, so workers share no mutable state but the
 * counter.
 *
 * <p><b>Results.</b> A problem's outputs are those of a fork of the solver running it alone, from
 * its {@code init}: bit for bit whenever the solver's runs do not depend on its earlier runs,
 * which holds for every solver's forward run (each starts from {@code init}) and for implicit
 * derivatives by a dense direct solve (the automatic choice for small n, see
 * {@link org.rootgrad.implicit.ImplicitDiff#solverFor(org.rootgrad.implicit.linear.Structure, int, double)}); an implicit Krylov
 * or refined approximate-Cholesky solve warm-started from the previous adjoint ({@link org.rootgrad.implicit.ImplicitDiff#warmStart()},
 * the default) starts from whatever problem its worker differentiated before, and agrees within
 * the linear tolerance.
 *
 * <p><b>Failures.</b> Every problem is run, and every output row written, before a call returns
 * or throws. Per problem, {@link BatchResult} holds the run's status, iterations and error, the
 * derivative's status, and any exception raised: a run that did not converge (its solution is
 * still returned and differentiated, as a single solver does with {@code throwOnFailure} off), a
 * derivative that did not converge, a problem the solver refused. Where a problem raised an
 * exception — a {@link NotConvergedException} when the solver's
 * {@link org.rootgrad.solvers.SolverOptions#throwOnFailure()} (or implicit differentiation's) is on,
 * or any other {@link RootgradException} — the call throws after the batch, for the lowest-numbered
 * such problem ({@link BatchResult#throwIfFailed()}: the message names the problem); with
 * {@code throwOnFailure(false)} failures are only reported. Outputs that have no value are NaN,
 * never zeros: the solution of a refused problem, θ̄ of a derivative that raised or of a run that
 * ended NON_FINITE. An exception that is not a {@link RootgradException} (a bug in a
 * {@link SolutionCotangent}, an {@link Error}) stops the other workers from taking new problems
 * and is rethrown on the calling thread, with a suppressed exception naming the problem.
 *
 * <p><b>Input.</b> Checked once per call on the calling thread, before any work: the row counts
 * agree, every row has its length (n for starting points, solutions and cotangents, m for θ and
 * θ̄), starting points and cotangents are finite and θ holds no NaN
 * ({@link DimensionMismatchException}, {@link NonFiniteException} naming the argument and row;
 * whether θ may hold infinities is the solver's to check). A starting point may be the same array
 * as the problem's solution row (warm-starting from the previous call); output rows must otherwise
 * be distinct arrays, not read while the call runs.
 *
 * <p><b>Allocation.</b> After the first call of a size (which makes the solvers' derivative
 * workspaces on each worker), calls allocate nothing on any thread unless a problem fails (an
 * exception is an object) or a call has more problems than any before (the result's arrays grow).
 *
 * <p>Thread safety: a batch serves one call at a time; a call while another is running, from
 * another thread, is refused with {@link InvalidOptionException}. {@link #close()} may be called
 * from any thread but a worker's (from inside a {@link SolutionCotangent}); it waits for a running
 * call to finish. The {@link BatchResult} is overwritten by the next call.
 */
public final class SolverBatch implements AutoCloseable {
    /** Busy-wait rounds (each a {@link Thread#onSpinWait()}) before a waiting thread parks. */
    private static final int SPINS = 1 << 8;
    private static final AtomicInteger BATCHES = new AtomicInteger();

    private final String name;
    private final int n;
    private final int m;
    private final Solver[] solvers;
    private final double[][] xBarScratch;
    /** Worker w ≥ 1 runs on {@code workers[w − 1]}; worker 0 is the calling thread. */
    private final Thread[] workers;
    private final BatchResult result;

    /** The next problem to take. */
    private final AtomicInteger next = new AtomicInteger();
    /** Worker threads still working on the current call. */
    private final AtomicInteger running = new AtomicInteger();
    /** Held by a call, and by {@link #close()} for good. */
    private final AtomicBoolean busy = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    /** The first exception that is not a {@link RootgradException}, from any worker. */
    private final AtomicReference<Throwable> abort = new AtomicReference<>();
    private volatile int abortProblem;
    /** Incremented by every call; its write publishes the call's fields to the workers. */
    private volatile long generation;
    /** Set by {@link #close()} once no call runs: workers exit. */
    private volatile boolean stop;
    private volatile Thread caller;

    // The current call, written by the calling thread before the volatile write of generation.
    private int count;
    private double[][] inits;
    private double[][] thetas;
    private double[][] solutionsOut;
    private double[][] xBars;
    private SolutionCotangent cotangent;
    private double[][] thetaBarsOut;
    private boolean differentiate;

    private SolverBatch(Solver solver, int threads, ThreadFactory factory) {
        this.name = solver.name();
        this.n = solver.dimension();
        this.m = solver.parameterDimension();
        this.solvers = new Solver[threads];
        this.xBarScratch = new double[threads][n];
        for (int w = 0; w < threads; w++) {
            solvers[w] = solver.fork();
        }
        this.result = new BatchResult(name);
        this.workers = new Thread[threads - 1];
        int id = BATCHES.incrementAndGet();
        for (int w = 1; w < threads; w++) {
            int worker = w;
            Runnable loop = () -> workLoop(worker);
            Thread t;
            if (factory == null) {
                t = new Thread(loop, "rootgrad-batch-" + id + "-worker-" + w);
                t.setDaemon(true);
            } else {
                t = factory.newThread(loop);
                if (t == null) {
                    throw new InvalidOptionException("the thread factory returned null for worker " + w);
                }
            }
            workers[w - 1] = t;
        }
        for (Thread t : workers) {
            t.start();
        }
    }

    /**
     * A batch of {@code threads} workers for {@code solver}'s configuration: forks it once per
     * worker and starts {@code threads − 1} daemon platform threads named
     * {@code rootgrad-batch-<id>-worker-<w>} (the calling thread is worker 0).
     *
     * @param solver  the configuration; forked, not used itself
     * @param threads the number of workers, ≥ 1, including the calling thread (e.g. the number of
     *                cores to use)
     * @throws InvalidOptionException if solver is null or threads &lt; 1
     */
    public static SolverBatch of(Solver solver, int threads) {
        return of(solver, threads, null);
    }

    /**
     * As {@link #of(Solver, int)}, with the worker threads made by {@code factory} (e.g. to name
     * them, or to pin them to cores); {@code null} for the default.
     *
     * @throws InvalidOptionException if solver is null, threads &lt; 1, or the factory returns null
     */
    public static SolverBatch of(Solver solver, int threads, ThreadFactory factory) {
        if (solver == null) {
            throw new InvalidOptionException("SolverBatch: solver must not be null");
        }
        Checks.atLeastOne("threads", threads);
        return new SolverBatch(solver, threads, factory);
    }

    /** The number of workers, including the calling thread. */
    public int threads() {
        return solvers.length;
    }

    /** n, the size of every problem's solution (and cotangent x̄). */
    public int dimension() {
        return n;
    }

    /** m, the size of every problem's θ (and θ̄). */
    public int parameterDimension() {
        return m;
    }

    /** The result of the last call (owned by the batch, overwritten by its next call). */
    public BatchResult result() {
        return result;
    }

    /** Whether {@link #close()} has been called. */
    public boolean isClosed() {
        return closed.get();
    }

    /**
     * Solves problem i, x*(θᵢ) from initᵢ, for every i, and copies each solution into
     * {@code solutionsOut[i]}.
     *
     * @param inits        k starting points, n finite elements each (not modified)
     * @param thetas       k parameter vectors, m elements each, no NaN (not modified)
     * @param solutionsOut k rows of n elements, overwritten; a row may be the same array as its
     *                     starting point
     * @return the per-problem outcome ({@link #result()})
     * @throws DimensionMismatchException if the row counts differ or a row has the wrong length
     * @throws NonFiniteException if a starting point holds a NaN or an infinity, or θ a NaN
     * @throws NotConvergedException naming the lowest-numbered failed problem, after every problem
     *         ran, if one did not converge and the solver throws on failure
     * @throws InvalidOptionException if the batch is closed or already running a call
     */
    public BatchResult solve(double[][] inits, double[][] thetas, double[][] solutionsOut) {
        enter();
        try {
            int k = problems("inits", inits);
            rows("inits", inits, k, n, true);
            thetas(thetas, k);
            rows("solutionsOut", solutionsOut, k, n, false);
            return execute(k, inits, thetas, solutionsOut, null, null, null, false);
        } finally {
            exit();
        }
    }

    /**
     * The VJP of every problem's solution with a given cotangent: θ̄ᵢ = x̄ᵢᵀ ∂x*(θᵢ)/∂θ after
     * solving x*(θᵢ) from initᵢ.
     *
     * @see #hypergradients(double[][], double[][], double[][], double[][], double[][])
     */
    public BatchResult hypergradients(double[][] inits, double[][] thetas, double[][] xBars,
                                      double[][] thetaBarsOut) {
        return hypergradients(inits, thetas, xBars, null, thetaBarsOut);
    }

    /**
     * Solves every problem, x*(θᵢ) from initᵢ, and differentiates it: θ̄ᵢ = x̄ᵢᵀ ∂x*(θᵢ)/∂θ with the
     * given cotangents, by the solver's derivative (implicit or unrolled, as configured).
     *
     * @param inits        k starting points, n finite elements each (not modified)
     * @param thetas       k parameter vectors, m elements each, no NaN (not modified)
     * @param xBars        k cotangents x̄ᵢ, n finite elements each (not modified)
     * @param solutionsOut k rows of n elements for the solutions, or {@code null} for none; a row
     *                     may be the same array as its starting point
     * @param thetaBarsOut k rows of m elements for θ̄ᵢ, overwritten
     * @return the per-problem outcome ({@link #result()})
     * @throws DimensionMismatchException if the row counts differ or a row has the wrong length
     * @throws NonFiniteException if a starting point or a cotangent holds a NaN or an infinity,
     *         or θ a NaN
     * @throws NotConvergedException naming the lowest-numbered problem that raised one, after every
     *         problem ran: a run or a derivative that did not converge where the configuration
     *         throws on failure
     * @throws InvalidOptionException if the batch is closed or already running a call
     */
    public BatchResult hypergradients(double[][] inits, double[][] thetas, double[][] xBars,
                                      double[][] solutionsOut, double[][] thetaBarsOut) {
        enter();
        try {
            int k = problems("inits", inits);
            rows("inits", inits, k, n, true);
            thetas(thetas, k);
            rows("xBars", xBars, k, n, true);
            if (solutionsOut != null) {
                rows("solutionsOut", solutionsOut, k, n, false);
            }
            rows("thetaBarsOut", thetaBarsOut, k, m, false);
            return execute(k, inits, thetas, solutionsOut, xBars, null, thetaBarsOut, true);
        } finally {
            exit();
        }
    }

    /**
     * Hypergradients of a loss of the solutions: θ̄ᵢ = x̄ᵢᵀ ∂x*(θᵢ)/∂θ with x̄ᵢ = ∂L/∂x at x*(θᵢ)
     * from {@code xBar}.
     *
     * @see #hypergradients(double[][], double[][], SolutionCotangent, double[][], double[][])
     */
    public BatchResult hypergradients(double[][] inits, double[][] thetas, SolutionCotangent xBar,
                                      double[][] thetaBarsOut) {
        return hypergradients(inits, thetas, xBar, null, thetaBarsOut);
    }

    /**
     * Solves every problem, x*(θᵢ) from initᵢ, asks {@code xBar} for the cotangent x̄ᵢ = ∂L/∂x at
     * the solution (on the worker that solved it, into that worker's zeroed scratch array), and
     * differentiates: θ̄ᵢ = x̄ᵢᵀ ∂x*(θᵢ)/∂θ, the hypergradient dL(x*(θ))/dθ at θᵢ.
     *
     * @param inits        k starting points, n finite elements each (not modified)
     * @param thetas       k parameter vectors, m elements each, no NaN (not modified)
     * @param xBar         the cotangent of each solution, called concurrently by the workers
     * @param solutionsOut k rows of n elements for the solutions, or {@code null} for none; a row
     *                     may be the same array as its starting point
     * @param thetaBarsOut k rows of m elements for θ̄ᵢ, overwritten
     * @return the per-problem outcome ({@link #result()})
     * @throws DimensionMismatchException if the row counts differ or a row has the wrong length
     * @throws NonFiniteException if a starting point holds a NaN or an infinity, or θ a NaN; after
     *         the batch, if a computed cotangent was not finite (naming the problem)
     * @throws NotConvergedException naming the lowest-numbered problem that raised one, after every
     *         problem ran: a run or a derivative that did not converge where the configuration
     *         throws on failure
     * @throws InvalidOptionException if the batch is closed or already running a call, or xBar is null
     */
    public BatchResult hypergradients(double[][] inits, double[][] thetas, SolutionCotangent xBar,
                                      double[][] solutionsOut, double[][] thetaBarsOut) {
        enter();
        try {
            if (xBar == null) {
                throw new InvalidOptionException("SolverBatch: the cotangent function xBar must not be null");
            }
            int k = problems("inits", inits);
            rows("inits", inits, k, n, true);
            thetas(thetas, k);
            if (solutionsOut != null) {
                rows("solutionsOut", solutionsOut, k, n, false);
            }
            rows("thetaBarsOut", thetaBarsOut, k, m, false);
            return execute(k, inits, thetas, solutionsOut, null, xBar, thetaBarsOut, true);
        } finally {
            exit();
        }
    }

    /**
     * Stops the worker threads and waits for them to end, after a call running on another thread
     * has finished; later calls are refused with {@link InvalidOptionException}. Idempotent.
     * Must not be called from inside a {@link SolutionCotangent} (it would wait for itself).
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        // wait for a running call, and keep the batch busy for good
        for (int spins = 0; !busy.compareAndSet(false, true); spins++) {
            if (spins < SPINS) {
                Thread.onSpinWait();
            } else {
                LockSupport.parkNanos(this, 100_000);
            }
        }
        stop = true;
        for (Thread t : workers) {
            LockSupport.unpark(t);
        }
        boolean interrupted = false;
        for (Thread t : workers) {
            while (t.isAlive()) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "SolverBatch(" + name + ", n = " + n + ", m = " + m + ", " + solvers.length + " threads"
                + (closed.get() ? ", closed)" : ")");
    }

    /** The worker threads (not the calling thread); for tests. */
    Thread[] workerThreads() {
        return workers.clone();
    }

    // ---- one call ---------------------------------------------------------------------------

    private void enter() {
        if (!busy.compareAndSet(false, true)) {
            throw new InvalidOptionException(closed.get()
                    ? "SolverBatch is closed: make a new one with SolverBatch.of"
                    : "SolverBatch is already running a call (from another thread, or re-entered from a"
                    + " SolutionCotangent): a batch serves one call at a time");
        }
        if (closed.get()) {
            busy.set(false);
            throw new InvalidOptionException("SolverBatch is closed: make a new one with SolverBatch.of");
        }
    }

    private void exit() {
        busy.set(false);
    }

    private BatchResult execute(int k, double[][] starts, double[][] parameters, double[][] solutionRows,
                                double[][] cotangentRows, SolutionCotangent cotangentFunction,
                                double[][] thetaBarRows, boolean derivatives) {
        result.reset(k, derivatives);
        count = k;
        inits = starts;
        thetas = parameters;
        solutionsOut = solutionRows;
        xBars = cotangentRows;
        cotangent = cotangentFunction;
        thetaBarsOut = thetaBarRows;
        differentiate = derivatives;
        next.set(0);
        try {
            if (workers.length == 0 || k <= 1) {
                runProblems(0); // nothing to share: no hand-off
            } else {
                running.set(workers.length);
                caller = Thread.currentThread();
                generation = generation + 1; // publishes the call (a single writer: the busy flag)
                for (Thread t : workers) {
                    LockSupport.unpark(t);
                }
                runProblems(0);
                for (int spins = 0; running.get() != 0; spins++) {
                    if (spins < SPINS) {
                        Thread.onSpinWait();
                    } else {
                        LockSupport.park(this);
                    }
                }
            }
        } finally {
            inits = null; // hold no caller arrays between calls
            thetas = null;
            solutionsOut = null;
            xBars = null;
            cotangent = null;
            thetaBarsOut = null;
        }
        Throwable error = abort.getAndSet(null);
        if (error != null) {
            error.addSuppressed(new RootgradException("raised by problem " + abortProblem + " of a SolverBatch of "
                    + k + " problems (" + name + "); the other workers stopped taking problems"));
            if (error instanceof RuntimeException e) {
                throw e;
            }
            if (error instanceof Error e) {
                throw e;
            }
            throw new RootgradException("SolverBatch problem " + abortProblem + ": " + error, error);
        }
        result.tally();
        result.throwIfRaised();
        return result;
    }

    private void workLoop(int worker) {
        long seen = 0;
        while (true) {
            long g;
            for (int spins = 0; (g = generation) == seen; spins++) {
                if (stop) {
                    return;
                }
                if (spins < SPINS) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.park(this);
                }
            }
            seen = g;
            runProblems(worker);
            if (running.decrementAndGet() == 0) {
                LockSupport.unpark(caller);
            }
        }
    }

    /** Takes problems from the shared counter until none is left. */
    private void runProblems(int worker) {
        Solver solver = solvers[worker];
        int k = count;
        for (int i; (i = next.getAndIncrement()) < k; ) {
            try {
                solveOne(worker, solver, i);
            } catch (Throwable t) { // not a RootgradException (those stay with their problem)
                if (abort.compareAndSet(null, t)) {
                    abortProblem = i;
                }
                next.set(k);
                return;
            }
        }
    }

    private void solveOne(int worker, Solver solver, int i) {
        BatchResult r = result;
        SolverResult run;
        try {
            run = solver.run(inits[i], thetas[i]);
        } catch (NotConvergedException e) {
            run = solver.result(); // throwOnFailure: the run finished; its result is complete
            r.raise(i, e);
        } catch (RootgradException e) { // refused: nothing to return
            r.raise(i, e);
            if (solutionsOut != null) {
                Arrays.fill(solutionsOut[i], Double.NaN);
            }
            if (differentiate) {
                Arrays.fill(thetaBarsOut[i], Double.NaN);
            }
            return;
        }
        r.forward(i, run.status(), run.iterations(), run.error(), run.value());
        if (solutionsOut != null) {
            run.copySolution(solutionsOut[i]);
        }
        if (!differentiate) {
            return;
        }
        double[] thetaBar = thetaBarsOut[i];
        if (run.status() == Status.NON_FINITE) { // only the last finite iterate: no solution
            Arrays.fill(thetaBar, Double.NaN);
            r.derivative(i, Status.NON_FINITE, 0);
            return;
        }
        try {
            double[] xBar;
            if (xBars != null) {
                xBar = xBars[i];
            } else {
                xBar = xBarScratch[worker];
                Arrays.fill(xBar, 0);
                cotangent.compute(worker, i, run.solution(), xBar);
            }
            solver.vjp(xBar, thetaBar);
            DerivativeReport d = solver.derivative();
            r.derivative(i, d.status(), d.iterations());
        } catch (NotConvergedException e) {
            Arrays.fill(thetaBar, Double.NaN);
            r.derivative(i, e.status(), e.iterations());
            r.raise(i, e);
        } catch (RootgradException e) {
            Arrays.fill(thetaBar, Double.NaN);
            r.raise(i, e);
        }
    }

    // ---- argument checks (messages built only on failure: checks allocate nothing) -------------

    private static int problems(String name, double[][] rows) {
        if (rows == null) {
            throw new DimensionMismatchException(name + " is null");
        }
        return rows.length;
    }

    private static void rows(String name, double[][] rows, int k, int length, boolean finite) {
        if (rows == null) {
            throw new DimensionMismatchException(name + " is null; expected " + k + " rows");
        }
        if (rows.length != k) {
            throw new DimensionMismatchException(name + " has " + rows.length + " rows; inits has " + k);
        }
        for (int i = 0; i < k; i++) {
            double[] row = rows[i];
            if (row == null || row.length != length) {
                Checks.length(name + "[" + i + "]", row, length);
            }
            if (finite) {
                for (int j = 0; j < length; j++) {
                    if (!Double.isFinite(row[j])) {
                        throw new NonFiniteException(name + "[" + i + "]", j, row[j]);
                    }
                }
            }
        }
    }

    private void thetas(double[][] rows, int k) {
        rows("thetas", rows, k, m, false);
        for (int i = 0; i < k; i++) {
            double[] row = rows[i];
            for (int j = 0; j < m; j++) {
                if (Double.isNaN(row[j])) {
                    throw new NonFiniteException("thetas[" + i + "]", j, row[j]);
                }
            }
        }
    }
}
