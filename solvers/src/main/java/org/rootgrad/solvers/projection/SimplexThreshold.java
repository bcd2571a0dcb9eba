package org.rootgrad.solvers.projection;

/**
 * The threshold τ of the projection onto the simplex {x ≥ 0, Σx = s}: P(y) = max(y − τ, 0) with
 * Σ max(yᵢ − τ, 0) = s. Condat's algorithm ("Fast projection onto the simplex and the l1 ball",
 * Math. Programming 2016), O(n) in practice, followed by a polish that makes τ the exact mean
 * formula of its own support, so that the support {yᵢ &gt; τ} used by the derivatives and the
 * support of P agree to the last bit.
 *
 * <p>Holds two work arrays of length n: one instance per thread.
 */
final class SimplexThreshold {
    /** Condat's candidate list v. */
    private final double[] candidates;
    /** Condat's list ṽ of values set aside that may re-enter. */
    private final double[] parked;

    SimplexThreshold(int n) {
        this.candidates = new double[n];
        this.parked = new double[n];
    }

    /**
     * Returns τ for y[0..n) and total s &gt; 0. The support is {i : y[i] &gt; τ}; it is never
     * empty.
     */
    double threshold(double[] y, int n, double total) {
        double[] v = candidates;
        double[] vt = parked;
        int nv = 0;
        int nvt = 0;
        v[nv++] = y[0];
        double rho = y[0] - total;
        for (int i = 1; i < n; i++) {
            double yi = y[i];
            if (yi > rho) {
                rho += (yi - rho) / (nv + 1);
                if (rho > yi - total) {
                    v[nv++] = yi;
                } else {
                    System.arraycopy(v, 0, vt, nvt, nv);
                    nvt += nv;
                    nv = 0;
                    v[nv++] = yi;
                    rho = yi - total;
                }
            }
        }
        for (int j = 0; j < nvt; j++) {
            double yj = vt[j];
            if (yj > rho) {
                v[nv++] = yj;
                rho += (yj - rho) / nv;
            }
        }
        boolean removed;
        do {
            removed = false;
            int size = nv;
            int kept = 0;
            for (int j = 0; j < nv; j++) {
                double yj = v[j];
                if (yj <= rho) {
                    size--;
                    rho += (rho - yj) / size;
                    removed = true;
                } else {
                    v[kept++] = yj;
                }
            }
            nv = kept;
        } while (removed);
        return polish(y, n, total, rho);
    }

    /**
     * Michelot's fixed-point iteration τ ← (Σ_{yᵢ&gt;τ} yᵢ − s) / |{yᵢ &gt; τ}| started from
     * Condat's τ: it changes τ by rounding errors only and stops after one or two passes (the cap
     * guards against a two-cycle of rounding).
     */
    private static double polish(double[] y, int n, double total, double tau) {
        for (int pass = 0; pass < 8; pass++) {
            double sum = 0;
            int count = 0;
            for (int i = 0; i < n; i++) {
                if (y[i] > tau) {
                    sum += y[i];
                    count++;
                }
            }
            if (count == 0) {
                return tau; // cannot happen for total > 0; keep τ rather than divide by zero
            }
            double next = (sum - total) / count;
            if (next == tau) {
                return tau;
            }
            tau = next;
        }
        return tau;
    }

    /** Index of the first largest element of y[0..n). */
    static int firstArgMax(double[] y, int n) {
        int best = 0;
        for (int i = 1; i < n; i++) {
            if (y[i] > y[best]) {
                best = i;
            }
        }
        return best;
    }
}
