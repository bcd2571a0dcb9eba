package org.rootgrad.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rootgrad.autodiff.TestSupport.assertClose;
import static org.rootgrad.autodiff.TestSupport.dot;
import static org.rootgrad.autodiff.TestSupport.gaussian;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every op, on random points inside its domain (three per op): JVP, VJP, gradient and every
 * second-order product (Hessian-vector and mixed, for all input pairs) against central finite
 * differences, and the adjoint identities.
 *
 * <p>Tolerances: finite differences (step 1e-5·max(1, ‖x‖∞)) agree to 1e-6 relative
 * (‖a − b‖∞ / max(‖a‖∞, ‖b‖∞, 1e-8)); adjoint identities ⟨Jv, w⟩ = ⟨v, Jᵀw⟩ and the symmetry of
 * second derivatives hold to 1e-12 relative to the Cauchy–Schwarz scale of the two sides.
 */
class OpDerivativesTest {
    static final double FD_TOL = 1e-6;
    static final double ADJOINT_TOL = 1e-12;

    static List<OpCase> cases() {
        return OpCase.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void derivativesMatchFiniteDifferencesAndAdjointIdentities(OpCase c) {
        for (int trial = 0; trial < 3; trial++) {
            SplittableRandom rnd = new SplittableRandom(c.name().hashCode() * 31L + trial);
            double[][] point = c.points().next(rnd);
            Function[] fns = c.build(rnd);
            checkVectorFunction(c.name(), fns[0], point, rnd);
            checkScalarFunction(c.name(), fns[1], point, rnd);
        }
    }

    /** JVP and VJP of the raw output; second order along a cotangent. */
    static void checkVectorFunction(String name, Function f, double[][] point, SplittableRandom rnd) {
        Workspace ws = f.newWorkspace();
        TestSupport.setAll(ws, point);
        int m = f.outputSize();
        double[] w = gaussian(rnd, m);
        for (int k = 0; k < point.length; k++) {
            int n = point[k].length;
            double[] v = gaussian(rnd, n);
            double[] jv = new double[m];
            f.jvp(ws, k, v, jv);
            assertClose(TestSupport.finiteDifferenceJvp(f, point, k, v), jv, FD_TOL, name + ": jvp of input " + k);

            double[] jtw = new double[n];
            f.vjp(ws, w, k, jtw);
            assertAdjoint(dot(jv, w), dot(v, jtw), norm(jv) * norm(w) + norm(v) * norm(jtw),
                    name + ": <Jv, w> = <v, Jᵀw> for input " + k);

            for (int g = 0; g < point.length; g++) {
                double[] exact = new double[point[g].length];
                f.secondOrder(ws, w, k, v, g, exact);
                assertClose(TestSupport.finiteDifferenceSecondOrder(f, point, w, k, v, g), exact, FD_TOL,
                        name + ": second order along a cotangent, tangent " + k + ", gradient " + g);
                // wᵀF''[u_g, v_k] is symmetric in its two directions
                double[] u = gaussian(rnd, point[g].length);
                double[] back = new double[n];
                f.secondOrder(ws, w, g, u, k, back);
                assertAdjoint(dot(u, exact), dot(v, back), norm(u) * norm(exact) + norm(v) * norm(back),
                        name + ": symmetry of the second derivative, inputs " + k + " and " + g);
            }
        }
    }

    /** Gradient, Hessian-vector and mixed products of the scalarised output. */
    static void checkScalarFunction(String name, Function s, double[][] point, SplittableRandom rnd) {
        Workspace ws = s.newWorkspace();
        TestSupport.setAll(ws, point);
        double[][] all = new double[point.length][];
        for (int k = 0; k < point.length; k++) {
            all[k] = new double[point[k].length];
        }
        double value = s.valueAndGradients(ws, all);
        assertEquals(s.value(ws), value, 0.0);
        for (int k = 0; k < point.length; k++) {
            double[] grad = new double[point[k].length];
            assertEquals(value, s.valueAndGradient(ws, k, grad), 0.0);
            assertClose(TestSupport.finiteDifferenceGradient(s, point, k), grad, FD_TOL,
                    name + ": gradient of input " + k);
            assertClose(grad, all[k], 0.0, name + ": one reverse sweep for all inputs");
        }
        double[] one = {1};
        for (int t = 0; t < point.length; t++) {
            double[] v = gaussian(rnd, point[t].length);
            for (int g = 0; g < point.length; g++) {
                double[] exact = new double[point[g].length];
                s.secondOrder(ws, t, v, g, exact);
                assertClose(TestSupport.finiteDifferenceSecondOrder(s, point, one, t, v, g), exact, FD_TOL,
                        name + ": d/dε ∇_" + g + " along input " + t);
                double[] w = gaussian(rnd, point[g].length);
                double[] back = new double[point[t].length];
                s.secondOrder(ws, g, w, t, back);
                assertAdjoint(dot(w, exact), dot(v, back), norm(w) * norm(exact) + norm(v) * norm(back),
                        name + ": <w, H_gt v> = <H_tg w, v> for " + g + ", " + t);
            }
        }
    }

    static void assertAdjoint(double left, double right, double scale, String what) {
        double err = Math.abs(left - right) / Math.max(scale, 1e-300);
        assertTrue(err <= ADJOINT_TOL || (left == 0 && right == 0),
                what + ": " + left + " vs " + right + " (relative " + err + ")");
    }

    static double norm(double[] a) {
        return Math.sqrt(dot(a, a));
    }
}
