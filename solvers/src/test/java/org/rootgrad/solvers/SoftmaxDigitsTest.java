package org.rootgrad.solvers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.rootgrad.autodiff.Objective;
import org.rootgrad.autodiff.Tape;
import org.rootgrad.autodiff.Tensor;
import org.rootgrad.error.Status;
import org.rootgrad.testing.DenseReference;

/**
 * Multiclass logistic (softmax) regression on the first 300 rows of the bundled digits data
 * (pixels scaled to [0, 1], 64 features, 10 classes, W 64×10 = 640 unknowns) with a per-class
 * L2 strength θ_c: f(W, θ) = mean softmax cross-entropy(XW) + ½Σ_c θ_c‖W_{:,c}‖². The implicit
 * Jacobian ∂W*(θ)/∂θ (640×10) is checked against central differences of tight L-BFGS solves,
 * and the L-BFGS memory is shown to cut the conjugate-gradient iterations of the implicit solve.
 */
class SoftmaxDigitsTest {
    static final int ROWS = 300;
    static final int FEATURES = 64;
    static final int CLASSES = 10;
    static final int P = FEATURES * CLASSES;

    static double[] x;
    static int[] labels;
    static final double[] THETA = new double[CLASSES];

    @BeforeAll
    static void load() {
        x = new double[ROWS * FEATURES];
        labels = new int[ROWS];
        try (var in = SoftmaxDigitsTest.class.getResourceAsStream("/datasets/digits.csv")) {
            if (in == null) {
                throw new IllegalStateException("/datasets/digits.csv is not on the test class path");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            reader.readLine(); // header
            List<String> lines = new ArrayList<>();
            for (String line; lines.size() < ROWS && (line = reader.readLine()) != null; ) {
                lines.add(line);
            }
            for (int i = 0; i < ROWS; i++) {
                String[] cells = lines.get(i).split(",");
                for (int j = 0; j < FEATURES; j++) {
                    x[i * FEATURES + j] = Double.parseDouble(cells[j]) / 16;
                }
                labels[i] = (int) Double.parseDouble(cells[FEATURES]);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (int c = 0; c < CLASSES; c++) {
            THETA[c] = 0.05 + 0.01 * c;
        }
    }

    static Objective objective() {
        Tape tape = new Tape();
        Tensor w = tape.input("W", FEATURES, CLASSES);
        Tensor theta = tape.input("theta", CLASSES);
        double[] ones = new double[FEATURES];
        java.util.Arrays.fill(ones, 1);
        Tensor columnNorms = tape.constant(ones, 1, FEATURES).matmul(w.square()).reshape(CLASSES);
        Tensor loss = tape.softmaxCrossEntropy(tape.constant(x, ROWS, FEATURES), w, labels)
                .add(columnNorms.dot(theta).scale(0.5));
        return tape.build(loss).objective(0, 1);
    }

    /**
     * Central differences with h = 1e-4 of solves to ‖∇f‖ ≤ 1e-12: the solution error (below
     * 1e-12/min θ = 2e-11) over h is 2e-7 and the truncation O(h²) about 1e-8 relative; the
     * comparison allows 1e-5 relative to the largest entry of each column.
     */
    @Test
    void implicitJacobianMatchesFiniteDifferencesOfTightSolves() {
        LBFGS solver = LBFGS.builder(objective()).tolerance(1e-12).maxIterations(5000).build();
        SolverResult r = solver.run(new double[P], THETA);
        assertEquals(Status.CONVERGED, r.status(), r.toString());
        double[] start = r.solution().clone();
        double[] jac = SolverChecks.jacobianByJvp(solver);
        assertEquals(Status.CONVERGED, solver.derivative().status());
        LBFGS reference = LBFGS.builder(objective()).tolerance(1e-12).maxIterations(5000).build();
        double h = 1e-4;
        for (int c = 0; c < CLASSES; c++) {
            double[] e = new double[CLASSES];
            e[c] = 1;
            double[] fd = SolverChecks.centralDifference(reference, start, THETA, e, h);
            double[] column = new double[P];
            for (int i = 0; i < P; i++) {
                column[i] = jac[i * CLASSES + c];
            }
            double scale = 0;
            double worst = 0;
            for (int i = 0; i < P; i++) {
                scale = Math.max(scale, Math.abs(fd[i]));
                worst = Math.max(worst, Math.abs(fd[i] - column[i]));
            }
            assertTrue(scale > 1e-3, "column " + c + " is not trivially zero");
            assertTrue(worst <= 1e-5 * scale, "column " + c + ": " + worst / scale);
        }
        // reverse mode gives the same Jacobian
        double[] byVjp = new double[CLASSES];
        double[] xBar = new double[P];
        for (int i : new int[] {0, 17, 333, 639}) {
            xBar[i] = 1;
            solver.vjp(xBar, byVjp);
            xBar[i] = 0;
            for (int c = 0; c < CLASSES; c++) {
                assertEquals(jac[i * CLASSES + c], byVjp[c], 1e-8 * (1 + Math.abs(byVjp[c])));
            }
        }
    }

    /**
     * The adjoint (VJP) and tangent (JVP) solves with the Hessian, by CG, with and without the
     * run's L-BFGS memory as preconditioner, at weak regularisation θ/100. Measured (memory 50):
     * 87 → 59 iterations for the VJP, about the same for the JVP. With the default memory of 10
     * pairs the memory sees too few directions to matter here (87 → 85); it pays off once it
     * spans a good part of the Hessian's spread.
     */
    @Test
    void lbfgsMemoryCutsTheConjugateGradientIterations() {
        double[] theta = new double[CLASSES];
        for (int c = 0; c < CLASSES; c++) {
            theta[c] = THETA[c] / 100;
        }
        double[] thetaDot = new double[CLASSES];
        java.util.Arrays.fill(thetaDot, 1);
        double[] xBar = new double[P];
        java.util.Arrays.fill(xBar, 1);
        int[] jvpIterations = new int[2];
        int[] vjpIterations = new int[2];
        double[][] tangents = new double[2][P];
        double[][] cotangents = new double[2][CLASSES];
        for (int k = 0; k < 2; k++) {
            LBFGS solver = LBFGS.builder(objective()).tolerance(1e-8).memory(50).preconditionImplicit(k == 1)
                    .implicit(org.rootgrad.implicit.ImplicitDiff.builder().warmStart(false).build()).build();
            solver.run(new double[P], theta);
            solver.jvp(thetaDot, tangents[k]);
            assertEquals(Status.CONVERGED, solver.derivative().status());
            jvpIterations[k] = solver.derivative().iterations();
            solver.vjp(xBar, cotangents[k]);
            assertEquals(Status.CONVERGED, solver.derivative().status());
            vjpIterations[k] = solver.derivative().iterations();
        }
        assertTrue(DenseReference.relativeError(tangents[1], tangents[0]) < 1e-6);
        assertTrue(DenseReference.relativeError(cotangents[1], cotangents[0]) < 1e-6);
        assertTrue(vjpIterations[1] * 1.3 < vjpIterations[0],
                "adjoint CG iterations with the L-BFGS preconditioner " + vjpIterations[1] + ", without " + vjpIterations[0]);
        assertTrue(jvpIterations[1] * 1.3 < jvpIterations[0],
                "tangent CG iterations with the L-BFGS preconditioner " + jvpIterations[1] + ", without " + jvpIterations[0]);
    }
}
