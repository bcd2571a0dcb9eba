package org.rootgrad.implicit.linear;

import org.rootgrad.error.DimensionMismatchException;

/**
 * The rule that picks a linear solver when the user names none: a dense direct solver up to a
 * size, a Krylov method from the structure tag above it.
 *
 * <p>Why a size rule: a direct solve of a matrix-free n×n operator costs n products to assemble
 * it plus n³/3 (Cholesky) or 2n³/3 (LU) flops, against the k products of a Krylov solve, and in
 * exchange gives an answer whose accuracy does not depend on how many iterations the spectrum
 * needs, detects singular and indefinite matrices, and serves every later right-hand side at
 * the same point (a JVP and a VJP, a whole Jacobian) for two triangular solves each. An
 * operator backed by a dense array needs no assembly, so its threshold is higher. The two
 * thresholds and their measurements are documented on {@link LinearSolver}.
 */
final class SolverSelection {
    private SolverSelection() {}

    static LinearSolver choose(Structure structure, int n, int denseMax, LinearSolverOptions options) {
        if (structure == null || options == null) {
            throw new DimensionMismatchException(structure == null ? "structure is null" : "options is null");
        }
        if (n < 0) {
            throw new DimensionMismatchException("n must be >= 0, got " + n);
        }
        if (n <= denseMax) {
            return structure.isPositiveDefinite() ? LinearSolver.denseCholesky(options)
                    : LinearSolver.denseLu(options);
        }
        return LinearSolver.forStructure(structure, options);
    }

    /** Whether the operator's values live in a dense array the direct solvers read in place. */
    static boolean isDenseBacked(LinearOperator a) {
        LinearOperator base = a;
        while (true) {
            if (base instanceof TransposeOperator t) {
                base = t.base;
            } else if (base instanceof StructuredOperator s) {
                base = s.base;
            } else if (base instanceof RidgeOperator r) {
                base = r.base;
            } else {
                return base instanceof DenseOperator;
            }
        }
    }

    static void requireSquare(LinearOperator a) {
        if (a == null) {
            throw new DimensionMismatchException("a is null");
        }
        if (!a.isSquare()) {
            throw new DimensionMismatchException(
                    "a is " + a.rows() + "×" + a.cols() + "; a linear solve needs a square operator");
        }
    }
}
