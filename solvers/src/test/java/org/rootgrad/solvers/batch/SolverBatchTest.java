package org.rootgrad.solvers.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.rootgrad.autodiff.Objective;
import org.rootgrad.error.DimensionMismatchException;
import org.rootgrad.error.InvalidOptionException;
import org.rootgrad.error.NonFiniteException;
import org.rootgrad.error.NotConvergedException;
import org.rootgrad.error.Status;
import org.rootgrad.solvers.LBFGS;
import org.rootgrad.solvers.Newton;
import org.rootgrad.solvers.Solver;
import org.rootgrad.solvers.SolverResult;

/**
 * {@link SolverBatch} on a batch of ridge problems with a different λ each ({@link RidgeProblems}):
 * the same results as one fork running the problems alone, bit for bit; solutions and
 * hypergradients against the closed forms; failures reported per problem and thrown after the
 * batch naming the problem; bad input refused with typed errors; close.
 */
class SolverBatchTest {
    private static final int K = RidgeProblems.FEATURES;
    private static final int PROBLEMS = 29;
    private static final double[] NO_THETA = new double[0];

    private static Solver lbfgs(double tolerance) {
        return LBFGS.builder(RidgeProblems.training()).tolerance(tolerance).maxIterations(1000).build();
    }

    private static Solver newton(double tolerance) {
        return Newton.builder(RidgeProblems.training()).tolerance(tolerance).build();
    }

    /** What one solver computes running the problems one after another; the reference. */
    private record Outputs(double[][] solutions, double[][] thetaBars, Status[] status, int[] iterations) {
        static Outputs of(int k) {
            return new Outputs(RidgeProblems.rows(k, K), RidgeProblems.rows(k, 1), new Status[k], new int[k]);
        }

        void record(BatchResult r) {
            for (int i = 0; i < status.length; i++) {
                status[i] = r.status(i);
                iterations[i] = r.iterations(i);
            }
        }

        boolean bitwiseEqual(Outputs o) {
            return Arrays.deepEquals(solutions, o.solutions) && Arrays.deepEquals(thetaBars, o.thetaBars)
                    && Arrays.equals(status, o.status) && Arrays.equals(iterations, o.iterations);
        }

        String firstDifference(Outputs o) {
            for (int i = 0; i < status.length; i++) {
                if (!Arrays.equals(solutions[i], o.solutions[i]) || !Arrays.equals(thetaBars[i], o.thetaBars[i])
                        || status[i] != o.status[i] || iterations[i] != o.iterations[i]) {
                    return "problem " + i + ": " + Arrays.toString(solutions[i]) + " " + thetaBars[i][0] + " "
                            + status[i] + " " + iterations[i] + " vs " + Arrays.toString(o.solutions[i]) + " "
                            + o.thetaBars[i][0] + " " + o.status[i] + " " + o.iterations[i];
                }
            }
            return "none";
        }
    }

    private static void sequential(Solver single, Objective validation, double[][] inits, double[][] thetas,
                                   Outputs out) {
        double[] xBar = new double[K];
        for (int i = 0; i < inits.length; i++) {
            SolverResult r = single.run(inits[i], thetas[i]);
            r.copySolution(out.solutions[i]);
            out.status[i] = r.status();
            out.iterations[i] = r.iterations();
            validation.valueAndGradient(r.solution(), NO_THETA, xBar);
            single.vjp(xBar, out.thetaBars[i]);
        }
    }

    @Test
    void resultsEqualOneForkRunningTheProblemsAloneBitForBit() {
        double[][] inits = RidgeProblems.inits(PROBLEMS, 5);
        double[][] thetas = RidgeProblems.thetas(PROBLEMS);
        for (Solver prototype : new Solver[] {lbfgs(1e-10), newton(1e-10)}) {
            for (int threads : new int[] {2, 3}) {
                Solver single = prototype.fork();
                Objective validation = RidgeProblems.validation();
                Outputs expected = Outputs.of(PROBLEMS);
                Outputs got = Outputs.of(PROBLEMS);
                try (SolverBatch batch = SolverBatch.of(prototype, threads)) {
                    SolutionCotangent gradient = SolutionCotangent.gradientOf(RidgeProblems.validation(), threads);
                    boolean[] otherWorkers = new boolean[1]; // written by workers, read after the call
                    SolutionCotangent xBar = (worker, problem, solution, out) -> {
                        if (worker != 0) {
                            otherWorkers[0] = true;
                        }
                        gradient.compute(worker, problem, solution, out);
                    };
                    // Vector API reductions round differently until C2 has compiled them: compare the
                    // steady state, where both sides run the same compiled code
                    long warm = System.nanoTime() + 1_000_000_000L;
                    long deadline = warm + 10_000_000_000L;
                    boolean equal = false;
                    int attempts = 0;
                    while (!equal && System.nanoTime() < deadline) {
                        sequential(single, validation, inits, thetas, expected);
                        otherWorkers[0] = false;
                        BatchResult r = batch.hypergradients(inits, thetas, xBar, got.solutions, got.thetaBars);
                        got.record(r);
                        assertTrue(r.allSucceeded(), r.toString());
                        // count only calls in which the worker threads took part
                        equal = System.nanoTime() > warm && otherWorkers[0] && expected.bitwiseEqual(got);
                        attempts++;
                    }
                    assertTrue(equal, prototype.name() + ", " + threads + " threads: no bit-for-bit agreement in "
                            + attempts + " attempts; last difference " + expected.firstDifference(got));
                    assertTrue(Arrays.stream(got.iterations).distinct().count() > 1 || prototype instanceof Newton,
                            "the problems should take different iterations");
                }
            }
        }
    }

    @Test
    void solutionsAndHypergradientsMatchTheClosedForms() {
        int k = PROBLEMS;
        double[][] inits = RidgeProblems.inits(k, 11);
        double[][] thetas = RidgeProblems.thetas(k);
        double[][] xBars = RidgeProblems.inits(k, 12);
        for (Solver prototype : new Solver[] {newton(1e-11), lbfgs(1e-11)}) {
            try (SolverBatch batch = SolverBatch.of(prototype, 2)) {
                double[][] solutions = RidgeProblems.rows(k, K);
                double[][] bars = RidgeProblems.rows(k, 1);
                double[][] hyper = RidgeProblems.rows(k, 1);
                double[][] solved = RidgeProblems.rows(k, K);

                BatchResult r = batch.hypergradients(inits, thetas, xBars, solutions, bars);
                assertTrue(r.allSucceeded(), r.toString());
                assertTrue(r.differentiated());
                batch.hypergradients(inits, thetas, SolutionCotangent.gradientOf(RidgeProblems.validation(), 2),
                        hyper);
                r = batch.solve(inits, thetas, solved);
                assertFalse(r.differentiated());
                assertEquals(0, r.failures());
                assertEquals(-1, r.firstFailure());
                for (int i = 0; i < k; i++) {
                    double lambda = thetas[i][0];
                    double[] w = RidgeProblems.solution(lambda);
                    String at = prototype.name() + ", problem " + i + ", λ = " + lambda;
                    assertEquals(Status.CONVERGED, r.status(i), at);
                    assertTrue(r.error(i) <= 1e-11, at);
                    assertClose(w, solutions[i], 1e-9, at + ": solution");
                    assertClose(w, solved[i], 1e-9, at + ": solve()");
                    assertRelative(RidgeProblems.vjp(lambda, xBars[i]), bars[i][0], 1e-8, at + ": VJP");
                    assertRelative(RidgeProblems.hypergradient(lambda), hyper[i][0], 1e-8, at + ": dL/dλ");
                }
            }
        }
    }

    @Test
    void startingPointsMayBeTheSolutionRowsOfTheLastCall() {
        double[][] thetas = RidgeProblems.thetas(7);
        double[][] rows = RidgeProblems.inits(7, 3);
        try (SolverBatch batch = SolverBatch.of(lbfgs(1e-10), 2)) {
            batch.solve(rows, thetas, rows);
            for (int i = 0; i < 7; i++) {
                assertClose(RidgeProblems.solution(thetas[i][0]), rows[i], 1e-9, "problem " + i);
            }
            BatchResult again = batch.solve(rows, thetas, rows); // warm: already at the solutions
            for (int i = 0; i < 7; i++) {
                assertEquals(0, again.iterations(i), "problem " + i + " restarted at its solution");
            }
        }
    }

    @Test
    void aFailedProblemIsReportedAndThrownAfterTheBatchNamingIt() {
        int k = 9;
        double[][] thetas = RidgeProblems.thetas(k);
        double[][] inits = new double[k][];
        for (int i = 0; i < k; i++) {
            // at the solution: converged before any iteration; problems 3 and 7 from far away
            inits[i] = i == 3 || i == 7 ? RidgeProblems.inits(1, i)[0] : RidgeProblems.solution(thetas[i][0]);
        }
        double[][] solutions = RidgeProblems.rows(k, K);
        double[][] bars = RidgeProblems.rows(k, 1);
        double[][] xBars = RidgeProblems.inits(k, 99);
        Solver throwing = LBFGS.builder(RidgeProblems.training()).maxIterations(2).build();
        try (SolverBatch batch = SolverBatch.of(throwing, 2)) {
            NotConvergedException e = assertThrows(NotConvergedException.class,
                    () -> batch.hypergradients(inits, thetas, xBars, solutions, bars));
            assertTrue(e.getMessage().contains("problem 3 of 9 (2 problems failed)"), e.getMessage());
            assertEquals(Status.MAX_ITERATIONS, e.status());
            assertEquals(2, e.iterations());
            assertInstanceOf(NotConvergedException.class, e.getCause());
            BatchResult r = batch.result();
            assertEquals(2, r.failures());
            assertEquals(3, r.firstFailure());
            for (int i = 0; i < k; i++) {
                boolean far = i == 3 || i == 7;
                assertEquals(far ? Status.MAX_ITERATIONS : Status.CONVERGED, r.status(i), "problem " + i);
                assertEquals(far ? 2 : 0, r.iterations(i), "problem " + i);
                assertEquals(!far, r.succeeded(i), "problem " + i);
                assertEquals(far, r.exception(i) != null, "problem " + i);
                // every problem ran and was differentiated: the far ones at their last iterate
                assertEquals(Status.CONVERGED, r.derivativeStatus(i), "problem " + i);
                assertTrue(Double.isFinite(bars[i][0]) && bars[i][0] != 0, "problem " + i + ": θ̄ " + bars[i][0]);
                assertTrue(Arrays.stream(solutions[i]).anyMatch(v -> v != 0), "problem " + i + " solution");
            }
            // the failed problems' outputs are those of a fork running them alone
            Solver single = throwing.fork();
            for (int i : new int[] {3, 7}) {
                NotConvergedException alone = assertThrows(NotConvergedException.class,
                        () -> single.run(inits[i], thetas[i]));
                assertEquals(2, alone.iterations());
                assertClose(single.result().solution(), solutions[i], 0, "problem " + i);
                assertTrue(r.error(i) > 1e-8, "problem " + i + " error " + r.error(i));
            }
        }

        Solver reporting = LBFGS.builder(RidgeProblems.training()).maxIterations(2).throwOnFailure(false).build();
        try (SolverBatch batch = SolverBatch.of(reporting, 3)) {
            BatchResult r = batch.solve(inits, thetas, solutions);
            assertEquals(2, r.failures());
            assertEquals(3, r.firstFailure());
            assertNull(r.exception(3));
            assertFalse(r.succeeded(7));
            assertTrue(r.toString().contains("2 failed, first problem 3: MAX_ITERATIONS"), r.toString());
            NotConvergedException e = assertThrows(NotConvergedException.class, r::throwIfFailed);
            assertTrue(e.getMessage().contains("problem 3 of 9"), e.getMessage());
        }
    }

    @Test
    void aProblemTheSolverRefusesGetsNaNOutputsAndItsExceptionNamesIt() {
        double[][] thetas = RidgeProblems.thetas(5);
        thetas[2][0] = Double.POSITIVE_INFINITY; // θ may hold infinities for some solvers: the solver checks
        double[][] inits = RidgeProblems.inits(5, 1);
        double[][] solutions = RidgeProblems.rows(5, K);
        double[][] bars = RidgeProblems.rows(5, 1);
        try (SolverBatch batch = SolverBatch.of(newton(1e-10), 2)) {
            NonFiniteException e = assertThrows(NonFiniteException.class,
                    () -> batch.hypergradients(inits, thetas, SolutionCotangent.gradientOf(RidgeProblems.validation(), 2),
                            solutions, bars));
            assertEquals("theta", e.argument());
            assertTrue(e.getSuppressed().length == 1 && e.getSuppressed()[0].getMessage().contains("problem 2 of 5"),
                    Arrays.toString(e.getSuppressed()));
            BatchResult r = batch.result();
            assertNull(r.status(2));
            assertSame(e, r.exception(2));
            assertEquals(1, r.failures());
            assertTrue(Double.isNaN(bars[2][0]));
            assertTrue(Arrays.stream(solutions[2]).allMatch(Double::isNaN));
            for (int i : new int[] {0, 1, 3, 4}) {
                assertTrue(r.succeeded(i), "problem " + i);
                assertRelative(RidgeProblems.hypergradient(thetas[i][0]), bars[i][0], 1e-8, "problem " + i);
            }
        }
    }

    @Test
    void aNonFiniteCotangentFailsOnlyItsProblem() {
        double[][] thetas = RidgeProblems.thetas(6);
        double[][] inits = RidgeProblems.inits(6, 2);
        double[][] bars = RidgeProblems.rows(6, 1);
        SolutionCotangent poisoned = (worker, problem, solution, xBar) -> {
            Arrays.fill(xBar, 1);
            if (problem == 4) {
                xBar[1] = Double.NaN;
            }
        };
        try (SolverBatch batch = SolverBatch.of(newton(1e-10), 2)) {
            NonFiniteException e = assertThrows(NonFiniteException.class,
                    () -> batch.hypergradients(inits, thetas, poisoned, bars));
            assertEquals("xBar", e.argument());
            assertEquals(1, e.index());
            assertEquals(4, batch.result().firstFailure());
            assertEquals(1, batch.result().failures());
            assertTrue(Double.isNaN(bars[4][0]));
            double[] ones = new double[K];
            Arrays.fill(ones, 1);
            for (int i : new int[] {0, 1, 2, 3, 5}) {
                assertRelative(RidgeProblems.vjp(thetas[i][0], ones), bars[i][0], 1e-8, "problem " + i);
            }
        }
    }

    @Test
    void aBugInTheCotangentStopsTheBatchAndIsRethrownWithTheProblem() {
        double[][] thetas = RidgeProblems.thetas(40);
        double[][] inits = RidgeProblems.inits(40, 2);
        double[][] bars = RidgeProblems.rows(40, 1);
        SolutionCotangent buggy = (worker, problem, solution, xBar) -> {
            if (problem == 5) {
                throw new IllegalStateException("bug");
            }
            Arrays.fill(xBar, 1);
        };
        try (SolverBatch batch = SolverBatch.of(newton(1e-10), 2)) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> batch.hypergradients(inits, thetas, buggy, bars));
            assertEquals("bug", e.getMessage());
            assertTrue(e.getSuppressed()[0].getMessage().contains("problem 5 of a SolverBatch of 40"),
                    e.getSuppressed()[0].getMessage());
            // the batch still works
            BatchResult r = batch.hypergradients(inits, thetas, (w, p, s, xBar) -> Arrays.fill(xBar, 1), bars);
            assertTrue(r.allSucceeded(), r.toString());
        }
    }

    @Test
    void badInputIsRefusedWithTypedErrorsNamingTheArgument() {
        double[][] thetas = RidgeProblems.thetas(4);
        double[][] inits = RidgeProblems.inits(4, 1);
        double[][] out = RidgeProblems.rows(4, K);
        double[][] bars = RidgeProblems.rows(4, 1);
        assertThrows(InvalidOptionException.class, () -> SolverBatch.of(null, 2));
        InvalidOptionException threads = assertThrows(InvalidOptionException.class,
                () -> SolverBatch.of(newton(1e-8), 0));
        assertTrue(threads.getMessage().contains("threads"), threads.getMessage());
        try (SolverBatch batch = SolverBatch.of(newton(1e-8), 2)) {
            assertMessage(DimensionMismatchException.class, "inits is null", () -> batch.solve(null, thetas, out));
            assertMessage(DimensionMismatchException.class, "thetas has 3 rows; inits has 4",
                    () -> batch.solve(inits, Arrays.copyOf(thetas, 3), out));
            assertMessage(DimensionMismatchException.class, "solutionsOut is null",
                    () -> batch.solve(inits, thetas, null));
            double[][] shortRow = RidgeProblems.inits(4, 1);
            shortRow[2] = new double[K - 1];
            assertMessage(DimensionMismatchException.class, "inits[2] has length " + (K - 1),
                    () -> batch.solve(shortRow, thetas, out));
            double[][] nullRow = RidgeProblems.rows(4, 1);
            nullRow[1] = null;
            assertMessage(DimensionMismatchException.class, "thetaBarsOut[1] is null",
                    () -> batch.hypergradients(inits, thetas, inits, nullRow));
            double[][] nan = RidgeProblems.inits(4, 1);
            nan[3][2] = Double.NaN;
            NonFiniteException e = assertThrows(NonFiniteException.class, () -> batch.solve(nan, thetas, out));
            assertEquals("inits[3]", e.argument());
            assertEquals(2, e.index());
            double[][] nanTheta = RidgeProblems.thetas(4);
            nanTheta[1][0] = Double.NaN;
            e = assertThrows(NonFiniteException.class, () -> batch.solve(inits, nanTheta, out));
            assertEquals("thetas[1]", e.argument());
            double[][] infBar = RidgeProblems.inits(4, 7);
            infBar[0][5] = Double.NEGATIVE_INFINITY;
            e = assertThrows(NonFiniteException.class, () -> batch.hypergradients(inits, thetas, infBar, bars));
            assertEquals("xBars[0]", e.argument());
            assertMessage(InvalidOptionException.class, "xBar must not be null",
                    () -> batch.hypergradients(inits, thetas, (SolutionCotangent) null, bars));
            assertMessage(DimensionMismatchException.class, "thetaBarsOut[0] has length " + K,
                    () -> batch.hypergradients(inits, thetas, inits, out));
            // nothing ran: no result was touched by the refused calls, and the batch still works
            assertTrue(batch.solve(inits, thetas, out).allSucceeded());
            assertEquals(0, batch.solve(new double[0][], new double[0][], new double[0][]).problems());
        }
        assertThrows(DimensionMismatchException.class,
                () -> SolutionCotangent.gradientOf(RidgeProblems.training(), 2)); // has θ = [λ]
        assertThrows(InvalidOptionException.class, () -> SolutionCotangent.gradientOf(RidgeProblems.validation(), 0));
    }

    @Test
    void closeIsIdempotentStopsTheWorkersAndAClosedBatchRefusesWork() {
        SolverBatch batch = SolverBatch.of(newton(1e-8), 3);
        Thread[] workers = batch.workerThreads();
        assertEquals(2, workers.length);
        double[][] thetas = RidgeProblems.thetas(4);
        double[][] inits = RidgeProblems.inits(4, 1);
        double[][] out = RidgeProblems.rows(4, K);
        assertTrue(batch.solve(inits, thetas, out).allSucceeded());
        assertFalse(batch.isClosed());
        batch.close();
        batch.close();
        assertTrue(batch.isClosed());
        for (Thread t : workers) {
            assertFalse(t.isAlive(), t.getName());
        }
        assertMessage(InvalidOptionException.class, "SolverBatch is closed", () -> batch.solve(inits, thetas, out));
        assertMessage(InvalidOptionException.class, "SolverBatch is closed",
                () -> batch.hypergradients(inits, thetas, inits, RidgeProblems.rows(4, 1)));
        assertTrue(batch.toString().contains("closed"), batch.toString());
    }

    @Test
    void unevenProblemsDoNotWaitForABusyWorkerAndConcurrentCallsAreRefused() throws Exception {
        int k = 12;
        double[][] thetas = RidgeProblems.thetas(k);
        double[][] inits = RidgeProblems.inits(k, 1);
        double[][] bars = RidgeProblems.rows(k, 1);
        CountDownLatch blocked = new CountDownLatch(1);
        CountDownLatch otherTookTheRest = new CountDownLatch(k - 1);
        CountDownLatch release = new CountDownLatch(1);
        boolean[] byOther = new boolean[k];
        SolutionCotangent slowOnWorker0 = (worker, problem, solution, xBar) -> {
            Arrays.fill(xBar, 1);
            try {
                if (worker != 0) {
                    blocked.await(30, TimeUnit.SECONDS); // until worker 0 holds a problem
                    byOther[problem] = true;
                    otherTookTheRest.countDown();
                } else if (blocked.getCount() > 0) {
                    // worker 0's first problem is slow: the other worker must take all the rest meanwhile
                    blocked.countDown();
                    release.await(30, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        ExecutorService caller = Executors.newSingleThreadExecutor();
        ExecutorService closer = Executors.newSingleThreadExecutor();
        SolverBatch batch = SolverBatch.of(newton(1e-10), 2);
        try {
            Future<BatchResult> call = caller.submit(() -> batch.hypergradients(inits, thetas, slowOnWorker0, bars));
            assertTrue(blocked.await(30, TimeUnit.SECONDS));
            assertMessage(InvalidOptionException.class, "already running a call",
                    () -> batch.solve(inits, thetas, RidgeProblems.rows(k, K)));
            // close from this thread waits for the running call
            Future<?> closing = closer.submit(batch::close);
            Thread.sleep(50);
            assertFalse(closing.isDone(), "close must wait for the running call");
            assertTrue(otherTookTheRest.await(30, TimeUnit.SECONDS),
                    "the other worker took all the other problems while worker 0 was busy");
            release.countDown();
            BatchResult r = call.get(30, TimeUnit.SECONDS);
            closing.get(30, TimeUnit.SECONDS);
            assertTrue(r.allSucceeded(), r.toString());
            int others = 0;
            for (boolean b : byOther) {
                others += b ? 1 : 0;
            }
            assertEquals(k - 1, others, "worker 0 was busy with one problem; the other worker took all the rest");
            assertTrue(batch.isClosed());
        } finally {
            release.countDown();
            caller.shutdownNow();
            closer.shutdownNow();
            batch.close();
        }
    }

    @Test
    void aCallReenteredFromTheCotangentIsRefusedAndReportedWithItsProblem() {
        double[][] thetas = RidgeProblems.thetas(3);
        double[][] inits = RidgeProblems.inits(3, 1);
        double[][] bars = RidgeProblems.rows(3, 1);
        try (SolverBatch batch = SolverBatch.of(newton(1e-10), 1)) {
            SolutionCotangent reentrant = (worker, problem, solution, xBar) -> {
                Arrays.fill(xBar, 1);
                if (problem == 1) {
                    batch.solve(inits, thetas, RidgeProblems.rows(3, K));
                }
            };
            InvalidOptionException e = assertThrows(InvalidOptionException.class,
                    () -> batch.hypergradients(inits, thetas, reentrant, bars));
            assertTrue(e.getMessage().contains("already running a call"), e.getMessage());
            assertEquals(1, batch.result().firstFailure());
            assertTrue(batch.result().succeeded(0) && batch.result().succeeded(2));
            assertTrue(batch.hypergradients(inits, thetas, inits, bars).allSucceeded(), "usable afterwards");
        }
    }

    @Test
    void aOneThreadBatchRunsOnTheCallingThread() {
        double[][] thetas = RidgeProblems.thetas(5);
        double[][] inits = RidgeProblems.inits(5, 1);
        Thread me = Thread.currentThread();
        try (SolverBatch batch = SolverBatch.of(newton(1e-10), 1)) {
            assertEquals(0, batch.workerThreads().length);
            assertEquals(1, batch.threads());
            assertEquals(K, batch.dimension());
            assertEquals(1, batch.parameterDimension());
            BatchResult r = batch.hypergradients(inits, thetas, (worker, problem, solution, xBar) -> {
                if (Thread.currentThread() != me || worker != 0) {
                    fail("problem " + problem + " ran on " + Thread.currentThread() + " as worker " + worker);
                }
                Arrays.fill(xBar, 1);
            }, RidgeProblems.rows(5, 1));
            assertTrue(r.allSucceeded());
            assertNotNull(r.toString());
        }
    }

    private static void assertMessage(Class<? extends RuntimeException> type, String fragment,
                                      org.junit.jupiter.api.function.Executable call) {
        RuntimeException e = assertThrows(type, call);
        assertTrue(e.getMessage().contains(fragment), "message '" + e.getMessage() + "' lacks '" + fragment + "'");
    }

    private static void assertClose(double[] expected, double[] actual, double tolerance, String what) {
        for (int j = 0; j < expected.length; j++) {
            assertEquals(expected[j], actual[j], tolerance * Math.max(1, Math.abs(expected[j])), what + " [" + j + "]");
        }
    }

    private static void assertRelative(double expected, double actual, double tolerance, String what) {
        assertEquals(expected, actual, tolerance * Math.abs(expected), what);
    }
}
