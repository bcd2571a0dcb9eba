package org.rootgrad.implicit.linear;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rootgrad.error.Status;
import org.rootgrad.testing.DenseReference;

/**
 * The approximate Cholesky solver against dense Gaussian elimination: refinement on a factor of
 * a slightly wrong matrix reaches the exact solution in the products the approximation's
 * accuracy predicts; a poor approximation hands over to preconditioned CG and still converges;
 * a missing or indefinite one falls back to CG and says why; factors are kept like a direct
 * solver's.
 */
class ApproximateCholeskyTest {

    /** An SPD operator with exact products from a and an approximate matrix ã, counting both. */
    static final class Approximated implements LinearOperator {
        final int n;
        final double[] a;
        final double[] approximation;
        int products;
        int approximations;

        Approximated(int n, double[] a, double[] approximation) {
            this.n = n;
            this.a = a;
            this.approximation = approximation;
        }

        @Override
        public int rows() {
            return n;
        }

        @Override
        public int cols() {
            return n;
        }

        @Override
        public Structure structure() {
            return Structure.SYMMETRIC_POSITIVE_DEFINITE;
        }

        @Override
        public void apply(double[] x, double[] y) {
            products++;
            for (int i = 0; i < n; i++) {
                double sum = 0;
                for (int j = 0; j < n; j++) {
                    sum += a[i * n + j] * x[j];
                }
                y[i] = sum;
            }
        }

        @Override
        public void applyTranspose(double[] x, double[] y) {
            apply(x, y);
        }

        @Override
        public boolean approximateDenseMatrix(double[] out) {
            if (approximation == null) {
                return false;
            }
            approximations++;
            System.arraycopy(approximation, 0, out, 0, n * n);
            return true;
        }
    }

    /** a with each entry multiplied by 1 + δ·u, u uniform in [−1, 1), kept symmetric. */
    static double[] perturbed(SplittableRandom random, double[] a, int n, double delta) {
        double[] t = a.clone();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double v = a[i * n + j] * (1 + delta * (2 * random.nextDouble() - 1));
                t[i * n + j] = v;
                t[j * n + i] = v;
            }
        }
        return t;
    }

    private static LinearSolverOptions options(double rtol) {
        return LinearSolverOptions.builder().relativeTolerance(rtol).build();
    }

    @ParameterizedTest(name = "δ = {0}")
    @ValueSource(doubles = {1e-7, 1e-5})
    void refinesAnAccurateApproximationToTheExactSolutionInAFewProducts(double delta) {
        SplittableRandom random = new SplittableRandom(41);
        int n = 60;
        double[] a = Dense.withSpectrum(random, Dense.geometric(n, 1, 100));
        double[] b = Dense.randomVector(random, n);
        Approximated op = new Approximated(n, a, perturbed(random, a, n, delta));
        LinearSolver solver = LinearSolver.approximateCholesky(options(1e-10));
        double[] x = new double[n];
        SolveResult result = solver.trySolve(solver.newWorkspace(n), op, null, b, x);
        assertEquals(Status.CONVERGED, result.status(), result::toString);
        // each step gains about −log10(κδ) digits (κ = 100): three at δ = 1e-5, five at 1e-7
        int expected = (int) Math.ceil(10 / -Math.log10(100 * delta));
        assertTrue(result.iterations() <= expected + 1, () -> result.iterations() + " products, expected about " + expected);
        assertEquals(result.iterations(), op.products, "one exact product per step, none spared or hidden");
        assertTrue(result.residualNorm() <= 1e-10 * Dense.norm(b));
        assertEquals(Dense.residual(a, n, x, b), result.residualNorm(), 1e-3 * result.residualNorm() + 1e-15,
                "the reported residual is the true one");
        double[] reference = DenseReference.solve(a, n, b);
        assertTrue(Dense.relativeError(x, reference) <= 1e-8, () -> "error " + Dense.relativeError(x, reference));
        assertNull(result.detail());
    }

    @Test
    void aPoorApproximationHandsOverToPreconditionedConjugateGradients() {
        SplittableRandom random = new SplittableRandom(42);
        int n = 50;
        double[] a = Dense.withSpectrum(random, Dense.geometric(n, 1, 1e3));
        double[] b = Dense.randomVector(random, n);
        // off by 1% on κ = 1000: a refinement step can grow the error, a preconditioner still helps
        double[] approximation = perturbed(random, a, n, 1e-2);
        Approximated op = new Approximated(n, a, approximation);
        LinearSolver solver = LinearSolver.approximateCholesky(options(1e-10));
        double[] x = new double[n];
        SolveResult result = solver.trySolve(solver.newWorkspace(n), op, null, b, x);
        assertEquals(Status.CONVERGED, result.status(), result::toString);
        assertTrue(Dense.residual(a, n, x, b) <= 1e-10 * Dense.norm(b) * 1.001);
        assertTrue(Dense.relativeError(x, DenseReference.solve(a, n, b)) <= 1e-7);
        // plain CG on κ = 1000 needs far more than the preconditioned solve did
        double[] plain = new double[n];
        LinearSolver cg = LinearSolver.conjugateGradient(options(1e-10));
        SolveResult reference = cg.trySolve(cg.newWorkspace(n), LinearOperator.dense(n, n, a, 0, n,
                Structure.SYMMETRIC_POSITIVE_DEFINITE), null, b, plain);
        assertTrue(result.iterations() < reference.iterations() / 2,
                () -> result.iterations() + " against plain CG's " + reference.iterations());
    }

    @Test
    void withoutAnApproximationItIsConjugateGradientsAndSaysSo() {
        SplittableRandom random = new SplittableRandom(43);
        int n = 30;
        double[] a = Dense.withSpectrum(random, Dense.geometric(n, 1, 10));
        double[] b = Dense.randomVector(random, n);
        Approximated op = new Approximated(n, a, null);
        LinearSolver solver = LinearSolver.approximateCholesky(options(1e-10));
        double[] x = new double[n];
        SolverWorkspace ws = solver.newWorkspace(n);
        SolveResult result = solver.trySolve(ws, op, null, b, x);
        assertEquals(Status.CONVERGED, result.status());
        assertNotNull(result.detail());
        assertTrue(result.detail().contains("no approximate matrix"), result.detail());
        assertFalse(assertInstanceOf(ApproximateCholeskyWorkspace.class, ws).factored());
        assertTrue(Dense.relativeError(x, DenseReference.solve(a, n, b)) <= 1e-8);
    }

    @Test
    void anIndefiniteApproximationFallsBackAndNamesThePivot() {
        SplittableRandom random = new SplittableRandom(44);
        int n = 20;
        double[] a = Dense.withSpectrum(random, Dense.geometric(n, 1, 10));
        double[] b = Dense.randomVector(random, n);
        double[] approximation = a.clone();
        approximation[7 * n + 7] = -1;
        Approximated op = new Approximated(n, a, approximation);
        LinearSolver solver = LinearSolver.approximateCholesky(options(1e-10));
        double[] x = new double[n];
        SolveResult result = solver.trySolve(solver.newWorkspace(n), op, null, b, x);
        assertEquals(Status.CONVERGED, result.status());
        assertTrue(result.detail().contains("not positive definite") && result.detail().contains("7"), result.detail());
        assertTrue(Dense.relativeError(x, DenseReference.solve(a, n, b)) <= 1e-8);
    }

    @Test
    void theRidgeOptionShiftsBothTheFactorAndTheProducts() {
        SplittableRandom random = new SplittableRandom(45);
        int n = 40;
        double rho = 0.5;
        double[] a = Dense.withSpectrum(random, Dense.geometric(n, 0.01, 10));
        double[] b = Dense.randomVector(random, n);
        Approximated op = new Approximated(n, a, perturbed(random, a, n, 1e-7));
        LinearSolver solver = LinearSolver.approximateCholesky(options(1e-11).toBuilder().ridge(rho).build());
        double[] x = new double[n];
        SolveResult result = solver.trySolve(solver.newWorkspace(n), op, null, b, x);
        assertEquals(Status.CONVERGED, result.status());
        assertTrue(result.iterations() <= 3, () -> result.iterations() + " products");
        double[] shifted = Dense.plusIdentity(a, n, rho);
        assertTrue(Dense.relativeError(x, DenseReference.solve(shifted, n, b)) <= 1e-9);
        // a ridge view adds to the option's shift
        double[] y = new double[n];
        LinearSolver plain = LinearSolver.approximateCholesky(options(1e-11));
        plain.trySolve(plain.newWorkspace(n), op.withRidge(rho), null, b, y);
        assertTrue(Dense.relativeError(y, DenseReference.solve(shifted, n, b)) <= 1e-9);
    }

    @Test
    void keepsItsFactorUntilTheOperatorChangesAndFactorsOncePerBlock() {
        SplittableRandom random = new SplittableRandom(46);
        int n = 25;
        double[] a = Dense.withSpectrum(random, Dense.geometric(n, 1, 50));
        Approximated op = new Approximated(n, a, perturbed(random, a, n, 1e-8));
        LinearSolver solver = LinearSolver.approximateCholesky(options(1e-10));
        ApproximateCholeskyWorkspace kept = (ApproximateCholeskyWorkspace) solver.newWorkspace(n).reuseFactorization(true);
        double[] x = new double[n];
        solver.trySolve(kept, op, null, Dense.randomVector(random, n), x);
        solver.trySolve(kept, op.transpose(), null, Dense.randomVector(random, n), x);
        assertEquals(1, kept.factorizations());
        kept.operatorChanged();
        solver.trySolve(kept, op, null, Dense.randomVector(random, n), x);
        assertEquals(2, kept.factorizations());
        assertEquals(2, op.approximations);

        int k = 4;
        ApproximateCholeskyWorkspace block = (ApproximateCholeskyWorkspace) solver.newWorkspace(n, k);
        double[][] bs = new double[k][];
        double[][] xs = new double[k][n];
        for (int j = 0; j < k; j++) {
            bs[j] = Dense.randomVector(random, n);
        }
        bs[2] = new double[n];
        BlockSolveResult result = solver.trySolveBlock(block, op, null, bs, xs);
        assertEquals(1, block.factorizations(), "one factor for the whole block, even without reuse");
        for (int j = 0; j < k; j++) {
            assertEquals(Status.CONVERGED, result.column(j).status());
            double[] reference = DenseReference.solve(a, n, bs[j]);
            if (j == 2) {
                assertEquals(0, Dense.norm(xs[j]));
                assertEquals(0, result.column(j).iterations());
            } else {
                assertTrue(Dense.relativeError(xs[j], reference) <= 1e-8);
            }
        }
    }

    /**
     * The same operator object at another point, as implicit differentiation's operator is after
     * it linearises again: its matrices replaced in place, its counters reset.
     */
    private static void moveTo(Approximated op, double[] a, double[] approximation) {
        System.arraycopy(a, 0, op.a, 0, a.length);
        System.arraycopy(approximation, 0, op.approximation, 0, approximation.length);
        op.products = 0;
        op.approximations = 0;
    }

    /** A factor-keeping workspace of the solver, as implicit differentiation makes it. */
    private static ApproximateCholeskyWorkspace keeping(LinearSolver solver, int n) {
        return (ApproximateCholeskyWorkspace) solver.newWorkspace(n).reuseFactorization(true);
    }

    /** An operator at a (its approximation 1e-7 off), solved once in ws, which then holds its factor. */
    private static Approximated solvedOnce(SplittableRandom random, double[] a, int n, LinearSolver solver,
                                           ApproximateCholeskyWorkspace ws) {
        Approximated op = new Approximated(n, a.clone(), perturbed(random, a, n, 1e-7));
        solver.trySolve(ws, op, null, Dense.randomVector(random, n), new double[n]);
        return op;
    }

    private static LinearSolver warmSolver(double rtol) {
        return LinearSolver.approximateCholesky(LinearSolverOptions.builder().relativeTolerance(rtol)
                .warmStart(true).build());
    }

    @Test
    void aWarmStartedSolveAtANearbyOperatorRefinesOnTheEarlierFactorWithoutFactoring() {
        SplittableRandom random = new SplittableRandom(47);
        int n = 40;
        double[] a = Dense.withSpectrum(random, Dense.geometric(n, 1, 100));
        LinearSolver solver = warmSolver(1e-10);
        ApproximateCholeskyWorkspace ws = keeping(solver, n);
        Approximated op = solvedOnce(random, a, n, solver, ws);
        assertEquals(1, ws.factorizations());
        assertFalse(ws.stale());

        // the next point: A moved by 1e-6 relative, its own approximation never asked for
        double[] next = perturbed(random, a, n, 1e-6);
        moveTo(op, next, perturbed(random, next, n, 1e-7));
        ws.operatorChanged();
        double[] b = Dense.randomVector(random, n);
        double[] x = new double[n]; // a cold x: the factor alone must carry the solve
        SolveResult result = solver.trySolve(ws, op, null, b, x);
        assertEquals(Status.CONVERGED, result.status(), result::toString);
        assertEquals(1, ws.factorizations(), "the earlier factor served: nothing formed or factored");
        assertEquals(0, op.approximations);
        assertTrue(ws.stale());
        assertEquals(result.iterations(), op.products);
        assertEquals(Dense.residual(next, n, x, b), result.residualNorm(), 1e-3 * result.residualNorm() + 1e-15,
                "the reported residual is the true one, of the new operator");
        double[] reference = DenseReference.solve(next, n, b);
        assertTrue(Dense.relativeError(x, reference) <= 1e-8, () -> "error " + Dense.relativeError(x, reference));
    }

    @Test
    void anEarlierFactorTooFarFromTheNewOperatorIsReplacedAndTheNextOperatorFactorsStraightAway() {
        SplittableRandom random = new SplittableRandom(48);
        int n = 40;
        double[] a = Dense.withSpectrum(random, Dense.geometric(n, 1, 100));
        LinearSolver solver = warmSolver(1e-10);
        ApproximateCholeskyWorkspace ws = keeping(solver, n);
        Approximated op = solvedOnce(random, a, n, solver, ws);

        // the next point's matrix is another one altogether: one step on the old factor, taken back
        double[] other = Dense.withSpectrum(random, Dense.geometric(n, 1, 100));
        moveTo(op, other, perturbed(random, other, n, 1e-7));
        ws.operatorChanged();
        double[] b = Dense.randomVector(random, n);
        double[] x = new double[n];
        SolveResult result = solver.trySolve(ws, op, null, b, x);
        assertEquals(Status.CONVERGED, result.status(), result::toString);
        assertEquals(2, ws.factorizations());
        assertEquals(1, op.approximations);
        assertFalse(ws.stale());
        assertEquals(result.iterations(), op.products, "the step taken back is counted: its product was made");
        assertTrue(result.iterations() <= 4, () -> result.iterations() + " products: one wasted, then two or three");
        double[] reference = DenseReference.solve(other, n, b);
        assertTrue(Dense.relativeError(x, reference) <= 1e-8, () -> "error " + Dense.relativeError(x, reference));
        assertNull(result.detail());

        // after a failed trial the next operator factors straight away, even a nearby one ...
        double[] near = perturbed(random, other, n, 1e-6);
        moveTo(op, near, perturbed(random, near, n, 1e-7));
        ws.operatorChanged();
        assertEquals(Status.CONVERGED, solver.trySolve(ws, op, null, b, x).status());
        assertEquals(3, ws.factorizations());
        assertFalse(ws.stale());
        // ... and the one after is tried again
        double[] nearer = perturbed(random, near, n, 1e-6);
        moveTo(op, nearer, perturbed(random, nearer, n, 1e-7));
        ws.operatorChanged();
        SolveResult again = solver.trySolve(ws, op, null, b, x);
        assertEquals(Status.CONVERGED, again.status(), again::toString);
        assertEquals(3, ws.factorizations());
        assertTrue(ws.stale());
        assertTrue(Dense.relativeError(x, DenseReference.solve(nearer, n, b)) <= 1e-8);
    }

    @Test
    void withoutAWarmStartEveryOperatorFactorsItsOwn() {
        SplittableRandom random = new SplittableRandom(49);
        int n = 30;
        double[] a = Dense.withSpectrum(random, Dense.geometric(n, 1, 100));
        LinearSolver solver = LinearSolver.approximateCholesky(options(1e-10));
        ApproximateCholeskyWorkspace ws = keeping(solver, n);
        Approximated op = solvedOnce(random, a, n, solver, ws);
        ws.operatorChanged();
        double[] next = perturbed(random, a, n, 1e-9);
        moveTo(op, next, perturbed(random, next, n, 1e-7));
        assertEquals(Status.CONVERGED, solver.trySolve(ws, op, null, Dense.randomVector(random, n), new double[n]).status());
        assertEquals(2, ws.factorizations());
        assertEquals(1, op.approximations);
        assertFalse(ws.stale());
    }

    @Test
    void anIterationLimitIsReportedNotHidden() {
        SplittableRandom random = new SplittableRandom(47);
        int n = 30;
        double[] a = Dense.withSpectrum(random, Dense.geometric(n, 1, 100));
        double[] b = Dense.randomVector(random, n);
        Approximated op = new Approximated(n, a, perturbed(random, a, n, 1e-4));
        LinearSolver solver = LinearSolver.approximateCholesky(options(1e-12).toBuilder().maxIterations(1).build());
        double[] x = new double[n];
        SolveResult result = solver.trySolve(solver.newWorkspace(n), op, null, b, x);
        assertEquals(Status.MAX_ITERATIONS, result.status());
        assertEquals(1, result.iterations());
        assertEquals(Dense.residual(a, n, x, b), result.residualNorm(), 1e-6 * result.residualNorm());
        assertTrue(result.residualNorm() > 1e-12 * Dense.norm(b));
    }

    @Test
    void repeatedSolvesAllocateNothing() {
        SplittableRandom random = new SplittableRandom(48);
        int n = 40;
        double[] a = Dense.withSpectrum(random, Dense.geometric(n, 1, 100));
        Approximated op = new Approximated(n, a, perturbed(random, a, n, 1e-7));
        Approximated poor = new Approximated(n, a, perturbed(random, a, n, 1e-2));
        LinearSolver solver = LinearSolver.approximateCholesky(options(1e-10));
        SolverWorkspace ws = solver.newWorkspace(n, 2);
        double[] b = Dense.randomVector(random, n);
        double[] x = new double[n];
        double[][] bs = {Dense.randomVector(random, n), Dense.randomVector(random, n)};
        double[][] xs = new double[2][n];
        Runnable round = () -> {
            solver.solve(ws, op, null, b, x);
            solver.solve(ws, poor, null, b, x);
            solver.solveBlock(ws, op, null, bs, xs);
        };
        assertEquals(0, org.rootgrad.testing.Allocations.steadyState(round, 200, 20), "bytes allocated in 20 rounds");
    }

    @Test
    void nonFiniteRightHandSidesAndZeroOnesAreTheSpecialCases() {
        int n = 5;
        double[] a = Dense.plusIdentity(new double[n * n], n, 2);
        Approximated op = new Approximated(n, a, a);
        LinearSolver solver = LinearSolver.approximateCholesky(options(1e-10));
        SolverWorkspace ws = solver.newWorkspace(n);
        double[] x = {1, 2, 3, 4, 5};
        SolveResult zero = solver.trySolve(ws, op, null, new double[n], x);
        assertEquals(Status.CONVERGED, zero.status());
        assertEquals(0, Dense.norm(x));
        double[] b = {1, Double.NaN, 0, 0, 0};
        assertEquals(Status.NON_FINITE, solver.trySolve(ws, op, null, b, x).status());
        assertEquals(0, op.products);
    }
}
