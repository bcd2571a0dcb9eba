package org.rootgrad.implicit.linear;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rootgrad.implicit.linear.LinearOperatorTest.assertMessage;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.rootgrad.error.DimensionMismatchException;
import org.rootgrad.error.InvalidOptionException;
import org.rootgrad.error.NonFiniteException;
import org.rootgrad.error.SingularOperatorException;
import org.rootgrad.testing.DenseReference;

/** Jacobi (given, exact, estimated), user-supplied and L-BFGS preconditioners. */
class PreconditionerTest {

    static List<Methods> krylov() {
        return Methods.krylov();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("krylov")
    void jacobiCutsIterationsOnAnIllConditionedDiagonallyDominatedSystem(Methods method) {
        SplittableRandom random = new SplittableRandom(200);
        int n = 60;
        double[] a = Dense.diagonallyDominated(random, n);
        double[] b = Dense.randomVector(random, n);
        LinearOperator op = LinearOperator.dense(n, n, a, 0, n, Structure.SYMMETRIC_POSITIVE_DEFINITE);
        Preconditioner jacobi;
        if (method == Methods.CGNR) {
            // CG on AᵀA wants diag(AᵀA): the squared column norms
            double[] d = new double[n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    d[j] += a[i * n + j] * a[i * n + j];
                }
            }
            jacobi = Preconditioner.jacobi(d);
        } else {
            jacobi = Preconditioner.jacobiExact(op);
        }
        LinearSolver solver = method.make(LinearSolverOptions.builder().relativeTolerance(1e-8).build());
        SolverWorkspace ws = solver.newWorkspace(n);
        double[] x = new double[n];
        // without the preconditioner GMRES(30) and CGNR do not even converge within 10n steps
        int plain = solver.trySolve(ws, op, null, b, x).iterations();
        double[] xp = new double[n];
        SolveResult preconditioned = solver.solve(ws, op, jacobi, b, xp);
        assertTrue(preconditioned.converged());
        assertTrue(preconditioned.iterations() * 2 <= plain,
                () -> method + ": " + preconditioned.iterations() + " preconditioned vs " + plain + " plain");
        double[] reference = DenseReference.solve(a, n, b);
        assertTrue(Dense.relativeError(xp, reference) < 1e-4);
    }

    @Test
    void exactDiagonalIsReadOrProbedCorrectly() {
        SplittableRandom random = new SplittableRandom(201);
        int n = 9;
        double[] a = Dense.randomMatrix(random, n, n);
        double[] expected = Dense.diagonal(a, n);
        DenseOperator dense = LinearOperator.dense(n, n, a);
        assertArrayEquals(expected, OperatorDiagonal.exact(dense), 0.0);
        LinearOperator matrixFree = LinearOperator.fromFunctions(n, n,
                (x, y) -> System.arraycopy(Dense.multiply(a, n, n, x), 0, y, 0, n),
                (x, y) -> System.arraycopy(Dense.multiply(DenseReference.transpose(a, n, n), n, n, x), 0, y, 0, n),
                Structure.GENERAL);
        assertArrayEquals(expected, OperatorDiagonal.exact(matrixFree), 0.0);
        // views: 2(A + Aᵀ) + 3I has diagonal 4·diag(A) + 3
        double[] composite = OperatorDiagonal.exact(dense.plus(dense.transpose()).scaled(2).withRidge(3));
        for (int i = 0; i < n; i++) {
            assertEquals(4 * expected[i] + 3, composite[i], 1e-15);
        }
        assertArrayEquals(new double[] {1, 1, 1}, OperatorDiagonal.exact(LinearOperator.identity(3)), 0.0);
        double[] d = {2, -3, 4};
        assertArrayEquals(d, OperatorDiagonal.exact(LinearOperator.diagonal(d)), 0.0);
        assertMessage(DimensionMismatchException.class, "square",
                () -> OperatorDiagonal.exact(LinearOperator.dense(2, 3, new double[6])));
    }

    @Test
    void estimatedDiagonalIsExactForDiagonalsAndWithinItsStatedErrorOtherwise() {
        double[] d = {3, -1, 0.5, 7, 2};
        assertArrayEquals(d, OperatorDiagonal.estimate(LinearOperator.diagonal(d), 1, 7), 1e-15);

        SplittableRandom random = new SplittableRandom(202);
        int n = 80;
        int probes = 64;
        double[] a = Dense.diagonallyDominated(random, n);
        LinearOperator op = LinearOperator.dense(n, n, a, 0, n, Structure.SYMMETRIC_POSITIVE_DEFINITE);
        double[] estimate = OperatorDiagonal.estimate(op, probes, 99);
        assertArrayEquals(estimate, OperatorDiagonal.estimate(op, probes, 99), 0.0, "deterministic per seed");
        double worst = 0;
        for (int i = 0; i < n; i++) {
            double offDiagonal = 0;
            for (int j = 0; j < n; j++) {
                if (j != i) {
                    offDiagonal += a[i * n + j] * a[i * n + j];
                }
            }
            double sigma = Math.sqrt(offDiagonal / probes);
            double deviation = Math.abs(estimate[i] - a[i * n + i]) / sigma;
            worst = Math.max(worst, deviation);
        }
        // 80 entries, each a sum of many ±terms: beyond 6σ would be a broken estimator
        assertTrue(worst < 6, "largest deviation " + worst + "σ");
        assertMessage(InvalidOptionException.class, "probes", () -> OperatorDiagonal.estimate(op, 0, 1));
    }

    @Test
    void estimatedJacobiAlsoCutsCgIterations() {
        SplittableRandom random = new SplittableRandom(203);
        int n = 60;
        double[] a = Dense.diagonallyDominated(random, n);
        double[] b = Dense.randomVector(random, n);
        LinearOperator op = LinearOperator.dense(n, n, a, 0, n, Structure.SYMMETRIC_POSITIVE_DEFINITE);
        LinearSolver cg = LinearSolver.conjugateGradient(LinearSolverOptions.builder().relativeTolerance(1e-8).build());
        SolverWorkspace ws = cg.newWorkspace(n);
        int plain = cg.solve(ws, op, null, b, new double[n]).iterations();
        Preconditioner estimated = Preconditioner.jacobiEstimated(op, 16, 5);
        assertTrue(estimated.isSymmetricPositiveDefinite());
        int withEstimate = cg.solve(ws, op, estimated, b, new double[n]).iterations();
        assertTrue(withEstimate * 2 <= plain, withEstimate + " vs " + plain);
    }

    @Test
    void jacobiValidatesItsDiagonal() {
        assertMessage(SingularOperatorException.class, "diagonal[1]",
                () -> Preconditioner.jacobi(new double[] {1, 0, 2}));
        assertMessage(NonFiniteException.class, "diagonal[2]",
                () -> Preconditioner.jacobi(new double[] {1, 1, Double.NaN}));
        assertFalse(Preconditioner.jacobi(new double[] {1, -1}).isSymmetricPositiveDefinite());
        Preconditioner p = Preconditioner.jacobi(new double[] {2, 4});
        double[] z = new double[2];
        assertEquals(0.5 * 1 + 0.25 * 9, p.applyDot(new double[] {1, 3}, z), 1e-15);
        assertArrayEquals(new double[] {0.5, 0.75}, z, 1e-15);
    }

    @Test
    void userPreconditionerIsUsedAsGiven() {
        SplittableRandom random = new SplittableRandom(204);
        int n = 40;
        double[] a = Dense.diagonallyDominated(random, n);
        double[] d = Dense.diagonal(a, n);
        int[] calls = new int[1];
        Preconditioner user = Preconditioner.of(n, (r, z) -> {
            calls[0]++;
            for (int i = 0; i < n; i++) {
                z[i] = r[i] / d[i];
            }
        }, true);
        double[] b = Dense.randomVector(random, n);
        double[] x = new double[n];
        LinearOperator op = LinearOperator.dense(n, n, a, 0, n, Structure.SYMMETRIC_POSITIVE_DEFINITE);
        LinearSolver cg = LinearSolver.conjugateGradient(LinearSolverOptions.defaults());
        SolveResult withUser = cg.solve(cg.newWorkspace(n), op, user, b, x);
        double[] xj = new double[n];
        SolveResult withJacobi = cg.solve(cg.newWorkspace(n), op, Preconditioner.jacobi(d), b, xj);
        assertEquals(withJacobi.iterations(), withUser.iterations());
        assertTrue(calls[0] >= withUser.iterations());
        assertArrayEquals(xj, x, 1e-9);
    }

    // ---- L-BFGS ------------------------------------------------------------------------------------

    /** The dense BFGS inverse update H ← (I − ρsyᵀ)H(I − ρysᵀ) + ρssᵀ from H₀ = γI. */
    private static double[] denseBfgsInverse(List<double[]> s, List<double[]> y, int n) {
        double[] last = s.get(s.size() - 1);
        double[] lastY = y.get(y.size() - 1);
        double gamma = DenseReference.dot(last, lastY) / DenseReference.dot(lastY, lastY);
        double[] h = Dense.plusIdentity(new double[n * n], n, gamma);
        for (int k = 0; k < s.size(); k++) {
            double[] sk = s.get(k);
            double[] yk = y.get(k);
            double rho = 1 / DenseReference.dot(sk, yk);
            double[] left = Dense.plusIdentity(new double[n * n], n, 1);
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    left[i * n + j] -= rho * sk[i] * yk[j];
                }
            }
            double[] next = Dense.multiply(Dense.multiply(left, n, n, h, n), n, n, DenseReference.transpose(left, n, n), n);
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    next[i * n + j] += rho * sk[i] * sk[j];
                }
            }
            h = next;
        }
        return h;
    }

    @Test
    void twoLoopRecursionEqualsTheDenseBfgsInverseOfTheKeptPairs() {
        SplittableRandom random = new SplittableRandom(205);
        int n = 12;
        int capacity = 4;
        double[] a = Dense.withSpectrum(random, Dense.geometric(n, 1, 50));
        LbfgsHistory history = new LbfgsHistory(n, capacity);
        java.util.ArrayList<double[]> s = new java.util.ArrayList<>();
        java.util.ArrayList<double[]> y = new java.util.ArrayList<>();
        double[] r = Dense.randomVector(random, n);
        double[] z = new double[n];
        history.apply(r, z);
        assertArrayEquals(r, z, 0.0, "empty history is the identity");
        for (int k = 0; k < 7; k++) {
            double[] sk = Dense.randomVector(random, n);
            double[] yk = Dense.multiply(a, n, n, sk);
            assertTrue(history.push(sk, yk));
            s.add(sk);
            y.add(yk);
            int kept = Math.min(s.size(), capacity);
            assertEquals(kept, history.size());
            double[] h = denseBfgsInverse(s.subList(s.size() - kept, s.size()), y.subList(y.size() - kept, y.size()), n);
            history.apply(r, z);
            assertArrayEquals(Dense.multiply(h, n, n, r), z, 1e-10, "after " + (k + 1) + " pairs");
        }
        double[] newestS = s.get(s.size() - 1);
        double[] newestY = y.get(y.size() - 1);
        assertEquals(DenseReference.dot(newestS, newestY) / DenseReference.dot(newestY, newestY), history.initialScaling(), 1e-15);
        // the secant condition H y = s of the newest pair
        history.apply(newestY, z);
        assertArrayEquals(newestS, z, 1e-10);
    }

    @Test
    void pairsWithoutPositiveCurvatureAreSkipped() {
        LbfgsHistory history = new LbfgsHistory(2, 3);
        assertFalse(history.push(new double[] {1, 0}, new double[] {-1, 0}), "sᵀy < 0");
        assertFalse(history.push(new double[] {1, 0}, new double[] {0, 1}), "sᵀy = 0");
        assertFalse(history.push(new double[] {1, 0}, new double[] {Double.NaN, 1}), "NaN");
        assertFalse(history.push(new double[] {0, 0}, new double[] {0, 0}), "zero step");
        assertEquals(0, history.size());
        LbfgsHistory strict = new LbfgsHistory(2, 3, 0.5);
        assertFalse(strict.push(new double[] {1, 0}, new double[] {0.4, 1}), "cos(s, y) ≈ 0.37 < 0.5");
        assertTrue(strict.push(new double[] {1, 0}, new double[] {1, 0.5}));
        assertEquals(1, strict.size());
        strict.clear();
        assertEquals(0, strict.size());
        assertEquals(1, strict.initialScaling());
        assertMessage(DimensionMismatchException.class, "s has length", () -> history.push(new double[3], new double[2]));
        assertMessage(InvalidOptionException.class, "capacity", () -> new LbfgsHistory(2, 0));
    }

    @Test
    void lbfgsPreconditionerFromRandomCurvaturePairsCutsCgIterations() {
        SplittableRandom random = new SplittableRandom(206);
        int n = 100;
        double[] a = Dense.withSpectrum(random, Dense.geometric(n, 1, 1e4));
        LinearOperator op = LinearOperator.dense(n, n, a, 0, n, Structure.SYMMETRIC_POSITIVE_DEFINITE);
        LbfgsHistory history = new LbfgsHistory(n, 20);
        for (int k = 0; k < 20; k++) {
            double[] s = Dense.randomVector(random, n);
            assertTrue(history.push(s, Dense.multiply(a, n, n, s)));
        }
        assertPreconditionerCutsCgIterations(a, op, history, Dense.randomVector(random, n), 1.0);
    }

    /**
     * The intended use: the memory an L-BFGS run on the quadratic ½xᵀAx − cᵀx leaves behind
     * (exact line searches, 10 steps, m = 10) preconditions the Hessian solve for another b.
     * On a spectrum with ten outlying eigenvalues it captures them and cuts CG's work by more
     * than a quarter.
     */
    @Test
    void lbfgsMemoryOfAnActualRunCutsCgIterations() {
        SplittableRandom random = new SplittableRandom(207);
        int n = 100;
        double[] eigen = new double[n];
        for (int i = 0; i < n; i++) {
            eigen[i] = i < 10 ? 100 + 900.0 * i / 9 : 1 + (double) i / n;
        }
        double[] a = Dense.withSpectrum(random, eigen);
        LinearOperator op = LinearOperator.dense(n, n, a, 0, n, Structure.SYMMETRIC_POSITIVE_DEFINITE);
        LbfgsHistory history = new LbfgsHistory(n, 10);
        double[] c = Dense.randomVector(random, n);
        double[] g = new double[n]; // ∇f(0) = −c
        for (int i = 0; i < n; i++) {
            g[i] = -c[i];
        }
        double[] d = new double[n];
        for (int k = 0; k < 10; k++) {
            history.apply(g, d);
            double[] ad = Dense.multiply(a, n, n, d);
            double t = -DenseReference.dot(g, d) / DenseReference.dot(d, ad); // s = t·d minimises f along the direction −Hg
            double[] s = new double[n];
            double[] y = new double[n];
            for (int i = 0; i < n; i++) {
                s[i] = t * d[i];
                y[i] = t * ad[i];
                g[i] += y[i];
            }
            assertTrue(history.push(s, y));
        }
        assertPreconditionerCutsCgIterations(a, op, history, Dense.randomVector(random, n), 0.75);
    }

    private static void assertPreconditionerCutsCgIterations(double[] a, LinearOperator op, Preconditioner m,
                                                             double[] b, double factor) {
        int n = b.length;
        LinearSolver cg = LinearSolver.conjugateGradient(LinearSolverOptions.defaults());
        SolverWorkspace ws = cg.newWorkspace(n);
        int plain = cg.solve(ws, op, null, b, new double[n]).iterations();
        double[] x = new double[n];
        SolveResult preconditioned = cg.solve(ws, op, m, b, x);
        assertTrue(preconditioned.iterations() < factor * plain,
                () -> preconditioned.iterations() + " preconditioned vs " + plain + " plain");
        assertTrue(Dense.relativeError(x, DenseReference.solve(a, n, b)) < 1e-5);
    }
}
