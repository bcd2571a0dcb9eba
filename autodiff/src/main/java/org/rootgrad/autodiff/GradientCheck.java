package org.rootgrad.autodiff;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.rootgrad.error.Checks;
import org.rootgrad.error.DimensionMismatchException;
import org.rootgrad.error.UnsupportedDerivativeException;

/**
 * Checks a {@link Function}'s exact derivatives against central finite differences, like
 * PyTorch's {@code gradcheck}: the gradient (scalar outputs), JVP, VJP, and every second-order
 * product (Hessian-vector and mixed), for each input, at a given point.
 *
 * <p>For an input of up to {@link #coordinateLimit(int)} elements every coordinate direction is
 * tested; for larger ones, {@link #directions(int)} random unit directions. The step along a
 * direction is {@code step·max(1, ‖input‖∞)}; the VJP and second-order checks use a random
 * cotangent. First derivatives are differenced from values, second-order products from exact
 * VJPs. Inputs are checked for NaN and ∞ first.
 *
 * <pre>{@code
 * GradientCheckResult r = GradientCheck.of(fn).at(x, theta);
 * assert r.passed(1e-6) : r;
 * }</pre>
 *
 * <p>Settings are mutable (a small builder); checking allocates and is meant for tests and
 * debugging, not hot paths. Not thread-safe; the function itself may be shared.
 */
public final class GradientCheck {
    private final Function f;
    private double step = 1e-5;
    private double floor = 1e-6;
    private int directions = 4;
    private int coordinateLimit = 16;
    private long seed = 42;

    private GradientCheck(Function f) {
        if (f == null) {
            throw new DimensionMismatchException("function is null");
        }
        this.f = f;
    }

    /** A checker for {@code f} with step 1e-5, floor 1e-6, 4 random directions, seed 42. */
    public static GradientCheck of(Function f) {
        return new GradientCheck(f);
    }

    /** The relative finite-difference step (default 1e-5). */
    public GradientCheck step(double step) {
        Checks.positive("step", step);
        this.step = step;
        return this;
    }

    /** The absolute floor of the relative error's denominator (default 1e-6). */
    public GradientCheck floor(double floor) {
        Checks.nonNegative("floor", floor);
        this.floor = floor;
        return this;
    }

    /** Random directions per input above the coordinate limit (default 4). */
    public GradientCheck directions(int count) {
        Checks.atLeastOne("directions", count);
        this.directions = count;
        return this;
    }

    /** Inputs of at most this many elements are tested along every coordinate (default 16). */
    public GradientCheck coordinateLimit(int limit) {
        Checks.atLeastOne("coordinateLimit", limit);
        this.coordinateLimit = limit;
        return this;
    }

    /** Seed of the random directions and cotangent (default 42). */
    public GradientCheck seed(long seed) {
        this.seed = seed;
        return this;
    }

    /**
     * Runs the check at the point given by one array per input.
     *
     * @throws DimensionMismatchException if the number or lengths of the arrays are wrong
     * @throws org.rootgrad.error.NonFiniteException if an input holds NaN or ∞
     */
    public GradientCheckResult at(double[]... inputs) {
        int count = f.inputCount();
        if (inputs == null || inputs.length != count) {
            throw new DimensionMismatchException("gradient check: the function has " + count
                    + " inputs but " + (inputs == null ? "null" : inputs.length) + " arrays were given");
        }
        double[][] point = new double[count][];
        Workspace ws = f.newWorkspace().checkFinite(true);
        for (int k = 0; k < count; k++) {
            ws.setInput(k, inputs[k]);
            point[k] = inputs[k].clone();
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        int m = f.outputSize();
        boolean scalar = m == 1;
        double[] cotangent = scalar ? new double[] {1} : gaussian(rnd, m);

        List<GradientCheckResult.InputErrors> errors = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            errors.add(checkInput(ws, point, k, cotangent, scalar, rnd));
        }
        return new GradientCheckResult(errors, step, floor);
    }

    private GradientCheckResult.InputErrors checkInput(Workspace ws, double[][] point, int k,
                                                       double[] cotangent, boolean scalar,
                                                       SplittableRandom rnd) {
        int n = f.inputSize(k);
        int m = f.outputSize();
        int count = f.inputCount();
        double[][] dirs = directionsFor(n, rnd);
        double h = step * Math.max(1, maxAbs(point[k]));

        double[] grad = new double[n];
        double[] vjp = new double[n];
        resetPoint(ws, point);
        if (scalar) {
            f.gradient(ws, k, grad);
        }
        f.vjp(ws, cotangent, k, vjp);

        double[] exactGradDir = new double[dirs.length];
        double[] exactVjpDir = new double[dirs.length];
        double[] fdDir = new double[dirs.length];
        double[] fdVjpDir = new double[dirs.length];
        double jvpError = 0;
        double secondError = 0;
        boolean secondSupported = true;
        double[] plus = new double[m];
        double[] minus = new double[m];
        double[] jv = new double[m];
        double[] fdJv = new double[m];
        for (int d = 0; d < dirs.length; d++) {
            double[] v = dirs[d];
            evaluateShifted(ws, point, k, v, h, plus);
            evaluateShifted(ws, point, k, v, -h, minus);
            for (int r = 0; r < m; r++) {
                fdJv[r] = (plus[r] - minus[r]) / (2 * h);
            }
            resetPoint(ws, point);
            f.jvp(ws, k, v, jv);
            jvpError = Math.max(jvpError, relativeError(jv, fdJv));
            exactGradDir[d] = dot(grad, v);
            exactVjpDir[d] = dot(vjp, v);
            fdDir[d] = fdJv[0];
            fdVjpDir[d] = dot(cotangent, fdJv);

            if (secondSupported) {
                try {
                    for (int g = 0; g < count; g++) {
                        secondError = Math.max(secondError, secondOrderError(ws, point, k, v, h, g, cotangent));
                    }
                } catch (UnsupportedDerivativeException e) {
                    secondSupported = false;
                }
            }
        }
        double gradError = scalar ? relativeError(exactGradDir, fdDir) : Double.NaN;
        double vjpError = relativeError(exactVjpDir, fdVjpDir);
        return new GradientCheckResult.InputErrors(f.inputName(k), f.inputShape(k), gradError,
                jvpError, vjpError, secondSupported ? secondError : Double.NaN, secondSupported);
    }

    private double secondOrderError(Workspace ws, double[][] point, int t, double[] v, double h, int g,
                                    double[] cotangent) {
        int ng = f.inputSize(g);
        double[] exact = new double[ng];
        resetPoint(ws, point);
        f.secondOrder(ws, cotangent, t, v, g, exact);
        double[] up = new double[ng];
        double[] down = new double[ng];
        double[] shifted = point[t].clone();
        for (int i = 0; i < shifted.length; i++) {
            shifted[i] = point[t][i] + h * v[i];
        }
        ws.setInput(t, shifted);
        f.vjp(ws, cotangent, g, up);
        for (int i = 0; i < shifted.length; i++) {
            shifted[i] = point[t][i] - h * v[i];
        }
        ws.setInput(t, shifted);
        f.vjp(ws, cotangent, g, down);
        resetPoint(ws, point);
        double[] fd = new double[ng];
        for (int i = 0; i < ng; i++) {
            fd[i] = (up[i] - down[i]) / (2 * h);
        }
        return relativeError(exact, fd);
    }

    private void evaluateShifted(Workspace ws, double[][] point, int k, double[] v, double h, double[] out) {
        double[] shifted = point[k].clone();
        for (int i = 0; i < shifted.length; i++) {
            shifted[i] += h * v[i];
        }
        ws.setInput(k, shifted);
        f.value(ws, out);
    }

    private void resetPoint(Workspace ws, double[][] point) {
        for (int k = 0; k < point.length; k++) {
            ws.setInput(k, point[k]);
        }
    }

    private double[][] directionsFor(int n, SplittableRandom rnd) {
        if (n <= coordinateLimit) {
            double[][] unit = new double[n][n];
            for (int i = 0; i < n; i++) {
                unit[i][i] = 1;
            }
            return unit;
        }
        double[][] dirs = new double[directions][];
        for (int d = 0; d < directions; d++) {
            double[] v = gaussian(rnd, n);
            double norm = Math.sqrt(dot(v, v));
            for (int i = 0; i < n; i++) {
                v[i] /= norm;
            }
            dirs[d] = v;
        }
        return dirs;
    }

    private double relativeError(double[] exact, double[] approx) {
        double diff = 0;
        double scale = floor;
        for (int i = 0; i < exact.length; i++) {
            diff = Math.max(diff, Math.abs(exact[i] - approx[i]));
            scale = Math.max(scale, Math.max(Math.abs(exact[i]), Math.abs(approx[i])));
        }
        return diff / scale;
    }

    private static double[] gaussian(SplittableRandom rnd, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = rnd.nextGaussian();
        }
        return v;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static double maxAbs(double[] a) {
        double m = 0;
        for (double v : a) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }
}
