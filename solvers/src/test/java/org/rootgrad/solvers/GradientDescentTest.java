package org.rootgrad.solvers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.rootgrad.autodiff.Function;
import org.rootgrad.autodiff.Objective;
import org.rootgrad.autodiff.Tape;
import org.rootgrad.autodiff.Tensor;
import org.rootgrad.error.NotConvergedException;
import org.rootgrad.error.Status;
import org.rootgrad.testing.DenseReference;

/**
 * Gradient descent on ridge regression f(w; λ) = mean((Xw − y)²) + ½λ‖w‖² recorded on the tape,
 * against the closed forms w* = (2XᵀX/n + λI)⁻¹ 2Xᵀy/n and ∂w*(λ)/∂λ = −(2XᵀX/n + λI)⁻¹ w*.
 */
class GradientDescentTest {
    static final int N = 60;
    static final int P = 5;

    static double[] x;
    static double[] y;

    static {
        SplittableRandom r = new SplittableRandom(3);
        x = new double[N * P];
        y = new double[N];
        for (int i = 0; i < N * P; i++) {
            x[i] = r.nextGaussian();
        }
        for (int i = 0; i < N; i++) {
            y[i] = r.nextGaussian();
        }
    }

    static Objective ridge() {
        Tape tape = new Tape();
        Tensor w = tape.input("w", P);
        Tensor lambda = tape.input("lambda", 1);
        Tensor residual = tape.constant(x, N, P).matvec(w).sub(tape.constant(y, N));
        Tensor loss = residual.square().mean().add(lambda.mul(w.squaredNorm()).scale(0.5));
        Function f = tape.build(loss);
        return f.objective(0, 1);
    }

    static double[] hessian(double lambda) {
        double[] h = new double[P * P];
        for (int i = 0; i < N; i++) {
            for (int a = 0; a < P; a++) {
                for (int b = 0; b < P; b++) {
                    h[a * P + b] += 2 * x[i * P + a] * x[i * P + b] / N;
                }
            }
        }
        for (int a = 0; a < P; a++) {
            h[a * P + a] += lambda;
        }
        return h;
    }

    static double[] closedFormSolution(double lambda) {
        double[] rhs = new double[P];
        for (int i = 0; i < N; i++) {
            for (int j = 0; j < P; j++) {
                rhs[j] += 2 * x[i * P + j] * y[i] / N;
            }
        }
        return DenseReference.solve(hessian(lambda), P, rhs);
    }

    static double[] closedFormDerivative(double lambda) {
        double[] d = DenseReference.solve(hessian(lambda), P, closedFormSolution(lambda));
        for (int j = 0; j < P; j++) {
            d[j] = -d[j];
        }
        return d;
    }

    @Test
    void implicitDerivativesMatchTheClosedForm() {
        double lambda = 0.3;
        for (boolean accelerated : new boolean[] {false, true}) {
            GradientDescent gd = GradientDescent.builder(ridge()).accelerated(accelerated).tolerance(1e-11)
                    .maxIterations(5000).build();
            SolverResult r = gd.run(new double[P], new double[] {lambda});
            assertEquals(Status.CONVERGED, r.status());
            assertTrue(DenseReference.relativeError(r.solution(), closedFormSolution(lambda)) < 1e-9);
            double[] xDot = new double[P];
            gd.jvp(new double[] {1}, xDot);
            double[] expected = closedFormDerivative(lambda);
            assertTrue(DenseReference.relativeError(xDot, expected) < 1e-8, "jvp " + DenseReference.relativeError(xDot, expected));
            assertEquals(DerivativeReport.Mode.IMPLICIT, gd.derivative().mode());
            assertEquals(Status.CONVERGED, gd.derivative().forwardStatus());
            double[] thetaBar = new double[1];
            double[] xBar = {0.5, -1, 2, 0.25, 1};
            gd.vjp(xBar, thetaBar);
            assertEquals(DenseReference.dot(xBar, expected), thetaBar[0], 1e-8 * Math.abs(thetaBar[0]));
        }
    }

    @Test
    void unrolledDerivativesConvergeToTheImplicitOneAndAreAdjoint() {
        double lambda = 0.3;
        double[] expected = closedFormDerivative(lambda);
        for (boolean accelerated : new boolean[] {false, true}) {
            double previousError = Double.POSITIVE_INFINITY;
            for (int iterations : new int[] {5, 20, 80}) {
                GradientDescent gd = GradientDescent.builder(ridge()).accelerated(accelerated)
                        .fixedStep(0.1).implicitDiff(false).maxIterations(iterations).throwOnFailure(false).build();
                gd.run(new double[P], new double[] {lambda});
                double[] xDot = new double[P];
                gd.jvp(new double[] {1}, xDot);
                assertEquals(DerivativeReport.Mode.UNROLLED, gd.derivative().mode());
                assertEquals(iterations, gd.derivative().iterations());
                // adjoint: ⟨x̄, J θ̇⟩ = ⟨Jᵀ x̄, θ̇⟩
                double[] xBar = {0.5, -1, 2, 0.25, 1};
                double[] thetaBar = new double[1];
                gd.vjp(xBar, thetaBar);
                assertEquals(DenseReference.dot(xBar, xDot), thetaBar[0], 1e-12 * (1 + Math.abs(thetaBar[0])));
                double error = DenseReference.relativeError(xDot, expected);
                assertTrue(error < previousError, iterations + " iterations: " + error);
                previousError = error;
            }
            assertTrue(previousError < 1e-3, "after 80 iterations " + previousError);
        }
    }

    @Test
    void unrolledDerivativeMatchesFiniteDifferencesOfTheTruncatedSolve() {
        double lambda = 0.3;
        double h = 1e-6;
        for (boolean accelerated : new boolean[] {false, true}) {
            GradientDescent gd = GradientDescent.builder(ridge()).accelerated(accelerated).fixedStep(0.1)
                    .implicitDiff(false).maxIterations(15).throwOnFailure(false).build();
            double[] plus = gd.run(new double[P], new double[] {lambda + h}).solution().clone();
            double[] minus = gd.run(new double[P], new double[] {lambda - h}).solution().clone();
            gd.run(new double[P], new double[] {lambda});
            double[] xDot = new double[P];
            gd.jvp(new double[] {1}, xDot);
            for (int j = 0; j < P; j++) {
                double fd = (plus[j] - minus[j]) / (2 * h);
                assertEquals(fd, xDot[j], 1e-7 * (1 + Math.abs(fd)));
            }
        }
    }

    @Test
    void unrolledEvaluationsStartFromZeroSoTheirDerivativeIsOfTheWholeRun() {
        GradientDescent reused = GradientDescent.builder(ridge()).fixedStep(0.1).implicitDiff(false)
                .maxIterations(30).throwOnFailure(false).build();
        double[] x = new double[P];
        reused.evaluate(new double[] {0.3}, x);
        reused.evaluate(new double[] {0.31}, x); // a warm start would begin at the previous solution
        double[] reusedDot = new double[P];
        reused.jvp(new double[] {1}, reusedDot);

        GradientDescent fresh = GradientDescent.builder(ridge()).fixedStep(0.1).implicitDiff(false)
                .maxIterations(30).throwOnFailure(false).build();
        fresh.run(new double[P], new double[] {0.31});
        double[] freshDot = new double[P];
        fresh.jvp(new double[] {1}, freshDot);
        for (int j = 0; j < P; j++) {
            assertEquals(freshDot[j], reusedDot[j], 0.0);
        }
    }

    @Test
    void nonConvergenceIsReportedOrThrown() {
        GradientDescent gd = GradientDescent.builder(ridge()).maxIterations(3).build();
        NotConvergedException e = assertThrows(NotConvergedException.class,
                () -> gd.run(new double[P], new double[] {0.3}));
        assertEquals(Status.MAX_ITERATIONS, e.status());
        assertEquals(3, e.iterations());
        GradientDescent quiet = GradientDescent.builder(ridge()).maxIterations(3).throwOnFailure(false).build();
        SolverResult r = quiet.run(new double[P], new double[] {0.3});
        assertEquals(Status.MAX_ITERATIONS, r.status());
        assertTrue(r.error() > r.tolerance());
    }
}
