package org.rootgrad.engine;

import java.math.BigDecimal;
import java.math.MathContext;

/**
 * Exact references computed with {@link BigDecimal} (every double is a finite decimal, so sums
 * and products are exact), rounded to double once at the end.
 */
final class Exact {
    private Exact() {}

    /** Machine epsilon, 2⁻⁵²: twice the unit roundoff. */
    static final double EPS = Math.ulp(1.0);

    static BigDecimal of(double v) {
        return new BigDecimal(v);
    }

    static double dot(int n, double[] x, int xOff, double[] y, int yOff) {
        BigDecimal s = BigDecimal.ZERO;
        for (int i = 0; i < n; i++) {
            s = s.add(of(x[xOff + i]).multiply(of(y[yOff + i])));
        }
        return s.doubleValue();
    }

    static double sum(int n, double[] x, int xOff) {
        BigDecimal s = BigDecimal.ZERO;
        for (int i = 0; i < n; i++) {
            s = s.add(of(x[xOff + i]));
        }
        return s.doubleValue();
    }

    static double sumAbs(int n, double[] x, int xOff) {
        BigDecimal s = BigDecimal.ZERO;
        for (int i = 0; i < n; i++) {
            s = s.add(of(x[xOff + i]).abs());
        }
        return s.doubleValue();
    }

    /** √(Σ x[i]²) from the exact sum of squares, to 40 digits, rounded once. */
    static double nrm2(int n, double[] x, int xOff) {
        BigDecimal s = BigDecimal.ZERO;
        for (int i = 0; i < n; i++) {
            BigDecimal v = of(x[xOff + i]);
            s = s.add(v.multiply(v));
        }
        return s.sqrt(new MathContext(40)).doubleValue();
    }

    /** Σ |x[i]·y[i]| in double: the scale of a dot product's rounding error (a bound, not exact). */
    static double sumAbsProducts(int n, double[] x, int xOff, double[] y, int yOff) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += Math.abs(x[xOff + i] * y[yOff + i]);
        }
        return s;
    }

    /** a·b + c exactly, rounded once. */
    static double fma(double a, double b, double c) {
        return of(a).multiply(of(b)).add(of(c)).doubleValue();
    }

    /** a·b + c·d exactly, rounded once. */
    static double twoProducts(double a, double b, double c, double d) {
        return of(a).multiply(of(b)).add(of(c).multiply(of(d))).doubleValue();
    }

    static double quotient(double a, double b) {
        return of(a).divide(of(b), new MathContext(60)).doubleValue();
    }

    /** Error in units of the last place of {@code expected}. */
    static double ulps(double actual, double expected) {
        return Math.abs(actual - expected) / Math.ulp(expected);
    }
}
