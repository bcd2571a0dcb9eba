package org.rootgrad.solvers.projection;

/**
 * The form of the Jacobian J = ∂P/∂v of a projection or prox with respect to its input, as far as
 * it is simple enough to exploit. The form is a property of the operator (it holds at every
 * point); the numbers in it (the diagonal d, the vector u and the weight γ) depend on the point
 * and are read with {@code jacobianDiagonal} and {@code jacobianRankOne} after a
 * {@code linearize}.
 *
 * <p>The implicit module uses the form for active-set reduction: with a {@link #MASK}, the
 * coordinates with d<sub>i</sub> = 0 are fixed and drop out of the linear system; with
 * {@link #DIAGONAL_MINUS_RANK_ONE} of a simplex-like set the system reduces to the support and a
 * one-dimensional constraint.
 *
 * <p>Thread safety: an enum, immutable and shareable.
 */
public enum JacobianStructure {
    /**
     * J = diag(d) with every d<sub>i</sub> ∈ {0, 1}: coordinate i is free (1) or fixed (0).
     * Non-negative orthant, box, l∞ ball, lasso support, identity.
     */
    MASK,
    /** J = diag(d) with arbitrary d (elastic net, ridge: a mask scaled by 1/(1 + ηλ₂)). */
    DIAGONAL,
    /**
     * J = diag(d) − γ·u·uᵀ with γ ≥ 0 (symmetric): simplex (d = u = support indicator,
     * γ = 1/|support|), l1 ball, l2 ball, l2 sphere, hyperplane, halfspace.
     */
    DIAGONAL_MINUS_RANK_ONE,
    /** J = Jᵀ, with no further structure exposed (group lasso: block diagonal). */
    SYMMETRIC,
    /** Nothing known. */
    GENERAL;

    /** Whether J is known to be diagonal (d is then its diagonal and there is no rank-one term). */
    public boolean isDiagonal() {
        return this == MASK || this == DIAGONAL;
    }

    /** Whether {@code jacobianDiagonal} and {@code jacobianRankOne} describe J completely. */
    public boolean hasDiagonalDescription() {
        return this == MASK || this == DIAGONAL || this == DIAGONAL_MINUS_RANK_ONE;
    }

    /** Whether J = Jᵀ (so a VJP equals the JVP with the same vector). */
    public boolean isSymmetric() {
        return this != GENERAL;
    }
}
