package org.rootgrad.solvers.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.rootgrad.error.NotConvergedException;
import org.rootgrad.error.RootgradException;
import org.rootgrad.error.Status;
import org.rootgrad.implicit.ImplicitDiff;
import org.rootgrad.implicit.ImplicitDiffWorkspace;
import org.rootgrad.implicit.ImplicitResult;
import org.rootgrad.implicit.RootFunction;
import org.rootgrad.implicit.linear.LinearOperator;
import org.rootgrad.implicit.linear.LinearSolver;
import org.rootgrad.implicit.linear.LinearSolverOptions;
import org.rootgrad.implicit.linear.Structure;
import org.rootgrad.solvers.AndersonAcceleration;
import org.rootgrad.solvers.Solver;
import org.rootgrad.solvers.SolverOptions;
import org.rootgrad.testing.DenseReference;

/**
 * JAXopt issue #466, reproduced and refused: Anderson acceleration finds a fixed point
 * x = T(x, θ) with implicit differentiation, and the backward linear solve fails — in JAXopt
 * conjugate gradients, handed the non-symmetric system (I − ∂ₓT)ᵀw = x̄, returned its starting
 * point, zero, and the hypergradient silently vanished. Here every way the backward solve can
 * fail either throws (the default) or reports its status next to the forward one; a derivative
 * under a CONVERGED status is checked against the closed form (I − K)⁻¹; none is ever silently
 * zero or NaN.
 */
class BackwardSolveFailureTest {
    private static final int N = 6;

    /** K with ‖K‖ = 0.9, strongly non-symmetric: (I − K) is far from symmetric. */
    private static double[] contraction(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[][] q = DenseReference.orthonormal(N, r);
        double[] k = new double[N * N];
        for (int i = 0; i < N; i++) {
            for (int j = 0; j < N; j++) {
                k[i * N + j] = 0.9 * q[i][j];
            }
        }
        return k;
    }

    private static double[] closedFormVjp(double[] k, double[] xBar) {
        // θ̄ = (I − K)⁻ᵀ x̄
        double[] iMinusKt = DenseReference.identity(N);
        for (int i = 0; i < N; i++) {
            for (int j = 0; j < N; j++) {
                iMinusKt[i * N + j] -= k[j * N + i];
            }
        }
        return DenseReference.solve(iMinusKt, N, xBar);
    }

    private static Solver anderson(double[] k, ImplicitDiff implicit) {
        return AndersonAcceleration.builder(SolverFamily.contraction(k, -1))
                .options(SolverOptions.defaults().withTolerance(1e-12).withImplicit(implicit)).build();
    }

    private static double[] xBar() {
        double[] v = new double[N];
        for (int i = 0; i < N; i++) {
            v[i] = 1 + 0.5 * i;
        }
        return v;
    }

    /** Conjugate gradients forced on the non-symmetric backward system, as in the issue. */
    private static ImplicitDiff forcedConjugateGradients(boolean throwing, int maxIterations) {
        LinearSolverOptions o = LinearSolverOptions.builder().maxIterations(maxIterations).throwOnFailure(false).build();
        return ImplicitDiff.builder().solver(LinearSolver.conjugateGradient(o)).warmStart(false)
                .throwOnFailure(throwing).build();
    }

    @Test
    void conjugateGradientsOnTheNonSymmetricBackwardSystemNeverReturnsASilentAnswer() {
        java.util.Map<Status, Integer> outcomes = new java.util.EnumMap<>(Status.class);
        for (long seed = 1; seed <= 20; seed++) {
            double[] k = contraction(seed);
            double[] expected = closedFormVjp(k, xBar());
            for (int maxIterations : new int[] {1, 3, LinearSolverOptions.AUTOMATIC}) {
                Solver reporter = anderson(k, forcedConjugateGradients(false, maxIterations));
                assertEquals(Status.CONVERGED, reporter.run(new double[N], xBar()).status());
                double[] thetaBar = new double[N];
                reporter.vjp(xBar(), thetaBar);
                Status status = reporter.derivative().status();
                outcomes.merge(status, 1, Integer::sum);
                assertEquals(Status.CONVERGED, reporter.derivative().forwardStatus());
                if (Arrays.stream(thetaBar).allMatch(v -> v == 0)) {
                    // CG stopped at its zero start (non-positive curvature at once): in reporting
                    // mode that is returned, but never under a CONVERGED status
                    assertNotEquals(Status.CONVERGED, status, "the zero of #466 must not pass as converged");
                }
                if (status == Status.CONVERGED) {
                    // whatever CG did on a system it was not made for, a claimed success is true
                    double error = DenseReference.relativeError(thetaBar, expected, 1e-300);
                    assertTrue(error < 1e-8, "seed " + seed + ": CG claims convergence but is off by " + error);
                } else {
                    Solver thrower = anderson(k, forcedConjugateGradients(true, maxIterations));
                    thrower.run(new double[N], xBar());
                    RootgradException e = assertThrows(RootgradException.class,
                            () -> thrower.vjp(xBar(), new double[N]), "seed " + seed);
                    assertTrue(e.getMessage().contains("CG") || e.getMessage().contains("conjugate"),
                            e.getMessage());
                }
            }
        }
        System.out.println("#466 scenario, CG forced on (I - K)^T w = x-bar, 60 solves: " + outcomes);
    }

    @Test
    void theDefaultChoiceSolvesTheNonSymmetricSystemCorrectly() {
        for (long seed = 1; seed <= 20; seed++) {
            double[] k = contraction(seed);
            Solver solver = anderson(k, ImplicitDiff.defaults());
            solver.run(new double[N], xBar());
            double[] thetaBar = new double[N];
            solver.vjp(xBar(), thetaBar);
            assertEquals(Status.CONVERGED, solver.derivative().status());
            assertTrue(DenseReference.relativeError(thetaBar, closedFormVjp(k, xBar()), 1e-300) < 1e-9);
        }
        // and with the Krylov choice (GMRES for a general structure) above the dense threshold
        double[] k = contraction(3);
        Solver krylov = anderson(k, ImplicitDiff.builder().denseThreshold(0).build());
        krylov.run(new double[N], xBar());
        double[] thetaBar = new double[N];
        krylov.vjp(xBar(), thetaBar);
        assertTrue(krylov.derivative().method().contains("GMRES"), krylov.derivative().toString());
        assertTrue(DenseReference.relativeError(thetaBar, closedFormVjp(k, xBar()), 1e-300) < 1e-9);
    }

    /**
     * F(x, θ) = Ax − θ whose products with A turn NaN (as an overflowing exp in a Hessian
     * would), or whose product with B = ∂θF does: the backward solve or the final θ̄ meets NaN.
     */
    private static RootFunction breaking(boolean nanInA, boolean nanInB) {
        double[] a = DenseReference.spd(N, 1, 4, new SplittableRandom(9));
        return new RootFunction() {
            @Override public int dimension() { return N; }
            @Override public int parameterDimension() { return N; }

            @Override
            public void evaluate(double[] x, double[] theta, double[] out) {
                double[] ax = DenseReference.apply(a, N, N, x);
                for (int i = 0; i < N; i++) {
                    out[i] = ax[i] - theta[i];
                }
            }

            @Override public void linearize(double[] x, double[] theta) { }

            @Override
            public void jvpX(double[] v, double[] out) {
                System.arraycopy(DenseReference.apply(a, N, N, v), 0, out, 0, N);
                if (nanInA) {
                    out[2] = Double.NaN;
                }
            }

            @Override public void vjpX(double[] w, double[] out) { jvpX(w, out); }

            @Override
            public void jvpTheta(double[] u, double[] out) {
                for (int i = 0; i < N; i++) {
                    out[i] = nanInB ? Double.NaN : -u[i];
                }
            }

            @Override
            public void vjpTheta(double[] w, double[] out) {
                for (int i = 0; i < N; i++) {
                    out[i] = nanInB && i == 4 ? Double.POSITIVE_INFINITY : -w[i];
                }
            }

            @Override public Structure structureX() { return Structure.SYMMETRIC_POSITIVE_DEFINITE; }
            @Override public RootFunction fork() { return this; }
        };
    }

    @Test
    void aNaNInTheBackwardSolveIsReportedAndThrownByDefault() {
        double[] xStar = new double[N];
        double[] theta = new double[N];
        for (LinearSolver solver : new LinearSolver[] {
                LinearSolver.conjugateGradient(LinearSolverOptions.defaults()),
                LinearSolver.gmres(LinearSolverOptions.defaults()),
                LinearSolver.minres(LinearSolverOptions.defaults()),
                LinearSolver.denseCholesky(LinearSolverOptions.defaults()),
                LinearSolver.denseLu(LinearSolverOptions.defaults())}) {
            ImplicitDiffWorkspace thrower = ImplicitDiff.builder().solver(solver).build().newWorkspace(breaking(true, false));
            NotConvergedException e = assertThrows(NotConvergedException.class,
                    () -> thrower.vjp(xStar, theta, xBar(), new double[N]), solver.name());
            assertEquals(Status.NON_FINITE, e.status(), solver.name() + ": " + e.getMessage());

            ImplicitDiffWorkspace reporter = ImplicitDiff.builder().solver(solver).throwOnFailure(false).build()
                    .newWorkspace(breaking(true, false));
            double[] thetaBar = new double[N];
            ImplicitResult r = reporter.vjp(xStar, theta, xBar(), thetaBar);
            assertEquals(Status.NON_FINITE, r.status(), solver.name() + ": " + r);
            assertTrue(!r.converged());
            assertNotEquals(Status.CONVERGED, r.status());
        }
    }

    @Test
    void aNaNInTheProductWithBAfterAConvergedSolveIsReportedAndThrownByDefault() {
        double[] xStar = new double[N];
        double[] theta = new double[N];
        ImplicitDiffWorkspace thrower = ImplicitDiff.defaults().newWorkspace(breaking(false, true));
        NotConvergedException e = assertThrows(NotConvergedException.class,
                () -> thrower.vjp(xStar, theta, xBar(), new double[N]));
        assertEquals(Status.NON_FINITE, e.status());
        assertTrue(e.getMessage().contains("thetaBar[4]"), e.getMessage());

        ImplicitDiffWorkspace reporter = ImplicitDiff.builder().throwOnFailure(false).build()
                .newWorkspace(breaking(false, true));
        ImplicitResult r = reporter.vjp(xStar, theta, xBar(), new double[N]);
        assertEquals(Status.NON_FINITE, r.status(), r.toString());
        // a JVP meets the NaN of B in its right-hand side: the solve itself reports it
        NotConvergedException jvp = assertThrows(NotConvergedException.class,
                () -> thrower.jvp(xStar, theta, xBar(), new double[N]));
        assertEquals(Status.NON_FINITE, jvp.status());
        // and so does a Jacobian
        NotConvergedException jac = assertThrows(NotConvergedException.class,
                () -> thrower.jacobian(xStar, theta, new double[N * N]));
        assertEquals(Status.NON_FINITE, jac.status());
    }

    @Test
    void aBackwardOperatorThatIsSingularIsNamedNotSolvedToZero() {
        // a root function whose ∂ₓF has a zero row: the adjoint system has no solution
        LinearOperator singular = LinearOperator.dense(2, 2, new double[] {1, 0, 0, 0});
        LinearSolver lu = LinearSolver.denseLu(LinearSolverOptions.defaults());
        RootgradException e = assertThrows(RootgradException.class,
                () -> lu.solve(lu.newWorkspace(2), singular.transpose(), null, new double[] {1, 1}, new double[2]));
        assertTrue(e.getMessage().toLowerCase(java.util.Locale.ROOT).contains("singular"), e.getMessage());
    }
}
