package org.rootgrad.solvers;

import java.util.Arrays;

/**
 * The recorded iterations of an unrolled run: one row of {@code width} doubles per step (the
 * iterate and whatever else the step's derivative needs, such as a step size), kept so that the
 * run can be differentiated afterwards, forward (JVP) or in reverse (VJP). Rows are reused
 * across runs: recording allocates only when a run takes more steps than any run before it.
 *
 * <p>Memory is steps × width doubles: the cost of unrolling that implicit differentiation avoids.
 * Mutable and per thread, like the solver that owns it.
 */
public final class Trajectory {
    private final int width;
    private double[][] rows = new double[0][];
    private int steps;

    public Trajectory(int width) {
        this.width = width;
    }

    /** Forgets the recorded steps (keeps their memory). */
    public void clear() {
        steps = 0;
    }

    /** The row for the next step, to be filled by the caller. */
    public double[] push() {
        if (steps == rows.length) {
            int grown = Math.max(16, 2 * rows.length);
            rows = Arrays.copyOf(rows, grown);
            for (int k = steps; k < grown; k++) {
                rows[k] = new double[width];
            }
        }
        return rows[steps++];
    }

    /** The row of step k (0 ≤ k < {@link #steps()}). */
    public double[] row(int k) {
        if (k < 0 || k >= steps) {
            throw new org.rootgrad.error.DimensionMismatchException("step k = " + k + " is out of range; the trajectory has " + steps + " steps");
        }
        return rows[k];
    }

    /** Steps recorded since the last {@link #clear()}. */
    public int steps() {
        return steps;
    }

    /** Doubles per step. */
    public int width() {
        return width;
    }

    /** Bytes held by the recorded steps (what unrolling costs in memory). */
    public long bytes() {
        return 8L * width * steps;
    }
}
