package org.rootgrad.solvers.projection;

/**
 * A slow, independent reference for the simplex projection: bisection on the threshold τ of
 * φ(τ) = Σ max(yᵢ − τ, 0) − s, which is continuous and decreasing; the root lies in
 * [min y − s, max y] (φ ≥ s·n − s ≥ 0 at the left end, φ = −s at the right end).
 */
final class SimplexReference {
    private SimplexReference() {}

    /** τ with Σ max(yᵢ − τ, 0) = s (s &gt; 0), to the last bits by 200 bisection steps. */
    static double threshold(double[] y, double s) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double v : y) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        lo -= s;
        for (int it = 0; it < 200; it++) {
            double mid = 0.5 * (lo + hi);
            if (mid == lo || mid == hi) {
                break;
            }
            double phi = -s;
            for (double v : y) {
                phi += Math.max(v - mid, 0);
            }
            if (phi > 0) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return 0.5 * (lo + hi);
    }

    static double[] project(double[] y, double s) {
        double tau = threshold(y, s);
        double[] p = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            p[i] = Math.max(y[i] - tau, 0);
        }
        return p;
    }

    /** The l1-ball projection by the same bisection on |y| (identity inside the ball). */
    static double[] projectL1Ball(double[] y, double r) {
        double norm1 = 0;
        for (double v : y) {
            norm1 += Math.abs(v);
        }
        if (norm1 <= r) {
            return y.clone();
        }
        double[] abs = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            abs[i] = Math.abs(y[i]);
        }
        double[] p = project(abs, r);
        for (int i = 0; i < y.length; i++) {
            p[i] = Math.copySign(p[i], y[i]);
        }
        return p;
    }
}
