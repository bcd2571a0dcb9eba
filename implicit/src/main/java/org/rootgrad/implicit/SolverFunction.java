package org.rootgrad.implicit;

import org.rootgrad.error.Status;

/**
 * A user's solver for {@link ImplicitDiff#customRoot} and {@link ImplicitDiff#customFixedPoint}:
 * computes x*(θ) starting from {@code init} (the previous solution, a warm start) and says how
 * it ended. Any algorithm will do: its derivatives come from the optimality condition, not from
 * its iterations.
 *
 * <p>Thread safety: the forks of an {@link ImplicitSolution} share the function unless
 * {@link #fork()} is overridden, so a solver with scratch state must fork it.
 */
@FunctionalInterface
public interface SolverFunction {

    /**
     * out ← x*(θ), from the starting point {@code init}.
     *
     * @param init  the starting point, n elements (read only; distinct from out)
     * @param theta the parameters, m elements (read only)
     * @param out   the solution, n elements
     * @return {@link Status#CONVERGED}, or how the solve failed (never {@code null})
     */
    Status solve(double[] init, double[] theta, double[] out);

    /** An instance for another thread; {@code this} by default (a stateless function). */
    default SolverFunction fork() {
        return this;
    }
}
