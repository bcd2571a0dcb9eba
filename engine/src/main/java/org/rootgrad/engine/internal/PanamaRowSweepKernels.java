package org.rootgrad.engine.internal;

import static jdk.incubator.vector.VectorOperators.GE;
import static jdk.incubator.vector.VectorOperators.GT;
import static jdk.incubator.vector.VectorOperators.LSHL;
import static org.rootgrad.engine.internal.Transcendentals.*;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API row sweeps, for 8-lane (512-bit) vectors: rows go in groups of eight, as many
 * as there are lanes. {@link RowDots} keeps one accumulator per row, shares every load of w among
 * the eight rows and sums the eight accumulators by a transposing tree of lane-wise adds, whose
 * result lanes are the eight rows' sums in one fixed order; the eight dot
 * products become the group's weights (scalar arithmetic for least squares and Gram products;
 * for logistic regression, {@link #logisticWeights}: one vector of eight margins through the
 * exp and log1p of {@link PanamaArrayKernels}, computed once for the loss, the gradient weight
 * and the curvature). The logistic, least-squares and Gram sweeps go in blocks of
 * {@value #BLOCK} rows: the dot products of the block's groups, their weights, then
 * {@link #updateBlock} adds the weighted rows to the output while they are in L1, by column panels
 * whose accumulators stay in registers over the block; softmax adds each group's rows with
 * {@link #update}. A column tail (p not a multiple of eight) is one more vector over the last
 * eight columns, with the columns already covered weighted zero (scalar below eight columns,
 * and in softmax); a last group of fewer than eight rows repeats its last row, whose extra sums
 * are never read (weighted zero in softmax), so every group runs the same code. Like every
 * Panama kernel, the results do not depend on the JIT tier.
 *
 * <p>Each step is a method of its own, small enough for C1's tier 3 to compile: a method holding
 * a whole sweep, and even one with masked loads for eight rows, was too large for C1 ("out of
 * virtual registers"); it then stayed at tier 2 (no profile, hence never promoted to C2),
 * boxing every vector. Steps exchange scalars through arrays, never vectors (see
 * PanamaArrayKernels).
 *
 * <p>Stateless and thread-safe. The logistic sweep's scratch is the caller's {@code work}; the
 * others use an array per thread.
 */
public final class PanamaRowSweepKernels implements RowSweepKernels {

    private static final VectorSpecies<Double> S = Lanes.DOUBLE;
    private static final int L = S.length();

    /** Rows per block: four groups, 25.6 KiB of X at p = 100, in L1 between the dot products and the update. */
    private static final int BLOCK = 32;

    /**
     * The 512-bit species by name, for {@link #gramSingle}: 16 float lanes, and the double species
     * its conversions produce. Named, not derived from the preferred species: C2 intrinsifies
     * convertShape only when the target's lane count is a constant, and it did not read one from
     * the preferred species (measured: 4× slower, boxing every conversion).
     */
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_512;
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_512;
    /** Eight floats, which convert to one vector of D: the flush of {@link #weightedGramSingle}'s tiles. */
    private static final VectorSpecies<Float> F8 = FloatVector.SPECIES_256;
    private static final VectorShuffle<Float> FSWAP8 = VectorShuffle.fromOp(F, i -> i ^ 8);
    private static final VectorShuffle<Float> FSWAP4 = VectorShuffle.fromOp(F, i -> i ^ 4);
    private static final VectorShuffle<Float> FSWAP2 = VectorShuffle.fromOp(F, i -> i ^ 2);
    /** Lanes 0, 2, …, 14 to 0…7 and 1, 3, …, 15 to 8…15. */
    private static final VectorShuffle<Float> FUNZIP = VectorShuffle.fromOp(F, i -> i < 8 ? 2 * i : 2 * (i - 8) + 1);
    private static final VectorMask<Float> FUPPER8 = VectorMask.fromLong(F, 0xFF00);
    private static final VectorMask<Float> FUPPER4 = VectorMask.fromLong(F, 0xF0F0);
    private static final VectorMask<Float> FUPPER2 = VectorMask.fromLong(F, 0xCCCC);

    private static final ThreadLocal<double[]> SCRATCH = ThreadLocal.withInitial(() -> new double[32]);

    public PanamaRowSweepKernels() {
        if (L != 8) {
            throw new IllegalStateException("row sweeps need 8 lanes, the preferred species has " + L);
        }
    }

    /**
     * Logistic loss in blocks of up to four groups: the dot products of all groups, then the
     * nonlinearity on their four vectors of margins (four independent chains, where one group at
     * a time would wait on each chain's latency), then the updates. work[0..32) holds the
     * margins, work[32..64) the weights, work[64..96) the last group's labels, padded so that no
     * load is masked (a masked load that ends beyond the array takes a bounds-checking path that
     * allocates), work[96..104) the loss by lane: summing each group's eight lanes into a scalar
     * cost 6 µs of 168 at 10000 × 100, so the lanes are summed once, at the end.
     */
    @Override
    public double logistic(int n, int p, double[] x, int xOff, int ldx, double[] w, int wOff, double[] y, int yOff,
                           double[] gradient, int gradientOff, double[] curvature, int curvatureOff,
                           double[] work, int workOff) {
        double scale = n == 0 ? 0 : 1.0 / n;
        int lanes = workOff + 3 * BLOCK;
        DoubleVector.zero(S).intoArray(work, lanes);
        boolean padded = RowDots.padded(p);
        double[] tailWeights = padded ? laneWeights(p) : null;
        for (int start = 0; start < n; start += BLOCK) {
            int end = Math.min(n, start + BLOCK);
            for (int i = start; i < end; i += 8) {
                if (padded) {
                    RowDots.dotsPadded(p, x, xOff, ldx, i, Math.min(i + 8, n) - 1, w, wOff, work, workOff + i - start);
                } else {
                    RowDots.dots(p, x, xOff, ldx, i, Math.min(i + 8, n) - 1, w, wOff, work, workOff + i - start);
                }
            }
            for (int i = start; i < end; i += 8) {
                logisticWeights(Math.min(8, n - i), scale, y, yOff + i, work, workOff + i - start,
                        workOff + BLOCK + i - start, workOff + 2 * BLOCK + i - start, lanes, curvature, curvatureOff + i);
            }
            if (gradient != null) {
                updateBlock(p, x, xOff, ldx, start, end - start, work, workOff + BLOCK, tailWeights, TAIL,
                        gradient, gradientOff);
            }
        }
        return ((work[lanes] + work[lanes + 1]) + (work[lanes + 2] + work[lanes + 3]))
                + ((work[lanes + 4] + work[lanes + 5]) + (work[lanes + 6] + work[lanes + 7]));
    }

    @Override
    public double leastSquares(int n, int p, double[] x, int xOff, int ldx, double[] w, int wOff, double[] b,
                               int bOff, double[] gradient, int gradientOff) {
        double scale = n == 0 ? 0 : 1.0 / n;
        boolean padded = RowDots.padded(p);
        double[] s = scratch(TAIL + L + BLOCK);
        if (padded) {
            laneWeights(p);
        }
        int weights = TAIL + L;
        double squares = 0;
        for (int start = 0; start < n; start += BLOCK) {
            int rows = Math.min(BLOCK, n - start);
            for (int g = 0; g < rows; g += 8) {
                int i = start + g;
                int last = Math.min(i + 8, n) - 1;
                if (padded) {
                    RowDots.dotsPadded(p, x, xOff, ldx, i, last, w, wOff, s, weights + g);
                } else {
                    RowDots.dots(p, x, xOff, ldx, i, last, w, wOff, s, weights + g);
                }
            }
            for (int g = 0; g < rows; g += 8) {
                double group = 0;
                for (int r = g; r < Math.min(g + 8, rows); r++) {
                    double residual = s[weights + r] - b[bOff + start + r];
                    group += residual * residual;
                    s[weights + r] = scale * residual;
                }
                squares += group;
            }
            if (gradient != null) {
                updateBlock(p, x, xOff, ldx, start, rows, s, weights, s, TAIL, gradient, gradientOff);
            }
        }
        return squares;
    }

    @Override
    public void gram(int n, int p, double alpha, double[] x, int xOff, int ldx, double[] d, int dOff,
                     double[] v, int vOff, double[] out, int outOff) {
        boolean padded = RowDots.padded(p);
        double[] s = scratch(TAIL + L + BLOCK);
        if (padded) {
            laneWeights(p);
        }
        int weights = TAIL + L;
        for (int start = 0; start < n; start += BLOCK) {
            int rows = Math.min(BLOCK, n - start);
            for (int g = 0; g < rows; g += 8) {
                int i = start + g;
                int last = Math.min(i + 8, n) - 1;
                if (padded) {
                    RowDots.dotsPadded(p, x, xOff, ldx, i, last, v, vOff, s, weights + g);
                } else {
                    RowDots.dots(p, x, xOff, ldx, i, last, v, vOff, s, weights + g);
                }
            }
            for (int r = 0; r < rows; r++) {
                s[weights + r] = d == null ? alpha * s[weights + r] : alpha * d[dOff + start + r] * s[weights + r];
            }
            updateBlock(p, x, xOff, ldx, start, rows, s, weights, s, TAIL, out, outOff);
        }
    }

    /**
     * Single-precision Gram product in blocks of {@value #BLOCK} rows, as {@link #gram}: the dot
     * products of the block's groups in 16-lane float accumulators ({@link #dotsSingle}), the
     * weights in double rounded to float (eight at once), then the block's update by column
     * panels of 8, 4, 2 and 1 vectors summed in float in registers ({@link #panelSingle8} …),
     * stored to work[acc..) and added to out in double ({@link #addSingle}). When ld is not a
     * multiple of 16 (unpadded rows), the columns past the last whole vector are covered by the
     * row's last 16 columns: in the dot products against ṽ zeroed where the whole vectors cover
     * them, in the update as one more panel whose lanes past the whole vectors are copied to the
     * accumulator. Work: ṽ, that zeroed copy of ṽ's last 16 (16 floats), the block's accumulator
     * (ld floats), the tail panel's (16), and the block's weights (plus 16 for the last group's
     * zeros).
     */
    @Override
    public void gramSingle(int n, int p, int ld, float[] x, double[] d, int dOff, double s, double c,
                           double[] out, int outOff, float[] work, int workOff) {
        int full = ld / 16 * 16;
        int tail = ld - full;
        int vTail = workOff + ld;
        int acc = vTail + 16;
        int tailAcc = acc + ld;
        int weights = tailAcc + 16;
        if (tail != 0) {
            for (int t = 0; t < 16; t++) {
                work[vTail + t] = t < 16 - tail ? 0 : work[workOff + ld - 16 + t];
            }
        }
        for (int start = 0; start < n; start += BLOCK) {
            int rows = Math.min(BLOCK, n - start);
            for (int g = 0; g < rows; g += 8) {
                int i = start + g;
                if (i + 8 <= n) {
                    dotsSingle(ld, x, i, i + 7, work, workOff, vTail, d == null ? ONES : d, d == null ? 0 : dOff + i, s,
                            weights + g);
                } else { // the last group: its d copied and zero-padded, as a vector load would run past d
                    double[] lastWeights = scratch(L);
                    for (int r = 0; r < L; r++) {
                        lastWeights[r] = i + r >= n ? 0 : d == null ? 1 : d[dOff + i + r];
                    }
                    dotsSingle(ld, x, i, n - 1, work, workOff, vTail, lastWeights, 0, s, weights + g);
                }
            }
            int o = start * ld;
            int j = 0;
            for (; j + 128 <= full; j += 128) {
                panelSingle8(x, o + j, ld, rows, work, weights, acc + j);
            }
            if (j + 64 <= full) {
                panelSingle4(x, o + j, ld, rows, work, weights, acc + j);
                j += 64;
            }
            if (j + 32 <= full) {
                panelSingle2(x, o + j, ld, rows, work, weights, acc + j);
                j += 32;
            }
            if (j < full) {
                panelSingle1(x, o + j, ld, rows, work, weights, acc + j);
            }
            if (tail != 0) {
                panelSingle1(x, o + ld - 16, ld, rows, work, weights, tailAcc);
                for (int t = 0; t < tail; t++) {
                    work[acc + full + t] = work[tailAcc + 16 - tail + t];
                }
            }
            addSingle(p, work, acc, c, out, outOff);
        }
    }

    /**
     * work[weights + r] ← fl(s·dᵣ·(x̃_{min(i + r, last)}ᵀṽ)) for r < 8 (dᵣ = dv[dvOff + r], ṽ at
     * work[vOff..), and, when ld is not a multiple of 16, the zeroed copy of its last 16 at
     * work[vTail..) against each row's last 16 columns), the dot products summed in float by a
     * transposing tree (halves of 8, 4 and 2 lanes, then each row's two partial sums) in a fixed
     * order, the weights in double, all eight at once; work[weights + 8, + 16) is overwritten with
     * zeros.
     */
    private static void dotsSingle(int ld, float[] x, int i, int last, float[] work, int vOff, int vTail,
                                   double[] dv, int dvOff, double s, int weights) {
        int o0 = i * ld;
        int o1 = Math.min(i + 1, last) * ld;
        int o2 = Math.min(i + 2, last) * ld;
        int o3 = Math.min(i + 3, last) * ld;
        int o4 = Math.min(i + 4, last) * ld;
        int o5 = Math.min(i + 5, last) * ld;
        int o6 = Math.min(i + 6, last) * ld;
        int o7 = Math.min(i + 7, last) * ld;
        FloatVector a0 = FloatVector.zero(F), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
        int full = ld / 16 * 16;
        for (int j = 0; j < full; j += 16) {
            FloatVector vj = FloatVector.fromArray(F, work, vOff + j);
            a0 = FloatVector.fromArray(F, x, o0 + j).fma(vj, a0);
            a1 = FloatVector.fromArray(F, x, o1 + j).fma(vj, a1);
            a2 = FloatVector.fromArray(F, x, o2 + j).fma(vj, a2);
            a3 = FloatVector.fromArray(F, x, o3 + j).fma(vj, a3);
            a4 = FloatVector.fromArray(F, x, o4 + j).fma(vj, a4);
            a5 = FloatVector.fromArray(F, x, o5 + j).fma(vj, a5);
            a6 = FloatVector.fromArray(F, x, o6 + j).fma(vj, a6);
            a7 = FloatVector.fromArray(F, x, o7 + j).fma(vj, a7);
        }
        if (full < ld) {
            int t = ld - 16;
            FloatVector vt = FloatVector.fromArray(F, work, vTail);
            a0 = FloatVector.fromArray(F, x, o0 + t).fma(vt, a0);
            a1 = FloatVector.fromArray(F, x, o1 + t).fma(vt, a1);
            a2 = FloatVector.fromArray(F, x, o2 + t).fma(vt, a2);
            a3 = FloatVector.fromArray(F, x, o3 + t).fma(vt, a3);
            a4 = FloatVector.fromArray(F, x, o4 + t).fma(vt, a4);
            a5 = FloatVector.fromArray(F, x, o5 + t).fma(vt, a5);
            a6 = FloatVector.fromArray(F, x, o6 + t).fma(vt, a6);
            a7 = FloatVector.fromArray(F, x, o7 + t).fma(vt, a7);
        }
        FloatVector nz = FloatVector.broadcast(F, -0.0f); // −0 + a = a: see RowDots.dots
        a0 = nz.add(a0);
        a1 = nz.add(a1);
        a2 = nz.add(a2);
        a3 = nz.add(a3);
        a4 = nz.add(a4);
        a5 = nz.add(a5);
        a6 = nz.add(a6);
        a7 = nz.add(a7);
        // rows (0, 4), (1, 5), (2, 6), (3, 7) share a vector, eight lanes each
        FloatVector b0 = a0.blend(a4.rearrange(FSWAP8), FUPPER8).add(a0.rearrange(FSWAP8).blend(a4, FUPPER8));
        FloatVector b1 = a1.blend(a5.rearrange(FSWAP8), FUPPER8).add(a1.rearrange(FSWAP8).blend(a5, FUPPER8));
        FloatVector b2 = a2.blend(a6.rearrange(FSWAP8), FUPPER8).add(a2.rearrange(FSWAP8).blend(a6, FUPPER8));
        FloatVector b3 = a3.blend(a7.rearrange(FSWAP8), FUPPER8).add(a3.rearrange(FSWAP8).blend(a7, FUPPER8));
        // rows 0, 2, 4, 6 and 1, 3, 5, 7, four lanes each
        FloatVector c0 = b0.blend(b2.rearrange(FSWAP4), FUPPER4).add(b0.rearrange(FSWAP4).blend(b2, FUPPER4));
        FloatVector c1 = b1.blend(b3.rearrange(FSWAP4), FUPPER4).add(b1.rearrange(FSWAP4).blend(b3, FUPPER4));
        // row r in lanes 2r and 2r + 1, then in lanes r and r + 8, added into lane r
        FloatVector e = c0.blend(c1.rearrange(FSWAP2), FUPPER2).add(c0.rearrange(FSWAP2).blend(c1, FUPPER2));
        FloatVector q = e.rearrange(FUNZIP);
        DoubleVector dots = (DoubleVector) q.add(q.rearrange(FSWAP8)).convertShape(VectorOperators.F2D, D, 0);
        DoubleVector w = DoubleVector.fromArray(D, dv, dvOff).mul(s).mul(dots);
        ((FloatVector) w.convertShape(VectorOperators.D2F, F, 0)).intoArray(work, weights);
    }

    /** work[acc, acc + 128) ← Σ_{r < rows} w_r·x̃_r[0, 128) for the rows at o, o + ld, …: eight chains. */
    private static void panelSingle8(float[] x, int o, int ld, int rows, float[] work, int wOff, int acc) {
        FloatVector a0 = FloatVector.zero(F), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
        for (int r = 0; r < rows; r++) {
            FloatVector w = FloatVector.broadcast(F, work[wOff + r]);
            int b = o + r * ld;
            a0 = FloatVector.fromArray(F, x, b).fma(w, a0);
            a1 = FloatVector.fromArray(F, x, b + 16).fma(w, a1);
            a2 = FloatVector.fromArray(F, x, b + 32).fma(w, a2);
            a3 = FloatVector.fromArray(F, x, b + 48).fma(w, a3);
            a4 = FloatVector.fromArray(F, x, b + 64).fma(w, a4);
            a5 = FloatVector.fromArray(F, x, b + 80).fma(w, a5);
            a6 = FloatVector.fromArray(F, x, b + 96).fma(w, a6);
            a7 = FloatVector.fromArray(F, x, b + 112).fma(w, a7);
        }
        a0.intoArray(work, acc);
        a1.intoArray(work, acc + 16);
        a2.intoArray(work, acc + 32);
        a3.intoArray(work, acc + 48);
        a4.intoArray(work, acc + 64);
        a5.intoArray(work, acc + 80);
        a6.intoArray(work, acc + 96);
        a7.intoArray(work, acc + 112);
    }

    /** {@link #panelSingle8} on four vectors, even and odd rows in two sets. */
    private static void panelSingle4(float[] x, int o, int ld, int rows, float[] work, int wOff, int acc) {
        FloatVector a0 = FloatVector.zero(F), a1 = a0, a2 = a0, a3 = a0, b0 = a0, b1 = a0, b2 = a0, b3 = a0;
        int r = 0;
        for (; r + 1 < rows; r += 2) {
            FloatVector w = FloatVector.broadcast(F, work[wOff + r]);
            FloatVector v = FloatVector.broadcast(F, work[wOff + r + 1]);
            int b = o + r * ld;
            int c = b + ld;
            a0 = FloatVector.fromArray(F, x, b).fma(w, a0);
            a1 = FloatVector.fromArray(F, x, b + 16).fma(w, a1);
            a2 = FloatVector.fromArray(F, x, b + 32).fma(w, a2);
            a3 = FloatVector.fromArray(F, x, b + 48).fma(w, a3);
            b0 = FloatVector.fromArray(F, x, c).fma(v, b0);
            b1 = FloatVector.fromArray(F, x, c + 16).fma(v, b1);
            b2 = FloatVector.fromArray(F, x, c + 32).fma(v, b2);
            b3 = FloatVector.fromArray(F, x, c + 48).fma(v, b3);
        }
        if (r < rows) {
            FloatVector w = FloatVector.broadcast(F, work[wOff + r]);
            int b = o + r * ld;
            a0 = FloatVector.fromArray(F, x, b).fma(w, a0);
            a1 = FloatVector.fromArray(F, x, b + 16).fma(w, a1);
            a2 = FloatVector.fromArray(F, x, b + 32).fma(w, a2);
            a3 = FloatVector.fromArray(F, x, b + 48).fma(w, a3);
        }
        a0.add(b0).intoArray(work, acc);
        a1.add(b1).intoArray(work, acc + 16);
        a2.add(b2).intoArray(work, acc + 32);
        a3.add(b3).intoArray(work, acc + 48);
    }

    /** {@link #panelSingle8} on two vectors, the rows in four sets (r mod 4). */
    private static void panelSingle2(float[] x, int o, int ld, int rows, float[] work, int wOff, int acc) {
        FloatVector a0 = FloatVector.zero(F), a1 = a0, b0 = a0, b1 = a0, c0 = a0, c1 = a0, d0 = a0, d1 = a0;
        int r = 0;
        for (; r + 3 < rows; r += 4) {
            int b = o + r * ld;
            FloatVector w0 = FloatVector.broadcast(F, work[wOff + r]);
            FloatVector w1 = FloatVector.broadcast(F, work[wOff + r + 1]);
            FloatVector w2 = FloatVector.broadcast(F, work[wOff + r + 2]);
            FloatVector w3 = FloatVector.broadcast(F, work[wOff + r + 3]);
            a0 = FloatVector.fromArray(F, x, b).fma(w0, a0);
            a1 = FloatVector.fromArray(F, x, b + 16).fma(w0, a1);
            b0 = FloatVector.fromArray(F, x, b + ld).fma(w1, b0);
            b1 = FloatVector.fromArray(F, x, b + ld + 16).fma(w1, b1);
            c0 = FloatVector.fromArray(F, x, b + 2 * ld).fma(w2, c0);
            c1 = FloatVector.fromArray(F, x, b + 2 * ld + 16).fma(w2, c1);
            d0 = FloatVector.fromArray(F, x, b + 3 * ld).fma(w3, d0);
            d1 = FloatVector.fromArray(F, x, b + 3 * ld + 16).fma(w3, d1);
        }
        for (; r < rows; r++) {
            FloatVector w = FloatVector.broadcast(F, work[wOff + r]);
            int b = o + r * ld;
            a0 = FloatVector.fromArray(F, x, b).fma(w, a0);
            a1 = FloatVector.fromArray(F, x, b + 16).fma(w, a1);
        }
        a0.add(b0).add(c0.add(d0)).intoArray(work, acc);
        a1.add(b1).add(c1.add(d1)).intoArray(work, acc + 16);
    }

    /** {@link #panelSingle8} on one vector, the rows in four sets. */
    private static void panelSingle1(float[] x, int o, int ld, int rows, float[] work, int wOff, int acc) {
        FloatVector a = FloatVector.zero(F), b = a, c = a, d = a;
        int r = 0;
        for (; r + 3 < rows; r += 4) {
            int base = o + r * ld;
            a = FloatVector.fromArray(F, x, base).fma(FloatVector.broadcast(F, work[wOff + r]), a);
            b = FloatVector.fromArray(F, x, base + ld).fma(FloatVector.broadcast(F, work[wOff + r + 1]), b);
            c = FloatVector.fromArray(F, x, base + 2 * ld).fma(FloatVector.broadcast(F, work[wOff + r + 2]), c);
            d = FloatVector.fromArray(F, x, base + 3 * ld).fma(FloatVector.broadcast(F, work[wOff + r + 3]), d);
        }
        for (; r < rows; r++) {
            a = FloatVector.fromArray(F, x, o + r * ld).fma(FloatVector.broadcast(F, work[wOff + r]), a);
        }
        a.add(b).add(c.add(d)).intoArray(work, acc);
    }

    /**
     * out[0, p) ← out + c·work[acc, acc + p), converted to double: 16 columns at a time, the
     * last partial 16 lane by lane.
     */
    private static void addSingle(int p, float[] work, int acc, double c, double[] out, int outOff) {
        DoubleVector scale = DoubleVector.broadcast(D, c);
        int full = p / 16 * 16;
        for (int j = 0; j < full; j += 16) {
            FloatVector q = FloatVector.fromArray(F, work, acc + j);
            DoubleVector lo = (DoubleVector) q.convertShape(VectorOperators.F2D, D, 0);
            DoubleVector hi = (DoubleVector) q.convertShape(VectorOperators.F2D, D, 1);
            lo.fma(scale, DoubleVector.fromArray(D, out, outOff + j)).intoArray(out, outOff + j);
            hi.fma(scale, DoubleVector.fromArray(D, out, outOff + j + 8)).intoArray(out, outOff + j + 8);
        }
        for (int j = full; j < p; j++) {
            out[outOff + j] = Math.fma(work[acc + j], c, out[outOff + j]);
        }
    }

    /**
     * Softmax in groups of eight rows, with Wᵀ in scratch so that each class's logits are the
     * dot products of {@link RowDots#dots}: per group, k calls of dots (the rows stay in L1 after the
     * first), the softmax of the k vectors of eight logits ({@link #softmaxGroup}), then k
     * updates of Gᵀ, added transposed to the gradient at the end. No packing, unlike the matrix
     * products this replaces, which cost more than the arithmetic at k = 10.
     */
    @Override
    public double softmax(int n, int p, int k, double[] x, int xOff, int ldx, double[] w, int wOff, int[] labels,
                          int labelsOff, double[] probabilities, int probabilitiesOff, double[] gradient,
                          int gradientOff) {
        int kp = k * p;
        double[] s = scratch(2 * kp + 16 * k + 16);
        int wt = 0;
        int gt = kp;
        int z = 2 * kp;
        int q = z + 8 * k;
        int tmp = q + 8 * k;
        for (int c = 0; c < k; c++) {
            for (int j = 0; j < p; j++) {
                s[wt + c * p + j] = w[wOff + j * k + c];
            }
        }
        if (gradient != null) {
            java.util.Arrays.fill(s, gt, gt + kp, 0.0);
        }
        double scale = n == 0 ? 0 : 1.0 / n;
        double loss = 0;
        for (int i = 0; i < n; i += 8) {
            int count = Math.min(8, n - i);
            int last = i + count - 1;
            for (int c = 0; c < k; c++) {
                RowDots.dots(p, x, xOff, ldx, i, last, s, wt + c * p, s, z + 8 * c);
            }
            softmaxGroup(k, s, z, q, tmp);
            for (int r = 0; r < count; r++) {
                int label = labels[labelsOff + i + r];
                loss += (s[tmp + 8 + r] - s[z + 8 * label + r]) + Math.log(s[tmp + r]);
                for (int c = 0; c < k; c++) {
                    probabilities[probabilitiesOff + (i + r) * k + c] = s[q + 8 * c + r];
                }
            }
            if (gradient != null) {
                for (int c = 0; c < k; c++) {
                    for (int r = 0; r < 8; r++) { // weights (π − e_label)/n, reusing the logits' slots
                        s[z + 8 * c + r] = r < count
                                ? scale * (s[q + 8 * c + r] - (labels[labelsOff + i + r] == c ? 1 : 0)) : 0;
                    }
                    update(p, x, xOff, ldx, i, last, s, z + 8 * c, s, gt + c * p);
                }
            }
        }
        if (gradient != null) {
            for (int j = 0; j < p; j++) {
                for (int c = 0; c < k; c++) {
                    gradient[gradientOff + j * k + c] += s[gt + c * p + j];
                }
            }
        }
        return loss;
    }

    @Override
    public void softmaxHessianVector(int n, int p, int k, double alpha, double[] x, int xOff, int ldx,
                                     double[] probabilities, int probabilitiesOff, double[] v, int vOff,
                                     double[] out, int outOff) {
        int kp = k * p;
        double[] s = scratch(2 * kp + 16 * k + 16);
        int vt = 0;
        int ot = kp;
        int z = 2 * kp;
        int q = z + 8 * k;
        for (int c = 0; c < k; c++) {
            for (int j = 0; j < p; j++) {
                s[vt + c * p + j] = v[vOff + j * k + c];
            }
        }
        java.util.Arrays.fill(s, ot, ot + kp, 0.0);
        double scale = alpha / n;
        for (int i = 0; i < n; i += 8) {
            int count = Math.min(8, n - i);
            int last = i + count - 1;
            for (int c = 0; c < k; c++) {
                RowDots.dots(p, x, xOff, ldx, i, last, s, vt + c * p, s, z + 8 * c); // żᵢ = Vᵀxᵢ
            }
            for (int r = 0; r < 8; r++) {
                if (r < count) {
                    int pi = probabilitiesOff + (i + r) * k;
                    double piz = 0;
                    for (int c = 0; c < k; c++) {
                        piz += probabilities[pi + c] * s[z + 8 * c + r];
                    }
                    for (int c = 0; c < k; c++) {
                        s[q + 8 * c + r] = scale * probabilities[pi + c] * (s[z + 8 * c + r] - piz);
                    }
                } else {
                    for (int c = 0; c < k; c++) {
                        s[q + 8 * c + r] = 0;
                    }
                }
            }
            for (int c = 0; c < k; c++) {
                update(p, x, xOff, ldx, i, last, s, q + 8 * c, s, ot + c * p);
            }
        }
        for (int j = 0; j < p; j++) {
            for (int c = 0; c < k; c++) {
                out[outOff + j * k + c] += s[ot + c * p + j];
            }
        }
    }

    /** The per-thread scratch, grown (once per larger size) to at least {@code length}. */
    private static double[] scratch(int length) {
        double[] s = SCRATCH.get();
        if (s.length < length) {
            s = new double[Math.max(length, 2 * s.length)];
            SCRATCH.set(s);
        }
        return s;
    }

    /**
     * For the eight rows' logits by class (s[z + 8c + r]): the probabilities into s[q + 8c + r],
     * Σ_c exp(z − max) into s[tmp + r] and the maxima into s[tmp + 8 + r], all eight rows at once
     * with the exp of PanamaArrayKernels.
     */
    private static void softmaxGroup(int k, double[] s, int z, int q, int tmp) {
        // Maxima and sums by class: the merged vector is always the argument (PanamaArrayKernels)
        DoubleVector mx = DoubleVector.fromArray(S, s, z);
        for (int c = 1; c < k; c++) {
            mx = DoubleVector.fromArray(S, s, z + 8 * c).max(mx);
        }
        DoubleVector.broadcast(S, Double.NEGATIVE_INFINITY).max(mx).intoArray(s, tmp + 8);
        for (int c = 0; c < k; c++) {
            exponentials(s, z + 8 * c, tmp + 8, q + 8 * c);
        }
        DoubleVector total = DoubleVector.fromArray(S, s, q);
        for (int c = 1; c < k; c++) {
            total = DoubleVector.fromArray(S, s, q + 8 * c).add(total);
        }
        total = DoubleVector.broadcast(S, -0.0).add(total);
        for (int c = 0; c < k; c++) {
            DoubleVector.fromArray(S, s, q + 8 * c).div(total).intoArray(s, q + 8 * c);
        }
        total.intoArray(s, tmp);
    }

    /**
     * s[out + r] ← e^(s[in + r] − s[max + r]) for r < 8, with the exp of PanamaArrayKernels: the
     * fast path on every lane, then the scalar algorithm on the lanes beyond e^−708, in place. A
     * method of its own so that no vector (an accumulator least of all) lives across the fix-up's
     * branch: C2 boxed the class sum when it did.
     */
    private static void exponentials(double[] s, int in, int max, int out) {
        DoubleVector a = DoubleVector.fromArray(S, s, in).sub(DoubleVector.fromArray(S, s, max));
        VectorMask<Double> special = a.compare(GE, -EXP_FAST_LIMIT).not();
        DoubleVector t = a.fma(INV_LN2, SHIFT);
        DoubleVector kk = t.sub(SHIFT);
        DoubleVector r = kk.fma(DoubleVector.broadcast(S, -LN2_HI), a);
        r = kk.fma(DoubleVector.broadcast(S, -LN2_LO), r);
        DoubleVector r2 = r.mul(r);
        DoubleVector r4 = r2.mul(r2);
        DoubleVector h = r.fma(E9, E8).fma(r4, r.fma(E7, E6).fma(r2, r.fma(E5, E4))) // Estrin
                .fma(r4, r.fma(E3, E2).fma(r2, r.fma(E1, E0)));
        DoubleVector one = r.add(1.0);
        DoubleVector e = one.add(r2.fma(h, r.sub(one.sub(1.0))));
        e.reinterpretAsLongs().add(t.reinterpretAsLongs().lanewise(LSHL, 52)).reinterpretAsDoubles()
                .blend(a, special).intoArray(s, out);
        long rare = special.toLong();
        if (rare != 0) {
            Transcendentals.expLanes(rare, s, out);
        }
    }

    /**
     * The per-thread scratch with, at [{@value #TAIL}, {@value #TAIL} + L), the lane weights of
     * the last L columns p − L … p − 1 for the tail of {@link #updateBlock}: 0 on the columns the
     * full vectors cover, 1 on the others.
     */
    private static double[] laneWeights(int p) {
        double[] s = SCRATCH.get();
        int full = S.loopBound(p);
        for (int l = 0; l < L; l++) {
            s[TAIL + l] = p - L + l >= full ? 1 : 0;
        }
        return s;
    }

    /** Where {@link #laneWeights} puts the lane weights in the scratch. */
    private static final int TAIL = 16;

    /**
     * For each block of {@link #GRAM_ROWS} rows and each panel of 16 columns j…j+15: the panel
     * scaled by cᵢ is packed into work[panel..) (32 KiB, so it stays in L1), then
     * every 8×16 tile of the w×w accumulator at work[acc..) in rows a ≥ j (the lower triangle and
     * the upper part of the diagonal tiles) is summed over the block in sixteen registers
     * ({@link #gramTile}: two loads from the panel and eight broadcasts per sixteen FMAs, rows in
     * order). The broadcasts read X where it is: the last rows a of a p not a multiple of 8 go
     * through half-height tiles when there are at most four ({@link #gramTile4}: 13% faster at
     * p = 50), else through a zero-padded copy at work[edge..), so that no read goes past a row. Packing both sides
     * into panels was slower: the scattered stores cost half as much as the tiles. Finally the
     * lower triangle is copied out and mirrored. No vector crosses a call.
     */
    @Override
    public void weightedGram(int n, int p, double[] x, int xOff, int ldx, double[] c, int cOff, double[] out,
                             int outOff, double[] work, int workOff) {
        int w = RowSweepKernels.gramWidth(p);
        int panel = workOff;
        int edge = panel + 16 * GRAM_ROWS;
        int acc = edge + 8 * GRAM_ROWS;
        java.util.Arrays.fill(work, acc, acc + w * w, 0.0);
        int lastA = (p - 1) / 8 * 8;
        boolean ragged = p % 8 != 0;
        // up to four last rows: half-height tiles reading X in place; five to seven: the edge copy
        boolean narrow = ragged && p - lastA <= 4;
        for (int i0 = 0; i0 < n; i0 += GRAM_ROWS) {
            int rows = Math.min(GRAM_ROWS, n - i0);
            int block = xOff + i0 * ldx;
            if (ragged && !narrow) {
                int width = p - lastA;
                for (int r = 0; r < rows; r++) {
                    int from = block + r * ldx + lastA;
                    int to = edge + 8 * r;
                    for (int k = 0; k < width; k++) {
                        work[to + k] = x[from + k];
                    }
                    for (int k = width; k < 8; k++) {
                        work[to + k] = 0;
                    }
                }
            }
            for (int j = 0; j < p; j += 16) {
                packScaledPanel(rows, p, x, block, ldx, c, cOff + i0, j, work, panel);
                for (int a = j; a < p; a += 8) {
                    if (narrow && a == lastA) {
                        if (a == j) {
                            gramTileDiagonal4(rows, x, block + a, ldx, a, p - a, work, acc, work, panel, w);
                        } else {
                            gramTile4(rows, x, block + a, ldx, a, p - a, j, work, acc, work, panel, w);
                        }
                        continue;
                    }
                    // the broadcasts: X in place, or the zero-padded copy of a last, narrower panel
                    boolean fromEdge = ragged && a == lastA;
                    double[] b = fromEdge ? work : x;
                    int bOff = fromEdge ? edge : block + a;
                    int ldb = fromEdge ? 8 : ldx;
                    if (a == j) { // rows j..j+7 need columns j..j+7 only (the rest is upper triangle)
                        gramTileDiagonal(rows, b, bOff, ldb, a, work, acc, work, panel, w);
                    } else {
                        gramTile(rows, b, bOff, ldb, a, j, work, acc, work, panel, w);
                    }
                }
            }
        }
        for (int a = 0; a < p; a++) {
            for (int b = 0; b <= a; b++) {
                double v = work[acc + a * w + b];
                out[outOff + a * p + b] = v;
                out[outOff + b * p + a] = v;
            }
        }
    }

    /** work[panel + 16r + k] ← c_r·x_r[j + k] for r < rows, k < 16 (zero beyond column p). */
    private static void packScaledPanel(int rows, int p, double[] x, int block, int ldx, double[] c, int cOff,
                                        int j, double[] work, int panel) {
        if (j + 16 <= p) {
            for (int r = 0; r < rows; r++) {
                int from = block + r * ldx + j;
                DoubleVector cr = DoubleVector.broadcast(S, c[cOff + r]);
                DoubleVector.fromArray(S, x, from).mul(cr).intoArray(work, panel + 16 * r);
                DoubleVector.fromArray(S, x, from + L).mul(cr).intoArray(work, panel + 16 * r + L);
            }
        } else {
            // the last, partial panel: the columns, then the zero padding, with no test per element
            int width = p - j;
            for (int r = 0; r < rows; r++) {
                int from = block + r * ldx + j;
                int to = panel + 16 * r;
                double cr = c[cOff + r];
                for (int k = 0; k < width; k++) {
                    work[to + k] = cr * x[from + k];
                }
                for (int k = width; k < 16; k++) {
                    work[to + k] = 0;
                }
            }
        }
    }

    /**
     * sums[acc..) rows a..a+8, columns j..j+16 (rows of width w) += Σ_{i < rows} b_i[0..8) ⊗
     * panel_i[0..16), where b_i starts at b[bOff + i·ldb] and panel_i at packed[panel + 16i]; the
     * sixteen accumulators loaded once and stored once. (Written with this parameter order, the
     * method ran about 15% faster than with the arrays first; C2's code differs, not the work.)
     */
    private static void gramTile(int rows, double[] b, int bOff, int ldb, int a, int j, double[] sums, int acc,
                                 double[] packed, int panel, int w) {
        int t = acc + a * w + j;
        DoubleVector c00 = DoubleVector.fromArray(S, sums, t);
        DoubleVector c01 = DoubleVector.fromArray(S, sums, t + L);
        DoubleVector c10 = DoubleVector.fromArray(S, sums, t + w);
        DoubleVector c11 = DoubleVector.fromArray(S, sums, t + w + L);
        DoubleVector c20 = DoubleVector.fromArray(S, sums, t + 2 * w);
        DoubleVector c21 = DoubleVector.fromArray(S, sums, t + 2 * w + L);
        DoubleVector c30 = DoubleVector.fromArray(S, sums, t + 3 * w);
        DoubleVector c31 = DoubleVector.fromArray(S, sums, t + 3 * w + L);
        DoubleVector c40 = DoubleVector.fromArray(S, sums, t + 4 * w);
        DoubleVector c41 = DoubleVector.fromArray(S, sums, t + 4 * w + L);
        DoubleVector c50 = DoubleVector.fromArray(S, sums, t + 5 * w);
        DoubleVector c51 = DoubleVector.fromArray(S, sums, t + 5 * w + L);
        DoubleVector c60 = DoubleVector.fromArray(S, sums, t + 6 * w);
        DoubleVector c61 = DoubleVector.fromArray(S, sums, t + 6 * w + L);
        DoubleVector c70 = DoubleVector.fromArray(S, sums, t + 7 * w);
        DoubleVector c71 = DoubleVector.fromArray(S, sums, t + 7 * w + L);
        for (int i = 0; i < rows; i++) {
            DoubleVector x0 = DoubleVector.fromArray(S, packed, panel + i * 16);
            DoubleVector x1 = DoubleVector.fromArray(S, packed, panel + i * 16 + L);
            int s = bOff + i * ldb;
            DoubleVector s0 = DoubleVector.broadcast(S, b[s]);
            c00 = x0.fma(s0, c00);
            c01 = x1.fma(s0, c01);
            DoubleVector s1 = DoubleVector.broadcast(S, b[s + 1]);
            c10 = x0.fma(s1, c10);
            c11 = x1.fma(s1, c11);
            DoubleVector s2 = DoubleVector.broadcast(S, b[s + 2]);
            c20 = x0.fma(s2, c20);
            c21 = x1.fma(s2, c21);
            DoubleVector s3 = DoubleVector.broadcast(S, b[s + 3]);
            c30 = x0.fma(s3, c30);
            c31 = x1.fma(s3, c31);
            DoubleVector s4 = DoubleVector.broadcast(S, b[s + 4]);
            c40 = x0.fma(s4, c40);
            c41 = x1.fma(s4, c41);
            DoubleVector s5 = DoubleVector.broadcast(S, b[s + 5]);
            c50 = x0.fma(s5, c50);
            c51 = x1.fma(s5, c51);
            DoubleVector s6 = DoubleVector.broadcast(S, b[s + 6]);
            c60 = x0.fma(s6, c60);
            c61 = x1.fma(s6, c61);
            DoubleVector s7 = DoubleVector.broadcast(S, b[s + 7]);
            c70 = x0.fma(s7, c70);
            c71 = x1.fma(s7, c71);
        }
        c00.intoArray(sums, t);
        c01.intoArray(sums, t + L);
        c10.intoArray(sums, t + w);
        c11.intoArray(sums, t + w + L);
        c20.intoArray(sums, t + 2 * w);
        c21.intoArray(sums, t + 2 * w + L);
        c30.intoArray(sums, t + 3 * w);
        c31.intoArray(sums, t + 3 * w + L);
        c40.intoArray(sums, t + 4 * w);
        c41.intoArray(sums, t + 4 * w + L);
        c50.intoArray(sums, t + 5 * w);
        c51.intoArray(sums, t + 5 * w + L);
        c60.intoArray(sums, t + 6 * w);
        c61.intoArray(sums, t + 6 * w + L);
        c70.intoArray(sums, t + 7 * w);
        c71.intoArray(sums, t + 7 * w + L);
    }

    /**
     * {@link #gramTile} for the 8×8 diagonal block at rows and columns a..a+8 (the left half of
     * the panel): the half of an 8×16 tile that the lower triangle needs.
     */
    private static void gramTileDiagonal(int rows, double[] b, int bOff, int ldb, int a, double[] sums, int acc,
                                         double[] packed, int panel, int w) {
        int t = acc + a * w + a;
        DoubleVector c0 = DoubleVector.fromArray(S, sums, t);
        DoubleVector c1 = DoubleVector.fromArray(S, sums, t + w);
        DoubleVector c2 = DoubleVector.fromArray(S, sums, t + 2 * w);
        DoubleVector c3 = DoubleVector.fromArray(S, sums, t + 3 * w);
        DoubleVector c4 = DoubleVector.fromArray(S, sums, t + 4 * w);
        DoubleVector c5 = DoubleVector.fromArray(S, sums, t + 5 * w);
        DoubleVector c6 = DoubleVector.fromArray(S, sums, t + 6 * w);
        DoubleVector c7 = DoubleVector.fromArray(S, sums, t + 7 * w);
        for (int i = 0; i < rows; i++) {
            DoubleVector x0 = DoubleVector.fromArray(S, packed, panel + i * 16);
            int s = bOff + i * ldb;
            c0 = x0.fma(DoubleVector.broadcast(S, b[s]), c0);
            c1 = x0.fma(DoubleVector.broadcast(S, b[s + 1]), c1);
            c2 = x0.fma(DoubleVector.broadcast(S, b[s + 2]), c2);
            c3 = x0.fma(DoubleVector.broadcast(S, b[s + 3]), c3);
            c4 = x0.fma(DoubleVector.broadcast(S, b[s + 4]), c4);
            c5 = x0.fma(DoubleVector.broadcast(S, b[s + 5]), c5);
            c6 = x0.fma(DoubleVector.broadcast(S, b[s + 6]), c6);
            c7 = x0.fma(DoubleVector.broadcast(S, b[s + 7]), c7);
        }
        c0.intoArray(sums, t);
        c1.intoArray(sums, t + w);
        c2.intoArray(sums, t + 2 * w);
        c3.intoArray(sums, t + 3 * w);
        c4.intoArray(sums, t + 4 * w);
        c5.intoArray(sums, t + 5 * w);
        c6.intoArray(sums, t + 6 * w);
        c7.intoArray(sums, t + 7 * w);
    }

    /**
     * {@link #gramTile} for the last rows a..a+3 when p − a ≤ 4: four broadcasts per sixteen
     * columns, read from X in place, where the eight-row tile would broadcast a zero-padded copy
     * and spend half its FMAs or more on the padding.
     */
    private static void gramTile4(int rows, double[] b, int bOff, int ldb, int a, int width, int j, double[] sums,
                                  int acc, double[] packed, int panel, int w) {
        int t = acc + a * w + j;
        DoubleVector c00 = DoubleVector.fromArray(S, sums, t);
        DoubleVector c01 = DoubleVector.fromArray(S, sums, t + L);
        DoubleVector c10 = DoubleVector.fromArray(S, sums, t + w);
        DoubleVector c11 = DoubleVector.fromArray(S, sums, t + w + L);
        DoubleVector c20 = DoubleVector.fromArray(S, sums, t + 2 * w);
        DoubleVector c21 = DoubleVector.fromArray(S, sums, t + 2 * w + L);
        DoubleVector c30 = DoubleVector.fromArray(S, sums, t + 3 * w);
        DoubleVector c31 = DoubleVector.fromArray(S, sums, t + 3 * w + L);
        // columns past p are never read: their accumulator rows (below w, dropped at the end) repeat the last
        int k1 = Math.min(1, width - 1);
        int k2 = Math.min(2, width - 1);
        int k3 = Math.min(3, width - 1);
        for (int i = 0; i < rows; i++) {
            DoubleVector x0 = DoubleVector.fromArray(S, packed, panel + i * 16);
            DoubleVector x1 = DoubleVector.fromArray(S, packed, panel + i * 16 + L);
            int s = bOff + i * ldb;
            DoubleVector s0 = DoubleVector.broadcast(S, b[s]);
            c00 = x0.fma(s0, c00);
            c01 = x1.fma(s0, c01);
            DoubleVector s1 = DoubleVector.broadcast(S, b[s + k1]);
            c10 = x0.fma(s1, c10);
            c11 = x1.fma(s1, c11);
            DoubleVector s2 = DoubleVector.broadcast(S, b[s + k2]);
            c20 = x0.fma(s2, c20);
            c21 = x1.fma(s2, c21);
            DoubleVector s3 = DoubleVector.broadcast(S, b[s + k3]);
            c30 = x0.fma(s3, c30);
            c31 = x1.fma(s3, c31);
        }
        c00.intoArray(sums, t);
        c01.intoArray(sums, t + L);
        c10.intoArray(sums, t + w);
        c11.intoArray(sums, t + w + L);
        c20.intoArray(sums, t + 2 * w);
        c21.intoArray(sums, t + 2 * w + L);
        c30.intoArray(sums, t + 3 * w);
        c31.intoArray(sums, t + 3 * w + L);
    }

    /** {@link #gramTile4} for the diagonal block: rows and columns a..a+3, the panel's first vector. */
    private static void gramTileDiagonal4(int rows, double[] b, int bOff, int ldb, int a, int width, double[] sums,
                                          int acc, double[] packed, int panel, int w) {
        int t = acc + a * w + a;
        int k1 = Math.min(1, width - 1);
        int k2 = Math.min(2, width - 1);
        int k3 = Math.min(3, width - 1);
        DoubleVector c0 = DoubleVector.fromArray(S, sums, t);
        DoubleVector c1 = DoubleVector.fromArray(S, sums, t + w);
        DoubleVector c2 = DoubleVector.fromArray(S, sums, t + 2 * w);
        DoubleVector c3 = DoubleVector.fromArray(S, sums, t + 3 * w);
        for (int i = 0; i < rows; i++) {
            DoubleVector x0 = DoubleVector.fromArray(S, packed, panel + i * 16);
            int s = bOff + i * ldb;
            c0 = x0.fma(DoubleVector.broadcast(S, b[s]), c0);
            c1 = x0.fma(DoubleVector.broadcast(S, b[s + k1]), c1);
            c2 = x0.fma(DoubleVector.broadcast(S, b[s + k2]), c2);
            c3 = x0.fma(DoubleVector.broadcast(S, b[s + k3]), c3);
        }
        c0.intoArray(sums, t);
        c1.intoArray(sums, t + w);
        c2.intoArray(sums, t + 2 * w);
        c3.intoArray(sums, t + 3 * w);
    }

    /**
     * The single-precision {@link #weightedGram}: for each block of {@value #GRAM_ROWS} rows and
     * each panel of 32 columns j…j+31, the panel scaled by fl(cᵢ·cScale) is packed into
     * work[panel..) (32 KiB: it stays in L1), by the panel's diagonal tile as that tile runs
     * ({@link #gramTileSinglePacking}) when it has one, and every tile of rows a ≥ j is summed
     * over the block in float registers that start at zero, one FMA per row in row order as the
     * scalar twin does, then stored to work[tile..) and added, times s, to out in double
     * ({@link #addTileSingle}). Rows below j + 16, and every row of a panel at most 16 wide,
     * need the panel's first 16 columns only (the rest is upper triangle): 8×16 tiles there,
     * 8×32 elsewhere, so that at p = 100 a row costs 364 FMAs of 16 lanes, the fewest whole
     * vectors that cover its lower triangle. The broadcasts read X in place at constant offsets;
     * the last one to seven rows go through 4-row tiles whose offsets are clamped to the last
     * column, so that nothing is read past a row (an unpadded last row ends the array), where an
     * 8-row tile would spend up to half its FMAs on repeated rows. A copy too large to stay in
     * the caches is read ahead block by block ({@link #TOUCH_FLOATS}). Upper-triangle entries
     * that the diagonal tiles add are overwritten when the lower triangle is mirrored at the end.
     * No vector crosses a call.
     */
    @Override
    public void weightedGramSingle(int n, int p, int ld, float[] x, double[] c, int cOff, double cScale, double s,
                                   double[] out, int outOff, float[] work, int workOff) {
        java.util.Arrays.fill(out, outOff, outOff + p * p, 0.0);
        int panel = workOff;
        int tile = panel + 32 * GRAM_ROWS;
        boolean touch = (long) n * ld >= TOUCH_FLOATS;
        for (int i0 = 0; i0 < n; i0 += GRAM_ROWS) {
            int rows = Math.min(GRAM_ROWS, n - i0);
            int block = i0 * ld;
            if (touch) {
                touchRows(x, block, rows * ld, work, tile);
            }
            for (int j = 0; j < p; j += 32) {
                int width = Math.min(32, p - j);
                int cols0 = Math.min(16, width);
                int cols1 = width - cols0;
                int a = j;
                if (j + 8 <= p) {
                    // the diagonal tile packs the panel as it goes, but for rows within 32 floats of the array's end
                    int fused = Math.clamp(Math.floorDiv(x.length - 32 - (block + j), ld) + 1, 0, rows);
                    packScaledPanelSingle(fused, rows, width, x, block + j, ld, c, cOff + i0, cScale, work, panel);
                    gramTileSinglePacking(rows, fused, width, x, block + j, ld, c, cOff + i0, cScale, work, panel, s,
                            out, outOff + j * p + j, p, cols0, tile);
                    a += 8;
                } else {
                    packScaledPanelSingle(0, rows, width, x, block + j, ld, c, cOff + i0, cScale, work, panel);
                }
                for (; a < p; a += 8) {
                    boolean half = a < j + 16 || cols1 == 0;
                    int t = outOff + a * p + j;
                    if (a + 8 <= p) {
                        if (half) {
                            gramTileSingle16(rows, x, block + a, ld, work, panel, s, out, t, p, cols0, tile);
                        } else {
                            gramTileSingle(rows, x, block + a, ld, work, panel, s, out, t, p, cols1, tile);
                        }
                        continue;
                    }
                    // the last one to seven rows: one or two 4-row tiles
                    int valid = p - a;
                    gramTileSingle4(rows, x, block + a, ld, Math.min(4, valid), half, work, panel, s, out, t, p,
                            cols0, cols1, tile);
                    if (valid > 4) {
                        gramTileSingle4(rows, x, block + a + 4, ld, valid - 4, half, work, panel, s, out,
                                t + 4 * p, p, cols0, cols1, tile);
                    }
                }
            }
        }
        for (int a = 1; a < p; a++) {
            for (int b = 0; b < a; b++) {
                out[outOff + b * p + a] = out[outOff + a * p + b];
            }
        }
    }

    /**
     * From this many floats of X on (1 MiB, a core's L2), {@link #weightedGramSingle} reads each
     * block once in sequence before its tiles ({@link #touchRows}). The tiles first touch a block
     * column group by column group (one line per row, rows a whole row apart) and wait on memory
     * where the copy has left the caches: always at 100000 × 200 (the pass took the product from
     * 30 to 22 ms), and at 10000 × 100 whenever other work ran in between, as a solve's passes
     * over the double X do before its implicit derivative (there 0.84–1.08 → 0.75 ms). Run back
     * to back with the copy in L3 it costs 3%; a copy within L2 (1000 × 50: +6%) skips it.
     */
    private static final long TOUCH_FLOATS = 1L << 18;

    /**
     * Reads one float of every 64-byte line of x[from, from + count), in sequence, so that the
     * hardware prefetchers bring the block in; four independent chains of ORs keep the loads
     * alive (their result lands in work[at], which the tiles overwrite) without a chain of
     * float adds to wait on.
     */
    private static void touchRows(float[] x, int from, int count, float[] work, int at) {
        int s0 = 0;
        int s1 = 0;
        int s2 = 0;
        int s3 = 0;
        int k = from;
        for (int end = from + count - 48; k < end; k += 64) {
            s0 |= Float.floatToRawIntBits(x[k]);
            s1 |= Float.floatToRawIntBits(x[k + 16]);
            s2 |= Float.floatToRawIntBits(x[k + 32]);
            s3 |= Float.floatToRawIntBits(x[k + 48]);
        }
        work[at] = Float.intBitsToFloat(s0 | s1 | s2 | s3);
    }

    /**
     * work[panel + 32r + k] ← fl(fl(c_r·cScale)·x̃_r[k]) for first ≤ r < rows, k < 32, the rows at
     * x[from + r·ld], zero from k = width on. A partial panel is read by masked loads, except
     * where 32 floats from the panel's start would pass the array's end (a masked load there takes
     * a lane-checking path): those rows are packed element by element.
     */
    private static void packScaledPanelSingle(int first, int rows, int width, float[] x, int from, int ld, double[] c,
                                              int cOff, double cScale, float[] work, int panel) {
        if (width == 32) {
            for (int r = first; r < rows; r++) {
                int o = from + r * ld;
                FloatVector cr = FloatVector.broadcast(F, (float) (c[cOff + r] * cScale));
                FloatVector.fromArray(F, x, o).mul(cr).intoArray(work, panel + 32 * r);
                FloatVector.fromArray(F, x, o + 16).mul(cr).intoArray(work, panel + 32 * r + 16);
            }
            return;
        }
        VectorMask<Float> m0 = F.indexInRange(0, width);
        VectorMask<Float> m1 = F.indexInRange(16, width);
        for (int r = first; r < rows; r++) {
            int o = from + r * ld;
            float cr = (float) (c[cOff + r] * cScale);
            int to = panel + 32 * r;
            if (o + 32 <= x.length) {
                FloatVector.fromArray(F, x, o, m0).mul(cr).intoArray(work, to);
                FloatVector.fromArray(F, x, o + 16, m1).mul(cr).intoArray(work, to + 16);
            } else {
                for (int k = 0; k < width; k++) {
                    work[to + k] = cr * x[o + k];
                }
                for (int k = width; k < 32; k++) {
                    work[to + k] = 0;
                }
            }
        }
    }

    /**
     * {@link #gramTileSingle16} for the panel's diagonal tile (rows and columns j..j+7), which
     * also packs the panel ({@link #packScaledPanelSingle}'s entries) for its first {@code fused}
     * rows: each row's scaled first 16 columns feed the FMAs straight away, and the loads of X,
     * from L2 or beyond, overlap the tile's arithmetic instead of preceding it (1000 × 50: the
     * packing alone took a quarter of the time). The rows from {@code fused} on, packed
     * beforehand, are read from the panel.
     */
    private static void gramTileSinglePacking(int rows, int fused, int width, float[] x, int from, int ld, double[] c,
                                              int cOff, double cScale, float[] packed, int panel, double s,
                                              double[] out, int t, int p, int cols0, int tile) {
        FloatVector c0 = FloatVector.zero(F), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0, c6 = c0, c7 = c0;
        for (int i = 0; i < fused; i++) {
            int q = from + i * ld;
            FloatVector cr = FloatVector.broadcast(F, (float) (c[cOff + i] * cScale));
            // masks made in the iteration that uses them (see PanamaArrayKernels on constants kept across a loop)
            FloatVector x0 = FloatVector.fromArray(F, x, q, F.indexInRange(0, width)).mul(cr);
            x0.intoArray(packed, panel + 32 * i);
            FloatVector.fromArray(F, x, q + 16, F.indexInRange(16, width)).mul(cr).intoArray(packed, panel + 32 * i + 16);
            c0 = x0.fma(FloatVector.broadcast(F, x[q]), c0);
            c1 = x0.fma(FloatVector.broadcast(F, x[q + 1]), c1);
            c2 = x0.fma(FloatVector.broadcast(F, x[q + 2]), c2);
            c3 = x0.fma(FloatVector.broadcast(F, x[q + 3]), c3);
            c4 = x0.fma(FloatVector.broadcast(F, x[q + 4]), c4);
            c5 = x0.fma(FloatVector.broadcast(F, x[q + 5]), c5);
            c6 = x0.fma(FloatVector.broadcast(F, x[q + 6]), c6);
            c7 = x0.fma(FloatVector.broadcast(F, x[q + 7]), c7);
        }
        for (int i = fused; i < rows; i++) {
            FloatVector x0 = FloatVector.fromArray(F, packed, panel + 32 * i);
            int q = from + i * ld;
            c0 = x0.fma(FloatVector.broadcast(F, x[q]), c0);
            c1 = x0.fma(FloatVector.broadcast(F, x[q + 1]), c1);
            c2 = x0.fma(FloatVector.broadcast(F, x[q + 2]), c2);
            c3 = x0.fma(FloatVector.broadcast(F, x[q + 3]), c3);
            c4 = x0.fma(FloatVector.broadcast(F, x[q + 4]), c4);
            c5 = x0.fma(FloatVector.broadcast(F, x[q + 5]), c5);
            c6 = x0.fma(FloatVector.broadcast(F, x[q + 6]), c6);
            c7 = x0.fma(FloatVector.broadcast(F, x[q + 7]), c7);
        }
        FloatVector nz = FloatVector.broadcast(F, -0.0f); // −0 + a = a, and a merged vector is never a receiver
        nz.add(c0).intoArray(packed, tile);
        nz.add(c1).intoArray(packed, tile + 32);
        nz.add(c2).intoArray(packed, tile + 64);
        nz.add(c3).intoArray(packed, tile + 96);
        nz.add(c4).intoArray(packed, tile + 128);
        nz.add(c5).intoArray(packed, tile + 160);
        nz.add(c6).intoArray(packed, tile + 192);
        nz.add(c7).intoArray(packed, tile + 224);
        addTileSingle(packed, tile, 8, cols0, s, out, t, p);
    }

    /**
     * out rows a..a+7 from t (leading dimension p), columns j..j+31 += s·Σ_{i < rows} b_i[0..8) ⊗
     * panel_i[0..32), b_i at b[bOff + i·ldb] and panel_i at packed[panel + 32i]: sixteen
     * accumulators, two loads from the panel and eight broadcasts per sixteen FMAs; of the second
     * 16 columns the first cols1 are added.
     */
    private static void gramTileSingle(int rows, float[] b, int bOff, int ldb, float[] packed, int panel, double s,
                                       double[] out, int t, int p, int cols1, int tile) {
        FloatVector c00 = FloatVector.zero(F), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00;
        FloatVector c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00;
        FloatVector c60 = c00, c61 = c00, c70 = c00, c71 = c00;
        for (int i = 0; i < rows; i++) {
            FloatVector x0 = FloatVector.fromArray(F, packed, panel + 32 * i);
            FloatVector x1 = FloatVector.fromArray(F, packed, panel + 32 * i + 16);
            int q = bOff + i * ldb;
            FloatVector s0 = FloatVector.broadcast(F, b[q]);
            c00 = x0.fma(s0, c00);
            c01 = x1.fma(s0, c01);
            FloatVector s1 = FloatVector.broadcast(F, b[q + 1]);
            c10 = x0.fma(s1, c10);
            c11 = x1.fma(s1, c11);
            FloatVector s2 = FloatVector.broadcast(F, b[q + 2]);
            c20 = x0.fma(s2, c20);
            c21 = x1.fma(s2, c21);
            FloatVector s3 = FloatVector.broadcast(F, b[q + 3]);
            c30 = x0.fma(s3, c30);
            c31 = x1.fma(s3, c31);
            FloatVector s4 = FloatVector.broadcast(F, b[q + 4]);
            c40 = x0.fma(s4, c40);
            c41 = x1.fma(s4, c41);
            FloatVector s5 = FloatVector.broadcast(F, b[q + 5]);
            c50 = x0.fma(s5, c50);
            c51 = x1.fma(s5, c51);
            FloatVector s6 = FloatVector.broadcast(F, b[q + 6]);
            c60 = x0.fma(s6, c60);
            c61 = x1.fma(s6, c61);
            FloatVector s7 = FloatVector.broadcast(F, b[q + 7]);
            c70 = x0.fma(s7, c70);
            c71 = x1.fma(s7, c71);
        }
        FloatVector nz = FloatVector.broadcast(F, -0.0f); // −0 + a = a, and a merged vector is never a receiver
        nz.add(c00).intoArray(packed, tile);
        nz.add(c01).intoArray(packed, tile + 16);
        nz.add(c10).intoArray(packed, tile + 32);
        nz.add(c11).intoArray(packed, tile + 48);
        nz.add(c20).intoArray(packed, tile + 64);
        nz.add(c21).intoArray(packed, tile + 80);
        nz.add(c30).intoArray(packed, tile + 96);
        nz.add(c31).intoArray(packed, tile + 112);
        nz.add(c40).intoArray(packed, tile + 128);
        nz.add(c41).intoArray(packed, tile + 144);
        nz.add(c50).intoArray(packed, tile + 160);
        nz.add(c51).intoArray(packed, tile + 176);
        nz.add(c60).intoArray(packed, tile + 192);
        nz.add(c61).intoArray(packed, tile + 208);
        nz.add(c70).intoArray(packed, tile + 224);
        nz.add(c71).intoArray(packed, tile + 240);
        addTileSingle(packed, tile, 8, 16 + cols1, s, out, t, p);
    }

    /** {@link #gramTileSingle} on the panel's first 16 columns, of which the first cols0 are added. */
    private static void gramTileSingle16(int rows, float[] b, int bOff, int ldb, float[] packed, int panel, double s,
                                         double[] out, int t, int p, int cols0, int tile) {
        FloatVector c0 = FloatVector.zero(F), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0, c6 = c0, c7 = c0;
        for (int i = 0; i < rows; i++) {
            FloatVector x0 = FloatVector.fromArray(F, packed, panel + 32 * i);
            int q = bOff + i * ldb;
            c0 = x0.fma(FloatVector.broadcast(F, b[q]), c0);
            c1 = x0.fma(FloatVector.broadcast(F, b[q + 1]), c1);
            c2 = x0.fma(FloatVector.broadcast(F, b[q + 2]), c2);
            c3 = x0.fma(FloatVector.broadcast(F, b[q + 3]), c3);
            c4 = x0.fma(FloatVector.broadcast(F, b[q + 4]), c4);
            c5 = x0.fma(FloatVector.broadcast(F, b[q + 5]), c5);
            c6 = x0.fma(FloatVector.broadcast(F, b[q + 6]), c6);
            c7 = x0.fma(FloatVector.broadcast(F, b[q + 7]), c7);
        }
        FloatVector nz = FloatVector.broadcast(F, -0.0f); // −0 + a = a, and a merged vector is never a receiver
        nz.add(c0).intoArray(packed, tile);
        nz.add(c1).intoArray(packed, tile + 32);
        nz.add(c2).intoArray(packed, tile + 64);
        nz.add(c3).intoArray(packed, tile + 96);
        nz.add(c4).intoArray(packed, tile + 128);
        nz.add(c5).intoArray(packed, tile + 160);
        nz.add(c6).intoArray(packed, tile + 192);
        nz.add(c7).intoArray(packed, tile + 224);
        addTileSingle(packed, tile, 8, cols0, s, out, t, p);
    }

    /**
     * {@link #gramTileSingle} (or, when {@code half}, {@link #gramTileSingle16}) for the last
     * {@code valid} ≤ 4 rows: the broadcast offsets are clamped to the last row, whose repeats
     * are summed but never added to out, so that no read passes column p.
     */
    private static void gramTileSingle4(int rows, float[] b, int bOff, int ldb, int valid, boolean half,
                                        float[] packed, int panel, double s, double[] out, int t, int p,
                                        int cols0, int cols1, int tile) {
        int k1 = Math.min(1, valid - 1);
        int k2 = Math.min(2, valid - 1);
        int k3 = Math.min(3, valid - 1);
        FloatVector c00 = FloatVector.zero(F), c01 = c00, c10 = c00, c11 = c00;
        FloatVector c20 = c00, c21 = c00, c30 = c00, c31 = c00;
        if (half) {
            for (int i = 0; i < rows; i++) {
                FloatVector x0 = FloatVector.fromArray(F, packed, panel + 32 * i);
                int q = bOff + i * ldb;
                c00 = x0.fma(FloatVector.broadcast(F, b[q]), c00);
                c10 = x0.fma(FloatVector.broadcast(F, b[q + k1]), c10);
                c20 = x0.fma(FloatVector.broadcast(F, b[q + k2]), c20);
                c30 = x0.fma(FloatVector.broadcast(F, b[q + k3]), c30);
            }
        } else {
            for (int i = 0; i < rows; i++) {
                FloatVector x0 = FloatVector.fromArray(F, packed, panel + 32 * i);
                FloatVector x1 = FloatVector.fromArray(F, packed, panel + 32 * i + 16);
                int q = bOff + i * ldb;
                FloatVector s0 = FloatVector.broadcast(F, b[q]);
                c00 = x0.fma(s0, c00);
                c01 = x1.fma(s0, c01);
                FloatVector s1 = FloatVector.broadcast(F, b[q + k1]);
                c10 = x0.fma(s1, c10);
                c11 = x1.fma(s1, c11);
                FloatVector s2 = FloatVector.broadcast(F, b[q + k2]);
                c20 = x0.fma(s2, c20);
                c21 = x1.fma(s2, c21);
                FloatVector s3 = FloatVector.broadcast(F, b[q + k3]);
                c30 = x0.fma(s3, c30);
                c31 = x1.fma(s3, c31);
            }
        }
        FloatVector nz = FloatVector.broadcast(F, -0.0f); // −0 + a = a, and a merged vector is never a receiver
        nz.add(c00).intoArray(packed, tile);
        nz.add(c01).intoArray(packed, tile + 16);
        nz.add(c10).intoArray(packed, tile + 32);
        nz.add(c11).intoArray(packed, tile + 48);
        nz.add(c20).intoArray(packed, tile + 64);
        nz.add(c21).intoArray(packed, tile + 80);
        nz.add(c30).intoArray(packed, tile + 96);
        nz.add(c31).intoArray(packed, tile + 112);
        addTileSingle(packed, tile, valid, half ? cols0 : 16 + cols1, s, out, t, p);
    }

    /**
     * out rows r < valid at t + r·p, columns [0, cols) += s·work[tile + 32r + k] in double, a
     * product then a sum as the scalar twin rounds them (s is a power of two: the product is
     * exact unless it leaves double's range): 8 lanes at a time, converted from float, then lane
     * by lane. One call per tile: a flush per accumulator was not inlined past the second (C2's
     * node limit), and the calls cost a sixth of the time at 10000 × 100.
     */
    private static void addTileSingle(float[] work, int tile, int valid, int cols, double s, double[] out, int t,
                                      int p) {
        int full = cols & ~7;
        for (int r = 0; r < valid; r++) {
            int from = tile + 32 * r;
            int to = t + r * p;
            for (int k = 0; k < full; k += 8) {
                DoubleVector v = (DoubleVector) FloatVector.fromArray(F8, work, from + k)
                        .convertShape(VectorOperators.F2D, D, 0);
                v.mul(s).add(DoubleVector.fromArray(D, out, to + k)).intoArray(out, to + k);
            }
            for (int k = full; k < cols; k++) {
                out[to + k] += s * work[from + k];
            }
        }
    }

    /** Eight ones: the lane weights of a vector whose lanes are all new. */
    private static final double[] ONES = {1, 1, 1, 1, 1, 1, 1, 1};

    /**
     * out ← out + Σ_{r < rows} weights[wOff + r]·x_{i+r} for a block of rows that the dot products
     * have just brought into L1. Column panels of eight, four, two and one vectors keep their
     * part of out in registers over the whole block (eight independent FMA chains, four for one
     * vector: the smaller panels split the rows into two or four sets), where {@link #update}
     * loads and stores out for every eight rows: the Gram product at 10000 × 96 went from 146 to
     * 135 µs, interleaved in one JVM.
     * The column tail is one more vector over the last L columns weighted by {@code lanes} (from
     * {@link #laneWeights}: 0 on the columns the full vectors cover) when p ≥ L, scalar code below L.
     */
    private static void updateBlock(int p, double[] x, int xOff, int ldx, int i, int rows, double[] weights,
                                    int wOff, double[] lanes, int lanesOff, double[] out, int outOff) {
        int full = S.loopBound(p);
        int o = xOff + i * ldx;
        int j = 0;
        for (; j + 8 * L <= full; j += 8 * L) {
            panel8(x, o + j, ldx, rows, weights, wOff, out, outOff + j);
        }
        if (j + 4 * L <= full) {
            panel4(x, o + j, ldx, rows, weights, wOff, out, outOff + j);
            j += 4 * L;
        }
        if (j + 2 * L <= full) {
            panel2(x, o + j, ldx, rows, weights, wOff, out, outOff + j);
            j += 2 * L;
        }
        if (j < full) {
            panel1(x, o + j, ldx, rows, weights, wOff, ONES, 0, out, outOff + j);
        }
        if (full < p) {
            if (p >= L) {
                panel1(x, o + p - L, ldx, rows, weights, wOff, lanes, lanesOff, out, outOff + p - L);
            } else {
                for (int r = 0; r < rows; r++) {
                    double w = weights[wOff + r];
                    for (int c = 0; c < p; c++) {
                        out[outOff + c] = Math.fma(w, x[o + r * ldx + c], out[outOff + c]);
                    }
                }
            }
        }
    }

    /** out[0, 8L) ← out + Σ_r weights[r]·x_r[0, 8L) for the rows at o, o + ldx, ...: eight chains. */
    private static void panel8(double[] x, int o, int ldx, int rows, double[] weights, int wOff,
                               double[] out, int outOff) {
        DoubleVector a0 = DoubleVector.fromArray(S, out, outOff);
        DoubleVector a1 = DoubleVector.fromArray(S, out, outOff + L);
        DoubleVector a2 = DoubleVector.fromArray(S, out, outOff + 2 * L);
        DoubleVector a3 = DoubleVector.fromArray(S, out, outOff + 3 * L);
        DoubleVector a4 = DoubleVector.fromArray(S, out, outOff + 4 * L);
        DoubleVector a5 = DoubleVector.fromArray(S, out, outOff + 5 * L);
        DoubleVector a6 = DoubleVector.fromArray(S, out, outOff + 6 * L);
        DoubleVector a7 = DoubleVector.fromArray(S, out, outOff + 7 * L);
        for (int r = 0; r < rows; r++) {
            DoubleVector w = DoubleVector.broadcast(S, weights[wOff + r]);
            int b = o + r * ldx;
            a0 = DoubleVector.fromArray(S, x, b).fma(w, a0);
            a1 = DoubleVector.fromArray(S, x, b + L).fma(w, a1);
            a2 = DoubleVector.fromArray(S, x, b + 2 * L).fma(w, a2);
            a3 = DoubleVector.fromArray(S, x, b + 3 * L).fma(w, a3);
            a4 = DoubleVector.fromArray(S, x, b + 4 * L).fma(w, a4);
            a5 = DoubleVector.fromArray(S, x, b + 5 * L).fma(w, a5);
            a6 = DoubleVector.fromArray(S, x, b + 6 * L).fma(w, a6);
            a7 = DoubleVector.fromArray(S, x, b + 7 * L).fma(w, a7);
        }
        a0.intoArray(out, outOff);
        a1.intoArray(out, outOff + L);
        a2.intoArray(out, outOff + 2 * L);
        a3.intoArray(out, outOff + 3 * L);
        a4.intoArray(out, outOff + 4 * L);
        a5.intoArray(out, outOff + 5 * L);
        a6.intoArray(out, outOff + 6 * L);
        a7.intoArray(out, outOff + 7 * L);
    }

    /** {@link #panel8} on four vectors: even rows into out's accumulators, odd rows into a second set. */
    private static void panel4(double[] x, int o, int ldx, int rows, double[] weights, int wOff,
                               double[] out, int outOff) {
        DoubleVector a0 = DoubleVector.fromArray(S, out, outOff);
        DoubleVector a1 = DoubleVector.fromArray(S, out, outOff + L);
        DoubleVector a2 = DoubleVector.fromArray(S, out, outOff + 2 * L);
        DoubleVector a3 = DoubleVector.fromArray(S, out, outOff + 3 * L);
        DoubleVector b0 = DoubleVector.zero(S), b1 = b0, b2 = b0, b3 = b0;
        int r = 0;
        for (; r + 1 < rows; r += 2) {
            DoubleVector w = DoubleVector.broadcast(S, weights[wOff + r]);
            DoubleVector v = DoubleVector.broadcast(S, weights[wOff + r + 1]);
            int b = o + r * ldx;
            int c = b + ldx;
            a0 = DoubleVector.fromArray(S, x, b).fma(w, a0);
            a1 = DoubleVector.fromArray(S, x, b + L).fma(w, a1);
            a2 = DoubleVector.fromArray(S, x, b + 2 * L).fma(w, a2);
            a3 = DoubleVector.fromArray(S, x, b + 3 * L).fma(w, a3);
            b0 = DoubleVector.fromArray(S, x, c).fma(v, b0);
            b1 = DoubleVector.fromArray(S, x, c + L).fma(v, b1);
            b2 = DoubleVector.fromArray(S, x, c + 2 * L).fma(v, b2);
            b3 = DoubleVector.fromArray(S, x, c + 3 * L).fma(v, b3);
        }
        if (r < rows) {
            DoubleVector w = DoubleVector.broadcast(S, weights[wOff + r]);
            int b = o + r * ldx;
            a0 = DoubleVector.fromArray(S, x, b).fma(w, a0);
            a1 = DoubleVector.fromArray(S, x, b + L).fma(w, a1);
            a2 = DoubleVector.fromArray(S, x, b + 2 * L).fma(w, a2);
            a3 = DoubleVector.fromArray(S, x, b + 3 * L).fma(w, a3);
        }
        a0.add(b0).intoArray(out, outOff);
        a1.add(b1).intoArray(out, outOff + L);
        a2.add(b2).intoArray(out, outOff + 2 * L);
        a3.add(b3).intoArray(out, outOff + 3 * L);
    }

    /** {@link #panel8} on two vectors, the rows in four sets (r mod 4). */
    private static void panel2(double[] x, int o, int ldx, int rows, double[] weights, int wOff,
                               double[] out, int outOff) {
        DoubleVector a0 = DoubleVector.fromArray(S, out, outOff);
        DoubleVector a1 = DoubleVector.fromArray(S, out, outOff + L);
        DoubleVector b0 = DoubleVector.zero(S), b1 = b0, c0 = b0, c1 = b0, d0 = b0, d1 = b0;
        int r = 0;
        for (; r + 3 < rows; r += 4) {
            int b = o + r * ldx;
            DoubleVector w0 = DoubleVector.broadcast(S, weights[wOff + r]);
            DoubleVector w1 = DoubleVector.broadcast(S, weights[wOff + r + 1]);
            DoubleVector w2 = DoubleVector.broadcast(S, weights[wOff + r + 2]);
            DoubleVector w3 = DoubleVector.broadcast(S, weights[wOff + r + 3]);
            a0 = DoubleVector.fromArray(S, x, b).fma(w0, a0);
            a1 = DoubleVector.fromArray(S, x, b + L).fma(w0, a1);
            b0 = DoubleVector.fromArray(S, x, b + ldx).fma(w1, b0);
            b1 = DoubleVector.fromArray(S, x, b + ldx + L).fma(w1, b1);
            c0 = DoubleVector.fromArray(S, x, b + 2 * ldx).fma(w2, c0);
            c1 = DoubleVector.fromArray(S, x, b + 2 * ldx + L).fma(w2, c1);
            d0 = DoubleVector.fromArray(S, x, b + 3 * ldx).fma(w3, d0);
            d1 = DoubleVector.fromArray(S, x, b + 3 * ldx + L).fma(w3, d1);
        }
        for (; r < rows; r++) {
            DoubleVector w = DoubleVector.broadcast(S, weights[wOff + r]);
            int b = o + r * ldx;
            a0 = DoubleVector.fromArray(S, x, b).fma(w, a0);
            a1 = DoubleVector.fromArray(S, x, b + L).fma(w, a1);
        }
        a0.add(b0).add(c0.add(d0)).intoArray(out, outOff);
        a1.add(b1).add(c1.add(d1)).intoArray(out, outOff + L);
    }

    /**
     * out[0, L) ← out + (Σ_r weights[r]·x_r[0, L))∘lanes[lanesOff..): one vector, the rows in
     * four sets; lanes are ONES for a full vector, the tail's lane weights for the last one.
     */
    private static void panel1(double[] x, int o, int ldx, int rows, double[] weights, int wOff,
                               double[] lanes, int lanesOff, double[] out, int outOff) {
        DoubleVector a = DoubleVector.zero(S), b = a, c = a, d = a;
        int r = 0;
        for (; r + 3 < rows; r += 4) {
            int base = o + r * ldx;
            a = DoubleVector.fromArray(S, x, base).fma(DoubleVector.broadcast(S, weights[wOff + r]), a);
            b = DoubleVector.fromArray(S, x, base + ldx).fma(DoubleVector.broadcast(S, weights[wOff + r + 1]), b);
            c = DoubleVector.fromArray(S, x, base + 2 * ldx).fma(DoubleVector.broadcast(S, weights[wOff + r + 2]), c);
            d = DoubleVector.fromArray(S, x, base + 3 * ldx).fma(DoubleVector.broadcast(S, weights[wOff + r + 3]), d);
        }
        for (; r < rows; r++) {
            a = DoubleVector.fromArray(S, x, o + r * ldx).fma(DoubleVector.broadcast(S, weights[wOff + r]), a);
        }
        DoubleVector sum = a.add(b).add(c.add(d)).mul(DoubleVector.fromArray(S, lanes, lanesOff));
        DoubleVector.fromArray(S, out, outOff).add(sum).intoArray(out, outOff);
    }

    /** out ← out + Σ_r weights[wOff + r]·x_{min(i + r, last)}. */
    private static void update(int p, double[] x, int xOff, int ldx, int i, int last, double[] weights, int wOff,
                               double[] out, int outOff) {
        int o0 = xOff + i * ldx;
        int o1 = xOff + Math.min(i + 1, last) * ldx;
        int o2 = xOff + Math.min(i + 2, last) * ldx;
        int o3 = xOff + Math.min(i + 3, last) * ldx;
        int o4 = xOff + Math.min(i + 4, last) * ldx;
        int o5 = xOff + Math.min(i + 5, last) * ldx;
        int o6 = xOff + Math.min(i + 6, last) * ldx;
        int o7 = xOff + Math.min(i + 7, last) * ldx;
        DoubleVector w0 = DoubleVector.broadcast(S, weights[wOff + 0]);
        DoubleVector w1 = DoubleVector.broadcast(S, weights[wOff + 1]);
        DoubleVector w2 = DoubleVector.broadcast(S, weights[wOff + 2]);
        DoubleVector w3 = DoubleVector.broadcast(S, weights[wOff + 3]);
        DoubleVector w4 = DoubleVector.broadcast(S, weights[wOff + 4]);
        DoubleVector w5 = DoubleVector.broadcast(S, weights[wOff + 5]);
        DoubleVector w6 = DoubleVector.broadcast(S, weights[wOff + 6]);
        DoubleVector w7 = DoubleVector.broadcast(S, weights[wOff + 7]);
        int full = S.loopBound(p);
        int j = 0;
        for (; j < full; j += L) {
            DoubleVector q0 = DoubleVector.fromArray(S, x, o0 + j).mul(w0);
            DoubleVector q1 = DoubleVector.fromArray(S, x, o4 + j).mul(w4);
            q0 = DoubleVector.fromArray(S, x, o1 + j).fma(w1, q0);
            q1 = DoubleVector.fromArray(S, x, o5 + j).fma(w5, q1);
            q0 = DoubleVector.fromArray(S, x, o2 + j).fma(w2, q0);
            q1 = DoubleVector.fromArray(S, x, o6 + j).fma(w6, q1);
            q0 = DoubleVector.fromArray(S, x, o3 + j).fma(w3, q0);
            q1 = DoubleVector.fromArray(S, x, o7 + j).fma(w7, q1);
            DoubleVector.fromArray(S, out, outOff + j).add(q0.add(q1)).intoArray(out, outOff + j);
        }
        for (; j < p; j++) {
            double xw = x[o0 + j] * weights[wOff] + x[o4 + j] * weights[wOff + 4];
            xw = Math.fma(x[o1 + j], weights[wOff + 1], xw);
            xw = Math.fma(x[o5 + j], weights[wOff + 5], xw);
            xw = Math.fma(x[o2 + j], weights[wOff + 2], xw);
            xw = Math.fma(x[o6 + j], weights[wOff + 6], xw);
            xw = Math.fma(x[o3 + j], weights[wOff + 3], xw);
            xw = Math.fma(x[o7 + j], weights[wOff + 7], xw);
            out[outOff + j] += xw;
        }
    }

    /**
     * For the group's margins mᵣ = work[mOff + r] (rows r < count; y at yOff), with uᵣ = −yᵣmᵣ:
     * writes the gradient weights −yᵣσ(uᵣ)·scale at work[wOff + r] (0 for r ≥ count), the
     * curvature yᵣ²σ(uᵣ)σ(−uᵣ)·scale at curvature[cOff + r] when curvature is not null, and adds
     * softplus(uᵣ) to work[lanes + r] (0 for r ≥ count).
     */
    private static void logisticWeights(int count, double scale, double[] y, int yOff, double[] work, int mOff,
                                        int wOff, int yw, int lanes, double[] curvature, int cOff) {
        double[] labels = y;
        int labelsOff = yOff;
        if (count < 8) { // the last group: its labels padded with zeros at work[yw..), read unmasked
            for (int r = 0; r < 8; r++) {
                work[yw + r] = r < count ? y[yOff + r] : 0;
            }
            labels = work;
            labelsOff = yw;
        }
        // e = e^(−|u|) as in PanamaArrayKernels.exp, into work[wOff..): the rare lanes' scalar
        // fix-up goes through the array, so that no vector lives across its branch.
        expOfNegativeAbsMargins(work, mOff, labels, labelsOff, wOff);
        VectorMask<Double> rows = S.indexInRange(0, count);
        DoubleVector yv = DoubleVector.fromArray(S, labels, labelsOff);
        DoubleVector u = DoubleVector.fromArray(S, work, mOff).mul(yv).neg();
        DoubleVector e = DoubleVector.fromArray(S, work, wOff);
        // softplus(u) = max(u, 0) + log1p(e), as in PanamaArrayKernels.softplus
        DoubleVector zero = DoubleVector.zero(S);
        DoubleVector one = DoubleVector.broadcast(S, 1.0);
        DoubleVector onePlusE = e.add(1.0);
        DoubleVector d = e.sub(onePlusE.sub(1.0));
        VectorMask<Double> upper = onePlusE.compare(GE, SQRT2);
        DoubleVector half = one.blend(0.5, upper);
        DoubleVector jj = zero.blend(1.0, upper);
        DoubleVector f = onePlusE.mul(half).sub(1.0).add(d.mul(half));
        DoubleVector sf = f.div(f.add(2.0));
        DoubleVector z = sf.mul(sf);
        DoubleVector z2 = z.mul(z);
        DoubleVector q = z2.fma(DoubleVector.broadcast(S, Q6), z.fma(Q5, Q4)).fma(z2.mul(z2), // Estrin
                z.fma(Q3, Q2).fma(z2, z.fma(Q1, Q0)));
        DoubleVector c = sf.mul(z.neg().fma(q, f));
        DoubleVector lg = jj.fma(DoubleVector.broadcast(S, LN2_HI), f.sub(jj.fma(DoubleVector.broadcast(S, -LN2_LO), c)));
        DoubleVector loss = zero.blend(u, u.compare(GT, 0.0)).add(lg).blend(0.0, rows.not());
        // σ(u) = (u ≥ 0 ? 1 : e)/(1 + e) = softplus'(u); σ(u)σ(−u) = e/(1 + e)², into the margins'
        // slots (read above), copied out below when wanted: no vector crosses that branch either
        DoubleVector inv = one.div(onePlusE);
        e.mul(inv).mul(inv).mul(yv.mul(yv)).mul(scale).intoArray(work, mOff);
        e.blend(1.0, u.compare(GE, 0.0)).mul(inv).mul(yv.neg()).mul(scale).intoArray(work, wOff);
        DoubleVector.fromArray(S, work, lanes).add(loss).intoArray(work, lanes);
        if (curvature != null) {
            System.arraycopy(work, mOff, curvature, cOff, count);
        }
    }

    /**
     * work[eOff + r] ← e^(−|uᵣ|) for the eight margins uᵣ = −y[yOff + r]·work[mOff + r], by the
     * exp of PanamaArrayKernels: the fast path on every lane, then the scalar algorithm on the
     * lanes beyond e^−708 (|uᵣ| > 708, or NaN).
     */
    private static void expOfNegativeAbsMargins(double[] work, int mOff, double[] y, int yOff, int eOff) {
        DoubleVector yv = DoubleVector.fromArray(S, y, yOff);
        DoubleVector a = DoubleVector.fromArray(S, work, mOff).mul(yv).neg()
                .reinterpretAsLongs().or(SIGN_BIT).reinterpretAsDoubles(); // −|u|
        VectorMask<Double> special = a.compare(GE, -EXP_FAST_LIMIT).not();
        DoubleVector t = a.fma(INV_LN2, SHIFT);
        DoubleVector k = t.sub(SHIFT);
        DoubleVector r = k.fma(DoubleVector.broadcast(S, -LN2_HI), a);
        r = k.fma(DoubleVector.broadcast(S, -LN2_LO), r);
        DoubleVector r2 = r.mul(r);
        DoubleVector r4 = r2.mul(r2);
        DoubleVector h = r.fma(E9, E8).fma(r4, r.fma(E7, E6).fma(r2, r.fma(E5, E4))) // Estrin: short chains
                .fma(r4, r.fma(E3, E2).fma(r2, r.fma(E1, E0)));
        DoubleVector s = r.add(1.0);
        DoubleVector e = s.add(r2.fma(h, r.sub(s.sub(1.0))));
        e.reinterpretAsLongs().add(t.reinterpretAsLongs().lanewise(LSHL, 52)).reinterpretAsDoubles()
                .blend(a, special).intoArray(work, eOff);
        long rare = special.toLong();
        if (rare != 0) {
            Transcendentals.expLanes(rare, work, eOff);
        }
    }
}
