package org.rootgrad.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.rootgrad.error.DimensionMismatchException;

/**
 * The checked {@link Blas} matrix methods reject wrong shapes, leading dimensions below the
 * column count, negative sizes and offsets and arrays too short, with a
 * {@link DimensionMismatchException} naming the offending argument, before touching any output.
 */
class BlasMatrixChecksTest {

    private static void rejects(String argument, Executable call) {
        DimensionMismatchException e = assertThrows(DimensionMismatchException.class, call);
        assertTrue(e.getMessage().startsWith(argument) || e.getMessage().contains(" " + argument + " ")
                        || e.getMessage().contains(argument + ":"),
                "message should name " + argument + ": " + e.getMessage());
    }

    private static double[] z(int n) {
        return new double[n];
    }

    @Test
    void gemvAndGemvT() {
        // A 3×4 (12), x 4, y 3
        Blas.gemv(3, 4, 1, z(12), 0, 4, z(4), 0, 0, z(3), 0);
        rejects("A", () -> Blas.gemv(3, 4, 1, z(11), 0, 4, z(4), 0, 0, z(3), 0));
        rejects("A", () -> Blas.gemv(3, 4, 1, z(12), 0, 3, z(4), 0, 0, z(3), 0));
        rejects("A", () -> Blas.gemv(-1, 4, 1, z(12), 0, 4, z(4), 0, 0, z(3), 0));
        rejects("A", () -> Blas.gemv(3, 4, 1, z(12), -1, 4, z(4), 0, 0, z(3), 0));
        rejects("A", () -> Blas.gemv(3, 4, 1, z(12), 1, 4, z(4), 0, 0, z(3), 0));
        rejects("x", () -> Blas.gemv(3, 4, 1, z(12), 0, 4, z(3), 0, 0, z(3), 0));
        rejects("x", () -> Blas.gemv(3, 4, 1, z(12), 0, 4, z(4), -2, 0, z(3), 0));
        rejects("y", () -> Blas.gemv(3, 4, 1, z(12), 0, 4, z(4), 0, 0, z(3), 1));
        rejects("y", () -> Blas.gemv(3, 4, 1, z(12), 0, 4, z(4), 0, 0, null, 0));

        Blas.gemvT(3, 4, 1, z(12), 0, 4, z(3), 0, 0, z(4), 0);
        rejects("A", () -> Blas.gemvT(3, 4, 1, z(12), 0, 2, z(3), 0, 0, z(4), 0));
        rejects("x", () -> Blas.gemvT(3, 4, 1, z(12), 0, 4, z(2), 0, 0, z(4), 0));
        rejects("y", () -> Blas.gemvT(3, 4, 1, z(12), 0, 4, z(3), 0, 0, z(3), 0));
        rejects("A", () -> Blas.gemvT(3, -4, 1, z(12), 0, 4, z(3), 0, 0, z(4), 0));
    }

    @Test
    void gerAndSymv() {
        Blas.ger(3, 4, 1, z(3), 0, z(4), 0, z(12), 0, 4);
        rejects("x", () -> Blas.ger(3, 4, 1, z(2), 0, z(4), 0, z(12), 0, 4));
        rejects("y", () -> Blas.ger(3, 4, 1, z(3), 0, z(4), 1, z(12), 0, 4));
        rejects("A", () -> Blas.ger(3, 4, 1, z(3), 0, z(4), 0, z(12), 0, 3));
        rejects("A", () -> Blas.ger(3, 4, 1, z(3), 0, z(4), 0, z(14), 3, 4));

        Blas.symv(3, 1, z(9), 0, 3, z(3), 0, 0, z(3), 0);
        rejects("A", () -> Blas.symv(3, 1, z(8), 0, 3, z(3), 0, 0, z(3), 0));
        rejects("A", () -> Blas.symv(3, 1, z(9), 0, 2, z(3), 0, 0, z(3), 0));
        rejects("A", () -> Blas.symv(-3, 1, z(9), 0, 3, z(3), 0, 0, z(3), 0));
        rejects("x", () -> Blas.symv(3, 1, z(9), 0, 3, z(2), 0, 0, z(3), 0));
        rejects("y", () -> Blas.symv(3, 1, z(9), 0, 3, z(3), 0, 0, z(3), -1));
    }

    @Test
    void syrkBothWays() {
        // transpose == false: A is n×k = 3×2; transpose == true: A is k×n = 2×3
        Blas.syrk(false, 3, 2, 1, z(6), 0, 2, 0, z(9), 0, 3);
        Blas.syrk(true, 3, 2, 1, z(6), 0, 3, 0, z(9), 0, 3);
        rejects("A", () -> Blas.syrk(false, 3, 2, 1, z(6), 0, 3, 0, z(9), 0, 3));
        rejects("A", () -> Blas.syrk(true, 3, 2, 1, z(6), 0, 2, 0, z(9), 0, 3));
        rejects("A", () -> Blas.syrk(false, 3, -2, 1, z(6), 0, 2, 0, z(9), 0, 3));
        rejects("C", () -> Blas.syrk(false, 3, 2, 1, z(6), 0, 2, 0, z(8), 0, 3));
        rejects("C", () -> Blas.syrk(false, 3, 2, 1, z(6), 0, 2, 0, z(9), 0, 2));
        rejects("C", () -> Blas.syrk(false, 3, 2, 1, z(6), 0, 2, 0, z(9), -1, 3));
    }

    @Test
    void gemmAllTransposes() {
        // op(A) 2×3, op(B) 3×4, C 2×4
        Blas.gemm(false, false, 2, 4, 3, 1, z(6), 0, 3, z(12), 0, 4, 0, z(8), 0, 4);
        Blas.gemm(true, false, 2, 4, 3, 1, z(6), 0, 2, z(12), 0, 4, 0, z(8), 0, 4);
        Blas.gemm(false, true, 2, 4, 3, 1, z(6), 0, 3, z(12), 0, 3, 0, z(8), 0, 4);
        Blas.gemm(true, true, 2, 4, 3, 1, z(6), 0, 2, z(12), 0, 3, 0, z(8), 0, 4);
        rejects("A", () -> Blas.gemm(false, false, 2, 4, 3, 1, z(6), 0, 2, z(12), 0, 4, 0, z(8), 0, 4));
        rejects("A", () -> Blas.gemm(true, false, 2, 4, 3, 1, z(6), 0, 3, z(12), 0, 4, 0, z(8), 0, 4));
        rejects("A", () -> Blas.gemm(false, false, 2, 4, 3, 1, z(5), 0, 3, z(12), 0, 4, 0, z(8), 0, 4));
        rejects("B", () -> Blas.gemm(false, false, 2, 4, 3, 1, z(6), 0, 3, z(12), 0, 3, 0, z(8), 0, 4));
        rejects("B", () -> Blas.gemm(false, true, 2, 4, 3, 1, z(6), 0, 3, z(12), 0, 4, 0, z(8), 0, 4));
        rejects("B", () -> Blas.gemm(false, false, 2, 4, 3, 1, z(6), 0, 3, z(12), 1, 4, 0, z(8), 0, 4));
        rejects("C", () -> Blas.gemm(false, false, 2, 4, 3, 1, z(6), 0, 3, z(12), 0, 4, 0, z(7), 0, 4));
        rejects("C", () -> Blas.gemm(false, false, 2, 4, 3, 1, z(6), 0, 3, z(12), 0, 4, 0, z(8), 0, 3));
        rejects("A", () -> Blas.gemm(false, false, -2, 4, 3, 1, z(6), 0, 3, z(12), 0, 4, 0, z(8), 0, 4));
        rejects("A", () -> Blas.gemm(false, false, 2, 4, -3, 1, z(6), 0, 3, z(12), 0, 4, 0, z(8), 0, 4));
        rejects("C", () -> Blas.gemm(false, false, 2, 4, 3, 1, z(6), 0, 3, z(12), 0, 4, 0, z(8), -1, 4));
        double[] shared = z(16);
        assertThrows(DimensionMismatchException.class,
                () -> Blas.gemm(false, false, 2, 2, 2, 1, shared, 0, 2, z(4), 0, 2, 0, shared, 0, 2));
    }

    @Test
    void residualAndGemvDot() {
        Blas.residual(3, 4, z(12), 0, 4, z(4), 0, z(3), 0, z(3), 0);
        rejects("A", () -> Blas.residual(3, 4, z(12), 0, 5, z(4), 0, z(3), 0, z(3), 0));
        rejects("x", () -> Blas.residual(3, 4, z(12), 0, 4, z(3), 0, z(3), 0, z(3), 0));
        rejects("b", () -> Blas.residual(3, 4, z(12), 0, 4, z(4), 0, z(2), 0, z(3), 0));
        rejects("r", () -> Blas.residual(3, 4, z(12), 0, 4, z(4), 0, z(3), 0, z(3), 2));

        Blas.gemvDot(3, 4, z(12), 0, 4, z(4), 0, z(3), 0, z(3), 0);
        rejects("A", () -> Blas.gemvDot(3, 4, z(12), 0, 3, z(4), 0, z(3), 0, z(3), 0));
        rejects("x", () -> Blas.gemvDot(3, 4, z(12), 0, 4, z(4), 1, z(3), 0, z(3), 0));
        rejects("y", () -> Blas.gemvDot(3, 4, z(12), 0, 4, z(4), 0, z(2), 0, z(3), 0));
        rejects("z", () -> Blas.gemvDot(3, 4, z(12), 0, 4, z(4), 0, z(3), 0, z(3), -1));
    }

    @Test
    void rejectedCallsLeaveTheOutputUntouched() {
        double[] y = {1, 2, 3};
        rejects("x", () -> Blas.gemv(3, 4, 1, z(12), 0, 4, z(3), 0, 0, y, 0));
        assertArrayEquals(new double[] {1, 2, 3}, y);
        double[] c = {1, 2, 3, 4};
        rejects("B", () -> Blas.gemm(false, false, 2, 2, 2, 1, z(4), 0, 2, z(3), 0, 2, 0, c, 0, 2));
        assertArrayEquals(new double[] {1, 2, 3, 4}, c);
    }
}
