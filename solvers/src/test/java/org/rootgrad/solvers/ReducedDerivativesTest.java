package org.rootgrad.solvers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.rootgrad.autodiff.Objective;
import org.rootgrad.error.Status;
import org.rootgrad.implicit.ImplicitDiff;
import org.rootgrad.implicit.RootFunction;
import org.rootgrad.implicit.linear.LinearSolver;
import org.rootgrad.implicit.linear.LinearSolverOptions;
import org.rootgrad.solvers.objective.Objectives;
import org.rootgrad.solvers.projection.Projection;
import org.rootgrad.solvers.prox.Prox;
import org.rootgrad.solvers.prox.SeparableProx;
import org.rootgrad.testing.DenseReference;

/**
 * Implicit derivatives of proximal gradient, projected gradient and coordinate descent on the
 * active set (the default) equal those through the full n-dimensional optimality condition
 * F = prox(x − η∇f) − x at the same solution (GMRES to a relative residual of 1e-13), to 1e-10
 * relative, for the JVP and the VJP with respect to every parameter: the lasso's λ (diabetes
 * data, and random data large enough for conjugate gradients), a box's bounds and a simplex's
 * total next to f's parameters. Where the reduction does not apply (elastic net's diagonal
 * Jacobian, the l2 ball's curved boundary) the full condition is used.
 */
class ReducedDerivativesTest {
    static final ImplicitDiff TIGHT = ImplicitDiff.builder().tolerance(1e-13).build();
    static final LinearSolver FULL = LinearSolver.gmres(LinearSolverOptions.builder().relativeTolerance(1e-13)
            .maxIterations(10_000).build());

    record Case(String name, Function<Boolean, Solver> solver, double[] theta, String reducedSolver) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Objective quadratic(int n, long seed) {
        return Problems.quadratic(Problems.spdMatrix(n, 30, seed), n);
    }

    static double[] gaussian(int n, double scale, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = scale * r.nextGaussian();
        }
        return v;
    }

    static double[] concat(double[] a, double... b) {
        double[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    static List<Case> cases() {
        LassoProblem diabetes = LassoProblem.diabetes();
        LassoProblem random = LassoProblem.random(300, 150, 11);
        double[] diabetesLambda = {0.05 * diabetes.lambdaMax()};
        double[] randomLambda = {0.1 * random.lambdaMax()};
        int nb = 120;
        int ns = 120;
        return List.of(
                new Case("lasso, diabetes, FISTA", reduce -> ProximalGradient.builder(
                        Objectives.leastSquares(diabetes.x, diabetes.n, diabetes.p, diabetes.y, false),
                        Prox.lasso(diabetes.p)).accelerated(true).tolerance(1e-12).maxIterations(100_000)
                        .implicit(TIGHT).activeSetReduction(reduce).build(), diabetesLambda, "dense Cholesky"),
                new Case("lasso, diabetes, coordinate descent", reduce -> BlockCoordinateDescent.builder(
                        Objectives.leastSquares(diabetes.x, diabetes.n, diabetes.p, diabetes.y, false),
                        SeparableProx.lasso(diabetes.p)).tolerance(1e-12).maxIterations(100_000)
                        .implicit(TIGHT).activeSetReduction(reduce).build(), diabetesLambda, "dense Cholesky"),
                new Case("lasso, random 300×150, proximal gradient", reduce -> ProximalGradient.builder(
                        Objectives.leastSquares(random.x, random.n, random.p, random.y, false),
                        Prox.lasso(random.p)).tolerance(1e-12).maxIterations(100_000)
                        .implicit(TIGHT).activeSetReduction(reduce).build(), randomLambda, "conjugate gradients"),
                new Case("lasso, random 300×150, coordinate descent", reduce -> BlockCoordinateDescent.builder(
                        Objectives.leastSquares(random.x, random.n, random.p, random.y, false),
                        SeparableProx.lasso(random.p)).tolerance(1e-12).maxIterations(100_000)
                        .implicit(TIGHT).activeSetReduction(reduce).build(), randomLambda, "conjugate gradients"),
                new Case("box [−0.3, 0.3], quadratic, projected gradient", reduce -> ProjectedGradient.builder(
                        quadratic(nb, 21), Projection.box(nb)).tolerance(1e-12).maxIterations(100_000)
                        .implicit(TIGHT).activeSetReduction(reduce).build(), concat(gaussian(nb, 2, 22), -0.3, 0.3), "conjugate gradients"),
                new Case("simplex, quadratic, projected gradient", reduce -> ProjectedGradient.builder(
                        quadratic(ns, 23), Projection.simplex(ns)).accelerated(true).tolerance(1e-12)
                        .maxIterations(100_000).implicit(TIGHT).activeSetReduction(reduce).build(), concat(gaussian(ns, 3, 24), 1.0), "MINRES"),
                new Case("simplex, small, projected gradient", reduce -> ProjectedGradient.builder(
                        quadratic(20, 25), Projection.simplex(20)).tolerance(1e-12)
                        .maxIterations(100_000).implicit(TIGHT).activeSetReduction(reduce).build(), concat(gaussian(20, 3, 26), 2.0), "dense LU"));
    }

    /** The number of coordinates the prox or projection holds (x on a bound, a zero weight). */
    static int held(double[] x) {
        int count = 0;
        for (double v : x) {
            count += v == 0 || Math.abs(Math.abs(v) - 0.3) < 1e-12 ? 1 : 0;
        }
        return count;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void reducedAndFullDerivativesAgree(Case c) {
        Solver solver = c.solver().apply(true);
        int n = solver.dimension();
        int m = solver.parameterDimension();
        SolverResult r = solver.run(new double[n], c.theta());
        assertEquals(Status.CONVERGED, r.status(), r.toString());
        double[] x = r.solution().clone();
        int held = held(x);
        assertTrue(held > 0 && held < n, c + ": a proper face, " + held + " of " + n + " coordinates held");
        RootFunction full = solver.optimalityCondition();

        double[] xBar = gaussian(n, 1, 31);
        double[] thetaBar = new double[m];
        solver.vjp(xBar, thetaBar);
        assertTrue(solver.lastDerivative().solver().startsWith(c.reducedSolver()), c + " solved by "
                + solver.lastDerivative());
        assertTrue(solver.lastDerivative().converged(), solver.lastDerivative().toString());
        double[] wantBar = ImplicitDiff.rootVjp(full, x, c.theta(), xBar, FULL);
        assertTrue(DenseReference.relativeError(thetaBar, wantBar) < 1e-10, c + ": VJP error " + DenseReference.relativeError(thetaBar, wantBar));

        double[] thetaDot = gaussian(m, 1, 32);
        double[] xDot = new double[n];
        solver.jvp(thetaDot, xDot);
        double[] wantDot = ImplicitDiff.rootJvp(full, x, c.theta(), thetaDot, FULL);
        assertTrue(DenseReference.relativeError(xDot, wantDot) < 1e-10, c + ": JVP error " + DenseReference.relativeError(xDot, wantDot));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void turningTheReductionOffSolvesTheFullCondition(Case c) {
        Solver reduced = c.solver().apply(true);
        Solver full = c.solver().apply(false);
        int n = reduced.dimension();
        reduced.run(new double[n], c.theta());
        full.run(new double[n], c.theta());
        double[] xBar = gaussian(n, 1, 37);
        double[] reducedBar = new double[reduced.parameterDimension()];
        double[] fullBar = new double[full.parameterDimension()];
        reduced.vjp(xBar, reducedBar);
        full.vjp(xBar, fullBar);
        String method = full.lastDerivative().solver();
        assertTrue(method.startsWith("GMRES") || method.startsWith("dense LU"), c + ": " + method);
        assertFalse(reduced.lastDerivative().solver().equals(method) && !method.startsWith("dense LU"), method);
        // two runs of one deterministic solver: the same face, derivatives equal to the solves' accuracy
        assertTrue(DenseReference.relativeError(reducedBar, fullBar) < 1e-9, c + ": " + DenseReference.relativeError(reducedBar, fullBar));
    }

    @org.junit.jupiter.api.Test
    void proxesWithoutAProjectorJacobianUseTheFullCondition() {
        LassoProblem random = LassoProblem.random(300, 150, 12);
        // elastic net: J = diag(mask/(1 + ηλ₂)), not 0/1
        Solver elastic = ProximalGradient.builder(Objectives.leastSquares(random.x, random.n, random.p, random.y, false),
                Prox.elasticNet(random.p)).tolerance(1e-12).maxIterations(100_000).implicit(TIGHT).build();
        double[] theta = {0.1 * random.lambdaMax(), 0.5};
        elastic.run(new double[random.p], theta);
        double[] xBar = gaussian(random.p, 1, 33);
        double[] got = new double[2];
        elastic.vjp(xBar, got);
        assertTrue(elastic.lastDerivative().solver().startsWith("GMRES"), elastic.lastDerivative().toString());
        double[] want = ImplicitDiff.rootVjp(elastic.optimalityCondition(), elastic.result().solution(), theta, xBar, FULL);
        assertTrue(DenseReference.relativeError(got, want) < 1e-10);

        // l2 ball with the solution on its boundary: J = r(I − v̂v̂ᵀ)/‖v‖ is not a projector
        int n = 120;
        Solver ball = ProjectedGradient.builder(quadratic(n, 34), Projection.l2Ball(n)).tolerance(1e-12)
                .maxIterations(100_000).implicit(TIGHT).build();
        double[] ballTheta = concat(gaussian(n, 3, 35), 0.5);
        ball.run(new double[n], ballTheta);
        double norm = Math.sqrt(DenseReference.dot(ball.result().solution(), ball.result().solution()));
        assertEquals(0.5, norm, 1e-9, "on the boundary");
        double[] ballBar = new double[n + 1];
        ball.vjp(gaussian(n, 1, 36), ballBar);
        assertTrue(ball.lastDerivative().solver().startsWith("GMRES"), ball.lastDerivative().toString());
        assertFalse(ball.lastDerivative().solver().startsWith("MINRES"));
    }
}
