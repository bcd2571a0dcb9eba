package org.rootgrad.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rootgrad jacobian} against references computed independently here ({@link Reference}):
 * the closed forms of ridge and the lasso to 1e-8 relative, and for logistic regression both the
 * implicit-function closed form −H⁻¹w* (Newton's method and Gaussian elimination) to 1e-8 and
 * Richardson-extrapolated central differences of the solution in λ.
 */
class JacobianCommandTest {
    @TempDir
    static Path dir;

    static Path diabetes;
    static Path cancer;

    @BeforeAll
    static void copyData() {
        diabetes = Cli.bundledFile("diabetes.csv", dir);
        cancer = Cli.bundledFile("breast_cancer.csv", dir);
    }

    static JsonObject json(String... args) {
        Cli.Run run = Cli.run(args);
        assertEquals(0, run.exitCode(), run::toString);
        JsonObject o = run.json();
        assertEquals(Set.of("solution", "dsolution_dlambda", "validation_loss", "dvalidation_dlambda", "iterations",
                "linear_solve_iterations"), o.keySet());
        return o;
    }

    static double[] array(JsonObject o, String key) {
        JsonArray a = o.getAsJsonArray(key);
        double[] v = new double[a.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = a.get(i).getAsDouble();
        }
        return v;
    }

    static void assertRelative(double want, double got, double tolerance, String what) {
        assertEquals(want, got, tolerance * Math.abs(want), what);
    }

    @Test
    void ridgeMatchesTheClosedForm() {
        double lambda = 0.05;
        JsonObject o = json("jacobian", "ridge", "--data", diabetes.toString(), "--lambda", "0.05",
                "--train-rows", "0:300", "--val-rows", "300:442", "--json");
        Reference.Table all = Reference.read(diabetes);
        Reference.Table train = all.rows(0, 300);
        Reference.Table val = all.rows(300, 442);
        double[] w = Reference.ridgeSolution(train, lambda);
        double[] dw = Reference.ridgeDerivative(train, lambda);
        assertTrue(Reference.relativeError(array(o, "solution"), w) < 1e-10, "solution");
        double err = Reference.relativeError(array(o, "dsolution_dlambda"), dw);
        assertTrue(err < 1e-8, "∂w*/∂λ relative error " + err);
        double[] grad = new double[train.p()];
        double loss = Reference.meanSquaredError(val, w, grad);
        assertRelative(loss, o.get("validation_loss").getAsDouble(), 1e-12, "validation loss");
        assertRelative(Reference.dot(grad, dw), o.get("dvalidation_dlambda").getAsDouble(), 1e-8, "dL/dλ");
        assertTrue(o.get("iterations").getAsInt() > 0);
        assertTrue(o.get("linear_solve_iterations").getAsInt() >= 1);
    }

    @Test
    void ridgeOnAllRowsWithoutValidationReportsNulls() {
        JsonObject o = json("jacobian", "ridge", "--data", diabetes.toString(), "--lambda", "1", "--json");
        Reference.Table all = Reference.read(diabetes);
        double err = Reference.relativeError(array(o, "dsolution_dlambda"), Reference.ridgeDerivative(all, 1));
        assertTrue(err < 1e-8, "∂w*/∂λ relative error " + err);
        assertTrue(o.get("validation_loss").isJsonNull());
        assertTrue(o.get("dvalidation_dlambda").isJsonNull());
    }

    @Test
    void standardizedRidgeMatchesTheClosedFormOnStandardizedRows() {
        JsonObject o = json("jacobian", "ridge", "--data", diabetes.toString(), "--lambda", "0.5",
                "--train-rows", "100:400", "--standardize", "--json");
        Reference.Table train = Reference.read(diabetes).rows(100, 400);
        int n = train.n();
        int p = train.p();
        double[] x = train.x().clone();
        for (int j = 0; j < p; j++) {
            double mean = 0;
            for (int i = 0; i < n; i++) {
                mean += x[i * p + j] / n;
            }
            double var = 0;
            for (int i = 0; i < n; i++) {
                var += (x[i * p + j] - mean) * (x[i * p + j] - mean) / n;
            }
            for (int i = 0; i < n; i++) {
                x[i * p + j] = (x[i * p + j] - mean) / Math.sqrt(var);
            }
        }
        Reference.Table standardized = new Reference.Table(n, p, x, train.y());
        double err = Reference.relativeError(array(o, "dsolution_dlambda"), Reference.ridgeDerivative(standardized, 0.5));
        assertTrue(err < 1e-8, "∂w*/∂λ relative error " + err);
    }

    @Test
    void lassoMatchesTheClosedFormOnItsSupport() {
        double lambda = 0.3;
        JsonObject o = json("jacobian", "lasso", "--data", diabetes.toString(), "--lambda", "0.3",
                "--train-rows", "0:300", "--val-rows", "300:442", "--json");
        Reference.Table all = Reference.read(diabetes);
        Reference.Table train = all.rows(0, 300);
        double[] w = Reference.lassoSolution(train, lambda);
        int[] support = Reference.support(w);
        assertTrue(support.length > 2 && support.length < train.p(), "a proper support: " + support.length);
        double[] got = array(o, "solution");
        assertTrue(Reference.relativeError(got, w) < 1e-9, "solution " + Reference.relativeError(got, w));
        assertEquals(support.length, Reference.support(got).length, "the same support");
        double[] dw = Reference.lassoDerivative(train, w);
        double[] dGot = array(o, "dsolution_dlambda");
        double err = Reference.relativeError(dGot, dw);
        assertTrue(err < 1e-8, "∂w*/∂λ relative error " + err);
        for (int j = 0; j < w.length; j++) {
            if (w[j] == 0) {
                assertEquals(0.0, dGot[j], 0.0, "exactly 0 off the support, coordinate " + j);
            }
        }
        Reference.Table val = all.rows(300, 442);
        double[] r = Reference.xw(val, w);
        double loss = 0;
        for (int i = 0; i < val.n(); i++) {
            r[i] -= val.y()[i];
            loss += r[i] * r[i] / (2.0 * val.n());
        }
        double[] grad = Reference.xtv(val, r, 1.0 / val.n());
        assertRelative(loss, o.get("validation_loss").getAsDouble(), 1e-10, "validation loss");
        assertRelative(Reference.dot(grad, dw), o.get("dvalidation_dlambda").getAsDouble(), 1e-8, "dL/dλ");
    }

    /**
     * Central differences of w*(λ) computed here by Newton's method, with one Richardson step:
     * R = (4D(h/2) − D(h))/3 has error O(h⁴); with h = 0.02λ that is ~1e-8 relative, and the
     * rounding of the differences (solutions to ~1e-15, divided by h) ~1e-12.
     */
    @Test
    void logisticRegressionMatchesTheClosedFormAndCentralDifferences() {
        double lambda = 0.05;
        JsonObject o = json("jacobian", "logreg", "--data", cancer.toString(), "--lambda", "0.05",
                "--train-rows", "0:400", "--val-rows", "400:569", "--standardize", "--json");
        Reference.Table all = Reference.read(cancer);
        // standardise by the training rows, as the command does
        int p = all.p();
        Reference.Table rawTrain = all.rows(0, 400);
        double[] mean = new double[p];
        double[] sd = new double[p];
        for (int j = 0; j < p; j++) {
            for (int i = 0; i < 400; i++) {
                mean[j] += rawTrain.x()[i * p + j] / 400;
            }
            for (int i = 0; i < 400; i++) {
                double d = rawTrain.x()[i * p + j] - mean[j];
                sd[j] += d * d / 400;
            }
            sd[j] = Math.sqrt(sd[j]);
        }
        double[] x = all.x().clone();
        for (int i = 0; i < all.n(); i++) {
            for (int j = 0; j < p; j++) {
                x[i * p + j] = (x[i * p + j] - mean[j]) / sd[j];
            }
        }
        Reference.Table std = new Reference.Table(all.n(), p, x, all.y());
        Reference.Table train = std.rows(0, 400);
        Reference.Table val = std.rows(400, 569);
        double[] signs = Reference.signs(train.y());

        double[] w = Reference.logisticSolution(train, signs, lambda);
        assertTrue(Reference.relativeError(array(o, "solution"), w) < 1e-10, "solution");
        double[] h = Reference.logisticHessianAndGradient(train, signs, lambda, w, new double[p]);
        double[] closed = Reference.solve(h, p, w);
        for (int j = 0; j < p; j++) {
            closed[j] = -closed[j];
        }
        double[] dGot = array(o, "dsolution_dlambda");
        double err = Reference.relativeError(dGot, closed);
        assertTrue(err < 1e-8, "∂w*/∂λ against −H⁻¹w*: relative error " + err);

        double step = 0.02 * lambda;
        double[] d1 = centralDifference(train, signs, lambda, step);
        double[] d2 = centralDifference(train, signs, lambda, step / 2);
        double[] richardson = new double[p];
        for (int j = 0; j < p; j++) {
            richardson[j] = (4 * d2[j] - d1[j]) / 3;
        }
        double fd = Reference.relativeError(dGot, richardson);
        assertTrue(fd < 1e-7, "∂w*/∂λ against central differences: relative error " + fd);

        double[] grad = new double[p];
        double loss = Reference.logisticLoss(val, Reference.signs(val.y()), w, grad);
        assertRelative(loss, o.get("validation_loss").getAsDouble(), 1e-10, "validation loss");
        assertRelative(Reference.dot(grad, closed), o.get("dvalidation_dlambda").getAsDouble(), 1e-8, "dL/dλ");
    }

    private static double[] centralDifference(Reference.Table t, double[] signs, double lambda, double h) {
        double[] plus = Reference.logisticSolution(t, signs, lambda + h);
        double[] minus = Reference.logisticSolution(t, signs, lambda - h);
        double[] d = new double[plus.length];
        for (int j = 0; j < d.length; j++) {
            d[j] = (plus[j] - minus[j]) / (2 * h);
        }
        return d;
    }

    @Test
    void textModePrintsTheTableAndTheValidationLine() {
        Cli.Run run = Cli.run("jacobian", "ridge", "--data", diabetes.toString(), "--lambda", "0.1",
                "--val-rows", "400:442");
        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().contains("∂w*/∂λ"), run.out());
        assertTrue(run.out().contains("bmi"), run.out());
        assertTrue(run.out().contains("validation rows 400:442 (42 rows)"), run.out());
    }
}
