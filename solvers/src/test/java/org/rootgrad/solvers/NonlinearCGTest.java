package org.rootgrad.solvers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.rootgrad.error.NotConvergedException;
import org.rootgrad.error.Status;
import org.rootgrad.testing.DenseReference;

/**
 * Nonlinear CG, each formula, against a quadratic's closed form, Rosenbrock's x* = (θ₀, θ₀²) and
 * the Newton reference for logistic regression; unrolled derivatives against the implicit ones,
 * finite differences of fixed-step truncated solves and the adjoint identity.
 */
class NonlinearCGTest {

    @ParameterizedTest
    @EnumSource(NonlinearCG.Formula.class)
    void quadraticSolutionAndImplicitDerivative(NonlinearCG.Formula formula) {
        int n = 8;
        double[] a = Problems.spdMatrix(n, 30, 1);
        double[] theta = new SplittableRandom(2).doubles(n, -1, 1).toArray();
        NonlinearCG solver = NonlinearCG.builder(Problems.quadratic(a, n)).formula(formula).tolerance(1e-11)
                .maxIterations(2000).build();
        SolverResult r = solver.run(new double[n], theta);
        assertEquals(Status.CONVERGED, r.status());
        assertTrue(DenseReference.relativeError(r.solution(), DenseReference.solve(a, n, theta)) < 1e-10);
        double[] thetaDot = new SplittableRandom(3).doubles(n, -1, 1).toArray();
        double[] xDot = new double[n];
        solver.jvp(thetaDot, xDot);
        assertTrue(DenseReference.relativeError(xDot, DenseReference.solve(a, n, thetaDot)) < 1e-9);
    }

    @ParameterizedTest
    @EnumSource(NonlinearCG.Formula.class)
    void rosenbrock(NonlinearCG.Formula formula) {
        double[] theta = {1, 100};
        NonlinearCG solver = NonlinearCG.builder(Problems.rosenbrock()).formula(formula).tolerance(1e-9)
                .maxIterations(5000).implicit(LbfgsTest.KRYLOV).build();
        SolverResult r = solver.run(new double[] {-1.2, 1}, theta);
        assertEquals(Status.CONVERGED, r.status(), r.toString());
        assertEquals(1, r.solution()[0], 1e-8);
        assertEquals(1, r.solution()[1], 1e-8);
        double[] jac = SolverChecks.jacobianByJvp(solver);
        double[] expected = Problems.rosenbrockJacobian(theta);
        for (int i = 0; i < 4; i++) {
            assertEquals(expected[i], jac[i], 1e-6, "entry " + i);
        }
    }

    @ParameterizedTest
    @EnumSource(NonlinearCG.Formula.class)
    void logisticRegressionAndUnrolledConvergence(NonlinearCG.Formula formula) {
        Problems.Logistic data = new Problems.Logistic(200, 10, 7);
        double theta = 0.05;
        NonlinearCG solver = NonlinearCG.builder(data.objective()).formula(formula).tolerance(1e-10)
                .maxIterations(2000).build();
        SolverResult r = solver.run(new double[10], new double[] {theta});
        assertEquals(Status.CONVERGED, r.status());
        assertTrue(DenseReference.relativeError(r.solution(), data.newtonSolution(theta)) < 1e-8);
        double[] expected = data.newtonDerivative(theta);
        // Line-search steps are held fixed although the line search picks them continuously in θ,
        // so the unrolled derivative approaches the implicit one only until the forward solve
        // stops (about 17 iterations here); measured: 4e-9 (FR), 5e-7 (PR+), 3e-7 (HS+).
        SolverChecks.assertUnrolledConverges(k -> NonlinearCG.builder(data.objective()).formula(formula)
                        .implicitDiff(false).tolerance(1e-13).maxIterations(k).throwOnFailure(false).build(),
                new int[] {5, 15, 300}, new double[10], new double[] {theta}, new double[] {1}, expected,
                1e-5, 1e-5);
        // With a fixed step the unrolled derivative is exact for the truncated solve and converges.
        SolverChecks.assertUnrolledConverges(k -> NonlinearCG.builder(data.objective()).formula(formula)
                        .implicitDiff(false).fixedStep(2).tolerance(1e-13).maxIterations(k).throwOnFailure(false)
                        .build(),
                new int[] {15, 40, 100, 300}, new double[10], new double[] {theta}, new double[] {1}, expected,
                1e-9, 1e-10);
    }

    @ParameterizedTest
    @EnumSource(NonlinearCG.Formula.class)
    void unrolledDerivativesAreAdjointAndMatchFiniteDifferencesOfTheTruncatedSolve(NonlinearCG.Formula formula) {
        Problems.Logistic data = new Problems.Logistic(200, 10, 7);
        double[] theta = {0.05};
        double[] init = new SplittableRandom(9).doubles(10, -0.5, 0.5).toArray();
        NonlinearCG solver = NonlinearCG.builder(data.objective()).formula(formula).implicitDiff(false)
                .fixedStep(0.8).powellRestart(false).maxIterations(12).throwOnFailure(false).build();
        double[] fd = SolverChecks.centralDifference(solver, init, theta, new double[] {1}, 1e-6);
        double[] xDot = new double[10];
        solver.jvp(new double[] {1}, xDot);
        assertTrue(SolverChecks.relativeMaxError(xDot, fd) < 1e-7, "" + SolverChecks.relativeMaxError(xDot, fd));
        SolverChecks.assertAdjoint(solver, 11);
        NonlinearCG withSearch = NonlinearCG.builder(data.objective()).formula(formula).implicitDiff(false)
                .maxIterations(25).throwOnFailure(false).build();
        withSearch.run(init, theta);
        SolverChecks.assertAdjoint(withSearch, 12);
    }

    @ParameterizedTest
    @EnumSource(NonlinearCG.Formula.class)
    void failuresAreReportedOrThrown(NonlinearCG.Formula formula) {
        NotConvergedException e = assertThrows(NotConvergedException.class,
                () -> NonlinearCG.builder(Problems.rosenbrock()).formula(formula).maxIterations(3).build()
                        .run(new double[] {-1.2, 1}, new double[] {1, 100}));
        assertEquals(Status.MAX_ITERATIONS, e.status());
        LbfgsTest.FlippedGradient lying = new LbfgsTest.FlippedGradient(Problems.quadratic(Problems.spdMatrix(3, 4, 5), 3));
        NonlinearCG quiet = NonlinearCG.builder(lying).formula(formula).throwOnFailure(false).implicitDiff(false).build();
        SolverResult r = quiet.run(new double[3], new double[] {1, 2, 3});
        assertEquals(Status.LINE_SEARCH_FAILED, r.status());
        assertEquals(0, r.iterations());
    }
}
