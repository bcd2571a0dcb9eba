package org.rootgrad.solvers.constrained;

/** An exact inverse of a KKT Jacobian A, applied to whole vectors of its dimension. */
interface KktInverse {

    /** z ← A⁻¹ r (distinct arrays). */
    void solve(double[] r, double[] z);

    /** z ← A⁻ᵀ r (distinct arrays). */
    void solveTranspose(double[] r, double[] z);
}
