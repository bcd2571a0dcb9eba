package org.rootgrad.testing;

import java.lang.management.ManagementFactory;

/**
 * Measures heap bytes allocated by the current thread (HotSpot's per-thread counter), for tests
 * that a hot path allocates nothing after warm-up. Shared with every module's tests through the
 * engine's test jar.
 *
 * <p>While the JIT compiles and replaces methods, code that escape analysis will later make
 * allocation-free still allocates in the interpreter and in C1-compiled frames, so a single
 * measurement right after a warm-up is flaky on a loaded machine. {@link #steadyState} therefore
 * measures several windows and returns the least: code that allocates on every call allocates
 * in every window and still fails.
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

    /**
     * Runs {@code body} {@code warmup} times, then measures up to {@code windows} windows of
     * {@code repetitions} runs each and returns the fewest bytes any window allocated (0 as soon
     * as one window allocates nothing).
     */
    public static long steadyState(Runnable body, int warmup, int repetitions, int windows) {
        for (int i = 0; i < warmup; i++) {
            body.run();
        }
        long overhead = measurementOverhead();
        long least = Long.MAX_VALUE;
        for (int w = 0; w < windows && least > 0; w++) {
            long start = allocatedBytes();
            for (int i = 0; i < repetitions; i++) {
                body.run();
            }
            long bytes = Math.max(0, allocatedBytes() - start - overhead);
            least = Math.min(least, bytes);
        }
        return least;
    }

    /** {@link #steadyState} with 10 windows. */
    public static long steadyState(Runnable body, int warmup, int repetitions) {
        return steadyState(body, warmup, repetitions, 10);
    }

    private static long measurementOverhead() {
        long a = allocatedBytes();
        long b = allocatedBytes();
        return b - a;
    }
}
