package org.rootgrad.engine;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Reference values of the transcendental functions to 45 significant digits, computed with
 * {@link BigDecimal} series (no floating-point function is involved), for measuring the error
 * of the kernels in ulps of the exact result. Slow (tens of microseconds per value): meant for
 * thousands of points, not millions.
 */
final class ExactMath {
    private ExactMath() {}

    static final MathContext MC = new MathContext(45, RoundingMode.HALF_EVEN);
    private static final BigDecimal TWO = BigDecimal.valueOf(2);
    private static final BigDecimal TINY = new BigDecimal("1e-60");
    /** ln 2 = 2·atanh(1/3). */
    static final BigDecimal LN2 = atanhTimesTwo(BigDecimal.ONE.divide(BigDecimal.valueOf(3), new MathContext(60)));

    /** 2·atanh(s) = 2 Σ s^(2j+1)/(2j+1), for 0 ≤ |s| ≤ 1/2. */
    private static BigDecimal atanhTimesTwo(BigDecimal s) {
        MathContext mc = new MathContext(60);
        BigDecimal s2 = s.multiply(s, mc);
        BigDecimal power = s;
        BigDecimal sum = BigDecimal.ZERO;
        for (int j = 0; j < 400; j++) {
            BigDecimal term = power.divide(BigDecimal.valueOf(2L * j + 1), mc);
            sum = sum.add(term, mc);
            if (term.abs().compareTo(TINY.multiply(sum.abs().add(TINY))) < 0) {
                break;
            }
            power = power.multiply(s2, mc);
        }
        return sum.multiply(TWO, mc);
    }

    private static BigDecimal scaleByPowerOfTwo(BigDecimal v, int k) {
        return k >= 0 ? v.multiply(TWO.pow(k), MC) : v.divide(TWO.pow(-k), MC);
    }

    /** e^x for |x| ≤ 800: x = k·ln2 + r, Taylor series of e^r, times 2^k. */
    static BigDecimal exp(BigDecimal x) {
        BigDecimal k = x.divide(LN2, MC).setScale(0, RoundingMode.HALF_EVEN);
        BigDecimal r = x.subtract(LN2.multiply(k), new MathContext(60));
        return scaleByPowerOfTwo(expSeries(r).add(BigDecimal.ONE), k.intValueExact());
    }

    /** e^r − 1 = Σ_{n ≥ 1} r^n/n!, for |r| ≤ 1. */
    private static BigDecimal expSeries(BigDecimal r) {
        MathContext mc = new MathContext(60);
        BigDecimal term = r;
        BigDecimal sum = r;
        for (int n = 2; n < 200 && term.signum() != 0; n++) {
            term = term.multiply(r, mc).divide(BigDecimal.valueOf(n), mc);
            sum = sum.add(term, mc);
            if (term.abs().compareTo(TINY.multiply(sum.abs())) < 0) {
                break;
            }
        }
        return sum;
    }

    static BigDecimal expm1(BigDecimal x) {
        return x.abs().compareTo(BigDecimal.ONE) <= 0 ? expSeries(x).round(MC) : exp(x).subtract(BigDecimal.ONE, MC);
    }

    /** ln y for y > 0: y = 2^e·m with m near [1, 2), then 2·atanh((m − 1)/(m + 1)) + e·ln2. */
    static BigDecimal log(BigDecimal y) {
        int e = Math.getExponent(y.doubleValue());
        if (e < Double.MIN_EXPONENT) {
            // subnormal: the leading bit of the 52-bit field, whose unit is 2^−1074
            e = 63 - Long.numberOfLeadingZeros(Double.doubleToRawLongBits(y.doubleValue())) - 1074;
        }
        BigDecimal m = scaleByPowerOfTwoExact(y, -e);
        MathContext mc = new MathContext(60);
        BigDecimal s = m.subtract(BigDecimal.ONE).divide(m.add(BigDecimal.ONE), mc);
        return atanhTimesTwo(s).add(LN2.multiply(BigDecimal.valueOf(e)), mc).round(MC);
    }

    private static BigDecimal scaleByPowerOfTwoExact(BigDecimal v, int k) {
        return k >= 0 ? v.multiply(TWO.pow(k)) : v.divide(TWO.pow(-k)); // exact: 2^−k divides
    }

    /** ln(1 + t); a series for |t| < 1/2 keeps tiny t exact. */
    static BigDecimal log1p(BigDecimal t) {
        if (t.abs().compareTo(new BigDecimal("0.5")) >= 0) {
            return log(BigDecimal.ONE.add(t));
        }
        MathContext mc = new MathContext(60);
        BigDecimal power = t;
        BigDecimal sum = BigDecimal.ZERO;
        for (int n = 1; n < 400 && power.signum() != 0; n++) {
            BigDecimal term = power.divide(BigDecimal.valueOf(n), mc);
            sum = n % 2 == 1 ? sum.add(term, mc) : sum.subtract(term, mc);
            if (term.abs().compareTo(TINY.multiply(sum.abs())) < 0) {
                break;
            }
            power = power.multiply(t, mc);
        }
        return sum.round(MC);
    }

    static BigDecimal tanh(BigDecimal x) {
        BigDecimal t = expm1(x.multiply(TWO));
        return t.divide(t.add(TWO), MC);
    }

    static BigDecimal sigmoid(BigDecimal x) {
        return BigDecimal.ONE.divide(BigDecimal.ONE.add(exp(x.negate())), MC);
    }

    /** log(1 + e^x). */
    static BigDecimal softplus(BigDecimal x) {
        return log1p(exp(x));
    }

    /**
     * |actual − exact| in units of the last place of the exact value's binade (2⁻¹⁰⁷⁴ for
     * subnormals); infinite when exactly one of them is zero or overflows. Signs of zero are
     * not compared here.
     */
    static double ulps(double actual, BigDecimal exact) {
        double rounded = exact.doubleValue();
        if (Double.isInfinite(rounded)) {
            return actual == rounded ? 0 : Double.POSITIVE_INFINITY;
        }
        if (exact.signum() == 0) {
            return actual == 0 ? 0 : Double.POSITIVE_INFINITY;
        }
        int e = Math.getExponent(rounded);
        if (new BigDecimal(Math.abs(Math.scalb(1.0, Math.max(e, Double.MIN_EXPONENT)))).compareTo(exact.abs()) > 0) {
            e--; // exact lies just below the power of two it rounds to
        }
        double ulp = Math.scalb(1.0, Math.max(e, Double.MIN_EXPONENT) - 52);
        return new BigDecimal(actual).subtract(exact).abs().divide(new BigDecimal(ulp), MathContext.DECIMAL64).doubleValue();
    }
}
