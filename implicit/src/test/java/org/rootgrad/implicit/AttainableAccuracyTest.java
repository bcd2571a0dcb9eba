package org.rootgrad.implicit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.rootgrad.error.NotConvergedException;
import org.rootgrad.error.Status;
import org.rootgrad.implicit.linear.LinearSolver;
import org.rootgrad.implicit.linear.LinearSolverOptions;
import org.rootgrad.implicit.linear.Structure;
import org.rootgrad.testing.DenseReference;

/**
 * Implicit derivatives accept a linear solve at the rounding level (normwise backward error
 * ≤ 100ε) even when the relative tolerance asked for less, and still report a solve that simply
 * ran out of iterations. F(x, θ) = Ax − θ with a symmetric positive definite A, so
 * ∂x*(θ)/∂θ = A⁻¹ (checked against Gaussian elimination).
 */
class AttainableAccuracyTest {
    static final int N = 30;

    /** Q·diag(λ)·Qᵀ with λ from 1 to κ, Q from Gram–Schmidt. */
    static double[] spd(long seed, double kappa) {
        SplittableRandom r = new SplittableRandom(seed);
        double[][] q = new double[N][N];
        for (int j = 0; j < N; j++) {
            for (int i = 0; i < N; i++) {
                q[j][i] = r.nextGaussian();
            }
            for (int k = 0; k < j; k++) {
                double d = 0;
                for (int i = 0; i < N; i++) {
                    d += q[j][i] * q[k][i];
                }
                for (int i = 0; i < N; i++) {
                    q[j][i] -= d * q[k][i];
                }
            }
            double s = 0;
            for (int i = 0; i < N; i++) {
                s += q[j][i] * q[j][i];
            }
            for (int i = 0; i < N; i++) {
                q[j][i] /= Math.sqrt(s);
            }
        }
        double[] a = new double[N * N];
        for (int k = 0; k < N; k++) {
            double lambda = Math.pow(kappa, (double) k / (N - 1));
            for (int i = 0; i < N; i++) {
                for (int j = 0; j < N; j++) {
                    a[i * N + j] += lambda * q[k][i] * q[k][j];
                }
            }
        }
        return a;
    }

    /** F(x, θ) = Ax − θ. */
    static RootFunction linear(double[] a) {
        return new RootFunction() {
            public int dimension() { return N; }
            public int parameterDimension() { return N; }
            public void evaluate(double[] x, double[] theta, double[] out) {
                jvpX(x, out);
                for (int i = 0; i < N; i++) {
                    out[i] -= theta[i];
                }
            }
            public void linearize(double[] x, double[] theta) {}
            public void jvpX(double[] v, double[] out) {
                for (int i = 0; i < N; i++) {
                    double s = 0;
                    for (int j = 0; j < N; j++) {
                        s += a[i * N + j] * v[j];
                    }
                    out[i] = s;
                }
            }
            public void vjpX(double[] w, double[] out) {
                jvpX(w, out);
            }
            public void jvpTheta(double[] u, double[] out) {
                for (int i = 0; i < N; i++) {
                    out[i] = -u[i];
                }
            }
            public void vjpTheta(double[] w, double[] out) {
                jvpTheta(w, out);
            }
            public Structure structureX() { return Structure.SYMMETRIC_POSITIVE_DEFINITE; }
            public RootFunction fork() { return this; }
        };
    }

    @Test
    void aSolveAtTheRoundingLevelCountsAsConverged() {
        // κ = 1e9: a backward-stable solve leaves a relative residual near ε·κ^(1/2)..ε·κ, far above 1e-18
        double[] a = spd(801, 1e9);
        RootFunction f = linear(a);
        double[] xBar = new SplittableRandom(802).doubles(N, -1, 1).toArray();
        double[] want = DenseReference.solve(a, N, xBar); // θ̄ = −Bᵀw with Aᵀw = −x̄, B = −I: θ̄ = A⁻¹x̄
        for (LinearSolver solver : new LinearSolver[] {null,
                LinearSolver.denseLu(LinearSolverOptions.builder().relativeTolerance(1e-18).build())}) {
            ImplicitDiffWorkspace ws = ImplicitDiff.builder().solver(solver).tolerance(1e-18).build().newWorkspace(f);
            double[] thetaBar = new double[N];
            ImplicitResult r = ws.vjp(new double[N], new double[N], xBar, thetaBar);
            assertEquals(Status.CONVERGED, r.status(), r.toString());
            assertTrue(r.relativeLinearResidual() > 1e-18, "the tolerance itself was missed: " + r);
            assertTrue(DenseReference.relativeError(thetaBar, want) < 1e-4, "error " + DenseReference.relativeError(thetaBar, want));
        }
    }

    @Test
    void aSolveThatRanOutOfIterationsIsStillAFailure() {
        RootFunction f = linear(spd(803, 100));
        ImplicitDiff config = ImplicitDiff.builder()
                .solver(LinearSolver.conjugateGradient(LinearSolverOptions.builder().maxIterations(3).build())).build();
        NotConvergedException e = assertThrows(NotConvergedException.class, () -> config.newWorkspace(f)
                .vjp(new double[N], new double[N], new SplittableRandom(804).doubles(N, -1, 1).toArray(), new double[N]));
        assertEquals(Status.MAX_ITERATIONS, e.status());
    }
}
