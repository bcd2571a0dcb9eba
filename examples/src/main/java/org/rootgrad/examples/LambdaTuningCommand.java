package org.rootgrad.examples;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.BiFunction;
import java.util.function.ToIntFunction;
import org.rootgrad.autodiff.Tape;
import org.rootgrad.autodiff.Tensor;
import org.rootgrad.error.Checks;
import org.rootgrad.error.InvalidOptionException;
import org.rootgrad.examples.data.Csv;
import org.rootgrad.examples.data.Dataset;
import org.rootgrad.examples.data.Split;
import org.rootgrad.examples.plot.LinePlot;
import org.rootgrad.examples.tuning.Adam;
import org.rootgrad.examples.tuning.Hypergradient;
import org.rootgrad.examples.tuning.SolveStats;
import org.rootgrad.implicit.SolutionMap;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * What {@code ridge}, {@code lasso} and {@code logreg} share: tune a regularisation strength
 * λ = exp(θ) by Adam on the hypergradient dL/dθ of a validation loss L(w*(λ)), where w*(λ)
 * minimises the training objective and the hypergradient comes from the tape of
 * θ → λ → w*(λ) → L ({@link Hypergradient}), then draw L over a grid of λ with the path taken.
 * Subclasses supply the data, the solver (as a solution map) and the validation loss.
 */
abstract class LambdaTuningCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--data", paramLabel = "FILE.csv",
            description = "your own CSV (header row, numeric cells, target in the last column) instead of the bundled data")
    Path data;

    @Option(names = "--val-fraction", defaultValue = "0.3", paramLabel = "F",
            description = "fraction of the rows held out for validation, chosen by a seeded shuffle (default ${DEFAULT-VALUE})")
    double validationFraction;

    @Option(names = "--steps", defaultValue = "50", description = "Adam steps on θ = log λ (default ${DEFAULT-VALUE})")
    int steps;

    @Option(names = "--unrolled",
            description = "differentiate the solver's iterations (from a cold start) instead of implicitly;"
                    + " prints both hypergradients, their difference and both timings")
    boolean unrolled;

    @Option(names = "--seed", defaultValue = "0", description = "seed of the train/validation shuffle (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--json", description = "print one JSON document with the results on stdout (the report goes to stderr)")
    boolean json;

    @Option(names = "--out", defaultValue = "rootgrad-out", paramLabel = "DIR",
            description = "directory for the plot (default ${DEFAULT-VALUE})")
    Path out;

    /**
     * The problem a subclass sets up on the preprocessed split.
     *
     * @param preprocessing     what was done to the data, for the report
     * @param description       the objective and the loss, for the report
     * @param solverName        the inner solver, for the report
     * @param lossName          the validation loss's name (column header, axis label)
     * @param map               w*(λ) with θ = [λ]: implicit derivatives when the argument is true,
     *                          unrolled otherwise (or an {@link InvalidOptionException} if the solver cannot unroll)
     * @param validationLoss    records L(w*) on the outer tape
     * @param forwardIterations the forward iterations of a map that is not a solver (−1 if unknown)
     * @param gridMin           the smallest λ of the plotted curve (extended to cover the path)
     * @param gridMax           the largest λ of the plotted curve (extended to cover the path)
     */
    record Problem(
            String preprocessing,
            String description,
            String solverName,
            String lossName,
            java.util.function.Function<Boolean, SolutionMap> map,
            BiFunction<Tape, Tensor, Tensor> validationLoss,
            ToIntFunction<SolutionMap> forwardIterations,
            double gridMin,
            double gridMax) {}

    /** The command's name, e.g. "ridge". */
    abstract String name();

    /** The plot's title, e.g. "Ridge regression on diabetes.csv: validation MSE over λ". */
    abstract String title(Dataset all);

    abstract String defaultDataFile();

    abstract double initialLambda();

    /** Adam's step size on θ (each command declares its --lr with its own default). */
    abstract double learningRate();

    /** Preprocesses the split and sets up the problem; checks the data (labels, ...) before anything is printed. */
    abstract Problem problem(Split split);

    /** Extra numbers to report at a λ (e.g. accuracy), given the training solution at that λ. */
    Map<String, Double> metrics(double lambda) {
        return Map.of();
    }

    @Override
    public Integer call() {
        Checks.atLeastOne("--steps", steps);
        Checks.positive("--lr", learningRate());
        Checks.positive("--lambda0", initialLambda());
        Output report = new Output(spec, json);
        Dataset all = data == null ? Csv.bundled(defaultDataFile()) : Csv.read(data);
        Split split = Split.random(all, validationFraction, seed);
        Problem problem = problem(split);
        SolveStats stats = new SolveStats(problem.forwardIterations());
        Hypergradient main = new Hypergradient(problem.map().apply(!unrolled), stats, problem.validationLoss());
        report.line("%s: %d rows × %d features; seeded shuffle (--seed %d): %d training, %d validation rows",
                all.name(), all.rows(), all.cols(), seed, split.train().rows(), split.validation().rows());
        report.line("preprocessing: %s", problem.preprocessing());
        report.line("%s", problem.description());
        report.line("inner solver: %s; λ = exp(θ) tuned by Adam (%d steps, step size %s, cosine decay) on dL/dθ"
                + " from the tape θ → λ → w*(λ) → L", problem.solverName(), steps, learningRate());

        Hypergradient reference = null;
        if (unrolled) {
            reference = new Hypergradient(problem.map().apply(true), new SolveStats(problem.forwardIterations()),
                    problem.validationLoss());
            report.line("hypergradient: unrolled through the solver's iterations from w = 0; the implicit one at the same"
                    + " λ (also from w = 0) for comparison");
        }

        String loss = problem.lossName();
        int width = Math.max(14, loss.length());
        if (unrolled) {
            report.line("%5s %12s %" + width + "s %14s %14s %10s %8s", "step", "λ", loss, "dL/dθ unrolled",
                    "dL/dθ implicit", "rel. diff", "solver");
        } else {
            report.line("%5s %12s %" + width + "s %14s %8s %8s", "step", "λ", loss, "dL/dθ", "solver", "linear");
        }
        double[] theta = {Math.log(initialLambda())};
        double[] grad = new double[1];
        Adam adam = new Adam(1);
        List<double[]> path = new ArrayList<>();
        JsonArray stepsJson = new JsonArray();
        long mainNanos = 0;
        long referenceNanos = 0;
        double maxRelativeDifference = 0;
        for (int k = 0; k <= steps; k++) {
            long t0 = System.nanoTime();
            double value = main.valueAndGradient(theta[0]);
            mainNanos += System.nanoTime() - t0;
            grad[0] = main.gradient();
            double lambda = Math.exp(theta[0]);
            path.add(new double[] {lambda, value, grad[0]});
            JsonObject row = new JsonObject();
            row.addProperty("step", k);
            row.add("lambda", Output.number(lambda));
            row.add("validation_loss", Output.number(value));
            row.add("hypergradient", Output.number(grad[0]));
            row.addProperty("solver_iterations", stats.forwardIterations());
            row.addProperty("derivative_iterations", stats.derivativeIterations());
            if (reference != null) {
                long t1 = System.nanoTime();
                reference.valueAndGradient(theta[0]);
                referenceNanos += System.nanoTime() - t1;
                double implicit = reference.gradient();
                double diff = Math.abs(grad[0] - implicit) / Math.max(Math.abs(implicit), Double.MIN_NORMAL);
                maxRelativeDifference = Math.max(maxRelativeDifference, diff);
                row.add("hypergradient_implicit", Output.number(implicit));
                row.add("relative_difference", Output.number(diff));
                report.line("%5d %12.5e %" + width + ".6g %14.6e %14.6e %10.2e %8d", k, lambda, value, grad[0], implicit, diff,
                        stats.forwardIterations());
            } else {
                report.line("%5d %12.5e %" + width + ".6g %14.6e %8d %8d", k, lambda, value, grad[0], stats.forwardIterations(),
                        stats.derivativeIterations());
            }
            stepsJson.add(row);
            if (k < steps) {
                adam.step(theta, grad, Adam.cosine(learningRate(), k, steps));
            }
        }
        if (!unrolled) {
            report.line("hypergradients by implicit differentiation (%s on the linearised optimality condition)",
                    stats.derivativeMethod());
        }
        double[] first = path.get(0);
        double[] last = path.get(path.size() - 1);
        report.line("λ: %.4g → %.4g; %s: %.6g → %.6g", first[0], last[0], loss, first[1], last[1]);

        Map<String, Double> before = metrics(first[0]);
        Map<String, Double> after = metrics(last[0]);
        for (String key : before.keySet()) {
            report.line("%s: %s → %s", key, format(before.get(key)), format(after.get(key)));
        }

        JsonObject timing = new JsonObject();
        if (unrolled) {
            report.line("time for %d hypergradients (forward solve + derivative, from w = 0): implicit %.1f ms,"
                    + " unrolled %.1f ms (noisy; includes JIT warm-up)", steps + 1, referenceNanos / 1e6, mainNanos / 1e6);
            report.line("largest relative difference between the unrolled and implicit hypergradients: %.3e",
                    maxRelativeDifference);
            timing.add("implicit_ms", Output.number(referenceNanos / 1e6));
            timing.add("unrolled_ms", Output.number(mainNanos / 1e6));
        } else {
            timing.add("implicit_ms", Output.number(mainNanos / 1e6));
        }

        // the validation loss over a grid of λ, with the path on it
        double lo = Math.min(problem.gridMin(), minOf(path) / 2);
        double hi = Math.max(problem.gridMax(), maxOf(path) * 2);
        int points = 60;
        double[] gridLambda = new double[points];
        double[] gridLoss = new double[points];
        Hypergradient curve = new Hypergradient(problem.map().apply(true), new SolveStats(problem.forwardIterations()),
                problem.validationLoss());
        for (int i = points - 1; i >= 0; i--) { // from strong to weak regularisation: warm starts move little
            gridLambda[i] = Math.exp(Math.log(lo) + (Math.log(hi) - Math.log(lo)) * i / (points - 1));
            gridLoss[i] = curve.value(Math.log(gridLambda[i]));
        }
        int best = 0;
        for (int i = 1; i < points; i++) {
            if (gridLoss[i] < gridLoss[best]) {
                best = i;
            }
        }
        report.line("grid of %d λ in [%.2g, %.2g]: smallest %s %.6g at λ = %.3g", points, lo, hi, loss,
                gridLoss[best], gridLambda[best]);
        double[] pathLambda = new double[path.size()];
        double[] pathLoss = new double[path.size()];
        for (int k = 0; k < path.size(); k++) {
            pathLambda[k] = path.get(k)[0];
            pathLoss[k] = path.get(k)[1];
        }
        Path plot = out.resolve(name() + ".png");
        new LinePlot(title(all), "regularisation strength λ (log scale)", problem.lossName())
                .logX()
                .add(problem.lossName() + " of w*(λ)", gridLambda, gridLoss, LinePlot.Style.LINE)
                .add("Adam path (" + steps + " steps" + (unrolled ? ", unrolled" : ", implicit") + ")",
                        pathLambda, pathLoss, LinePlot.Style.LINE_AND_MARKERS)
                .add(String.format(java.util.Locale.ROOT, "start: λ = %.3g, %s %.5g", first[0], loss, first[1]),
                        new double[] {first[0]}, new double[] {first[1]}, LinePlot.Style.MARKERS)
                .add(String.format(java.util.Locale.ROOT, "end: λ = %.3g, %s %.5g", last[0], loss, last[1]),
                        new double[] {last[0]}, new double[] {last[1]}, LinePlot.Style.MARKERS)
                .write(plot, 900, 560);
        report.line("wrote %s", plot.toAbsolutePath().normalize());

        JsonObject doc = new JsonObject();
        doc.addProperty("command", name());
        doc.addProperty("data", all.name());
        doc.addProperty("train_rows", split.train().rows());
        doc.addProperty("validation_rows", split.validation().rows());
        doc.addProperty("seed", seed);
        doc.addProperty("problem", problem.description());
        doc.addProperty("solver", problem.solverName());
        doc.addProperty("differentiation", unrolled ? "unrolled" : "implicit");
        doc.addProperty("validation_loss_name", loss);
        doc.add("steps", stepsJson);
        doc.add("initial", point(first, before));
        doc.add("final", point(last, after));
        if (unrolled) {
            doc.add("max_relative_difference", Output.number(maxRelativeDifference));
        }
        doc.add("timing", timing);
        JsonObject curveJson = new JsonObject();
        curveJson.add("lambda", Output.numbers(gridLambda));
        curveJson.add("validation_loss", Output.numbers(gridLoss));
        doc.add("curve", curveJson);
        doc.addProperty("plot", plot.toAbsolutePath().normalize().toString());
        report.document(doc);
        return 0;
    }

    private static JsonObject point(double[] p, Map<String, Double> metrics) {
        JsonObject o = new JsonObject();
        o.add("lambda", Output.number(p[0]));
        o.add("validation_loss", Output.number(p[1]));
        for (Map.Entry<String, Double> e : new LinkedHashMap<>(metrics).entrySet()) {
            o.add(e.getKey().replace(' ', '_'), Output.number(e.getValue()));
        }
        return o;
    }

    /** Integers without decimals, other numbers with six significant digits. */
    static String format(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v)
                : String.format(java.util.Locale.ROOT, "%.6g", v);
    }

    private static double minOf(List<double[]> path) {
        return path.stream().mapToDouble(p -> p[0]).min().orElseThrow();
    }

    private static double maxOf(List<double[]> path) {
        return path.stream().mapToDouble(p -> p[0]).max().orElseThrow();
    }

    /** The refusal for --unrolled with a solver that cannot unroll. */
    static InvalidOptionException cannotUnroll(String solver, String alternatives) {
        return new InvalidOptionException("--unrolled: the " + solver + " solver is differentiated implicitly only;"
                + " choose " + alternatives);
    }
}
