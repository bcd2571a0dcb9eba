package org.rootgrad.solvers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.rootgrad.autodiff.Tensor;
import org.rootgrad.error.NotConvergedException;
import org.rootgrad.error.Status;

/**
 * Gauss–Newton and Levenberg–Marquardt on the Michaelis–Menten fit y ≈ θ₁x/(θ₂ + x) (the
 * classic reference solution), with the observations y as the parameters being differentiated:
 * implicit derivatives against central differences of tight solves, unrolled ones against the
 * implicit ones and the adjoint identity; on affine residuals (where the model matrix is
 * constant) the unrolled derivative against finite differences of truncated solves.
 */
class LeastSquaresTest {
    static final double[] X = {0.038, 0.194, 0.425, 0.626, 1.253, 2.5, 3.74};
    static final double[] Y = {0.05, 0.127, 0.094, 0.2122, 0.2729, 0.2665, 0.3317};
    static final double[] REFERENCE = {0.36183689, 0.55626653};
    static final double[] INIT = {0.1, 0.1};

    /** r(β, y) = β₁x/(β₂ + x) − y, the unknowns β being the solver's x and the data y its θ. */
    static LeastSquaresProblem michaelisMenten() {
        return LeastSquaresProblem.record(2, Y.length, (tape, beta, y) -> {
            Tensor x = tape.constant(X);
            Tensor model = beta.element(0).mul(x).div(x.add(beta.element(1)));
            return model.sub(y);
        });
    }

    static final Function<LeastSquaresProblem, Solver> GAUSS_NEWTON =
            p -> GaussNewton.builder(p).tolerance(1e-13).build();
    static final Function<LeastSquaresProblem, Solver> LEVENBERG_MARQUARDT =
            p -> LevenbergMarquardt.builder(p).tolerance(1e-13).build();

    @Test
    void michaelisMentenReachesTheReferenceSolution() {
        for (Solver solver : new Solver[] {GAUSS_NEWTON.apply(michaelisMenten()),
                LEVENBERG_MARQUARDT.apply(michaelisMenten())}) {
            SolverResult r = solver.run(INIT, Y);
            assertEquals(Status.CONVERGED, r.status(), r.toString());
            assertEquals(REFERENCE[0], r.solution()[0], 1e-7, solver.name());
            assertEquals(REFERENCE[1], r.solution()[1], 1e-7, solver.name());
            assertTrue(r.value() > 0.003 && r.value() < 0.005, r.toString()); // ½‖r‖² ≈ 0.00392
        }
    }

    /**
     * ∂β*(y)/∂y (2×7) by implicit differentiation against central differences of solves to
     * ‖Jᵀr‖ ≤ 1e-13 with h = 1e-5: truncation O(h²) ≈ 1e-10 and solve error / h ≈ 1e-8 relative.
     */
    @Test
    void implicitJacobianMatchesFiniteDifferencesOfTightSolves() {
        for (Function<LeastSquaresProblem, Solver> make : java.util.List.of(GAUSS_NEWTON, LEVENBERG_MARQUARDT)) {
            Solver solver = make.apply(michaelisMenten());
            solver.run(INIT, Y);
            double[] jac = SolverChecks.jacobianByJvp(solver);
            double[] byVjp = SolverChecks.jacobianByVjp(solver);
            Solver reference = make.apply(michaelisMenten());
            double h = 1e-5;
            for (int j = 0; j < Y.length; j++) {
                double[] e = new double[Y.length];
                e[j] = 1;
                double[] fd = SolverChecks.centralDifference(reference, REFERENCE, Y, e, h);
                for (int i = 0; i < 2; i++) {
                    assertEquals(fd[i], jac[i * Y.length + j], 1e-6 * (1 + Math.abs(fd[i])), solver.name());
                    assertEquals(jac[i * Y.length + j], byVjp[i * Y.length + j], 1e-9 * (1 + Math.abs(fd[i])));
                }
            }
        }
    }

    @Test
    void preconditioningWithTheGaussNewtonMatrixKeepsTheDerivative() {
        Solver plain = GaussNewton.builder(michaelisMenten()).tolerance(1e-13).preconditionImplicit(false).build();
        Solver preconditioned = GAUSS_NEWTON.apply(michaelisMenten());
        plain.run(INIT, Y);
        preconditioned.run(INIT, Y);
        double[] a = SolverChecks.jacobianByJvp(plain);
        double[] b = SolverChecks.jacobianByJvp(preconditioned);
        assertTrue(SolverChecks.relativeMaxError(b, a) < 1e-9);
        assertTrue(preconditioned.derivative().iterations() <= plain.derivative().iterations());
    }

    @Test
    void unrolledDerivativesConvergeToTheImplicitOnesAndAreAdjoint() {
        Solver implicit = GAUSS_NEWTON.apply(michaelisMenten());
        implicit.run(INIT, Y);
        double[] thetaDot = new SplittableRandom(1).doubles(Y.length, -1, 1).toArray();
        double[] expected = new double[2];
        implicit.jvp(thetaDot, expected);
        SolverChecks.assertUnrolledConverges(k -> GaussNewton.builder(michaelisMenten()).implicitDiff(false)
                        .tolerance(1e-14).maxIterations(k).throwOnFailure(false).build(),
                new int[] {2, 4, 8, 16, 40}, INIT, Y, thetaDot, expected, 1e-8, 1e-8);
        SolverChecks.assertUnrolledConverges(k -> LevenbergMarquardt.builder(michaelisMenten()).implicitDiff(false)
                        .tolerance(1e-14).maxIterations(k).throwOnFailure(false).build(),
                new int[] {2, 4, 8, 16, 40}, INIT, Y, thetaDot, expected, 1e-8, 1e-8);
        for (Solver s : new Solver[] {
                GaussNewton.builder(michaelisMenten()).implicitDiff(false).maxIterations(5).throwOnFailure(false).build(),
                LevenbergMarquardt.builder(michaelisMenten()).implicitDiff(false).maxIterations(7).throwOnFailure(false).build()}) {
            s.run(INIT, Y);
            SolverChecks.assertAdjoint(s, 2);
        }
    }

    /** r(x, θ) = Ax − θ: J = A is constant, so the unrolled derivative is exact for truncated solves. */
    static LeastSquaresProblem affine(double[] a, int k, int n) {
        return LeastSquaresProblem.record(n, k, (tape, x, theta) ->
                tape.constant(a, k, n).matvec(x).sub(theta));
    }

    @Test
    void affineResidualsUnrolledDerivativeMatchesFiniteDifferences() {
        int k = 9;
        int n = 4;
        SplittableRandom rng = new SplittableRandom(5);
        double[] a = rng.doubles(k * n, -1, 1).toArray();
        double[] theta = rng.doubles(k, -1, 1).toArray();
        double[] thetaDot = rng.doubles(k, -1, 1).toArray();
        double[] init = rng.doubles(n, -1, 1).toArray();
        for (Solver s : new Solver[] {
                LevenbergMarquardt.builder(affine(a, k, n)).implicitDiff(false).initialDamping(10).maxIterations(3)
                        .throwOnFailure(false).build(),
                GaussNewton.builder(affine(a, k, n)).implicitDiff(false).maxIterations(1).throwOnFailure(false).build()}) {
            double[] fd = SolverChecks.centralDifference(s, init, theta, thetaDot, 1e-6);
            double[] xDot = new double[n];
            s.jvp(thetaDot, xDot);
            assertTrue(SolverChecks.relativeMaxError(xDot, fd) < 1e-8, s.name() + " " + SolverChecks.relativeMaxError(xDot, fd));
            SolverChecks.assertAdjoint(s, 6);
        }
    }

    @Test
    void fewerResidualsThanVariables() {
        // k = 2 < n = 3: J comes from VJPs; JᵀJ is singular, so Gauss–Newton reports it and
        // Levenberg–Marquardt's damping still converges to a zero-residual point
        double[] a = {1, 2, 0.5, -1, 0.3, 2};
        double[] theta = {0.7, -0.2};
        SolverResult gn = GaussNewton.builder(affine(a, 2, 3)).throwOnFailure(false).build().run(new double[3], theta);
        assertEquals(Status.SINGULAR, gn.status());
        assertThrows(NotConvergedException.class,
                () -> GaussNewton.builder(affine(a, 2, 3)).build().run(new double[3], theta));
        LevenbergMarquardt lm = LevenbergMarquardt.builder(affine(a, 2, 3)).tolerance(1e-12).build();
        SolverResult r = lm.run(new double[3], theta);
        assertEquals(Status.CONVERGED, r.status());
        for (int i = 0; i < 2; i++) {
            double ri = -theta[i];
            for (int j = 0; j < 3; j++) {
                ri += a[i * 3 + j] * r.solution()[j];
            }
            assertEquals(0, ri, 1e-10);
        }
    }

    @Test
    void failuresAreReported() {
        SolverResult r = LevenbergMarquardt.builder(michaelisMenten()).maxIterations(2).throwOnFailure(false).build()
                .run(INIT, Y);
        assertEquals(Status.MAX_ITERATIONS, r.status());
        assertEquals(2, r.iterations());
        // a pole of the model at β₂ = −x₁ makes the residuals infinite
        SolverResult nan = GaussNewton.builder(michaelisMenten()).throwOnFailure(false).build()
                .run(new double[] {1, -X[0]}, Y);
        assertEquals(Status.NON_FINITE, nan.status());
    }
}
