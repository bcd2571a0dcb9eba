package org.rootgrad.engine.internal;

import static jdk.incubator.vector.VectorOperators.ASHR;
import static jdk.incubator.vector.VectorOperators.EQ;
import static jdk.incubator.vector.VectorOperators.GE;
import static jdk.incubator.vector.VectorOperators.GT;
import static jdk.incubator.vector.VectorOperators.LE;
import static jdk.incubator.vector.VectorOperators.LSHL;
import static jdk.incubator.vector.VectorOperators.MAX;
import static org.rootgrad.engine.internal.Transcendentals.*;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
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
 * feed; they combine them once, run a one-accumulator vector tail, and sum the lanes in the
 * fixed order of {@link Lanes} (never {@code reduceLanes(ADD)}, whose order differs between the
 * JIT tiers). Fused updates that also store (the residual step of cgUpdate, mulDot) keep two.
 * Each loop lives in a small method of its own, and no hot loop uses masked loads.
 *
 * <p>The transcendentals (exp, expm1, log, log1p, tanh, and through them sigmoid, softplus and
 * logSumExp) are our own vector algorithms built from exactly rounded lane-wise operations
 * ({@link Transcendentals} describes them and their accuracy, within about 1 ulp), one masked
 * loop per kernel so that every element takes the same path.
 *
 * <p>Every kernel therefore returns the same bits for the same input whether C2 has compiled it
 * or the Vector API's Java fallback runs it (interpreter, C1): max is exact in any order, and
 * everything else is a fixed sequence of exactly rounded operations.
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
 * <p>Within a method, C2 boxes a vector whose class (hence species) it cannot prove where it is
 * used, or that is live across a branch to a call: a vector merged at a phi (a loop-carried
 * accumulator, a value assigned in a branch) used as the receiver of an operation, or a constant
 * kept across a rare path. A tiered JVM's profiles usually hide this; a C2-only JVM, or another
 * species used elsewhere, shows it (logSumExp with a partial tail allocated 672 B per call).
 * Hence four rules, each marked where it applies: a merged vector enters an operation as the
 * argument, never as the receiver ({@code broadcast(-0.0).add(acc)} is acc exactly, even for −0
 * and NaN, and makes it an argument); vector constants are broadcast in the loop iteration that
 * uses them; rare lanes are stored as computed by the fast path and then fixed up by scalar code
 * on the lanes of {@code mask.toLong()} ({@link Transcendentals} spells out the vector
 * algorithms for one double, to the same bits); and a reduction whose rare terms need such a
 * fix-up sums them in a second loop (expSumLoop, rareExpSumLoop) rather than carry its
 * accumulator across the branch.
 *
 * <p>Results differ from the scalar twin by rounding only: sums are reassociated and products
 * fused, and the transcendentals may differ from {@link Math}'s by an ulp or two.
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

    /**
     * Per-thread buffer of 2L elements for the last, partial vector of the element-wise math
     * kernels: copied in, padded, run through the same unmasked loop, copied out. Every element
     * thus takes the same code, and the loop needs no masked loads (measured 6% faster for exp).
     */
    private static final ThreadLocal<double[]> TAIL = ThreadLocal.withInitial(() -> new double[2 * L]);

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
        // −0 + a = a: the accumulators as arguments (class comment)
        a0 = DoubleVector.broadcast(S, -0.0).add(a0).add(a1).add(DoubleVector.broadcast(S, -0.0).add(a2).add(a3));
        for (; i < bound; i += L) {
            a0 = DoubleVector.fromArray(S, x, xOff + i).fma(DoubleVector.fromArray(S, y, yOff + i), a0);
        }
        a0 = DoubleVector.broadcast(S, -0.0).add(a0); // −0 + a = a: the accumulator as an argument
        if (L == 8) {
            return ((a0.lane(0) + a0.lane(1)) + (a0.lane(2) + a0.lane(3)))
                    + ((a0.lane(4) + a0.lane(5)) + (a0.lane(6) + a0.lane(7)));
        }
        return (a0.lane(0) + a0.lane(1)) + (a0.lane(2) + a0.lane(3));
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
            // −0 + a = a: the accumulators as arguments (class comment)
            a0 = DoubleVector.broadcast(S, -0.0).add(a0).add(a1);
            for (int b = S.loopBound(n); i < b; i += L) {
                DoubleVector v = DoubleVector.fromArray(S, x, xOff + i).mul(c);
                a0 = v.fma(v, a0);
            }
            a0 = DoubleVector.broadcast(S, -0.0).add(a0);
            s = L == 8
                    ? ((a0.lane(0) + a0.lane(1)) + (a0.lane(2) + a0.lane(3)))
                            + ((a0.lane(4) + a0.lane(5)) + (a0.lane(6) + a0.lane(7)))
                    : (a0.lane(0) + a0.lane(1)) + (a0.lane(2) + a0.lane(3));
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
                m0 = v0.blend(m0, v0.compare(GT, m0).not());
                m1 = v1.blend(m1, v1.compare(GT, m1).not());
            }
            // max(−∞, m) = m: the accumulators as arguments (class comment)
            m1 = DoubleVector.broadcast(S, Double.NEGATIVE_INFINITY).max(m1);
            m0 = m1.blend(m0, m1.compare(GT, m0).not());
            for (int b = S.loopBound(n); i < b; i += L) {
                DoubleVector v0 = DoubleVector.fromArray(S, x, xOff + i).reinterpretAsLongs().and(~SIGN_BIT).reinterpretAsDoubles();
                m0 = v0.blend(m0, v0.compare(GT, m0).not());
            }
            m = DoubleVector.broadcast(S, Double.NEGATIVE_INFINITY).max(m0).reduceLanes(MAX);
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
                a0 = DoubleVector.fromArray(S, x, xOff + i).reinterpretAsLongs().and(~SIGN_BIT).reinterpretAsDoubles().add(a0);
                a1 = DoubleVector.fromArray(S, x, xOff + i + L).reinterpretAsLongs().and(~SIGN_BIT).reinterpretAsDoubles().add(a1);
                a2 = DoubleVector.fromArray(S, x, xOff + i + 2 * L).reinterpretAsLongs().and(~SIGN_BIT).reinterpretAsDoubles().add(a2);
                a3 = DoubleVector.fromArray(S, x, xOff + i + 3 * L).reinterpretAsLongs().and(~SIGN_BIT).reinterpretAsDoubles().add(a3);
            }
            // −0 + a = a: the accumulators as arguments (class comment)
            a0 = DoubleVector.broadcast(S, -0.0).add(a0).add(a1).add(DoubleVector.broadcast(S, -0.0).add(a2).add(a3));
            for (int b = S.loopBound(n); i < b; i += L) {
                a0 = DoubleVector.fromArray(S, x, xOff + i).reinterpretAsLongs().and(~SIGN_BIT).reinterpretAsDoubles().add(a0);
            }
            a0 = DoubleVector.broadcast(S, -0.0).add(a0);
            s = L == 8
                    ? ((a0.lane(0) + a0.lane(1)) + (a0.lane(2) + a0.lane(3)))
                            + ((a0.lane(4) + a0.lane(5)) + (a0.lane(6) + a0.lane(7)))
                    : (a0.lane(0) + a0.lane(1)) + (a0.lane(2) + a0.lane(3));
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
            long found = DoubleVector.fromArray(S, x, xOff + i).reinterpretAsLongs().and(~SIGN_BIT).reinterpretAsDoubles()
                    .eq(largest).toLong();
            if (found != 0) {
                return i + Long.numberOfTrailingZeros(found);
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
                a0 = DoubleVector.fromArray(S, x, xOff + i).add(a0);
                a1 = DoubleVector.fromArray(S, x, xOff + i + L).add(a1);
                a2 = DoubleVector.fromArray(S, x, xOff + i + 2 * L).add(a2);
                a3 = DoubleVector.fromArray(S, x, xOff + i + 3 * L).add(a3);
            }
            // −0 + a = a: the accumulators as arguments (class comment)
            a0 = DoubleVector.broadcast(S, -0.0).add(a0).add(a1).add(DoubleVector.broadcast(S, -0.0).add(a2).add(a3));
            for (int b = S.loopBound(n); i < b; i += L) {
                a0 = DoubleVector.fromArray(S, x, xOff + i).add(a0);
            }
            a0 = DoubleVector.broadcast(S, -0.0).add(a0);
            s = L == 8
                    ? ((a0.lane(0) + a0.lane(1)) + (a0.lane(2) + a0.lane(3)))
                            + ((a0.lane(4) + a0.lane(5)) + (a0.lane(6) + a0.lane(7)))
                    : (a0.lane(0) + a0.lane(1)) + (a0.lane(2) + a0.lane(3));
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
                m0 = DoubleVector.fromArray(S, x, xOff + i).max(m0);
                m1 = DoubleVector.fromArray(S, x, xOff + i + L).max(m1);
                m2 = DoubleVector.fromArray(S, x, xOff + i + 2 * L).max(m2);
                m3 = DoubleVector.fromArray(S, x, xOff + i + 3 * L).max(m3);
            }
            // max(−∞, m) = m: the accumulators as arguments (class comment)
            m0 = DoubleVector.broadcast(S, Double.NEGATIVE_INFINITY).max(m0).max(m1).max(DoubleVector.broadcast(S, Double.NEGATIVE_INFINITY).max(m2).max(m3));
            for (int b = S.loopBound(n); i < b; i += L) {
                m0 = DoubleVector.fromArray(S, x, xOff + i).max(m0);
            }
            m = DoubleVector.broadcast(S, Double.NEGATIVE_INFINITY).max(m0).reduceLanes(MAX);
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
    //
    // Our own algorithms (see Transcendentals), not lanewise(EXP) etc., whose results depend on
    // the JIT tier. Each kernel is one loop whose last iteration is masked, so every element goes
    // through the same vector code whatever n and the offsets are; the algorithm is spelled out
    // in each kernel that needs it, since no vector may cross a method call of ours.

    /**
     * e^x: k = round(x/ln2) by the 1.5·2⁵² shifter, whose low bits then hold k; r = x − k·ln2 by
     * two fmas; e^r = 1 + r + r²h(r), with 1 + r summed exactly; 2^k added to the exponent bits.
     * Lanes with |x| > 708 or NaN (rare) are clamped to [−746, 710] and scaled by 2^k in two
     * exact steps, so that subnormal results are rounded once and overflow gives ∞.
     */
    /**
     * The per-thread buffer holding x[off, off + rest) at [0, rest) and {@code padding} up to L:
     * the last, partial vector of a kernel, run through the same loop as the full ones (an
     * element-wise loop writes its results to [L, 2L)).
     */
    private static double[] partialVector(int rest, double[] x, int off, double padding) {
        double[] tail = TAIL.get();
        System.arraycopy(x, off, tail, 0, rest);
        java.util.Arrays.fill(tail, rest, L, padding);
        return tail;
    }

    @Override
    public void exp(int n, double[] x, int xOff, double[] y, int yOff) {
        int bound = S.loopBound(n);
        expLoop(bound, x, xOff, y, yOff);
        if (bound < n) { // the last, partial vector through the same code, via a buffer
            double[] tail = partialVector(n - bound, x, xOff + bound, 0.0);
            expLoop(L, tail, 0, tail, L);
            System.arraycopy(tail, L, y, yOff + bound, n - bound);
        }
    }

    /** The kernel on the first {@code bound} elements, a multiple of the lane count. */
    private static void expLoop(int bound, double[] x, int xOff, double[] y, int yOff) {
        for (int i = 0; i < bound; i += L) {
            // constants per iteration: no vector is live across the rare lanes' branch
            DoubleVector negLn2Hi = DoubleVector.broadcast(S, -LN2_HI);
            DoubleVector negLn2Lo = DoubleVector.broadcast(S, -LN2_LO);
            DoubleVector v = DoubleVector.fromArray(S, x, xOff + i);
            VectorMask<Double> special = v.reinterpretAsLongs().and(~SIGN_BIT).reinterpretAsDoubles()
                    .compare(LE, EXP_FAST_LIMIT).not();
            DoubleVector t = v.fma(INV_LN2, SHIFT);
            DoubleVector k = t.sub(SHIFT);
            DoubleVector r = k.fma(negLn2Hi, v);
            r = k.fma(negLn2Lo, r);
            DoubleVector r2 = r.mul(r);
            DoubleVector r4 = r2.mul(r2);
            DoubleVector h = r.fma(E9, E8).fma(r4, r.fma(E7, E6).fma(r2, r.fma(E5, E4))) // Estrin: short chains
                    .fma(r4, r.fma(E3, E2).fma(r2, r.fma(E1, E0)));
            DoubleVector s = r.add(1.0);
            DoubleVector e = s.add(r2.fma(h, r.sub(s.sub(1.0)))); // e^r, 1 + r summed exactly
            DoubleVector p = e.reinterpretAsLongs().add(t.reinterpretAsLongs().lanewise(LSHL, 52)).reinterpretAsDoubles();
            p.blend(v, special).intoArray(y, yOff + i);
            long rare = special.toLong();
            if (rare != 0) {
                Transcendentals.expLanes(rare, y, yOff + i);
            }
        }
    }

    @Override
    public void expm1(int n, double[] x, int xOff, double[] y, int yOff) {
        int bound = S.loopBound(n);
        expm1Loop(bound, x, xOff, y, yOff);
        if (bound < n) { // the last, partial vector through the same code, via a buffer
            double[] tail = partialVector(n - bound, x, xOff + bound, 0.0);
            expm1Loop(L, tail, 0, tail, L);
            System.arraycopy(tail, L, y, yOff + bound, n - bound);
        }
    }

    /** The kernel on the first {@code bound} elements, a multiple of the lane count. */
    private static void expm1Loop(int bound, double[] x, int xOff, double[] y, int yOff) {
        for (int i = 0; i < bound; i += L) {
            // constants per iteration: no vector is live across the rare lanes' branch
            DoubleVector negHead = DoubleVector.broadcast(S, -LN2_HEAD);
            DoubleVector v = DoubleVector.fromArray(S, x, xOff + i);
            // Fast lanes, x ∈ [−40, 41]: k ∈ [−58, 59], so 1 − 2^−k and 2^k need no care.
            VectorMask<Double> special = v.compare(GE, EXPM1_LOW).and(v.compare(LE, EXPM1_FAST_HIGH)).not();
            DoubleVector t = v.fma(INV_LN2, SHIFT);
            DoubleVector k = t.sub(SHIFT);
            DoubleVector rh = k.fma(negHead, v);
            DoubleVector kt = k.mul(LN2_TAIL);
            DoubleVector r = rh.sub(kt);
            DoubleVector rl = rh.sub(r).sub(kt);
            DoubleVector r2 = r.mul(r);
            DoubleVector r4 = r2.mul(r2);
            DoubleVector h = r.fma(M7, M6).fma(r2, r.fma(M5, M4)).fma(r4, r.fma(M3, M2).fma(r2, r.fma(M1, M0))) // Estrin
                    .add(r2.fma(DoubleVector.broadcast(S, M10), r.fma(M9, M8)).mul(r4.mul(r4)));
            // e^x − 1 = 2^k·(r + r²h + c) with c = 1 − 2^−k, exact for k ≤ 60; in the low bits of t, k.
            LongVector kb = t.reinterpretAsLongs().sub(SHIFT_BITS);
            DoubleVector c = kb.neg().add(1023).lanewise(LSHL, 52).reinterpretAsDoubles().neg().add(1.0);
            DoubleVector s = r.add(c);
            DoubleVector w = r.sub(s.sub(c)).add(rl.fma(r, rl));
            DoubleVector e = s.add(r2.fma(h, w));
            DoubleVector p = e.reinterpretAsLongs().add(t.reinterpretAsLongs().lanewise(LSHL, 52)).reinterpretAsDoubles();
            p.blend(v, v.compare(EQ, 0.0).or(special)).intoArray(y, yOff + i); // ±0 as is
            long rare = special.toLong();
            if (rare != 0) {
                Transcendentals.expm1Lanes(rare, y, yOff + i);
            }
        }
    }

    @Override
    public void log(int n, double[] x, int xOff, double[] y, int yOff) {
        int bound = S.loopBound(n);
        logLoop(bound, x, xOff, y, yOff);
        if (bound < n) { // the last, partial vector through the same code, via a buffer
            double[] tail = partialVector(n - bound, x, xOff + bound, 0.0);
            logLoop(L, tail, 0, tail, L);
            System.arraycopy(tail, L, y, yOff + bound, n - bound);
        }
    }

    /** The kernel on the first {@code bound} elements, a multiple of the lane count. */
    private static void logLoop(int bound, double[] x, int xOff, double[] y, int yOff) {
        for (int i = 0; i < bound; i += L) {
            // constants per iteration: no vector is live across the rare lanes' branch
            DoubleVector ln2Hi = DoubleVector.broadcast(S, LN2_HI);
            DoubleVector negLn2Lo = DoubleVector.broadcast(S, -LN2_LO);
            DoubleVector v = DoubleVector.fromArray(S, x, xOff + i);
            // Rare lanes: subnormal, ≤ 0, +∞ or NaN.
            VectorMask<Double> special = v.compare(GE, MIN_NORMAL).and(v.compare(LE, Double.MAX_VALUE)).not();
            LongVector ix = v.reinterpretAsLongs();
            LongVector kb = ix.sub(SQRT_HALF_BITS).lanewise(ASHR, 52);
            DoubleVector m = ix.sub(kb.lanewise(LSHL, 52)).reinterpretAsDoubles();
            DoubleVector k = kb.add(SHIFT_BITS).reinterpretAsDoubles().sub(SHIFT);
            DoubleVector f = m.sub(1.0);
            DoubleVector s = f.div(f.add(2.0));
            DoubleVector z = s.mul(s);
            DoubleVector z2 = z.mul(z);
            DoubleVector q = z2.fma(DoubleVector.broadcast(S, Q6), z.fma(Q5, Q4)).fma(z2.mul(z2), // Estrin
                    z.fma(Q3, Q2).fma(z2, z.fma(Q1, Q0)));
            DoubleVector c = s.mul(z.neg().fma(q, f)); // log(1 + f) = f − s·(f − z·q)
            DoubleVector r = k.fma(ln2Hi, f.sub(k.fma(negLn2Lo, c)));
            r.blend(v, special).intoArray(y, yOff + i);
            long rare = special.toLong();
            if (rare != 0) {
                Transcendentals.logLanes(rare, y, yOff + i);
            }
        }
    }

    @Override
    public void log1p(int n, double[] x, int xOff, double[] y, int yOff) {
        int bound = S.loopBound(n);
        log1pLoop(bound, x, xOff, y, yOff);
        if (bound < n) { // the last, partial vector through the same code, via a buffer
            double[] tail = partialVector(n - bound, x, xOff + bound, 0.0);
            log1pLoop(L, tail, 0, tail, L);
            System.arraycopy(tail, L, y, yOff + bound, n - bound);
        }
    }

    /** The kernel on the first {@code bound} elements, a multiple of the lane count. */
    private static void log1pLoop(int bound, double[] x, int xOff, double[] y, int yOff) {
        for (int i = 0; i < bound; i += L) {
            // constants per iteration: no vector is live across the rare lanes' branch
            DoubleVector ln2Hi = DoubleVector.broadcast(S, LN2_HI);
            DoubleVector negLn2Lo = DoubleVector.broadcast(S, -LN2_LO);
            DoubleVector v = DoubleVector.fromArray(S, x, xOff + i);
            // Rare lanes: v ≤ −1, v > 2¹⁰⁰⁰ (where 2^−k would underflow), +∞, NaN.
            VectorMask<Double> special = v.compare(GT, -1.0).and(v.compare(LE, 0x1p1000)).not();
            DoubleVector u = v.add(1.0);
            DoubleVector uv = u.sub(v); // 1 + v = u + d exactly (Knuth's TwoSum)
            DoubleVector d = v.sub(u.sub(uv)).add(uv.neg().add(1.0));
            LongVector iu = u.reinterpretAsLongs();
            LongVector kb = iu.sub(SQRT_HALF_BITS).lanewise(ASHR, 52);
            DoubleVector m = iu.sub(kb.lanewise(LSHL, 52)).reinterpretAsDoubles();
            DoubleVector k = kb.add(SHIFT_BITS).reinterpretAsDoubles().sub(SHIFT);
            DoubleVector twoNegK = kb.neg().add(1023).lanewise(LSHL, 52).reinterpretAsDoubles();
            DoubleVector f = m.sub(1.0).add(d.mul(twoNegK));
            DoubleVector s = f.div(f.add(2.0));
            DoubleVector z = s.mul(s);
            DoubleVector z2 = z.mul(z);
            DoubleVector q = z2.fma(DoubleVector.broadcast(S, Q6), z.fma(Q5, Q4)).fma(z2.mul(z2), // Estrin
                    z.fma(Q3, Q2).fma(z2, z.fma(Q1, Q0)));
            DoubleVector c = s.mul(z.neg().fma(q, f));
            DoubleVector r = k.fma(ln2Hi, f.sub(k.fma(negLn2Lo, c)));
            r.blend(v, v.compare(EQ, 0.0).or(special)).intoArray(y, yOff + i); // keeps the sign of zero
            long rare = special.toLong();
            if (rare != 0) {
                Transcendentals.log1pLanes(rare, y, yOff + i);
            }
        }
    }

    /**
     * tanh|x| = t/(t + 2) with t = e^(2|x|) − 1 carried as head + tail, and the rounding error
     * of t + 2 corrected: 1/(t + 2) = (1 − t/(t + 2))/2 turns the correction into an fma.
     */
    @Override
    public void tanh(int n, double[] x, int xOff, double[] y, int yOff) {
        int bound = S.loopBound(n);
        tanhLoop(bound, x, xOff, y, yOff);
        if (bound < n) { // the last, partial vector through the same code, via a buffer
            double[] tail = partialVector(n - bound, x, xOff + bound, 0.0);
            tanhLoop(L, tail, 0, tail, L);
            System.arraycopy(tail, L, y, yOff + bound, n - bound);
        }
    }

    /** The kernel on the first {@code bound} elements, a multiple of the lane count. */
    private static void tanhLoop(int bound, double[] x, int xOff, double[] y, int yOff) {
        DoubleVector negHead = DoubleVector.broadcast(S, -LN2_HEAD);
        for (int i = 0; i < bound; i += L) {
            DoubleVector v = DoubleVector.fromArray(S, x, xOff + i);
            DoubleVector a = v.reinterpretAsLongs().and(~SIGN_BIT).reinterpretAsDoubles();
            a = a.blend(TANH_HIGH, a.compare(GT, TANH_HIGH));
            DoubleVector a2 = a.add(a);
            DoubleVector t = a2.fma(INV_LN2, SHIFT);
            DoubleVector k = t.sub(SHIFT);
            DoubleVector rh = k.fma(negHead, a2);
            DoubleVector kt = k.mul(LN2_TAIL);
            DoubleVector r = rh.sub(kt);
            DoubleVector rl = rh.sub(r).sub(kt);
            DoubleVector r2 = r.mul(r);
            DoubleVector r4 = r2.mul(r2);
            DoubleVector h = r.fma(M7, M6).fma(r2, r.fma(M5, M4)).fma(r4, r.fma(M3, M2).fma(r2, r.fma(M1, M0))) // Estrin
                    .add(r2.fma(DoubleVector.broadcast(S, M10), r.fma(M9, M8)).mul(r4.mul(r4)));
            LongVector kb = t.reinterpretAsLongs().sub(SHIFT_BITS); // 0 ≤ k ≤ 58
            DoubleVector c = kb.neg().add(1023).lanewise(LSHL, 52).reinterpretAsDoubles().neg().add(1.0);
            DoubleVector s = r.add(c);
            DoubleVector w = r2.fma(h, r.sub(s.sub(c)).add(rl.fma(r, rl)));
            DoubleVector e = s.add(w);
            DoubleVector el = w.sub(e.sub(s));
            DoubleVector scale = kb.add(1023).lanewise(LSHL, 52).reinterpretAsDoubles();
            DoubleVector th = e.mul(scale);
            DoubleVector tl = el.mul(scale);
            DoubleVector d = th.add(2.0);
            DoubleVector bb = d.sub(th);
            DoubleVector dd = th.sub(d.sub(bb)).add(bb.neg().add(2.0)).add(tl); // t + 2 − d
            DoubleVector z0 = th.div(d);
            DoubleVector z = tl.sub(z0.mul(dd)).fma(z0.neg().add(1.0).mul(0.5), z0);
            z.reinterpretAsLongs().or(v.reinterpretAsLongs().and(SIGN_BIT)).reinterpretAsDoubles()
                    .intoArray(y, yOff + i);
        }
    }

    /** σ(v) = (v ≥ 0 ? 1 : e) / (1 + e) with e = e^(−|v|) ≤ 1 (exp as in {@link #exp}). */
    @Override
    public void sigmoid(int n, double[] x, int xOff, double[] y, int yOff) {
        int bound = S.loopBound(n);
        sigmoidLoop(bound, x, xOff, y, yOff);
        if (bound < n) { // the last, partial vector through the same code, via a buffer
            double[] tail = partialVector(n - bound, x, xOff + bound, 0.0);
            sigmoidLoop(L, tail, 0, tail, L);
            System.arraycopy(tail, L, y, yOff + bound, n - bound);
        }
    }

    /** The kernel on the first {@code bound} elements, a multiple of the lane count. */
    private static void sigmoidLoop(int bound, double[] x, int xOff, double[] y, int yOff) {
        long rare = 0;
        for (int i = 0; i < bound; i += L) {
            // constants per iteration: no vector is live across the rare lanes' branch
            DoubleVector negLn2Hi = DoubleVector.broadcast(S, -LN2_HI);
            DoubleVector negLn2Lo = DoubleVector.broadcast(S, -LN2_LO);
            DoubleVector v = DoubleVector.fromArray(S, x, xOff + i);
            DoubleVector a = v.reinterpretAsLongs().or(SIGN_BIT).reinterpretAsDoubles(); // −|v|
            VectorMask<Double> special = a.compare(GE, -EXP_FAST_LIMIT).not();
            DoubleVector t = a.fma(INV_LN2, SHIFT);
            DoubleVector k = t.sub(SHIFT);
            DoubleVector r = k.fma(negLn2Hi, a);
            r = k.fma(negLn2Lo, r);
            DoubleVector r2 = r.mul(r);
            DoubleVector r4 = r2.mul(r2);
            DoubleVector h = r.fma(E9, E8).fma(r4, r.fma(E7, E6).fma(r2, r.fma(E5, E4))) // Estrin: short chains
                    .fma(r4, r.fma(E3, E2).fma(r2, r.fma(E1, E0)));
            DoubleVector s = r.add(1.0);
            DoubleVector e = s.add(r2.fma(h, r.sub(s.sub(1.0)))); // e^r, 1 + r summed exactly
            DoubleVector p = e.reinterpretAsLongs().add(t.reinterpretAsLongs().lanewise(LSHL, 52)).reinterpretAsDoubles();
            p.blend(1.0, v.compare(GE, 0.0)).div(p.add(1.0)).blend(v, special).intoArray(y, yOff + i);
            rare |= special.toLong();
        }
        if (rare != 0) {
            sigmoidRareLanes(bound, y, yOff);
        }
    }

    /**
     * Replaces the rare lanes sigmoidLoop left holding their argument (|v| &gt; 708 or NaN; every
     * other lane holds σ ∈ [0, 1]) by the scalar algorithm. A second pass keeps the division-bound
     * main loop free of branches (about 10% faster than a fix-up in every iteration, measured on a
     * shared machine).
     */
    private static void sigmoidRareLanes(int bound, double[] y, int yOff) {
        for (int i = 0; i < bound; i += L) {
            long lanes = DoubleVector.fromArray(S, y, yOff + i).reinterpretAsLongs().or(SIGN_BIT).reinterpretAsDoubles()
                    .compare(GE, -EXP_FAST_LIMIT).not().toLong();
            if (lanes != 0) {
                Transcendentals.sigmoidLanes(lanes, y, yOff + i);
            }
        }
    }

    /**
     * log(1 + e^v) = max(v, 0) + log1p(e) with e = e^(−|v|) ≤ 1, as the scalar twin; since
     * 1 + e ∈ [1, 2], the logarithm's exponent k is 0 or 1.
     */
    @Override
    public void softplus(int n, double[] x, int xOff, double[] y, int yOff) {
        int bound = S.loopBound(n);
        softplusLoop(bound, x, xOff, y, yOff);
        if (bound < n) { // the last, partial vector through the same code, via a buffer
            double[] tail = partialVector(n - bound, x, xOff + bound, 0.0);
            softplusLoop(L, tail, 0, tail, L);
            System.arraycopy(tail, L, y, yOff + bound, n - bound);
        }
    }

    /** The kernel on the first {@code bound} elements, a multiple of the lane count. */
    private static void softplusLoop(int bound, double[] x, int xOff, double[] y, int yOff) {
        for (int i = 0; i < bound; i += L) {
            // constants per iteration: no vector is live across the rare lanes' branch
            DoubleVector negLn2Hi = DoubleVector.broadcast(S, -LN2_HI);
            DoubleVector negLn2Lo = DoubleVector.broadcast(S, -LN2_LO);
            DoubleVector ln2Hi = DoubleVector.broadcast(S, LN2_HI);
            DoubleVector zero = DoubleVector.zero(S);
            DoubleVector one = DoubleVector.broadcast(S, 1.0);
            DoubleVector v = DoubleVector.fromArray(S, x, xOff + i);
            DoubleVector a = v.reinterpretAsLongs().or(SIGN_BIT).reinterpretAsDoubles(); // −|v|
            VectorMask<Double> special = a.compare(GE, -EXP_FAST_LIMIT).not();
            DoubleVector t = a.fma(INV_LN2, SHIFT);
            DoubleVector k = t.sub(SHIFT);
            DoubleVector r = k.fma(negLn2Hi, a);
            r = k.fma(negLn2Lo, r);
            DoubleVector r2 = r.mul(r);
            DoubleVector r4 = r2.mul(r2);
            DoubleVector h = r.fma(E9, E8).fma(r4, r.fma(E7, E6).fma(r2, r.fma(E5, E4))) // Estrin: short chains
                    .fma(r4, r.fma(E3, E2).fma(r2, r.fma(E1, E0)));
            DoubleVector s = r.add(1.0);
            DoubleVector e = s.add(r2.fma(h, r.sub(s.sub(1.0)))); // e^r, 1 + r summed exactly
            e = e.reinterpretAsLongs().add(t.reinterpretAsLongs().lanewise(LSHL, 52)).reinterpretAsDoubles();
            // log1p(e): u = 1 + e = 2^j·m exactly up to d, j ∈ {0, 1}
            DoubleVector u = e.add(1.0);
            DoubleVector d = e.sub(u.sub(1.0));
            VectorMask<Double> upper = u.compare(GE, SQRT2);
            DoubleVector half = one.blend(0.5, upper);
            DoubleVector j = zero.blend(1.0, upper);
            DoubleVector f = u.mul(half).sub(1.0).add(d.mul(half));
            DoubleVector sf = f.div(f.add(2.0));
            DoubleVector z = sf.mul(sf);
            DoubleVector z2 = z.mul(z);
            DoubleVector q = z2.fma(DoubleVector.broadcast(S, Q6), z.fma(Q5, Q4)).fma(z2.mul(z2), // Estrin
                    z.fma(Q3, Q2).fma(z2, z.fma(Q1, Q0)));
            DoubleVector c = sf.mul(z.neg().fma(q, f));
            DoubleVector lg = j.fma(ln2Hi, f.sub(j.fma(negLn2Lo, c)));
            zero.blend(v, v.compare(GT, 0.0)).add(lg).blend(v, special).intoArray(y, yOff + i);
            long rare = special.toLong();
            if (rare != 0) {
                Transcendentals.softplusLanes(rare, y, yOff + i);
            }
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

    /**
     * max, then Σ e^(x[i] − max) with the exp algorithm of {@link #exp}. Terms below e^−708 (the
     * exp's rare lanes, here x[i] − max &lt; −708: subnormal or zero terms) are left out of the vector
     * sum and added by the scalar algorithm, in index order, in a second pass that runs only when
     * there are such terms (and on the −∞ padding of a last partial vector, which it skips).
     */
    @Override
    public double logSumExp(int n, double[] x, int xOff) {
        double m = max(n, x, xOff);
        if (!Double.isFinite(m)) {
            return m; // empty or all −∞ gives −∞; a +∞ element dominates; NaN propagates
        }
        int bound = S.loopBound(n);
        double s = expSum(bound, x, xOff, m);
        if (bound < n) { // the last, partial vector, padded with −∞ (whose e^(x − m) is 0)
            s += expSum(L, partialVector(n - bound, x, xOff + bound, Double.NEGATIVE_INFINITY), 0, m);
        }
        return m + Math.log(s);
    }

    /** Σ e^(x[i] − m) over the first {@code bound} elements, a multiple of the lane count. */
    private static double expSum(int bound, double[] x, int xOff, double m) {
        double fast = expSumLoop(bound, x, xOff, m);
        if (Double.doubleToRawLongBits(fast) >= 0) {
            return fast;
        }
        return -fast + rareExpSumLoop(bound, x, xOff, m);
    }

    /**
     * Σ e^(x[i] − m) over the lanes with x[i] − m ≥ −708, branch-free; the result's sign bit is
     * set when some lane was left out (the sum itself is ≥ +0, so negating it is exact and
     * reversible): a method of ours returns no second value without allocating.
     */
    private static double expSumLoop(int bound, double[] x, int xOff, double m) {
        DoubleVector negLn2Hi = DoubleVector.broadcast(S, -LN2_HI);
        DoubleVector negLn2Lo = DoubleVector.broadcast(S, -LN2_LO);
        DoubleVector acc = DoubleVector.zero(S);
        long rare = 0;
        for (int i = 0; i < bound; i += L) {
            DoubleVector a = DoubleVector.fromArray(S, x, xOff + i).sub(m);
            VectorMask<Double> special = a.compare(GE, -EXP_FAST_LIMIT).not();
            DoubleVector t = a.fma(INV_LN2, SHIFT);
            DoubleVector k = t.sub(SHIFT);
            DoubleVector r = k.fma(negLn2Hi, a);
            r = k.fma(negLn2Lo, r);
            DoubleVector r2 = r.mul(r);
            DoubleVector r4 = r2.mul(r2);
            DoubleVector h = r.fma(E9, E8).fma(r4, r.fma(E7, E6).fma(r2, r.fma(E5, E4))) // Estrin: short chains
                    .fma(r4, r.fma(E3, E2).fma(r2, r.fma(E1, E0)));
            DoubleVector s = r.add(1.0);
            DoubleVector e = s.add(r2.fma(h, r.sub(s.sub(1.0)))); // e^r, 1 + r summed exactly
            DoubleVector p = e.reinterpretAsLongs().add(t.reinterpretAsLongs().lanewise(LSHL, 52)).reinterpretAsDoubles();
            acc = p.blend(0.0, special).add(acc);
            rare |= special.toLong();
        }
        // −0 + a = a: the accumulators as arguments (class comment)
        acc = DoubleVector.broadcast(S, -0.0).add(acc);
        double sum = L == 8
                ? ((acc.lane(0) + acc.lane(1)) + (acc.lane(2) + acc.lane(3)))
                        + ((acc.lane(4) + acc.lane(5)) + (acc.lane(6) + acc.lane(7)))
                : (acc.lane(0) + acc.lane(1)) + (acc.lane(2) + acc.lane(3));
        return rare == 0 ? sum : -sum;
    }

    /**
     * The terms expSumLoop left out, by the scalar algorithm in index order. No accumulator: a
     * vector carried around a loop that branches to the fix-up is boxed by C2 in some profiles.
     */
    private static double rareExpSumLoop(int bound, double[] x, int xOff, double m) {
        double sum = 0;
        for (int i = 0; i < bound; i += L) {
            long rare = DoubleVector.fromArray(S, x, xOff + i).sub(m).compare(GE, -EXP_FAST_LIMIT).not().toLong();
            if (rare != 0) {
                sum = Transcendentals.expSumLanes(rare, x, xOff + i, m, sum);
            }
        }
        return sum;
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
            // −0 + a = a: the accumulators as arguments (class comment)
            a0 = DoubleVector.broadcast(S, -0.0).add(a0).add(a1);
            for (int b = S.loopBound(n); i < b; i += L) {
                DoubleVector y0 = DoubleVector.fromArray(S, x, xOff + i).fma(a, DoubleVector.fromArray(S, y, yOff + i));
                y0.intoArray(y, yOff + i);
                a0 = y0.fma(y0, a0);
            }
            a0 = DoubleVector.broadcast(S, -0.0).add(a0);
            s = L == 8
                    ? ((a0.lane(0) + a0.lane(1)) + (a0.lane(2) + a0.lane(3)))
                            + ((a0.lane(4) + a0.lane(5)) + (a0.lane(6) + a0.lane(7)))
                    : (a0.lane(0) + a0.lane(1)) + (a0.lane(2) + a0.lane(3));
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
            // −0 + a = a: the accumulators as arguments (class comment)
            a0 = DoubleVector.broadcast(S, -0.0).add(a0).add(a1);
            for (int b = S.loopBound(n); i < b; i += L) {
                DoubleVector r0 = DoubleVector.fromArray(S, r, rOff + i);
                DoubleVector z0 = DoubleVector.fromArray(S, d, dOff + i).mul(r0);
                z0.intoArray(z, zOff + i);
                a0 = r0.fma(z0, a0);
            }
            a0 = DoubleVector.broadcast(S, -0.0).add(a0);
            s = L == 8
                    ? ((a0.lane(0) + a0.lane(1)) + (a0.lane(2) + a0.lane(3)))
                            + ((a0.lane(4) + a0.lane(5)) + (a0.lane(6) + a0.lane(7)))
                    : (a0.lane(0) + a0.lane(1)) + (a0.lane(2) + a0.lane(3));
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
