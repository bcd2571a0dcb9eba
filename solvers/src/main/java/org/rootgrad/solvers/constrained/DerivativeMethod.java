package org.rootgrad.solvers.constrained;

/**
 * How a constrained solver solves the linear systems of its implicit derivatives, with the
 * Jacobian of its KKT conditions at the solution.
 *
 * <p>Thread safety: an enum, immutable and shareable.
 */
public enum DerivativeMethod {
    /**
     * Matrix-free Krylov, the method chosen by {@link org.rootgrad.solvers.SolverOptions#implicit()}
     * from the condition's structure: conjugate gradients for a positive definite reduced system,
     * MINRES for a symmetric indefinite KKT matrix, GMRES for a non-symmetric one. Costs a few
     * products per iteration and no factorisation: the choice for large or sparse-ish problems.
     */
    KRYLOV,
    /**
     * A dense factorisation of the KKT block (the forward solver's own when it has one, e.g.
     * the equality QP's LU or Schur-complement Cholesky; otherwise an LU of the dense block on
     * the free coordinates, read from the problem's data), applied by
     * {@link org.rootgrad.implicit.linear.LinearSolver#richardson} with the factorisation as its
     * preconditioner: one step, whose true residual the derivative report carries. O(N³) once per
     * solution (nothing when the forward solver's factorisation is reused), then O(N²) per
     * derivative: the choice for small and medium problems and for many derivatives per solution.
     * The implicit module's general dense solvers ({@code LinearSolver.denseLu}) would assemble
     * the whole N×N Jacobian from N products and factor it again instead.
     */
    DIRECT
}
