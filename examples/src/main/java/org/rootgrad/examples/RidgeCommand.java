package org.rootgrad.examples;

import org.rootgrad.autodiff.Function;
import org.rootgrad.autodiff.Tape;
import org.rootgrad.autodiff.Tensor;
import org.rootgrad.examples.data.Dataset;
import org.rootgrad.examples.data.Preprocessing;
import org.rootgrad.examples.data.Split;
import org.rootgrad.examples.tuning.ColdStart;
import org.rootgrad.examples.tuning.ConjugateGradientRidge;
import org.rootgrad.implicit.ImplicitDiff;
import org.rootgrad.implicit.RootFunction;
import org.rootgrad.implicit.SolutionMap;
import org.rootgrad.solvers.GradientDescent;
import org.rootgrad.solvers.LBFGS;
import org.rootgrad.solvers.Solver;
import org.rootgrad.solvers.objective.Objectives;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The seed's example end to end: ridge regression f(w; λ) = mean((Xw − y)²) + ½λ‖w‖² on the
 * diabetes data, λ = exp(θ) tuned by Adam on the hypergradient of the validation mean squared
 * error. Features and target are centred by their training means (the model has no intercept).
 */
@Command(name = "ridge", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Tune ridge regression's λ by the gradient of the validation error (diabetes data).",
                "f(w; λ) = mean((Xw − y)²) + ½λ‖w‖² on the training rows, w*(λ) by a solver, differentiated"
                        + " implicitly; L = mean((X_val w* − y_val)²); λ = exp(θ) tuned by Adam on dL/dθ."})
final class RidgeCommand extends LambdaTuningCommand {

    enum SolverChoice { lbfgs, gd, cg }

    @Option(names = "--solver", defaultValue = "lbfgs",
            description = "lbfgs (L-BFGS), gd (accelerated gradient descent) or cg (the seed's hand-written"
                    + " conjugate-gradient solver, wrapped with ImplicitDiff.customRoot; default ${DEFAULT-VALUE})")
    SolverChoice solver;

    @Option(names = "--lr", defaultValue = "0.3", paramLabel = "RATE",
            description = "Adam's step size on θ = log λ, decayed by a cosine schedule (default ${DEFAULT-VALUE})")
    double lr;

    @Option(names = "--lambda0", defaultValue = "1", description = "initial λ (default ${DEFAULT-VALUE})")
    double lambda0;

    @Option(names = "--standardize", description = "also scale the features to unit variance (training statistics)")
    boolean standardize;

    static final double TOLERANCE = 1e-10;

    @Override
    String name() {
        return "ridge";
    }

    @Override
    String title(Dataset all) {
        return "Ridge regression on " + all.name() + ": validation MSE over λ";
    }

    @Override
    String defaultDataFile() {
        return "diabetes.csv";
    }

    @Override
    double learningRate() {
        return lr;
    }

    @Override
    double initialLambda() {
        return lambda0;
    }

    @Override
    Problem problem(Split split) {
        Preprocessing pre = Preprocessing.fit(split.train(), standardize, true);
        Dataset train = pre.apply(split.train());
        Dataset val = pre.apply(split.validation());
        int n = train.rows();
        int p = train.cols();
        double[] x = train.x();
        double[] y = train.y();
        String description = String.format(java.util.Locale.ROOT,
                "ridge: f(w; λ) = mean((Xw − y)²) + ½λ‖w‖² on %d×%d; L = validation MSE", n, p);
        java.util.function.Function<Boolean, SolutionMap> map;
        String solverName;
        java.util.function.ToIntFunction<SolutionMap> iterations = m -> -1;
        switch (solver) {
            case lbfgs -> {
                solverName = "L-BFGS (gradient tolerance " + TOLERANCE + ")";
                map = implicit -> maybeCold(LBFGS.builder(Objectives.ridge(x, n, p, y, false))
                        .tolerance(TOLERANCE).maxIterations(10_000).implicitDiff(implicit).build(), implicit);
            }
            case gd -> {
                solverName = "accelerated gradient descent (gradient tolerance " + TOLERANCE + ")";
                map = implicit -> maybeCold(GradientDescent.builder(Objectives.ridge(x, n, p, y, false))
                        .accelerated(true).tolerance(TOLERANCE).maxIterations(200_000).implicitDiff(implicit).build(),
                        implicit);
            }
            case cg -> {
                solverName = "hand-written conjugate gradients on (2XᵀX/n + λI)w = 2Xᵀy/n, warm-started,"
                        + " wrapped by ImplicitDiff.customRoot on ∇f recorded on a tape";
                ConjugateGradientRidge cgSolver = new ConjugateGradientRidge(x, n, p, y, 1e-12, 10 * p);
                iterations = m -> cgSolver.lastIterations();
                map = implicit -> {
                    if (!implicit) {
                        throw cannotUnroll("cg", "--solver lbfgs or gd");
                    }
                    // The seed's objective recorded on a tape: inputs w (0) and λ (1)
                    Tape in = new Tape();
                    Tensor w = in.input("w", p);
                    Tensor lambda = in.input("lambda");
                    Function f = in.build(in.constant(x, n, p).matvec(w).sub(in.constant(y)).square().mean()
                            .add(lambda.mul(w.squaredNorm()).mul(0.5)));
                    return ImplicitDiff.customRoot(RootFunction.gradientOf(f, 0, 1), cgSolver,
                            ImplicitDiff.builder().tolerance(1e-12).build());
                };
            }
            default -> throw new IllegalStateException(solver.name());
        }
        double[] xVal = val.x();
        double[] yVal = val.y();
        int m = val.rows();
        return new Problem(pre.describe(), description, solverName, "validation MSE", map,
                (tape, w) -> tape.constant(xVal, m, p).matvec(w).sub(tape.constant(yVal)).square().mean(),
                iterations, 1e-6, 10);
    }

    /** In --unrolled mode both maps start from zeros (see {@link ColdStart}); otherwise warm starts. */
    private SolutionMap maybeCold(Solver s, boolean implicit) {
        return unrolled ? new ColdStart(s) : s;
    }
}
