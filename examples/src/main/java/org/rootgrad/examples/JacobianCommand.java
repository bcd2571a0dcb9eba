package org.rootgrad.examples;

import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.rootgrad.error.Checks;
import org.rootgrad.error.NotConvergedException;
import org.rootgrad.examples.data.Csv;
import org.rootgrad.examples.data.Dataset;
import org.rootgrad.examples.data.Labels;
import org.rootgrad.examples.data.Preprocessing;
import org.rootgrad.implicit.ImplicitDiff;
import org.rootgrad.solvers.BlockCoordinateDescent;
import org.rootgrad.solvers.LBFGS;
import org.rootgrad.solvers.NewtonCG;
import org.rootgrad.solvers.Solver;
import org.rootgrad.solvers.SolverOptions;
import org.rootgrad.solvers.SolverResult;
import org.rootgrad.solvers.objective.CoordinateObjective;
import org.rootgrad.solvers.objective.Objectives;
import org.rootgrad.solvers.prox.SeparableProx;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The solution w*(λ) of a regularised linear model on a user's CSV and its derivative
 * ∂w*(λ)/∂λ by implicit differentiation, with the validation loss and its derivative in λ.
 */
@Command(name = "jacobian", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Solve a regularised model on your CSV and print ∂w*/∂λ by implicit differentiation.",
                "Objectives on the training rows, exactly (no intercept, no preprocessing unless --standardize):",
                "  ridge   mean((Xw − y)²) + ½λ‖w‖²                         (L-BFGS)",
                "  lasso   (1/2n)‖Xw − y‖² + λ‖w‖₁                         (coordinate descent)",
                "  logreg  mean(log(1 + exp(−y·x·w))) + ½λ‖w‖², 0/1 labels → −1/+1   (Newton-CG)",
                "With --val-rows, the validation loss (the same loss without the penalty) and its derivative in λ.",
                "The CSV has a header row and the target in the last column; row ranges a:b are 0-based and"
                        + " half-open over the data rows (a to b − 1, the header not counted)."})
final class JacobianCommand implements Callable<Integer> {

    enum Model { ridge, lasso, logreg }

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODEL", description = "ridge, lasso or logreg")
    Model model;

    @Option(names = "--data", required = true, paramLabel = "FILE.csv", description = "the data (header row, target last)")
    Path data;

    @Option(names = "--lambda", required = true, paramLabel = "L", description = "the regularisation strength λ > 0")
    double lambda;

    @Option(names = "--train-rows", paramLabel = "a:b", converter = RowRange.Converter.class,
            description = "training rows a to b − 1 (0-based; default: all rows)")
    RowRange trainRows;

    @Option(names = "--val-rows", paramLabel = "c:d", converter = RowRange.Converter.class,
            description = "validation rows c to d − 1 (0-based; default: none)")
    RowRange valRows;

    @Option(names = "--standardize",
            description = "standardise the features by the training rows' mean and standard deviation")
    boolean standardize;

    @Option(names = "--tolerance", defaultValue = "1e-12", paramLabel = "TOL",
            description = "the solver stops when ‖∇f‖ (ridge, logreg) or the coordinate-descent residual (lasso)"
                    + " ≤ TOL·max(1, ‖∇f(0)‖) (∇f of the smooth part at w = 0); also the implicit linear solve's"
                    + " relative tolerance (default ${DEFAULT-VALUE})")
    double tolerance;

    @Option(names = "--json", description = "print one JSON object: solution, dsolution_dlambda, validation_loss,"
            + " dvalidation_dlambda, iterations, linear_solve_iterations")
    boolean json;

    @Override
    public Integer call() {
        Checks.positive("--lambda", lambda);
        Checks.positive("--tolerance", tolerance);
        Output report = new Output(spec, json);
        Dataset all = Csv.read(data);
        Dataset train = trainRows == null ? all : trainRows.select("--train-rows", all);
        Dataset val = valRows == null ? null : valRows.select("--val-rows", all);
        double[] yTrain = model == Model.logreg ? Labels.signs(train) : train.y();
        double[] yVal = val == null ? null : model == Model.logreg ? Labels.signs(val) : val.y();
        if (standardize) {
            Preprocessing pre = Preprocessing.fit(train, true, false);
            train = pre.apply(train);
            val = val == null ? null : pre.apply(val);
        }
        int n = train.rows();
        int p = train.cols();

        CoordinateObjective f = switch (model) {
            case ridge -> Objectives.ridge(train.x(), n, p, yTrain, false);
            case lasso -> Objectives.leastSquares(train.x(), n, p, yTrain, false);
            case logreg -> Objectives.binaryLogisticL2(train.x(), n, p, yTrain, false);
        };
        // the stopping rule is relative to the data's scale: the smooth part's gradient at w = 0
        double[] g0 = new double[p];
        f.gradient(new double[p], f.parameterDimension() == 0 ? new double[0] : new double[] {lambda}, g0);
        double scale = Math.max(1, Math.sqrt(dot(g0, g0)));
        SolverOptions options = SolverOptions.defaults().withTolerance(tolerance * scale)
                .withImplicit(ImplicitDiff.builder().tolerance(tolerance).build());
        Solver solver = switch (model) {
            case ridge -> LBFGS.builder(f).options(options).maxIterations(20_000).build();
            case lasso -> BlockCoordinateDescent.builder(f, SeparableProx.lasso(p)).options(options.withMaxIterations(200_000))
                    .build();
            case logreg -> NewtonCG.builder(f).options(options).maxIterations(10_000).build();
        };
        SolverResult result;
        try {
            result = solver.run(new double[p], new double[] {lambda});
        } catch (NotConvergedException e) {
            throw new NotConvergedException(solver.name() + " at --tolerance " + tolerance + " (relative to ‖∇f(0)‖ = "
                    + String.format(java.util.Locale.ROOT, "%.3g", scale) + "; try a looser --tolerance, or --standardize)",
                    e.status(), e.iterations(), e.residual());
        }
        double[] w = result.solution().clone();
        for (int j = 0; j < p; j++) {
            w[j] += 0.0; // −0 (a coordinate thresholded from below) prints as 0
        }
        int iterations = result.iterations();
        double error = result.error();
        double[] dw = new double[p];
        try {
            solver.jvp(new double[] {1}, dw);
        } catch (NotConvergedException e) {
            String inner = e.getMessage();
            int cut = inner.indexOf(" did not converge");
            throw new NotConvergedException("∂w*/∂λ at --tolerance " + tolerance + " (try a looser --tolerance): "
                    + (cut > 0 ? inner.substring(0, cut) : inner), e.status(), e.iterations(), e.residual());
        }
        int linearIterations = solver.derivative().iterations();

        double loss = Double.NaN;
        double dLoss = Double.NaN;
        if (val != null) {
            double[] grad = new double[p];
            loss = validationLoss(val.x(), val.rows(), p, yVal, w, grad);
            dLoss = 0;
            for (int j = 0; j < p; j++) {
                dLoss += grad[j] * dw[j];
            }
        }

        report.line("model: %s, %s, λ = %s", model, objective(), lambda);
        report.line("training rows: %s (%d rows × %d features of %s)%s", trainRows == null ? "all" : trainRows, n, p,
                all.name(), standardize ? ", features standardised by the training rows" : "");
        report.line("solver: %s converged in %d iterations (error %.2e ≤ %.2e); ∂w*/∂λ by implicit differentiation"
                + " (%s, %d iteration%s)", solver.name(), iterations, error, tolerance * scale, solver.derivative().method(),
                linearIterations, linearIterations == 1 ? "" : "s");
        int width = 7;
        for (String name : train.features()) {
            width = Math.max(width, name.length());
        }
        report.line("%-" + width + "s %23s %23s", "feature", "w*", "∂w*/∂λ");
        for (int j = 0; j < p; j++) {
            report.line("%-" + width + "s %23.15e %23.15e", train.features()[j], w[j], dw[j] + 0.0);
        }
        if (val != null) {
            report.line("validation rows %s (%d rows): validation loss %s = %.15e, d/dλ = %.15e", valRows, val.rows(),
                    validationName(), loss, dLoss);
        }

        JsonObject doc = new JsonObject();
        doc.add("solution", Output.numbers(w));
        doc.add("dsolution_dlambda", Output.numbers(dw));
        doc.add("validation_loss", val == null ? JsonNull.INSTANCE : Output.number(loss));
        doc.add("dvalidation_dlambda", val == null ? JsonNull.INSTANCE : Output.number(dLoss));
        doc.addProperty("iterations", iterations);
        doc.addProperty("linear_solve_iterations", linearIterations);
        report.document(doc);
        return 0;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private String objective() {
        return switch (model) {
            case ridge -> "mean((Xw − y)²) + ½λ‖w‖²";
            case lasso -> "(1/2n)‖Xw − y‖² + λ‖w‖₁";
            case logreg -> "mean(log(1 + exp(−y·x·w))) + ½λ‖w‖² (labels 0/1 → −1/+1)";
        };
    }

    private String validationName() {
        return switch (model) {
            case ridge -> "mean((Xw − y)²)";
            case lasso -> "(1/2n)‖Xw − y‖²";
            case logreg -> "mean(log(1 + exp(−y·x·w)))";
        };
    }

    /** The model's loss without the penalty on the given rows; its gradient in w into {@code grad}. */
    private double validationLoss(double[] x, int m, int p, double[] y, double[] w, double[] grad) {
        double loss = 0;
        java.util.Arrays.fill(grad, 0);
        for (int i = 0; i < m; i++) {
            double z = 0;
            for (int j = 0; j < p; j++) {
                z += x[i * p + j] * w[j];
            }
            double dz;
            switch (model) {
                case ridge -> {
                    double r = z - y[i];
                    loss += r * r / m;
                    dz = 2 * r / m;
                }
                case lasso -> {
                    double r = z - y[i];
                    loss += r * r / (2.0 * m);
                    dz = r / m;
                }
                default -> {
                    double margin = y[i] * z;
                    // log(1 + e^(−t)) and its derivative −σ(−t), stable for either sign of t
                    loss += (margin > 0 ? Math.log1p(Math.exp(-margin)) : -margin + Math.log1p(Math.exp(margin))) / m;
                    double s = margin > 0 ? Math.exp(-margin) / (1 + Math.exp(-margin)) : 1 / (1 + Math.exp(margin));
                    dz = -y[i] * s / m;
                }
            }
            for (int j = 0; j < p; j++) {
                grad[j] += dz * x[i * p + j];
            }
        }
        return loss;
    }
}
