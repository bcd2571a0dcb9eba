package org.rootgrad.engine;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.rootgrad.testing.Allocations;

/**
 * Runs every Vector API kernel (array and matrix kernels) and every loss kernel once on fixed
 * inputs, writing all results (arrays, returned scalars, indices) into one {@code double[]}
 * without allocating, so that the same sequence can be run in an interpreted JVM and, after
 * warm-up, in C2-compiled code, and the bits compared ({@link TierIndependenceTest}). Inputs
 * include the special values (±0, ±∞, NaN, overflowing and subnormal results) that send the
 * transcendentals down their rare paths. {@link #main} prints the results of one run as hex
 * bits, one labelled segment per line.
 */
final class TierProbe {
    /** Eight lanes: the four-vector loop once, three single vectors, and a scalar tail of five. */
    static final int N = 61;
    static final int ROWS = 9;
    static final int SYM = 13;

    private final ArrayKernels k;
    private final MatrixKernels mk;
    private final double[] x;
    private final double[] y;
    private final double[] z;
    private final double[] wide;
    /** Magnitudes from 1e−8 to 1e8, both signs: sums of these depend on the order of addition. */
    private final double[] mixed;
    private final double[] positive;
    private final double[] huge;
    private final double[] labels;
    private final int[] classes;
    private final double[] matrix;
    private final double[] sym;
    private final double[] work;
    private final double[] scratch;
    private final SinglePrecisionRows single;
    private final float[] singleWork;
    final double[] out;
    private final List<String> segments = new ArrayList<>();
    private final List<Integer> starts = new ArrayList<>();
    private boolean recording = true;
    private int cursor;

    TierProbe(ArrayKernels k, MatrixKernels mk) {
        this.k = k;
        this.mk = mk;
        SplittableRandom rnd = new SplittableRandom(2024);
        x = rnd.doubles(N, -2, 2).toArray();
        y = rnd.doubles(N, -2, 2).toArray();
        z = rnd.doubles(N, 0.5, 2).toArray();
        wide = rnd.doubles(N, -40, 40).toArray();
        mixed = rnd.doubles(N, -8, 8).map(e -> (e > 0 ? 1 : -1) * Math.pow(10, Math.abs(e))).toArray();
        double[] specials = {0.0, -0.0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN, 710, -746,
                -720, 709.7, -745.1, Double.MIN_VALUE, -1, 1e300, -1e-300};
        System.arraycopy(specials, 0, wide, 3, specials.length);
        positive = rnd.doubles(N, -300, 300).map(e -> Math.pow(2, e)).toArray();
        positive[7] = Double.MIN_VALUE;
        positive[8] = 0;
        positive[40] = Double.POSITIVE_INFINITY;
        huge = rnd.doubles(N, 1e200, 1e201).toArray();
        labels = rnd.doubles(N, 0, 1).map(v -> v < 0.5 ? -1 : 1).toArray();
        classes = rnd.ints(N, 0, 4).toArray();
        matrix = rnd.doubles(N * N, -1, 1).toArray();
        sym = rnd.doubles(SYM * SYM, -1, 1).toArray();
        work = new double[Math.max(LossKernels.logisticWorkLength(N, 20), LossKernels.softmaxWorkLength(N, 20, 4))];
        scratch = new double[4 * N];
        single = SinglePrecisionRows.of(N, 37, matrix, 0, 37); // a partial panel and five last rows
        singleWork = new float[LossKernels.weightedGramWorkLength(single)];
        out = new double[16 * N * N];
        run();
        recording = false;
    }

    /** Starts a labelled segment of {@code length} results and returns its offset in {@link #out}. */
    private int at(String label, int length) {
        int start = cursor;
        if (recording) {
            segments.add(label);
            starts.add(start);
        }
        cursor += length;
        return start;
    }

    private void put(String label, double value) {
        out[at(label, 1)] = value;
    }

    private int copy(String label, double[] from, int length) {
        int o = at(label, length);
        System.arraycopy(from, 0, out, o, length);
        return o;
    }

    void run() {
        cursor = 0;
        arrayKernels(N);
        arrayKernels(5);
        matrixKernels();
        lossKernels();
    }

    private void arrayKernels(int n) {
        put("dot", k.dot(n, x, 0, y, 0));
        put("dot mixed", k.dot(n, mixed, 0, y, 0));
        put("sum mixed", k.sum(n, mixed, 0));
        put("asum mixed", k.asum(n, mixed, 0));
        put("nrm2 mixed", k.nrm2(n, mixed, 0));
        put("mulDot mixed", k.mulDot(n, z, 0, mixed, 0, out, at("mulDot mixed z", n)));
        int mr = copy("cgUpdate mixed r", mixed, n);
        put("cgUpdate mixed r·r", k.cgUpdate(n, 0.25, x, 0, mixed, 0, out, copy("cgUpdate mixed x", z, n), out, mr));
        k.axpy(n, 0.3, x, 0, out, copy("axpy", y, n));
        k.axpby(n, 0.3, x, 0, -0.7, out, copy("axpby", y, n));
        k.scal(n, 1.7, out, copy("scal", x, n));
        put("nrm2", k.nrm2(n, x, 0));
        put("nrm2 huge", k.nrm2(n, huge, 0));
        put("asum", k.asum(n, x, 0));
        put("iamax", k.iamax(n, x, 0));
        put("sum", k.sum(n, x, 0));
        put("max", k.max(n, x, 0));
        k.add(n, x, 0, y, 0, out, at("add", n));
        k.sub(n, x, 0, y, 0, out, at("sub", n));
        k.mul(n, x, 0, y, 0, out, at("mul", n));
        k.div(n, x, 0, z, 0, out, at("div", n));
        k.fma(n, x, 0, y, 0, z, 0, out, at("fma", n));
        transcendentals(n, x);
        transcendentals(n, wide);
        k.log(n, positive, 0, out, at("log", n));
        k.log(n, wide, 0, out, at("log of wide", n));
        k.softThreshold(n, 0.5, x, 0, out, at("softThreshold", n));
        k.clip(n, -0.5, 0.7, x, 0, out, at("clip", n));
        int xo = copy("cgUpdate x", z, n);
        int ro = copy("cgUpdate r", y, n);
        put("cgUpdate r·r", k.cgUpdate(n, 0.25, x, 0, wide, 0, out, xo, out, ro));
        k.xpby(n, x, 0, 0.6, out, copy("xpby", y, n));
        put("mulDot", k.mulDot(n, z, 0, x, 0, out, at("mulDot z", n)));
    }

    private void transcendentals(int n, double[] in) {
        k.exp(n, in, 0, out, at("exp", n));
        k.expm1(n, in, 0, out, at("expm1", n));
        k.log1p(n, in, 0, out, at("log1p", n));
        k.tanh(n, in, 0, out, at("tanh", n));
        k.sigmoid(n, in, 0, out, at("sigmoid", n));
        k.softplus(n, in, 0, out, at("softplus", n));
        put("logSumExp", k.logSumExp(n, in, 0));
    }

    private void matrixKernels() {
        mk.gemv(ROWS, N, 0.9, matrix, 0, N, x, 0, 0, out, at("gemv", ROWS));
        mk.gemv(ROWS, N, 0.9, matrix, 0, N, x, 0, 0.5, out, copy("gemv beta", y, ROWS));
        mk.gemvT(ROWS, N, 1.1, matrix, 0, N, y, 0, 0.5, out, copy("gemvT", x, N));
        mk.gemv(ROWS, N, 1.0, matrix, 0, N, mixed, 0, 0, out, at("gemv mixed", ROWS));
        put("residual", mk.residual(ROWS, N, matrix, 0, N, mixed, 0, y, 0, out, at("residual r", ROWS)));
        put("gemvDot", mk.gemvDot(ROWS, N, matrix, 0, N, mixed, 0, out, at("gemvDot y", ROWS), mixed, 0));
        mk.symv(SYM, 1.0, sym, 0, SYM, mixed, 0, 0, out, at("symv mixed", SYM));
        int g = copy("ger", matrix, ROWS * N);
        mk.ger(ROWS, N, -0.4, y, 0, x, 0, out, g, N);
        mk.symv(SYM, 0.8, sym, 0, SYM, x, 0, 0.3, out, copy("symv", y, SYM));
        mk.syrk(false, SYM, N, 1.0, matrix, 0, N, 0, out, at("syrk AAᵀ", SYM * SYM), SYM);
        mk.syrk(true, SYM, ROWS, 1.0, matrix, 0, N, 0, out, at("syrk AᵀA", SYM * SYM), SYM);
        mk.gemm(false, false, 12, 13, 14, 1.0, matrix, 0, 14, matrix, 100, 13, 0, out, at("gemm packed", 12 * 13), 13);
        mk.gemm(true, true, 5, 6, 7, 0.5, matrix, 0, 5, matrix, 50, 7, 0, out, at("gemm small", 5 * 6), 6);
        mk.gemm(false, true, 40, 30, 61, 1.0, matrix, 0, 61, matrix, 7, 61, 0, out, at("gemm 40x30x61", 40 * 30), 30);
    }

    private void lossKernels() {
        int p = 20;
        double[] w = x;
        put("logisticLoss", LossKernels.logisticLoss(N, p, matrix, 0, p, w, 0, labels, 0, work, 0));
        int grad = at("logistic gradient", p);
        int curv = at("logistic curvature", N);
        put("logisticLossGradient", LossKernels.logisticLossGradient(N, p, matrix, 0, p, w, 0, labels, 0,
                out, grad, out, curv, work, 0));
        LossKernels.weightedGramVector(N, p, 0.7, matrix, 0, p, out, curv, y, 0, out, copy("weightedGramVector", z, p));
        LossKernels.gramVector(N, p, 0.7, matrix, 0, p, y, 0, out, copy("gramVector", z, p));
        LossKernels.weightedGram(single, z, 0, LossKernels.weightsExponent(N, z, 0), out,
                at("weightedGram single", 37 * 37), singleWork, 0);
        put("leastSquaresLoss", LossKernels.leastSquaresLoss(N, p, matrix, 0, p, w, 0, y, 0));
        put("leastSquaresLossGradient", LossKernels.leastSquaresLossGradient(N, p, matrix, 0, p, w, 0, y, 0,
                out, at("least squares gradient", p)));
        int c = 4;
        int probs = at("softmax probabilities", N * c);
        int weights = 3000; // W and V (p×c each) inside the matrix data
        put("softmaxCrossEntropy", LossKernels.softmaxCrossEntropy(N, p, c, matrix, 0, p, matrix, weights,
                classes, 0, out, probs));
        put("softmaxCrossEntropyGradient", LossKernels.softmaxCrossEntropyGradient(N, p, c, matrix, 0, p, matrix,
                weights, classes, 0, scratch, 0, out, at("softmax gradient", p * c), work, 0));
        LossKernels.softmaxCrossEntropyHessianVector(N, p, c, 0.9, matrix, 0, p, scratch, 0, matrix, weights + p * c,
                out, copy("softmax Hessian-vector", matrix, p * c), work, 0);
    }

    /** The label of the segment holding index {@code i} of {@link #out}. */
    String labelOf(int i) {
        int s = 0;
        while (s + 1 < starts.size() && starts.get(s + 1) <= i) {
            s++;
        }
        return segments.get(s) + "[" + (i - starts.get(s)) + "]";
    }

    int length() {
        return cursor;
    }

    /**
     * Prints the probe's results, one hex word per line. With the argument {@code compiled} it
     * first runs the probe until a window of runs allocates nothing (so every vector operation ran
     * in C2 code; meant for a JVM started with {@code -XX:-TieredCompilation -Xbatch}) and exits
     * with status 2 if that never happens.
     */
    public static void main(String[] args) {
        TierProbe probe = new TierProbe(ArrayKernels.panama(), MatrixKernels.panama());
        if (args.length > 0 && args[0].equals("compiled")) {
            long allocated = Allocations.steadyState(probe::run, 2_000, 50, 120_000_000_000L);
            if (allocated != 0) {
                System.err.println("the probe never ran allocation-free: " + allocated + " bytes per window");
                System.exit(2);
            }
        }
        probe.run();
        PrintStream o = System.out;
        for (int i = 0; i < probe.length(); i++) {
            o.println(Long.toHexString(Double.doubleToRawLongBits(probe.out[i])));
        }
        o.flush();
    }
}
