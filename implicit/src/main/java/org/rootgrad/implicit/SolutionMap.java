package org.rootgrad.implicit;

import org.rootgrad.error.Status;

/**
 * A solution map θ ↦ x*(θ) computed by some procedure (an iterative solver, a closed form) with
 * derivatives at the last θ it was evaluated at: the shape in which a solver's output becomes a
 * differentiable node of a tape ({@link ImplicitDiff#node}), whether its derivatives come from
 * the implicit function theorem ({@link ImplicitDiff}, {@link ImplicitSolution}) or from
 * differentiating the unrolled iterations.
 *
 * <p>Stateful and per thread: {@link #evaluate} remembers (x*, θ) and may warm-start from the
 * previous solution; {@link #jvp} and {@link #vjp} differentiate that last evaluation. Use
 * {@link #fork()} for another thread.
 */
public interface SolutionMap {

    /** n, the size of x*. */
    int dimension();

    /** m, the size of θ. */
    int parameterDimension();

    /** x ← x*(θ); remembers the point for {@link #jvp} and {@link #vjp}. */
    void evaluate(double[] theta, double[] x);

    /** ẋ ← ∂x*(θ)/∂θ · θ̇ at the last evaluation. */
    void jvp(double[] thetaDot, double[] xDot);

    /** θ̄ ← x̄ᵀ ∂x*(θ)/∂θ at the last evaluation. */
    void vjp(double[] xBar, double[] thetaBar);

    /** An independent instance for another thread. */
    SolutionMap fork();

    /**
     * How the last {@link #evaluate} ended: {@link Status#CONVERGED}, or the status of the
     * failed forward solve (when the map reports rather than throws); {@code null} if this map
     * does not track one (the default).
     */
    default Status lastStatus() {
        return null;
    }

    /**
     * Diagnostics of the last {@link #jvp} or {@link #vjp} when it was an implicit derivative
     * (its linear solve, forward residual and error estimate); {@code null} if this map has none
     * (the default: a closed form, an unrolled derivative).
     */
    default ImplicitResult lastDerivative() {
        return null;
    }
}
