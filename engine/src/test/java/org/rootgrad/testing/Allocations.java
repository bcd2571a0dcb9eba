package org.rootgrad.testing;

import java.lang.management.ManagementFactory;

/**
 * Measures heap bytes allocated by the current thread (HotSpot's per-thread counter), for tests
 * that a hot path allocates nothing after warm-up. Shared with every module's tests through the
 * engine's test jar.
 *
 * <p>Until C2 has compiled a hot path, code that escape analysis (and, for the Vector API, box
 * elimination) later makes allocation-free still allocates in the interpreter and in C1 frames;
 * on a loaded machine the C2 queue can lag far behind a fixed warm-up. {@link #steadyState}
 * therefore keeps measuring windows until one allocates nothing or a time budget runs out, and
 * returns the least any window allocated: code that allocates on every call allocates in every
 * window and still fails.
 */
public final class Allocations {
    private Allocations() {}

    private static final com.sun.management.ThreadMXBean THREADS = counter();

    private static com.sun.management.ThreadMXBean counter() {
        var bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        if (!bean.isThreadAllocatedMemorySupported()) {
            throw new IllegalStateException("this JVM cannot count per-thread allocation");
        }
        bean.setThreadAllocatedMemoryEnabled(true);
        bean.getCurrentThreadAllocatedBytes(); // the first call may initialise the counter
        return bean;
    }

    /** Bytes allocated by the current thread so far. */
    public static long allocatedBytes() {
        return THREADS.getCurrentThreadAllocatedBytes();
    }

    /** The default time budget of {@link #steadyState}: 10 seconds. */
    public static final long DEFAULT_BUDGET_NANOS = 10_000_000_000L;

    /**
     * Runs {@code body} {@code warmup} times, then measures windows of {@code repetitions} runs
     * each until one allocates nothing or {@code budgetNanos} have passed (at least one window
     * is always measured), and returns the fewest bytes any window allocated.
     */
    public static long steadyState(Runnable body, int warmup, int repetitions, long budgetNanos) {
        for (int i = 0; i < warmup; i++) {
            body.run();
        }
        long overhead = measurementOverhead();
        long deadline = System.nanoTime() + budgetNanos;
        long least = Long.MAX_VALUE;
        do {
            long start = allocatedBytes();
            for (int i = 0; i < repetitions; i++) {
                body.run();
            }
            long bytes = Math.max(0, allocatedBytes() - start - overhead);
            least = Math.min(least, bytes);
        } while (least > 0 && System.nanoTime() < deadline);
        return least;
    }

    /** {@link #steadyState} with the default time budget. */
    public static long steadyState(Runnable body, int warmup, int repetitions) {
        return steadyState(body, warmup, repetitions, DEFAULT_BUDGET_NANOS);
    }

    private static long measurementOverhead() {
        long a = allocatedBytes();
        long b = allocatedBytes();
        return b - a;
    }
}
