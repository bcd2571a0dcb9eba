package org.rootgrad.implicit.linear;

import org.rootgrad.error.DimensionMismatchException;
import org.rootgrad.error.Status;

/**
 * The outcome of a block solve with k right-hand sides: one {@link SolveResult} per column and
 * their aggregate. Owned by the workspace and overwritten by its next block solve.
 *
 * <p>Thread safety: mutable, per thread, like its workspace.
 */
public final class BlockSolveResult {
    final SolveResult[] results;
    private int k;

    BlockSolveResult(int capacity) {
        results = new SolveResult[capacity];
        for (int j = 0; j < capacity; j++) {
            results[j] = new SolveResult();
        }
    }

    void begin(String solver, int columnCount) {
        this.k = columnCount;
        for (int j = 0; j < columnCount; j++) {
            results[j].begin(solver, j, columnCount);
        }
    }

    /** k, the number of right-hand sides of the last block solve. */
    public int columns() {
        return k;
    }

    /**
     * The result of right-hand side j.
     *
     * @throws DimensionMismatchException unless 0 ≤ j &lt; {@link #columns()}
     */
    public SolveResult column(int j) {
        if (j < 0 || j >= k) {
            throw new DimensionMismatchException("column j = " + j + " is out of range; the block has " + k + " columns");
        }
        return results[j];
    }

    /** {@link Status#CONVERGED} if every column converged, else the status of the first that did not. */
    public Status status() {
        for (int j = 0; j < k; j++) {
            if (!results[j].converged()) {
                return results[j].status();
            }
        }
        return Status.CONVERGED;
    }

    /** Whether every column converged. */
    public boolean converged() {
        return failedColumns() == 0;
    }

    /** The number of columns that did not converge. */
    public int failedColumns() {
        int failed = 0;
        for (int j = 0; j < k; j++) {
            if (!results[j].converged()) {
                failed++;
            }
        }
        return failed;
    }

    /** The most iterations any column took (the lockstep iterations of a Krylov block solve). */
    public int iterations() {
        int max = 0;
        for (int j = 0; j < k; j++) {
            max = Math.max(max, results[j].iterations());
        }
        return max;
    }

    /** The largest relative residual over the columns (NaN if any is NaN). */
    public double maxRelativeResidual() {
        double max = 0;
        for (int j = 0; j < k; j++) {
            double r = results[j].relativeResidual();
            if (!(r <= max)) {
                max = r;
                if (Double.isNaN(r)) {
                    return r;
                }
            }
        }
        return max;
    }

    /**
     * Throws the exception of the first column that did not converge (see
     * {@link SolveResult#throwIfFailed()}, the message names the column).
     *
     * @return this result, when every column converged
     */
    public BlockSolveResult throwIfFailed() {
        for (int j = 0; j < k; j++) {
            results[j].throwIfFailed();
        }
        return this;
    }

    @Override
    public String toString() {
        return k + " right-hand sides: " + status() + ", " + failedColumns() + " failed, "
                + iterations() + " iterations, max relative residual " + maxRelativeResidual();
    }
}
