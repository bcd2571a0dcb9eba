package org.rootgrad.solvers.reliability;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.rootgrad.autodiff.Function;
import org.rootgrad.autodiff.Tape;
import org.rootgrad.autodiff.Tensor;
import org.rootgrad.autodiff.Workspace;
import org.rootgrad.error.Status;
import org.rootgrad.implicit.ImplicitDiff;
import org.rootgrad.solvers.LBFGS;
import org.rootgrad.solvers.Solver;
import org.rootgrad.solvers.SolverOptions;
import org.rootgrad.solvers.SolverResult;
import org.rootgrad.solvers.objective.Objectives;
import org.rootgrad.testing.DenseReference;

/**
 * One solver configuration and one recorded function that contains it, hammered from 8 threads:
 * L2-regularised logistic regression solved by L-BFGS, differentiated implicitly with respect to
 * λ, (a) through the solver itself, one {@link Solver#fork()} per thread, and (b) as a node of a
 * validation loss recorded once on a tape, one {@link Function#newWorkspace()} per thread (which
 * forks the solver inside). Every thread's results must equal a single-threaded run's bit for
 * bit.
 *
 * <p>Order: (a) runs from a fixed starting point and differentiates with a dense direct solver
 * without warm start, so the threads visit the points in different orders; (b) warm-starts each
 * solve from the previous solution, so every workspace visits the points in the reference order.
 * Both are warmed up single-threaded first (C2 must have compiled the Vector API code: before it
 * does, reductions and transcendentals round differently, a JIT-tier effect this test is not
 * about).
 */
class ConcurrencyTest {
    private static final int THREADS = 8;
    private static final int ROWS = 60;
    private static final int FEATURES = 8;
    private static final int POINTS = 12;

    private static final double[] X;
    private static final double[] LABELS;
    private static final double[] X_VALIDATION;
    private static final double[] Y_VALIDATION;
    private static final double[][] THETAS = new double[POINTS][];

    static {
        SplittableRandom r = new SplittableRandom(77);
        X = DenseReference.gaussian(ROWS * FEATURES, r);
        double[] w = DenseReference.gaussian(FEATURES, r);
        LABELS = new double[ROWS];
        for (int i = 0; i < ROWS; i++) {
            double margin = 0;
            for (int j = 0; j < FEATURES; j++) {
                margin += X[i * FEATURES + j] * w[j];
            }
            LABELS[i] = margin + 0.5 * r.nextGaussian() > 0 ? 1 : -1;
        }
        X_VALIDATION = DenseReference.gaussian(20 * FEATURES, r);
        Y_VALIDATION = DenseReference.gaussian(20, r);
        for (int p = 0; p < POINTS; p++) {
            THETAS[p] = new double[] {0.01 + 0.2 * r.nextDouble()};
        }
    }

    private static Solver prototype() {
        return LBFGS.builder(Objectives.binaryLogisticL2(X, ROWS, FEATURES, LABELS, false))
                .options(SolverOptions.defaults().withTolerance(1e-10)
                        .withImplicit(ImplicitDiff.builder().warmStart(false).build()))
                .build();
    }

    /** (a): solution, status, iterations and the VJP of a fixed cotangent, concatenated. */
    private static double[] solveAndDifferentiate(Solver solver, double[] theta) {
        SolverResult r = solver.run(new double[FEATURES], theta);
        double[] out = new double[FEATURES + 3];
        System.arraycopy(r.solution(), 0, out, 0, FEATURES);
        out[FEATURES] = r.iterations();
        double[] xBar = new double[FEATURES];
        for (int j = 0; j < FEATURES; j++) {
            xBar[j] = 1 - 0.25 * j;
        }
        double[] thetaBar = new double[1];
        solver.vjp(xBar, thetaBar);
        out[FEATURES + 1] = thetaBar[0];
        out[FEATURES + 2] = r.status() == Status.CONVERGED ? 1 : 0;
        return out;
    }

    /** (b): L(θ) = mean((X_v w*(θ) − y_v)²) with w* the solver's node. */
    private static Function validationLoss(Solver solver) {
        Tape tape = new Tape();
        Tensor theta = tape.input("lambda", 1);
        Tensor w = ImplicitDiff.node(tape, solver, theta);
        Tensor residual = tape.constant(X_VALIDATION, 20, FEATURES).matvec(w).sub(tape.constant(Y_VALIDATION));
        return tape.build(residual.square().mean());
    }

    /** (b): value and hypergradient at every point, in order, from a fresh workspace. */
    private static double[][] sweep(Function f) {
        Workspace ws = f.newWorkspace();
        double[][] out = new double[POINTS][];
        double[] gradient = new double[1];
        for (int p = 0; p < POINTS; p++) {
            ws.setInput(0, THETAS[p]);
            double value = f.valueAndGradient(ws, 0, gradient);
            out[p] = new double[] {value, gradient[0]};
        }
        return out;
    }

    @Test
    void eightThreadsMatchASingleThreadedRunBitForBit() throws Exception {
        Solver solver = prototype();
        Function loss = validationLoss(prototype());

        // warm up the very paths the threads take: forks, fresh workspaces, every point
        long warmUntil = System.nanoTime() + 2_500_000_000L;
        while (System.nanoTime() < warmUntil) {
            Solver fork = solver.fork();
            for (double[] theta : THETAS) {
                solveAndDifferentiate(fork, theta);
            }
            sweep(loss);
        }
        Solver single = solver.fork();
        double[][] expected = new double[POINTS][];
        for (int p = 0; p < POINTS; p++) {
            expected[p] = solveAndDifferentiate(single, THETAS[p]);
            assertEquals(1.0, expected[p][FEATURES + 2], "point " + p + " converged");
        }
        double[][] expectedLoss = sweep(loss);

        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<double[][][]>> futures = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int offset = t;
                futures.add(pool.submit(() -> {
                    Solver mine = solver.fork();
                    start.await();
                    double[][] got = new double[POINTS][];
                    double[][] gotLoss = null;
                    for (int repeat = 0; repeat < 15; repeat++) {
                        for (int j = 0; j < POINTS; j++) {
                            // a different order per thread: rotated, and reversed on odd threads
                            int p = offset % 2 == 0 ? (j + offset) % POINTS : (POINTS - 1 - j + offset) % POINTS;
                            got[p] = solveAndDifferentiate(mine, THETAS[p]);
                        }
                        gotLoss = sweep(loss);
                    }
                    return new double[][][] {got, gotLoss};
                }));
            }
            start.countDown();
            for (int t = 0; t < THREADS; t++) {
                double[][][] got = futures.get(t).get(120, TimeUnit.SECONDS);
                for (int p = 0; p < POINTS; p++) {
                    assertArrayEquals(expected[p], got[0][p], 0.0, "thread " + t + ", solver, point " + p);
                    assertArrayEquals(expectedLoss[p], got[1][p], 0.0, "thread " + t + ", tape node, point " + p);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
