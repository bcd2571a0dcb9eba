package org.rootgrad.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.DoubleUnaryOperator;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rootgrad.examples.data.Csv;
import org.rootgrad.examples.data.Dataset;
import org.rootgrad.examples.data.Split;

/**
 * {@code ridge}, {@code lasso} and {@code logreg}, run for a few steps: every hypergradient they
 * print matches dL/dθ = λ·∇L(w*)ᵀ ∂w*(λ)/∂λ computed here from closed forms ({@link Reference}),
 * on the same seeded split (selected by {@link Split}, the only code under test the references
 * use) with the preprocessing redone here; the plot is a readable PNG.
 */
class TuningCommandsTest {
    @TempDir
    Path out;

    static Reference.Table table(Dataset d) {
        return new Reference.Table(d.rows(), d.cols(), d.x(), d.y());
    }

    JsonObject run(String... args) {
        String[] all = new String[args.length + 3];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--json";
        all[args.length + 1] = "--out";
        all[args.length + 2] = out.toString();
        Cli.Run run = Cli.run(all);
        assertEquals(0, run.exitCode(), run::toString);
        return run.json();
    }

    /** Every step's hypergradient against the reference dL/dθ at that step's λ. */
    static void checkSteps(JsonObject doc, int steps, DoubleUnaryOperator reference, double tolerance, String key) {
        JsonArray rows = doc.getAsJsonArray("steps");
        assertEquals(steps + 1, rows.size());
        for (int k = 0; k < rows.size(); k++) {
            JsonObject row = rows.get(k).getAsJsonObject();
            double lambda = row.get("lambda").getAsDouble();
            double want = reference.applyAsDouble(lambda);
            double got = row.get(key).getAsDouble();
            assertEquals(want, got, tolerance * Math.abs(want), "step " + k + " at λ = " + lambda);
        }
    }

    void checkPlot(JsonObject doc, String name) throws IOException {
        Path plot = Path.of(doc.get("plot").getAsString());
        assertEquals(out.resolve(name).toAbsolutePath().normalize(), plot);
        BufferedImage image = ImageIO.read(Files.newInputStream(plot));
        assertEquals(900, image.getWidth());
        assertEquals(560, image.getHeight());
        assertEquals(60, doc.getAsJsonObject("curve").getAsJsonArray("lambda").size());
    }

    /** The ridge problem of the command: diabetes, default split, features and target centred by training means. */
    static final class Ridge {
        final Reference.Table train;
        final Reference.Table val;

        Ridge() {
            Split split = Split.random(Csv.bundled("diabetes.csv"), 0.3, 0);
            Reference.Table rawTrain = table(split.train());
            double yMean = Reference.mean(rawTrain.y());
            this.train = Reference.shiftTarget(Reference.standardize(rawTrain, rawTrain, false), yMean);
            this.val = Reference.shiftTarget(Reference.standardize(table(split.validation()), rawTrain, false), yMean);
        }

        double hypergradient(double lambda) {
            double[] w = Reference.ridgeSolution(train, lambda);
            double[] grad = new double[train.p()];
            Reference.meanSquaredError(val, w, grad);
            return lambda * Reference.dot(grad, Reference.ridgeDerivative(train, lambda));
        }
    }

    @Test
    void ridgeHypergradientsMatchTheClosedForm() throws IOException {
        JsonObject doc = run("ridge", "--steps", "3");
        Ridge ridge = new Ridge();
        checkSteps(doc, 3, ridge::hypergradient, 1e-7, "hypergradient");
        // Adam's first step moves θ by the step size whatever the gradient's scale
        double lambda1 = doc.getAsJsonArray("steps").get(1).getAsJsonObject().get("lambda").getAsDouble();
        assertEquals(-0.3, Math.log(lambda1), 1e-6);
        JsonObject first = doc.getAsJsonObject("initial");
        double[] w = Reference.ridgeSolution(ridge.train, 1.0);
        assertEquals(Reference.meanSquaredError(ridge.val, w, null), first.get("validation_loss").getAsDouble(), 1e-9 * 3000);
        assertEquals(310, doc.get("train_rows").getAsInt());
        assertEquals(132, doc.get("validation_rows").getAsInt());
        checkPlot(doc, "ridge.png");
    }

    @Test
    void theSeedsCustomConjugateGradientSolverGivesTheSameHypergradients() {
        JsonObject doc = run("ridge", "--steps", "2", "--solver", "cg");
        checkSteps(doc, 2, new Ridge()::hypergradient, 1e-7, "hypergradient");
    }

    @Test
    void unrolledHypergradientsAgreeWithTheImplicitOnes() {
        JsonObject doc = run("ridge", "--steps", "2", "--unrolled");
        assertEquals("unrolled", doc.get("differentiation").getAsString());
        Ridge ridge = new Ridge();
        // the solve stops at ‖∇f‖ ≤ 1e-10 with a line search: the unrolled derivative of that truncated run
        checkSteps(doc, 2, ridge::hypergradient, 1e-4, "hypergradient");
        checkSteps(doc, 2, ridge::hypergradient, 1e-7, "hypergradient_implicit");
        assertTrue(doc.get("max_relative_difference").getAsDouble() < 1e-4);
        assertTrue(doc.getAsJsonObject("timing").get("unrolled_ms").getAsDouble() > 0);
    }

    @Test
    void lassoHypergradientsMatchTheClosedFormOnTheSupport() throws IOException {
        JsonObject doc = run("lasso", "--steps", "3");
        Split split = Split.random(Csv.bundled("diabetes.csv"), 0.3, 0);
        Reference.Table rawTrain = table(split.train());
        double yMean = Reference.mean(rawTrain.y());
        Reference.Table train = Reference.shiftTarget(Reference.standardize(rawTrain, rawTrain, false), yMean);
        Reference.Table val = Reference.shiftTarget(Reference.standardize(table(split.validation()), rawTrain, false), yMean);
        checkSteps(doc, 3, lambda -> {
            double[] w = Reference.lassoSolution(train, lambda);
            double[] grad = new double[train.p()];
            Reference.meanSquaredError(val, w, grad);
            return lambda * Reference.dot(grad, Reference.lassoDerivative(train, w));
        }, 1e-6, "hypergradient");
        checkPlot(doc, "lasso.png");
        assertTrue(doc.getAsJsonObject("final").has("nonzero_coefficients"));
    }

    @Test
    void logisticHypergradientsMatchTheClosedFormWithAnUnpenalisedIntercept() throws IOException {
        JsonObject doc = run("logreg", "--steps", "2");
        Split split = Split.random(Csv.bundled("breast_cancer.csv"), 0.3, 0);
        Reference.Table rawTrain = table(split.train());
        Reference.Table train = Reference.withOnes(Reference.standardize(rawTrain, rawTrain, true));
        Reference.Table val = Reference.withOnes(Reference.standardize(table(split.validation()), rawTrain, true));
        double[] trainSigns = Reference.signs(train.y());
        double[] valSigns = Reference.signs(val.y());
        int p = train.p();
        checkSteps(doc, 2, lambda -> {
            double[] w = Reference.logisticSolution(train, trainSigns, lambda, 1);
            double[] h = Reference.logisticHessianAndGradient(train, trainSigns, lambda, w, new double[p], 1);
            double[] mixed = w.clone();
            mixed[p - 1] = 0; // ∂/∂λ ∇f = the penalised weights; the intercept is not penalised
            double[] dw = Reference.solve(h, p, mixed);
            double[] grad = new double[p];
            Reference.logisticLoss(val, valSigns, w, grad);
            return -lambda * Reference.dot(grad, dw);
        }, 1e-6, "hypergradient");
        JsonObject initial = doc.getAsJsonObject("initial");
        double accuracy = initial.get("validation_accuracy").getAsDouble();
        assertTrue(accuracy > 0.9 && accuracy <= 1, "accuracy " + accuracy);
        checkPlot(doc, "logreg.png");
    }

    @Test
    void textModeReportsEachStepAndWhereThePlotIs() {
        Cli.Run run = Cli.run("ridge", "--steps", "2", "--out", out.toString());
        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().contains("dL/dθ"), run.out());
        assertTrue(run.out().lines().anyMatch(l -> l.strip().startsWith("2 ")), run.out());
        assertTrue(run.out().contains("wrote " + out.resolve("ridge.png").toAbsolutePath().normalize()), run.out());
        assertTrue(Files.exists(out.resolve("ridge.png")));
    }
}
