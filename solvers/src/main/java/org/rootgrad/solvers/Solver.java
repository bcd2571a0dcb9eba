package org.rootgrad.solvers;

import org.rootgrad.implicit.RootFunction;
import org.rootgrad.implicit.SolutionMap;

/**
 * An iterative solver bound to its problem (an objective, a prox, a fixed-point map, ...): it
 * computes x*(θ) with {@link #run} and differentiates that solution with respect to θ, either
 * implicitly, through its {@link #optimalityCondition()} F(x*, θ) = 0 and the implicit function
 * theorem, or by differentiating the unrolled iterations, as chosen by
 * {@link SolverOptions#implicitDiff()}. As a {@link SolutionMap} it becomes a differentiable node
 * of a tape.
 *
 * <p>Threading: a solver holds its problem (whose objectives are per thread) and its workspace,
 * so it is not thread-safe; {@link #fork()} gives an independent one for another thread. Its
 * {@link SolverOptions} are immutable and shareable. After the first run, runs of the same size
 * allocate nothing (unrolled runs allocate only when they record more iterations than any run
 * before them).
 */
public interface Solver extends SolutionMap {

    /** A short name for messages, e.g. {@code "LBFGS"}. */
    String name();

    /** The options this solver was made with. */
    SolverOptions options();

    /**
     * Solves for x*(θ) starting from {@code init}.
     *
     * @param init  the starting point, n elements (not modified)
     * @param theta the parameters, m elements (not modified)
     * @return this solver's result (owned by the solver, valid until its next run)
     * @throws org.rootgrad.error.NotConvergedException if the solve did not converge and
     *         {@link SolverOptions#throwOnFailure()} is on (the default)
     */
    SolverResult run(double[] init, double[] theta);

    /** The result of the last run; its status is {@link org.rootgrad.error.Status#CONVERGED} before any run only if n = 0. */
    SolverResult result();

    /**
     * The optimality condition F(x, θ) whose root the solution is (∇ₓf for smooth minimisation,
     * prox(x − η∇f) − x for proximal gradient, T(x) − x for fixed points, ...). It shares this
     * solver's problem and is per thread like it.
     */
    RootFunction optimalityCondition();

    /**
     * x*(θ) with the same failure policy as {@link #run}; remembers θ for {@link #jvp} and
     * {@link #vjp}. With implicit differentiation the run starts from the previous solution (a
     * warm start; zeros on the first call). With unrolled differentiation it always starts from
     * zeros: the unrolled derivative treats the starting point as a constant, so from a warm
     * start it would differentiate only the last short run, not x*(θ).
     */
    @Override
    void evaluate(double[] theta, double[] x);

    /**
     * ẋ ← ∂x*(θ)/∂θ · θ̇ for the last run: implicitly (a linear solve with ∂ₓF) or through the
     * recorded iterations, as configured. Diagnostics in {@link #derivative()}.
     */
    @Override
    void jvp(double[] thetaDot, double[] xDot);

    /** θ̄ ← x̄ᵀ ∂x*(θ)/∂θ for the last run. Diagnostics in {@link #derivative()}. */
    @Override
    void vjp(double[] xBar, double[] thetaBar);

    /** Diagnostics of the last {@link #jvp} or {@link #vjp}: both the forward and the derivative statuses. */
    DerivativeReport derivative();

    @Override
    Solver fork();
}
