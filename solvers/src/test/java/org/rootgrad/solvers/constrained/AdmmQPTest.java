package org.rootgrad.solvers.constrained;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.rootgrad.error.InvalidOptionException;
import org.rootgrad.error.NotConvergedException;
import org.rootgrad.error.Status;
import org.rootgrad.error.UnsupportedDerivativeException;
import org.rootgrad.implicit.ImplicitDiff;
import org.rootgrad.solvers.SolverOptions;
import org.rootgrad.testing.DenseReference;

/**
 * The ADMM QP against planted solutions ({@link PlantedQp}), its derivatives against the inverse
 * of the active-set KKT matrix and against central differences, the reduced against the full
 * adjoint, and infeasible and unbounded problems.
 */
class AdmmQPTest {
    static final int N = 8;
    static final int K = 10;

    static AdmmQP solver(DerivativeMethod method, boolean reduce) {
        return AdmmQP.builder(N, K).derivativeMethod(method).activeSetReduction(reduce)
                .options(SolverOptions.defaults().withMaxIterations(20_000).withTolerance(1e-10)
                        .withImplicit(ImplicitDiff.builder().tolerance(1e-13).build()))
                .build();
    }

    @Test
    void findsThePlantedSolution() {
        for (long seed = 1; seed <= 5; seed++) {
            PlantedQp pr = PlantedQp.random(seed, N, K);
            AdmmQP qp = solver(DerivativeMethod.KRYLOV, true);
            qp.run(new double[N + K], pr.theta());
            assertEquals(Status.CONVERGED, qp.result().status(), qp.result().toString());
            assertTrue(qp.polished(), "seed " + seed + ": polishing should succeed on a strictly complementary problem");
            double err = Reference.relativeError(qp.result().solution(), pr.solution());
            assertTrue(err < 1e-9, "seed " + seed + ": " + err);
        }
    }

    @Test
    void withoutPolishingAdmmStillConverges() {
        PlantedQp pr = PlantedQp.random(7, N, K);
        AdmmQP qp = AdmmQP.builder(N, K).polish(false).tolerance(1e-9).maxIterations(50_000).build();
        qp.run(new double[N + K], pr.theta());
        assertEquals(Status.CONVERGED, qp.result().status(), qp.result().toString());
        double err = Reference.relativeError(qp.result().solution(), pr.solution());
        assertTrue(err < 1e-6, "ADMM alone: " + err);
        assertTrue(!qp.polished());
    }

    @Test
    void warmStartFromTheSolutionStopsAtOnce() {
        PlantedQp pr = PlantedQp.random(8, N, K);
        AdmmQP qp = solver(DerivativeMethod.KRYLOV, true);
        qp.run(new double[N + K], pr.theta());
        int cold = qp.result().iterations();
        qp.run(qp.result().solution().clone(), pr.theta());
        assertTrue(qp.result().iterations() < cold, qp.result().iterations() + " vs " + cold);
        assertTrue(qp.result().iterations() <= 5);
    }

    /** ∂z*(θ)/∂q = −K_act⁻¹[:, :n] on (x, y_act), zero on inactive duals; every method. */
    @Test
    void derivativeInQMatchesTheActiveKktInverse() {
        PlantedQp pr = PlantedQp.random(3, N, K);
        int[] act = pr.activeRows();
        int s = N + act.length;
        double[] inv = pr.activeKktInverse();
        for (DerivativeMethod method : DerivativeMethod.values()) {
            for (boolean reduce : new boolean[] {true, false}) {
                AdmmQP qp = solver(method, reduce);
                qp.run(new double[N + K], pr.theta());
                double[] thetaDot = new double[qp.parameterDimension()];
                double[] zDot = new double[N + K];
                for (int j = 0; j < N; j++) {
                    java.util.Arrays.fill(thetaDot, 0);
                    thetaDot[qp.offsetQ() + j] = 1;
                    qp.jvp(thetaDot, zDot);
                    double[] want = new double[N + K];
                    for (int r = 0; r < N; r++) {
                        want[r] = -inv[r * s + j];
                    }
                    for (int a = 0; a < act.length; a++) {
                        want[N + act[a]] = -inv[(N + a) * s + j];
                    }
                    double err = Reference.relativeError(zDot, want);
                    assertTrue(err < 1e-8, method + " reduce=" + reduce + " ∂z/∂q_" + j + ": " + err);
                }
            }
        }
    }

    /**
     * Directional derivatives along P (symmetric), q, A (equality and inequality rows: the brief's
     * A and G) and the bounds l, u (the brief's b and h) against central differences of polished
     * solves (exact to ~1e-14). x*(θ) is smooth on the active-set piece; with h = 1e-6 the
     * truncation error is O(h²) ≈ 1e-12 and rounding ≈ 1e-14/1e-6 = 1e-8: tolerance 1e-6.
     */
    @Test
    void derivativesMatchFiniteDifferences() {
        PlantedQp pr = PlantedQp.random(4, N, K);
        Random rng = new Random(40);
        AdmmQP qp = solver(DerivativeMethod.KRYLOV, true);
        double[] theta = pr.theta();
        double[] d = new double[qp.parameterDimension()];
        double[] e = Reference.gaussian(rng, N * N);
        for (int i = 0; i < N; i++) {
            for (int j = 0; j < N; j++) {
                d[i * N + j] = 0.5 * (e[i * N + j] + e[j * N + i]);
            }
            d[qp.offsetQ() + i] = rng.nextGaussian();
        }
        for (int r = 0; r < K * N; r++) {
            d[qp.offsetA() + r] = rng.nextGaussian();
        }
        for (int i = 0; i < K; i++) {
            boolean equality = pr.lower()[i] == pr.upper()[i];
            double dl = rng.nextGaussian();
            d[qp.offsetLower() + i] = Double.isInfinite(pr.lower()[i]) ? 0 : dl;
            // an equality row moves both bounds together (moving one alone changes the problem's kind)
            d[qp.offsetUpper() + i] = Double.isInfinite(pr.upper()[i]) ? 0 : equality ? dl : rng.nextGaussian();
        }
        double h = 1e-6;
        qp.run(new double[N + K], EqualityConstrainedQPTest.shifted(theta, d, h));
        assertTrue(qp.polished());
        double[] plus = qp.result().solution().clone();
        qp.run(new double[N + K], EqualityConstrainedQPTest.shifted(theta, d, -h));
        assertTrue(qp.polished());
        double[] minus = qp.result().solution().clone();
        double[] fd = new double[N + K];
        for (int i = 0; i < N + K; i++) {
            fd[i] = (plus[i] - minus[i]) / (2 * h);
        }
        qp.run(new double[N + K], theta);
        double[] zDot = new double[N + K];
        qp.jvp(d, zDot);
        double err = Reference.relativeError(zDot, fd);
        assertTrue(err < 1e-6, "JVP vs FD: " + err);
        double[] zBar = Reference.gaussian(rng, N + K);
        double[] thetaBar = new double[qp.parameterDimension()];
        qp.vjp(zBar, thetaBar);
        double lhs = DenseReference.dot(zBar, zDot);
        assertEquals(lhs, DenseReference.dot(thetaBar, d), 1e-9 * Math.abs(lhs));
    }

    /** Active-set reduced and full complementarity adjoints give the same VJP to 1e-10. */
    @Test
    void reducedAndFullAdjointsAgree() {
        PlantedQp pr = PlantedQp.random(5, N, K);
        double[] zBar = Reference.gaussian(new Random(50), N + K);
        double[] reference = null;
        for (DerivativeMethod method : DerivativeMethod.values()) {
            for (boolean reduce : new boolean[] {true, false}) {
                AdmmQP qp = solver(method, reduce);
                qp.run(new double[N + K], pr.theta());
                double[] thetaBar = new double[qp.parameterDimension()];
                qp.vjp(zBar, thetaBar);
                if (reference == null) {
                    reference = thetaBar;
                } else {
                    double err = Reference.relativeError(thetaBar, reference);
                    assertTrue(err < 1e-10, method + " reduce=" + reduce + ": " + err);
                }
                if (method == DerivativeMethod.DIRECT) {
                    assertTrue(qp.derivative().iterations() <= 2, qp.derivative().toString());
                }
            }
        }
    }

    @Test
    void primalInfeasibleProblemIsReportedWithACertificate() {
        // x₁ ≥ 1 and x₁ + x₂ ≤ −1 and x₂ ≥ 0
        double[] p = {1, 0, 0, 1};
        double[] q = {0, 0};
        double[] a = {1, 0, 1, 1, 0, 1};
        double[] lower = {1, Double.NEGATIVE_INFINITY, 0};
        double[] upper = {Double.POSITIVE_INFINITY, -1, Double.POSITIVE_INFINITY};
        double[] theta = AdmmQP.parameters(p, q, a, lower, upper);
        AdmmQP qp = AdmmQP.builder(2, 3).throwOnFailure(false).build();
        qp.run(new double[5], theta);
        assertEquals(Status.PRIMAL_INFEASIBLE, qp.result().status(), qp.result().toString());
        assertTrue(Reference.allFinite(qp.result().solution()));
        double[] c = qp.certificate(new double[3]);
        // Aᵀc ≈ 0 and uᵀc⁺ + lᵀc⁻ < 0
        double[] atc = {c[0] + c[1], c[1] + c[2]};
        assertTrue(Reference.maxAbs(atc) < 1e-5, java.util.Arrays.toString(c));
        double support = 0;
        for (int i = 0; i < 3; i++) {
            support += c[i] > 0 ? upper[i] * c[i] : c[i] < 0 ? lower[i] * c[i] : 0;
        }
        assertTrue(support < 0, "support " + support);
        assertThrows(UnsupportedDerivativeException.class, () -> qp.jvp(new double[qp.parameterDimension()], new double[5]));
        AdmmQP throwing = AdmmQP.builder(2, 3).build();
        NotConvergedException ex = assertThrows(NotConvergedException.class, () -> throwing.run(new double[5], theta));
        assertEquals(Status.PRIMAL_INFEASIBLE, ex.status());
        assertTrue(ex.getMessage().contains("infeasible"), ex.getMessage());
    }

    @Test
    void unboundedProblemIsReportedDualInfeasible() {
        // min −x₁ + x₂² s.t. x₁ ≥ 0: unbounded along (1, 0)
        double[] p = {0, 0, 0, 2};
        double[] q = {-1, 0};
        double[] a = {1, 0};
        double[] theta = AdmmQP.parameters(p, q, a, new double[] {0}, new double[] {Double.POSITIVE_INFINITY});
        AdmmQP qp = AdmmQP.builder(2, 1).throwOnFailure(false).build();
        qp.run(new double[3], theta);
        assertEquals(Status.DUAL_INFEASIBLE, qp.result().status(), qp.result().toString());
        assertTrue(Reference.allFinite(qp.result().solution()));
        double[] d = qp.certificate(new double[2]);
        assertEquals(1, d[0], 1e-6);
        assertEquals(0, d[1], 1e-6);
        NotConvergedException ex = assertThrows(NotConvergedException.class,
                () -> AdmmQP.builder(2, 1).build().run(new double[3], theta));
        assertTrue(ex.getMessage().contains("unbounded"), ex.getMessage());
    }

    @Test
    void nonConvexProblemIsReportedIndefinite() {
        double[] p = {-1, 0, 0, 1};
        double[] theta = AdmmQP.parameters(p, new double[2], new double[] {1, 1}, new double[] {0}, new double[] {1});
        AdmmQP qp = AdmmQP.builder(2, 1).throwOnFailure(false).build();
        qp.run(new double[3], theta);
        assertEquals(Status.INDEFINITE, qp.result().status());
        assertTrue(Reference.allFinite(qp.result().solution()));
    }

    @Test
    void badBoundsAreRejected() {
        PlantedQp pr = PlantedQp.random(9, N, K);
        double[] theta = pr.theta();
        AdmmQP qp = AdmmQP.builder(N, K).build();
        theta[qp.offsetLower()] = 5;
        theta[qp.offsetUpper()] = 4;
        InvalidOptionException ex = assertThrows(InvalidOptionException.class, () -> qp.run(new double[N + K], theta));
        assertTrue(ex.getMessage().contains("row 0"), ex.getMessage());
        assertThrows(InvalidOptionException.class, () -> AdmmQP.builder(N, K).alpha(2.5));
    }
}
