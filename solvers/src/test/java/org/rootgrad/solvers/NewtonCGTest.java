package org.rootgrad.solvers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.rootgrad.error.InvalidOptionException;
import org.rootgrad.error.NotConvergedException;
import org.rootgrad.error.Status;
import org.rootgrad.solvers.objective.Objectives;
import org.rootgrad.testing.DenseReference;

/**
 * Newton–CG against the Newton reference for logistic regression, Rosenbrock (also from a point
 * of negative curvature) and a quadratic; its unrolled derivative (Hessian held fixed, inner CG
 * replayed) against the implicit one, finite differences where it is exact, and the adjoint
 * identity.
 */
class NewtonCGTest {

    @Test
    void logisticRegressionMatchesTheNewtonReference() {
        Problems.Logistic data = new Problems.Logistic(300, 12, 21);
        double theta = 0.02;
        NewtonCG solver = NewtonCG.builder(data.objective()).tolerance(1e-11).build();
        SolverResult r = solver.run(new double[12], new double[] {theta});
        assertEquals(Status.CONVERGED, r.status());
        assertTrue(r.iterations() <= 12, r.toString());
        assertTrue(DenseReference.relativeError(r.solution(), data.newtonSolution(theta)) < 1e-9);
        double[] xDot = new double[12];
        solver.jvp(new double[] {1}, xDot);
        assertTrue(DenseReference.relativeError(xDot, data.newtonDerivative(theta)) < 1e-8);
        // unrolled, once converged
        NewtonCG unrolled = NewtonCG.builder(data.objective()).tolerance(1e-11).implicitDiff(false).build();
        unrolled.run(new double[12], new double[] {theta});
        unrolled.jvp(new double[] {1}, xDot);
        assertTrue(DenseReference.relativeError(xDot, data.newtonDerivative(theta)) < 1e-8);
        SolverChecks.assertAdjoint(unrolled, 3);
    }

    /**
     * Single-precision inner products on the library's logistic objective: the same solution to
     * the tolerance as double products and the dense reference, at most one more Newton step,
     * other bits (the float path was taken), the implicit derivative as accurate as before (it
     * takes exact products), the unrolled one close to it; forks keep the option.
     */
    @Test
    void singlePrecisionInnerProductsReachTheSameSolution() {
        Problems.Logistic data = new Problems.Logistic(2000, 40, 23);
        double theta = 0.01;
        double[] init = new double[40];
        NewtonCG exact = NewtonCG.builder(Objectives.binaryLogisticL2(data.x, 2000, 40, data.y, false))
                .tolerance(1e-10).singlePrecisionHessianProducts(false).build();
        NewtonCG single = NewtonCG.builder(Objectives.binaryLogisticL2(data.x, 2000, 40, data.y, false))
                .tolerance(1e-10).singlePrecisionHessianProducts(true).build();
        SolverResult e = exact.run(init, new double[] {theta});
        SolverResult s = single.run(init, new double[] {theta});
        assertEquals(Status.CONVERGED, s.status(), s.toString());
        assertTrue(s.error() <= 1e-10, s.toString());
        assertTrue(s.iterations() <= e.iterations() + 1, s + " vs " + e);
        assertFalse(java.util.Arrays.equals(e.solution(), s.solution()), "the same bits as double products");
        double[] reference = data.newtonSolution(theta);
        assertTrue(DenseReference.relativeError(s.solution(), reference) < 1e-9);
        double[] xDot = new double[40];
        single.jvp(new double[] {1}, xDot);
        assertTrue(DenseReference.relativeError(xDot, data.newtonDerivative(theta)) < 1e-8);
        NewtonCG fork = single.fork();
        SolverResult f = fork.run(init, new double[] {theta});
        assertTrue(java.util.Arrays.equals(s.solution(), f.solution()), "the fork takes the same path");
        NewtonCG unrolled = NewtonCG.builder(Objectives.binaryLogisticL2(data.x, 2000, 40, data.y, false))
                .tolerance(1e-10).singlePrecisionHessianProducts(true).implicitDiff(false).build();
        unrolled.run(init, new double[] {theta});
        unrolled.jvp(new double[] {1}, xDot);
        assertTrue(DenseReference.relativeError(xDot, data.newtonDerivative(theta)) < 1e-4,
                "" + DenseReference.relativeError(xDot, data.newtonDerivative(theta)));
    }

    /**
     * Unset, the option follows the derivative mode: the default solver takes the same path,
     * bit for bit, as single-precision products with implicit derivatives and as double ones
     * when unrolling (and the two paths differ, so the comparison can tell them apart).
     */
    @Test
    void byDefaultInnerProductsAreSingleWithImplicitDerivativesAndDoubleWhenUnrolling() {
        Problems.Logistic data = new Problems.Logistic(2000, 40, 23);
        double[] init = new double[40];
        double[] theta = {0.01};
        for (boolean implicit : new boolean[] {true, false}) {
            double[] byDefault = NewtonCG.builder(Objectives.binaryLogisticL2(data.x, 2000, 40, data.y, false))
                    .tolerance(1e-10).implicitDiff(implicit).build().run(init, theta).solution();
            double[] single = NewtonCG.builder(Objectives.binaryLogisticL2(data.x, 2000, 40, data.y, false))
                    .tolerance(1e-10).implicitDiff(implicit).singlePrecisionHessianProducts(true).build()
                    .run(init, theta).solution();
            double[] exact = NewtonCG.builder(Objectives.binaryLogisticL2(data.x, 2000, 40, data.y, false))
                    .tolerance(1e-10).implicitDiff(implicit).singlePrecisionHessianProducts(false).build()
                    .run(init, theta).solution();
            assertFalse(java.util.Arrays.equals(single, exact), "implicit " + implicit);
            assertTrue(java.util.Arrays.equals(byDefault, implicit ? single : exact), "implicit " + implicit);
        }
    }

    @Test
    void withImplicitDerivativesTheInnerSolvesStopAtHalfTheTolerance() {
        Problems.Logistic data = new Problems.Logistic(2000, 40, 23);
        double[] init = new double[40];
        double[] theta = {0.01};
        double tol = 1e-9;
        NewtonCG implicit = NewtonCG.builder(data.objective()).tolerance(tol).build();
        NewtonCG unrolled = NewtonCG.builder(data.objective()).tolerance(tol).implicitDiff(false).build();
        SolverResult i = implicit.run(init, theta);
        SolverResult u = unrolled.run(init, theta);
        assertEquals(Status.CONVERGED, i.status(), i.toString());
        assertEquals(Status.CONVERGED, u.status(), u.toString());
        // the unrolled run's last inner solve goes to ηₖ‖∇f‖, far below the tolerance
        assertTrue(u.error() < 0.05 * tol, u.toString());
        assertEquals(u.iterations(), i.iterations(), i + " vs " + u);
        assertTrue(implicit.innerIterations() < unrolled.innerIterations(),
                implicit.innerIterations() + " vs " + unrolled.innerIterations());
        // the last gradient is about the last inner residual, which stopped at or below tol/2
        assertTrue(i.error() <= tol && i.error() > 0.05 * tol, i.toString());
        double[] reference = data.newtonSolution(theta[0]);
        assertTrue(DenseReference.relativeError(i.solution(), reference) < 1e-8);
    }

    @Test
    void unrolledDerivativeConvergesToTheImplicitOne() {
        Problems.Logistic data = new Problems.Logistic(300, 12, 21);
        double theta = 0.02;
        double[] expected = data.newtonDerivative(theta);
        // default forcing term: the last inner solves (η ≈ √‖∇f‖) bound the accuracy
        SolverChecks.assertUnrolledConverges(k -> NewtonCG.builder(data.objective()).implicitDiff(false)
                        .tolerance(1e-14).maxIterations(k).throwOnFailure(false).build(),
                new int[] {2, 3, 4, 6}, new double[12], new double[] {theta}, new double[] {1}, expected,
                1e-5, 1e-10);
        // tight inner solves: the derivative after K steps is the implicit one at x_{K−1}, one
        // Newton step behind the solution (measured 5e-8 when the forward stops at 1e-14)
        SolverChecks.assertUnrolledConverges(k -> NewtonCG.builder(data.objective()).implicitDiff(false)
                        .forcingTerm(1e-12).tolerance(1e-14).maxIterations(k).throwOnFailure(false).build(),
                new int[] {2, 3, 4, 6, 12}, new double[12], new double[] {theta}, new double[] {1}, expected,
                1e-7, 1e-7);
        // a damped fixed step converges linearly, and so does its derivative
        SolverChecks.assertUnrolledConverges(k -> NewtonCG.builder(data.objective()).implicitDiff(false)
                        .fixedStep(0.5).tolerance(1e-14).maxIterations(k).throwOnFailure(false).build(),
                new int[] {5, 10, 20, 40}, new double[12], new double[] {theta}, new double[] {1}, expected,
                1e-9, 1e-10);
    }

    @Test
    void onAQuadraticTheUnrolledDerivativeIsExactForTheTruncatedSolve() {
        int n = 6;
        double[] a = Problems.spdMatrix(n, 20, 31);
        double[] theta = new SplittableRandom(32).doubles(n, -1, 1).toArray();
        double[] thetaDot = new SplittableRandom(33).doubles(n, -1, 1).toArray();
        double[] init = new SplittableRandom(34).doubles(n, -1, 1).toArray();
        NewtonCG solver = NewtonCG.builder(Problems.quadratic(a, n)).implicitDiff(false).fixedStep(0.4)
                .forcingTerm(1e-14).maxIterations(5).throwOnFailure(false).build();
        double[] fd = SolverChecks.centralDifference(solver, init, theta, thetaDot, 1e-6);
        double[] xDot = new double[n];
        solver.jvp(thetaDot, xDot);
        assertTrue(SolverChecks.relativeMaxError(xDot, fd) < 1e-7, "" + SolverChecks.relativeMaxError(xDot, fd));
        SolverChecks.assertAdjoint(solver, 35);
        // truncated inner solves: the recorded CG polynomial is replayed exactly, so still adjoint
        NewtonCG truncated = NewtonCG.builder(Problems.quadratic(a, n)).implicitDiff(false).maxInnerIterations(2)
                .maxIterations(6).throwOnFailure(false).build();
        truncated.run(init, theta);
        SolverChecks.assertAdjoint(truncated, 36);
    }

    @Test
    void rosenbrockIncludingNegativeCurvature() {
        double[] theta = {1, 100};
        for (double[] start : new double[][] {{-1.2, 1}, {0, 1}}) {
            NewtonCG solver = NewtonCG.builder(Problems.rosenbrock()).tolerance(1e-10)
                    .implicit(LbfgsTest.KRYLOV).build();
            SolverResult r = solver.run(start, theta);
            assertEquals(Status.CONVERGED, r.status(), r.toString());
            assertEquals(1, r.solution()[0], 1e-9);
            assertEquals(1, r.solution()[1], 1e-9);
            double[] jac = SolverChecks.jacobianByJvp(solver);
            double[] expected = Problems.rosenbrockJacobian(theta);
            for (int i = 0; i < 4; i++) {
                assertEquals(expected[i], jac[i], 1e-7);
            }
        }
    }

    @Test
    void failuresAreReportedOrThrown() {
        NotConvergedException e = assertThrows(NotConvergedException.class,
                () -> NewtonCG.builder(Problems.rosenbrock()).maxIterations(2).build()
                        .run(new double[] {-1.2, 1}, new double[] {1, 100}));
        assertEquals(Status.MAX_ITERATIONS, e.status());
        LbfgsTest.FlippedGradient lying = new LbfgsTest.FlippedGradient(Problems.quadratic(Problems.spdMatrix(3, 4, 5), 3));
        SolverResult r = NewtonCG.builder(lying).throwOnFailure(false).build().run(new double[3], new double[] {1, 2, 3});
        assertEquals(Status.LINE_SEARCH_FAILED, r.status());
        assertThrows(InvalidOptionException.class, () -> NewtonCG.builder(lying).maxInnerIterations(0));
    }
}
