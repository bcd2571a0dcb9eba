package org.rootgrad.solvers.constrained;

import java.util.Random;
import org.rootgrad.testing.DenseReference;

/**
 * A QP min ½xᵀPx + qᵀx s.t. l ≤ Ax ≤ u with a planted solution: x* and y* are drawn first, each
 * row is made an equality, an active upper or lower bound (|y*ᵢ| ∈ [0.5, 1.5]) or inactive
 * (slack ∈ [0.5, 1.5] to each finite bound, some bounds infinite), and q = −Px* − Aᵀy*. So
 * (x*, y*) satisfies the KKT conditions with strict complementarity by construction: an
 * independent reference for the solvers.
 */
record PlantedQp(int n, int k, double[] p, double[] q, double[] a, double[] lower, double[] upper,
                 double[] x, double[] y, int[] side) {

    /** Row types cycle: equality, upper, lower, inactive, inactive (so ≤ 3k/5 rows are active). */
    static PlantedQp random(long seed, int n, int k) {
        return random(seed, n, k, false);
    }

    /**
     * As {@link #random(long, int, int)}; with {@code wellConditioned} (k ≤ n) the rows of A are
     * orthogonal with norms in [0.5, 2] ({@link Reference#fullRowRank}), else Gaussian.
     */
    static PlantedQp random(long seed, int n, int k, boolean wellConditioned) {
        Random rng = new Random(seed);
        double[] p = Reference.spd(rng, n, 0.5);
        double[] a = wellConditioned ? Reference.fullRowRank(rng, k, n) : Reference.gaussian(rng, k * n);
        double[] x = Reference.gaussian(rng, n);
        double[] ax = Reference.multiply(a, k, n, x);
        double[] y = new double[k];
        double[] lower = new double[k];
        double[] upper = new double[k];
        int[] side = new int[k];
        for (int i = 0; i < k; i++) {
            double r = 0.5 + rng.nextDouble();
            switch (i % 5) {
                case 0 -> {
                    lower[i] = ax[i];
                    upper[i] = ax[i];
                    y[i] = rng.nextBoolean() ? r : -r;
                    side[i] = y[i] >= 0 ? 1 : -1;
                }
                case 1 -> {
                    upper[i] = ax[i];
                    lower[i] = rng.nextBoolean() ? Double.NEGATIVE_INFINITY : ax[i] - r - 1;
                    y[i] = r;
                    side[i] = 1;
                }
                case 2 -> {
                    lower[i] = ax[i];
                    upper[i] = rng.nextBoolean() ? Double.POSITIVE_INFINITY : ax[i] + r + 1;
                    y[i] = -r;
                    side[i] = -1;
                }
                default -> {
                    lower[i] = rng.nextInt(3) == 0 ? Double.NEGATIVE_INFINITY : ax[i] - r;
                    upper[i] = rng.nextInt(3) == 0 ? Double.POSITIVE_INFINITY : ax[i] + 0.5 + rng.nextDouble();
                }
            }
        }
        double[] q = Reference.multiply(p, n, n, x);
        for (int j = 0; j < n; j++) {
            q[j] = -q[j];
            for (int i = 0; i < k; i++) {
                q[j] -= a[i * n + j] * y[i];
            }
        }
        return new PlantedQp(n, k, p, q, a, lower, upper, x, y, side);
    }

    double[] theta() {
        return AdmmQP.parameters(p, q, a, lower, upper);
    }

    double[] solution() {
        double[] z = new double[n + k];
        System.arraycopy(x, 0, z, 0, n);
        System.arraycopy(y, 0, z, n, k);
        return z;
    }

    /** Indices of the active rows. */
    int[] activeRows() {
        return java.util.stream.IntStream.range(0, k).filter(i -> side[i] != 0).toArray();
    }

    /**
     * The inverse of the active-set KKT matrix [[P, A_actᵀ], [A_act, 0]] (Gauss–Jordan), whose
     * blocks give the exact derivatives: z_act = K⁻¹(−q, b_act).
     */
    double[] activeKktInverse() {
        int[] act = activeRows();
        double[] aa = new double[act.length * n];
        for (int r = 0; r < act.length; r++) {
            System.arraycopy(a, act[r] * n, aa, r * n, n);
        }
        return DenseReference.inverse(Reference.kkt(p, aa, n, act.length), n + act.length);
    }
}
