package org.rootgrad.implicit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.rootgrad.autodiff.Function;
import org.rootgrad.autodiff.Tape;
import org.rootgrad.autodiff.Tensor;
import org.rootgrad.autodiff.Workspace;
import org.rootgrad.error.DimensionMismatchException;
import org.rootgrad.error.Status;
import org.rootgrad.error.UnsupportedDerivativeException;
import org.rootgrad.implicit.linear.LinearSolver;
import org.rootgrad.implicit.linear.LinearSolverOptions;
import org.rootgrad.implicit.linear.Structure;
import org.rootgrad.testing.Allocations;
import org.rootgrad.testing.DenseReference;

/**
 * The solution node on a tape: its JVP and VJP are adjoint, the Jacobian from JVPs equals the
 * Jacobian from VJPs, both agree with central differences of the whole solve, second-order
 * requests are refused by name, an observer sees every call, and forward plus reverse sweeps
 * through it allocate nothing after warm-up.
 *
 * <p>The map: x*(b, α) of x = αMx + b with ρ(M) &lt; 0.8 and α ∈ (0, 1], θ = (b, α) from two tape
 * tensors; the outer function g = tanh(x*) (vector) or L = Σ tanh(x*) (scalar).
 */
class SolutionNodeTest {
    static final int N = 12;
    static final double[] M = FixedPointClosedFormTest.contraction(new SplittableRandom(910), N);

    /** T(x; b, α) = α·Mx + b, inputs x (0), b (1), α (2). */
    static FixedPointMap affine() {
        Tape tape = new Tape();
        Tensor x = tape.input("x", N);
        Tensor b = tape.input("b", N);
        Tensor alpha = tape.input("alpha");
        Function t = tape.build(tape.constant(M, N, N).matvec(x).mul(alpha).add(b));
        return FixedPointMap.fromTape(t, Structure.GENERAL, 0, 1, 2);
    }

    static ImplicitSolution solution(LinearSolver solver) {
        FixedPointMap t = affine();
        return ImplicitDiff.customFixedPoint(t, RidgeProblem.fixedPointIteration(t.fork(), 1e-15, 10_000),
                ImplicitDiff.builder().solver(solver).tolerance(1e-12).build());
    }

    /** g(b, α) = tanh(x*(b, α)) or its sum; inputs b (0) and α (1). */
    static Function outer(SolutionMap map, boolean scalar, NodeObserver observer) {
        Tape tape = new Tape();
        Tensor b = tape.input("b", N);
        Tensor alpha = tape.input("alpha");
        Tensor x = ImplicitDiff.node(tape, map, observer, b, alpha);
        Tensor g = x.tanh();
        return tape.build(scalar ? g.sum() : g);
    }

    static double[] randomVector(SplittableRandom random, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = random.nextGaussian();
        }
        return v;
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    @Test
    void jvpAndVjpAreAdjointAndBothJacobiansAgreeWithFiniteDifferences() {
        SplittableRandom random = new SplittableRandom(911);
        for (LinearSolver solver : java.util.Arrays.asList(null, LinearSolver.gmres(
                LinearSolverOptions.builder().relativeTolerance(1e-12).build()))) {
            Function g = outer(solution(solver), false, null);
            Workspace ws = g.newWorkspace();
            double[] b = randomVector(random, N);
            double[] alpha = {0.7};
            ws.setInput(0, b).setInput(1, alpha);
            // adjoint: ⟨ȳ, J θ̇⟩ = ⟨Jᵀȳ, θ̇⟩ over both parts of θ
            double[] bDot = randomVector(random, N);
            double alphaDot = random.nextGaussian();
            double[] yBar = randomVector(random, N);
            double[] jb = new double[N];
            double[] ja = new double[N];
            g.jvp(ws, 0, bDot, jb);
            g.jvp(ws, 1, new double[] {alphaDot}, ja);
            double[] bBar = new double[N];
            double[] alphaBar = new double[1];
            g.vjps(ws, yBar, new double[][] {bBar, alphaBar});
            double left = dot(yBar, jb) + dot(yBar, ja);
            double right = dot(bBar, bDot) + alphaBar[0] * alphaDot;
            assertEquals(left, right, 1e-10 * (Math.abs(left) + 1), "adjoint");

            // the Jacobian ∂g/∂(b, α), N×(N+1): columns by JVPs, rows by VJPs
            double[] byColumns = new double[N * (N + 1)];
            double[] column = new double[N];
            for (int j = 0; j <= N; j++) {
                if (j < N) {
                    double[] e = new double[N];
                    e[j] = 1;
                    g.jvp(ws, 0, e, column);
                } else {
                    g.jvp(ws, 1, new double[] {1}, column);
                }
                for (int i = 0; i < N; i++) {
                    byColumns[i * (N + 1) + j] = column[i];
                }
            }
            double[] byRows = new double[N * (N + 1)];
            for (int i = 0; i < N; i++) {
                double[] e = new double[N];
                e[i] = 1;
                g.vjps(ws, e, new double[][] {bBar, alphaBar});
                System.arraycopy(bBar, 0, byRows, i * (N + 1), N);
                byRows[i * (N + 1) + N] = alphaBar[0];
            }
            assertTrue(DenseReference.relativeError(byRows, byColumns) < 1e-10, "JVP and VJP Jacobians");

            // loose cross-check: central differences of the whole solve (fixed-point iteration to
            // 1e-15; step 1e-6: error ~ε/h + h² ≈ 1e-10, tolerance 1e-6)
            double h = 1e-6;
            Workspace probe = g.newWorkspace();
            double[] plus = new double[N];
            double[] minus = new double[N];
            for (int j = 0; j <= N; j++) {
                double[] bp = b.clone();
                double[] bm = b.clone();
                double ap = alpha[0];
                double am = alpha[0];
                if (j < N) {
                    bp[j] += h;
                    bm[j] -= h;
                } else {
                    ap += h;
                    am -= h;
                }
                g.value(probe.setInput(0, bp).setInput(1, new double[] {ap}), plus);
                g.value(probe.setInput(0, bm).setInput(1, new double[] {am}), minus);
                for (int i = 0; i < N; i++) {
                    double fd = (plus[i] - minus[i]) / (2 * h);
                    assertEquals(fd, byColumns[i * (N + 1) + j], 1e-6, "finite difference (" + i + ", " + j + ")");
                }
            }
        }
    }

    @Test
    void secondOrderProductsThroughTheNodeAreRefusedByName() {
        Function loss = outer(solution(null), true, null);
        Workspace ws = loss.newWorkspace().setInput(0, new double[N]).setInput(1, new double[] {0.5});
        double[] gradient = new double[N];
        loss.gradient(ws, 0, gradient); // first order is fine
        UnsupportedDerivativeException e = assertThrows(UnsupportedDerivativeException.class,
                () -> loss.hessianVector(ws, 0, new double[N], new double[N]));
        assertTrue(e.getMessage().contains("solution node of customFixedPoint"), e.getMessage());
        assertTrue(e.getMessage().contains("second-order"), e.getMessage());
    }

    @Test
    void theObserverSeesEveryCallWithTheWorkspacesOwnMap() {
        List<String> calls = new ArrayList<>();
        List<SolutionMap> maps = new ArrayList<>();
        ImplicitSolution prototype = solution(null);
        NodeObserver observer = (call, map) -> {
            calls.add(call + " " + map.lastStatus() + " " + (map.lastDerivative() == null ? "-"
                    : map.lastDerivative().status()));
            maps.add(map);
        };
        Function loss = outer(prototype, true, observer);
        Workspace ws = loss.newWorkspace().setInput(0, new double[N]).setInput(1, new double[] {0.5});
        loss.gradient(ws, 0, new double[N]);
        loss.jvp(ws, 1, new double[] {1}, new double[1]);
        assertEquals(List.of("VALUE CONVERGED -", "VJP CONVERGED CONVERGED", "JVP CONVERGED CONVERGED"), calls);
        assertTrue(maps.get(0) == maps.get(1) && maps.get(1) == maps.get(2), "one map per workspace");
        assertTrue(maps.get(0) != prototype, "a fork of the prototype, which stays untouched");
        assertEquals(null, prototype.lastStatus());
        Workspace other = loss.newWorkspace().setInput(0, new double[N]).setInput(1, new double[] {0.5});
        loss.value(other);
        assertTrue(maps.get(3) != maps.get(0), "another workspace, another fork");
    }

    @Test
    void forwardAndReverseThroughTheNodeAllocateNothing() {
        for (LinearSolver solver : java.util.Arrays.asList(null, LinearSolver.gmres(
                LinearSolverOptions.builder().relativeTolerance(1e-12).build()))) {
            Function loss = outer(solution(solver), true, null);
            Workspace ws = loss.newWorkspace();
            double[] b1 = randomVector(new SplittableRandom(912), N);
            double[] b2 = randomVector(new SplittableRandom(913), N);
            double[] alpha = {0.6};
            double[] gb = new double[N];
            double[] ga = new double[1];
            double[][] gradients = {gb, ga};
            Runnable round = () -> {
                // a new θ each time: the node solves again (warm-started) and differentiates
                ws.setInput(0, b1).setInput(1, alpha);
                loss.valueAndGradients(ws, gradients);
                ws.setInput(0, b2);
                loss.valueAndGradients(ws, gradients);
            };
            assertEquals(0, Allocations.steadyState(round, 300, 30), "bytes allocated in 30 rounds");
        }

        // the ridge hypergradient of the seed, θ = (λ, X, y), through customRoot and the tape condition
        RidgeProblem ridge = RidgeProblem.diabetes();
        Function inner = ridge.objectiveOfData();
        FixedPointMap step = FixedPointMap.fromTape(ridge.gradientStepOfData(ridge.safeStep(0.05)),
                Structure.SYMMETRIC, 0, 1, 2, 3);
        ImplicitSolution solution = ImplicitDiff.customRoot(RootFunction.gradientOf(inner, 0, 1, 2, 3),
                RidgeProblem.fixedPointIteration(step, 1e-13, 10_000), null);
        Tape tape = new Tape();
        Tensor theta = tape.input("theta");
        Tensor xs = tape.input("X", ridge.n, ridge.p);
        Tensor ys = tape.input("y", ridge.n);
        Tensor w = ImplicitDiff.node(tape, solution, theta.exp(), xs, ys);
        Function validation = tape.build(tape.constant(ridge.xVal, ridge.nVal, ridge.p).matvec(w)
                .sub(tape.constant(ridge.yVal)).square().mean());
        Workspace ws = validation.newWorkspace().setInput(1, ridge.x).setInput(2, ridge.y);
        double[][] gradients = {new double[1], new double[ridge.n * ridge.p], new double[ridge.n]};
        double[] t1 = {Math.log(0.05)};
        double[] t2 = {Math.log(0.06)};
        Runnable round = () -> {
            ws.setInput(0, t1);
            validation.valueAndGradients(ws, gradients);
            ws.setInput(0, t2);
            validation.valueAndGradients(ws, gradients);
        };
        assertEquals(0, Allocations.steadyState(round, 100, 10), "ridge: bytes allocated in 10 rounds");
    }

    @Test
    void nodeArgumentsAreChecked() {
        ImplicitSolution map = solution(null);
        Tape tape = new Tape();
        Tensor b = tape.input("b", N);
        DimensionMismatchException e = assertThrows(DimensionMismatchException.class,
                () -> ImplicitDiff.node(tape, map, b));
        assertTrue(e.getMessage().contains("m = " + (N + 1)), e.getMessage());
        assertThrows(DimensionMismatchException.class, () -> ImplicitDiff.node(tape, null, b));
        assertNotNull(ImplicitDiff.node(tape, map, b, tape.input("alpha")));
    }
}
