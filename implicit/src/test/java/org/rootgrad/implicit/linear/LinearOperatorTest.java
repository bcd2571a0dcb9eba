package org.rootgrad.implicit.linear;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.rootgrad.error.DimensionMismatchException;
import org.rootgrad.error.InvalidOptionException;
import org.rootgrad.error.NonFiniteException;
import org.rootgrad.testing.DenseReference;

/** Every operator kind against an independently built dense matrix, and the adjoint identity. */
class LinearOperatorTest {
    private static final double TOL = 1e-12;

    /** An operator with the dense matrix it must equal. */
    private record Case(LinearOperator op, double[] matrix, int rows, int cols) {}

    private static Map<String, Case> cases() {
        SplittableRandom random = new SplittableRandom(11);
        Map<String, Case> cases = new LinkedHashMap<>();
        int n = 7;
        double[] a = Dense.randomMatrix(random, n, n);
        double[] b = Dense.randomMatrix(random, n, n);
        double[] rect = Dense.randomMatrix(random, 5, 3);
        double[] rect2 = Dense.randomMatrix(random, 3, 4);
        LinearOperator opA = LinearOperator.dense(n, n, a);
        LinearOperator opB = LinearOperator.dense(n, n, b);
        LinearOperator opRect = LinearOperator.dense(5, 3, rect);
        LinearOperator opRect2 = LinearOperator.dense(3, 4, rect2);

        cases.put("dense", new Case(opA, a, n, n));
        // a 5×3 block inside a larger array, with offset 4 and leading dimension 6
        double[] padded = new double[4 + 5 * 6];
        java.util.Arrays.fill(padded, Double.NaN);
        for (int i = 0; i < 5; i++) {
            for (int j = 0; j < 3; j++) {
                padded[4 + i * 6 + j] = rect[i * 3 + j];
            }
        }
        cases.put("dense with offset and ld",
                new Case(LinearOperator.dense(5, 3, padded, 4, 6, Structure.GENERAL), rect, 5, 3));
        double[] d = Dense.randomVector(random, n);
        double[] dm = new double[n * n];
        for (int i = 0; i < n; i++) {
            dm[i * n + i] = d[i];
        }
        cases.put("diagonal", new Case(LinearOperator.diagonal(d), dm, n, n));
        cases.put("identity", new Case(LinearOperator.identity(n), Dense.plusIdentity(new double[n * n], n, 1), n, n));
        double[] scaled = a.clone();
        for (int i = 0; i < scaled.length; i++) {
            scaled[i] *= -2.5;
        }
        cases.put("scaled", new Case(opA.scaled(-2.5), scaled, n, n));
        double[] sum = new double[n * n];
        for (int i = 0; i < sum.length; i++) {
            sum[i] = a[i] + b[i];
        }
        cases.put("sum", new Case(opA.plus(opB), sum, n, n));
        cases.put("product (square)", new Case(opA.times(opB), Dense.multiply(a, n, n, b, n), n, n));
        cases.put("product (rectangular)",
                new Case(opRect.times(opRect2), Dense.multiply(rect, 5, 3, rect2, 4), 5, 4));
        cases.put("transpose", new Case(opRect.transpose(), DenseReference.transpose(rect, 5, 3), 3, 5));
        cases.put("ridge", new Case(opA.withRidge(0.75), Dense.plusIdentity(a, n, 0.75), n, n));
        cases.put("re-tagged", new Case(opA.withStructure(Structure.SYMMETRIC), a, n, n));
        cases.put("matrix-free", new Case(LinearOperator.fromFunctions(5, 3,
                (x, y) -> System.arraycopy(Dense.multiply(rect, 5, 3, x), 0, y, 0, 5),
                (x, y) -> System.arraycopy(Dense.multiply(DenseReference.transpose(rect, 5, 3), 3, 5, x), 0, y, 0, 3),
                Structure.GENERAL), rect, 5, 3));
        // a composite: (2A + Bᵀ)ᵀ + 0.5 I
        double[] comp = new double[n * n];
        double[] bt = DenseReference.transpose(b, n, n);
        for (int i = 0; i < comp.length; i++) {
            comp[i] = 2 * a[i] + bt[i];
        }
        comp = Dense.plusIdentity(DenseReference.transpose(comp, n, n), n, 0.5);
        cases.put("composite", new Case(opA.scaled(2).plus(opB.transpose()).transpose().withRidge(0.5), comp, n, n));
        return cases;
    }

    @Test
    void everyOperatorMatchesItsDenseMatrixBothWays() {
        SplittableRandom random = new SplittableRandom(3);
        cases().forEach((name, c) -> {
            assertEquals(c.rows, c.op.rows(), name);
            assertEquals(c.cols, c.op.cols(), name);
            double[] x = Dense.randomVector(random, c.cols);
            double[] y = new double[c.rows];
            c.op.apply(x, y);
            assertArrayEquals(Dense.multiply(c.matrix, c.rows, c.cols, x), y, TOL, name + " apply");
            double[] u = Dense.randomVector(random, c.rows);
            double[] v = new double[c.cols];
            c.op.applyTranspose(u, v);
            assertArrayEquals(Dense.multiply(DenseReference.transpose(c.matrix, c.rows, c.cols), c.cols, c.rows, u),
                    v, TOL, name + " applyTranspose");
        });
    }

    @Test
    void adjointIdentityHoldsForEveryOperator() {
        SplittableRandom random = new SplittableRandom(5);
        cases().forEach((name, c) -> {
            double[] x = Dense.randomVector(random, c.cols);
            double[] y = Dense.randomVector(random, c.rows);
            double[] ax = new double[c.rows];
            double[] aty = new double[c.cols];
            c.op.apply(x, ax);
            c.op.applyTranspose(y, aty);
            double lhs = DenseReference.dot(ax, y);
            double rhs = DenseReference.dot(x, aty);
            assertEquals(lhs, rhs, TOL * (1 + Math.abs(lhs)), name);
        });
    }

    @Test
    void blockProductsEqualColumnProducts() {
        SplittableRandom random = new SplittableRandom(9);
        cases().forEach((name, c) -> {
            int k = 3;
            double[][] x = new double[k][];
            double[][] y = new double[k][c.rows];
            double[][] u = new double[k][];
            double[][] v = new double[k][c.cols];
            for (int j = 0; j < k; j++) {
                x[j] = Dense.randomVector(random, c.cols);
                u[j] = Dense.randomVector(random, c.rows);
                java.util.Arrays.fill(y[j], Double.NaN); // outputs must be overwritten
                java.util.Arrays.fill(v[j], Double.NaN);
            }
            c.op.applyBlock(k, x, y);
            c.op.applyTransposeBlock(k, u, v);
            double[] at = DenseReference.transpose(c.matrix, c.rows, c.cols);
            for (int j = 0; j < k; j++) {
                assertArrayEquals(Dense.multiply(c.matrix, c.rows, c.cols, x[j]), y[j], TOL, name + " block " + j);
                assertArrayEquals(Dense.multiply(at, c.cols, c.rows, u[j]), v[j], TOL, name + " block T " + j);
            }
        });
    }

    @Test
    void fusedCurvatureAndResidualMatchTheirDefinitions() {
        SplittableRandom random = new SplittableRandom(13);
        cases().forEach((name, c) -> {
            if (c.rows != c.cols) {
                return;
            }
            double[] x = Dense.randomVector(random, c.cols);
            double[] y = new double[c.rows];
            double xAx = c.op.applyDot(x, y);
            double[] expected = Dense.multiply(c.matrix, c.rows, c.cols, x);
            assertArrayEquals(expected, y, TOL, name);
            assertEquals(DenseReference.dot(x, expected), xAx, TOL, name + " xᵀAx");
            double[] b = Dense.randomVector(random, c.rows);
            double[] r = new double[c.rows];
            double rr = c.op.residual(x, b, r);
            for (int i = 0; i < c.rows; i++) {
                assertEquals(b[i] - expected[i], r[i], TOL, name + " residual");
            }
            assertEquals(DenseReference.dot(r, r), rr, TOL, name + " rᵀr");
        });
    }

    @Test
    void structureTagsFollowTheAlgebra() {
        LinearOperator spd = LinearOperator.diagonal(new double[] {1, 2, 3});
        LinearOperator sym = LinearOperator.diagonal(new double[] {1, -2, 3});
        LinearOperator gen = LinearOperator.dense(3, 3, new double[9]);
        assertEquals(Structure.SYMMETRIC_POSITIVE_DEFINITE, spd.structure());
        assertEquals(Structure.SYMMETRIC, sym.structure());
        assertEquals(Structure.SYMMETRIC_POSITIVE_DEFINITE, LinearOperator.identity(3).structure());
        assertEquals(Structure.SYMMETRIC_POSITIVE_DEFINITE, spd.scaled(2).structure());
        assertEquals(Structure.SYMMETRIC, spd.scaled(-1).structure());
        assertEquals(Structure.SYMMETRIC, spd.scaled(0).structure());
        assertEquals(Structure.SYMMETRIC_POSITIVE_DEFINITE, spd.plus(spd).structure());
        assertEquals(Structure.SYMMETRIC, spd.plus(sym).structure());
        assertEquals(Structure.GENERAL, spd.plus(gen).structure());
        assertEquals(Structure.GENERAL, spd.times(spd).structure());
        assertEquals(Structure.SYMMETRIC, sym.transpose().structure());
        assertEquals(Structure.SYMMETRIC_POSITIVE_DEFINITE, spd.withRidge(1).structure());
        assertEquals(Structure.SYMMETRIC, sym.withRidge(1).structure());
        assertEquals(Structure.SYMMETRIC_POSITIVE_DEFINITE,
                gen.withStructure(Structure.SYMMETRIC_POSITIVE_DEFINITE).structure());
        LinearOperator t = gen.transpose();
        assertSame(gen, t.transpose());
    }

    @Test
    void denseOperatorIsAViewOfTheCallersArray() {
        double[] a = {1, 2, 3, 4};
        DenseOperator op = LinearOperator.dense(2, 2, a);
        double[] y = new double[2];
        op.apply(new double[] {1, 1}, y);
        assertArrayEquals(new double[] {3, 7}, y);
        a[0] = 10;
        op.apply(new double[] {1, 1}, y);
        assertArrayEquals(new double[] {12, 7}, y);
        assertSame(a, op.data());
        assertEquals(0, op.offset());
        assertEquals(2, op.leadingDimension());
        assertEquals(10, op.get(0, 0));
    }

    @Test
    void badShapesAndArgumentsAreNamed() {
        LinearOperator a = LinearOperator.dense(3, 3, new double[9]);
        LinearOperator rect = LinearOperator.dense(3, 2, new double[6]);
        assertMessage(DimensionMismatchException.class, "other", () -> a.plus(rect));
        assertMessage(DimensionMismatchException.class, "right", () -> a.times(LinearOperator.identity(2)));
        assertMessage(DimensionMismatchException.class, "square", () -> rect.withRidge(1));
        assertMessage(InvalidOptionException.class, "rho", () -> a.withRidge(-1));
        assertMessage(DimensionMismatchException.class, "cannot be SYMMETRIC",
                () -> rect.withStructure(Structure.SYMMETRIC));
        assertMessage(DimensionMismatchException.class, "a:", () -> LinearOperator.dense(3, 3, new double[8]));
        assertMessage(DimensionMismatchException.class, "leading dimension",
                () -> LinearOperator.dense(3, 3, new double[20], 0, 2, Structure.GENERAL));
        assertMessage(NonFiniteException.class, "d[1]", () -> LinearOperator.diagonal(new double[] {1, Double.NaN}));
        assertMessage(DimensionMismatchException.class, "cannot be SYMMETRIC",
                () -> LinearOperator.fromFunctions(2, 3, (x, y) -> {}, (x, y) -> {}, Structure.SYMMETRIC));
        assertMessage(NonFiniteException.class, "alpha", () -> a.scaled(Double.POSITIVE_INFINITY));
    }

    static void assertMessage(Class<? extends RuntimeException> type, String fragment, Runnable action) {
        RuntimeException e = assertThrows(type, action::run);
        assertTrue(e.getMessage().contains(fragment), () -> "message '" + e.getMessage()
                + "' should contain '" + fragment + "'");
    }
}
