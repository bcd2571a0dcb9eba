package org.rootgrad.engine.linalg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rootgrad.engine.linalg.Matrices.EPS;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.rootgrad.error.DimensionMismatchException;
import org.rootgrad.error.SingularOperatorException;

/**
 * The eight triangular solves (lower/upper, plain/transposed, one or many right-hand sides),
 * unit and non-unit diagonal, on diagonally dominant triangles (κ modest) stored with an offset
 * and a leading dimension, the unread triangle (and, for unit diagonal, the diagonal) filled
 * with NaN. Check: T·x reproduces b to 8n·ε relative to |T||x|, computed by a naive product of
 * the explicit triangle; many right-hand sides match single solves column by column.
 */
class TriangularTest {
    private final SplittableRandom rnd = new SplittableRandom(17);

    private enum Kind { LOWER, LOWER_T, UPPER, UPPER_T }

    @Test
    void everySolveReproducesItsRightHandSide() {
        for (int n : new int[] {0, 1, 2, 7, 8, 9, 63, 64, 65, 200}) {
            for (Kind kind : Kind.values()) {
                for (boolean unit : new boolean[] {false, true}) {
                    check(kind, unit, n);
                }
            }
        }
    }

    private void check(Kind kind, boolean unit, int n) {
        boolean lowerStored = kind == Kind.LOWER || kind == Kind.LOWER_T;
        int ld = n + 3;
        int off = 2;
        double[] t = new double[off + n * ld + 1];
        java.util.Arrays.fill(t, Double.NaN);
        double[] dense = new double[n * n]; // the triangle as used, zeros elsewhere
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                boolean inside = lowerStored ? j < i : j > i;
                if (inside) {
                    double v = rnd.nextDouble(-1, 1);
                    t[off + i * ld + j] = v;
                    dense[i * n + j] = v;
                } else if (i == j) {
                    double v = (rnd.nextBoolean() ? 1 : -1) * (n + rnd.nextDouble());
                    if (!unit) {
                        t[off + i * ld + j] = v;
                    }
                    dense[i * n + j] = unit ? 1.0 : v;
                }
            }
        }
        boolean transposed = kind == Kind.LOWER_T || kind == Kind.UPPER_T;
        double[] op = transposed ? Matrices.transpose(dense, n, n) : dense;
        String what = kind + " unit=" + unit + " n=" + n;

        double[] b = Matrices.random(rnd, n + 4, 1);
        double[] x = b.clone();
        switch (kind) {
            case LOWER -> Triangular.solveLower(n, t, off, ld, unit, x, 4);
            case LOWER_T -> Triangular.solveLowerTranspose(n, t, off, ld, unit, x, 4);
            case UPPER -> Triangular.solveUpper(n, t, off, ld, unit, x, 4);
            case UPPER_T -> Triangular.solveUpperTranspose(n, t, off, ld, unit, x, 4);
        }
        for (int i = 0; i < 4; i++) {
            assertEquals(b[i], x[i], 0.0, what + ": wrote before the offset");
        }
        for (int i = 0; i < n; i++) {
            double s = 0;
            double scale = 0;
            for (int j = 0; j < n; j++) {
                s += op[i * n + j] * x[4 + j];
                scale += Math.abs(op[i * n + j] * x[4 + j]);
            }
            assertTrue(Math.abs(s - b[4 + i]) <= 8 * (n + 1) * EPS * (scale + Math.abs(b[4 + i])),
                    what + ": row " + i + " gives " + s + ", want " + b[4 + i]);
        }

        int nrhs = 6;
        int ldb = nrhs + 1;
        double[] bm = Matrices.random(rnd, 1 + n * ldb, 1);
        double[] xm = bm.clone();
        switch (kind) {
            case LOWER -> Triangular.solveLower(n, nrhs, t, off, ld, unit, xm, 1, ldb);
            case LOWER_T -> Triangular.solveLowerTranspose(n, nrhs, t, off, ld, unit, xm, 1, ldb);
            case UPPER -> Triangular.solveUpper(n, nrhs, t, off, ld, unit, xm, 1, ldb);
            case UPPER_T -> Triangular.solveUpperTranspose(n, nrhs, t, off, ld, unit, xm, 1, ldb);
        }
        for (int c = 0; c < nrhs; c++) {
            double[] col = new double[n];
            for (int i = 0; i < n; i++) {
                col[i] = bm[1 + i * ldb + c];
            }
            switch (kind) {
                case LOWER -> Triangular.solveLower(n, t, off, ld, unit, col, 0);
                case LOWER_T -> Triangular.solveLowerTranspose(n, t, off, ld, unit, col, 0);
                case UPPER -> Triangular.solveUpper(n, t, off, ld, unit, col, 0);
                case UPPER_T -> Triangular.solveUpperTranspose(n, t, off, ld, unit, col, 0);
            }
            for (int i = 0; i < n; i++) {
                assertEquals(col[i], xm[1 + i * ldb + c], 64 * (n + 1) * EPS * (1 + Math.abs(col[i])),
                        what + ": many-rhs column " + c + " row " + i);
            }
        }
        for (int i = 0; i < n; i++) {
            assertEquals(bm[1 + i * ldb + nrhs], xm[1 + i * ldb + nrhs], 0.0, what + ": wrote in the padding");
        }
    }

    @Test
    void zeroDiagonalAndBadShapesAreRejected() {
        double[] l = {2, 0, 0, 1, 0, 0, 1, 1, 3}; // L(1,1) = 0
        double[] b = {1, 2, 3};
        SingularOperatorException e = assertThrows(SingularOperatorException.class,
                () -> Triangular.solveLower(3, l, 0, 3, false, b, 0));
        assertEquals(1, e.index());
        assertArrayEquals(new double[] {1, 2, 3}, b, "b untouched on failure");
        Triangular.solveLower(3, l, 0, 3, true, b, 0); // unit diagonal: the zero is not read
        assertThrows(DimensionMismatchException.class, () -> Triangular.solveUpper(3, l, 0, 2, false, b, 0));
        assertThrows(DimensionMismatchException.class, () -> Triangular.solveUpper(3, l, 1, 3, true, b, 0));
        assertThrows(DimensionMismatchException.class, () -> Triangular.solveLowerTranspose(3, l, 0, 3, true, b, 1));
        assertThrows(DimensionMismatchException.class, () -> Triangular.solveUpperTranspose(-1, l, 0, 3, true, b, 0));
        assertThrows(DimensionMismatchException.class,
                () -> Triangular.solveLower(3, 2, l, 0, 3, true, new double[5], 0, 2));
        assertThrows(DimensionMismatchException.class,
                () -> Triangular.solveUpper(3, 2, l, 0, 3, true, new double[6], 0, 1));
        assertThrows(DimensionMismatchException.class,
                () -> Triangular.solveUpperTranspose(3, -2, l, 0, 3, true, new double[6], 0, 2));
    }
}
