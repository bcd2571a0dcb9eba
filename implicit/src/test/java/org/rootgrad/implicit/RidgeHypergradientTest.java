package org.rootgrad.implicit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.rootgrad.autodiff.Function;
import org.rootgrad.autodiff.Tape;
import org.rootgrad.autodiff.Tensor;
import org.rootgrad.autodiff.Workspace;
import org.rootgrad.error.IndefiniteOperatorException;
import org.rootgrad.error.Status;
import org.rootgrad.implicit.linear.LinearSolver;
import org.rootgrad.implicit.linear.LinearSolverOptions;
import org.rootgrad.testing.DenseReference;

/**
 * The seed's ridge example end to end: f(w; λ) = mean((Xw − y)²) + ½λ‖w‖² recorded on a tape,
 * its solution w*(λ) made differentiable by {@link ImplicitDiff#customRoot} (F = ∇f) and by
 * {@link ImplicitDiff#customFixedPoint} (T(w) = w − η∇f(w)), and put on an outer tape that
 * records the validation loss L(w*(e^θ)). Every derivative is held to 1e-8 relative against the
 * closed form ∂w*(λ)/∂λ = −(2XᵀX/n + λI)⁻¹ w* computed by Gaussian elimination in the test, for
 * every linear solver that applies; the gradients with respect to the training data X and y
 * against central differences of the whole solve.
 */
class RidgeHypergradientTest {
    static final double THETA = Math.log(0.05);
    static final double LAMBDA = Math.exp(THETA);
    static final RidgeProblem RIDGE = RidgeProblem.diabetes();

    /** Tight enough that the linear solve's error (κ(H) ≈ 2) is far below 1e-8. */
    static final LinearSolverOptions TIGHT = LinearSolverOptions.builder().relativeTolerance(1e-12).build();

    record Method(String name, LinearSolver solver) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** Every solver for F = ∇f: the Hessian is symmetric positive definite. */
    static List<Method> forGradient() {
        return List.of(new Method("CG", LinearSolver.conjugateGradient(TIGHT)),
                new Method("MINRES", LinearSolver.minres(TIGHT)),
                new Method("GMRES", LinearSolver.gmres(TIGHT)),
                new Method("BiCGSTAB", LinearSolver.biCgStab(TIGHT)),
                new Method("dense Cholesky", LinearSolver.denseCholesky(TIGHT)),
                new Method("dense LU", LinearSolver.denseLu(TIGHT)),
                new Method("dense QR", LinearSolver.denseQr(TIGHT)),
                new Method("automatic", null));
    }

    /** Every solver for F = T − w = −η∇f: symmetric negative definite, so neither CG nor Cholesky. */
    static List<Method> forFixedPoint() {
        return List.of(new Method("MINRES", LinearSolver.minres(TIGHT)),
                new Method("GMRES", LinearSolver.gmres(TIGHT)),
                new Method("BiCGSTAB", LinearSolver.biCgStab(TIGHT)),
                new Method("dense LU", LinearSolver.denseLu(TIGHT)),
                new Method("dense QR", LinearSolver.denseQr(TIGHT)),
                new Method("automatic", null));
    }

    static ImplicitDiff config(Method method) {
        return ImplicitDiff.builder().solver(method.solver()).tolerance(1e-12).build();
    }

    static ImplicitSolution viaRoot(Method method) {
        Function f = RIDGE.objective();
        return ImplicitDiff.customRoot(RootFunction.gradientOf(f, 0, 1),
                RIDGE.exactSolver(ParameterLayout.of(1)), config(method));
    }

    static ImplicitSolution viaFixedPoint(Method method) {
        Function f = RIDGE.objective();
        FixedPointMap step = FixedPointMap.gradientStep(f.objective(0, 1), RIDGE.safeStep(LAMBDA));
        return ImplicitDiff.customFixedPoint(step,
                RidgeProblem.fixedPointIteration(step.fork(), 1e-15, 10_000), config(method));
    }

    static double relativeError(double[] got, double[] want) {
        return DenseReference.relativeError(got, want);
    }

    /** JVP, every VJP row, the Jacobian and the tape hypergradient of one solution map. */
    static void checkAgainstClosedForm(String what, ImplicitSolution solution) {
        int p = RIDGE.p;
        double[] expected = RIDGE.derivative(LAMBDA);
        double[] w = new double[p];
        solution.evaluate(new double[] {LAMBDA}, w);
        assertEquals(Status.CONVERGED, solution.lastStatus());
        assertTrue(relativeError(w, RIDGE.solution(LAMBDA)) < 1e-12, what + ": forward solve");

        double[] xDot = new double[p];
        solution.jvp(new double[] {1}, xDot);
        ImplicitResult r = solution.lastDerivative();
        assertEquals(Status.CONVERGED, r.status(), r::toString);
        assertEquals(Status.CONVERGED, r.forwardStatus());
        assertTrue(relativeError(xDot, expected) < 1e-8, what + " jvp: " + relativeError(xDot, expected));

        double[] rows = new double[p];
        double[] thetaBar = new double[1];
        for (int j = 0; j < p; j++) {
            double[] xBar = new double[p];
            xBar[j] = 1;
            solution.vjp(xBar, thetaBar);
            rows[j] = thetaBar[0];
        }
        assertTrue(relativeError(rows, expected) < 1e-8, what + " vjp: " + relativeError(rows, expected));
        double[] jacobian = new double[p];
        solution.jacobian(jacobian);
        assertTrue(relativeError(jacobian, expected) < 1e-8, what + " jacobian");
        assertTrue(solution.lastDerivative().errorEstimate() < 1e-8, solution.lastDerivative()::toString);

        // the outer tape: L(w*(e^θ)) with the solution as one node
        Tape tape = new Tape();
        Tensor theta = tape.input("theta");
        Tensor ws = ImplicitDiff.node(tape, solution, theta.exp());
        Tensor xVal = tape.constant(RIDGE.xVal, RIDGE.nVal, p);
        Tensor yVal = tape.constant(RIDGE.yVal);
        Function loss = tape.build(xVal.matvec(ws).sub(yVal).square().mean());
        Workspace workspace = loss.newWorkspace().setInputs(new double[] {THETA});
        double[] gradient = new double[1];
        double value = loss.valueAndGradient(workspace, 0, gradient);
        assertEquals(RIDGE.validationLoss(RIDGE.solution(LAMBDA)), value, 1e-12 * value);
        double hypergradient = RIDGE.hypergradient(THETA);
        assertEquals(hypergradient, gradient[0], 1e-8 * Math.abs(hypergradient), what + " hypergradient");
        // forward mode through the node agrees
        double[] tangent = new double[1];
        loss.jvp(workspace, 0, new double[] {1}, tangent);
        assertEquals(hypergradient, tangent[0], 1e-8 * Math.abs(hypergradient), what + " forward-mode hypergradient");
    }

    @ParameterizedTest(name = "customRoot, {0}")
    @MethodSource("forGradient")
    void customRootMatchesTheClosedForm(Method method) {
        ImplicitSolution solution = viaRoot(method);
        checkAgainstClosedForm("customRoot with " + method, solution);
        if (method.solver() == null) {
            assertEquals("dense Cholesky", solution.workspace().solver().name(), "p = 10 is small: a direct solve");
        }
    }

    @ParameterizedTest(name = "customFixedPoint, {0}")
    @MethodSource("forFixedPoint")
    void customFixedPointMatchesTheClosedForm(Method method) {
        ImplicitSolution solution = viaFixedPoint(method);
        checkAgainstClosedForm("customFixedPoint with " + method, solution);
        if (method.solver() == null) {
            assertEquals("dense LU", solution.workspace().solver().name());
        }
    }

    @Test
    void conjugateGradientsAndCholeskyReportTheNegativeDefiniteFixedPointCondition() {
        for (LinearSolver solver : List.of(LinearSolver.conjugateGradient(TIGHT), LinearSolver.denseCholesky(TIGHT))) {
            ImplicitSolution solution = viaFixedPoint(new Method(solver.name(), solver));
            double[] w = new double[RIDGE.p];
            solution.evaluate(new double[] {LAMBDA}, w);
            IndefiniteOperatorException e = assertThrows(IndefiniteOperatorException.class,
                    () -> solution.jvp(new double[] {1}, new double[RIDGE.p]));
            assertTrue(e.getMessage().contains("not positive definite"), e.getMessage());

            ImplicitSolution reporting = ImplicitDiff.customFixedPoint(
                    FixedPointMap.gradientStep(RIDGE.objective().objective(0, 1), RIDGE.safeStep(LAMBDA)),
                    RIDGE.exactSolver(ParameterLayout.of(1)),
                    ImplicitDiff.builder().solver(solver).throwOnFailure(false).build());
            reporting.evaluate(new double[] {LAMBDA}, w);
            double[] thetaBar = new double[1];
            reporting.vjp(new double[RIDGE.p], thetaBar); // x̄ = 0: nothing to solve
            assertEquals(Status.CONVERGED, reporting.lastDerivative().status());
            double[] xBar = RIDGE.validationGradient(w);
            reporting.vjp(xBar, thetaBar);
            assertEquals(Status.INDEFINITE, reporting.lastDerivative().status(), solver.name());
            assertTrue(!reporting.lastDerivative().converged());
        }
    }

    /**
     * θ = (λ, X, y): the gradient of the validation loss with respect to every training input
     * comes out of the tape, checked against central differences of the whole solve.
     */
    @Test
    void gradientsWithRespectToTheTrainingDataMatchFiniteDifferencesOfTheWholeSolve() {
        int n = RIDGE.n;
        int p = RIDGE.p;
        Function inner = RIDGE.objectiveOfData();
        ParameterLayout layout = ParameterLayout.ofInputs(inner, 1, 2, 3);
        assertEquals(1 + n * p + n, layout.dimension());
        Function step = RIDGE.gradientStepOfData(RIDGE.safeStep(LAMBDA));
        FixedPointMap t = FixedPointMap.fromTape(step, org.rootgrad.implicit.linear.Structure.SYMMETRIC, 0, 1, 2, 3);
        List<ImplicitSolution> solutions = List.of(
                ImplicitDiff.customRoot(RootFunction.gradientOf(inner, 0, 1, 2, 3), RIDGE.exactSolver(layout), null),
                ImplicitDiff.customFixedPoint(t, RIDGE.exactSolver(layout), null));
        for (ImplicitSolution solution : solutions) {
            Tape tape = new Tape();
            Tensor theta = tape.input("theta");
            Tensor xs = tape.input("X", n, p);
            Tensor ys = tape.input("y", n);
            Tensor w = ImplicitDiff.node(tape, solution, theta.exp(), xs, ys);
            Tensor loss = tape.constant(RIDGE.xVal, RIDGE.nVal, p).matvec(w).sub(tape.constant(RIDGE.yVal)).square().mean();
            Function validation = tape.build(loss);
            Workspace ws = validation.newWorkspace();
            ws.setInput(0, new double[] {THETA}).setInput(1, RIDGE.x).setInput(2, RIDGE.y);
            double[] dTheta = new double[1];
            double[] dX = new double[n * p];
            double[] dY = new double[n];
            validation.valueAndGradients(ws, new double[][] {dTheta, dX, dY});
            assertEquals(RIDGE.hypergradient(THETA), dTheta[0], 1e-8 * Math.abs(dTheta[0]), solution.toString());

            // Central differences of L(w*(λ, X, y)) with an exact forward solve (Gaussian
            // elimination), steps 1e-5 on X (entries ~0.05) and 1e-3 on y (entries ~150). L is
            // quadratic in y, so there the difference is exact up to rounding ε·L/h ≈ 1e-9; in X
            // the truncation error h²·L'''/6 is far smaller than the rounding ε·L/h ≈
            // 2e-16·4e3/1e-5 ≈ 1e-7 (observed: 4e-7 on a gradient of 96). Tolerance 2e-6 + 1e-7·|g|.
            SplittableRandom random = new SplittableRandom(808);
            for (int sample = 0; sample < 12; sample++) {
                int k = random.nextInt(n * p);
                double fd = finiteDifference(RIDGE.x.clone(), RIDGE.y, k, -1, 1e-5);
                assertEquals(fd, dX[k], 2e-6 + 1e-7 * Math.abs(dX[k]), solution + " ∂L/∂X[" + k + "]");
            }
            for (int sample = 0; sample < 6; sample++) {
                int k = random.nextInt(n);
                double fd = finiteDifference(RIDGE.x, RIDGE.y.clone(), -1, k, 1e-3);
                assertEquals(fd, dY[k], 2e-6 + 1e-7 * Math.abs(dY[k]), solution + " ∂L/∂y[" + k + "]");
            }
        }
    }

    /** (L(w*(data + h e_k)) − L(w*(data − h e_k))) / 2h, perturbing X[xIndex] or y[yIndex]. */
    private static double finiteDifference(double[] x, double[] y, int xIndex, int yIndex, double h) {
        double[] data = xIndex >= 0 ? x : y;
        int k = xIndex >= 0 ? xIndex : yIndex;
        double original = data[k];
        data[k] = original + h;
        double plus = RIDGE.validationLoss(RidgeProblem.solution(x, y, RIDGE.n, RIDGE.p, LAMBDA));
        data[k] = original - h;
        double minus = RIDGE.validationLoss(RidgeProblem.solution(x, y, RIDGE.n, RIDGE.p, LAMBDA));
        data[k] = original;
        return (plus - minus) / (2 * h);
    }

    @Test
    void aSolverOfTheSolversModuleShapeJoinsTheTapeThroughTheSameNode() {
        // any SolutionMap: here a closed-form map with hand-written derivatives, as a solver's
        // evaluate/jvp/vjp would be, reporting no status and no implicit diagnostics
        SolutionMap closedForm = new SolutionMap() {
            double lambda;

            @Override public int dimension() { return RIDGE.p; }
            @Override public int parameterDimension() { return 1; }
            @Override public void evaluate(double[] theta, double[] x) {
                lambda = theta[0];
                System.arraycopy(RIDGE.solution(lambda), 0, x, 0, RIDGE.p);
            }
            @Override public void jvp(double[] thetaDot, double[] xDot) {
                double[] d = RIDGE.derivative(lambda);
                for (int j = 0; j < RIDGE.p; j++) {
                    xDot[j] = d[j] * thetaDot[0];
                }
            }
            @Override public void vjp(double[] xBar, double[] thetaBar) {
                double[] d = RIDGE.derivative(lambda);
                double s = 0;
                for (int j = 0; j < RIDGE.p; j++) {
                    s += d[j] * xBar[j];
                }
                thetaBar[0] = s;
            }
            @Override public SolutionMap fork() { return this; }
        };
        assertNull(closedForm.lastStatus());
        assertNull(closedForm.lastDerivative());
        Tape tape = new Tape();
        Tensor theta = tape.input("theta");
        Tensor w = ImplicitDiff.node(tape, closedForm, theta.exp());
        Function loss = tape.build(tape.constant(RIDGE.xVal, RIDGE.nVal, RIDGE.p).matvec(w)
                .sub(tape.constant(RIDGE.yVal)).square().mean());
        double[] g = new double[1];
        loss.valueAndGradient(loss.newWorkspace().setInputs(new double[] {THETA}), 0, g);
        double expected = RIDGE.hypergradient(THETA);
        assertEquals(expected, g[0], 1e-10 * Math.abs(expected));
    }
}
