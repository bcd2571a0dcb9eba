package org.rootgrad.solvers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.rootgrad.autodiff.Tape;
import org.rootgrad.autodiff.Tensor;
import org.rootgrad.error.InvalidOptionException;
import org.rootgrad.error.NotConvergedException;
import org.rootgrad.error.Status;
import org.rootgrad.implicit.RootFunction;
import org.rootgrad.implicit.linear.Structure;
import org.rootgrad.testing.DenseReference;

/**
 * Broyden on a small nonlinear system recorded on the tape, against a Newton reference with a
 * hand-written Jacobian and the dense implicit derivative −A⁻¹B; Bisection on x³ − θ against
 * x* = ∛θ and dx*(θ)/dθ = 1/(3x*²), and its refusals.
 */
class RootSolversTest {

    /**
     * F₀ = x₀ + ½x₁² − θ₀, F₁ = x₁ + 0.2·tanh(x₀x₂) − θ₁, F₂ = x₂ + 0.1·exp(x₀) − θ₀x₁.
     */
    static RootFunction system() {
        Tape tape = new Tape();
        Tensor x = tape.input("x", 3);
        Tensor theta = tape.input("theta", 2);
        Tensor x0 = x.element(0);
        Tensor x1 = x.element(1);
        Tensor x2 = x.element(2);
        Tensor f0 = x0.add(x1.square().scale(0.5)).sub(theta.element(0));
        Tensor f1 = x1.add(x0.mul(x2).tanh().scale(0.2)).sub(theta.element(1));
        Tensor f2 = x2.add(x0.exp().scale(0.1)).sub(theta.element(0).mul(x1));
        return RootFunction.fromVectorMap(tape.build(tape.concat(f0, f1, f2)).vectorMap(0, 1), Structure.GENERAL);
    }

    static double[] residual(double[] x, double[] t) {
        return new double[] {x[0] + 0.5 * x[1] * x[1] - t[0], x[1] + 0.2 * Math.tanh(x[0] * x[2]) - t[1],
            x[2] + 0.1 * Math.exp(x[0]) - t[0] * x[1]};
    }

    /** ∂ₓF, 3×3 row-major, by hand. */
    static double[] jacobianX(double[] x, double[] t) {
        double s = 1 - Math.pow(Math.tanh(x[0] * x[2]), 2);
        return new double[] {1, x[1], 0, 0.2 * s * x[2], 1, 0.2 * s * x[0], 0.1 * Math.exp(x[0]), -t[0], 1};
    }

    /** ∂θF, 3×2 row-major, by hand. */
    static double[] jacobianTheta(double[] x) {
        return new double[] {-1, 0, 0, -1, -x[1], 0};
    }

    static double[] newtonRoot(double[] t) {
        double[] x = new double[3];
        for (int it = 0; it < 50; it++) {
            double[] f = residual(x, t);
            double[] step = DenseReference.solve(jacobianX(x, t), 3, f);
            for (int i = 0; i < 3; i++) {
                x[i] -= step[i];
            }
        }
        double[] f = residual(x, t);
        assertTrue(Math.sqrt(DenseReference.dot(f, f)) < 1e-14);
        return x;
    }

    /** −A⁻¹B, 3×2 row-major. */
    static double[] implicitReference(double[] t) {
        double[] x = newtonRoot(t);
        double[] a = jacobianX(x, t);
        double[] b = jacobianTheta(x);
        double[] jac = new double[6];
        for (int j = 0; j < 2; j++) {
            double[] col = DenseReference.solve(a, 3, new double[] {-b[j], -b[2 + j], -b[4 + j]});
            for (int i = 0; i < 3; i++) {
                jac[i * 2 + j] = col[i];
            }
        }
        return jac;
    }

    static final double[] THETA = {0.8, -0.3};
    static final double[] INIT = {0.5, 0.5, 0.5};

    @Test
    void broydenFindsTheRootAndItsImplicitDerivative() {
        Broyden solver = Broyden.builder(system()).tolerance(1e-12).build();
        SolverResult r = solver.run(INIT, THETA);
        assertEquals(Status.CONVERGED, r.status(), r.toString());
        assertTrue(DenseReference.relativeError(r.solution(), newtonRoot(THETA)) < 1e-11);
        assertEquals(1, solver.jacobianEvaluations());
        double[] expected = implicitReference(THETA);
        double[] byJvp = SolverChecks.jacobianByJvp(solver);
        double[] byVjp = SolverChecks.jacobianByVjp(solver);
        for (int i = 0; i < 6; i++) {
            assertEquals(expected[i], byJvp[i], 1e-9);
            assertEquals(expected[i], byVjp[i], 1e-9);
        }
    }

    @Test
    void broydenUnrolledDerivativeConvergesToTheImplicitOne() {
        double[] thetaDot = {0.6, -1.1};
        double[] jac = implicitReference(THETA);
        double[] expected = {jac[0] * thetaDot[0] + jac[1] * thetaDot[1], jac[2] * thetaDot[0] + jac[3] * thetaDot[1],
            jac[4] * thetaDot[0] + jac[5] * thetaDot[1]};
        SolverChecks.assertUnrolledConverges(k -> Broyden.builder(system()).implicitDiff(false).tolerance(1e-15)
                        .maxIterations(k).throwOnFailure(false).build(),
                new int[] {2, 4, 8, 16}, INIT, THETA, thetaDot, expected, 1e-10, 1e-11);
        Broyden truncated = Broyden.builder(system()).implicitDiff(false).maxIterations(4).throwOnFailure(false).build();
        truncated.run(INIT, THETA);
        SolverChecks.assertAdjoint(truncated, 1);
    }

    @Test
    void broydenOnAnAffineSystemIsExactForTheTruncatedSolve() {
        // F = Ax − θ: H₀ = A⁻¹ exactly and every secant update leaves it there, so H is constant
        SplittableRandom rng = new SplittableRandom(3);
        double[] a = rng.doubles(16, -1, 1).toArray();
        for (int i = 0; i < 4; i++) {
            a[i * 4 + i] += 3;
        }
        Tape tape = new Tape();
        Tensor x = tape.input("x", 4);
        Tensor theta = tape.input("theta", 4);
        RootFunction f = RootFunction.fromVectorMap(
                tape.build(tape.constant(a, 4, 4).matvec(x).sub(theta)).vectorMap(0, 1), Structure.GENERAL);
        Broyden solver = Broyden.builder(f).implicitDiff(false).maxIterations(1).throwOnFailure(false).build();
        double[] th = rng.doubles(4, -1, 1).toArray();
        double[] thDot = rng.doubles(4, -1, 1).toArray();
        double[] fd = SolverChecks.centralDifference(solver, new double[4], th, thDot, 1e-6);
        double[] xDot = new double[4];
        solver.jvp(thDot, xDot);
        assertTrue(SolverChecks.relativeMaxError(xDot, fd) < 1e-8);
        assertTrue(DenseReference.relativeError(xDot, DenseReference.solve(a, 4, thDot)) < 1e-12);
    }

    @Test
    void broydenFailuresAreReported() {
        NotConvergedException e = assertThrows(NotConvergedException.class,
                () -> Broyden.builder(system()).maxIterations(1).build().run(INIT, THETA));
        assertEquals(Status.MAX_ITERATIONS, e.status());
        // x² + θ = 0 has no real root for θ > 0: no step decreases |F| below θ at x = 0
        Tape tape = new Tape();
        Tensor x = tape.input("x", 1);
        Tensor theta = tape.input("theta", 1);
        RootFunction noRoot = RootFunction.fromVectorMap(tape.build(x.square().add(theta)).vectorMap(0, 1),
                Structure.GENERAL);
        SolverResult r = Broyden.builder(noRoot).throwOnFailure(false).build().run(new double[] {0}, new double[] {1});
        assertEquals(Status.SINGULAR, r.status()); // ∂ₓF(0) = 0
        SolverResult r2 = Broyden.builder(noRoot).throwOnFailure(false).build().run(new double[] {0.5}, new double[] {1});
        assertTrue(r2.status() == Status.LINE_SEARCH_FAILED || r2.status() == Status.SINGULAR, r2.toString());
    }

    // ---- bisection ------------------------------------------------------------------------------

    static RootFunction cubeMinusTheta() {
        Tape tape = new Tape();
        Tensor x = tape.input("x", 1);
        Tensor theta = tape.input("theta", 1);
        return RootFunction.fromVectorMap(tape.build(x.mul(x).mul(x).sub(theta)).vectorMap(0, 1), Structure.GENERAL);
    }

    @Test
    void bisectionFindsTheCubeRootAndItsDerivative() {
        // |F| ≤ 1e-10: near x = 9.65 adjacent doubles already differ by 5e-13 in F
        Bisection solver = Bisection.builder(cubeMinusTheta()).bracket(0, 10).tolerance(1e-10).build();
        for (double theta : new double[] {0.3, 2, 125, 900}) {
            SolverResult r = solver.run(new double[] {0}, new double[] {theta});
            assertEquals(Status.CONVERGED, r.status(), r.toString());
            double root = Math.cbrt(theta);
            assertEquals(root, r.solution()[0], 1.01e-10 / (3 * root * root));
            double[] xDot = new double[1];
            solver.jvp(new double[] {1}, xDot);
            assertEquals(1 / (3 * root * root), xDot[0], 1e-9 / (root * root));
            double[] thetaBar = new double[1];
            solver.vjp(new double[] {2}, thetaBar);
            assertEquals(2 / (3 * root * root), thetaBar[0], 2e-9 / (root * root));
        }
        // the solution map warm-starts nothing but still evaluates and differentiates
        double[] x = new double[1];
        solver.evaluate(new double[] {8}, x);
        assertEquals(2, x[0], 1e-11);
    }

    @Test
    void bisectionRefusesWhatItCannotDo() {
        Bisection solver = Bisection.builder(cubeMinusTheta()).bracket(0, 10).build();
        InvalidOptionException e = assertThrows(InvalidOptionException.class,
                () -> solver.run(new double[] {0}, new double[] {-1}));
        assertTrue(e.getMessage().contains("bracket"), e.getMessage());
        assertThrows(InvalidOptionException.class,
                () -> Bisection.builder(cubeMinusTheta()).bracket(0, 10).implicitDiff(false).build());
        assertThrows(InvalidOptionException.class, () -> Bisection.builder(cubeMinusTheta()).build());
        assertThrows(InvalidOptionException.class, () -> Bisection.builder(cubeMinusTheta()).bracket(2, 1));
        assertThrows(org.rootgrad.error.DimensionMismatchException.class, () -> Bisection.builder(system()));
    }

    @Test
    void bisectionReportsStagnationIterationLimitsAndNonFiniteValues() {
        // steep, with the root √2 between two doubles (whose squares are 2 ± 4e-16): |F| there
        // is far above the tolerance
        Tape tape = new Tape();
        Tensor x = tape.input("x", 1);
        Tensor theta = tape.input("theta", 1);
        RootFunction steep = RootFunction.fromVectorMap(tape.build(x.square().sub(theta).scale(1e20)).vectorMap(0, 1),
                Structure.GENERAL);
        SolverResult r = Bisection.builder(steep).bracket(0, 2).tolerance(1e-12).throwOnFailure(false).build()
                .run(new double[] {0}, new double[] {2});
        assertEquals(Status.STAGNATED, r.status());
        assertEquals(Math.sqrt(2), r.solution()[0], 3e-16);
        assertTrue(r.error() > 1e-12);
        NotConvergedException e = assertThrows(NotConvergedException.class,
                () -> Bisection.builder(cubeMinusTheta()).bracket(0, 10).maxIterations(5).build()
                        .run(new double[] {0}, new double[] {2}));
        assertEquals(Status.MAX_ITERATIONS, e.status());
        assertEquals(5, e.iterations());
        Tape logTape = new Tape();
        Tensor y = logTape.input("x", 1);
        Tensor t = logTape.input("theta", 1);
        RootFunction log = RootFunction.fromVectorMap(logTape.build(y.log().sub(t)).vectorMap(0, 1), Structure.GENERAL);
        SolverResult nan = Bisection.builder(log).bracket(-1, 2).throwOnFailure(false).build()
                .run(new double[] {0}, new double[] {0});
        assertEquals(Status.NON_FINITE, nan.status());
    }
}
