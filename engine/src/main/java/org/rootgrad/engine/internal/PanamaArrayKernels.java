package org.rootgrad.engine.internal;

import static jdk.incubator.vector.VectorOperators.ADD;
import static jdk.incubator.vector.VectorOperators.EXP;
import static jdk.incubator.vector.VectorOperators.GT;
import static jdk.incubator.vector.VectorOperators.LOG;
import static jdk.incubator.vector.VectorOperators.LOG1P;
import static jdk.incubator.vector.VectorOperators.MAX;
import static jdk.incubator.vector.VectorOperators.TANH;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.rootgrad.engine.ArrayKernels;

/**
 * The Vector API implementation of {@link ArrayKernels}, on the preferred double species of the
 * CPU ({@link Lanes#DOUBLE}). Stateless, hence safe to share between threads.
 *
 * <p>Every kernel has the same shape: below {@link #THRESHOLD} elements (two vectors) the plain
 * scalar loop runs; otherwise a vector loop covers the first {@code loopBound(n)} elements and a
 * scalar tail the rest. Pure reductions (dot, sum, asum, max) keep four independent
 * accumulators, enough to hide the FMA latency at the one FMA per cycle that two loads per cycle
 * feed; they combine them once, reduce across lanes once, and then run a one-accumulator vector
 * tail. Fused updates that also store (the residual step of cgUpdate, mulDot) keep two. Each
 * loop lives in a small method of its own, and no loop uses masked loads. Transcendentals are the
 * Vector API's {@link VectorOperators#EXP} etc., which HotSpot compiles to SVML calls on x86;
 * their tails and short inputs use {@link Math}.
 *
 * <p>Heap arrays are only 8-byte aligned and the Vector API exposes no address to peel to a
 * vector boundary, so at L1-resident sizes most 512-bit accesses straddle two cache lines; a
 * plain loop that C2 auto-vectorises aligns its stores at run time instead. The bench module's
 * DotAlignmentBenchmark and ArrayKernelsBenchmark measure what this costs.
 *
 * <p>No method here takes or returns a vector: when a kernel is inlined into a large caller (a
 * Krylov solver's iteration), C2 may run out of inlining budget, and a vector crossing a call
 * that was not inlined is boxed on the heap, on every call. Vector values therefore live only
 * inside one method, built from the JDK's force-inlined factories ({@code fromArray}), and |v|
 * is spelled out where it is needed.
 *
 * <p>Results differ from the scalar twin by rounding only: sums are reassociated and products
 * fused, and the vector transcendentals may differ from {@link Math}'s by an ulp or two.
 */
public final class PanamaArrayKernels implements ArrayKernels {

    private static final VectorSpecies<Double> S = Lanes.DOUBLE;
    private static final int L = S.length();
    /** Four-vector stride of the unrolled reduction loops. */
    private static final int L4 = 4 * L;
    /** Below this length the scalar loop is faster than setting up vectors and reducing them. */
    static final int THRESHOLD = 2 * L;

    /**
     * Underflow costs at most 2⁻¹⁰⁷⁵ absolute per term, so a sum of squares at or above 2⁻⁹⁶⁸
     * lost at most n·2⁻¹⁰⁷ of itself to it, far below ordinary rounding; below, nrm2 rescales.
     */
    private static final double SQUARES_UNDERFLOW_SAFE = 0x1p-968;
    private static final long SIGN_BIT = 0x8000_0000_0000_0000L;

    /** Short inputs of the kernels whose scalar loop is not worth repeating here. */
    private static final ArrayKernels SCALAR = new ScalarArrayKernels();

    public PanamaArrayKernels() {}

    @Override
    public String name() {
        return "panama(" + S.vectorBitSize() + "-bit)";
    }

    // ---- BLAS level 1 ------------------------------------------------------------------------

    @Override
    public double dot(int n, double[] x, int xOff, double[] y, int yOff) {
        int i = 0;
        double s = 0;
        if (n >= THRESHOLD) {
            i = S.loopBound(n);
            s = dotBody(i, x, xOff, y, yOff);
        }
        for (; i < n; i++) {
            s = Math.fma(x[xOff + i], y[yOff + i], s);
        }
        return s;
    }

    /** Σ x[i]·y[i] over the first {@code bound} elements, a multiple of the lane count. */
    private static double dotBody(int bound, double[] x, int xOff, double[] y, int yOff) {
        DoubleVector a0 = DoubleVector.zero(S), a1 = a0, a2 = a0, a3 = a0;
        int i = 0;
        for (int b = bound - bound % L4; i < b; i += L4) {
            a0 = DoubleVector.fromArray(S, x, xOff + i).fma(DoubleVector.fromArray(S, y, yOff + i), a0);
            a1 = DoubleVector.fromArray(S, x, xOff + i + L).fma(DoubleVector.fromArray(S, y, yOff + i + L), a1);
            a2 = DoubleVector.fromArray(S, x, xOff + i + 2 * L).fma(DoubleVector.fromArray(S, y, yOff + i + 2 * L), a2);
            a3 = DoubleVector.fromArray(S, x, xOff + i + 3 * L).fma(DoubleVector.fromArray(S, y, yOff + i + 3 * L), a3);
        }
        a0 = a0.add(a1).add(a2.add(a3));
        for (; i < bound; i += L) {
            a0 = DoubleVector.fromArray(S, x, xOff + i).fma(DoubleVector.fromArray(S, y, yOff + i), a0);
        }
        return a0.reduceLanes(ADD);
    }

    @Override
    public void axpy(int n, double alpha, double[] x, int xOff, double[] y, int yOff) {
        int i = 0;
        if (n >= THRESHOLD) {
            DoubleVector a = DoubleVector.broadcast(S, alpha);
            for (int b = S.loopBound(n); i < b; i += L) {
                DoubleVector.fromArray(S, x, xOff + i).fma(a, DoubleVector.fromArray(S, y, yOff + i)).intoArray(y, yOff + i);
            }
        }
        for (; i < n; i++) {
            y[yOff + i] = Math.fma(alpha, x[xOff + i], y[yOff + i]);
        }
    }

    @Override
    public void axpby(int n, double alpha, double[] x, int xOff, double beta, double[] y, int yOff) {
        int i = 0;
        if (n >= THRESHOLD) {
            DoubleVector a = DoubleVector.broadcast(S, alpha);
            for (int b = S.loopBound(n); i < b; i += L) {
                DoubleVector.fromArray(S, x, xOff + i).fma(a, DoubleVector.fromArray(S, y, yOff + i).mul(beta)).intoArray(y, yOff + i);
            }
        }
        for (; i < n; i++) {
            y[yOff + i] = Math.fma(alpha, x[xOff + i], beta * y[yOff + i]);
        }
    }

    @Override
    public void scal(int n, double alpha, double[] x, int xOff) {
        int i = 0;
        if (n >= THRESHOLD) {
            for (int b = S.loopBound(n); i < b; i += L) {
                DoubleVector.fromArray(S, x, xOff + i).mul(alpha).intoArray(x, xOff + i);
            }
        }
        for (; i < n; i++) {
            x[xOff + i] *= alpha;
        }
    }

    /** The JDK's arraycopy intrinsic is already a vectorised, aligned copy. */
    @Override
    public void copy(int n, double[] x, int xOff, double[] y, int yOff) {
        System.arraycopy(x, xOff, y, yOff, n);
    }

    /** The JDK's fill intrinsic is already a vectorised, aligned store loop. */
    @Override
    public void fill(int n, double value, double[] x, int xOff) {
        java.util.Arrays.fill(x, xOff, xOff + n, value);
    }

    /**
     * Plain sum of squares first (as fast as a dot product); only when that sum overflowed, lost
     * accuracy to underflow, or is not finite does a second, scaled computation run: the largest
     * magnitude picks a power of two that brings it near 1, so scaling is exact for every element
     * that can affect the result and the scaled squares neither overflow nor underflow.
     */
    @Override
    public double nrm2(int n, double[] x, int xOff) {
        double ss = dot(n, x, xOff, x, xOff);
        if ((ss >= SQUARES_UNDERFLOW_SAFE && ss <= Double.MAX_VALUE) || Double.isNaN(ss)) {
            return Math.sqrt(ss); // a NaN sum of non-negative squares means a NaN element
        }
        double largest = maxAbs(n, x, xOff);
        if (largest == 0 || largest == Double.POSITIVE_INFINITY) {
            return largest;
        }
        // 2^shift brings the largest into [1, 2), or [2^-51, 2) when it is subnormal (exponent
        // -1023); 2^±1023 are both representable, and elements that become subnormal when
        // scaled down are below 2^-1022 of the largest, too small to touch the sum of squares.
        int shift = -Math.getExponent(largest);
        double scaled = Math.sqrt(scaledSumOfSquares(n, x, xOff, Math.scalb(1.0, shift)));
        return Math.scalb(scaled, -shift);
    }

    /** Σ (c·x[i])². */
    private static double scaledSumOfSquares(int n, double[] x, int xOff, double c) {
        int i = 0;
        double s = 0;
        if (n >= THRESHOLD) {
            DoubleVector a0 = DoubleVector.zero(S), a1 = a0;
            for (int b = n - n % (2 * L); i < b; i += 2 * L) {
                DoubleVector v0 = DoubleVector.fromArray(S, x, xOff + i).mul(c);
                DoubleVector v1 = DoubleVector.fromArray(S, x, xOff + i + L).mul(c);
                a0 = v0.fma(v0, a0);
                a1 = v1.fma(v1, a1);
            }
            a0 = a0.add(a1);
            for (int b = S.loopBound(n); i < b; i += L) {
                DoubleVector v = DoubleVector.fromArray(S, x, xOff + i).mul(c);
                a0 = v.fma(v, a0);
            }
            s = a0.reduceLanes(ADD);
        }
        for (; i < n; i++) {
            double v = c * x[xOff + i];
            s = Math.fma(v, v, s);
        }
        return s;
    }

    /**
     * max |x[i]|, 0 when n = 0, ignoring NaNs: a compare and a blend per vector, where the
     * lane-wise MAX must also order NaN and −0 as {@link Math#max} does and costs several.
     */
    private static double maxAbs(int n, double[] x, int xOff) {
        int i = 0;
        double m = 0;
        if (n >= THRESHOLD) {
            DoubleVector m0 = DoubleVector.zero(S), m1 = m0;
            for (int b = n - n % (2 * L); i < b; i += 2 * L) {
                DoubleVector v0 = DoubleVector.fromArray(S, x, xOff + i).reinterpretAsLongs().and(~SIGN_BIT).reinterpretAsDoubles();
                DoubleVector v1 = DoubleVector.fromArray(S, x, xOff + i + L).reinterpretAsLongs().and(~SIGN_BIT).reinterpretAsDoubles();
                m0 = m0.blend(v0, v0.compare(GT, m0));
                m1 = m1.blend(v1, v1.compare(GT, m1));
            }
            m0 = m0.blend(m1, m1.compare(GT, m0));
            for (int b = S.loopBound(n); i < b; i += L) {
                DoubleVector v0 = DoubleVector.fromArray(S, x, xOff + i).reinterpretAsLongs().and(~SIGN_BIT).reinterpretAsDoubles();
                m0 = m0.blend(v0, v0.compare(GT, m0));
            }
            m = m0.reduceLanes(MAX);
        }
        for (; i < n; i++) {
            double a = Math.abs(x[xOff + i]);
            m = a > m ? a : m;
        }
        return m;
    }

    @Override
    public double asum(int n, double[] x, int xOff) {
        int i = 0;
        double s = 0;
        if (n >= THRESHOLD) {
            DoubleVector a0 = DoubleVector.zero(S), a1 = a0, a2 = a0, a3 = a0;
            for (int b = n - n % L4; i < b; i += L4) {
                a0 = a0.add(DoubleVector.fromArray(S, x, xOff + i).reinterpretAsLongs().and(~SIGN_BIT).reinterpretAsDoubles());
                a1 = a1.add(DoubleVector.fromArray(S, x, xOff + i + L).reinterpretAsLongs().and(~SIGN_BIT).reinterpretAsDoubles());
                a2 = a2.add(DoubleVector.fromArray(S, x, xOff + i + 2 * L).reinterpretAsLongs().and(~SIGN_BIT).reinterpretAsDoubles());
                a3 = a3.add(DoubleVector.fromArray(S, x, xOff + i + 3 * L).reinterpretAsLongs().and(~SIGN_BIT).reinterpretAsDoubles());
            }
            a0 = a0.add(a1).add(a2.add(a3));
            for (int b = S.loopBound(n); i < b; i += L) {
                a0 = a0.add(DoubleVector.fromArray(S, x, xOff + i).reinterpretAsLongs().and(~SIGN_BIT).reinterpretAsDoubles());
            }
            s = a0.reduceLanes(ADD);
        }
        for (; i < n; i++) {
            s += Math.abs(x[xOff + i]);
        }
        return s;
    }

    /**
     * Two passes, both vectorised: the largest magnitude (NaNs skipped, as the scalar twin does),
     * then the first element that has it, which stops as soon as it is found. A one-pass loop
     * would carry a vector of indices through a second blend per vector.
     */
    @Override
    public int iamax(int n, double[] x, int xOff) {
        if (n < THRESHOLD) {
            return SCALAR.iamax(n, x, xOff);
        }
        double largest = maxAbs(n, x, xOff);
        int i = 0;
        for (int b = S.loopBound(n); i < b; i += L) {
            VectorMask<Double> found = DoubleVector.fromArray(S, x, xOff + i).reinterpretAsLongs().and(~SIGN_BIT).reinterpretAsDoubles().eq(largest);
            if (found.anyTrue()) {
                return i + found.firstTrue();
            }
        }
        for (; i < n; i++) {
            if (Math.abs(x[xOff + i]) == largest) {
                return i;
            }
        }
        return 0; // every element is NaN: maxAbs skips NaNs, and the contract leaves the index open
    }

    @Override
    public double sum(int n, double[] x, int xOff) {
        int i = 0;
        double s = 0;
        if (n >= THRESHOLD) {
            DoubleVector a0 = DoubleVector.zero(S), a1 = a0, a2 = a0, a3 = a0;
            for (int b = n - n % L4; i < b; i += L4) {
                a0 = a0.add(DoubleVector.fromArray(S, x, xOff + i));
                a1 = a1.add(DoubleVector.fromArray(S, x, xOff + i + L));
                a2 = a2.add(DoubleVector.fromArray(S, x, xOff + i + 2 * L));
                a3 = a3.add(DoubleVector.fromArray(S, x, xOff + i + 3 * L));
            }
            a0 = a0.add(a1).add(a2.add(a3));
            for (int b = S.loopBound(n); i < b; i += L) {
                a0 = a0.add(DoubleVector.fromArray(S, x, xOff + i));
            }
            s = a0.reduceLanes(ADD);
        }
        for (; i < n; i++) {
            s += x[xOff + i];
        }
        return s;
    }

    @Override
    public double max(int n, double[] x, int xOff) {
        int i = 0;
        double m = Double.NEGATIVE_INFINITY;
        if (n >= THRESHOLD) {
            DoubleVector m0 = DoubleVector.broadcast(S, m), m1 = m0, m2 = m0, m3 = m0;
            for (int b = n - n % L4; i < b; i += L4) {
                m0 = m0.max(DoubleVector.fromArray(S, x, xOff + i));
                m1 = m1.max(DoubleVector.fromArray(S, x, xOff + i + L));
                m2 = m2.max(DoubleVector.fromArray(S, x, xOff + i + 2 * L));
                m3 = m3.max(DoubleVector.fromArray(S, x, xOff + i + 3 * L));
            }
            m0 = m0.max(m1).max(m2.max(m3));
            for (int b = S.loopBound(n); i < b; i += L) {
                m0 = m0.max(DoubleVector.fromArray(S, x, xOff + i));
            }
            m = m0.reduceLanes(MAX);
        }
        for (; i < n; i++) {
            m = Math.max(m, x[xOff + i]);
        }
        return m;
    }

    // ---- element-wise arithmetic -------------------------------------------------------------

    @Override
    public void add(int n, double[] x, int xOff, double[] y, int yOff, double[] z, int zOff) {
        int i = 0;
        if (n >= THRESHOLD) {
            for (int b = S.loopBound(n); i < b; i += L) {
                DoubleVector.fromArray(S, x, xOff + i).add(DoubleVector.fromArray(S, y, yOff + i)).intoArray(z, zOff + i);
            }
        }
        for (; i < n; i++) {
            z[zOff + i] = x[xOff + i] + y[yOff + i];
        }
    }

    @Override
    public void sub(int n, double[] x, int xOff, double[] y, int yOff, double[] z, int zOff) {
        int i = 0;
        if (n >= THRESHOLD) {
            for (int b = S.loopBound(n); i < b; i += L) {
                DoubleVector.fromArray(S, x, xOff + i).sub(DoubleVector.fromArray(S, y, yOff + i)).intoArray(z, zOff + i);
            }
        }
        for (; i < n; i++) {
            z[zOff + i] = x[xOff + i] - y[yOff + i];
        }
    }

    @Override
    public void mul(int n, double[] x, int xOff, double[] y, int yOff, double[] z, int zOff) {
        int i = 0;
        if (n >= THRESHOLD) {
            for (int b = S.loopBound(n); i < b; i += L) {
                DoubleVector.fromArray(S, x, xOff + i).mul(DoubleVector.fromArray(S, y, yOff + i)).intoArray(z, zOff + i);
            }
        }
        for (; i < n; i++) {
            z[zOff + i] = x[xOff + i] * y[yOff + i];
        }
    }

    @Override
    public void div(int n, double[] x, int xOff, double[] y, int yOff, double[] z, int zOff) {
        int i = 0;
        if (n >= THRESHOLD) {
            for (int b = S.loopBound(n); i < b; i += L) {
                DoubleVector.fromArray(S, x, xOff + i).div(DoubleVector.fromArray(S, y, yOff + i)).intoArray(z, zOff + i);
            }
        }
        for (; i < n; i++) {
            z[zOff + i] = x[xOff + i] / y[yOff + i];
        }
    }

    @Override
    public void fma(int n, double[] x, int xOff, double[] y, int yOff, double[] z, int zOff,
                    double[] out, int outOff) {
        int i = 0;
        if (n >= THRESHOLD) {
            for (int b = S.loopBound(n); i < b; i += L) {
                DoubleVector.fromArray(S, x, xOff + i).fma(DoubleVector.fromArray(S, y, yOff + i), DoubleVector.fromArray(S, z, zOff + i)).intoArray(out, outOff + i);
            }
        }
        for (; i < n; i++) {
            out[outOff + i] = Math.fma(x[xOff + i], y[yOff + i], z[zOff + i]);
        }
    }

    // ---- element-wise math -------------------------------------------------------------------

    @Override
    public void exp(int n, double[] x, int xOff, double[] y, int yOff) {
        int i = 0;
        if (n >= THRESHOLD) {
            for (int b = S.loopBound(n); i < b; i += L) {
                DoubleVector.fromArray(S, x, xOff + i).lanewise(EXP).intoArray(y, yOff + i);
            }
        }
        for (; i < n; i++) {
            y[yOff + i] = Math.exp(x[xOff + i]);
        }
    }

    @Override
    public void log(int n, double[] x, int xOff, double[] y, int yOff) {
        int i = 0;
        if (n >= THRESHOLD) {
            for (int b = S.loopBound(n); i < b; i += L) {
                DoubleVector.fromArray(S, x, xOff + i).lanewise(LOG).intoArray(y, yOff + i);
            }
        }
        for (; i < n; i++) {
            y[yOff + i] = Math.log(x[xOff + i]);
        }
    }

    @Override
    public void log1p(int n, double[] x, int xOff, double[] y, int yOff) {
        int i = 0;
        if (n >= THRESHOLD) {
            for (int b = S.loopBound(n); i < b; i += L) {
                DoubleVector.fromArray(S, x, xOff + i).lanewise(LOG1P).intoArray(y, yOff + i);
            }
        }
        for (; i < n; i++) {
            y[yOff + i] = Math.log1p(x[xOff + i]);
        }
    }

    @Override
    public void tanh(int n, double[] x, int xOff, double[] y, int yOff) {
        int i = 0;
        if (n >= THRESHOLD) {
            for (int b = S.loopBound(n); i < b; i += L) {
                DoubleVector.fromArray(S, x, xOff + i).lanewise(TANH).intoArray(y, yOff + i);
            }
        }
        for (; i < n; i++) {
            y[yOff + i] = Math.tanh(x[xOff + i]);
        }
    }

    /** σ(v) = (v ≥ 0 ? 1 : e) / (1 + e) with e = e^(−|v|) ≤ 1: the scalar twin's form. */
    @Override
    public void sigmoid(int n, double[] x, int xOff, double[] y, int yOff) {
        int i = 0;
        if (n >= THRESHOLD) {
            DoubleVector one = DoubleVector.broadcast(S, 1.0);
            for (int b = S.loopBound(n); i < b; i += L) {
                DoubleVector v = DoubleVector.fromArray(S, x, xOff + i);
                DoubleVector e = v.reinterpretAsLongs().or(SIGN_BIT).reinterpretAsDoubles().lanewise(EXP);
                VectorMask<Double> nonNegative = v.compare(VectorOperators.GE, 0.0);
                e.blend(one, nonNegative).div(e.add(1.0)).intoArray(y, yOff + i);
            }
        }
        for (; i < n; i++) {
            y[yOff + i] = ScalarArrayKernels.sigmoid(x[xOff + i]);
        }
    }

    /** log(1 + e^v) = max(v, 0) + log1p(e^(−|v|)): the scalar twin's form. */
    @Override
    public void softplus(int n, double[] x, int xOff, double[] y, int yOff) {
        int i = 0;
        if (n >= THRESHOLD) {
            for (int b = S.loopBound(n); i < b; i += L) {
                DoubleVector v = DoubleVector.fromArray(S, x, xOff + i);
                DoubleVector tail = v.reinterpretAsLongs().or(SIGN_BIT).reinterpretAsDoubles().lanewise(EXP).lanewise(LOG1P);
                v.max(0.0).add(tail).intoArray(y, yOff + i);
            }
        }
        for (; i < n; i++) {
            y[yOff + i] = ScalarArrayKernels.softplus(x[xOff + i]);
        }
    }

    /** max(|v| − t, 0) with the sign bit of v put back: copySign, lane-wise. */
    @Override
    public void softThreshold(int n, double threshold, double[] x, int xOff, double[] y, int yOff) {
        int i = 0;
        if (n >= THRESHOLD) {
            for (int b = S.loopBound(n); i < b; i += L) {
                DoubleVector v = DoubleVector.fromArray(S, x, xOff + i);
                DoubleVector shrunk = v.reinterpretAsLongs().and(~SIGN_BIT).reinterpretAsDoubles().sub(threshold).max(0.0);
                shrunk.reinterpretAsLongs()
                        .or(v.reinterpretAsLongs().and(SIGN_BIT))
                        .reinterpretAsDoubles()
                        .intoArray(y, yOff + i);
            }
        }
        for (; i < n; i++) {
            double v = x[xOff + i];
            y[yOff + i] = Math.copySign(Math.max(Math.abs(v) - threshold, 0), v);
        }
    }

    @Override
    public void clip(int n, double lo, double hi, double[] x, int xOff, double[] y, int yOff) {
        int i = 0;
        if (n >= THRESHOLD) {
            for (int b = S.loopBound(n); i < b; i += L) {
                DoubleVector.fromArray(S, x, xOff + i).max(lo).min(hi).intoArray(y, yOff + i);
            }
        }
        for (; i < n; i++) {
            y[yOff + i] = Math.min(Math.max(x[xOff + i], lo), hi);
        }
    }

    @Override
    public double logSumExp(int n, double[] x, int xOff) {
        double m = max(n, x, xOff);
        if (!Double.isFinite(m)) {
            return m; // empty or all −∞ gives −∞; a +∞ element dominates; NaN propagates
        }
        int i = 0;
        double s = 0;
        if (n >= THRESHOLD) {
            // exp is a call with a long latency of its own: two chains keep two in flight.
            DoubleVector a0 = DoubleVector.zero(S), a1 = a0;
            for (int b = n - n % (2 * L); i < b; i += 2 * L) {
                a0 = a0.add(DoubleVector.fromArray(S, x, xOff + i).sub(m).lanewise(EXP));
                a1 = a1.add(DoubleVector.fromArray(S, x, xOff + i + L).sub(m).lanewise(EXP));
            }
            a0 = a0.add(a1);
            for (int b = S.loopBound(n); i < b; i += L) {
                a0 = a0.add(DoubleVector.fromArray(S, x, xOff + i).sub(m).lanewise(EXP));
            }
            s = a0.reduceLanes(ADD);
        }
        for (; i < n; i++) {
            s += Math.exp(x[xOff + i] - m);
        }
        return m + Math.log(s);
    }

    // ---- fused updates of Krylov methods -----------------------------------------------------

    /**
     * Two loops, each in its own small method: x ← x + αp is a plain axpy, and r ← r − αq with
     * r·r is one fused pass over q and r. The two updates share no operand, so splitting them
     * moves no extra memory, and it spares C2 one loop over four arrays in which every store may
     * alias every later load (ArrayKernelsBenchmark.cgUpdate measures the result).
     */
    @Override
    public double cgUpdate(int n, double alpha, double[] p, int pOff, double[] q, int qOff,
                           double[] x, int xOff, double[] r, int rOff) {
        axpy(n, alpha, p, pOff, x, xOff);
        return axpyNormSquared(n, -alpha, q, qOff, r, rOff);
    }

    /** y ← αx + y; returns the new y·y. */
    private static double axpyNormSquared(int n, double alpha, double[] x, int xOff, double[] y, int yOff) {
        int i = 0;
        double s = 0;
        if (n >= THRESHOLD) {
            DoubleVector a = DoubleVector.broadcast(S, alpha);
            DoubleVector a0 = DoubleVector.zero(S), a1 = a0;
            for (int b = n - n % (2 * L); i < b; i += 2 * L) {
                DoubleVector y0 = DoubleVector.fromArray(S, x, xOff + i).fma(a, DoubleVector.fromArray(S, y, yOff + i));
                DoubleVector y1 = DoubleVector.fromArray(S, x, xOff + i + L).fma(a, DoubleVector.fromArray(S, y, yOff + i + L));
                y0.intoArray(y, yOff + i);
                y1.intoArray(y, yOff + i + L);
                a0 = y0.fma(y0, a0);
                a1 = y1.fma(y1, a1);
            }
            a0 = a0.add(a1);
            for (int b = S.loopBound(n); i < b; i += L) {
                DoubleVector y0 = DoubleVector.fromArray(S, x, xOff + i).fma(a, DoubleVector.fromArray(S, y, yOff + i));
                y0.intoArray(y, yOff + i);
                a0 = y0.fma(y0, a0);
            }
            s = a0.reduceLanes(ADD);
        }
        for (; i < n; i++) {
            double yi = Math.fma(alpha, x[xOff + i], y[yOff + i]);
            y[yOff + i] = yi;
            s = Math.fma(yi, yi, s);
        }
        return s;
    }

    @Override
    public void xpby(int n, double[] x, int xOff, double beta, double[] y, int yOff) {
        int i = 0;
        if (n >= THRESHOLD) {
            DoubleVector c = DoubleVector.broadcast(S, beta);
            for (int b = S.loopBound(n); i < b; i += L) {
                DoubleVector.fromArray(S, y, yOff + i).fma(c, DoubleVector.fromArray(S, x, xOff + i)).intoArray(y, yOff + i);
            }
        }
        for (; i < n; i++) {
            y[yOff + i] = Math.fma(beta, y[yOff + i], x[xOff + i]);
        }
    }

    @Override
    public double mulDot(int n, double[] d, int dOff, double[] r, int rOff, double[] z, int zOff) {
        int i = 0;
        double s = 0;
        if (n >= THRESHOLD) {
            DoubleVector a0 = DoubleVector.zero(S), a1 = a0;
            for (int b = n - n % (2 * L); i < b; i += 2 * L) {
                DoubleVector r0 = DoubleVector.fromArray(S, r, rOff + i);
                DoubleVector r1 = DoubleVector.fromArray(S, r, rOff + i + L);
                DoubleVector z0 = DoubleVector.fromArray(S, d, dOff + i).mul(r0);
                DoubleVector z1 = DoubleVector.fromArray(S, d, dOff + i + L).mul(r1);
                z0.intoArray(z, zOff + i);
                z1.intoArray(z, zOff + i + L);
                a0 = r0.fma(z0, a0);
                a1 = r1.fma(z1, a1);
            }
            a0 = a0.add(a1);
            for (int b = S.loopBound(n); i < b; i += L) {
                DoubleVector r0 = DoubleVector.fromArray(S, r, rOff + i);
                DoubleVector z0 = DoubleVector.fromArray(S, d, dOff + i).mul(r0);
                z0.intoArray(z, zOff + i);
                a0 = r0.fma(z0, a0);
            }
            s = a0.reduceLanes(ADD);
        }
        for (; i < n; i++) {
            double ri = r[rOff + i];
            double zi = d[dOff + i] * ri;
            z[zOff + i] = zi;
            s = Math.fma(ri, zi, s);
        }
        return s;
    }
}
