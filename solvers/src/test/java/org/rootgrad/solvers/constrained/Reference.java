package org.rootgrad.solvers.constrained;

import java.util.Random;

/**
 * Independent dense references for the constrained-solver tests: random well-posed problem data,
 * KKT matrices, norms. Inverses and dot products come from the shared
 * {@link org.rootgrad.testing.DenseReference} (Gaussian elimination with partial pivoting, not the
 * engine's LU).
 */
final class Reference {
    private Reference() {}

    /** y = A x for an r×c row-major A. */
    static double[] multiply(double[] a, int r, int c, double[] x) {
        double[] y = new double[r];
        for (int i = 0; i < r; i++) {
            double s = 0;
            for (int j = 0; j < c; j++) {
                s += a[i * c + j] * x[j];
            }
            y[i] = s;
        }
        return y;
    }

    /** A random symmetric positive definite n×n matrix BᵀB/n + shift·I. */
    static double[] spd(Random rng, int n, double shift) {
        double[] b = gaussian(rng, n * n);
        double[] q = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int k = 0; k < n; k++) {
                    s += b[k * n + i] * b[k * n + j];
                }
                q[i * n + j] = s / n;
            }
            q[i * n + i] += shift;
        }
        return q;
    }

    /**
     * A well-conditioned p×n matrix of full row rank (p ≤ n): Gram–Schmidt orthonormal Gaussian
     * rows, each scaled by a factor in [0.5, 2], so its condition number is at most 4.
     */
    static double[] fullRowRank(Random rng, int p, int n) {
        double[] a = gaussian(rng, p * n);
        for (int r = 0; r < p; r++) {
            for (int q = 0; q < r; q++) {
                double d = 0;
                for (int j = 0; j < n; j++) {
                    d += a[r * n + j] * a[q * n + j];
                }
                for (int j = 0; j < n; j++) {
                    a[r * n + j] -= d * a[q * n + j];
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
        // scale after orthonormalising: the rows stay orthogonal
        for (int r = 0; r < p; r++) {
            double scale = 0.5 + 1.5 * rng.nextDouble();
            for (int j = 0; j < n; j++) {
                a[r * n + j] *= scale;
            }
        }
        return a;
    }

    static double[] gaussian(Random rng, int k) {
        double[] v = new double[k];
        for (int i = 0; i < k; i++) {
            v[i] = rng.nextGaussian();
        }
        return v;
    }

    /** The (n+p)² KKT matrix [[Q, Aᵀ], [A, 0]]. */
    static double[] kkt(double[] q, double[] a, int n, int p) {
        int s = n + p;
        double[] k = new double[s * s];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                k[i * s + j] = q[i * n + j];
            }
        }
        for (int r = 0; r < p; r++) {
            for (int j = 0; j < n; j++) {
                k[(n + r) * s + j] = a[r * n + j];
                k[j * s + n + r] = a[r * n + j];
            }
        }
        return k;
    }

    static double maxAbs(double[] v) {
        double m = 0;
        for (double x : v) {
            m = Math.max(m, Math.abs(x));
        }
        return m;
    }

    /** max |got − want| / max(1e-300, max |want|). */
    static double relativeError(double[] got, double[] want) {
        double num = 0;
        for (int i = 0; i < want.length; i++) {
            num = Math.max(num, Math.abs(got[i] - want[i]));
        }
        return num / Math.max(1e-300, maxAbs(want));
    }

    static boolean allFinite(double[] v) {
        for (double x : v) {
            if (!Double.isFinite(x)) {
                return false;
            }
        }
        return true;
    }
}
