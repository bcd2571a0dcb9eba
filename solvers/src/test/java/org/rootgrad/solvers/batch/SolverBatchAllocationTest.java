package org.rootgrad.solvers.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rootgrad.solvers.LBFGS;
import org.rootgrad.testing.Allocations;

/**
 * Warm batch calls (a solve, hypergradients with given cotangents, hypergradients of a validation
 * loss) allocate nothing: on the calling thread, measured by {@link Allocations#steadyState} (which
 * counts the current thread's allocation only; the caller is worker 0 and runs problems too), and
 * on the batch's own worker threads, whose HotSpot allocation counters are read over windows of
 * calls in the same way (some window must allocate nothing; code that allocates per call
 * allocates in every window).
 */
class SolverBatchAllocationTest {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    @ParameterizedTest(name = "{0} threads")
    @ValueSource(ints = {1, 2})
    void warmCallsAllocateNothingOnAnyThread(int threads) {
        int k = 16;
        double[][] inits = RidgeProblems.inits(k, 4);
        double[][] thetas = RidgeProblems.thetas(k);
        double[][] xBars = RidgeProblems.inits(k, 5);
        double[][] solutions = RidgeProblems.rows(k, RidgeProblems.FEATURES);
        double[][] bars = RidgeProblems.rows(k, 1);
        try (SolverBatch batch = SolverBatch.of(
                LBFGS.builder(RidgeProblems.training()).tolerance(1e-10).build(), threads)) {
            SolutionCotangent validation = SolutionCotangent.gradientOf(RidgeProblems.validation(), threads);
            Runnable body = () -> {
                batch.solve(inits, thetas, solutions);
                batch.hypergradients(inits, thetas, xBars, bars);
                batch.hypergradients(inits, thetas, validation, solutions, bars);
            };
            assertEquals(0L, Allocations.steadyState(body, 300, 20), "the calling thread allocates");

            Thread[] workers = batch.workerThreads();
            assertEquals(threads - 1, workers.length);
            if (workers.length > 0) {
                long least = Long.MAX_VALUE;
                long deadline = System.nanoTime() + Allocations.DEFAULT_BUDGET_NANOS;
                do {
                    long before = allocated(workers);
                    for (int i = 0; i < 20; i++) {
                        body.run();
                    }
                    least = Math.min(least, allocated(workers) - before);
                } while (least > 0 && System.nanoTime() < deadline);
                assertEquals(0L, least, "the worker threads allocate");
            }
            assertEquals(0, batch.result().failures());
        }
    }

    private static long allocated(Thread[] workers) {
        long sum = 0;
        for (Thread t : workers) {
            sum += THREADS.getThreadAllocatedBytes(t.threadId());
        }
        return sum;
    }
}
