package org.rootgrad.error;

/**
 * Outcome of an iterative or direct computation: a forward solver, a linear solve, a line search.
 * Every result in Rootgrad carries one; only {@link #CONVERGED} means the answer met its tolerance.
 *
 * <p>Thread safety: an enum, immutable and shareable.
 */
public enum Status {
    /** The tolerance was met. */
    CONVERGED,
    /** The iteration limit was reached before the tolerance was met. */
    MAX_ITERATIONS,
    /** The method broke down (a zero denominator in a Krylov recurrence, a lost search direction). */
    BREAKDOWN,
    /** The operator was found not positive definite where the method needs it to be. */
    INDEFINITE,
    /** The operator was found singular. */
    SINGULAR,
    /** A NaN or infinity appeared in the iterates or residuals. */
    NON_FINITE,
    /** The line search could not find an acceptable step. */
    LINE_SEARCH_FAILED,
    /** Progress stalled: iterates stopped changing before the tolerance was met. */
    STAGNATED,
    /** The problem has no feasible point (certificate found). */
    PRIMAL_INFEASIBLE,
    /** The problem is unbounded below (dual infeasibility certificate found). */
    DUAL_INFEASIBLE;

    /** Whether this status means the result met its tolerance. */
    public boolean converged() {
        return this == CONVERGED;
    }
}
