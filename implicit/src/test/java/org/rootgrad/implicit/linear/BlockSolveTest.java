package org.rootgrad.implicit.linear;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rootgrad.implicit.linear.LinearOperatorTest.assertMessage;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.rootgrad.error.DimensionMismatchException;
import org.rootgrad.error.InvalidOptionException;
import org.rootgrad.error.NotConvergedException;
import org.rootgrad.error.Status;
import org.rootgrad.testing.DenseReference;

/** Block solves with many right-hand sides equal the column-by-column solves. */
class BlockSolveTest {

    static List<Methods> all() {
        return List.of(Methods.CG, Methods.MINRES, Methods.GMRES, Methods.GMRES_SHORT, Methods.BICGSTAB,
                Methods.CGNR, Methods.REFINED_CG, Methods.DENSE_CHOLESKY, Methods.DENSE_LU, Methods.DENSE_QR);
    }

    /** Right-hand sides of different difficulty, one of them zero, one a multiple of another. */
    private static double[][] rightHandSides(SplittableRandom random, int n, int k) {
        double[][] b = new double[k][];
        for (int j = 0; j < k; j++) {
            b[j] = Dense.randomVector(random, n);
        }
        b[1] = new double[n];
        for (int i = 0; i < n; i++) {
            b[3][i] = 1e3 * b[0][i];
        }
        return b;
    }

    private static void assertBlockEqualsColumns(Methods method, LinearOperator op, Preconditioner m, double[][] b,
                                                 LinearSolverOptions options) {
        int n = op.rows();
        int k = b.length;
        LinearSolver solver = method.make(options);
        SolverWorkspace ws = solver.newWorkspace(n, k);
        double[][] x = new double[k][n];
        BlockSolveResult block = solver.solveBlock(ws, op, m, b, x);
        assertEquals(k, block.columns());
        assertEquals(Status.CONVERGED, block.status(), () -> method + ": " + block);
        assertTrue(block.converged());
        assertEquals(0, block.failedColumns());
        SolverWorkspace single = solver.newWorkspace(n);
        int most = 0;
        for (int j = 0; j < k; j++) {
            double[] xj = new double[n];
            SolveResult alone = solver.solve(single, op, m, b[j], xj);
            SolveResult column = block.column(j);
            assertEquals(alone.status(), column.status(), method + " column " + j);
            // The block product (one pass over A for all columns) rounds differently from the
            // single-vector product, which can move the stopping test by one step.
            assertTrue(Math.abs(alone.iterations() - column.iterations()) <= 1,
                    method + " column " + j + " iterations: " + alone.iterations() + " alone, "
                            + column.iterations() + " in the block");
            assertEquals(alone.residualNorm(), column.residualNorm(), 1e-9 * (1 + Dense.norm(b[j])),
                    method + " column " + j + " residual");
            double scale = Math.max(1e-300, Dense.norm(xj));
            assertTrue(Dense.distance(xj, x[j]) <= 1e-8 * scale,
                    method + " column " + j + ": " + Dense.distance(xj, x[j]) / scale);
            most = Math.max(most, column.iterations());
        }
        assertEquals(most, block.iterations(), "the block reports its slowest column");
        assertArrayEquals(new double[n], x[1], 0.0, "the zero right-hand side gives x = 0");
        assertEquals(0, block.column(1).iterations());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("all")
    void denseBlockSolveEqualsColumnSolves(Methods method) {
        SplittableRandom random = new SplittableRandom(400);
        int n = 30;
        double[] a = method == Methods.CG || method == Methods.REFINED_CG || method == Methods.MINRES
                || method == Methods.DENSE_CHOLESKY
                ? Dense.withSpectrum(random, Dense.geometric(n, 1, 100))
                : Dense.convectionDiffusion(n, 25);
        LinearOperator op = LinearOperator.dense(n, n, a, 0, n, Structure.GENERAL);
        assertBlockEqualsColumns(method, op, null, rightHandSides(random, n, 5), LinearSolverOptions.defaults());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("all")
    void matrixFreePreconditionedRidgeBlockSolveEqualsColumnSolves(Methods method) {
        SplittableRandom random = new SplittableRandom(401);
        int n = 25;
        double[] a = Dense.diagonallyDominated(random, n);
        VectorMap product = (x, y) -> System.arraycopy(Dense.multiply(a, n, n, x), 0, y, 0, n);
        LinearOperator op = LinearOperator.fromFunctions(n, n, product, product, Structure.SYMMETRIC_POSITIVE_DEFINITE);
        double[] d = Dense.diagonal(a, n);
        for (int i = 0; i < n; i++) {
            d[i] += 0.5;
        }
        if (method == Methods.CGNR) {
            for (int i = 0; i < n; i++) {
                d[i] *= d[i];
            }
        }
        assertBlockEqualsColumns(method, op, Preconditioner.jacobi(d), rightHandSides(random, n, 4),
                LinearSolverOptions.builder().ridge(0.5).build());
    }

    @Test
    void failingColumnsAreReportedPerColumnAndInAggregate() {
        SplittableRandom random = new SplittableRandom(402);
        int n = 20;
        double[] a = Dense.withSpectrum(random, Dense.geometric(n, 1, 100));
        double[][] b = {Dense.randomVector(random, n), Dense.randomVector(random, n), Dense.randomVector(random, n)};
        b[1][4] = Double.NaN;
        double[][] x = new double[3][n];
        LinearSolver cg = LinearSolver.conjugateGradient(LinearSolverOptions.defaults());
        SolverWorkspace ws = cg.newWorkspace(n, 3);
        BlockSolveResult result = cg.trySolveBlock(ws, LinearOperator.dense(n, n, a), null, b, x);
        assertEquals(Status.NON_FINITE, result.status());
        assertEquals(1, result.failedColumns());
        assertEquals(Status.CONVERGED, result.column(0).status());
        assertEquals(Status.NON_FINITE, result.column(1).status());
        assertEquals(Status.CONVERGED, result.column(2).status());
        assertTrue(Dense.relativeError(x[2], DenseReference.solve(a, n, b[2])) < 1e-8);
        NotConvergedException e = assertThrows(NotConvergedException.class,
                () -> cg.solveBlock(ws, LinearOperator.dense(n, n, a), null, b, x));
        assertTrue(e.getMessage().contains("right-hand side 1 of 3"), e.getMessage());
        assertThrows(DimensionMismatchException.class, () -> result.column(3));
    }

    @Test
    void blockArgumentsAreChecked() {
        int n = 3;
        LinearSolver gmres = LinearSolver.gmres(LinearSolverOptions.defaults());
        SolverWorkspace ws = gmres.newWorkspace(n, 2);
        LinearOperator a = LinearOperator.identity(n);
        assertMessage(DimensionMismatchException.class, "at most 2",
                () -> gmres.solveBlock(ws, a, null, new double[3][n], new double[3][n]));
        assertMessage(DimensionMismatchException.class, "b has 2 columns but x has 1",
                () -> gmres.solveBlock(ws, a, null, new double[2][n], new double[1][n]));
        assertMessage(DimensionMismatchException.class, "x[1] has length 2",
                () -> gmres.solveBlock(ws, a, null, new double[2][n], new double[][] {new double[n], new double[2]}));
        double[] shared = new double[n];
        assertMessage(InvalidOptionException.class, "x[0] is the same array as x[1]",
                () -> gmres.solveBlock(ws, a, null, new double[2][n], new double[][] {shared, shared}));
        double[][] b = {new double[n], new double[n]};
        assertMessage(InvalidOptionException.class, "b[1]",
                () -> gmres.solveBlock(ws, a, null, b, new double[][] {b[1], new double[n]}));
    }

    @Test
    void singleAndBlockResultsAreOwnedByTheWorkspace() {
        int n = 3;
        LinearSolver cg = LinearSolver.conjugateGradient(LinearSolverOptions.defaults());
        SolverWorkspace ws = cg.newWorkspace(n, 2);
        LinearOperator a = LinearOperator.identity(n);
        SolveResult first = cg.solve(ws, a, new double[] {1, 2, 3}, new double[n]);
        SolveResult second = cg.solve(ws, a, new double[] {4, 5, 6}, new double[n]);
        assertSame(first, second);
        BlockSolveResult b1 = cg.solveBlock(ws, a, null, new double[2][n], new double[2][n]);
        BlockSolveResult b2 = cg.solveBlock(ws, a, null, new double[2][n], new double[2][n]);
        assertSame(b1, b2);
    }
}
