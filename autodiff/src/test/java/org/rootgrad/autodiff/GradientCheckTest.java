package org.rootgrad.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The gradient checker passes correct functions and catches each kind of wrong derivative: a
 * primitive whose JVP, VJP or second-order rule is deliberately off by a factor shows a large
 * error in exactly that column.
 */
class GradientCheckTest {

    /** y = sin(x) element-wise, with one rule scaled by {@code wrong} when named. */
    private static final class Sine implements Primitive<Void> {
        private final String broken;

        Sine(String broken) {
            this.broken = broken;
        }

        @Override
        public String name() {
            return "sine";
        }

        @Override
        public Void newState() {
            return null;
        }

        private double factor(String rule) {
            return rule.equals(broken) ? 1.1 : 1;
        }

        @Override
        public void value(Void s, double[][] in, double[] out) {
            for (int i = 0; i < out.length; i++) {
                out[i] = Math.sin(in[0][i]);
            }
        }

        @Override
        public void jvp(Void s, double[][] in, double[] out, double[][] t, double[] tOut) {
            for (int i = 0; i < out.length; i++) {
                tOut[i] = factor("jvp") * Math.cos(in[0][i]) * t[0][i];
            }
        }

        @Override
        public void vjp(Void s, double[][] in, double[] out, double[] aOut, double[][] aIn) {
            for (int i = 0; i < out.length; i++) {
                aIn[0][i] = factor("vjp") * Math.cos(in[0][i]) * aOut[i];
            }
        }

        @Override
        public void vjpTangent(Void s, double[][] in, double[] out, double[][] t, double[] tOut,
                               double[] aOut, double[] daOut, double[][] daIn) {
            for (int i = 0; i < out.length; i++) {
                daIn[0][i] = Math.cos(in[0][i]) * daOut[i]
                        - factor("vjpTangent") * Math.sin(in[0][i]) * t[0][i] * aOut[i];
            }
        }
    }

    private static GradientCheckResult check(String broken) {
        Tape tape = new Tape();
        Tensor x = tape.input("x", 5);
        Tensor theta = tape.input("theta", 30);
        Tensor s = tape.apply(new Sine(broken), Shape.vector(5), x);
        Tensor f = s.mul(theta.slice(0, 5)).sum().add(theta.squaredNorm().mul(x.mean()));
        SplittableRandom rnd = new SplittableRandom(1);
        return GradientCheck.of(tape.build(f)).at(TestSupport.gaussian(rnd, 5), TestSupport.gaussian(rnd, 30));
    }

    @Test
    void correctDerivativesPass() {
        GradientCheckResult r = check("none");
        assertTrue(r.passed(1e-6), r.toString());
        assertEquals(2, r.inputs().size());
        assertTrue(r.toString().contains("theta") && r.toString().contains("[30]"), r.toString());
        assertTrue(r.worst() < 1e-6);
    }

    @Test
    void aWrongJvpIsCaught() {
        GradientCheckResult r = check("jvp");
        assertFalse(r.passed(1e-3), r.toString());
        assertTrue(r.input("x").jvp() > 1e-2, r.toString());
        assertTrue(r.input("x").gradient() < 1e-6, "the gradient comes from the VJP: " + r);
    }

    @Test
    void aWrongVjpIsCaught() {
        GradientCheckResult r = check("vjp");
        assertTrue(r.input("x").vjp() > 1e-2, r.toString());
        assertTrue(r.input("x").gradient() > 1e-2, r.toString());
        assertTrue(r.input("x").jvp() < 1e-6, r.toString());
    }

    @Test
    void aWrongSecondOrderRuleIsCaught() {
        GradientCheckResult r = check("vjpTangent");
        assertTrue(r.input("x").secondOrder() > 1e-3, r.toString());
        assertTrue(r.input("x").jvp() < 1e-6 && r.input("x").vjp() < 1e-6, r.toString());
    }

    @Test
    void vectorOutputsReportNoGradient() {
        Tape tape = new Tape();
        Tensor x = tape.input("x", 3);
        GradientCheckResult r = GradientCheck.of(tape.build(x.softmax())).directions(2).at(new double[] {1, 2, 3});
        assertTrue(Double.isNaN(r.input("x").gradient()));
        assertTrue(r.passed(1e-6), r.toString());
        assertTrue(r.toString().contains("n/a"), r.toString());
    }
}
