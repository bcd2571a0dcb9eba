package org.rootgrad.implicit.linear;

import org.rootgrad.error.DimensionMismatchException;

/** The rule that picks a linear solver for an operator when the user names none. */
final class SolverSelection {
    private SolverSelection() {}

    static LinearSolver choose(LinearOperator a, LinearSolverOptions options) {
        // A dense direct solver (Cholesky for SPD, LU otherwise) wins for small n or a dense
        // operator; that rule joins here with the dense factorizations.
        return LinearSolver.forStructure(a.structure(), options);
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
