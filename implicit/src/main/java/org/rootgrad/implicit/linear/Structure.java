package org.rootgrad.implicit.linear;

/**
 * What is known about a square linear operator's structure. Solvers pick their method from it:
 * conjugate gradients needs {@link #SYMMETRIC_POSITIVE_DEFINITE}, MINRES {@link #SYMMETRIC},
 * GMRES and BiCGSTAB accept {@link #GENERAL}.
 *
 * <p>Thread safety: an enum, immutable and shareable.
 */
public enum Structure {
    /** Nothing known: possibly non-symmetric (or not square). */
    GENERAL,
    /** A = Aᵀ, possibly indefinite (e.g. a KKT matrix). */
    SYMMETRIC,
    /** A = Aᵀ and vᵀAv > 0 for v ≠ 0 (e.g. the Hessian at a strict minimum). */
    SYMMETRIC_POSITIVE_DEFINITE;

    public boolean isSymmetric() {
        return this != GENERAL;
    }

    public boolean isPositiveDefinite() {
        return this == SYMMETRIC_POSITIVE_DEFINITE;
    }
}
