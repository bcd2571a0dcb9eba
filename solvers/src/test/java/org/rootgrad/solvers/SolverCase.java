package org.rootgrad.solvers;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.rootgrad.autodiff.Objective;
import org.rootgrad.autodiff.Tape;
import org.rootgrad.autodiff.Tensor;
import org.rootgrad.solvers.objective.Objectives;
import org.rootgrad.solvers.projection.Projection;
import org.rootgrad.solvers.prox.Prox;
import org.rootgrad.solvers.prox.SeparableProx;

/**
 * A first-order solver configuration on a small problem, built either for implicit or for
 * unrolled derivatives with a given iteration limit and tolerance (never throwing, so truncated
 * runs can be differentiated). {@code thetaFreeSteps} tells whether the step sizes are
 * independent of θ (then the unrolled derivative is exactly that of the truncated solve).
 */
record SolverCase(String name, Factory factory, double[] theta, double[] init, boolean thetaFreeSteps,
                  int shortRun) {

    interface Factory {
        Solver make(boolean implicit, int maxIterations, double tolerance);
    }

    @Override
    public String toString() {
        return name;
    }

    Solver make(boolean implicit, int maxIterations, double tolerance) {
        return factory.make(implicit, maxIterations, tolerance);
    }

    static final int ROWS = 50;
    static final int FEATURES = 8;

    /** f(x, θ) = ‖Ax‖²/(2·rows) − θᵀx + 0.05‖x‖², recorded on the tape: a strongly convex quadratic with a linear parameter. */
    static Objective quadratic(double[] a, int rows, int n) {
        Tape tape = new Tape();
        Tensor x = tape.input("x", n);
        Tensor theta = tape.input("theta", n);
        Tensor value = tape.constant(a, rows, n).matvec(x).squaredNorm().scale(0.5 / rows)
                .sub(theta.dot(x)).add(x.squaredNorm().scale(0.05));
        return tape.build(value).objective(0, 1);
    }

    static List<SolverCase> all() {
        LassoProblem lp = LassoProblem.random(ROWS, FEATURES, 17);
        double[] x = lp.x;
        double[] y = lp.y;
        int n = ROWS;
        int p = FEATURES;
        double lambda = 0.2 * lp.lambdaMax();
        double step = lp.safeStep();
        double[] labels = new double[n];
        for (int i = 0; i < n; i++) {
            labels[i] = y[i] > 0 ? 1 : -1;
        }
        List<SolverCase> cases = new ArrayList<>();
        for (boolean accelerated : new boolean[] {false, true}) {
            String a = accelerated ? "FISTA" : "proximal gradient";
            cases.add(new SolverCase(a + ", lasso, fixed step", (implicit, it, tol) ->
                    ProximalGradient.builder(Objectives.leastSquares(x, n, p, y, false), Prox.lasso(p))
                            .fixedStep(step).accelerated(accelerated).implicitDiff(implicit)
                            .maxIterations(it).tolerance(tol).throwOnFailure(false).build(),
                    new double[] {lambda}, new double[p], true, 30));
            cases.add(new SolverCase(a + ", ridge + lasso, line search", (implicit, it, tol) ->
                    ProximalGradient.builder(Objectives.ridge(x, n, p, y, true), Prox.lasso(p + 1))
                            .accelerated(accelerated).implicitDiff(implicit)
                            .maxIterations(it).tolerance(tol).throwOnFailure(false).build(),
                    new double[] {0.3, 0.5 * lambda}, new double[p + 1], true, 30));
        }
        cases.add(new SolverCase("projected gradient, ridge on an l2 ball", (implicit, it, tol) ->
                ProjectedGradient.builder(Objectives.ridge(x, n, p, y, false), Projection.l2Ball(p))
                        .implicitDiff(implicit).maxIterations(it).tolerance(tol).throwOnFailure(false).build(),
                new double[] {0.2, 1.0}, new double[p], true, 30));
        cases.add(new SolverCase("accelerated projected gradient, logistic on a box", (implicit, it, tol) ->
                ProjectedGradient.builder(Objectives.binaryLogisticL2(x, n, p, labels, false), Projection.box(p))
                        .accelerated(true).fixedStep(1.0).implicitDiff(implicit).maxIterations(it).tolerance(tol)
                        .throwOnFailure(false).build(),
                new double[] {0.05, -0.3, 0.4}, new double[p], true, 30));
        double[] a = x; // reuse the random matrix
        Random rng = new Random(5);
        double[] linear = new double[p];
        for (int j = 0; j < p; j++) {
            linear[j] = 0.5 * rng.nextGaussian();
        }
        cases.add(new SolverCase("mirror descent, quadratic on the simplex", (implicit, it, tol) ->
                MirrorDescent.builder(quadratic(a, n, p)).implicitDiff(implicit).maxIterations(it).tolerance(tol)
                        .throwOnFailure(false).build(),
                linear, new double[p], true, 40));
        cases.add(new SolverCase("mirror descent, fixed step", (implicit, it, tol) ->
                MirrorDescent.builder(quadratic(a, n, p)).fixedStep(0.5).implicitDiff(implicit).maxIterations(it)
                        .tolerance(tol).throwOnFailure(false).build(),
                linear, new double[p], true, 40));
        cases.add(new SolverCase("coordinate descent, lasso", (implicit, it, tol) ->
                BlockCoordinateDescent.builder(Objectives.leastSquares(x, n, p, y, false), SeparableProx.lasso(p))
                        .implicitDiff(implicit).maxIterations(it).tolerance(tol).throwOnFailure(false).build(),
                new double[] {lambda}, new double[p], true, 4));
        cases.add(new SolverCase("coordinate descent, logistic + elastic net", (implicit, it, tol) ->
                BlockCoordinateDescent.builder(Objectives.binaryLogistic(x, n, p, labels, true),
                                SeparableProx.elasticNet(p + 1))
                        .implicitDiff(implicit).maxIterations(it).tolerance(tol).throwOnFailure(false).build(),
                new double[] {0.02, 0.1}, new double[p + 1], true, 4));
        cases.add(new SolverCase("coordinate descent, ridge + lasso (steps depend on θ)", (implicit, it, tol) ->
                BlockCoordinateDescent.builder(Objectives.ridge(x, n, p, y, false), SeparableProx.lasso(p))
                        .implicitDiff(implicit).maxIterations(it).tolerance(tol).throwOnFailure(false).build(),
                new double[] {0.3, 0.5 * lambda}, new double[p], false, 4));
        return cases;
    }
}
