package org.rootgrad.solvers.testing;

import java.lang.management.ManagementFactory;

/** Bytes allocated by the current thread, from HotSpot's ThreadMXBean. */
public final class Allocation {
    private Allocation() {}

    private static final com.sun.management.ThreadMXBean BEAN =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    /** Bytes allocated by the current thread so far. */
    public static long allocatedBytes() {
        return BEAN.getCurrentThreadAllocatedBytes();
    }

    /**
     * Bytes allocated by {@code body.run()} repeated {@code repetitions} times after
     * {@code warmup} unmeasured runs, minus the cost of the measurement itself.
     */
    public static long measure(Runnable body, int warmup, int repetitions) {
        for (int i = 0; i < warmup; i++) {
            body.run();
        }
        long overheadStart = allocatedBytes();
        long overheadEnd = allocatedBytes();
        long overhead = overheadEnd - overheadStart;
        long start = allocatedBytes();
        for (int i = 0; i < repetitions; i++) {
            body.run();
        }
        long end = allocatedBytes();
        return Math.max(0, end - start - overhead);
    }
}
