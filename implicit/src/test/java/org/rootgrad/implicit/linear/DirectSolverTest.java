package org.rootgrad.implicit.linear;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.rootgrad.error.DimensionMismatchException;
import org.rootgrad.error.IndefiniteOperatorException;
import org.rootgrad.error.SingularOperatorException;
import org.rootgrad.error.Status;
import org.rootgrad.testing.Allocations;
import org.rootgrad.testing.DenseReference;

/**
 * The dense direct solvers against Gaussian elimination written in the test and against the
 * Krylov methods; their failure reports; and what a factorisation costs (operator products and
 * factorisations counted by the workspace and by a counting operator).
 */
class DirectSolverTest {

    static List<Methods> direct() {
        return Methods.direct();
    }

    static List<Methods> general() {
        return List.of(Methods.DENSE_LU, Methods.DENSE_QR);
    }

    /** A matrix-free view of a that counts its products. */
    static LinearOperator counting(double[] a, int n, Structure structure, AtomicInteger products) {
        VectorMap apply = (x, y) -> {
            products.incrementAndGet();
            System.arraycopy(Dense.multiply(a, n, n, x), 0, y, 0, n);
        };
        double[] t = DenseReference.transpose(a, n, n);
        VectorMap applyTranspose = (x, y) -> {
            products.incrementAndGet();
            System.arraycopy(Dense.multiply(t, n, n, x), 0, y, 0, n);
        };
        return LinearOperator.fromFunctions(n, n, apply, applyTranspose, structure);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("direct")
    void solvesSpdSystemsLikeGaussianEliminationAndConjugateGradients(Methods method) {
        SplittableRandom random = new SplittableRandom(700);
        int n = 37;
        double[] a = Dense.withSpectrum(random, Dense.geometric(n, 1, 1e4));
        double[] b = Dense.randomVector(random, n);
        double[] reference = DenseReference.solve(a, n, b);
        LinearSolver solver = method.make();
        for (LinearOperator op : List.of(LinearOperator.dense(n, n, a, 0, n, Structure.SYMMETRIC_POSITIVE_DEFINITE),
                counting(a, n, Structure.SYMMETRIC_POSITIVE_DEFINITE, new AtomicInteger()))) {
            double[] x = new double[n];
            SolveResult result = solver.solve(solver.newWorkspace(n), op, b, x);
            assertEquals(Status.CONVERGED, result.status(), result::toString);
            assertEquals(1, result.iterations());
            assertEquals(Dense.residual(a, n, x, b), result.residualNorm(), 1e-12 * Dense.norm(b));
            // backward stable: error ≤ κ·ε·(small factor), κ = 1e4
            assertTrue(Dense.relativeError(x, reference) < 1e-10, method + ": " + Dense.relativeError(x, reference));
            // the 1-norm condition estimate is within a small factor of 1/κ₂ = 1e-4 (κ₁ ≤ n·κ₂)
            double rcond = result.reciprocalCondition();
            assertTrue(rcond > 1e-4 / (3 * n) && rcond <= 1e-4 * 3, method + " rcond " + rcond);
        }
        // CG to rtol 1e-11 on κ = 1e4 is within κ·rtol = 1e-7 of the solution
        LinearSolver cg = LinearSolver.conjugateGradient(LinearSolverOptions.builder().relativeTolerance(1e-11).build());
        double[] krylov = new double[n];
        cg.solve(LinearOperator.dense(n, n, a, 0, n, Structure.SYMMETRIC_POSITIVE_DEFINITE), b, krylov);
        double[] x = new double[n];
        solver.solve(LinearOperator.dense(n, n, a), b, x);
        assertTrue(Dense.relativeError(x, krylov) < 1e-6, method + " vs CG");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("general")
    void solvesNonSymmetricSystemsAndTheirTransposesWithOneFactorisation(Methods method) {
        SplittableRandom random = new SplittableRandom(701);
        int n = 41;
        double[] a = Dense.convectionDiffusion(n, 30);
        for (int i = 0; i < n * n; i++) {
            a[i] += 0.05 * random.nextDouble(-1, 1); // no longer tridiagonal: pivoting has work to do
        }
        double[] t = DenseReference.transpose(a, n, n);
        double[] b = Dense.randomVector(random, n);
        AtomicInteger products = new AtomicInteger();
        LinearOperator op = counting(a, n, Structure.GENERAL, products);
        LinearSolver solver = method.make();
        SolverWorkspace ws = solver.newWorkspace(n).reuseFactorization(true);
        DirectSolverWorkspace direct = assertInstanceOf(DirectSolverWorkspace.class, ws);
        double[] x = new double[n];
        SolveResult result = solver.solve(ws, op, b, x);
        assertEquals(Status.CONVERGED, result.status());
        assertTrue(Dense.relativeError(x, DenseReference.solve(a, n, b)) < 1e-11);
        assertEquals(n, products.get(), "assembling the operator takes n products");
        assertEquals(n, direct.operatorProducts());
        assertEquals(1, direct.factorizations());

        double[] y = new double[n];
        SolveResult transposed = solver.solve(ws, op.transpose(), b, y);
        assertEquals(Status.CONVERGED, transposed.status());
        assertEquals(Dense.residual(t, n, y, b), transposed.residualNorm(), 1e-12 * Dense.norm(b));
        assertTrue(Dense.relativeError(y, DenseReference.solve(t, n, b)) < 1e-11, method + " transposed");
        assertEquals(1, direct.factorizations(), "Aᵀ is solved with the factors of A");
        assertEquals(n, products.get(), "and without another product");

        ws.operatorChanged();
        solver.solve(ws, op, b, x);
        assertEquals(2, direct.factorizations(), "after operatorChanged() the next solve factors again");

        // without reuse (the default) every solve factors
        SolverWorkspace fresh = solver.newWorkspace(n);
        solver.solve(fresh, op, b, x);
        solver.solve(fresh, op.transpose(), b, y);
        assertEquals(2, ((DirectSolverWorkspace) fresh).factorizations());
        assertTrue(Dense.relativeError(y, DenseReference.solve(t, n, b)) < 1e-11);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("direct")
    void blockSolvesFactorOnceForAllRightHandSides(Methods method) {
        SplittableRandom random = new SplittableRandom(702);
        int n = 23;
        int k = 7;
        double[] a = Dense.withSpectrum(random, Dense.geometric(n, 0.5, 50));
        AtomicInteger products = new AtomicInteger();
        LinearOperator op = counting(a, n, Structure.SYMMETRIC_POSITIVE_DEFINITE, products);
        LinearSolver solver = method.make(LinearSolverOptions.builder().ridge(0.25).build());
        SolverWorkspace ws = solver.newWorkspace(n, k);
        double[][] b = new double[k][];
        double[][] x = new double[k][n];
        for (int j = 0; j < k; j++) {
            b[j] = Dense.randomVector(random, n);
        }
        b[2] = new double[n];
        BlockSolveResult block = solver.solveBlock(ws, op, null, b, x);
        assertEquals(Status.CONVERGED, block.status(), block::toString);
        assertEquals(n, products.get(), "one assembly for " + k + " right-hand sides");
        assertEquals(1, ((DirectSolverWorkspace) ws).factorizations());
        double[] shifted = Dense.plusIdentity(a, n, 0.25);
        for (int j = 0; j < k; j++) {
            double[] reference = DenseReference.solve(shifted, n, b[j]);
            if (j == 2) {
                assertArrayEquals(new double[n], x[j], 0.0);
                assertEquals(0, block.column(j).iterations());
            } else {
                assertTrue(Dense.relativeError(x[j], reference) < 1e-12, method + " column " + j);
                assertEquals(Dense.residual(shifted, n, x[j], b[j]), block.column(j).residualNorm(),
                        1e-12 * Dense.norm(b[j]));
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("general")
    void singularMatricesAreReportedAsSingular(Methods method) {
        SplittableRandom random = new SplittableRandom(703);
        int n = 30;
        // rank n − 1: the last row is the sum of two others, so no pivot is exactly zero but
        // the reciprocal condition is at rounding level
        double[] a = Dense.randomMatrix(random, n, n);
        for (int j = 0; j < n; j++) {
            a[(n - 1) * n + j] = a[j] + 0.5 * a[n + j];
        }
        double[] b = Dense.randomVector(random, n);
        LinearSolver reporting = method.make(LinearSolverOptions.builder().throwOnFailure(false).build());
        SolveResult result = reporting.solve(reporting.newWorkspace(n), LinearOperator.dense(n, n, a), b, new double[n]);
        assertEquals(Status.SINGULAR, result.status(), result::toString);
        assertTrue(result.reciprocalCondition() < Math.ulp(1.0), "rcond " + result.reciprocalCondition());
        assertTrue(result.detail().contains("singular"), result.detail());

        SingularOperatorException e = assertThrows(SingularOperatorException.class,
                () -> method.make().solve(LinearOperator.dense(n, n, a), b, new double[n]));
        assertTrue(e.getMessage().contains(method.name()) && e.getMessage().contains("singular"), e.getMessage());

        // an exactly zero pivot: a zero column
        double[] z = Dense.randomMatrix(random, 4, 4);
        for (int i = 0; i < 4; i++) {
            z[i * 4 + 2] = 0;
        }
        double[] x = Dense.randomVector(random, 4);
        SolveResult exact = reporting.solve(reporting.newWorkspace(4), LinearOperator.dense(4, 4, z),
                Dense.randomVector(random, 4), x);
        assertEquals(Status.SINGULAR, exact.status());
        assertArrayEquals(new double[4], x, 0.0, "a failed factorisation returns x = 0 ...");
        assertEquals(exact.rhsNorm(), exact.residualNorm(), 0.0, "... and reports its true residual ‖b‖");
        assertTrue(exact.detail().contains("exactly zero"), exact.detail());
    }

    @Test
    void choleskyOnAnIndefiniteMatrixTaggedSpdSaysSo() {
        SplittableRandom random = new SplittableRandom(704);
        int n = 25;
        double[] eigen = Dense.geometric(n, 1, 10);
        eigen[7] = -3;
        double[] a = Dense.withSpectrum(random, eigen);
        LinearOperator op = LinearOperator.dense(n, n, a, 0, n, Structure.SYMMETRIC_POSITIVE_DEFINITE);
        double[] b = Dense.randomVector(random, n);
        LinearSolver reporting = LinearSolver.denseCholesky(LinearSolverOptions.builder().throwOnFailure(false).build());
        SolveResult result = reporting.solve(reporting.newWorkspace(n), op, b, new double[n]);
        assertEquals(Status.INDEFINITE, result.status());
        assertTrue(result.detail().contains("not positive definite")
                && result.detail().contains("SYMMETRIC_POSITIVE_DEFINITE"), result.detail());
        IndefiniteOperatorException e = assertThrows(IndefiniteOperatorException.class,
                () -> LinearSolver.denseCholesky(LinearSolverOptions.defaults()).solve(op, b, new double[n]));
        assertTrue(e.getMessage().startsWith("dense Cholesky: the matrix is not positive definite"), e.getMessage());
        assertTrue(e.index() >= 0 && e.index() < n, "the failing pivot " + e.index());
        // dense LU solves the same (nonsingular, indefinite) system
        double[] x = new double[n];
        SolveResult lu = LinearSolver.denseLu(LinearSolverOptions.defaults()).solve(op, b, x);
        assertEquals(Status.CONVERGED, lu.status());
        assertTrue(Dense.relativeError(x, DenseReference.solve(a, n, b)) < 1e-11);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("direct")
    void nonFiniteInputIsReported(Methods method) {
        int n = 5;
        double[] a = Dense.plusIdentity(new double[n * n], n, 2);
        LinearSolver reporting = method.make(LinearSolverOptions.builder().throwOnFailure(false).build());
        SolverWorkspace ws = reporting.newWorkspace(n);
        double[] b = {1, 2, Double.NaN, 4, 5};
        assertEquals(Status.NON_FINITE, reporting.solve(ws, LinearOperator.dense(n, n, a), b, new double[n]).status());
        a[3 * n + 1] = Double.POSITIVE_INFINITY;
        SolveResult r = reporting.solve(ws, LinearOperator.dense(n, n, a), new double[] {1, 2, 3, 4, 5}, new double[n]);
        assertEquals(Status.NON_FINITE, r.status(), r::toString);
        VectorMap broken = (x, y) -> {
            for (int i = 0; i < n; i++) {
                y[i] = x[i] / x[0];
            }
        };
        SolveResult matrixFree = reporting.solve(ws, LinearOperator.fromFunctions(n, n, broken, broken,
                Structure.SYMMETRIC_POSITIVE_DEFINITE), new double[] {1, 2, 3, 4, 5}, new double[n]);
        assertEquals(Status.NON_FINITE, matrixFree.status());
        assertTrue(matrixFree.detail().contains("e_1"), matrixFree.detail());
    }

    @Test
    void iterativeRefinementAroundDenseLuKeepsItsFactorisation() {
        SplittableRandom random = new SplittableRandom(705);
        int n = 30;
        // The inner LU factors A + 0.1·I, an approximate inverse of A (spectrum [1, 100]): each
        // refinement step shrinks the error of the exact system by about 0.1/(1 + 0.1).
        double[] a = Dense.withSpectrum(random, Dense.geometric(n, 1, 100));
        double[] b = Dense.randomVector(random, n);
        AtomicInteger products = new AtomicInteger();
        LinearOperator op = counting(a, n, Structure.GENERAL, products);
        LinearSolverOptions tight = LinearSolverOptions.builder().relativeTolerance(1e-12).throwOnFailure(false).build();
        LinearSolver refined = LinearSolver.iterativeRefinement(
                LinearSolver.denseLu(tight.toBuilder().ridge(0.1).build()), tight);
        SolverWorkspace ws = refined.newWorkspace(n);
        double[] x = new double[n];
        SolveResult result = refined.solve(ws, op, b, x);
        assertEquals(Status.CONVERGED, result.status(), result::toString);
        assertTrue(result.residualNorm() <= 1e-12 * Dense.norm(b));
        assertTrue(result.iterations() >= 5, "refinement steps " + result.iterations());
        assertTrue(Dense.relativeError(x, DenseReference.solve(a, n, b)) < 1e-10);
        DirectSolverWorkspace inner = (DirectSolverWorkspace) ((IterativeRefinement.Workspace) ws).inner;
        assertEquals(1, inner.factorizations(), "one factorisation for the whole refinement");
        // n products to assemble A, one per refinement residual (and the initial one)
        assertEquals(n + result.iterations() + 1, products.get());
        refined.solve(ws, op, b, x);
        assertEquals(2, inner.factorizations(), "a new solve may have a new operator: it factors again");
    }

    @Test
    void reusedFactorisationsAndBlockSolvesAllocateNothing() {
        SplittableRandom random = new SplittableRandom(706);
        int n = 30;
        int k = 4;
        double[] a = Dense.convectionDiffusion(n, 12);
        LinearOperator op = LinearOperator.dense(n, n, a);
        LinearOperator matrixFree = LinearOperator.fromFunctions(n, n, op::apply, op::applyTranspose, Structure.GENERAL);
        LinearSolver lu = LinearSolver.denseLu(LinearSolverOptions.defaults());
        SolverWorkspace ws = lu.newWorkspace(n, k).reuseFactorization(true);
        double[] b = Dense.randomVector(random, n);
        double[] x = new double[n];
        double[][] bs = {Dense.randomVector(random, n), new double[n], Dense.randomVector(random, n), b};
        double[][] xs = new double[k][n];
        LinearOperator transposed = op.transpose();
        LinearOperator matrixFreeTransposed = matrixFree.transpose();
        Runnable round = () -> {
            ws.operatorChanged();
            lu.solve(ws, op, b, x);
            lu.solve(ws, transposed, b, x);
            lu.solveBlock(ws, matrixFree, null, bs, xs);
            lu.solveBlock(ws, matrixFreeTransposed, null, bs, xs);
        };
        assertEquals(0, Allocations.steadyState(round, 10 * 50, 50), "bytes allocated in 50 rounds");
    }

    @Test
    void workspacesAreCheckedAgainstTheirSolver() {
        LinearSolver cholesky = LinearSolver.denseCholesky(LinearSolverOptions.defaults());
        LinearSolver lu = LinearSolver.denseLu(LinearSolverOptions.defaults());
        SolverWorkspace ws = lu.newWorkspace(3);
        LinearOperator op = LinearOperator.identity(3);
        LinearOperatorTest.assertMessage(DimensionMismatchException.class, "not made by dense Cholesky",
                () -> cholesky.solve(ws, op, new double[3], new double[3]));
        LinearOperatorTest.assertMessage(DimensionMismatchException.class, "made for n = 3",
                () -> lu.solve(ws, LinearOperator.identity(4), new double[4], new double[4]));
        SolverWorkspace cg = LinearSolver.conjugateGradient(LinearSolverOptions.defaults()).newWorkspace(3);
        LinearOperatorTest.assertMessage(DimensionMismatchException.class, "not made by dense LU",
                () -> lu.solve(cg, op, new double[3], new double[3]));
    }
}
