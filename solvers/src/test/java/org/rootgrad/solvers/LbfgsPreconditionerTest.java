package org.rootgrad.solvers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.rootgrad.autodiff.Objective;
import org.rootgrad.autodiff.Tape;
import org.rootgrad.autodiff.Tensor;
import org.rootgrad.error.Status;
import org.rootgrad.implicit.ImplicitDiff;
import org.rootgrad.solvers.objective.Objectives;

/**
 * The L-BFGS memory as the preconditioner of the implicit Hessian solve on L2 logistic
 * regression whose features span two orders of magnitude in scale (as in
 * LogisticSolversBenchmark), at λ = 1e-4 where the Hessian's condition number is in the
 * thousands: with γI as H₀ (the tape objective) the default 10 pairs save little; with the
 * inverse Hessian diagonal as H₀ (the library's linear model) the conjugate-gradient iterations
 * drop several-fold. All three derivatives agree (1e-6 relative).
 */
class LbfgsPreconditionerTest {
    static final int ROWS = 2000;
    static final int FEATURES = 60;

    @Test
    void theHessianDiagonalAsInitialMatrixCutsTheIterations() {
        SplittableRandom random = new SplittableRandom(4242);
        double[] x = new double[ROWS * FEATURES];
        double[] y = new double[ROWS];
        double[] truth = new double[FEATURES];
        double[] scale = new double[FEATURES];
        for (int j = 0; j < FEATURES; j++) {
            scale[j] = Math.pow(10, -2.0 * j / (FEATURES - 1));
            truth[j] = random.nextGaussian() / Math.sqrt(FEATURES) * 3 / scale[j];
        }
        for (int i = 0; i < ROWS; i++) {
            double margin = 0;
            for (int j = 0; j < FEATURES; j++) {
                x[i * FEATURES + j] = random.nextGaussian() * scale[j];
                margin += x[i * FEATURES + j] * truth[j];
            }
            double u = random.nextDouble();
            y[i] = margin + Math.log(u / (1 - u)) > 0 ? 1 : -1;
        }
        Tape tape = new Tape();
        Tensor w = tape.input("w", FEATURES);
        Tensor l = tape.input("lambda", 1);
        Objective onTape = tape.build(tape.binaryLogisticLoss(tape.constant(x, ROWS, FEATURES), w, tape.constant(y))
                .add(l.mul(w.squaredNorm()).scale(0.5))).objective(0, 1);
        ImplicitDiff cold = ImplicitDiff.builder().warmStart(false).denseThreshold(0).build(); // CG, not dense Cholesky
        LBFGS[] solvers = {
                LBFGS.builder(Objectives.binaryLogisticL2(x, ROWS, FEATURES, y, false)).preconditionImplicit(false)
                        .implicit(cold).maxIterations(10_000).build(),
                LBFGS.builder(onTape).implicit(cold).maxIterations(10_000).build(),
                LBFGS.builder(Objectives.binaryLogisticL2(x, ROWS, FEATURES, y, false)).implicit(cold)
                        .maxIterations(10_000).build()};
        double[] xBar = new double[FEATURES];
        for (int j = 0; j < FEATURES; j++) {
            xBar[j] = Math.sin(j + 1.0);
        }
        int[] iterations = new int[3];
        double[][] thetaBar = new double[3][1];
        for (int k = 0; k < 3; k++) {
            solvers[k].run(new double[FEATURES], new double[] {1e-4});
            solvers[k].vjp(xBar, thetaBar[k]);
            assertEquals(Status.CONVERGED, solvers[k].derivative().status());
            iterations[k] = solvers[k].derivative().iterations();
        }
        String counts = "CG iterations: none " + iterations[0] + ", memory with γI " + iterations[1]
                + ", memory with the Hessian diagonal " + iterations[2];
        assertTrue(iterations[2] * 4 < iterations[0], counts);
        assertTrue(iterations[2] * 4 < iterations[1], counts);
        for (int k = 1; k < 3; k++) {
            assertTrue(Math.abs(thetaBar[k][0] - thetaBar[0][0]) <= 1e-6 * Math.abs(thetaBar[0][0]),
                    "θ̄ " + thetaBar[k][0] + " vs " + thetaBar[0][0]);
        }
    }
}
