package org.rootgrad.solvers.constrained;

/**
 * How a KKT residual states complementary slackness between the inequality multipliers λ ≥ 0 and
 * the constraints g(x, θ) ≤ 0.
 *
 * <p>Thread safety: an enum, immutable and shareable.
 */
public enum Complementarity {
    /**
     * λⱼ·gⱼ(x, θ) = 0 for every j, smooth everywhere (JAXopt's form). Its Jacobian is not
     * symmetric (row j is λⱼ∇gⱼ in x and gⱼ in λⱼ), so Krylov solves use GMRES; it is
     * nonsingular at a solution with strict complementarity and linearly independent active
     * gradients.
     */
    PRODUCT,
    /**
     * The active set read from the point: constraint j is active where λⱼ &gt; −gⱼ (its
     * multiplier exceeds its slack), and then gⱼ(x, θ) = 0 is imposed; elsewhere λⱼ = 0. The
     * stationarity row keeps only the active multipliers (the others are zero at a solution), so
     * the Jacobian is symmetric, [[H, Jᵀ], [J, 0]] on the active constraints and the identity on
     * the inactive multipliers: MINRES applies. Same roots and, under strict complementarity, the
     * same implicit derivatives as {@link #PRODUCT}.
     */
    ACTIVE_SET
}
