package org.rootgrad.engine;

import static org.rootgrad.error.Checks.range;

/**
 * Checked facade over the element-wise kernels of the active {@link ArrayKernels}: arithmetic
 * (z ← x op y), math (y ← f(x)), thresholding and the stable log-sum-exp. Outputs may be the
 * same array as an input at the same offset.
 *
 * <p>Every method acts on n elements of each array from its offset and throws {@link
 * org.rootgrad.error.DimensionMismatchException} naming the array for a null array, a negative
 * size or offset, or a range past the array's end; scalar options out of range throw {@link
 * org.rootgrad.error.InvalidOptionException}. Stateless: safe to call from any number of
 * threads, as long as threads do not write the same arrays.
 */
public final class ElementWise {
    private ElementWise() {}

    private static final ArrayKernels V = ArrayKernels.active();

    /** z ← x + y. */
    public static void add(int n, double[] x, int xOff, double[] y, int yOff, double[] z, int zOff) {
        binary(n, x, xOff, y, yOff, z, zOff);
        V.add(n, x, xOff, y, yOff, z, zOff);
    }

    /** z ← x − y. */
    public static void sub(int n, double[] x, int xOff, double[] y, int yOff, double[] z, int zOff) {
        binary(n, x, xOff, y, yOff, z, zOff);
        V.sub(n, x, xOff, y, yOff, z, zOff);
    }

    /** z ← x ∘ y (element-wise product). */
    public static void mul(int n, double[] x, int xOff, double[] y, int yOff, double[] z, int zOff) {
        binary(n, x, xOff, y, yOff, z, zOff);
        V.mul(n, x, xOff, y, yOff, z, zOff);
    }

    /** z ← x / y (element-wise quotient). */
    public static void div(int n, double[] x, int xOff, double[] y, int yOff, double[] z, int zOff) {
        binary(n, x, xOff, y, yOff, z, zOff);
        V.div(n, x, xOff, y, yOff, z, zOff);
    }

    /** out ← x ∘ y + z. */
    public static void fma(int n, double[] x, int xOff, double[] y, int yOff, double[] z, int zOff,
                           double[] out, int outOff) {
        binary(n, x, xOff, y, yOff, z, zOff);
        range("out", out, outOff, n, 1);
        V.fma(n, x, xOff, y, yOff, z, zOff, out, outOff);
    }

    /** y ← e^x. */
    public static void exp(int n, double[] x, int xOff, double[] y, int yOff) {
        unary(n, x, xOff, y, yOff);
        V.exp(n, x, xOff, y, yOff);
    }

    /** y ← e^x − 1, accurate for small x. */
    public static void expm1(int n, double[] x, int xOff, double[] y, int yOff) {
        unary(n, x, xOff, y, yOff);
        V.expm1(n, x, xOff, y, yOff);
    }

    /** y ← ln x (NaN for x < 0). */
    public static void log(int n, double[] x, int xOff, double[] y, int yOff) {
        unary(n, x, xOff, y, yOff);
        V.log(n, x, xOff, y, yOff);
    }

    /** y ← ln(1 + x), accurate for small x. */
    public static void log1p(int n, double[] x, int xOff, double[] y, int yOff) {
        unary(n, x, xOff, y, yOff);
        V.log1p(n, x, xOff, y, yOff);
    }

    /** y ← tanh x. */
    public static void tanh(int n, double[] x, int xOff, double[] y, int yOff) {
        unary(n, x, xOff, y, yOff);
        V.tanh(n, x, xOff, y, yOff);
    }

    /** y ← 1 / (1 + e^(−x)), accurate in both tails. */
    public static void sigmoid(int n, double[] x, int xOff, double[] y, int yOff) {
        unary(n, x, xOff, y, yOff);
        V.sigmoid(n, x, xOff, y, yOff);
    }

    /** y ← ln(1 + e^x), without overflow for large x. */
    public static void softplus(int n, double[] x, int xOff, double[] y, int yOff) {
        unary(n, x, xOff, y, yOff);
        V.softplus(n, x, xOff, y, yOff);
    }

    /**
     * y ← sign(x)·max(|x| − threshold, 0), the prox of threshold·‖·‖₁.
     *
     * @throws org.rootgrad.error.InvalidOptionException unless threshold is finite and ≥ 0
     */
    public static void softThreshold(int n, double threshold, double[] x, int xOff, double[] y, int yOff) {
        org.rootgrad.error.Checks.nonNegative("threshold", threshold);
        unary(n, x, xOff, y, yOff);
        V.softThreshold(n, threshold, x, xOff, y, yOff);
    }

    /**
     * y ← min(max(x, lo), hi).
     *
     * @throws org.rootgrad.error.InvalidOptionException unless lo ≤ hi (NaN bounds included)
     */
    public static void clip(int n, double lo, double hi, double[] x, int xOff, double[] y, int yOff) {
        if (!(lo <= hi)) {
            throw org.rootgrad.error.InvalidOptionException.of("clip bounds [lo, hi]",
                    "[" + lo + ", " + hi + "]", "an interval with lo <= hi");
        }
        unary(n, x, xOff, y, yOff);
        V.clip(n, lo, hi, x, xOff, y, yOff);
    }

    /** log Σ e^(x[i]), stable for any finite input; −∞ for n = 0. */
    public static double logSumExp(int n, double[] x, int xOff) {
        range("x", x, xOff, n, 1);
        return V.logSumExp(n, x, xOff);
    }

    private static void unary(int n, double[] x, int xOff, double[] y, int yOff) {
        range("x", x, xOff, n, 1);
        range("y", y, yOff, n, 1);
    }

    private static void binary(int n, double[] x, int xOff, double[] y, int yOff, double[] z, int zOff) {
        range("x", x, xOff, n, 1);
        range("y", y, yOff, n, 1);
        range("z", z, zOff, n, 1);
    }
}
