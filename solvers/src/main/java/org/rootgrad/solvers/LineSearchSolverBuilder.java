package org.rootgrad.solvers;

import org.rootgrad.error.Checks;

/**
 * The step options of the solvers that search along a direction (L-BFGS, nonlinear CG, Newton,
 * Newton–CG): the strong Wolfe line search, the default, or a fixed step. Not thread-safe, like
 * every builder.
 *
 * @param <B> the concrete builder, returned by every setter so calls chain
 */
public abstract class LineSearchSolverBuilder<B extends LineSearchSolverBuilder<B>> extends SolverBuilder<B> {
    private double fixedStep;
    private double c1 = 1e-4;
    private double c2;
    private int maxEvaluations = 25;

    /** A builder with the line search's curvature constant c₂ defaulting to {@code defaultC2}. */
    protected LineSearchSolverBuilder(double defaultC2) {
        this.c2 = defaultC2;
    }

    /**
     * A fixed step t along the solver's search direction instead of the line search (for Newton
     * and Newton–CG, t = 1 is the pure Newton iteration).
     */
    public B fixedStep(double t) {
        Checks.positive("step size", t);
        this.fixedStep = t;
        return self();
    }

    /**
     * The strong Wolfe line search (the default) with constants 0 < c₁ < c₂ < 1 and an evaluation
     * budget per search.
     */
    public B lineSearch(double c1, double c2, int maxEvaluations) {
        StrongWolfeLineSearch.checkConstants(c1, c2, maxEvaluations);
        this.c1 = c1;
        this.c2 = c2;
        this.maxEvaluations = maxEvaluations;
        this.fixedStep = 0;
        return self();
    }

    /** The fixed step, 0 when the line search is used. */
    final double fixedStep() {
        return fixedStep;
    }

    /** A line search for dimension n with these constants, or null with a fixed step. */
    final StrongWolfeLineSearch newLineSearch(int n) {
        return fixedStep > 0 ? null : new StrongWolfeLineSearch(n, c1, c2, maxEvaluations);
    }

    /** Takes the step choice of a built solver (for its fork). */
    final void stepsLike(double step, StrongWolfeLineSearch lineSearch) {
        this.fixedStep = step;
        if (lineSearch != null) {
            this.c1 = lineSearch.c1();
            this.c2 = lineSearch.c2();
            this.maxEvaluations = lineSearch.maxEvaluations();
        }
    }
}
