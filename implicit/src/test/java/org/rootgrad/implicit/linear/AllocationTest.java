package org.rootgrad.implicit.linear;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import org.rootgrad.testing.Allocations;

/**
 * Solves with a reused workspace allocate nothing: the thread's allocated-bytes counter does not
 * move across repeated single and block solves after warm-up.
 *
 * <p>While the JIT compiles and replaces methods the counter moves by a few hundred bytes that
 * do not belong to the code under test (they stop once compilation settles), so after a warm-up
 * each test looks for a window of rounds that allocates nothing at all ({@link Allocations}).
 * Code that allocates per solve allocates in every window and fails.
 */
class AllocationTest {
    static List<Methods> all() {
        return List.of(Methods.CG, Methods.MINRES, Methods.GMRES, Methods.GMRES_SHORT, Methods.BICGSTAB,
                Methods.CGNR, Methods.REFINED_CG, Methods.DENSE_CHOLESKY, Methods.DENSE_LU, Methods.DENSE_QR,
                Methods.REFINED_LU, Methods.APPROXIMATE_CHOLESKY);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("all")
    void repeatedSolvesAllocateNothing(Methods method) {
        SplittableRandom random = new SplittableRandom(500);
        int n = 40;
        int k = 3;
        double[] a = Dense.diagonallyDominated(random, n);
        LinearOperator op = LinearOperator.dense(n, n, a, 0, n, Structure.SYMMETRIC_POSITIVE_DEFINITE);
        LinearOperator ridgeView = op.withRidge(0.1);
        double[] d = Dense.diagonal(a, n);
        Preconditioner jacobi = Preconditioner.jacobi(d);
        LbfgsHistory history = new LbfgsHistory(n, 5);
        for (int i = 0; i < 5; i++) {
            double[] s = Dense.randomVector(random, n);
            history.push(s, Dense.multiply(a, n, n, s));
        }
        LinearSolver solver = method.make(LinearSolverOptions.builder().relativeTolerance(1e-8).throwOnFailure(false).build());
        LinearSolver warm = method.make(LinearSolverOptions.builder().warmStart(true).ridge(0.1).throwOnFailure(false).build());
        SolverWorkspace ws = solver.newWorkspace(n, k);
        SolverWorkspace warmWs = warm.newWorkspace(n, k);
        double[] b = Dense.randomVector(random, n);
        double[] x = new double[n];
        double[][] bs = {Dense.randomVector(random, n), new double[n], Dense.randomVector(random, n)};
        double[][] xs = new double[k][n];
        Preconditioner lbfgsOrJacobi = method == Methods.CGNR ? jacobi : history;
        Runnable round = () -> {
            solver.solve(ws, op, null, b, x);
            solver.solve(ws, op, jacobi, b, x);
            solver.solve(ws, op, lbfgsOrJacobi, b, x);
            warm.solve(warmWs, op, jacobi, b, x);
            solver.solve(ws, ridgeView, null, b, x);
            solver.solveBlock(ws, op, null, bs, xs);
            solver.solveBlock(ws, op, jacobi, bs, xs);
            warm.solveBlock(warmWs, op, null, bs, xs);
        };
        assertEquals(0, Allocations.steadyState(round, 10 * 20, 20), method + ": bytes allocated in 20 rounds");
    }

    @Test
    void lbfgsHistoryPushAndApplyAllocateNothing() {
        SplittableRandom random = new SplittableRandom(501);
        int n = 50;
        LbfgsHistory history = new LbfgsHistory(n, 4);
        double[] s = Dense.randomVector(random, n);
        double[] y = s.clone();
        double[] r = Dense.randomVector(random, n);
        double[] z = new double[n];
        Runnable round = () -> {
            for (int i = 0; i < 6; i++) {
                history.push(s, y);
                history.apply(r, z);
            }
            history.clear();
        };
        assertEquals(0, Allocations.steadyState(round, 10 * 200, 200));
    }
}
