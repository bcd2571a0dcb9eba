package org.rootgrad.solvers;

import org.rootgrad.error.Checks;

/**
 * The step options of the first-order solvers (gradient descent, proximal gradient, mirror
 * descent): backtracking from a first trial step with the solver's sufficient-decrease test (the
 * default, first trying t₀ = 1), or a fixed step. Not thread-safe, like every builder.
 *
 * @param <B> the concrete builder, returned by every setter so calls chain
 */
public abstract class BacktrackingSolverBuilder<B extends BacktrackingSolverBuilder<B>> extends SolverBuilder<B> {
    private double stepSize = 1.0;
    private boolean lineSearch = true;

    /** A builder with backtracking from t₀ = 1. */
    protected BacktrackingSolverBuilder() {}

    /**
     * A fixed step t instead of backtracking (gradient descent converges for t &lt; 2/L, proximal
     * gradient for t ≤ 1/L, with L the Lipschitz constant of the smooth part's gradient).
     */
    public B fixedStep(double t) {
        Checks.positive("step size", t);
        this.stepSize = t;
        this.lineSearch = false;
        return self();
    }

    /**
     * Backtracking with the solver's sufficient-decrease test (Armijo for gradient descent, on the
     * smooth part for proximal gradient, Bregman for mirror descent), first trying t₀ (default 1).
     */
    public B lineSearch(double initialStep) {
        Checks.positive("initial step", initialStep);
        this.stepSize = initialStep;
        this.lineSearch = true;
        return self();
    }

    /** The fixed step, or the first trial step of the line search. */
    final double stepSize() {
        return stepSize;
    }

    /** Whether the step is found by backtracking. */
    final boolean backtracking() {
        return lineSearch;
    }

    /** Takes the step choice of a built solver (for its fork). */
    final void stepsLike(double step, boolean backtracking) {
        this.stepSize = step;
        this.lineSearch = backtracking;
    }
}
