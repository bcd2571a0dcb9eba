package org.rootgrad.implicit.linear;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rootgrad.implicit.linear.LinearOperatorTest.assertMessage;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.rootgrad.error.DimensionMismatchException;
import org.rootgrad.error.IndefiniteOperatorException;
import org.rootgrad.error.InvalidOptionException;
import org.rootgrad.error.NotConvergedException;
import org.rootgrad.error.Status;
import org.rootgrad.testing.DenseReference;

/** Honest failure: every way a solve can fail is reported with its status and true residual. */
class SolverFailureTest {

    static List<Methods> all() {
        return List.of(Methods.CG, Methods.MINRES, Methods.GMRES, Methods.BICGSTAB, Methods.CGNR,
                Methods.REFINED_CG);
    }

    private static final LinearSolverOptions REPORTING = LinearSolverOptions.builder().throwOnFailure(false).build();

    @Test
    void conjugateGradientsOnAnIndefiniteMatrixReportsIndefinite() {
        SplittableRandom random = new SplittableRandom(300);
        int n = 30;
        double[] eigen = Dense.geometric(n, 1, 10);
        eigen[3] = -2; // one negative eigenvalue
        double[] a = Dense.withSpectrum(random, eigen);
        double[] b = Dense.randomVector(random, n);
        LinearOperator op = LinearOperator.dense(n, n, a, 0, n, Structure.SYMMETRIC_POSITIVE_DEFINITE);
        LinearSolver cg = LinearSolver.conjugateGradient(REPORTING);
        double[] x = new double[n];
        SolveResult result = cg.solve(cg.newWorkspace(n), op, b, x); // reports, does not throw
        assertEquals(Status.INDEFINITE, result.status());
        assertTrue(result.curvature() <= 0, "curvature " + result.curvature());
        assertTrue(result.iterations() >= 1);
        assertEquals(Dense.residual(a, n, x, b), result.residualNorm(), 1e-12);
        assertTrue(result.residualNorm() > result.tolerance());

        LinearSolver throwing = LinearSolver.conjugateGradient(LinearSolverOptions.defaults());
        IndefiniteOperatorException e = assertThrows(IndefiniteOperatorException.class,
                () -> throwing.solve(op, b, new double[n]));
        assertEquals(result.iterations(), e.index());
        // a second solve of the same system; the Vector API's reductions may round differently
        // before and after JIT compilation, so the curvature agrees to rounding, not bit for bit
        assertEquals(result.curvature(), e.value(), 1e-9 * Math.abs(result.curvature()));
        assertTrue(e.getMessage().contains("not positive definite"), e.getMessage());
    }

    @Test
    void conjugateGradientsOnAKktMatrixReportsIndefinite() {
        SplittableRandom random = new SplittableRandom(301);
        double[] a = Dense.kkt(random, 10, 5);
        double[] b = Dense.randomVector(random, 15);
        LinearSolver cg = LinearSolver.conjugateGradient(REPORTING);
        SolveResult result = cg.solve(LinearOperator.dense(15, 15, a), b, new double[15]);
        assertEquals(Status.INDEFINITE, result.status());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("all")
    void iterationLimitReportsMaxIterationsWithTheTrueResidual(Methods method) {
        SplittableRandom random = new SplittableRandom(302);
        int n = 60;
        double[] a = Dense.diagonallyDominated(random, n);
        double[] b = Dense.randomVector(random, n);
        LinearOperator op = LinearOperator.dense(n, n, a, 0, n, Structure.SYMMETRIC_POSITIVE_DEFINITE);
        LinearSolver solver = method.make(REPORTING.toBuilder().maxIterations(3).build());
        double[] x = new double[n];
        SolveResult result = solver.solve(solver.newWorkspace(n), op, b, x);
        assertEquals(Status.MAX_ITERATIONS, result.status(), method.name());
        assertEquals(3, result.iterations());
        assertEquals(Dense.residual(a, n, x, b), result.residualNorm(), 1e-12 * Dense.norm(b),
                "the reported residual is b − Ax of the returned x");
        assertTrue(result.residualNorm() > result.tolerance());
        assertTrue(Dense.norm(x) > 0, "x holds the last iterate, not zeros");

        LinearSolver throwing = method.make(LinearSolverOptions.builder().maxIterations(3).build());
        double[] last = new double[n];
        NotConvergedException e = assertThrows(NotConvergedException.class,
                () -> throwing.solve(throwing.newWorkspace(n), op, b, last));
        assertEquals(Status.MAX_ITERATIONS, e.status());
        assertEquals(3, e.iterations());
        // the residual of the throwing run's own iterate: a second run need not repeat the first
        // bit for bit (JIT tiers round the Vector API's reductions differently, and a loose inner
        // CG of iterative refinement may then stop one step apart)
        assertEquals(Dense.residual(a, n, last, b), e.residual(), 1e-12 * Dense.norm(b));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("all")
    void nanInTheRightHandSideReportsNonFinite(Methods method) {
        int n = 5;
        double[] b = {1, 2, Double.NaN, 4, 5};
        LinearOperator op = LinearOperator.identity(n);
        LinearSolver solver = method.make(REPORTING);
        SolveResult result = solver.solve(solver.newWorkspace(n), op, b, new double[n]);
        assertEquals(Status.NON_FINITE, result.status());
        assertEquals(0, result.iterations());
        LinearSolver throwing = method.make();
        NotConvergedException e = assertThrows(NotConvergedException.class,
                () -> throwing.solve(op, b, new double[n]));
        assertEquals(Status.NON_FINITE, e.status());
        double[] inf = {1, Double.POSITIVE_INFINITY, 0, 0, 0};
        assertEquals(Status.NON_FINITE, solver.solve(solver.newWorkspace(n), op, inf, new double[n]).status());
    }

    /** An operator that turns into NaN from its k-th product on: the result must say NON_FINITE. */
    private static LinearOperator poisonedAfter(double[] a, int n, int k, Structure structure) {
        int[] calls = new int[1];
        VectorMap product = (x, y) -> {
            double[] ax = Dense.multiply(a, n, n, x);
            System.arraycopy(ax, 0, y, 0, n);
            if (++calls[0] >= k) {
                y[n / 2] = Double.NaN;
            }
        };
        return LinearOperator.fromFunctions(n, n, product, product, structure);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("all")
    void nanFromTheOperatorReportsNonFinite(Methods method) {
        SplittableRandom random = new SplittableRandom(303);
        int n = 20;
        double[] a = Dense.withSpectrum(random, Dense.geometric(n, 1, 100));
        double[] b = Dense.randomVector(random, n);
        LinearOperator op = poisonedAfter(a, n, 3, Structure.SYMMETRIC_POSITIVE_DEFINITE);
        LinearSolver solver = method.make(REPORTING);
        double[] x = new double[n];
        SolveResult result = solver.solve(solver.newWorkspace(n), op, b, x);
        assertEquals(Status.NON_FINITE, result.status(), method + ": " + result);
        assertTrue(result.iterations() >= 1);
        LinearSolver throwing = method.make();
        NotConvergedException e = assertThrows(NotConvergedException.class,
                () -> throwing.solve(poisonedAfter(a, n, 3, Structure.SYMMETRIC_POSITIVE_DEFINITE), b, new double[n]));
        assertEquals(Status.NON_FINITE, e.status());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("all")
    void nanFromThePreconditionerReportsNonFinite(Methods method) {
        SplittableRandom random = new SplittableRandom(304);
        int n = 20;
        double[] a = Dense.withSpectrum(random, Dense.geometric(n, 1, 100));
        double[] b = Dense.randomVector(random, n);
        int[] calls = new int[1];
        Preconditioner bad = Preconditioner.of(n, (r, z) -> {
            System.arraycopy(r, 0, z, 0, n);
            if (++calls[0] >= 3) {
                z[0] = Double.NaN;
            }
        }, true);
        LinearSolver solver = method.make(REPORTING);
        SolveResult result = solver.solve(solver.newWorkspace(n), LinearOperator.dense(n, n, a), bad, b, new double[n]);
        assertEquals(Status.NON_FINITE, result.status(), method + ": " + result);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("all")
    void zeroRightHandSideGivesExactlyZero(Methods method) {
        int n = 6;
        double[] a = Dense.withSpectrum(new SplittableRandom(305), Dense.geometric(n, 1, 10));
        for (boolean warm : new boolean[] {false, true}) {
            double[] x = {7, -7, 7, Double.MAX_VALUE, 1, 2};
            LinearSolver solver = method.make(LinearSolverOptions.builder().warmStart(warm).build());
            SolveResult result = solver.solve(solver.newWorkspace(n), LinearOperator.dense(n, n, a), new double[n], x);
            assertEquals(Status.CONVERGED, result.status());
            assertEquals(0, result.iterations());
            assertEquals(0, result.residualNorm());
            assertEquals(0, result.relativeResidual());
            assertArrayEquals(new double[n], x, 0.0);
        }
    }

    /**
     * Near and beyond the attainable accuracy (about ε·κ·‖b‖ in the residual) the recurrences
     * claim convergence that the true residual does not confirm. Whatever the method does then
     * (continue with the true residual, restart, stop), the result must be honest: CONVERGED only
     * with a true residual within the tolerance, else STAGNATED or MAX_ITERATIONS with the true
     * residual reported. κ = 1e12 with rtol 1e-14 can only fail.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("all")
    void claimsBeyondAttainableAccuracyAreCheckedAgainstTheTrueResidual(Methods method) {
        int n = 30;
        double[][] settings = {{1e4, 1e-10}, {1e6, 1e-10}, {1e8, 1e-10}, {1e12, 1e-14}};
        for (double[] setting : settings) {
            SplittableRandom random = new SplittableRandom(307);
            double kappa = setting[0];
            double rtol = setting[1];
            double[] a = method == Methods.MINRES
                    ? indefinite(random, n, kappa)
                    : Dense.withSpectrum(random, Dense.geometric(n, 1 / kappa, 1));
            double[] b = Dense.randomVector(random, n);
            double[] x = new double[n];
            LinearSolver solver = method.make(REPORTING.toBuilder().relativeTolerance(rtol).build());
            SolveResult result = solver.solve(solver.newWorkspace(n), LinearOperator.dense(n, n, a), b, x);
            double trueResidual = Dense.residual(a, n, x, b);
            String what = method + " at κ = " + kappa + ": " + result;
            // the solver's residual (engine kernels, any summation order) and the naive one agree
            // up to the rounding error of computing a residual at all
            assertEquals(trueResidual, result.residualNorm(),
                    1e-3 * trueResidual + Dense.residualRoundingBound(a, n, x, b), what);
            if (result.converged()) {
                assertTrue(trueResidual <= rtol * Dense.norm(b) * (1 + 1e-6), what);
            } else {
                assertTrue(result.status() == Status.STAGNATED || result.status() == Status.MAX_ITERATIONS, what);
                assertTrue(result.residualNorm() > result.tolerance(), what);
            }
            if (kappa == 1e12) {
                assertFalse(result.converged(), what);
            }
        }
    }

    /** Symmetric with eigenvalues ±[1/κ, 1], alternating in sign. */
    private static double[] indefinite(SplittableRandom random, int n, double kappa) {
        double[] e = Dense.geometric(n, 1 / kappa, 1);
        for (int i = 0; i < n; i += 2) {
            e[i] = -e[i];
        }
        return Dense.withSpectrum(random, e);
    }

    @Test
    void normalEquationsOnAnInconsistentSingularSystemStagnateAtTheLeastSquaresPoint() {
        double[] a = {1, 0, 0, 0, 1, 0, 0, 0, 0};
        double[] b = {1, 1, 1};
        double[] x = new double[3];
        LinearSolver cgnr = LinearSolver.normalConjugateGradient(REPORTING);
        SolveResult result = cgnr.solve(LinearOperator.dense(3, 3, a), b, x);
        assertEquals(Status.STAGNATED, result.status());
        assertArrayEquals(new double[] {1, 1, 0}, x, 1e-15);
        assertEquals(1, result.residualNorm(), 1e-15);
    }

    @Test
    void refinementTakesBackACorrectionThatDoesNotHelp() {
        int n = 4;
        // an inner "solver" that returns −r: the wrong direction
        LinearSolver wrong = new LinearSolver() {
            @Override
            public String name() {
                return "wrong";
            }

            @Override
            public LinearSolverOptions options() {
                return LinearSolverOptions.defaults();
            }

            @Override
            public SolverWorkspace newWorkspace(int size, int columns) {
                return new SolverWorkspace(size, columns) {};
            }

            @Override
            public SolveResult trySolve(SolverWorkspace ws, LinearOperator a, Preconditioner m, double[] b, double[] x) {
                for (int i = 0; i < b.length; i++) {
                    x[i] = -b[i];
                }
                ws.single.begin("wrong", 0, 1);
                ws.single.end(Status.CONVERGED, 1, 0);
                return ws.single;
            }
        };
        LinearSolver refinement = LinearSolver.iterativeRefinement(wrong, REPORTING);
        double[] b = {1, 2, 3, 4};
        double[] x = new double[n];
        SolveResult result = refinement.solve(refinement.newWorkspace(n), LinearOperator.identity(n), b, x);
        assertEquals(Status.STAGNATED, result.status());
        assertEquals(1, result.iterations());
        assertArrayEquals(new double[n], x, 0.0, "the harmful correction is taken back");
        assertEquals(Dense.norm(b), result.residualNorm(), 1e-15);
    }

    @Test
    void refinementOfARidgeSolveConvergesToTheUnshiftedSolution() {
        // iterated Tikhonov: the inner solve is (A + I)d = r, refinement targets Ax = b
        SplittableRandom random = new SplittableRandom(306);
        int n = 20;
        double[] a = Dense.withSpectrum(random, Dense.geometric(n, 5, 50));
        double[] b = Dense.randomVector(random, n);
        LinearSolver inner = LinearSolver.conjugateGradient(LinearSolverOptions.builder().ridge(1).build());
        LinearSolver refinement = LinearSolver.iterativeRefinement(inner,
                LinearSolverOptions.builder().maxIterations(100).build());
        double[] x = new double[n];
        SolveResult result = refinement.solve(refinement.newWorkspace(n), LinearOperator.dense(n, n, a), b, x);
        assertEquals(Status.CONVERGED, result.status());
        assertTrue(result.iterations() > 1, "needs several refinement steps: " + result.iterations());
        assertTrue(Dense.relativeError(x, DenseReference.solve(a, n, b)) < 1e-9);
    }

    // ---- argument checks -----------------------------------------------------------------------------

    @Test
    void dimensionMismatchesNameTheArgument() {
        int n = 4;
        LinearSolver cg = LinearSolver.conjugateGradient(LinearSolverOptions.defaults());
        SolverWorkspace ws = cg.newWorkspace(n);
        LinearOperator a = LinearOperator.identity(n);
        assertMessage(DimensionMismatchException.class, "b has length 3",
                () -> cg.solve(ws, a, new double[3], new double[n]));
        assertMessage(DimensionMismatchException.class, "x has length 5",
                () -> cg.solve(ws, a, new double[n], new double[5]));
        assertMessage(DimensionMismatchException.class, "workspace was made for n = 4",
                () -> cg.solve(ws, LinearOperator.identity(5), new double[5], new double[5]));
        assertMessage(DimensionMismatchException.class, "a is 4×3",
                () -> cg.solve(ws, LinearOperator.dense(4, 3, new double[12]), new double[n], new double[n]));
        assertMessage(DimensionMismatchException.class, "preconditioner has dimension 3",
                () -> cg.solve(ws, a, Preconditioner.identity(3), new double[n], new double[n]));
        assertMessage(DimensionMismatchException.class, "was not made by conjugate gradients",
                () -> cg.solve(LinearSolver.minres(LinearSolverOptions.defaults()).newWorkspace(n), a,
                        new double[n], new double[n]));
        double[] same = new double[n];
        assertMessage(InvalidOptionException.class, "same array", () -> cg.solve(ws, a, same, same));
        assertMessage(DimensionMismatchException.class, "columns", () -> cg.newWorkspace(n, 0));
    }

    @Test
    void solversNeedingAnSpdPreconditionerRefuseOthers() {
        int n = 3;
        Preconditioner indefinite = Preconditioner.jacobi(new double[] {1, -1, 1});
        for (Methods method : List.of(Methods.CG, Methods.MINRES, Methods.CGNR)) {
            LinearSolver solver = method.make();
            assertMessage(InvalidOptionException.class, "symmetric positive definite preconditioner",
                    () -> solver.solve(solver.newWorkspace(n), LinearOperator.identity(n), indefinite,
                            new double[] {1, 1, 1}, new double[n]));
        }
        // GMRES and BiCGSTAB take it
        for (Methods method : List.of(Methods.GMRES, Methods.BICGSTAB)) {
            LinearSolver solver = method.make();
            double[] x = new double[n];
            assertTrue(solver.solve(solver.newWorkspace(n), LinearOperator.identity(n), indefinite,
                    new double[] {1, 2, 3}, x).converged());
            assertArrayEquals(new double[] {1, 2, 3}, x, 1e-12);
        }
    }

    @Test
    void optionsAreValidated() {
        assertMessage(InvalidOptionException.class, "relativeTolerance",
                () -> LinearSolverOptions.builder().relativeTolerance(-1).build());
        assertMessage(InvalidOptionException.class, "absoluteTolerance",
                () -> LinearSolverOptions.builder().absoluteTolerance(Double.NaN).build());
        assertMessage(InvalidOptionException.class, "both 0",
                () -> LinearSolverOptions.builder().relativeTolerance(0).build());
        assertMessage(InvalidOptionException.class, "maxIterations",
                () -> LinearSolverOptions.builder().maxIterations(-2).build());
        assertMessage(InvalidOptionException.class, "ridge", () -> LinearSolverOptions.builder().ridge(-1).build());
        assertMessage(InvalidOptionException.class, "restart", () -> LinearSolverOptions.builder().restart(0).build());
        LinearSolverOptions o = LinearSolverOptions.builder().relativeTolerance(1e-6).absoluteTolerance(1e-3).build();
        assertEquals(1e-3, o.toleranceFor(10));
        assertEquals(1e-2, o.toleranceFor(1e4), 1e-18);
        assertEquals(50, LinearSolverOptions.defaults().maxIterationsFor(5));
        assertEquals(o, o.toBuilder().build());
        assertFalse(LinearSolverOptions.defaults().warmStart());
        assertTrue(LinearSolverOptions.defaults().throwOnFailure());
    }

    @Test
    void theFactoryChoosesFromTheStructure() {
        LinearSolverOptions o = LinearSolverOptions.defaults();
        assertEquals("conjugate gradients", LinearSolver.forStructure(Structure.SYMMETRIC_POSITIVE_DEFINITE, o).name());
        assertEquals("MINRES", LinearSolver.forStructure(Structure.SYMMETRIC, o).name());
        assertEquals("GMRES(30)", LinearSolver.forStructure(Structure.GENERAL, o).name());
        // small systems: dense direct (Cholesky when positive definite, LU otherwise)
        assertEquals("dense LU", LinearSolver.forOperator(LinearOperator.diagonal(new double[] {1, -1}), o).name());
        assertEquals("dense Cholesky", LinearSolver.forOperator(LinearOperator.identity(2), o).name());
        int large = LinearSolver.DENSE_DIRECT_MAX_DIMENSION + 1;
        assertEquals("dense Cholesky", LinearSolver.forSystem(Structure.SYMMETRIC_POSITIVE_DEFINITE,
                LinearSolver.DENSE_DIRECT_MAX_DIMENSION, o).name());
        assertEquals("conjugate gradients", LinearSolver.forOperator(LinearOperator.identity(large), o).name());
        assertEquals("MINRES", LinearSolver.forSystem(Structure.SYMMETRIC, large, o).name());
        assertEquals("GMRES(30)", LinearSolver.forSystem(Structure.GENERAL, large, o).name());
        assertEquals("GMRES(30)", LinearSolver.forSystem(Structure.GENERAL, 5, 0, o).name());
        // an operator backed by a dense array stays direct up to the larger threshold
        int mid = LinearSolver.DENSE_DIRECT_MAX_DIMENSION + 1;
        assertTrue(mid <= LinearSolver.DENSE_MATRIX_DIRECT_MAX_DIMENSION);
        double[] dense = new double[mid * mid];
        LinearOperator matrix = LinearOperator.dense(mid, mid, dense, 0, mid, Structure.SYMMETRIC);
        assertEquals("dense LU", LinearSolver.forOperator(matrix, o).name());
        assertEquals("dense LU", LinearSolver.forOperator(matrix.transpose().withRidge(1), o).name());
        assertEquals("MINRES", LinearSolver.forOperator(LinearOperator.fromFunctions(mid, mid,
                matrix::apply, matrix::applyTranspose, Structure.SYMMETRIC), o).name());
        assertMessage(DimensionMismatchException.class, "square",
                () -> LinearSolver.forOperator(LinearOperator.dense(2, 3, new double[6]), o));
    }
}
