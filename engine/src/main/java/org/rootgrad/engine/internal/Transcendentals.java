package org.rootgrad.engine.internal;

/**
 * Constants of the Vector API kernels' own exp, expm1, log, log1p and tanh (in
 * {@link PanamaArrayKernels}), which use only exactly rounded lane-wise operations (add, sub,
 * mul, div, fma, compares, blends, integer arithmetic on the bits) and therefore give the same
 * bits whether the Vector API runs as C2's instructions or as its Java fallback, on every CPU.
 * HotSpot's {@code lanewise(EXP)} etc. call SVML from C2 but {@link Math} per lane from the
 * fallback, so their results depend on the JIT tier.
 *
 * <h2>Algorithms</h2>
 * <ul>
 *   <li><b>exp</b>: x = k·ln2 + r with k = round(x/ln2) (the 1.5·2⁵² shifter, whose low bits
 *       then hold k) and r = x − k·ln2 by two fmas (ln2 as a double and its rounding error),
 *       |r| ≤ ln2/2; e^r = 1 + r + r²·h(r), h a near-minimax polynomial of degree 9 (Chebyshev
 *       fit of (e^r − 1 − r)/r²), with 1 + r summed exactly (Fast2Sum); 2^k is added to the
 *       exponent bits. Lanes with |x| > 708 or NaN (rare) are clamped to [−746, 710] and scaled
 *       as 2^⌊k/2⌋·2^(k−⌊k/2⌋), two exact factors, so that subnormal results are rounded once and
 *       k = 1024 still overflows correctly.</li>
 *   <li><b>expm1</b>: the same reduction with ln2 split Cody–Waite style into a 32-bit head
 *       (k·head and x − k·head exact) and a tail, r carried as r + rl, h of degree 10; the
 *       largest addend 1 − 2^−k (exact for the clamped k ≤ 60) is added with its rounding error
 *       recovered, then the two-factor scaling; ±0 is returned as is.</li>
 *   <li><b>log, log1p</b>: x = 2^k·m with m ∈ [√½, √2) from the bits (subnormals scaled by 2⁵⁴
 *       first); f = m − 1 exactly; with s = f/(2 + f) and z = s², log(1 + f) = f − s·(f − z·q(z)),
 *       q a near-minimax polynomial of degree 6 (Chebyshev fit of (log((1+s)/(1−s)) − 2s)/s³);
 *       then k·ln2 is added with one fma. log1p forms u = 1 + x, recovers the rounding error of
 *       that sum exactly (Fast2Sum) and adds it, scaled by 2^−k, to f, so that f = x exactly
 *       when k = 0.</li>
 *   <li><b>tanh</b>: tanh|x| = t/(t + 2) with t = expm1(2|x|) kept as a double-double (head and
 *       tail) and the denominator's rounding error corrected, then the sign of x copied; |x| is
 *       clamped at 20, where tanh rounds to 1.</li>
 * </ul>
 *
 * <p>Measured maximum errors against exact values (45-digit BigDecimal series; random points
 * over the whole range, including subnormal arguments and results, and the hard cases; see
 * TranscendentalAccuracyTest, which bounds them by 2 ulp): exp 0.71 ulp, expm1 0.93, log 0.73,
 * log1p 0.78, tanh 0.99, sigmoid 1.65, softplus 1.21 (a prototype of the same algorithms
 * measured 0.78, 0.97, 0.85, 0.80 and 1.05 on 60 000 points each against mpmath). For
 * comparison, StrictMath.tanh is up to 1.96 ulp off near |x| = 0.2.
 */
final class Transcendentals {
    private Transcendentals() {}

    /** 1.5·2⁵²: x + SHIFT rounds x to an integer held in the low mantissa bits. */
    static final double SHIFT = 0x1.8p52;
    static final long SHIFT_BITS = Double.doubleToRawLongBits(SHIFT);

    static final double INV_LN2 = 0x1.71547652b82fep0;
    /** ln 2 rounded to 32 significant bits: k·LN2_HEAD is exact for |k| < 2²¹. */
    static final double LN2_HEAD = 0x1.62e42feep-1;
    /** ln 2 − LN2_HEAD rounded; the remaining error is 1.2e−26. */
    static final double LN2_TAIL = 0x1.a39ef35793c76p-33;
    /** ln 2 rounded to double, and the rounding error, for adding k·ln2 to a logarithm. */
    static final double LN2_HI = 0x1.62e42fefa39efp-1;
    static final double LN2_LO = 0x1.abc9e3b39803fp-56;

    /** For |x| ≤ 708, k = round(x/ln2) ∈ [−1021, 1021] and 2^k·e^r is normal: one exponent add. */
    static final double EXP_FAST_LIMIT = 708;
    /** Beyond these arguments exp overflows to ∞ or underflows to 0 (clamping keeps k finite). */
    static final double EXP_HIGH = 710;
    static final double EXP_LOW = -746;
    /** Below this argument expm1 rounds to −1. */
    static final double EXPM1_LOW = -40;
    /** Up to this argument expm1's k ≤ 59: 1 − 2^−k is exact and 2^k one exponent add. */
    static final double EXPM1_FAST_HIGH = 41;
    /** Above this |x|, tanh rounds to ±1. */
    static final double TANH_HIGH = 20;

    // h(r) ≈ (e^r − 1 − r)/r² on |r| ≤ ln2/2, degree 9 (relative error 1.1e−16): exp.
    static final double E0 = 0x1.0000000000001p-1;
    static final double E1 = 0x1.5555555555556p-3;
    static final double E2 = 0x1.5555555553d4fp-5;
    static final double E3 = 0x1.11111111109adp-7;
    static final double E4 = 0x1.6c16c17893833p-10;
    static final double E5 = 0x1.a01a01a7c8d47p-13;
    static final double E6 = 0x1.a019b8ef67c6cp-16;
    static final double E7 = 0x1.71de0d9c145d0p-19;
    static final double E8 = 0x1.2891a8c1d838dp-22;
    static final double E9 = 0x1.af38d53857513p-26;

    // The same h, degree 10 (error 1.4e−18): expm1 and tanh, whose results can be as small as r.
    static final double M0 = 0x1.0000000000000p-1;
    static final double M1 = 0x1.5555555555557p-3;
    static final double M2 = 0x1.5555555555556p-5;
    static final double M3 = 0x1.11111111100cep-7;
    static final double M4 = 0x1.6c16c16c162ccp-10;
    static final double M5 = 0x1.a01a01abef415p-13;
    static final double M6 = 0x1.a01a01a6dcaffp-16;
    static final double M7 = 0x1.71de021a90822p-19;
    static final double M8 = 0x1.27e4db57442fbp-22;
    static final double M9 = 0x1.af4e196027428p-26;
    static final double M10 = 0x1.1f731ea5352cap-29;

    // q(z) ≈ (log((1+s)/(1−s)) − 2s)/s³ with z = s², s² ≤ 0.0300 (error 3.6e−16 of 2/3).
    static final double Q0 = 0x1.5555555555558p-1;
    static final double Q1 = 0x1.99999999949c3p-2;
    static final double Q2 = 0x1.2492492ef134dp-2;
    static final double Q3 = 0x1.c71c61a265960p-3;
    static final double Q4 = 0x1.74630fb47b087p-3;
    static final double Q5 = 0x1.39f2ac8e848c3p-3;
    static final double Q6 = 0x1.2be78035f90e7p-3;

    /** Bits of √½: x's bits minus these, shifted right by 52, give the k of m ∈ [√½, √2). */
    static final long SQRT_HALF_BITS = 0x3fe6a09e667f3bcdL;
    static final double SQRT2 = 0x1.6a09e667f3bcdp0;
    static final double MIN_NORMAL = 0x1p-1022;
    static final double TWO_54 = 0x1p54;
    static final long ONE_BITS = 0x3ff0000000000000L;
    static final long SIGN_BIT = 0x8000_0000_0000_0000L;

    // ---- the algorithms on one double, for the rare lanes --------------------------------------
    //
    // The vector kernels run the fast path on every lane, branch-free, and store it, with each
    // rare lane holding its argument instead; a scalar loop then replaces the rare lanes (at most
    // a handful of set bits in a lane mask) by these functions. Each is the vector algorithm's
    // rare path spelled out for one double, the same exactly rounded operations in the same order
    // (Math.fma is exactly rounded in every tier), hence the very bits the vector code gave those
    // lanes. On ordinary arguments the rare path and the fast path agree to the bit as well (the
    // clamps do nothing and the two-factor scaling is exact), which ScalarTwinAlgorithmsTest checks.

    /** e^x: clamped to [−746, 710], reduced, and scaled by 2^k as two exact factors. */
    static double exp(double x) {
        double v = x > EXP_HIGH ? EXP_HIGH : x < EXP_LOW ? EXP_LOW : x; // NaN stays NaN
        double t = Math.fma(v, INV_LN2, SHIFT);
        double k = t - SHIFT;
        double r = Math.fma(k, -LN2_HI, v);
        r = Math.fma(k, -LN2_LO, r);
        double r2 = r * r;
        double r4 = r2 * r2;
        double h = Math.fma(Math.fma(Math.fma(r, E9, E8), r4, Math.fma(Math.fma(r, E7, E6), r2, Math.fma(r, E5, E4))),
                r4, Math.fma(Math.fma(r, E3, E2), r2, Math.fma(r, E1, E0)));
        double s = r + 1.0;
        double e = s + Math.fma(r2, h, r - (s - 1.0));
        return scaleTwice(e, t);
    }

    /** e^x − 1: clamped to [−40, 710], k ≤ 60 in 1 − 2^−k, 2^k as two factors; ±0 as is. */
    static double expm1(double x) {
        double a = x > EXP_HIGH ? EXP_HIGH : x < EXPM1_LOW ? EXPM1_LOW : x;
        double t = Math.fma(a, INV_LN2, SHIFT);
        double k = t - SHIFT;
        double rh = Math.fma(k, -LN2_HEAD, a);
        double kt = k * LN2_TAIL;
        double r = rh - kt;
        double rl = rh - r - kt;
        double r2 = r * r;
        double r4 = r2 * r2;
        double h = Math.fma(Math.fma(Math.fma(r, M7, M6), r2, Math.fma(r, M5, M4)), r4,
                Math.fma(Math.fma(r, M3, M2), r2, Math.fma(r, M1, M0)))
                + Math.fma(r2, M10, Math.fma(r, M9, M8)) * (r4 * r4);
        double kc = k > 60.0 ? 60.0 : k;
        long kcb = Double.doubleToRawLongBits(kc + SHIFT) - SHIFT_BITS;
        double c = -Double.longBitsToDouble((-kcb + 1023) << 52) + 1.0;
        double s = r + c;
        double w = r - (s - c) + Math.fma(rl, r, rl);
        double e = s + Math.fma(r2, h, w);
        return x == 0 ? x : scaleTwice(e, t);
    }

    /** log x: subnormals scaled by 2⁵⁴ first; NaN below 0, −∞ at ±0, +∞ and NaN as they are. */
    static double log(double x) {
        boolean subnormal = x < MIN_NORMAL;
        long ix = Double.doubleToRawLongBits(subnormal ? x * TWO_54 : x);
        long kb = (ix - SQRT_HALF_BITS) >> 52;
        double m = Double.longBitsToDouble(ix - (kb << 52));
        double k = Double.longBitsToDouble(kb + SHIFT_BITS) - SHIFT;
        if (subnormal) {
            k = k - 54.0;
        }
        double r = logOnePlus(m - 1.0, k);
        return x < 0 ? Double.NaN : x == 0 ? Double.NEGATIVE_INFINITY : x <= Double.MAX_VALUE ? r : x;
    }

    /** log(1 + x): NaN below −1, −∞ at −1, ±0, +∞ and NaN as they are. */
    static double log1p(double x) {
        double u = x + 1.0;
        double uv = u - x; // 1 + x = u + d exactly (Knuth's TwoSum)
        double d = x - (u - uv) + (-uv + 1.0);
        long iu = Double.doubleToRawLongBits(u);
        long kb = (iu - SQRT_HALF_BITS) >> 52;
        double m = Double.longBitsToDouble(iu - (kb << 52));
        double k = Double.longBitsToDouble(kb + SHIFT_BITS) - SHIFT;
        double twoNegK = u > 0x1p1000 ? 0.0 : Double.longBitsToDouble((-kb + 1023) << 52);
        double r = logOnePlus(m - 1.0 + d * twoNegK, k);
        r = x == 0 ? x : r;
        return x < -1 ? Double.NaN : x == -1 ? Double.NEGATIVE_INFINITY : x <= Double.MAX_VALUE ? r : x;
    }

    /** 1/(1 + e^−x) = (x ≥ 0 ? 1 : e)/(1 + e) with e = e^−|x|. */
    static double sigmoid(double x) {
        double e = exp(negativeAbs(x));
        return (x >= 0 ? 1.0 : e) / (e + 1.0);
    }

    /** log(1 + e^x) = max(x, 0) + log(1 + e) with e = e^−|x|; 1 + e ∈ [1, 2]. */
    static double softplus(double x) {
        double e = exp(negativeAbs(x));
        double u = e + 1.0;
        double d = e - (u - 1.0);
        boolean upper = u >= SQRT2;
        double half = upper ? 0.5 : 1.0;
        double j = upper ? 1.0 : 0.0;
        double lg = logOnePlus(u * half - 1.0 + d * half, j);
        return (x > 0 ? x : 0.0) + lg;
    }

    /** −|x| as the kernels form it: the sign bit set. */
    private static double negativeAbs(double x) {
        return Double.longBitsToDouble(Double.doubleToRawLongBits(x) | SIGN_BIT);
    }

    /** e·2^k, with k in the low bits of the shifted t, as 2^⌊k/2⌋·2^(k−⌊k/2⌋): rounded once. */
    private static double scaleTwice(double e, double t) {
        long kb = Double.doubleToRawLongBits(t) - SHIFT_BITS;
        long k1 = kb >> 1;
        double s1 = Double.longBitsToDouble(k1 + 1023 << 52);
        double s2 = Double.longBitsToDouble(kb - k1 + 1023 << 52);
        return e * s1 * s2;
    }

    /** k·ln2 + log(1 + f) for f ∈ [√½ − 1, √2 − 1], as the vector kernels compute it. */
    private static double logOnePlus(double f, double k) {
        double s = f / (f + 2.0);
        double z = s * s;
        double z2 = z * z;
        double q = Math.fma(Math.fma(z2, Q6, Math.fma(z, Q5, Q4)), z2 * z2,
                Math.fma(Math.fma(z, Q3, Q2), z2, Math.fma(z, Q1, Q0)));
        double c = s * Math.fma(-z, q, f);
        return Math.fma(k, LN2_HI, f - Math.fma(k, -LN2_LO, c));
    }

    // The fix-ups: y[off + j] ← f(y[off + j]) for every lane j set in {@code lanes}.

    static void expLanes(long lanes, double[] y, int off) {
        for (; lanes != 0; lanes &= lanes - 1) {
            int j = off + Long.numberOfTrailingZeros(lanes);
            y[j] = exp(y[j]);
        }
    }

    static void expm1Lanes(long lanes, double[] y, int off) {
        for (; lanes != 0; lanes &= lanes - 1) {
            int j = off + Long.numberOfTrailingZeros(lanes);
            y[j] = expm1(y[j]);
        }
    }

    static void logLanes(long lanes, double[] y, int off) {
        for (; lanes != 0; lanes &= lanes - 1) {
            int j = off + Long.numberOfTrailingZeros(lanes);
            y[j] = log(y[j]);
        }
    }

    static void log1pLanes(long lanes, double[] y, int off) {
        for (; lanes != 0; lanes &= lanes - 1) {
            int j = off + Long.numberOfTrailingZeros(lanes);
            y[j] = log1p(y[j]);
        }
    }

    static void sigmoidLanes(long lanes, double[] y, int off) {
        for (; lanes != 0; lanes &= lanes - 1) {
            int j = off + Long.numberOfTrailingZeros(lanes);
            y[j] = sigmoid(y[j]);
        }
    }

    static void softplusLanes(long lanes, double[] y, int off) {
        for (; lanes != 0; lanes &= lanes - 1) {
            int j = off + Long.numberOfTrailingZeros(lanes);
            y[j] = softplus(y[j]);
        }
    }

    /**
     * sum + Σ e^(x[off + j] − m) over the lanes j set in {@code lanes}, in lane order; −∞
     * elements (e^−∞ = 0, and the padding of a last partial vector) are skipped.
     */
    static double expSumLanes(long lanes, double[] x, int off, double m, double sum) {
        for (; lanes != 0; lanes &= lanes - 1) {
            double v = x[off + Long.numberOfTrailingZeros(lanes)];
            if (v != Double.NEGATIVE_INFINITY) {
                sum += exp(v - m);
            }
        }
        return sum;
    }
}
