package org.rootgrad.implicit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.rootgrad.autodiff.Function;
import org.rootgrad.autodiff.Workspace;
import org.rootgrad.error.InvalidOptionException;
import org.rootgrad.error.NonFiniteException;
import org.rootgrad.error.NotConvergedException;
import org.rootgrad.error.SingularOperatorException;
import org.rootgrad.error.Status;
import org.rootgrad.implicit.linear.LinearSolver;
import org.rootgrad.implicit.linear.LinearSolverOptions;
import org.rootgrad.implicit.linear.Structure;

/**
 * A forward solve that did not converge, or a linear solve that failed, is reported (thrown by
 * default, else carried in the statuses) and never silently turned into zeros.
 */
class FailureReportingTest {
    static final int N = SolutionNodeTest.N;

    static ImplicitSolution affine(int forwardIterations, ImplicitDiff config) {
        FixedPointMap t = SolutionNodeTest.affine();
        return ImplicitDiff.customFixedPoint(t, RidgeProblem.fixedPointIteration(t.fork(), 1e-15, forwardIterations),
                config);
    }

    static double norm(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x * x;
        }
        return Math.sqrt(s);
    }

    @Test
    void aForwardSolveThatDidNotConvergeThrowsByDefault() {
        ImplicitSolution solution = affine(3, null);
        double[] theta = new double[N + 1];
        java.util.Arrays.fill(theta, 1);
        theta[N] = 0.9;
        NotConvergedException e = assertThrows(NotConvergedException.class,
                () -> solution.evaluate(theta, new double[N]));
        assertEquals(Status.MAX_ITERATIONS, e.status());
        assertTrue(e.residual() > 0, "‖F(x̂, θ)‖ = " + e.residual());
        assertTrue(e.getMessage().contains("customFixedPoint forward solver"), e.getMessage());
        // through a tape: the recorded function's evaluation throws the same
        Function loss = SolutionNodeTest.outer(affine(3, null), true, null);
        Workspace ws = loss.newWorkspace().setInput(0, new double[N]).setInput(1, new double[] {0.9});
        java.util.Arrays.fill(theta, 1);
        ws.setInput(0, java.util.Arrays.copyOf(theta, N));
        assertThrows(NotConvergedException.class, () -> loss.value(ws));
    }

    @Test
    void aReportingConfigurationCarriesTheForwardStatusIntoEveryDerivative() {
        ImplicitDiff reporting = ImplicitDiff.builder().throwOnFailure(false).build();
        ImplicitSolution converged = affine(10_000, reporting);
        ImplicitSolution truncated = affine(3, reporting);
        double[] theta = new double[N + 1];
        java.util.Arrays.fill(theta, 1);
        theta[N] = 0.9;
        double[] xBar = new double[N];
        java.util.Arrays.fill(xBar, 1);
        double[] exact = new double[N + 1];
        double[] rough = new double[N + 1];
        double[] x = new double[N];
        converged.evaluate(theta, x);
        converged.vjp(xBar, exact);
        truncated.evaluate(theta, x);
        assertEquals(Status.MAX_ITERATIONS, truncated.lastStatus());
        assertTrue(truncated.forwardResidual() > 1e-3, "forward residual " + truncated.forwardResidual());
        truncated.vjp(xBar, rough);
        ImplicitResult r = truncated.lastDerivative();
        assertEquals(Status.CONVERGED, r.status(), "the linear solve itself converged");
        assertEquals(Status.MAX_ITERATIONS, r.forwardStatus());
        assertFalse(r.converged(), "a derivative at an unconverged point is not converged");
        assertEquals(truncated.forwardResidual(), r.forwardResidual(), 1e-15);
        // the derivative is computed at x̂ (not zeroed), and its error estimate flags the distance
        assertTrue(norm(rough) > 0);
        double actual = 0;
        for (int j = 0; j <= N; j++) {
            actual += (rough[j] - exact[j]) * (rough[j] - exact[j]);
        }
        actual = Math.sqrt(actual) / norm(exact);
        assertTrue(actual > 1e-6, "three iterations leave a visible error " + actual);
        assertTrue(r.errorEstimate() > 1e-6, r::toString);
        assertTrue(r.forwardErrorEstimate() > r.linearErrorEstimate(), r::toString);
        // with the exact solution the estimate is at rounding level
        converged.vjp(xBar, exact);
        assertTrue(converged.lastDerivative().errorEstimate() < 1e-10, converged.lastDerivative()::toString);
        assertEquals(Status.CONVERGED, converged.lastDerivative().forwardStatus());

        // the node carries the status to an observer
        List<Status> seen = new ArrayList<>();
        Function loss = SolutionNodeTest.outer(affine(3, reporting), true, (call, map) -> seen.add(map.lastStatus()));
        Workspace ws = loss.newWorkspace().setInput(0, java.util.Arrays.copyOf(theta, N)).setInput(1, new double[] {0.9});
        double[] g = new double[N];
        loss.gradient(ws, 0, g);
        assertEquals(List.of(Status.MAX_ITERATIONS, Status.MAX_ITERATIONS), seen);
        assertTrue(norm(g) > 0);
    }

    @Test
    void aFailedAdjointSolveThrowsByDefaultAndIsReportedOtherwise() {
        LinearSolverOptions twoSteps = LinearSolverOptions.builder().maxIterations(2).throwOnFailure(false).build();
        ImplicitSolution throwing = affine(10_000, ImplicitDiff.builder().solver(LinearSolver.gmres(twoSteps)).build());
        double[] theta = new double[N + 1];
        java.util.Arrays.fill(theta, 0.5);
        theta[N] = 1;
        double[] x = new double[N];
        throwing.evaluate(theta, x);
        double[] xBar = new double[N];
        java.util.Arrays.fill(xBar, 1);
        NotConvergedException e = assertThrows(NotConvergedException.class,
                () -> throwing.vjp(xBar, new double[N + 1]));
        assertEquals(Status.MAX_ITERATIONS, e.status());
        assertEquals(2, e.iterations());
        // through the tape as well
        Function loss = SolutionNodeTest.outer(affine(10_000, ImplicitDiff.builder().solver(LinearSolver.gmres(twoSteps))
                .build()), true, null);
        Workspace ws = loss.newWorkspace().setInput(0, java.util.Arrays.copyOf(theta, N)).setInput(1, new double[] {1});
        assertThrows(NotConvergedException.class, () -> loss.gradient(ws, 0, new double[N]));

        ImplicitSolution reporting = affine(10_000, ImplicitDiff.builder().solver(LinearSolver.gmres(twoSteps))
                .throwOnFailure(false).build());
        reporting.evaluate(theta, x);
        double[] thetaBar = new double[N + 1];
        reporting.vjp(xBar, thetaBar);
        ImplicitResult r = reporting.lastDerivative();
        assertEquals(Status.MAX_ITERATIONS, r.status());
        assertEquals(2, r.iterations());
        assertTrue(r.relativeLinearResidual() > 1e-10, r::toString);
        assertTrue(r.errorEstimate() >= r.relativeLinearResidual());
        assertTrue(norm(thetaBar) > 0, "the last iterate, not zeros");
    }

    @Test
    void aSingularJacobianIsReportedAsSingular() {
        // T(x, θ) = diag(1, ½, ..., ½)x + θ: ∂ₓF = ∂ₓT − I has a zero first row and column
        FixedPointMap t = new FixedPointMap() {
            @Override public int dimension() { return 4; }
            @Override public int parameterDimension() { return 4; }
            @Override public void apply(double[] x, double[] theta, double[] out) {
                for (int i = 0; i < 4; i++) {
                    out[i] = (i == 0 ? 1 : 0.5) * x[i] + theta[i];
                }
            }
            @Override public void linearize(double[] x, double[] theta) {}
            @Override public void jvpX(double[] v, double[] out) {
                for (int i = 0; i < 4; i++) {
                    out[i] = (i == 0 ? 1 : 0.5) * v[i];
                }
            }
            @Override public void vjpX(double[] w, double[] out) { jvpX(w, out); }
            @Override public void jvpTheta(double[] u, double[] out) { System.arraycopy(u, 0, out, 0, 4); }
            @Override public void vjpTheta(double[] w, double[] out) { System.arraycopy(w, 0, out, 0, 4); }
            @Override public Structure structureX() { return Structure.SYMMETRIC; }
            @Override public FixedPointMap fork() { return this; }
        };
        SolverFunction stationary = (init, theta, out) -> {
            out[0] = 0; // θ₀ = 0: every x₀ is a fixed point
            for (int i = 1; i < 4; i++) {
                out[i] = 2 * theta[i];
            }
            return Status.CONVERGED;
        };
        ImplicitSolution solution = ImplicitDiff.customFixedPoint(t, stationary, null);
        double[] x = new double[4];
        solution.evaluate(new double[] {0, 1, 2, 3}, x);
        assertEquals("dense LU", solution.workspace().solver().name());
        SingularOperatorException e = assertThrows(SingularOperatorException.class,
                () -> solution.jvp(new double[] {1, 0, 0, 0}, new double[4]));
        assertTrue(e.getMessage().contains("singular"), e.getMessage());

        ImplicitSolution reporting = ImplicitDiff.customFixedPoint(t, stationary,
                ImplicitDiff.builder().throwOnFailure(false).build());
        reporting.evaluate(new double[] {0, 1, 2, 3}, x);
        reporting.jvp(new double[] {1, 0, 0, 0}, new double[4]);
        assertEquals(Status.SINGULAR, reporting.lastDerivative().status());
    }

    @Test
    void badCallsAreRefusedWithTypedErrors() {
        ImplicitSolution solution = affine(100, null);
        assertNull(solution.lastStatus());
        assertNull(solution.lastDerivative());
        InvalidOptionException early = assertThrows(InvalidOptionException.class,
                () -> solution.vjp(new double[N], new double[N + 1]));
        assertTrue(early.getMessage().contains("evaluate"), early.getMessage());
        double[] theta = new double[N + 1];
        theta[3] = Double.NaN;
        NonFiniteException nan = assertThrows(NonFiniteException.class, () -> solution.evaluate(theta, new double[N]));
        assertTrue(nan.getMessage().contains("theta"), nan.getMessage());
        SolverFunction forgetful = (init, th, out) -> null;
        ImplicitSolution broken = ImplicitDiff.customFixedPoint(SolutionNodeTest.affine(), forgetful, null);
        InvalidOptionException none = assertThrows(InvalidOptionException.class,
                () -> broken.evaluate(new double[N + 1], new double[N]));
        assertTrue(none.getMessage().contains("null status"), none.getMessage());
    }
}
