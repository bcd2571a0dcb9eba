package org.rootgrad.examples;

import java.util.LinkedHashMap;
import java.util.Map;
import org.rootgrad.examples.data.Dataset;
import org.rootgrad.examples.data.Preprocessing;
import org.rootgrad.examples.data.Split;
import org.rootgrad.examples.tuning.ColdStart;
import org.rootgrad.implicit.SolutionMap;
import org.rootgrad.solvers.BlockCoordinateDescent;
import org.rootgrad.solvers.ProximalGradient;
import org.rootgrad.solvers.Solver;
import org.rootgrad.solvers.objective.Objectives;
import org.rootgrad.solvers.prox.Prox;
import org.rootgrad.solvers.prox.SeparableProx;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The lasso (1/2n)‖Xw − y‖² + λ‖w‖₁ on the diabetes data, λ = exp(θ) tuned by Adam on the
 * hypergradient of the validation mean squared error; w*(λ) by FISTA or coordinate descent,
 * differentiated implicitly through the proximal-gradient fixed point
 * w = prox_{ηλ‖·‖₁}(w − η∇f(w)). Features and target centred by their training means.
 */
@Command(name = "lasso", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Tune the lasso's λ by the gradient of the validation error (diabetes data).",
                "f(w; λ) = (1/2n)‖Xw − y‖² + λ‖w‖₁ on the training rows, w*(λ) by FISTA or coordinate descent,"
                        + " differentiated implicitly; L = mean((X_val w* − y_val)²); λ = exp(θ) tuned by Adam."})
final class LassoCommand extends LambdaTuningCommand {

    enum SolverChoice { cd, fista }

    @Option(names = "--solver", defaultValue = "cd",
            description = "cd (block coordinate descent) or fista (proximal gradient with FISTA momentum);"
                    + " default ${DEFAULT-VALUE}")
    SolverChoice solver;

    @Option(names = "--lr", defaultValue = "0.2", paramLabel = "RATE",
            description = "Adam's step size on θ = log λ, decayed by a cosine schedule (default ${DEFAULT-VALUE})")
    double lr;

    @Option(names = "--lambda0", defaultValue = "1", description = "initial λ (default ${DEFAULT-VALUE})")
    double lambda0;

    @Option(names = "--standardize", description = "also scale the features to unit variance (training statistics)")
    boolean standardize;

    static final double TOLERANCE = 1e-10;

    private Dataset train;

    @Override
    String name() {
        return "lasso";
    }

    @Override
    String title(Dataset all) {
        return "Lasso on " + all.name() + ": validation MSE over λ";
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

    private Solver solver(boolean implicit) {
        int n = train.rows();
        int p = train.cols();
        return switch (solver) {
            case fista -> ProximalGradient.builder(Objectives.leastSquares(train.x(), n, p, train.y(), false),
                            Prox.lasso(p))
                    .accelerated(true).tolerance(TOLERANCE).maxIterations(200_000).implicitDiff(implicit).build();
            case cd -> BlockCoordinateDescent.builder(Objectives.leastSquares(train.x(), n, p, train.y(), false),
                            SeparableProx.lasso(p))
                    .tolerance(TOLERANCE).maxIterations(200_000).implicitDiff(implicit).build();
        };
    }

    @Override
    Problem problem(Split split) {
        Preprocessing pre = Preprocessing.fit(split.train(), standardize, true);
        train = pre.apply(split.train());
        Dataset val = pre.apply(split.validation());
        int n = train.rows();
        int p = train.cols();
        // above λ_max = ‖Xᵀy‖∞/n the solution is 0 and the validation loss flat
        double lambdaMax = 0;
        for (int j = 0; j < p; j++) {
            double c = 0;
            for (int i = 0; i < n; i++) {
                c += train.x()[i * p + j] * train.y()[i];
            }
            lambdaMax = Math.max(lambdaMax, Math.abs(c) / n);
        }
        String description = String.format(java.util.Locale.ROOT,
                "lasso: f(w; λ) = (1/2n)‖Xw − y‖² + λ‖w‖₁ on %d×%d; L = validation MSE; w*(λ) = 0 for λ ≥ λ_max ="
                        + " ‖Xᵀy‖∞/n = %.4g, where the hypergradient vanishes", n, p, lambdaMax);
        String solverName = (solver == SolverChoice.fista ? "FISTA (backtracking)" : "block coordinate descent")
                + ", tolerance " + TOLERANCE + " on the prox-gradient residual; implicit derivatives through the"
                + " proximal-gradient fixed point";
        double[] xVal = val.x();
        double[] yVal = val.y();
        int m = val.rows();
        return new Problem(pre.describe(), description, solverName, "validation MSE",
                implicit -> {
                    Solver s = solver(implicit);
                    return unrolled ? new ColdStart(s) : (SolutionMap) s;
                },
                (tape, w) -> tape.constant(xVal, m, p).matvec(w).sub(tape.constant(yVal)).square().mean(),
                map -> -1, lambdaMax * 1e-4, lambdaMax * 2);
    }

    @Override
    Map<String, Double> metrics(double lambda) {
        Solver s = solver(true);
        double[] w = s.run(new double[train.cols()], new double[] {lambda}).solution();
        double nonZero = 0;
        for (double v : w) {
            if (v != 0) {
                nonZero++;
            }
        }
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("nonzero coefficients", nonZero);
        return out;
    }
}
