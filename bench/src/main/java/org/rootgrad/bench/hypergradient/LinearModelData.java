package org.rootgrad.bench.hypergradient;

import java.util.SplittableRandom;
import org.rootgrad.autodiff.Objective;
import org.rootgrad.implicit.ImplicitDiff;
import org.rootgrad.solvers.Solver;
import org.rootgrad.solvers.SolverOptions;
import org.rootgrad.solvers.objective.CoordinateObjective;
import org.rootgrad.solvers.objective.Objectives;

/**
 * A random linear-model problem for the hypergradient benchmarks: Gaussian features (rows ×
 * features, row-major), true weights w_true ~ N(0, 9/p) (so that the margins xᵀw_true have
 * standard deviation 3), and targets from the same model for a training and a validation set:
 * y = Xw_true + N(0, 0.25) for ridge regression, labels sign(xᵀw_true + logistic noise) ∈ {−1, +1}
 * for logistic regression. The training objective is the library's hand-written one with θ = [λ]
 * ({@link Objectives#ridge} or {@link Objectives#binaryLogisticL2}); the validation loss is the
 * same loss without the penalty on the validation rows, a function of w only.
 */
final class LinearModelData {
    /** The two models. */
    enum Model { RIDGE, LOGISTIC }

    final Model model;
    final int rows;
    final int features;
    final int validationRows;
    final double[] x;
    final double[] y;
    final double[] xValidation;
    final double[] yValidation;

    LinearModelData(Model model, int rows, int features, int validationRows, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        this.model = model;
        this.rows = rows;
        this.features = features;
        this.validationRows = validationRows;
        double[] truth = new double[features];
        for (int j = 0; j < features; j++) {
            truth[j] = 3 * random.nextGaussian() / Math.sqrt(features);
        }
        x = new double[rows * features];
        y = new double[rows];
        fill(random, truth, x, y);
        xValidation = new double[validationRows * features];
        yValidation = new double[validationRows];
        fill(random, truth, xValidation, yValidation);
    }

    /**
     * The L2 logistic problem of a {@code "rows:features"} size parameter, with a fifth as many
     * validation rows and seed 11: the one problem of the logistic scaling benchmarks.
     */
    static LinearModelData logistic(String size) {
        String[] rc = size.split(":");
        int rows = Integer.parseInt(rc[0]);
        return new LinearModelData(Model.LOGISTIC, rows, Integer.parseInt(rc[1]), rows / 5, 11);
    }

    static Model model(String name) {
        return Model.valueOf(name.toUpperCase(java.util.Locale.ROOT));
    }

    private void fill(SplittableRandom random, double[] truth, double[] features, double[] targets) {
        int p = this.features;
        for (int i = 0; i < targets.length; i++) {
            double margin = 0;
            for (int j = 0; j < p; j++) {
                double v = random.nextGaussian();
                features[i * p + j] = v;
                margin += v * truth[j];
            }
            if (model == Model.RIDGE) {
                targets[i] = margin + 0.5 * random.nextGaussian();
            } else {
                double u = random.nextDouble();
                targets[i] = margin + Math.log(u / (1 - u)) > 0 ? 1 : -1;
            }
        }
    }

    /** The training objective f(w, λ): ridge (1/n)‖Xw − y‖² + (λ/2)‖w‖², or the L2 logistic loss. */
    CoordinateObjective objective() {
        return model == Model.RIDGE
                ? Objectives.ridge(x, rows, features, y, false)
                : Objectives.binaryLogisticL2(x, rows, features, y, false);
    }

    /** The validation loss L(w): (1/(2m))‖X_v w − y_v‖² or the mean logistic loss on the validation rows. */
    Objective validationLoss() {
        return model == Model.RIDGE
                ? Objectives.leastSquares(xValidation, validationRows, features, yValidation, false)
                : Objectives.binaryLogistic(xValidation, validationRows, features, yValidation, false);
    }

    /**
     * One cold hypergradient dL/dθ₀: the solve from {@code init} at θ, the gradient x̄ of the
     * validation loss at w* (into xBar), the implicit VJP (into thetaBar).
     */
    static double hypergradient(Solver s, double[] init, double[] theta, Objective validation, double[] xBar,
                                double[] thetaBar) {
        double[] w = s.run(init, theta).solution();
        validation.valueAndGradient(w, null, xBar);
        s.vjp(xBar, thetaBar);
        return thetaBar[0];
    }

    /**
     * {@link #hypergradient} on this data {@code calls} times per solver (each built on it), from
     * zero, with θ₀ nudged by 1e-9 (relative) on every other call as the timed calls do: a warm-up
     * that compiles the paths a large problem reaches too rarely in JMH's. At one fixed θ every
     * call after the first reused the cached factorisation, so C2 compiled the dense solver
     * without its factorising branch, and the first timed call at a new point deoptimised it:
     * the kernels that had been inlined into it then ran as C1 code, boxing 3.3 KB of vectors per
     * call for the next ~2000 calls (10 000 × 100).
     */
    void warmUpHypergradients(int calls, double[] theta, Solver... solvers) {
        Objective validation = validationLoss();
        double[] init = new double[features];
        double[] xBar = new double[features];
        double[] thetaBar = new double[theta.length];
        double[] point = theta.clone();
        for (Solver s : solvers) {
            for (int k = 0; k < calls; k++) {
                point[0] = theta[0] * (1 + 1e-9 * (k & 1));
                hypergradient(s, init, point, validation, xBar, thetaBar);
            }
        }
    }

    /**
     * The options of a timed solver with the linear solver that its implicit derivatives choose
     * on the timed problem made explicit, for the same solver on a warm-up problem: the automatic
     * choice depends on the size (the cost of forming the Hessian, exactly or in single precision,
     * against a Krylov solve's products, and whether the data streams from memory), and a warm-up
     * must compile the path that is timed.
     */
    static SolverOptions pinnedImplicit(Solver timed) {
        ImplicitDiff config = timed.options().implicit();
        return timed.options().withImplicit(ImplicitDiff.builder()
                .solver(config.newWorkspace(timed.optimalityCondition()).solver())
                .warmStart(config.warmStart()).throwOnFailure(config.throwOnFailure()).build());
    }
}
