package org.rootgrad.engine.internal;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Eight row dot products at once, for 8-lane (512-bit) vectors: the kernel under gemv and the
 * row sweeps of {@link PanamaRowSweepKernels}. One accumulator per row, every load of v shared
 * by the eight rows, and the eight accumulators summed by a transposing tree of lane-wise adds
 * whose result lanes are the eight rows' sums, each in one fixed order
 * ((l0 + l4) + (l2 + l6)) + ((l1 + l5) + (l3 + l7)): 35 lane-wise operations where extracting
 * every lane would take 120, and the same bits from C2 and from the Vector API's Java fallback.
 * The tree is written out in each method: no vector crosses a call (see PanamaRowSweepKernels).
 * Only for {@link Lanes#DOUBLE} of eight lanes; callers check (this class is not initialised
 * otherwise).
 */
final class RowDots {
    private RowDots() {}

    private static final VectorSpecies<Double> S = Lanes.DOUBLE;
    private static final int L = 8;

    // Lane i ↔ lane i ^ d, and the lanes whose bit d is set: the steps of the transposing sum.
    private static final VectorShuffle<Double> SWAP4 = VectorShuffle.fromOp(S, i -> i ^ 4);
    private static final VectorShuffle<Double> SWAP2 = VectorShuffle.fromOp(S, i -> i ^ 2);
    private static final VectorShuffle<Double> SWAP1 = VectorShuffle.fromOp(S, i -> i ^ 1);
    private static final VectorMask<Double> UPPER4 = VectorMask.fromLong(S, 0b1111_0000);
    private static final VectorMask<Double> UPPER2 = VectorMask.fromLong(S, 0b1100_1100);
    private static final VectorMask<Double> UPPER1 = VectorMask.fromLong(S, 0b1010_1010);

    /**
     * Whether {@link #dotsPadded} takes the columns of an n-column matrix (n ≥ 8, not a multiple
     * of 8), the column tail as one more vector instead of scalar code: at small n the scalar tail
     * costs as much as the vector columns (measured: 1.5 → 1.0 µs for a Gram product of 200×20).
     * Below eight columns the one overlapping vector would be all the work.
     */
    static boolean padded(int n) {
        return n >= L && n % L != 0;
    }

    /**
     * sums[sOff + r] ← x_{min(i + r, last)}ᵀv for r < 8, over p columns: full vectors, then the
     * last p mod 8 columns one at a time (scalar FMAs after the transposing sum).
     */
    static void dots(int p, double[] x, int xOff, int ldx, int i, int last, double[] v, int vOff,
                     double[] sums, int sOff) {
        int o0 = xOff + i * ldx;
        int o1 = xOff + Math.min(i + 1, last) * ldx;
        int o2 = xOff + Math.min(i + 2, last) * ldx;
        int o3 = xOff + Math.min(i + 3, last) * ldx;
        int o4 = xOff + Math.min(i + 4, last) * ldx;
        int o5 = xOff + Math.min(i + 5, last) * ldx;
        int o6 = xOff + Math.min(i + 6, last) * ldx;
        int o7 = xOff + Math.min(i + 7, last) * ldx;
        DoubleVector a0 = DoubleVector.zero(S), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
        int full = S.loopBound(p);
        int j = 0;
        for (; j < full; j += L) {
            DoubleVector vj = DoubleVector.fromArray(S, v, vOff + j);
            a0 = DoubleVector.fromArray(S, x, o0 + j).fma(vj, a0);
            a1 = DoubleVector.fromArray(S, x, o1 + j).fma(vj, a1);
            a2 = DoubleVector.fromArray(S, x, o2 + j).fma(vj, a2);
            a3 = DoubleVector.fromArray(S, x, o3 + j).fma(vj, a3);
            a4 = DoubleVector.fromArray(S, x, o4 + j).fma(vj, a4);
            a5 = DoubleVector.fromArray(S, x, o5 + j).fma(vj, a5);
            a6 = DoubleVector.fromArray(S, x, o6 + j).fma(vj, a6);
            a7 = DoubleVector.fromArray(S, x, o7 + j).fma(vj, a7);
        }
        // First −0 + a = a exactly: the loop's vectors enter an operation as arguments, never as
        // receivers (see PanamaArrayKernels).
        DoubleVector nz = DoubleVector.broadcast(S, -0.0);
        a0 = nz.add(a0);
        a1 = nz.add(a1);
        a2 = nz.add(a2);
        a3 = nz.add(a3);
        a4 = nz.add(a4);
        a5 = nz.add(a5);
        a6 = nz.add(a6);
        a7 = nz.add(a7);
        DoubleVector b0 = a0.blend(a4.rearrange(SWAP4), UPPER4).add(a0.rearrange(SWAP4).blend(a4, UPPER4));
        DoubleVector b1 = a1.blend(a5.rearrange(SWAP4), UPPER4).add(a1.rearrange(SWAP4).blend(a5, UPPER4));
        DoubleVector b2 = a2.blend(a6.rearrange(SWAP4), UPPER4).add(a2.rearrange(SWAP4).blend(a6, UPPER4));
        DoubleVector b3 = a3.blend(a7.rearrange(SWAP4), UPPER4).add(a3.rearrange(SWAP4).blend(a7, UPPER4));
        DoubleVector c0 = b0.blend(b2.rearrange(SWAP2), UPPER2).add(b0.rearrange(SWAP2).blend(b2, UPPER2));
        DoubleVector c1 = b1.blend(b3.rearrange(SWAP2), UPPER2).add(b1.rearrange(SWAP2).blend(b3, UPPER2));
        c0.blend(c1.rearrange(SWAP1), UPPER1).add(c0.rearrange(SWAP1).blend(c1, UPPER1)).intoArray(sums, sOff);
        for (; j < p; j++) { // a scalar tail: masked vectors would make the method too large for C1
            double vj = v[vOff + j];
            sums[sOff + 0] = Math.fma(x[o0 + j], vj, sums[sOff + 0]);
            sums[sOff + 1] = Math.fma(x[o1 + j], vj, sums[sOff + 1]);
            sums[sOff + 2] = Math.fma(x[o2 + j], vj, sums[sOff + 2]);
            sums[sOff + 3] = Math.fma(x[o3 + j], vj, sums[sOff + 3]);
            sums[sOff + 4] = Math.fma(x[o4 + j], vj, sums[sOff + 4]);
            sums[sOff + 5] = Math.fma(x[o5 + j], vj, sums[sOff + 5]);
            sums[sOff + 6] = Math.fma(x[o6 + j], vj, sums[sOff + 6]);
            sums[sOff + 7] = Math.fma(x[o7 + j], vj, sums[sOff + 7]);
        }
    }

    /**
     * {@link #dots} for {@link #padded} p: the last eight columns, overlapping the full vectors,
     * go through one more vector FMA with v over those columns and zeros on the ones the full
     * vectors cover (those products add exact zeros), before the transposing sum.
     */
    static void dotsPadded(int p, double[] x, int xOff, int ldx, int i, int last, double[] v, int vOff,
                           double[] sums, int sOff) {
        int o0 = xOff + i * ldx;
        int o1 = xOff + Math.min(i + 1, last) * ldx;
        int o2 = xOff + Math.min(i + 2, last) * ldx;
        int o3 = xOff + Math.min(i + 3, last) * ldx;
        int o4 = xOff + Math.min(i + 4, last) * ldx;
        int o5 = xOff + Math.min(i + 5, last) * ldx;
        int o6 = xOff + Math.min(i + 6, last) * ldx;
        int o7 = xOff + Math.min(i + 7, last) * ldx;
        DoubleVector a0 = DoubleVector.zero(S), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
        int full = S.loopBound(p);
        for (int j = 0; j < full; j += L) {
            DoubleVector vj = DoubleVector.fromArray(S, v, vOff + j);
            a0 = DoubleVector.fromArray(S, x, o0 + j).fma(vj, a0);
            a1 = DoubleVector.fromArray(S, x, o1 + j).fma(vj, a1);
            a2 = DoubleVector.fromArray(S, x, o2 + j).fma(vj, a2);
            a3 = DoubleVector.fromArray(S, x, o3 + j).fma(vj, a3);
            a4 = DoubleVector.fromArray(S, x, o4 + j).fma(vj, a4);
            a5 = DoubleVector.fromArray(S, x, o5 + j).fma(vj, a5);
            a6 = DoubleVector.fromArray(S, x, o6 + j).fma(vj, a6);
            a7 = DoubleVector.fromArray(S, x, o7 + j).fma(vj, a7);
        }
        int j = p - L;
        // lanes below full − j are columns the full vectors took: weighted +0
        DoubleVector vt = DoubleVector.fromArray(S, v, vOff + j).blend(0.0, VectorMask.fromLong(S, (1L << (full - j)) - 1));
        a0 = DoubleVector.fromArray(S, x, o0 + j).fma(vt, a0);
        a1 = DoubleVector.fromArray(S, x, o1 + j).fma(vt, a1);
        a2 = DoubleVector.fromArray(S, x, o2 + j).fma(vt, a2);
        a3 = DoubleVector.fromArray(S, x, o3 + j).fma(vt, a3);
        a4 = DoubleVector.fromArray(S, x, o4 + j).fma(vt, a4);
        a5 = DoubleVector.fromArray(S, x, o5 + j).fma(vt, a5);
        a6 = DoubleVector.fromArray(S, x, o6 + j).fma(vt, a6);
        a7 = DoubleVector.fromArray(S, x, o7 + j).fma(vt, a7);
        DoubleVector b0 = a0.blend(a4.rearrange(SWAP4), UPPER4).add(a0.rearrange(SWAP4).blend(a4, UPPER4));
        DoubleVector b1 = a1.blend(a5.rearrange(SWAP4), UPPER4).add(a1.rearrange(SWAP4).blend(a5, UPPER4));
        DoubleVector b2 = a2.blend(a6.rearrange(SWAP4), UPPER4).add(a2.rearrange(SWAP4).blend(a6, UPPER4));
        DoubleVector b3 = a3.blend(a7.rearrange(SWAP4), UPPER4).add(a3.rearrange(SWAP4).blend(a7, UPPER4));
        DoubleVector c0 = b0.blend(b2.rearrange(SWAP2), UPPER2).add(b0.rearrange(SWAP2).blend(b2, UPPER2));
        DoubleVector c1 = b1.blend(b3.rearrange(SWAP2), UPPER2).add(b1.rearrange(SWAP2).blend(b3, UPPER2));
        c0.blend(c1.rearrange(SWAP1), UPPER1).add(c0.rearrange(SWAP1).blend(c1, UPPER1)).intoArray(sums, sOff);
    }
}
