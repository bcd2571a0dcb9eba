package org.rootgrad.implicit.linear;

import org.rootgrad.error.DimensionMismatchException;

/**
 * Scratch memory of one {@link LinearSolver} for n×n systems with up to {@code columns}
 * right-hand sides at once, made once by {@link LinearSolver#newWorkspace} and reused by every
 * solve, which then allocates nothing. It also owns the {@link SolveResult} and
 * {@link BlockSolveResult} the solves return.
 *
 * <p><b>Factorisation reuse.</b> A direct solver's workspace ({@link DirectSolverWorkspace})
 * holds the factorisation of its last operator. By default every solve factors again, since the
 * solver cannot know whether a matrix-free operator's values changed (a Jacobian view follows
 * its function's linearisation point). After {@link #reuseFactorization(boolean)
 * reuseFactorization(true)} the caller promises to call {@link #operatorChanged()} whenever the
 * operator's values may have changed; until then, a solve with the same operator, or with a
 * transposed view of it, reuses the factorisation. Krylov workspaces keep no factorisation and
 * ignore both calls.
 *
 * <p>Thread safety: per thread; one solve at a time.
 */
public abstract class SolverWorkspace {
    final int dimension;
    final int columns;
    final SolveResult single = new SolveResult();
    final BlockSolveResult block;
    /** Whether the caller manages {@link #operatorChanged()} so that factorisations may be kept. */
    boolean reuseFactorization;
    /** Incremented by {@link #operatorChanged()}; a kept factorisation remembers the value it saw. */
    long operatorVersion;

    /** @throws DimensionMismatchException if dimension &lt; 0 or columns &lt; 1 */
    SolverWorkspace(int dimension, int columns) {
        if (dimension < 0) {
            throw new DimensionMismatchException("n must be >= 0, got " + dimension);
        }
        if (columns < 1) {
            throw new DimensionMismatchException("columns must be >= 1, got " + columns);
        }
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

    /**
     * Lets a direct solver keep its factorisation between solves with the same operator (or a
     * transposed view of it) until {@link #operatorChanged()}; off by default. See the class
     * comment for the promise this makes.
     *
     * @return this workspace
     */
    public final SolverWorkspace reuseFactorization(boolean enabled) {
        this.reuseFactorization = enabled;
        this.operatorVersion++;
        return this;
    }

    /** Whether factorisations may be kept between solves ({@link #reuseFactorization}). */
    public final boolean reusesFactorization() {
        return reuseFactorization;
    }

    /** Declares that the operator's values may have changed: the next solve factors again. */
    public final void operatorChanged() {
        operatorVersion++;
    }
}
