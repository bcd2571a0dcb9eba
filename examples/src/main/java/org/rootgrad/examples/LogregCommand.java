package org.rootgrad.examples;

import java.util.LinkedHashMap;
import java.util.Map;
import org.rootgrad.examples.data.Dataset;
import org.rootgrad.examples.data.Labels;
import org.rootgrad.examples.data.Preprocessing;
import org.rootgrad.examples.data.Split;
import org.rootgrad.examples.tuning.ColdStart;
import org.rootgrad.implicit.SolutionMap;
import org.rootgrad.solvers.LBFGS;
import org.rootgrad.solvers.NewtonCG;
import org.rootgrad.solvers.Solver;
import org.rootgrad.solvers.objective.Objectives;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * L2-regularised logistic regression on the breast-cancer data (features standardised by their
 * training statistics, labels 0/1 mapped to −1/+1, an unpenalised intercept), λ = exp(θ) tuned by
 * Adam on the hypergradient of the validation log loss.
 */
@Command(name = "logreg", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Tune L2 logistic regression's λ by the gradient of the validation log loss (breast-cancer data).",
                "f(w, b; λ) = mean(log(1 + exp(−y(x·w + b)))) + ½λ‖w‖² on standardised training rows (labels 0/1 → −1/+1),"
                        + " w*(λ) by L-BFGS or Newton-CG, differentiated implicitly; L = the same mean log loss on the"
                        + " validation rows; λ = exp(θ) tuned by Adam."})
final class LogregCommand extends LambdaTuningCommand {

    enum SolverChoice { lbfgs, newton }

    @Option(names = "--solver", defaultValue = "lbfgs",
            description = "lbfgs (L-BFGS) or newton (Newton-CG); default ${DEFAULT-VALUE}")
    SolverChoice solver;

    @Option(names = "--lr", defaultValue = "0.3", paramLabel = "RATE",
            description = "Adam's step size on θ = log λ, decayed by a cosine schedule (default ${DEFAULT-VALUE})")
    double lr;

    @Option(names = "--lambda0", defaultValue = "1", description = "initial λ (default ${DEFAULT-VALUE})")
    double lambda0;

    static final double TOLERANCE = 1e-10;

    private Dataset train;
    private double[] trainLabels;
    private Dataset val;
    private double[] valLabels;

    @Override
    String name() {
        return "logreg";
    }

    @Override
    String title(Dataset all) {
        return "L2 logistic regression on " + all.name() + ": validation log loss over λ";
    }

    @Override
    String defaultDataFile() {
        return "breast_cancer.csv";
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
        var f = Objectives.binaryLogisticL2(train.x(), train.rows(), train.cols(), trainLabels, true);
        return switch (solver) {
            case lbfgs -> LBFGS.builder(f).tolerance(TOLERANCE).maxIterations(10_000).implicitDiff(implicit).build();
            case newton -> NewtonCG.builder(f).tolerance(TOLERANCE).maxIterations(1_000).implicitDiff(implicit).build();
        };
    }

    @Override
    Problem problem(Split split) {
        trainLabels = Labels.signs(split.train());
        valLabels = Labels.signs(split.validation());
        Preprocessing pre = Preprocessing.fit(split.train(), true, false);
        train = pre.apply(split.train());
        val = pre.apply(split.validation());
        int p = train.cols();
        int m = val.rows();
        double[] xVal = withOnes(val);
        String description = String.format(java.util.Locale.ROOT,
                "L2 logistic regression: f(w, b; λ) = mean(log(1 + exp(−y(x·w + b)))) + ½λ‖w‖² on %d×%d;"
                        + " L = validation log loss", train.rows(), p);
        String solverName = (solver == SolverChoice.lbfgs ? "L-BFGS" : "Newton-CG") + " (gradient tolerance "
                + TOLERANCE + ")";
        return new Problem(pre.describe() + "; labels 0/1 → −1/+1; an unpenalised intercept b", description,
                solverName, "validation log loss",
                implicit -> {
                    Solver s = solver(implicit);
                    return unrolled ? new ColdStart(s) : (SolutionMap) s;
                },
                (tape, w) -> tape.binaryLogisticLoss(tape.constant(xVal, m, p + 1), w, tape.constant(valLabels)),
                map -> -1, 1e-5, 10);
    }

    /** Rows of the data with a trailing 1, for the intercept (the objective's convention). */
    private static double[] withOnes(Dataset d) {
        int p = d.cols();
        double[] x = new double[d.rows() * (p + 1)];
        for (int i = 0; i < d.rows(); i++) {
            System.arraycopy(d.x(), i * p, x, i * (p + 1), p);
            x[i * (p + 1) + p] = 1;
        }
        return x;
    }

    @Override
    Map<String, Double> metrics(double lambda) {
        double[] w = solver(true).run(new double[train.cols() + 1], new double[] {lambda}).solution();
        int p = val.cols();
        int correct = 0;
        for (int i = 0; i < val.rows(); i++) {
            double z = w[p];
            for (int j = 0; j < p; j++) {
                z += val.x()[i * p + j] * w[j];
            }
            if (z * valLabels[i] > 0) {
                correct++;
            }
        }
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("validation accuracy", (double) correct / val.rows());
        out.put("validation errors", (double) (val.rows() - correct));
        return out;
    }
}
