package org.rootgrad.implicit.linear;

import org.rootgrad.error.Checks;
import org.rootgrad.error.DimensionMismatchException;
import org.rootgrad.error.InvalidOptionException;

/** The argument checks of the solvers' public entry points: O(k²) at most, no allocation. */
final class SolveChecks {
    private SolveChecks() {}

    static void system(String solver, SolverWorkspace ws, LinearOperator a) {
        if (a == null) {
            throw new DimensionMismatchException("a is null");
        }
        if (!a.isSquare()) {
            throw new DimensionMismatchException("a is " + a.rows() + "×" + a.cols() + "; "
                    + solver + " needs a square operator");
        }
        if (ws == null) {
            throw new DimensionMismatchException("workspace is null");
        }
        if (ws.dimension != a.rows()) {
            throw new DimensionMismatchException("workspace was made for n = " + ws.dimension
                    + " but a is " + a.rows() + "×" + a.cols());
        }
    }

    static void vectors(int n, double[] b, double[] x) {
        Checks.length("b", b, n);
        Checks.length("x", x, n);
        if (b == x) {
            throw new InvalidOptionException("x and b are the same array; x must be a separate output");
        }
    }

    static void preconditioner(String solver, Preconditioner m, int n, boolean needsSpd) {
        if (m == null) {
            return;
        }
        if (m.dimension() != n) {
            throw new DimensionMismatchException("preconditioner has dimension " + m.dimension()
                    + "; expected " + n);
        }
        if (needsSpd && !m.isSymmetricPositiveDefinite()) {
            throw new InvalidOptionException(
                    solver + " needs a symmetric positive definite preconditioner; got " + m);
        }
    }

    static void block(int n, int capacity, double[][] b, double[][] x) {
        if (b == null || x == null) {
            throw new DimensionMismatchException(b == null ? "b is null" : "x is null");
        }
        if (b.length != x.length) {
            throw new DimensionMismatchException("b has " + b.length + " columns but x has " + x.length);
        }
        if (b.length > capacity) {
            throw new DimensionMismatchException("b has " + b.length
                    + " columns but the workspace was made for at most " + capacity);
        }
        for (int j = 0; j < b.length; j++) {
            if (b[j] == null || b[j].length != n) {
                throw new DimensionMismatchException("b[" + j + "] has length "
                        + (b[j] == null ? "null" : b[j].length) + "; expected " + n);
            }
            if (x[j] == null || x[j].length != n) {
                throw new DimensionMismatchException("x[" + j + "] has length "
                        + (x[j] == null ? "null" : x[j].length) + "; expected " + n);
            }
        }
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < x.length; j++) {
                if (x[i] == b[j] || (i < j && x[i] == x[j])) {
                    throw new InvalidOptionException("x[" + i + "] is the same array as "
                            + (x[i] == b[j] ? "b[" + j + "]" : "x[" + j + "]")
                            + "; each x[j] must be a separate output");
                }
            }
        }
    }
}
