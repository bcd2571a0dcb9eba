package org.rootgrad.implicit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.rootgrad.autodiff.Function;
import org.rootgrad.autodiff.Tape;
import org.rootgrad.autodiff.Tensor;
import org.rootgrad.error.Status;
import org.rootgrad.implicit.linear.LinearSolver;
import org.rootgrad.implicit.linear.LinearSolverOptions;
import org.rootgrad.implicit.linear.Structure;
import org.rootgrad.testing.DenseReference;

/**
 * Fixed points with closed-form derivatives: the affine map x = Mx + b (ρ(M) &lt; 1), whose
 * ∂x*(b)/∂b = (I − M)⁻¹, and the element-wise x = cos(x) + θ, whose ∂x*(θ)/∂θ =
 * diag(1/(1 + sin x*)).
 */
class FixedPointClosedFormTest {
    static final LinearSolverOptions TIGHT = LinearSolverOptions.builder().relativeTolerance(1e-12).build();

    /** Every solver that applies to the non-symmetric I − M, and the automatic choice. */
    static List<LinearSolver> generalSolvers() {
        return java.util.Arrays.asList(LinearSolver.gmres(TIGHT), LinearSolver.biCgStab(TIGHT),
                LinearSolver.denseLu(TIGHT), LinearSolver.denseQr(TIGHT), null);
    }

    /** A random n×n M with spectral norm below 0.8 (scaled by its Frobenius norm), so ρ(M) &lt; 1. */
    static double[] contraction(SplittableRandom random, int n) {
        double[] m = new double[n * n];
        double f = 0;
        for (int i = 0; i < n * n; i++) {
            m[i] = random.nextGaussian();
            f += m[i] * m[i];
        }
        double scale = 0.8 / Math.sqrt(f);
        for (int i = 0; i < n * n; i++) {
            m[i] *= scale;
        }
        return m;
    }

    /** (I − M)⁻¹ column by column, by Gaussian elimination. */
    static double[] inverseOfIMinus(double[] m, int n) {
        double[] a = new double[n * n];
        for (int i = 0; i < n * n; i++) {
            a[i] = -m[i];
        }
        for (int i = 0; i < n; i++) {
            a[i * n + i] += 1;
        }
        double[] inverse = new double[n * n];
        for (int j = 0; j < n; j++) {
            double[] e = new double[n];
            e[j] = 1;
            double[] col = DenseReference.solve(a, n, e);
            for (int i = 0; i < n; i++) {
                inverse[i * n + j] = col[i];
            }
        }
        return inverse;
    }

    @Test
    void affineFixedPointHasJacobianInverseOfIMinusM() {
        SplittableRandom random = new SplittableRandom(900);
        int n = 17;
        double[] m = contraction(random, n);
        double[] reference = inverseOfIMinus(m, n);
        // T(x, b) = Mx + b recorded on a tape: inputs x (0) and b (1)
        Tape tape = new Tape();
        Tensor x = tape.input("x", n);
        Tensor b = tape.input("b", n);
        Function t = tape.build(tape.constant(m, n, n).matvec(x).add(b));
        FixedPointMap map = FixedPointMap.fromTape(t, Structure.GENERAL, 0, 1);
        double[] bValue = new double[n];
        for (int i = 0; i < n; i++) {
            bValue[i] = random.nextGaussian();
        }
        double[] bDot = new double[n];
        double[] xBar = new double[n];
        for (int i = 0; i < n; i++) {
            bDot[i] = random.nextGaussian();
            xBar[i] = random.nextGaussian();
        }
        double[] expectedJvp = new double[n];
        double[] expectedVjp = new double[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                expectedJvp[i] += reference[i * n + j] * bDot[j];
                expectedVjp[j] += xBar[i] * reference[i * n + j];
            }
        }
        for (LinearSolver solver : generalSolvers()) {
            String name = solver == null ? "automatic" : solver.name();
            ImplicitSolution solution = ImplicitDiff.customFixedPoint(map,
                    RidgeProblem.fixedPointIteration(map.fork(), 1e-15, 10_000),
                    ImplicitDiff.builder().solver(solver).tolerance(1e-12).build());
            double[] xStar = new double[n];
            solution.evaluate(bValue, xStar);
            assertEquals(Status.CONVERGED, solution.lastStatus());
            double[] fixedPoint = new double[n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    fixedPoint[i] += reference[i * n + j] * bValue[j];
                }
            }
            assertTrue(DenseReference.relativeError(xStar, fixedPoint) < 1e-12, name + ": x* = (I − M)⁻¹b");

            double[] xDot = new double[n];
            solution.jvp(bDot, xDot);
            assertTrue(DenseReference.relativeError(xDot, expectedJvp) < 1e-9, name + " jvp");
            double[] bBar = new double[n];
            solution.vjp(xBar, bBar);
            assertTrue(DenseReference.relativeError(bBar, expectedVjp) < 1e-9, name + " vjp");
            double[] jacobian = new double[n * n];
            ImplicitResult r = solution.jacobian(jacobian);
            assertEquals(Status.CONVERGED, r.status(), r::toString);
            assertEquals(n, r.columns());
            assertTrue(DenseReference.relativeError(jacobian, reference) < 1e-9, name + " jacobian");
        }
    }

    /** T(x, θ) = cos(x) + θ element-wise, written by hand (the tape records no cosine). */
    static final class CosinePlusTheta implements FixedPointMap {
        final int n;
        final double[] sin;

        CosinePlusTheta(int n) {
            this.n = n;
            this.sin = new double[n];
        }

        @Override public int dimension() { return n; }
        @Override public int parameterDimension() { return n; }

        @Override
        public void apply(double[] x, double[] theta, double[] out) {
            for (int i = 0; i < n; i++) {
                out[i] = Math.cos(x[i]) + theta[i];
            }
        }

        @Override
        public void linearize(double[] x, double[] theta) {
            for (int i = 0; i < n; i++) {
                sin[i] = Math.sin(x[i]);
            }
        }

        @Override
        public void jvpX(double[] v, double[] out) {
            for (int i = 0; i < n; i++) {
                out[i] = -sin[i] * v[i];
            }
        }

        @Override
        public void vjpX(double[] w, double[] out) {
            jvpX(w, out);
        }

        @Override
        public void jvpTheta(double[] u, double[] out) {
            System.arraycopy(u, 0, out, 0, n);
        }

        @Override
        public void vjpTheta(double[] w, double[] out) {
            System.arraycopy(w, 0, out, 0, n);
        }

        @Override public Structure structureX() { return Structure.SYMMETRIC; }
        @Override public FixedPointMap fork() { return new CosinePlusTheta(n); }
    }

    @Test
    void cosineFixedPointHasDerivativeOneOverOnePlusSine() {
        int n = 9;
        double[] theta = new double[n];
        for (int i = 0; i < n; i++) {
            theta[i] = -0.4 + 0.1 * i;
        }
        CosinePlusTheta t = new CosinePlusTheta(n);
        List<LinearSolver> solvers = java.util.Arrays.asList(LinearSolver.minres(TIGHT), LinearSolver.gmres(TIGHT),
                LinearSolver.denseLu(TIGHT), null);
        for (LinearSolver solver : solvers) {
            String name = solver == null ? "automatic" : solver.name();
            ImplicitSolution solution = ImplicitDiff.customFixedPoint(t,
                    RidgeProblem.fixedPointIteration(t.fork(), 1e-15, 100_000),
                    ImplicitDiff.builder().solver(solver).tolerance(1e-12).build());
            double[] x = new double[n];
            solution.evaluate(theta, x);
            assertEquals(Status.CONVERGED, solution.lastStatus());
            double[] jacobian = new double[n * n];
            solution.jacobian(jacobian);
            double[] ones = new double[n];
            java.util.Arrays.fill(ones, 1);
            double[] xDot = new double[n];
            solution.jvp(ones, xDot);
            double[] thetaBar = new double[n];
            solution.vjp(ones, thetaBar);
            for (int i = 0; i < n; i++) {
                assertEquals(x[i], Math.cos(x[i]) + theta[i], 1e-14, "x* is a fixed point");
                double expected = 1 / (1 + Math.sin(x[i]));
                for (int j = 0; j < n; j++) {
                    assertEquals(i == j ? expected : 0, jacobian[i * n + j], 1e-10, name + " J[" + i + "," + j + "]");
                }
                assertEquals(expected, xDot[i], 1e-10 * expected, name + " jvp");
                assertEquals(expected, thetaBar[i], 1e-10 * expected, name + " vjp");
            }
        }
    }
}
