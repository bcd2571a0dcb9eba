package org.rootgrad.solvers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.rootgrad.autodiff.Function;
import org.rootgrad.autodiff.Objective;
import org.rootgrad.autodiff.Tape;
import org.rootgrad.autodiff.Tensor;
import org.rootgrad.autodiff.Workspace;
import org.rootgrad.error.Status;
import org.rootgrad.implicit.ImplicitDiff;
import org.rootgrad.implicit.ImplicitResult;
import org.rootgrad.implicit.NodeObserver;
import org.rootgrad.implicit.SolutionMap;
import org.rootgrad.solvers.constrained.BoxCDQP;
import org.rootgrad.testing.DenseReference;

/**
 * Solvers as tape nodes report their statuses: an observer of {@link ImplicitDiff#node} reads
 * each run's {@link SolutionMap#lastStatus()} and, after an implicit VJP or JVP, its
 * {@link SolutionMap#lastDerivative()} (marked with the run's status); unrolled derivatives
 * have none. The problem: f(x, θ) = ½xᵀAx − θᵀx with x* = A⁻¹θ, under L = ‖x*‖², whose gradient
 * 2A⁻¹x* is checked against a dense inverse.
 */
class SolverNodeStatusTest {
    static final int N = 6;
    static final double[] A = Problems.spdMatrix(N, 20, 4401);
    static final double[] THETA = {1, -0.5, 0.25, 2, -1, 0.75};

    static Objective quadratic() {
        Tape tape = new Tape();
        Tensor x = tape.input("x", N);
        Tensor theta = tape.input("theta", N);
        Tensor f = tape.constant(A, N, N).matvec(x).dot(x).scale(0.5).sub(theta.dot(x));
        return tape.build(f).objective(0, 1);
    }

    /** L(θ) = ‖x*(θ)‖² with x* from {@code solver}; every call is logged by the observer. */
    static Function loss(Solver solver, List<String> log, List<ImplicitResult> derivatives) {
        NodeObserver observer = (call, map) -> {
            ImplicitResult d = map.lastDerivative();
            log.add(call + " " + map.lastStatus() + " " + (d == null ? "-" : d.status() + "/" + d.forwardStatus()));
            derivatives.add(d);
        };
        Tape tape = new Tape();
        Tensor theta = tape.input("theta", N);
        Tensor x = ImplicitDiff.node(tape, solver, observer, theta);
        return tape.build(x.square().sum());
    }

    /** 2A⁻¹x* with x* = A⁻¹θ, by Gaussian elimination. */
    static double[] expectedGradient() {
        double[] g = DenseReference.solve(A, N, DenseReference.solve(A, N, THETA));
        for (int i = 0; i < N; i++) {
            g[i] *= 2;
        }
        return g;
    }

    @Test
    void anImplicitSolverReportsItsRunAndItsDerivativeToTheObserver() {
        List<String> log = new ArrayList<>();
        List<ImplicitResult> derivatives = new ArrayList<>();
        Solver lbfgs = LBFGS.builder(quadratic()).tolerance(1e-12).build();
        Function loss = loss(lbfgs, log, derivatives);
        Workspace ws = loss.newWorkspace().setInput(0, THETA);
        double[] gradient = new double[N];
        loss.gradient(ws, 0, gradient);
        assertEquals(List.of("VALUE CONVERGED -", "VJP CONVERGED CONVERGED/CONVERGED"), log);
        ImplicitResult vjp = derivatives.get(1);
        assertEquals("vjp", vjp.operation());
        assertTrue(vjp.converged());
        assertTrue(DenseReference.relativeError(gradient, expectedGradient()) < 1e-8, "gradient through the node");
        loss.jvp(ws, 0, new double[] {1, 0, 0, 0, 0, 0}, new double[1]);
        assertEquals("JVP CONVERGED CONVERGED/CONVERGED", log.get(log.size() - 1));
        assertNull(lbfgs.lastStatus(), "the prototype is only forked, never run");
        assertNull(lbfgs.lastDerivative());
    }

    @Test
    void aFailedRunIsSeenInTheStatusAndInTheDerivative() {
        List<String> log = new ArrayList<>();
        List<ImplicitResult> derivatives = new ArrayList<>();
        Solver capped = GradientDescent.builder(quadratic()).maxIterations(3).throwOnFailure(false).build();
        Function loss = loss(capped, log, derivatives);
        Workspace ws = loss.newWorkspace().setInput(0, THETA);
        loss.gradient(ws, 0, new double[N]);
        assertEquals(List.of("VALUE MAX_ITERATIONS -", "VJP MAX_ITERATIONS CONVERGED/MAX_ITERATIONS"), log);
        assertFalse(derivatives.get(1).converged(), "the linear solve converged, the forward solve did not");
    }

    @Test
    void unrolledDerivativesHaveNoImplicitDiagnostics() {
        List<String> log = new ArrayList<>();
        Solver unrolled = GradientDescent.builder(quadratic()).tolerance(1e-10).implicitDiff(false).build();
        Function loss = loss(unrolled, log, new ArrayList<>());
        Workspace ws = loss.newWorkspace().setInput(0, THETA);
        double[] gradient = new double[N];
        loss.gradient(ws, 0, gradient);
        assertEquals(List.of("VALUE CONVERGED -", "VJP CONVERGED -"), log);
        assertTrue(DenseReference.relativeError(gradient, expectedGradient()) < 1e-6, "unrolled gradient");
    }

    @Test
    void aRunForgetsThePreviousDerivative() {
        Solver lbfgs = LBFGS.builder(quadratic()).tolerance(1e-12).build();
        assertNull(lbfgs.lastStatus());
        lbfgs.run(new double[N], THETA);
        assertEquals(Status.CONVERGED, lbfgs.lastStatus());
        assertNull(lbfgs.lastDerivative());
        lbfgs.vjp(new double[] {1, 1, 1, 1, 1, 1}, new double[N]);
        assertNotNull(lbfgs.lastDerivative());
        assertEquals(lbfgs.derivative().iterations(), lbfgs.lastDerivative().iterations());
        lbfgs.run(new double[N], THETA);
        assertNull(lbfgs.lastDerivative(), "cleared by the next run");
    }

    @Test
    void constrainedSolversReportToo() {
        double[] q = Problems.spdMatrix(3, 5, 4402);
        double[] theta = BoxCDQP.parameters(q, new double[] {-1, 2, 0.5}, new double[] {-0.5, -0.5, -0.5},
                new double[] {0.5, 0.5, 0.5});
        BoxCDQP qp = BoxCDQP.builder(3).tolerance(1e-12).build();
        assertNull(qp.lastStatus());
        qp.run(new double[3], theta);
        assertEquals(Status.CONVERGED, qp.lastStatus());
        assertNull(qp.lastDerivative());
        qp.vjp(new double[] {1, 0, 0}, new double[theta.length]);
        assertEquals(Status.CONVERGED, qp.lastDerivative().forwardStatus());
        assertTrue(qp.lastDerivative().converged());
    }
}
