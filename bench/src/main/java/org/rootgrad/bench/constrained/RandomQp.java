package org.rootgrad.bench.constrained;

import java.util.SplittableRandom;

/**
 * Random QPs for the benchmarks: P = BᵀB/n + 0.5I (n×n), A with orthonormal rows scaled by
 * [0.5, 2] (k×n, k ≤ n), and a planted solution: x* Gaussian, rows cycling through equality,
 * active upper, active lower, inactive, inactive (|y*| and slacks in [0.5, 1.5]),
 * q = −Px* − Aᵀy*. Strictly complementary by construction, so every method differentiates the
 * same active set.
 */
final class RandomQp {
    final int n;
    final int k;
    final double[] p;
    final double[] q;
    final double[] a;
    final double[] lower;
    final double[] upper;

    RandomQp(int n, int k, long seed) {
        this.n = n;
        this.k = k;
        SplittableRandom rng = new SplittableRandom(seed);
        double[] b = gaussian(rng, n * n);
        p = new double[n * n];
        // P = BᵀB/n + 0.5 I (blocked enough for n = 1000: row-major accumulation)
        for (int r = 0; r < n; r++) {
            int row = r * n;
            for (int i = 0; i < n; i++) {
                double bri = b[row + i] / n;
                if (bri == 0) {
                    continue;
                }
                int out = i * n;
                for (int j = 0; j < n; j++) {
                    p[out + j] += bri * b[row + j];
                }
            }
        }
        for (int i = 0; i < n; i++) {
            p[i * n + i] += 0.5;
        }
        a = gaussian(rng, k * n);
        for (int r = 0; r < k; r++) {
            for (int s = 0; s < r; s++) {
                double d = 0;
                for (int j = 0; j < n; j++) {
                    d += a[r * n + j] * a[s * n + j];
                }
                for (int j = 0; j < n; j++) {
                    a[r * n + j] -= d * a[s * n + j];
                }
            }
            double norm = 0;
            for (int j = 0; j < n; j++) {
                norm += a[r * n + j] * a[r * n + j];
            }
            double inv = 1 / Math.sqrt(norm);
            for (int j = 0; j < n; j++) {
                a[r * n + j] *= inv;
            }
        }
        for (int r = 0; r < k; r++) {
            double scale = 0.5 + 1.5 * rng.nextDouble();
            for (int j = 0; j < n; j++) {
                a[r * n + j] *= scale;
            }
        }
        double[] x = gaussian(rng, n);
        double[] y = new double[k];
        lower = new double[k];
        upper = new double[k];
        for (int i = 0; i < k; i++) {
            double ax = 0;
            for (int j = 0; j < n; j++) {
                ax += a[i * n + j] * x[j];
            }
            double r = 0.5 + rng.nextDouble();
            switch (i % 5) {
                case 0 -> {
                    lower[i] = ax;
                    upper[i] = ax;
                    y[i] = rng.nextBoolean() ? r : -r;
                }
                case 1 -> {
                    upper[i] = ax;
                    lower[i] = Double.NEGATIVE_INFINITY;
                    y[i] = r;
                }
                case 2 -> {
                    lower[i] = ax;
                    upper[i] = Double.POSITIVE_INFINITY;
                    y[i] = -r;
                }
                default -> {
                    lower[i] = ax - r;
                    upper[i] = ax + 0.5 + rng.nextDouble();
                }
            }
        }
        q = new double[n];
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int j = 0; j < n; j++) {
                s += p[i * n + j] * x[j];
            }
            q[i] = -s;
        }
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < n; j++) {
                q[j] -= a[i * n + j] * y[i];
            }
        }
    }

    private static double[] gaussian(SplittableRandom rng, int size) {
        double[] v = new double[size];
        for (int i = 0; i < size; i++) {
            v[i] = rng.nextGaussian();
        }
        return v;
    }
}
