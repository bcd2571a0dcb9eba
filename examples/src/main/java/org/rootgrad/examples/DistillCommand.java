package org.rootgrad.examples;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.rootgrad.autodiff.Function;
import org.rootgrad.autodiff.Tape;
import org.rootgrad.autodiff.Tensor;
import org.rootgrad.autodiff.Workspace;
import org.rootgrad.error.Checks;
import org.rootgrad.examples.data.Csv;
import org.rootgrad.examples.data.Dataset;
import org.rootgrad.examples.data.Labels;
import org.rootgrad.examples.data.Split;
import org.rootgrad.examples.plot.ImageGrid;
import org.rootgrad.examples.tuning.Adam;
import org.rootgrad.examples.tuning.SolveStats;
import org.rootgrad.implicit.ImplicitDiff;
import org.rootgrad.solvers.LBFGS;
import org.rootgrad.solvers.objective.Objectives;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Dataset distillation on the digits (Wang et al., 2018; JAXopt's dataset_distillation example):
 * learn one synthetic 8×8 image per class, S (10×64), such that multiclass logistic regression
 * trained on those ten images alone classifies real digits well. Inner problem, recorded on a
 * tape with S as an input: W*(S) = argmin_W CE(S·W, 0…9) + (λ/2)‖W‖² (W 64×10, mean softmax
 * cross-entropy; the logits S·W use the general matmul op, since the fused loss ops need a
 * constant data matrix), solved by L-BFGS. Outer loss: the cross-entropy of W*(S) on the real
 * training digits; its gradient in S by implicit differentiation through the node W*(S); S
 * updated by projected Adam: pixels are kept in [0, 1], the range of the scaled real digits, and
 * start as small clipped noise. With that box and a moderate L2 strength the learned images look
 * like digits; unconstrained, they become discriminative patterns that look like noise.
 */
@Command(name = "distill", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Dataset distillation on the digits: learn one synthetic 8×8 image per class.",
                "Multiclass logistic regression trained on the 10 learned images (inner problem, L-BFGS,"
                        + " differentiated implicitly) is scored on real training digits (outer loss, Adam on the"
                        + " images); reports held-out accuracy against 10 real images picked at random."})
final class DistillCommand implements Callable<Integer> {
    private static final int CLASSES = 10;

    @Spec
    CommandSpec spec;

    @Option(names = "--data", paramLabel = "FILE.csv",
            description = "your own digits CSV: 64 pixel columns (8×8, row-major) and a class 0-9 last")
    Path data;

    @Option(names = "--steps", defaultValue = "150", description = "Adam steps on the images (default ${DEFAULT-VALUE})")
    int steps;

    @Option(names = "--lr", defaultValue = "0.05", paramLabel = "RATE",
            description = "Adam's step size on the pixels (scaled to [0, 1]), cosine decay (default ${DEFAULT-VALUE})")
    double lr;

    @Option(names = "--l2", defaultValue = "0.1", paramLabel = "λ",
            description = "the inner model's fixed L2 strength λ (default ${DEFAULT-VALUE})")
    double l2;

    @Option(names = "--test-fraction", defaultValue = "0.3", paramLabel = "F",
            description = "fraction of the digits held out for the accuracy report (default ${DEFAULT-VALUE})")
    double testFraction;

    @Option(names = "--seed", defaultValue = "0",
            description = "seed of the split, the initial images and the baseline's pick (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--json", description = "print one JSON document with the results on stdout (the report goes to stderr)")
    boolean json;

    @Option(names = "--out", defaultValue = "rootgrad-out", paramLabel = "DIR",
            description = "directory for the image grid (default ${DEFAULT-VALUE})")
    Path out;

    @Override
    public Integer call() {
        Checks.atLeastOne("--steps", steps);
        Checks.positive("--lr", lr);
        Checks.positive("--l2", l2);
        Output report = new Output(spec, json);
        Dataset all = data == null ? Csv.bundled("digits.csv") : Csv.read(data);
        if (all.cols() != 64) {
            throw new org.rootgrad.examples.data.InvalidDataException(all.name() + " has " + all.cols()
                    + " feature columns; distill needs 64 (8×8 pixels, row-major)");
        }
        Split split = Split.random(all, testFraction, seed);
        Dataset train = scaled(split.train());
        Dataset test = scaled(split.validation());
        int[] trainLabels = Labels.classes(train, CLASSES);
        int[] testLabels = Labels.classes(test, CLASSES);
        int p = all.cols();
        report.line("%s: %d digits; seeded shuffle (--seed %d): %d for the outer loss, %d held out; pixels / max pixel",
                all.name(), all.rows(), seed, train.rows(), test.rows());
        report.line("inner: W*(S) = argmin_W mean CE(S·W, 0…9) + (%s/2)‖W‖², S 10×64, W 64×10, by L-BFGS;"
                + " outer: mean CE(X_train·W*(S)) on %d digits, projected Adam on S ∈ [0, 1] (%d steps, step size %s,"
                + " cosine decay)",
                l2, train.rows(), steps, lr);

        Function inner = innerObjective(p, l2);
        SolveStats stats = new SolveStats();
        Function loss = outerLoss(inner, train.x(), train.rows(), p, trainLabels, 1e-9, stats);
        Workspace ws = loss.newWorkspace();

        SplittableRandom random = new SplittableRandom(seed);
        double[] synthetic = new double[CLASSES * p];
        for (int i = 0; i < synthetic.length; i++) {
            synthetic[i] = 0.1 * random.nextGaussian();
        }
        clip(synthetic);
        double[] baseline = randomRealImages(train, trainLabels, random);

        Adam adam = new Adam(synthetic.length);
        double[] grad = new double[synthetic.length];
        ProgressBar bar = report.progress("distill", steps, true);
        JsonArray history = new JsonArray();
        double first = Double.NaN;
        double value = Double.NaN;
        long t0 = System.nanoTime();
        for (int k = 0; k < steps; k++) {
            ws.setInput(0, synthetic);
            value = loss.valueAndGradient(ws, 0, grad);
            if (k == 0) {
                first = value;
            }
            adam.step(synthetic, grad, Adam.cosine(lr, k, steps));
            clip(synthetic);
            JsonObject row = new JsonObject();
            row.addProperty("step", k);
            row.add("outer_loss", Output.number(value));
            row.addProperty("inner_iterations", stats.forwardIterations());
            row.addProperty("linear_solve_iterations", stats.derivativeIterations());
            history.add(row);
            bar.update(k + 1, String.format(Locale.ROOT, "outer loss %.4f", value));
        }
        ws.setInput(0, synthetic);
        double last = loss.value(ws);
        double seconds = (System.nanoTime() - t0) / 1e9;
        report.line("outer loss (training digits): %.4f → %.4f in %d steps, %.1f s; implicit VJPs by %s"
                + " (%d iterations at the last step)", first, last, steps, seconds, stats.derivativeMethod(),
                stats.derivativeIterations());

        double distilled = accuracy(trainOn(inner, synthetic, p), test, testLabels);
        double realTen = accuracy(trainOn(inner, baseline, p), test, testLabels);
        double full = accuracy(trainOnAll(train, trainLabels), test, testLabels);
        report.line("held-out accuracy (%d digits) of the same model trained on:", test.rows());
        report.line("  the 10 distilled images            %6.2f%%", 100 * distilled);
        report.line("  10 real images, one per class      %6.2f%%  (picked at random, --seed %d)", 100 * realTen, seed);
        report.line("  all %4d training digits           %6.2f%%  (for reference)", train.rows(), 100 * full);

        double[][] pictures = new double[CLASSES][];
        String[] captions = new String[CLASSES];
        for (int c = 0; c < CLASSES; c++) {
            pictures[c] = java.util.Arrays.copyOfRange(synthetic, c * p, (c + 1) * p);
            captions[c] = "digit " + c;
        }
        Path file = out.resolve("distill.png");
        new ImageGrid("Distilled digits: one learned 8×8 image per class", 8, 8, pictures, captions, 5)
                .range(0, 1)
                .subtitle(String.format(Locale.ROOT, "logistic regression trained on these 10 images: %.1f%% held-out"
                        + " accuracy (10 random real images: %.1f%%)", 100 * distilled, 100 * realTen))
                .write(file, 14);
        report.line("wrote %s", file.toAbsolutePath().normalize());

        JsonObject doc = new JsonObject();
        doc.addProperty("command", "distill");
        doc.addProperty("data", all.name());
        doc.addProperty("train_rows", train.rows());
        doc.addProperty("test_rows", test.rows());
        doc.addProperty("seed", seed);
        doc.addProperty("steps", steps);
        doc.add("initial_outer_loss", Output.number(first));
        doc.add("final_outer_loss", Output.number(last));
        doc.add("accuracy_distilled", Output.number(distilled));
        doc.add("accuracy_random_real", Output.number(realTen));
        doc.add("accuracy_all_training", Output.number(full));
        doc.add("history", history);
        JsonArray imagesJson = new JsonArray();
        for (double[] picture : pictures) {
            imagesJson.add(Output.numbers(picture));
        }
        doc.add("images", imagesJson);
        doc.add("seconds", Output.number(seconds));
        doc.addProperty("plot", file.toAbsolutePath().normalize().toString());
        report.document(doc);
        return 0;
    }

    /**
     * The inner objective on a tape, inputs W (0, p×10) and S (1, 10×p):
     * mean CE(S·W, labels 0…9) + (λ/2)‖W‖², the logits by the general matmul op (S is a variable).
     */
    static Function innerObjective(int p, double l2) {
        int[] synthLabels = new int[CLASSES];
        for (int c = 0; c < CLASSES; c++) {
            synthLabels[c] = c;
        }
        Tape in = new Tape();
        Tensor w = in.input("W", p, CLASSES);
        Tensor s = in.input("S", CLASSES, p);
        return in.build(in.softmaxCrossEntropy(s.matmul(w), synthLabels).add(w.squaredNorm().mul(l2 / 2)));
    }

    /**
     * The outer loss on a tape, input S (0, 10×p): the mean cross-entropy of the real training
     * digits under W*(S), the inner problem solved by L-BFGS to the given gradient tolerance and
     * recorded as one node (implicit VJPs through ∇_W f = 0).
     */
    static Function outerLoss(Function inner, double[] x, int n, int p, int[] labels, double tolerance,
                              SolveStats stats) {
        LBFGS solver = LBFGS.builder(inner.objective(0, 1)).tolerance(tolerance).maxIterations(10_000).memory(20)
                .build();
        Tape outer = new Tape();
        Tensor images = outer.input("S", CLASSES, p);
        Tensor wStar = ImplicitDiff.node(outer, solver, stats, images).reshape(p, CLASSES);
        return outer.build(outer.softmaxCrossEntropy(outer.constant(x, n, p), wStar, labels));
    }

    /** The projection of projected Adam: pixels stay in [0, 1], the range of the real (scaled) digits. */
    private static void clip(double[] pixels) {
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = Math.min(1, Math.max(0, pixels[i]));
        }
    }

    /** Pixels divided by the largest pixel value of the data (16 for the bundled digits). */
    private static Dataset scaled(Dataset d) {
        double max = 0;
        for (double v : d.x()) {
            max = Math.max(max, Math.abs(v));
        }
        double[] x = d.x().clone();
        if (max > 0) {
            for (int i = 0; i < x.length; i++) {
                x[i] /= max;
            }
        }
        return new Dataset(d.name(), d.features(), d.rows(), d.cols(), x, d.y());
    }

    /** One real training image per class, each picked uniformly at random among its class. */
    private static double[] randomRealImages(Dataset train, int[] labels, SplittableRandom random) {
        int p = train.cols();
        double[] images = new double[CLASSES * p];
        for (int c = 0; c < CLASSES; c++) {
            int count = 0;
            for (int label : labels) {
                if (label == c) {
                    count++;
                }
            }
            if (count == 0) {
                throw new org.rootgrad.examples.data.InvalidDataException(train.name() + ": no training digit of class " + c);
            }
            int pick = random.nextInt(count);
            for (int i = 0; i < labels.length; i++) {
                if (labels[i] == c && pick-- == 0) {
                    System.arraycopy(train.x(), i * p, images, c * p, p);
                    break;
                }
            }
        }
        return images;
    }

    /** W*(S) for the given ten images, by a fresh L-BFGS run of the inner problem. */
    private static double[] trainOn(Function inner, double[] images, int p) {
        LBFGS solver = LBFGS.builder(inner.objective(0, 1)).tolerance(1e-9).maxIterations(10_000).build();
        return solver.run(new double[p * CLASSES], images).solution().clone();
    }

    /** The same model (L2 = the inner one) trained on every training digit: the reference accuracy. */
    private double[] trainOnAll(Dataset train, int[] labels) {
        var f = Objectives.multiclassLogisticL2(train.x(), train.rows(), train.cols(), labels, CLASSES, false);
        LBFGS solver = LBFGS.builder(f).tolerance(1e-7).maxIterations(10_000).build();
        return solver.run(new double[train.cols() * CLASSES], new double[] {l2}).solution().clone();
    }

    /** The fraction of rows whose largest logit x·W is their label. */
    static double accuracy(double[] w, Dataset d, int[] labels) {
        int p = d.cols();
        int correct = 0;
        for (int i = 0; i < d.rows(); i++) {
            int best = 0;
            double bestLogit = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < CLASSES; c++) {
                double z = 0;
                for (int j = 0; j < p; j++) {
                    z += d.x()[i * p + j] * w[j * CLASSES + c];
                }
                if (z > bestLogit) {
                    bestLogit = z;
                    best = c;
                }
            }
            if (best == labels[i]) {
                correct++;
            }
        }
        return (double) correct / d.rows();
    }
}
