package org.rootgrad.solvers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.rootgrad.autodiff.Objective;
import org.rootgrad.error.InvalidOptionException;
import org.rootgrad.error.NotConvergedException;
import org.rootgrad.error.Status;
import org.rootgrad.implicit.ImplicitDiff;
import org.rootgrad.implicit.linear.LbfgsHistory;
import org.rootgrad.testing.DenseReference;

/**
 * L-BFGS against closed forms (a quadratic, Rosenbrock's x* = (θ₀, θ₀²)) and a tight Newton
 * reference (logistic regression); its unrolled derivatives against the implicit ones, finite
 * differences of fixed-step truncated solves and the adjoint identity; the differentiated two-loop
 * recursion against {@link LbfgsHistory} and finite differences.
 */
class LbfgsTest {

    @Test
    void quadraticSolutionAndImplicitDerivativesMatchTheClosedForm() {
        int n = 8;
        double[] a = Problems.spdMatrix(n, 50, 1);
        double[] theta = new SplittableRandom(2).doubles(n, -1, 1).toArray();
        LBFGS solver = LBFGS.builder(Problems.quadratic(a, n)).tolerance(1e-11).build();
        SolverResult r = solver.run(new double[n], theta);
        assertEquals(Status.CONVERGED, r.status());
        assertTrue(DenseReference.relativeError(r.solution(), DenseReference.solve(a, n, theta)) < 1e-10);
        double[] thetaDot = new SplittableRandom(3).doubles(n, -1, 1).toArray();
        double[] xDot = new double[n];
        solver.jvp(thetaDot, xDot);
        assertTrue(DenseReference.relativeError(xDot, DenseReference.solve(a, n, thetaDot)) < 1e-9);
        SolverChecks.assertAdjoint(solver, 4);
    }

    /** The default implicit configuration with a Krylov solver (conjugate gradients) at every size. */
    static final ImplicitDiff KRYLOV = ImplicitDiff.builder().denseThreshold(0).build();

    /**
     * x*(θ) does not depend on θ₁, so the right-hand side of that JVP column, ∂θ₁∇f =
     * 2(x₁ − x₀²)·(−2x₀, 1), is zero up to the forward tolerance: rounding noise. It must still
     * converge with the default implicit configuration, whether the automatic choice is dense
     * Cholesky (n = 2) or conjugate gradients warm-started from the previous column's tangent.
     */
    @Test
    void rosenbrockFromTheClassicStart() {
        double[] theta = {1, 100};
        for (ImplicitDiff implicit : new ImplicitDiff[] {ImplicitDiff.defaults(),
                KRYLOV}) {
            LBFGS solver = LBFGS.builder(Problems.rosenbrock()).tolerance(1e-10).implicit(implicit).build();
            SolverResult r = solver.run(new double[] {-1.2, 1}, theta);
            assertEquals(Status.CONVERGED, r.status(), r.toString());
            assertEquals(1, r.solution()[0], 1e-9);
            assertEquals(1, r.solution()[1], 1e-9);
            assertTrue(r.iterations() < 60, r.toString());
            double[] jac = SolverChecks.jacobianByJvp(solver);
            assertTrue(solver.lastDerivative().converged(), solver.lastDerivative().toString());
            double[] expected = Problems.rosenbrockJacobian(theta);
            for (int i = 0; i < 4; i++) {
                assertEquals(expected[i], jac[i], 1e-7, "entry " + i);
            }
            double[] byVjp = SolverChecks.jacobianByVjp(solver);
            for (int i = 0; i < 4; i++) {
                assertEquals(expected[i], byVjp[i], 1e-7, "entry " + i);
            }
        }
    }

    @Test
    void rosenbrockUnrolledDerivativeAgreesWithTheImplicitOneOnceConverged() {
        double[] theta = {0.7, 20};
        double[] init = {-1, 1.5};
        LBFGS unrolled = LBFGS.builder(Problems.rosenbrock()).tolerance(1e-10).implicitDiff(false).build();
        unrolled.run(init, theta);
        double[] jac = SolverChecks.jacobianByJvp(unrolled);
        double[] expected = Problems.rosenbrockJacobian(theta);
        for (int i = 0; i < 4; i++) {
            assertEquals(expected[i], jac[i], 1e-6, "entry " + i);
        }
        SolverChecks.assertAdjoint(unrolled, 5);
    }

    @Test
    void logisticRegressionMatchesTheNewtonReference() {
        Problems.Logistic data = new Problems.Logistic(200, 10, 7);
        double theta = 0.05;
        LBFGS solver = LBFGS.builder(data.objective()).tolerance(1e-10).build();
        SolverResult r = solver.run(new double[10], new double[] {theta});
        assertEquals(Status.CONVERGED, r.status());
        assertTrue(DenseReference.relativeError(r.solution(), data.newtonSolution(theta)) < 1e-8);
        double[] xDot = new double[10];
        solver.jvp(new double[] {1}, xDot);
        assertTrue(DenseReference.relativeError(xDot, data.newtonDerivative(theta)) < 1e-7);
    }

    @Test
    void unrolledDerivativeConvergesToTheImplicitOne() {
        Problems.Logistic data = new Problems.Logistic(200, 10, 7);
        double theta = 0.05;
        double[] expected = data.newtonDerivative(theta);
        double[] init = new double[10];
        // with the line search
        SolverChecks.assertUnrolledConverges(k -> LBFGS.builder(data.objective()).implicitDiff(false)
                        .tolerance(1e-13).maxIterations(k).throwOnFailure(false).build(),
                new int[] {4, 8, 16, 40}, init, new double[] {theta}, new double[] {1}, expected, 1e-6, 1e-9);
        // with a fixed step
        SolverChecks.assertUnrolledConverges(k -> LBFGS.builder(data.objective()).implicitDiff(false)
                        .tolerance(1e-13).fixedStep(0.7).maxIterations(k).throwOnFailure(false).build(),
                new int[] {5, 10, 20, 60}, init, new double[] {theta}, new double[] {1}, expected, 1e-6, 1e-9);
    }

    @Test
    void unrolledDerivativesAreAdjointAndMatchFiniteDifferencesOfTheTruncatedSolve() {
        Problems.Logistic data = new Problems.Logistic(200, 10, 7);
        double[] theta = {0.05};
        double[] init = new SplittableRandom(9).doubles(10, -0.5, 0.5).toArray();
        for (int memory : new int[] {3, 10}) {
            LBFGS solver = LBFGS.builder(data.objective()).implicitDiff(false).fixedStep(0.6).memory(memory)
                    .maxIterations(12).throwOnFailure(false).build();
            double[] fd = SolverChecks.centralDifference(solver, init, theta, new double[] {1}, 1e-6);
            assertEquals(Status.MAX_ITERATIONS, solver.result().status());
            double[] xDot = new double[10];
            solver.jvp(new double[] {1}, xDot);
            assertTrue(SolverChecks.relativeMaxError(xDot, fd) < 1e-7,
                    "memory " + memory + ": " + SolverChecks.relativeMaxError(xDot, fd));
            SolverChecks.assertAdjoint(solver, 11);
        }
        // line-search runs: adjoint identity through the same recursion
        LBFGS withSearch = LBFGS.builder(data.objective()).implicitDiff(false).memory(4).maxIterations(25)
                .throwOnFailure(false).build();
        withSearch.run(init, theta);
        SolverChecks.assertAdjoint(withSearch, 12);
    }

    @Test
    void differentiatedTwoLoopMatchesTheHistoryAndFiniteDifferences() {
        int n = 7;
        int p = 4;
        SplittableRandom r = new SplittableRandom(13);
        double[][] s = new double[p][n];
        double[][] y = new double[p][n];
        double[][] sDot = new double[p][n];
        double[][] yDot = new double[p][n];
        double[] a = Problems.spdMatrix(n, 10, 14);
        LbfgsHistory history = new LbfgsHistory(n, p);
        for (int i = 0; i < p; i++) {
            for (int j = 0; j < n; j++) {
                s[i][j] = r.nextGaussian();
                sDot[i][j] = r.nextGaussian();
                yDot[i][j] = r.nextGaussian();
            }
            for (int j = 0; j < n; j++) {
                for (int k = 0; k < n; k++) {
                    y[i][j] += a[j * n + k] * s[i][k]; // positive curvature
                }
            }
            assertTrue(history.push(s[i], y[i]));
        }
        double[] v = r.doubles(n, -1, 1).toArray();
        double[] vDot = r.doubles(n, -1, 1).toArray();
        LbfgsTwoLoop twoLoop = new LbfgsTwoLoop(n, p);
        double[] out = new double[n];
        twoLoop.apply(p, s, y, v, out);
        double[] reference = new double[n];
        history.apply(v, reference);
        assertTrue(DenseReference.relativeError(out, reference) < 1e-14);
        // tangent against central differences along (ṡ, ẏ, v̇)
        double[] tangent = new double[n];
        twoLoop.tangent(s, y, sDot, yDot, vDot, tangent);
        double h = 1e-6;
        double[] plus = shiftedTwoLoop(s, y, sDot, yDot, v, vDot, h);
        double[] minus = shiftedTwoLoop(s, y, sDot, yDot, v, vDot, -h);
        double[] fd = new double[n];
        for (int j = 0; j < n; j++) {
            fd[j] = (plus[j] - minus[j]) / (2 * h);
        }
        assertTrue(SolverChecks.relativeMaxError(tangent, fd) < 1e-7, "" + SolverChecks.relativeMaxError(tangent, fd));
        // adjoint: <ū, tangent> = <v̄, v̇> + Σ <s̄ᵢ, ṡᵢ> + <ȳᵢ, ẏᵢ>
        double[] uBar = r.doubles(n, -1, 1).toArray();
        double[] vBar = new double[n];
        double[][] sBar = new double[p][n];
        double[][] yBar = new double[p][n];
        twoLoop.apply(p, s, y, v, out);
        twoLoop.adjoint(s, y, uBar, vBar, sBar, yBar);
        double lhs = DenseReference.dot(uBar, tangent);
        double rhs = DenseReference.dot(vBar, vDot);
        for (int i = 0; i < p; i++) {
            rhs += DenseReference.dot(sBar[i], sDot[i]) + DenseReference.dot(yBar[i], yDot[i]);
        }
        assertEquals(lhs, rhs, 1e-12 * (Math.abs(lhs) + 1));
    }

    private static double[] shiftedTwoLoop(double[][] s, double[][] y, double[][] sDot, double[][] yDot,
                                           double[] v, double[] vDot, double h) {
        int p = s.length;
        int n = v.length;
        double[][] sh = new double[p][n];
        double[][] yh = new double[p][n];
        double[] vh = new double[n];
        for (int i = 0; i < p; i++) {
            for (int j = 0; j < n; j++) {
                sh[i][j] = s[i][j] + h * sDot[i][j];
                yh[i][j] = y[i][j] + h * yDot[i][j];
            }
        }
        for (int j = 0; j < n; j++) {
            vh[j] = v[j] + h * vDot[j];
        }
        double[] out = new double[n];
        new LbfgsTwoLoop(n, p).apply(p, sh, yh, vh, out);
        return out;
    }

    @Test
    void failuresAreReportedOrThrown() {
        Objective rosenbrock = Problems.rosenbrock();
        NotConvergedException e = assertThrows(NotConvergedException.class,
                () -> LBFGS.builder(rosenbrock).maxIterations(3).build().run(new double[] {-1.2, 1}, new double[] {1, 100}));
        assertEquals(Status.MAX_ITERATIONS, e.status());
        assertEquals(3, e.iterations());
        // a gradient pointing the wrong way: no step along −g decreases f
        Objective lying = new FlippedGradient(Problems.quadratic(Problems.spdMatrix(3, 4, 5), 3));
        LBFGS quiet = LBFGS.builder(lying).throwOnFailure(false).build();
        SolverResult r = quiet.run(new double[3], new double[] {1, 2, 3});
        assertEquals(Status.LINE_SEARCH_FAILED, r.status());
        assertThrows(NotConvergedException.class, () -> LBFGS.builder(lying).build().run(new double[3], new double[] {1, 2, 3}));
        // non-finite values at the start
        SolverResult nan = LBFGS.builder(Problems.rosenbrock()).throwOnFailure(false).build()
                .run(new double[] {0, 0}, new double[] {Double.MAX_VALUE, Double.MAX_VALUE});
        assertEquals(Status.NON_FINITE, nan.status());
        assertThrows(InvalidOptionException.class, () -> LBFGS.builder(rosenbrock).lineSearch(0.5, 0.1, 10));
        assertThrows(InvalidOptionException.class, () -> LBFGS.builder(rosenbrock).memory(0));
    }

    /** An objective reporting −∇f: the "descent" direction goes uphill. */
    static final class FlippedGradient implements Objective {
        private final Objective f;

        FlippedGradient(Objective f) {
            this.f = f;
        }

        @Override public int dimension() { return f.dimension(); }
        @Override public int parameterDimension() { return f.parameterDimension(); }
        @Override public double value(double[] x, double[] theta) { return f.value(x, theta); }

        @Override
        public double valueAndGradient(double[] x, double[] theta, double[] gradient) {
            double v = f.valueAndGradient(x, theta, gradient);
            for (int i = 0; i < gradient.length; i++) {
                gradient[i] = -gradient[i];
            }
            return v;
        }

        @Override public void linearize(double[] x, double[] theta) { f.linearize(x, theta); }
        @Override public void hessianVector(double[] v, double[] out) { f.hessianVector(v, out); }
        @Override public void mixedVector(double[] u, double[] out) { f.mixedVector(u, out); }
        @Override public void mixedTransposeVector(double[] w, double[] out) { f.mixedTransposeVector(w, out); }
        @Override public Objective fork() { return this; }
    }
}
