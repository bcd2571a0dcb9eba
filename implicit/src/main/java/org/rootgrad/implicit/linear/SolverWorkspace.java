package org.rootgrad.implicit.linear;

/**
 * Scratch memory of one {@link LinearSolver} for n×n systems with up to {@code columns}
 * right-hand sides at once, made once by {@link LinearSolver#newWorkspace} and reused by every
 * solve, which then allocates nothing. It also owns the {@link SolveResult} and
 * {@link BlockSolveResult} the solves return.
 *
 * <p>Thread safety: per thread; one solve at a time.
 */
public abstract class SolverWorkspace {
    final int dimension;
    final int columns;
    final SolveResult single = new SolveResult();
    final BlockSolveResult block;

    SolverWorkspace(int dimension, int columns) {
        this.dimension = dimension;
        this.columns = columns;
        this.block = new BlockSolveResult(columns);
    }

    /** n, the size of the systems this workspace serves. */
    public final int dimension() {
        return dimension;
    }

    /** The most right-hand sides a block solve may have with this workspace. */
    public final int columns() {
        return columns;
    }
}
