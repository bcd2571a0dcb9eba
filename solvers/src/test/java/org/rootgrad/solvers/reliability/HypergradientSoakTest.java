package org.rootgrad.solvers.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.rootgrad.error.Status;
import org.rootgrad.solvers.LBFGS;
import org.rootgrad.solvers.Solver;
import org.rootgrad.solvers.SolverOptions;
import org.rootgrad.solvers.SolverResult;
import org.rootgrad.solvers.objective.Objectives;
import org.rootgrad.testing.Allocations;
import org.rootgrad.testing.DenseReference;

/**
 * The soak test (tag {@code soak}, excluded from the default build): 10⁶ hypergradients of ridge
 * regression on one solver, each a warm-started L-BFGS solve at the next λ of a slowly varying
 * path and an implicit VJP of a validation loss, with
 * <ul>
 *   <li>every answer checked against the closed form −x̄ᵀH⁻¹w* (H = 2XᵀX/r + λI, w* = H⁻¹·2Xᵀy/r,
 *       x̄ = ∇_w of the validation loss at w*), precomputed for the path's λ values;</li>
 *   <li>the hypergradient at a fixed λ from a fixed start recomputed every 10⁴ calls and compared
 *       bit for bit with the first time (after warm-up);</li>
 *   <li>the heap used after a full GC at the start and at the end, and the bytes allocated by the
 *       calling thread over the measured calls (both must stay flat: nothing accumulates).</li>
 * </ul>
 * Run with {@code scripts/with-jdk25 mvn -B -pl solvers -am test -Dgroups=soak -Dtest=HypergradientSoakTest
 * -Dsurefire.failIfNoSpecifiedTests=false}; {@code -Drootgrad.soak.calls=N} sets the number of calls.
 *
 * <p>Tolerance of the closed-form check: the forward solve stops at ‖∇f‖ ≤ 1e-11 and the
 * Hessian's eigenvalues are ≥ λ ≥ 0.05, so ‖w − w*‖ ≤ 2e-10; the hypergradient is smooth in w,
 * and it is checked to 1e-7 relative (dense Cholesky makes the adjoint solve exact to rounding).
 */
@Tag("soak")
class HypergradientSoakTest {
    private static final int ROWS = 40;
    private static final int FEATURES = 8;
    private static final int VALIDATION = 25;
    private static final int PATH = 1000;
    private static final int CHECK_EVERY = 10_000;

    @Test
    void aMillionHypergradientsWithoutHeapGrowthOrDrift() {
        long calls = Long.getLong("rootgrad.soak.calls", 1_000_000L);
        SplittableRandom r = new SplittableRandom(2024);
        double[] x = DenseReference.gaussian(ROWS * FEATURES, r);
        double[] y = DenseReference.gaussian(ROWS, r);
        double[] xv = DenseReference.gaussian(VALIDATION * FEATURES, r);
        double[] yv = DenseReference.gaussian(VALIDATION, r);

        double[] lambdas = new double[PATH];
        double[] expected = new double[PATH];
        for (int k = 0; k < PATH; k++) {
            lambdas[k] = 0.3 * (1 + 0.8 * Math.sin(2 * Math.PI * k / PATH)) + 0.05;
            expected[k] = closedForm(x, y, xv, yv, lambdas[k]);
        }

        Solver solver = LBFGS.builder(Objectives.ridge(x, ROWS, FEATURES, y, false))
                .options(SolverOptions.defaults().withTolerance(1e-11)).build();
        double[] theta = new double[1];
        double[] xBar = new double[FEATURES];
        double[] thetaBar = new double[1];
        double[] zeros = new double[FEATURES];
        double[] residual = new double[VALIDATION];
        Hypergradient call = (k, cold) -> {
            theta[0] = lambdas[k];
            SolverResult result = solver.run(cold ? zeros : solver.result().solution(), theta);
            validationGradient(xv, yv, result.solution(), residual, xBar);
            solver.vjp(xBar, thetaBar);
            return thetaBar[0];
        };

        // warm up until C2 has compiled the path (the Vector API allocates before it has): until a
        // window of 1000 calls allocates nothing, or 30 s have passed
        int[] next = {0};
        long warmUpBytes = Allocations.steadyState(() -> call.at(next[0]++ % PATH, false), 30_000, 1_000,
                30_000_000_000L);
        System.out.println("soak: warm-up reached a window of 1000 calls allocating " + warmUpBytes + " bytes after "
                + next[0] + " calls");
        int fixed = PATH / 3;
        double reference = call.at(fixed, true);
        assertEquals(expected[fixed], reference, 1e-7 * Math.abs(expected[fixed]));

        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long heapBefore = usedHeapAfterGc(memory);
        long allocatedBefore = Allocations.allocatedBytes();
        long start = System.nanoTime();
        double worst = 0;
        long checks = 0;
        long notConverged = 0;
        for (long i = 0; i < calls; i++) {
            int k = (int) (i % PATH);
            double got = call.at(k, false);
            if (solver.result().status() != Status.CONVERGED || solver.derivative().status() != Status.CONVERGED) {
                notConverged++;
            }
            double error = Math.abs(got - expected[k]) / Math.abs(expected[k]);
            if (!(error <= worst)) {
                worst = error; // NaN also lands here, and fails below
            }
            if (i % CHECK_EVERY == CHECK_EVERY - 1) {
                double again = call.at(fixed, true);
                if (Double.doubleToRawLongBits(again) != Double.doubleToRawLongBits(reference)) {
                    throw new AssertionError("drift after " + (i + 1) + " calls: the hypergradient at λ = "
                            + lambdas[fixed] + " is " + again + ", first " + reference);
                }
                checks++;
            }
        }
        long elapsed = System.nanoTime() - start;
        long allocated = Allocations.allocatedBytes() - allocatedBefore;
        long heapAfter = usedHeapAfterGc(memory);

        String report = String.format(Locale.ROOT,
                "soak: %d hypergradients (+%d drift checks) in %.1f s (%.2f µs each); worst relative error"
                        + " %.2e; not converged %d; heap used after GC %d KiB before, %d KiB after;"
                        + " allocated %d bytes in all (%.4f per call)",
                calls, checks, elapsed / 1e9, elapsed / 1e3 / (calls + checks), worst, notConverged,
                heapBefore / 1024, heapAfter / 1024, allocated, (double) allocated / (calls + checks));
        System.out.println(report);
        assertEquals(0, notConverged, report);
        assertTrue(worst < 1e-7, report);
        assertTrue((double) allocated / (calls + checks) < 1.0, "allocation per call: " + report);
        assertTrue(heapAfter - heapBefore < 4L << 20, "heap growth: " + report);
    }

    @FunctionalInterface
    private interface Hypergradient {
        double at(int k, boolean cold);
    }

    /** out ← ∇_w (1/v)‖X_v w − y_v‖² = (2/v) X_vᵀ(X_v w − y_v); no allocation. */
    private static void validationGradient(double[] xv, double[] yv, double[] w, double[] residual, double[] out) {
        for (int i = 0; i < VALIDATION; i++) {
            double s = -yv[i];
            for (int j = 0; j < FEATURES; j++) {
                s += xv[i * FEATURES + j] * w[j];
            }
            residual[i] = s;
        }
        for (int j = 0; j < FEATURES; j++) {
            double s = 0;
            for (int i = 0; i < VALIDATION; i++) {
                s += xv[i * FEATURES + j] * residual[i];
            }
            out[j] = 2.0 / VALIDATION * s;
        }
    }

    /** dL/dλ = x̄ᵀ ∂w*(λ)/∂λ = −x̄ᵀH⁻¹w*, all dense, from the formula. */
    private static double closedForm(double[] x, double[] y, double[] xv, double[] yv, double lambda) {
        double[] xt = DenseReference.transpose(x, ROWS, FEATURES);
        double[] h = DenseReference.multiply(xt, x, FEATURES, ROWS, FEATURES);
        double[] b = DenseReference.apply(xt, FEATURES, ROWS, y);
        for (int i = 0; i < FEATURES * FEATURES; i++) {
            h[i] *= 2.0 / ROWS;
        }
        for (int i = 0; i < FEATURES; i++) {
            h[i * FEATURES + i] += lambda;
            b[i] *= 2.0 / ROWS;
        }
        double[] w = DenseReference.solve(h, FEATURES, b);
        double[] xBar = new double[FEATURES];
        validationGradient(xv, yv, w, new double[VALIDATION], xBar);
        double[] dw = DenseReference.solve(h, FEATURES, w);
        double s = 0;
        for (int j = 0; j < FEATURES; j++) {
            s -= xBar[j] * dw[j];
        }
        return s;
    }

    private static long usedHeapAfterGc(MemoryMXBean memory) {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return memory.getHeapMemoryUsage().getUsed();
    }
}
