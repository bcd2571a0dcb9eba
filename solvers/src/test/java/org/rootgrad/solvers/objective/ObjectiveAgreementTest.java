package org.rootgrad.solvers.objective;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.rootgrad.autodiff.Objective;
import org.rootgrad.solvers.testing.Vectors;

/**
 * Hand-written objectives against their tape twins (values, gradients, Hessian-vector and mixed
 * products to 1e-10 relative: both are exact, they differ only by the order of rounding), and
 * the hand-written ones against central finite differences of themselves.
 */
class ObjectiveAgreementTest {
    static final double AGREEMENT = 1e-10;

    static List<ObjectiveCase> cases() {
        return ObjectiveCase.all();
    }

    static double[] theta(ObjectiveCase c) {
        return c.hasLambda() ? new double[] {0.7} : new double[0];
    }

    static void assertClose(double[] expected, double[] actual, double tolerance, String label) {
        double diff = Vectors.distance(expected, actual);
        double scale = Math.max(Vectors.norm(expected), 1e-300);
        assertTrue(diff <= tolerance * scale, label + ": relative difference " + diff / scale);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void handWrittenAgreesWithTheTape(ObjectiveCase c) {
        Objective hand = c.hand().get();
        Objective tape = c.tape().get();
        assertEquals(tape.dimension(), hand.dimension());
        assertEquals(tape.parameterDimension(), hand.parameterDimension());
        int n = hand.dimension();
        int m = hand.parameterDimension();
        Random rng = new Random(5);
        double[] theta = theta(c);
        for (int trial = 0; trial < 3; trial++) {
            double[] w = Vectors.scaled(0.5, Vectors.gaussian(rng, n));
            if (c.name().startsWith("multiclass SVM")) {
                w = simplexRows(rng, n / ObjectiveCase.CLASSES, ObjectiveCase.CLASSES);
            }
            double vh = hand.value(w, theta);
            double vt = tape.value(w, theta);
            assertEquals(vt, vh, AGREEMENT * Math.abs(vt), "value");
            double[] gh = new double[n];
            double[] gt = new double[n];
            assertEquals(vt, hand.valueAndGradient(w, theta, gh), AGREEMENT * Math.abs(vt), "value with gradient");
            tape.valueAndGradient(w, theta, gt);
            assertClose(gt, gh, AGREEMENT, "gradient");
            hand.linearize(w, theta);
            tape.linearize(w, theta);
            double[] v = Vectors.gaussian(rng, n);
            double[] hh = new double[n];
            double[] ht = new double[n];
            hand.hessianVector(v, hh);
            tape.hessianVector(v, ht);
            assertClose(ht, hh, AGREEMENT, "Hessian-vector product");
            if (m > 0) {
                double[] u = Vectors.gaussian(rng, m);
                hand.mixedVector(u, hh);
                tape.mixedVector(u, ht);
                assertClose(ht, hh, AGREEMENT, "mixed product");
                double[] th = new double[m];
                double[] tt = new double[m];
                hand.mixedTransposeVector(v, th);
                tape.mixedTransposeVector(v, tt);
                assertClose(tt, th, AGREEMENT, "transposed mixed product");
            }
        }
    }

    static double[] simplexRows(Random rng, int rows, int k) {
        double[] b = new double[rows * k];
        for (int i = 0; i < rows; i++) {
            double s = 0;
            for (int c = 0; c < k; c++) {
                b[i * k + c] = rng.nextDouble() + 0.05;
                s += b[i * k + c];
            }
            for (int c = 0; c < k; c++) {
                b[i * k + c] /= s;
            }
        }
        return b;
    }

    /**
     * Central differences with h = 1e-5: truncation O(h²·f‴) ≈ 1e-10 and rounding ε·|f|/h ≈ 1e-11
     * against values of order 1, so 1e-6 relative leaves a wide margin; Huber's kinks are avoided
     * by the random point (no residual within h·‖direction‖ of ±δ, checked by the agreement of the
     * one-sided differences).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void derivativesMatchFiniteDifferences(ObjectiveCase c) {
        Objective f = c.hand().get();
        int n = f.dimension();
        int m = f.parameterDimension();
        Random rng = new Random(9);
        double[] theta = theta(c);
        double[] w = Vectors.scaled(0.5, Vectors.gaussian(rng, n));
        double h = 1e-5;
        double[] dir = Vectors.gaussian(rng, n);
        double[] g = new double[n];
        f.valueAndGradient(w, theta, g);
        double fd = (f.value(shift(w, dir, h), theta) - f.value(shift(w, dir, -h), theta)) / (2 * h);
        assertEquals(fd, Vectors.dot(g, dir), 1e-6 * (1 + Math.abs(fd)), "directional derivative");
        double[] gp = new double[n];
        double[] gm = new double[n];
        f.valueAndGradient(shift(w, dir, h), theta, gp);
        f.valueAndGradient(shift(w, dir, -h), theta, gm);
        double[] hvFd = new double[n];
        for (int i = 0; i < n; i++) {
            hvFd[i] = (gp[i] - gm[i]) / (2 * h);
        }
        f.linearize(w, theta);
        double[] hv = new double[n];
        f.hessianVector(dir, hv);
        assertClose(hvFd, hv, 1e-6, "Hessian-vector product vs finite differences");
        if (m > 0) {
            double[] tp = {theta[0] + h};
            double[] tm = {theta[0] - h};
            f.valueAndGradient(w, tp, gp);
            f.valueAndGradient(w, tm, gm);
            double[] mixedFd = new double[n];
            for (int i = 0; i < n; i++) {
                mixedFd[i] = (gp[i] - gm[i]) / (2 * h);
            }
            f.linearize(w, theta);
            double[] mixed = new double[n];
            f.mixedVector(new double[] {1.0}, mixed);
            assertClose(mixedFd, mixed, 1e-6, "mixed product vs finite differences");
        }
    }

    static double[] shift(double[] w, double[] dir, double h) {
        double[] out = w.clone();
        for (int i = 0; i < w.length; i++) {
            out[i] += h * dir[i];
        }
        return out;
    }
}
