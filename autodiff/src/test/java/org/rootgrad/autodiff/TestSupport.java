package org.rootgrad.autodiff;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

/**
 * Independent references for the tape's derivatives: central finite differences computed from
 * forward values only (first order) or from exact VJPs already checked against values (second
 * order), and vector helpers.
 */
final class TestSupport {
    private TestSupport() {}

    /** Relative step of the central differences. */
    static final double STEP = 1e-5;

    static double[] gaussian(SplittableRandom rnd, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = rnd.nextGaussian();
        }
        return v;
    }

    static double[] uniform(SplittableRandom rnd, int n, double lo, double hi) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = lo + (hi - lo) * rnd.nextDouble();
        }
        return v;
    }

    /** Values with |v| in [lo, hi] and random signs: away from the kink of abs and relu. */
    static double[] awayFromZero(SplittableRandom rnd, int n, double lo, double hi) {
        double[] v = uniform(rnd, n, lo, hi);
        for (int i = 0; i < n; i++) {
            if (rnd.nextBoolean()) {
                v[i] = -v[i];
            }
        }
        return v;
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    static double maxAbs(double[] a) {
        double m = 0;
        for (double v : a) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }

    /** ‖a − b‖∞ / max(‖a‖∞, ‖b‖∞, floor). */
    static double relativeError(double[] a, double[] b, double floor) {
        double diff = 0;
        double scale = floor;
        for (int i = 0; i < a.length; i++) {
            diff = Math.max(diff, Math.abs(a[i] - b[i]));
            scale = Math.max(scale, Math.max(Math.abs(a[i]), Math.abs(b[i])));
        }
        return diff / scale;
    }

    static void assertClose(double[] expected, double[] actual, double tol, String what) {
        double err = relativeError(expected, actual, 1e-8);
        assertTrue(err <= tol, what + ": relative error " + err + " > " + tol + "\n expected "
                + java.util.Arrays.toString(expected) + "\n actual   "
                + java.util.Arrays.toString(actual));
    }

    static void assertClose(double expected, double actual, double tol, String what) {
        assertClose(new double[] {expected}, new double[] {actual}, tol, what);
    }

    static void setAll(Workspace ws, double[][] point) {
        for (int k = 0; k < point.length; k++) {
            ws.setInput(k, point[k]);
        }
    }

    static double step(double[] x) {
        return STEP * Math.max(1, maxAbs(x));
    }

    /** (F(x_k + h v) − F(x_k − h v)) / 2h from forward values only. */
    static double[] finiteDifferenceJvp(Function f, double[][] point, int k, double[] v) {
        Workspace ws = f.newWorkspace();
        setAll(ws, point);
        double h = step(point[k]);
        int m = f.outputSize();
        double[] plus = new double[m];
        double[] minus = new double[m];
        double[] shifted = point[k].clone();
        for (int i = 0; i < shifted.length; i++) {
            shifted[i] = point[k][i] + h * v[i];
        }
        ws.setInput(k, shifted);
        f.value(ws, plus);
        for (int i = 0; i < shifted.length; i++) {
            shifted[i] = point[k][i] - h * v[i];
        }
        ws.setInput(k, shifted);
        f.value(ws, minus);
        double[] out = new double[m];
        for (int r = 0; r < m; r++) {
            out[r] = (plus[r] - minus[r]) / (2 * h);
        }
        return out;
    }

    /** The gradient of a scalar function with respect to input k, coordinate by coordinate. */
    static double[] finiteDifferenceGradient(Function f, double[][] point, int k) {
        int n = point[k].length;
        double[] g = new double[n];
        double[] e = new double[n];
        for (int i = 0; i < n; i++) {
            e[i] = 1;
            g[i] = finiteDifferenceJvp(f, point, k, e)[0];
            e[i] = 0;
        }
        return g;
    }

    /**
     * The gradient of a scalar function with respect to input k by Richardson extrapolation of
     * central differences at h and h/2: truncation O(h⁴), for functions with steep third
     * derivatives.
     */
    static double[] richardsonGradient(Function f, double[][] point, int k) {
        Workspace ws = f.newWorkspace();
        setAll(ws, point);
        double h = step(point[k]);
        double[] shifted = point[k].clone();
        double[] g = new double[shifted.length];
        for (int i = 0; i < shifted.length; i++) {
            double coarse = centralPartial(f, ws, point[k], shifted, k, i, h);
            double fine = centralPartial(f, ws, point[k], shifted, k, i, h / 2);
            g[i] = (4 * fine - coarse) / 3;
        }
        return g;
    }

    private static double centralPartial(Function f, Workspace ws, double[] x, double[] shifted,
                                         int k, int i, double h) {
        shifted[i] = x[i] + h;
        ws.setInput(k, shifted);
        double up = f.value(ws);
        shifted[i] = x[i] - h;
        ws.setInput(k, shifted);
        double down = f.value(ws);
        shifted[i] = x[i];
        return (up - down) / (2 * h);
    }

    /** d/dε J_gᵀw at x_t + εv, from exact VJPs at x_t ± hv. */
    static double[] finiteDifferenceSecondOrder(Function f, double[][] point, double[] w, int t,
                                                double[] v, int g) {
        // Richardson extrapolation of two central differences has truncation error O(h⁴), which
        // allows a step 10× larger than a plain central difference at the same truncation error,
        // and so 10× less rounding noise: gradients of nearly saturated losses (softmax
        // cross-entropy near 0, where p_y − 1 cancels) carry absolute rounding of order ε, which
        // a 1e-5 step would amplify to 1e-11 relative to |∇f| ≈ 1e-6.
        double h = 10 * step(point[t]);
        double[] coarse = centralSecondOrder(f, point, w, t, v, g, h);
        double[] fine = centralSecondOrder(f, point, w, t, v, g, h / 2);
        double[] out = new double[fine.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (4 * fine[i] - coarse[i]) / 3;
        }
        return out;
    }

    private static double[] centralSecondOrder(Function f, double[][] point, double[] w, int t,
                                               double[] v, int g, double h) {
        Workspace ws = f.newWorkspace();
        setAll(ws, point);
        int n = point[g].length;
        double[] up = new double[n];
        double[] down = new double[n];
        double[] shifted = point[t].clone();
        for (int i = 0; i < shifted.length; i++) {
            shifted[i] = point[t][i] + h * v[i];
        }
        ws.setInput(t, shifted);
        f.vjp(ws, w, g, up);
        for (int i = 0; i < shifted.length; i++) {
            shifted[i] = point[t][i] - h * v[i];
        }
        ws.setInput(t, shifted);
        f.vjp(ws, w, g, down);
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = (up[i] - down[i]) / (2 * h);
        }
        return out;
    }
}
