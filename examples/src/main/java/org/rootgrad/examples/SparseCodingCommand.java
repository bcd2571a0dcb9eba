package org.rootgrad.examples;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.rootgrad.autodiff.Function;
import org.rootgrad.autodiff.Tape;
import org.rootgrad.autodiff.Tensor;
import org.rootgrad.autodiff.Workspace;
import org.rootgrad.error.Checks;
import org.rootgrad.examples.data.Csv;
import org.rootgrad.examples.data.Dataset;
import org.rootgrad.examples.data.InvalidDataException;
import org.rootgrad.examples.data.Labels;
import org.rootgrad.examples.data.Split;
import org.rootgrad.examples.plot.ImageGrid;
import org.rootgrad.examples.tuning.Adam;
import org.rootgrad.examples.tuning.SolveStats;
import org.rootgrad.implicit.ImplicitDiff;
import org.rootgrad.solvers.LBFGS;
import org.rootgrad.solvers.ProximalGradient;
import org.rootgrad.solvers.SolverOptions;
import org.rootgrad.solvers.objective.Objectives;
import org.rootgrad.solvers.prox.Prox;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Task-driven dictionary learning (Mairal, Bach and Ponce, 2012; JAXopt's sparse_coding example)
 * on the digits: each image x is coded on a dictionary D (k atoms of 64 pixels) by the elastic
 * net a*(x; D) = argmin_a ½‖x − Dᵀa‖² + λ₁‖a‖₁ + (λ₂/2)‖a‖², and the task is to classify the
 * digit from its code by multiclass logistic regression (W, b). The codes of all training images
 * are one proximal-gradient problem (FISTA on A, N×k, with f(A; D) = ½‖AD − X‖² recorded on a
 * tape and the elastic-net prox), differentiated implicitly in D; D, W and b are learned together
 * by Adam on the task loss, each atom projected back onto the unit ball after every step.
 * Baseline: the same initial dictionary (k random training digits, normalised) with only the
 * classifier trained. Both are scored with the classifier refitted to optimality on their codes.
 */
@Command(name = "sparse-coding", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Task-driven dictionary learning on the digits: learn a dictionary whose sparse codes classify well.",
                "Codes a*(x; D) = argmin ½‖x − Dᵀa‖² + λ₁‖a‖₁ + (λ₂/2)‖a‖² by FISTA, differentiated implicitly in D;"
                        + " task: logistic regression of the digit on its code; D learned by Adam on the task loss;"
                        + " compared with the initial dictionary (random training digits) with its classifier refitted."})
final class SparseCodingCommand implements Callable<Integer> {
    private static final int CLASSES = 10;
    private static final int SIDE = 8;

    @Spec
    CommandSpec spec;

    @Option(names = "--data", paramLabel = "FILE.csv",
            description = "your own digits CSV: 64 pixel columns (8×8, row-major) and a class 0-9 last")
    Path data;

    @Option(names = "--atoms", defaultValue = "24", description = "dictionary size k (default ${DEFAULT-VALUE})")
    int atoms;

    @Option(names = "--l1", defaultValue = "0.2", paramLabel = "λ₁", description = "the codes' L1 strength (default ${DEFAULT-VALUE})")
    double l1;

    @Option(names = "--l2", defaultValue = "0.1", paramLabel = "λ₂", description = "the codes' L2 strength (default ${DEFAULT-VALUE})")
    double l2;

    @Option(names = "--classifier-l2", defaultValue = "0.001", paramLabel = "μ",
            description = "the classifier's L2 strength (default ${DEFAULT-VALUE})")
    double classifierL2;

    @Option(names = "--steps", defaultValue = "60", description = "Adam steps (default ${DEFAULT-VALUE})")
    int steps;

    @Option(names = "--lr", defaultValue = "0.005", paramLabel = "RATE",
            description = "Adam's step size, cosine decay (default ${DEFAULT-VALUE})")
    double lr;

    @Option(names = "--train-size", defaultValue = "500", paramLabel = "N",
            description = "training digits used (at most; default ${DEFAULT-VALUE})")
    int trainSize;

    @Option(names = "--test-size", defaultValue = "500", paramLabel = "N",
            description = "held-out digits used for the report (at most; default ${DEFAULT-VALUE})")
    int testSize;

    @Option(names = "--seed", defaultValue = "0",
            description = "seed of the split and of the initial dictionary (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--json", description = "print one JSON document with the results on stdout (the report goes to stderr)")
    boolean json;

    @Option(names = "--out", defaultValue = "rootgrad-out", paramLabel = "DIR",
            description = "directory for the dictionary images (default ${DEFAULT-VALUE})")
    Path out;

    /** Classification results of one dictionary. */
    private record Score(double trainLoss, double testLoss, double testAccuracy, double sparsity) {}

    @Override
    public Integer call() {
        Checks.atLeastOne("--atoms", atoms);
        Checks.atLeastOne("--steps", steps);
        Checks.atLeastOne("--train-size", trainSize);
        Checks.atLeastOne("--test-size", testSize);
        Checks.positive("--l1", l1);
        Checks.positive("--l2", l2);
        Checks.positive("--classifier-l2", classifierL2);
        Checks.positive("--lr", lr);
        Output report = new Output(spec, json);
        Dataset all = data == null ? Csv.bundled("digits.csv") : Csv.read(data);
        if (all.cols() != SIDE * SIDE) {
            throw new InvalidDataException(all.name() + " has " + all.cols()
                    + " feature columns; sparse-coding needs 64 (8×8 pixels, row-major)");
        }
        Split split = Split.random(all, 0.3, seed);
        Dataset train = scaled(split.train(), trainSize);
        Dataset test = scaled(split.validation(), testSize);
        int[] trainLabels = Labels.classes(train, CLASSES);
        int[] testLabels = Labels.classes(test, CLASSES);
        int n = train.rows();
        int p = train.cols();
        int k = atoms;
        report.line("%s: seeded shuffle (--seed %d), %d training and %d held-out digits; pixels / max pixel",
                all.name(), seed, n, test.rows());
        report.line("codes: a*(x; D) = argmin ½‖x − Dᵀa‖² + %s‖a‖₁ + (%s/2)‖a‖², D %d atoms × 64 pixels, by FISTA;"
                + " task: softmax regression of the digit on its code, L2 %s", l1, l2, k, classifierL2);

        double[] lambdas = {l1, l2};
        double[] d0 = initialDictionary(train, k);
        Codes trainCodes = new Codes(train, k, lambdas);
        Codes testCodes = new Codes(test, k, lambdas);

        // baseline: the initial dictionary, classifier fitted on its codes
        double[] classifier0 = fitClassifier(trainCodes.solve(d0), n, k, trainLabels);
        Score before = score(d0, classifier0, trainCodes, testCodes, trainLabels, testLabels);

        SolveStats stats = new SolveStats();
        Function task = taskLoss(trainCodes, trainLabels, classifierL2, 1e-6, stats);
        Workspace ws = task.newWorkspace();

        double[] dict1 = d0.clone();
        double[] w1 = Arrays.copyOf(classifier0, k * CLASSES);
        double[] b1 = Arrays.copyOfRange(classifier0, k * CLASSES, (k + 1) * CLASSES);
        double[][] grads = {new double[k * p], new double[k * CLASSES], new double[CLASSES]};
        Adam adamD = new Adam(dict1.length);
        Adam adamW = new Adam(w1.length);
        Adam adamB = new Adam(b1.length);
        ProgressBar bar = report.progress("sparse-coding", steps, true);
        JsonArray history = new JsonArray();
        double first = Double.NaN;
        long t0 = System.nanoTime();
        for (int step = 0; step < steps; step++) {
            ws.setInput(0, dict1);
            ws.setInput(1, w1);
            ws.setInput(2, b1);
            double value = task.valueAndGradients(ws, grads);
            if (step == 0) {
                first = value;
            }
            double rate = Adam.cosine(lr, step, steps);
            adamD.step(dict1, grads[0], rate);
            adamW.step(w1, grads[1], rate);
            adamB.step(b1, grads[2], rate);
            projectAtoms(dict1, k, p);
            JsonObject row = new JsonObject();
            row.addProperty("step", step);
            row.add("task_loss", Output.number(value));
            row.addProperty("code_iterations", stats.forwardIterations());
            row.addProperty("linear_solve_iterations", stats.derivativeIterations());
            history.add(row);
            bar.update(step + 1, String.format(Locale.ROOT, "task loss %.4f", value));
        }
        ws.setInput(0, dict1);
        ws.setInput(1, w1);
        ws.setInput(2, b1);
        double last = task.value(ws);
        double seconds = (System.nanoTime() - t0) / 1e9;
        report.line("task loss (training codes, with the classifier's penalty): %.4f → %.4f in %d steps, %.1f s;"
                + " implicit VJPs by %s (%d iterations at the last step)", first, last, steps, seconds,
                stats.derivativeMethod(), stats.derivativeIterations());

        double[] classifier1 = fitClassifier(trainCodes.solve(dict1), n, k, trainLabels);
        Score after = score(dict1, classifier1, trainCodes, testCodes, trainLabels, testLabels);
        report.line("classifier refitted on the codes of each dictionary:");
        report.line("  %-34s %12s %12s %12s %10s", "dictionary", "train loss", "test loss", "test acc.", "nonzeros");
        report.line("  %-34s %12.4f %12.4f %11.2f%% %10.1f", "initial (random training digits)", before.trainLoss(),
                before.testLoss(), 100 * before.testAccuracy(), before.sparsity());
        report.line("  %-34s %12.4f %12.4f %11.2f%% %10.1f", "task-driven (" + steps + " Adam steps)", after.trainLoss(),
                after.testLoss(), 100 * after.testAccuracy(), after.sparsity());

        Path file = out.resolve("sparse-coding.png");
        double[][] pictures = new double[2 * k][];
        String[] captions = new String[2 * k];
        for (int j = 0; j < k; j++) {
            pictures[j] = Arrays.copyOfRange(d0, j * p, (j + 1) * p);
            captions[j] = "initial " + j;
            pictures[k + j] = Arrays.copyOfRange(dict1, j * p, (j + 1) * p);
            captions[k + j] = "learned " + j;
        }
        new ImageGrid("Dictionary atoms: initial (random digits) and task-driven", SIDE, SIDE, pictures, captions,
                Math.min(k, 12))
                .subtitle(String.format(Locale.ROOT, "held-out accuracy from the codes: %.1f%% → %.1f%%; test loss %.3f → %.3f",
                        100 * before.testAccuracy(), 100 * after.testAccuracy(), before.testLoss(), after.testLoss()))
                .write(file, 8);
        report.line("wrote %s", file.toAbsolutePath().normalize());

        JsonObject doc = new JsonObject();
        doc.addProperty("command", "sparse-coding");
        doc.addProperty("data", all.name());
        doc.addProperty("train_rows", n);
        doc.addProperty("test_rows", test.rows());
        doc.addProperty("atoms", k);
        doc.addProperty("seed", seed);
        doc.add("baseline", scoreJson(before));
        doc.add("task_driven", scoreJson(after));
        doc.add("history", history);
        doc.add("seconds", Output.number(seconds));
        doc.addProperty("plot", file.toAbsolutePath().normalize().toString());
        report.document(doc);
        return 0;
    }

    /**
     * The task loss on a tape, inputs D (0, k×64), W (1, k×10), b (2, 10): the mean softmax
     * cross-entropy of A*(D)·W + b over the training digits plus (μ/2)‖W‖², with the codes A*(D)
     * (FISTA to the given tolerance) recorded as one node, differentiated implicitly in D.
     */
    static Function taskLoss(Codes codes, int[] labels, double mu, double tolerance, SolveStats stats) {
        int n = codes.rows;
        int k = codes.k;
        Tape tape = new Tape();
        Tensor dict = tape.input("D", k, codes.pixels);
        Tensor w = tape.input("W", k, CLASSES);
        Tensor b = tape.input("b", CLASSES);
        Tensor a = ImplicitDiff.node(tape, codes.solver(tolerance), stats, dict, tape.constant(codes.lambdas))
                .reshape(n, k);
        double[] ones = new double[n];
        Arrays.fill(ones, 1);
        Tensor logits = a.matmul(w).add(tape.outer(tape.constant(ones), b));
        return tape.build(tape.softmaxCrossEntropy(logits, labels).add(w.squaredNorm().mul(mu / 2)));
    }

    private static JsonObject scoreJson(Score s) {
        JsonObject o = new JsonObject();
        o.add("train_loss", Output.number(s.trainLoss()));
        o.add("test_loss", Output.number(s.testLoss()));
        o.add("test_accuracy", Output.number(s.testAccuracy()));
        o.add("mean_nonzero_codes", Output.number(s.sparsity()));
        return o;
    }

    /**
     * The elastic-net codes of the rows of X on a dictionary D, as one proximal-gradient problem
     * over A (rows × k): f(A; D) = ½‖AD − X‖² recorded on a tape (A input 0, D input 1), the
     * elastic-net prox with θ_g = [λ₁, λ₂].
     */
    static final class Codes {
        final Function objective;
        final int rows;
        final int k;
        final int pixels;
        final double[] lambdas;
        private ProximalGradient solver;

        Codes(Dataset x, int k, double[] lambdas) {
            this.rows = x.rows();
            this.k = k;
            this.pixels = x.cols();
            this.lambdas = lambdas;
            Tape t = new Tape();
            Tensor a = t.input("A", rows, k);
            Tensor d = t.input("D", k, x.cols());
            this.objective = t.build(a.matmul(d).sub(t.constant(x.x(), rows, x.cols())).square().sum().mul(0.5));
        }

        ProximalGradient solver(double tolerance) {
            return ProximalGradient.builder(objective.objective(0, 1), Prox.elasticNet(rows * k))
                    .options(SolverOptions.defaults().withImplicit(ImplicitDiff.builder().tolerance(1e-8).build()))
                    .accelerated(true).tolerance(tolerance).maxIterations(20_000).build();
        }

        /** A*(D), warm-started from the previous call's codes. */
        double[] solve(double[] dictionary) {
            if (solver == null) {
                solver = solver(1e-8);
            }
            double[] theta = new double[dictionary.length + 2];
            System.arraycopy(dictionary, 0, theta, 0, dictionary.length);
            theta[dictionary.length] = lambdas[0];
            theta[dictionary.length + 1] = lambdas[1];
            double[] a = new double[rows * k];
            solver.evaluate(theta, a);
            return a;
        }
    }

    /** Multiclass logistic regression with intercept on the codes: (k + 1) × 10, the bias row last. */
    private double[] fitClassifier(double[] codes, int n, int k, int[] labels) {
        var f = Objectives.multiclassLogisticL2(codes, n, k, labels, CLASSES, true);
        return LBFGS.builder(f).tolerance(1e-8).maxIterations(20_000).build()
                .run(new double[(k + 1) * CLASSES], new double[] {classifierL2}).solution().clone();
    }

    private Score score(double[] dictionary, double[] classifier, Codes trainCodes, Codes testCodes,
                        int[] trainLabels, int[] testLabels) {
        double[] a = trainCodes.solve(dictionary);
        double trainLoss = crossEntropy(a, trainCodes.rows, trainCodes.k, classifier, trainLabels, null);
        double[] at = testCodes.solve(dictionary);
        int[] correct = new int[1];
        double testLoss = crossEntropy(at, testCodes.rows, testCodes.k, classifier, testLabels, correct);
        double nonzero = 0;
        for (double v : a) {
            if (v != 0) {
                nonzero++;
            }
        }
        return new Score(trainLoss, testLoss, (double) correct[0] / testCodes.rows, nonzero / trainCodes.rows);
    }

    /** Mean softmax cross-entropy of codes·W + b (classifier (k + 1) × 10, bias last); counts correct predictions. */
    private static double crossEntropy(double[] codes, int n, int k, double[] classifier, int[] labels, int[] correct) {
        double loss = 0;
        double[] z = new double[CLASSES];
        for (int i = 0; i < n; i++) {
            double max = Double.NEGATIVE_INFINITY;
            int best = 0;
            for (int c = 0; c < CLASSES; c++) {
                double v = classifier[k * CLASSES + c];
                for (int j = 0; j < k; j++) {
                    v += codes[i * k + j] * classifier[j * CLASSES + c];
                }
                z[c] = v;
                if (v > max) {
                    max = v;
                    best = c;
                }
            }
            double sum = 0;
            for (int c = 0; c < CLASSES; c++) {
                sum += Math.exp(z[c] - max);
            }
            loss += max + Math.log(sum) - z[labels[i]];
            if (correct != null && best == labels[i]) {
                correct[0]++;
            }
        }
        return loss / n;
    }

    /** k distinct random training digits, each scaled to unit norm. */
    private double[] initialDictionary(Dataset train, int k) {
        if (k > train.rows()) {
            throw new org.rootgrad.error.InvalidOptionException("--atoms " + k + " exceeds the " + train.rows()
                    + " training digits the initial dictionary is drawn from");
        }
        int p = train.cols();
        int[] order = Split.permutation(train.rows(), seed + 1);
        double[] d = new double[k * p];
        for (int j = 0; j < k; j++) {
            System.arraycopy(train.x(), order[j] * p, d, j * p, p);
        }
        projectAtoms(d, k, p);
        for (int j = 0; j < k; j++) { // onto the sphere, not just into the ball
            double norm = 0;
            for (int i = 0; i < p; i++) {
                norm += d[j * p + i] * d[j * p + i];
            }
            norm = Math.sqrt(norm);
            for (int i = 0; i < p; i++) {
                d[j * p + i] /= norm > 0 ? norm : 1;
            }
        }
        return d;
    }

    /** Each atom (row of D) onto the unit ball ‖d‖ ≤ 1: the constraint that keeps codes from shrinking to 0. */
    private static void projectAtoms(double[] d, int k, int p) {
        for (int j = 0; j < k; j++) {
            double norm = 0;
            for (int i = 0; i < p; i++) {
                norm += d[j * p + i] * d[j * p + i];
            }
            norm = Math.sqrt(norm);
            if (norm > 1) {
                for (int i = 0; i < p; i++) {
                    d[j * p + i] /= norm;
                }
            }
        }
    }

    /** The first {@code limit} rows, pixels divided by the largest pixel value. */
    private static Dataset scaled(Dataset d, int limit) {
        Dataset head = d.rows() > limit ? d.rows(0, limit) : d;
        double max = 0;
        for (double v : d.x()) {
            max = Math.max(max, Math.abs(v));
        }
        double[] x = head.x().clone();
        if (max > 0) {
            for (int i = 0; i < x.length; i++) {
                x[i] /= max;
            }
        }
        return new Dataset(d.name(), d.features(), head.rows(), d.cols(), x, head.y());
    }
}
