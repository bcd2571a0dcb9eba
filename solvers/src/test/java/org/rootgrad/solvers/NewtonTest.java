package org.rootgrad.solvers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.rootgrad.error.InvalidOptionException;
import org.rootgrad.error.NotConvergedException;
import org.rootgrad.error.Status;
import org.rootgrad.implicit.ImplicitDiff;
import org.rootgrad.implicit.linear.DirectSolverWorkspace;
import org.rootgrad.implicit.linear.LinearSolver;
import org.rootgrad.implicit.linear.LinearSolverOptions;
import org.rootgrad.solvers.objective.Objectives;
import org.rootgrad.testing.DenseReference;

/**
 * Dense Newton against the Newton reference for logistic regression (tape objective, Hessian
 * assembled from products; hand-written one, Hessian formed by a weighted Gram product), on
 * Rosenbrock from points of negative curvature (the shifted Cholesky), and on a quadratic; its
 * implicit derivative against the reference derivative, its unrolled derivative against central
 * differences where it is exact, against the implicit one once converged, and the adjoint identity.
 */
class NewtonTest {

    @Test
    void logisticRegressionMatchesTheNewtonReference() {
        Problems.Logistic data = new Problems.Logistic(300, 12, 21);
        double theta = 0.02;
        double[] want = data.newtonSolution(theta);
        double[] wantDerivative = data.newtonDerivative(theta);
        for (double lazy : new double[] {0, Newton.DEFAULT_LAZY_CONTRACTION}) {
            for (Newton solver : new Newton[] {
                    Newton.builder(data.objective()).tolerance(1e-11).lazyHessian(lazy).build(),
                    Newton.builder(Objectives.binaryLogisticL2(data.x, data.rows, data.features, data.y, false))
                            .tolerance(1e-11).lazyHessian(lazy).build()}) {
                SolverResult r = solver.run(new double[12], new double[] {theta});
                assertEquals(Status.CONVERGED, r.status());
                assertTrue(r.iterations() <= 10, r.toString());
                assertTrue(DenseReference.relativeError(r.solution(), want) < 1e-10, r.toString());
                double[] xDot = new double[12];
                solver.jvp(new double[] {1}, xDot);
                assertTrue(DenseReference.relativeError(xDot, wantDerivative) < 1e-8);
                assertEquals("Richardson", solver.derivative().method());
                if (lazy == 0) {
                    // refined with the run's last factor, that of H one Newton step before x*
                    assertEquals(r.iterations(), solver.factorizations());
                    assertTrue(solver.lastDerivative().iterations() <= 3, solver.lastDerivative().toString());
                } else {
                    // chord steps took over once a Newton step contracted tenfold: an older factor
                    assertTrue(solver.factorizations() < r.iterations(), solver.factorizations() + " factorisations, " + r);
                    assertTrue(solver.lastDerivative().iterations() <= 8, solver.lastDerivative().toString());
                }
            }
        }
    }

    /**
     * The lazy Hessian in a service: λ drifts by up to 1% per call and every run is warm-started
     * from the last solution. After the first run no Hessian is factored again, yet each run
     * meets the tolerance on the reference solution and its derivative matches the reference
     * derivative (−H⁻¹w* at that λ); with the Hessian factored at every iterate, the same runs
     * factor at least once each.
     */
    @Test
    void aLazyHessianKeepsItsFactorAcrossRunsAsThetaDrifts() {
        Problems.Logistic data = new Problems.Logistic(200, 10, 41);
        Newton lazy = Newton.builder(Objectives.binaryLogisticL2(data.x, data.rows, data.features, data.y, false))
                .tolerance(1e-11).build();
        Newton exact = Newton.builder(Objectives.binaryLogisticL2(data.x, data.rows, data.features, data.y, false))
                .tolerance(1e-11).lazyHessian(0).build();
        double lambda = 0.02;
        lazy.run(new double[10], new double[] {lambda});
        exact.run(new double[10], new double[] {lambda});
        int lazyFactorizations = 0;
        int exactFactorizations = 0;
        double[] xDot = new double[10];
        for (int call = 1; call <= 12; call++) {
            double[] theta = {lambda * (1 + 0.01 * Math.sin(call))};
            SolverResult r = lazy.run(lazy.result().solution(), theta);
            assertEquals(Status.CONVERGED, r.status(), r.toString());
            lazyFactorizations += lazy.factorizations();
            exactFactorizations += exact.run(exact.result().solution(), theta).iterations();
            assertTrue(DenseReference.relativeError(r.solution(), data.newtonSolution(theta[0])) < 1e-10, r.toString());
            lazy.jvp(new double[] {1}, xDot);
            assertEquals("Richardson", lazy.derivative().method());
            double error = DenseReference.relativeError(xDot, data.newtonDerivative(theta[0]));
            assertTrue(error < 1e-9, call + ": " + error);
        }
        assertEquals(0, lazyFactorizations);
        assertTrue(exactFactorizations >= 12, "" + exactFactorizations);
    }

    /**
     * A jump of θ that the kept factor cannot follow (λ × 50): the chord step contracts too
     * little, the next iterate factors its own Hessian, and the run converges to the reference;
     * the derivative, offered no factor that contracted twentyfold, is still right.
     */
    @Test
    void aLazyHessianRefactorsWhenItsStepsStopContracting() {
        Problems.Logistic data = new Problems.Logistic(200, 10, 42);
        Newton solver = Newton.builder(Objectives.binaryLogisticL2(data.x, data.rows, data.features, data.y, false))
                .tolerance(1e-11).lazyHessian(0.1).build();
        solver.run(new double[10], new double[] {0.001});
        double far = 0.05;
        SolverResult r = solver.run(solver.result().solution(), new double[] {far});
        assertEquals(Status.CONVERGED, r.status(), r.toString());
        assertTrue(solver.factorizations() >= 1, r.toString());
        assertTrue(DenseReference.relativeError(r.solution(), data.newtonSolution(far)) < 1e-10, r.toString());
        double[] xDot = new double[10];
        solver.jvp(new double[] {1}, xDot);
        assertTrue(DenseReference.relativeError(xDot, data.newtonDerivative(far)) < 1e-9);
    }

    /**
     * The automatic choice: ridge regression's Hessian (a copy of the Gram matrix) is factored
     * at every iterate, a tape objective's (n products) lazily; unrolled derivatives never take
     * chord steps, and asking for them there, or for a contraction outside [0, 1), is refused.
     */
    @Test
    void theLazyHessianIsChosenByTheHessiansCostAndNeedsImplicitDerivatives() {
        Problems.Logistic data = new Problems.Logistic(150, 7, 43);
        Newton ridge = Newton.builder(Objectives.ridge(data.x, 150, 7, data.y, false)).tolerance(1e-12).build();
        ridge.run(new double[7], new double[] {0.3});
        SolverResult r = ridge.run(ridge.result().solution(), new double[] {0.31});
        assertEquals(r.iterations(), ridge.factorizations(), r.toString());
        assertTrue(r.iterations() >= 1, r.toString());

        Newton tape = Newton.builder(data.objective()).tolerance(1e-11).build();
        tape.run(new double[7], new double[] {0.02});
        r = tape.run(tape.result().solution(), new double[] {0.0202});
        assertTrue(r.iterations() >= 1 && tape.factorizations() == 0, tape.factorizations() + " factorisations, " + r);

        Newton unrolled = Newton.builder(data.objective()).implicitDiff(false).tolerance(1e-11).build();
        unrolled.run(new double[7], new double[] {0.02});
        r = unrolled.run(unrolled.result().solution(), new double[] {0.0202});
        assertEquals(r.iterations(), unrolled.factorizations(), r.toString());

        assertThrows(InvalidOptionException.class,
                () -> Newton.builder(data.objective()).implicitDiff(false).lazyHessian(0.1).build());
        for (double bad : new double[] {-0.1, 1, Double.NaN}) {
            assertThrows(InvalidOptionException.class, () -> Newton.builder(data.objective()).lazyHessian(bad));
        }
    }

    /**
     * Ridge regression (quadratic): the last factor is H at x*, so the derivative takes one
     * product and matches the closed form −H⁻¹w*; a configured linear solver is used as
     * configured; a warm start at the solution for a far λ takes no step, keeps the factor of the
     * previous λ, and the derivative falls back to the dense solve at x*.
     */
    @Test
    void implicitDerivativesRefineWithTheLastFactorOrFallBack() {
        Problems.Logistic data = new Problems.Logistic(150, 7, 24); // its x as ridge data, labels as targets
        double lambda = 0.3;
        double[] h = new double[49];
        for (int i = 0; i < 150; i++) {
            for (int a = 0; a < 7; a++) {
                for (int b = 0; b < 7; b++) {
                    h[a * 7 + b] += 2 * data.x[i * 7 + a] * data.x[i * 7 + b] / 150; // f = (1/n)‖Xw − y‖² + (λ/2)‖w‖²
                }
            }
        }
        for (int a = 0; a < 7; a++) {
            h[a * 7 + a] += lambda;
        }
        Newton solver = Newton.builder(Objectives.ridge(data.x, 150, 7, data.y, false)).tolerance(1e-12).build();
        double[] w = solver.run(new double[7], new double[] {lambda}).solution().clone();
        double[] want = DenseReference.solve(h, 7, w);
        for (int j = 0; j < 7; j++) {
            want[j] = -want[j];
        }
        double[] xDot = new double[7];
        solver.jvp(new double[] {1}, xDot);
        assertEquals("Richardson", solver.derivative().method());
        assertEquals(1, solver.lastDerivative().iterations());
        assertTrue(DenseReference.relativeError(xDot, want) < 1e-12, "" + DenseReference.relativeError(xDot, want));

        Newton configured = Newton.builder(Objectives.ridge(data.x, 150, 7, data.y, false)).tolerance(1e-12)
                .implicit(ImplicitDiff.builder().solver(LinearSolver
                        .denseCholesky(LinearSolverOptions.builder().build())).build())
                .build();
        configured.run(new double[7], new double[] {lambda});
        configured.jvp(new double[] {1}, xDot);
        assertEquals("dense Cholesky", configured.derivative().method());

        double far = 30 * lambda;
        Newton reference = Newton.builder(Objectives.ridge(data.x, 150, 7, data.y, false)).tolerance(1e-13).build();
        double[] atFar = reference.run(new double[7], new double[] {far}).solution().clone();
        SolverResult r = solver.run(atFar, new double[] {far});
        assertEquals(0, r.iterations(), r.toString());
        solver.jvp(new double[] {1}, xDot);
        assertEquals("dense Cholesky", solver.derivative().method());
        for (int a = 0; a < 7; a++) {
            h[a * 7 + a] += far - lambda;
        }
        want = DenseReference.solve(h, 7, atFar);
        for (int j = 0; j < 7; j++) {
            want[j] = -want[j];
        }
        assertTrue(DenseReference.relativeError(xDot, want) < 1e-10, "" + DenseReference.relativeError(xDot, want));
    }

    @Test
    void theDenseHessianReplacesTheProducts() {
        Problems.Logistic data = new Problems.Logistic(200, 9, 22);
        // the dense solve at x* configured, so that the run's last factor is not tried first
        Newton solver = Newton.builder(Objectives.binaryLogisticL2(data.x, data.rows, data.features, data.y, false))
                .tolerance(1e-10).implicit(ImplicitDiff.builder()
                        .solver(LinearSolver.denseCholesky(
                                LinearSolverOptions.defaults())).build())
                .build();
        solver.run(new double[9], new double[] {0.1});
        solver.vjp(new double[] {1, 0, 0, 0, 0, 0, 0, 0, 1}, new double[1]);
        // the implicit workspace's direct solver took the objective's own matrix: no products
        DirectSolverWorkspace ws = (DirectSolverWorkspace) solver.implicitWorkspace().solverWorkspace();
        assertEquals(0, ws.operatorProducts(), "Hessian-vector products to assemble A");
        assertEquals(1, ws.factorizations());
    }

    @Test
    void rosenbrockFromPointsOfNegativeCurvature() {
        double[] theta = {1, 100};
        // the Hessian at (0, 1) has eigenvalues −398 and 200, at (−0.5, 1) it is indefinite too
        for (double[] start : new double[][] {{-1.2, 1}, {0, 1}, {-0.5, 1}}) {
            Newton solver = Newton.builder(Problems.rosenbrock()).tolerance(1e-10).maxIterations(200).build();
            SolverResult r = solver.run(start, theta);
            assertEquals(Status.CONVERGED, r.status(), r.toString());
            assertEquals(1, r.solution()[0], 1e-9);
            assertEquals(1, r.solution()[1], 1e-9);
            double[] jac = SolverChecks.jacobianByJvp(solver);
            double[] expected = Problems.rosenbrockJacobian(theta);
            for (int i = 0; i < 4; i++) {
                assertEquals(expected[i], jac[i], 1e-7);
            }
            Newton unrolled = Newton.builder(Problems.rosenbrock()).implicitDiff(false).maxIterations(6)
                    .throwOnFailure(false).build();
            unrolled.run(start, theta);
            SolverChecks.assertAdjoint(unrolled, 41);
        }
    }

    @Test
    void onAQuadraticTheUnrolledDerivativeIsExactForTheTruncatedSolve() {
        int n = 6;
        double[] a = Problems.spdMatrix(n, 20, 31);
        double[] theta = new SplittableRandom(32).doubles(n, -1, 1).toArray();
        double[] thetaDot = new SplittableRandom(33).doubles(n, -1, 1).toArray();
        double[] init = new SplittableRandom(34).doubles(n, -1, 1).toArray();
        Newton solver = Newton.builder(Problems.quadratic(a, n)).implicitDiff(false).fixedStep(0.4)
                .maxIterations(5).throwOnFailure(false).build();
        double[] fd = SolverChecks.centralDifference(solver, init, theta, thetaDot, 1e-6);
        double[] xDot = new double[n];
        solver.jvp(thetaDot, xDot);
        assertTrue(SolverChecks.relativeMaxError(xDot, fd) < 1e-7, "" + SolverChecks.relativeMaxError(xDot, fd));
        SolverChecks.assertAdjoint(solver, 35);
        // a full step: one iteration lands on the solution and its derivative −A⁻¹B is exact
        Newton exact = Newton.builder(Problems.quadratic(a, n)).implicitDiff(false).fixedStep(1).tolerance(1e-9)
                .build();
        SolverResult r = exact.run(init, theta);
        assertTrue(r.iterations() <= 2, r.toString());
        double[] unrolledJac = SolverChecks.jacobianByJvp(exact);
        Newton implicit = Newton.builder(Problems.quadratic(a, n)).tolerance(1e-9).build();
        implicit.run(init, theta);
        assertTrue(SolverChecks.relativeMaxError(unrolledJac, SolverChecks.jacobianByJvp(implicit)) < 1e-10);
    }

    @Test
    void unrolledDerivativeConvergesToTheImplicitOne() {
        Problems.Logistic data = new Problems.Logistic(300, 12, 21);
        double theta = 0.02;
        // after K steps the derivative is the implicit one at x_{K−1}, one Newton step behind
        SolverChecks.assertUnrolledConverges(k -> Newton.builder(data.objective()).implicitDiff(false)
                        .tolerance(1e-14).maxIterations(k).throwOnFailure(false).build(),
                new int[] {2, 3, 4, 6}, new double[12], new double[] {theta}, new double[] {1},
                data.newtonDerivative(theta), 1e-7, 1e-9);
    }

    @Test
    void failuresAreReportedOrThrown() {
        NotConvergedException e = assertThrows(NotConvergedException.class,
                () -> Newton.builder(Problems.rosenbrock()).maxIterations(2).build()
                        .run(new double[] {-1.2, 1}, new double[] {1, 100}));
        assertEquals(Status.MAX_ITERATIONS, e.status());
        LbfgsTest.FlippedGradient lying = new LbfgsTest.FlippedGradient(Problems.quadratic(Problems.spdMatrix(3, 4, 5), 3));
        SolverResult r = Newton.builder(lying).throwOnFailure(false).build().run(new double[3], new double[] {1, 2, 3});
        assertEquals(Status.LINE_SEARCH_FAILED, r.status());
    }
}
