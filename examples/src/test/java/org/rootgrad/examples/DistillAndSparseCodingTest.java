package org.rootgrad.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rootgrad.autodiff.Function;
import org.rootgrad.autodiff.Workspace;
import org.rootgrad.examples.data.Csv;
import org.rootgrad.examples.data.Dataset;
import org.rootgrad.examples.data.Labels;
import org.rootgrad.examples.tuning.SolveStats;

/**
 * The outer gradients of {@code distill} and {@code sparse-coding} (through an implicitly
 * differentiated solver node) against central differences of the whole solve along random
 * directions, on small subsets; and short runs of both commands.
 */
class DistillAndSparseCodingTest {
    @TempDir
    Path out;

    /** The first n digits, pixels / 16. */
    static Dataset digits(int n) {
        Dataset d = Csv.bundled("digits.csv").rows(0, n);
        double[] x = d.x().clone();
        for (int i = 0; i < x.length; i++) {
            x[i] /= 16;
        }
        return new Dataset(d.name(), d.features(), n, d.cols(), x, d.y());
    }

    /**
     * d/dε L(θ + εv) by central differences with one Richardson step (error O(h⁴)); each value
     * is a fresh tight solve, so the rounding of the differences is ~tolerance/h.
     */
    static double directional(Function f, Workspace ws, int input, double[] at, double[] v, double h) {
        double d1 = (valueAt(f, ws, input, at, v, h) - valueAt(f, ws, input, at, v, -h)) / (2 * h);
        double d2 = (valueAt(f, ws, input, at, v, h / 2) - valueAt(f, ws, input, at, v, -h / 2)) / h;
        return (4 * d2 - d1) / 3;
    }

    static double valueAt(Function f, Workspace ws, int input, double[] at, double[] v, double eps) {
        double[] x = at.clone();
        for (int i = 0; i < x.length; i++) {
            x[i] += eps * v[i];
        }
        ws.setInput(input, x);
        return f.value(ws);
    }

    static double[] randomDirection(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextGaussian();
        }
        return v;
    }

    @Test
    void distillationGradientMatchesCentralDifferences() {
        Dataset train = digits(200);
        int[] labels = Labels.classes(train, 10);
        Function inner = DistillCommand.innerObjective(64, 0.1);
        Function loss = DistillCommand.outerLoss(inner, train.x(), 200, 64, labels, 1e-11, new SolveStats());
        Workspace ws = loss.newWorkspace();
        SplittableRandom r = new SplittableRandom(7);
        double[] images = new double[640];
        for (int i = 0; i < images.length; i++) {
            images[i] = r.nextDouble();
        }
        ws.setInput(0, images);
        double[] grad = new double[640];
        loss.valueAndGradient(ws, 0, grad);
        for (long seed = 1; seed <= 2; seed++) {
            double[] v = randomDirection(640, seed);
            double want = directional(loss, ws, 0, images, v, 1e-3);
            double got = Reference.dot(grad, v);
            assertEquals(want, got, 1e-6 * Math.abs(want), "direction " + seed);
        }
    }

    @Test
    void taskDrivenDictionaryGradientMatchesCentralDifferences() {
        Dataset train = digits(40);
        int[] labels = Labels.classes(train, 10);
        int k = 6;
        SparseCodingCommand.Codes codes = new SparseCodingCommand.Codes(train, k, new double[] {0.2, 0.1});
        Function task = SparseCodingCommand.taskLoss(codes, labels, 1e-3, 1e-13, new SolveStats());
        Workspace ws = task.newWorkspace();
        SplittableRandom r = new SplittableRandom(3);
        double[] dict = new double[k * 64];
        for (int i = 0; i < dict.length; i++) {
            dict[i] = 0.25 * r.nextDouble();
        }
        double[] w = randomDirection(k * 10, 11);
        double[] b = randomDirection(10, 12);
        ws.setInput(0, dict);
        ws.setInput(1, w);
        ws.setInput(2, b);
        double[][] grads = {new double[dict.length], new double[w.length], new double[b.length]};
        task.valueAndGradients(ws, grads);
        int nonZero = 0;
        for (double v : codes.solve(dict)) {
            nonZero += v != 0 ? 1 : 0;
        }
        assertTrue(nonZero > 0 && nonZero < 40 * k, "sparse but not empty codes: " + nonZero);
        for (long seed = 1; seed <= 2; seed++) {
            double[] v = randomDirection(dict.length, seed);
            // small steps: no code may cross a threshold of the elastic net's kink within ±h
            double want = directional(task, ws, 0, dict, v, 1e-5);
            ws.setInput(0, dict);
            double got = Reference.dot(grads[0], v);
            assertEquals(want, got, 1e-7 * Math.abs(want), "dictionary direction " + seed);
        }
        double[] v = randomDirection(w.length, 5);
        double want = directional(task, ws, 1, w, v, 1e-3);
        assertEquals(want, Reference.dot(grads[1], v), 1e-7 * Math.abs(want), "classifier direction");
    }

    @Test
    void distillRunsAndBeatsTheInitialLoss() throws Exception {
        Cli.Run run = Cli.run("distill", "--steps", "4", "--json", "--out", out.toString());
        assertEquals(0, run.exitCode(), run::toString);
        JsonObject doc = run.json();
        assertTrue(doc.get("final_outer_loss").getAsDouble() < doc.get("initial_outer_loss").getAsDouble());
        JsonArray images = doc.getAsJsonArray("images");
        assertEquals(10, images.size());
        for (int c = 0; c < 10; c++) {
            JsonArray image = images.get(c).getAsJsonArray();
            assertEquals(64, image.size());
            for (int i = 0; i < 64; i++) {
                double v = image.get(i).getAsDouble();
                assertTrue(v >= 0 && v <= 1, "pixel in [0, 1]: " + v);
            }
        }
        for (String key : new String[] {"accuracy_distilled", "accuracy_random_real", "accuracy_all_training"}) {
            double a = doc.get(key).getAsDouble();
            assertTrue(a > 0.1 && a <= 1, key + " = " + a);
        }
        assertTrue(Files.size(Path.of(doc.get("plot").getAsString())) > 1000);
        assertTrue(run.err().contains("distill ["), "a progress bar on stderr");
    }

    @Test
    void sparseCodingRunsAndReportsBothDictionaries() throws Exception {
        Cli.Run run = Cli.run("sparse-coding", "--steps", "3", "--train-size", "80", "--test-size", "60",
                "--atoms", "8", "--json", "--out", out.toString());
        assertEquals(0, run.exitCode(), run::toString);
        JsonObject doc = run.json();
        assertEquals(80, doc.get("train_rows").getAsInt());
        assertEquals(60, doc.get("test_rows").getAsInt());
        for (String key : new String[] {"baseline", "task_driven"}) {
            JsonObject s = doc.getAsJsonObject(key);
            assertTrue(s.get("test_accuracy").getAsDouble() > 0.1, key);
            assertTrue(s.get("train_loss").getAsDouble() > 0, key);
        }
        JsonArray history = doc.getAsJsonArray("history");
        assertEquals(3, history.size());
        assertTrue(Files.size(Path.of(doc.get("plot").getAsString())) > 1000);
    }
}
