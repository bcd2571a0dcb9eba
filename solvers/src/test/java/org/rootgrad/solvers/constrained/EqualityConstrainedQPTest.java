package org.rootgrad.solvers.constrained;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import org.rootgrad.error.DimensionMismatchException;
import org.rootgrad.error.InvalidOptionException;
import org.rootgrad.error.NotConvergedException;
import org.rootgrad.error.Status;
import org.rootgrad.solvers.SolverOptions;
import org.rootgrad.testing.DenseReference;

/**
 * The equality QP against the inverse of its KKT matrix computed independently (Gauss–Jordan in
 * {@link Reference}): z* = K⁻¹(−c, b), so ∂z*(θ)/∂c = −K⁻¹[:, :n] and ∂z*(θ)/∂b = K⁻¹[:, n:].
 * The derivatives with respect to Q and A are checked against central differences of exact solves.
 */
class EqualityConstrainedQPTest {
    static final int N = 7;
    static final int P = 3;

    record Problem(double[] q, double[] c, double[] a, double[] b, double[] theta, double[] kInverse) {}

    static Problem problem(long seed) {
        Random rng = new Random(seed);
        double[] q = Reference.spd(rng, N, 0.5);
        double[] c = Reference.gaussian(rng, N);
        double[] a = Reference.gaussian(rng, P * N);
        double[] b = Reference.gaussian(rng, P);
        return new Problem(q, c, a, b, EqualityConstrainedQP.parameters(q, c, a, b),
                DenseReference.inverse(Reference.kkt(q, a, N, P), N + P));
    }

    static EqualityConstrainedQP solver(EqualityConstrainedQP.Method method, DerivativeMethod derivative) {
        return EqualityConstrainedQP.builder(N, P).method(method).derivativeMethod(derivative)
                .tolerance(1e-10).build();
    }

    @ParameterizedTest
    @EnumSource(EqualityConstrainedQP.Method.class)
    void solutionMatchesTheKktInverse(EqualityConstrainedQP.Method method) {
        Problem pr = problem(1);
        EqualityConstrainedQP qp = solver(method, DerivativeMethod.DIRECT);
        qp.run(new double[N + P], pr.theta());
        double[] rhs = new double[N + P];
        for (int i = 0; i < N; i++) {
            rhs[i] = -pr.c()[i];
        }
        System.arraycopy(pr.b(), 0, rhs, N, P);
        double[] want = Reference.multiply(pr.kInverse(), N + P, N + P, rhs);
        assertTrue(Reference.relativeError(qp.result().solution(), want) < 1e-10, method.toString());
        assertEquals(Status.CONVERGED, qp.result().status());
        assertTrue(qp.result().error() < 1e-12, qp.result().toString());
    }

    /** Every JVP along c and b, and every VJP, against the columns of K⁻¹, for each forward and derivative method. */
    @ParameterizedTest
    @EnumSource(EqualityConstrainedQP.Method.class)
    void derivativesInCAndBMatchTheKktInverse(EqualityConstrainedQP.Method method) {
        for (DerivativeMethod derivative : DerivativeMethod.values()) {
            Problem pr = problem(2);
            EqualityConstrainedQP qp = solver(method, derivative);
            qp.run(new double[N + P], pr.theta());
            int s = N + P;
            double[] thetaDot = new double[qp.parameterDimension()];
            double[] zDot = new double[s];
            for (int j = 0; j < N; j++) {
                java.util.Arrays.fill(thetaDot, 0);
                thetaDot[qp.offsetC() + j] = 1;
                qp.jvp(thetaDot, zDot);
                double[] want = new double[s];
                for (int i = 0; i < s; i++) {
                    want[i] = -pr.kInverse()[i * s + j];
                }
                double err = Reference.relativeError(zDot, want);
                assertTrue(err < 1e-8, method + "/" + derivative + " ∂z/∂c_" + j + ": " + err);
            }
            for (int k = 0; k < P; k++) {
                java.util.Arrays.fill(thetaDot, 0);
                thetaDot[qp.offsetB() + k] = 1;
                qp.jvp(thetaDot, zDot);
                double[] want = new double[s];
                for (int i = 0; i < s; i++) {
                    want[i] = pr.kInverse()[i * s + N + k];
                }
                double err = Reference.relativeError(zDot, want);
                assertTrue(err < 1e-8, method + "/" + derivative + " ∂z/∂b_" + k + ": " + err);
            }
            // VJP: row i of ∂x/∂c is −K⁻¹[i, :n]
            double[] thetaBar = new double[qp.parameterDimension()];
            for (int i = 0; i < N; i++) {
                double[] zBar = new double[s];
                zBar[i] = 1;
                qp.vjp(zBar, thetaBar);
                double[] got = new double[N + P];
                double[] want = new double[N + P];
                for (int j = 0; j < N; j++) {
                    got[j] = thetaBar[qp.offsetC() + j];
                    want[j] = -pr.kInverse()[i * s + j];
                }
                for (int k = 0; k < P; k++) {
                    got[N + k] = thetaBar[qp.offsetB() + k];
                    want[N + k] = pr.kInverse()[i * s + N + k];
                }
                double err = Reference.relativeError(got, want);
                assertTrue(err < 1e-8, method + "/" + derivative + " VJP row " + i + ": " + err);
                assertEquals(Status.CONVERGED, qp.derivative().status());
            }
            if (derivative == DerivativeMethod.DIRECT) {
                assertTrue(qp.derivative().iterations() <= 2, qp.derivative().toString());
            }
        }
    }

    /**
     * ∂z/∂Q along a symmetric perturbation and ∂z/∂A along a random one, against central
     * differences with step 1e-5 of exact (LU) solves: the truncation error is O(h²‖z'''‖) ≈ 1e-10
     * and the rounding error ≈ 1e-16/1e-5 = 1e-11, so 1e-7 relative leaves a wide margin.
     */
    @Test
    void derivativesInQAndAMatchFiniteDifferences() {
        Problem pr = problem(3);
        Random rng = new Random(4);
        EqualityConstrainedQP qp = solver(EqualityConstrainedQP.Method.LU, DerivativeMethod.DIRECT);
        double[] direction = new double[qp.parameterDimension()];
        double[] e = Reference.gaussian(rng, N * N);
        for (int i = 0; i < N; i++) {
            for (int j = 0; j < N; j++) {
                direction[i * N + j] = 0.5 * (e[i * N + j] + e[j * N + i]);
            }
        }
        double[] da = Reference.gaussian(rng, P * N);
        System.arraycopy(da, 0, direction, qp.offsetA(), P * N);
        double h = 1e-5;
        double[] plus = solve(qp, shifted(pr.theta(), direction, h));
        double[] minus = solve(qp, shifted(pr.theta(), direction, -h));
        double[] fd = new double[N + P];
        for (int i = 0; i < N + P; i++) {
            fd[i] = (plus[i] - minus[i]) / (2 * h);
        }
        qp.run(new double[N + P], pr.theta());
        double[] zDot = new double[N + P];
        qp.jvp(direction, zDot);
        assertTrue(Reference.relativeError(zDot, fd) < 1e-7, "JVP vs FD: " + Reference.relativeError(zDot, fd));
        // the VJP is the JVP's adjoint: ⟨z̄, ż⟩ = ⟨θ̄, θ̇⟩
        double[] zBar = Reference.gaussian(rng, N + P);
        double[] thetaBar = new double[qp.parameterDimension()];
        qp.vjp(zBar, thetaBar);
        assertEquals(DenseReference.dot(zBar, zDot), DenseReference.dot(thetaBar, direction),
                1e-10 * Math.abs(DenseReference.dot(zBar, zDot)));
    }

    static double[] shifted(double[] theta, double[] d, double h) {
        double[] t = theta.clone();
        for (int i = 0; i < t.length; i++) {
            t[i] += h * d[i];
        }
        return t;
    }

    static double[] solve(EqualityConstrainedQP qp, double[] theta) {
        qp.run(new double[qp.dimension()], theta);
        return qp.result().solution().clone();
    }

    @Test
    void dependentConstraintsAreReportedSingular() {
        Problem pr = problem(5);
        double[] a = pr.a().clone();
        System.arraycopy(a, 0, a, N, N); // row 1 = row 0
        double[] theta = EqualityConstrainedQP.parameters(pr.q(), pr.c(), a, pr.b());
        for (EqualityConstrainedQP.Method method : new EqualityConstrainedQP.Method[] {
                EqualityConstrainedQP.Method.LU, EqualityConstrainedQP.Method.SCHUR_CHOLESKY}) {
            EqualityConstrainedQP qp = EqualityConstrainedQP.builder(N, P).method(method).build();
            NotConvergedException ex = assertThrows(NotConvergedException.class,
                    () -> qp.run(new double[N + P], theta));
            assertTrue(ex.getMessage().contains("singular") || ex.getMessage().contains("SINGULAR")
                    || ex.getMessage().contains("STAGNATED"), ex.getMessage());
            assertTrue(Reference.allFinite(qp.result().solution()));
        }
    }

    @Test
    void indefiniteQIsReportedBySchur() {
        Problem pr = problem(6);
        double[] q = pr.q().clone();
        q[0] = -100;
        double[] theta = EqualityConstrainedQP.parameters(q, pr.c(), pr.a(), pr.b());
        EqualityConstrainedQP qp = EqualityConstrainedQP.builder(N, P)
                .method(EqualityConstrainedQP.Method.SCHUR_CHOLESKY).throwOnFailure(false).build();
        qp.run(new double[N + P], theta);
        assertEquals(Status.INDEFINITE, qp.result().status());
        assertTrue(Reference.allFinite(qp.result().solution()));
    }

    @Test
    void badInputIsRejectedWithNamedErrors() {
        EqualityConstrainedQP qp = EqualityConstrainedQP.builder(N, P).build();
        DimensionMismatchException ex = assertThrows(DimensionMismatchException.class,
                () -> qp.run(new double[N + P], new double[3]));
        assertTrue(ex.getMessage().contains("theta"), ex.getMessage());
        assertThrows(InvalidOptionException.class, () -> qp.jvp(new double[qp.parameterDimension()], new double[N + P]));
        assertThrows(InvalidOptionException.class, () -> EqualityConstrainedQP.builder(N, P)
                .options(SolverOptions.defaults().withImplicitDiff(false)).build());
    }
}
