package org.rootgrad.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * One immutable Function shared by 8 threads, each with its own Workspace (and a custom primitive
 * with per-workspace state): every thread's results are bit-identical to a single-threaded run.
 */
class ConcurrencyTest {
    private static final int THREADS = 8;
    private static final int POINTS = 25;

    private static Function function() {
        int n = 30;
        int p = 5;
        SplittableRandom rnd = new SplittableRandom(31);
        double[] data = TestSupport.gaussian(rnd, n * p);
        double[] labels = new double[n];
        for (int i = 0; i < n; i++) {
            labels[i] = rnd.nextBoolean() ? 1 : -1;
        }
        Tape tape = new Tape();
        Tensor w = tape.input("w", p);
        Tensor theta = tape.input("theta", 2);
        Tensor x = tape.constant(data, n, p);
        Tensor cubed = tape.apply(new CustomPrimitives.Cube(), Shape.vector(p), w.mul(theta.element(1)));
        Tensor f = tape.binaryLogisticLoss(x, w, tape.constant(labels))
                .add(theta.element(0).mul(w.squaredNorm()))
                .add(x.matvec(cubed.tanh()).softmax().logSumExp())
                .add(tape.softmaxCrossEntropy(x.rows(0, 6).matmul(x.rows(6, 12).reshape(p, 6))
                        .mul(w.sum()), new int[] {0, 1, 2, 3, 4, 5}));
        return tape.build(f);
    }

    /** Everything computed at one point, concatenated: value, both gradients, products. */
    private static double[] results(Function f, Workspace ws, double[] w, double[] theta, double[] v,
                                    double[] u) {
        int p = w.length;
        ws.setInputs(w, theta);
        double[] out = new double[1 + p + 2 + p + p + 2 + 1];
        double[][] grads = {new double[p], new double[2]};
        out[0] = f.valueAndGradients(ws, grads);
        System.arraycopy(grads[0], 0, out, 1, p);
        System.arraycopy(grads[1], 0, out, 1 + p, 2);
        double[] hv = new double[p];
        f.hessianVector(ws, 0, v, hv);
        System.arraycopy(hv, 0, out, 3 + p, p);
        f.secondOrder(ws, 1, u, 0, hv);
        System.arraycopy(hv, 0, out, 3 + 2 * p, p);
        double[] mixedT = new double[2];
        f.secondOrder(ws, 0, v, 1, mixedT);
        System.arraycopy(mixedT, 0, out, 3 + 3 * p, 2);
        double[] jv = new double[1];
        f.jvp(ws, 1, u, jv);
        out[5 + 3 * p] = jv[0];
        return out;
    }

    @Test
    void eightThreadsWithOwnWorkspacesMatchSingleThreadBitForBit() throws Exception {
        Function f = function();
        SplittableRandom rnd = new SplittableRandom(5);
        double[][][] points = new double[POINTS][][];
        for (int i = 0; i < POINTS; i++) {
            points[i] = new double[][] {TestSupport.gaussian(rnd, 5), {0.3 + rnd.nextDouble(), 0.5 + rnd.nextDouble()},
                    TestSupport.gaussian(rnd, 5), TestSupport.gaussian(rnd, 2)};
        }
        Workspace single = f.newWorkspace();
        // Warm up first: until C2 compiles them, the Vector API's transcendentals run a scalar
        // fallback that can differ from the compiled (SVML) code by an ulp, a difference between
        // JIT tiers that this test is not about.
        long warmUntil = System.nanoTime() + 2_000_000_000L;
        while (System.nanoTime() < warmUntil) {
            for (int i = 0; i < POINTS; i++) {
                results(f, single, points[i][0], points[i][1], points[i][2], points[i][3]);
            }
        }
        double[][] expected = new double[POINTS][];
        for (int i = 0; i < POINTS; i++) {
            expected[i] = results(f, single, points[i][0], points[i][1], points[i][2], points[i][3]);
        }

        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<double[][]>> futures = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int offset = t;
                futures.add(pool.submit(() -> {
                    Workspace ws = f.newWorkspace();
                    start.await();
                    double[][] got = new double[POINTS][];
                    for (int repeat = 0; repeat < 4; repeat++) {
                        for (int j = 0; j < POINTS; j++) {
                            int i = (j + offset) % POINTS; // threads visit points in different orders
                            got[i] = results(f, ws, points[i][0], points[i][1], points[i][2], points[i][3]);
                        }
                    }
                    return got;
                }));
            }
            start.countDown();
            for (Future<double[][]> future : futures) {
                double[][] got = future.get(60, TimeUnit.SECONDS);
                for (int i = 0; i < POINTS; i++) {
                    assertArrayEquals(expected[i], got[i], 0.0, "point " + i);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
