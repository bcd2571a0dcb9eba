package org.rootgrad.testing;

import java.util.SplittableRandom;

/**
 * Dense references for tests, independent of the code under test: Gaussian elimination with
 * partial pivoting, products, random well-conditioned matrices. Row-major arrays. Shared with
 * every module's tests through the engine's test jar.
 */
public final class DenseReference {
    private DenseReference() {}

    /** Solves A X = B for n×k B (row-major); A is not modified. */
    public static double[] solve(double[] a, int n, double[] b, int k) {
        double[] m = a.clone();
        double[] x = b.clone();
        for (int col = 0; col < n; col++) {
            int pivot = col;
            for (int i = col + 1; i < n; i++) {
                if (Math.abs(m[i * n + col]) > Math.abs(m[pivot * n + col])) {
                    pivot = i;
                }
            }
            if (m[pivot * n + col] == 0) {
                throw new AssertionError("singular reference matrix");
            }
            if (pivot != col) {
                for (int j = 0; j < n; j++) {
                    double t = m[col * n + j];
                    m[col * n + j] = m[pivot * n + j];
                    m[pivot * n + j] = t;
                }
                for (int j = 0; j < k; j++) {
                    double t = x[col * k + j];
                    x[col * k + j] = x[pivot * k + j];
                    x[pivot * k + j] = t;
                }
            }
            for (int i = col + 1; i < n; i++) {
                double f = m[i * n + col] / m[col * n + col];
                if (f == 0) {
                    continue;
                }
                for (int j = col; j < n; j++) {
                    m[i * n + j] -= f * m[col * n + j];
                }
                for (int j = 0; j < k; j++) {
                    x[i * k + j] -= f * x[col * k + j];
                }
            }
        }
        for (int i = n - 1; i >= 0; i--) {
            for (int j = 0; j < k; j++) {
                double s = x[i * k + j];
                for (int c = i + 1; c < n; c++) {
                    s -= m[i * n + c] * x[c * k + j];
                }
                x[i * k + j] = s / m[i * n + i];
            }
        }
        return x;
    }

    /**
     * Solves A x = b for one right-hand side (A n×n row-major) by Gaussian elimination with
     * partial pivoting; neither A nor b is modified.
     *
     * @throws AssertionError if a pivot is exactly zero (a singular reference matrix)
     */
    public static double[] solve(double[] a, int n, double[] b) {
        return solve(a, n, b, 1);
    }

    /** A⁻¹ of an n×n row-major matrix, by {@link #solve(double[], int, double[], int)} on I. */
    public static double[] inverse(double[] a, int n) {
        return solve(a, n, identity(n), n);
    }

    public static double[] identity(int n) {
        double[] e = new double[n * n];
        for (int i = 0; i < n; i++) {
            e[i * n + i] = 1;
        }
        return e;
    }

    /** C = A B, A r×s, B s×t. */
    public static double[] multiply(double[] a, double[] b, int r, int s, int t) {
        double[] c = new double[r * t];
        for (int i = 0; i < r; i++) {
            for (int p = 0; p < s; p++) {
                double v = a[i * s + p];
                for (int j = 0; j < t; j++) {
                    c[i * t + j] += v * b[p * t + j];
                }
            }
        }
        return c;
    }

    /** Aᵀ for A r×c. */
    public static double[] transpose(double[] a, int r, int c) {
        double[] t = new double[r * c];
        for (int i = 0; i < r; i++) {
            for (int j = 0; j < c; j++) {
                t[j * r + i] = a[i * c + j];
            }
        }
        return t;
    }

    /** y = A x, A r×c. */
    public static double[] apply(double[] a, int r, int c, double[] x) {
        return multiply(a, x, r, c, 1);
    }

    /**
     * A random symmetric positive definite n×n matrix QΛQᵀ with eigenvalues spread
     * geometrically over [low, high] (Q from Gram–Schmidt of a Gaussian matrix).
     */
    public static double[] spd(int n, double low, double high, SplittableRandom r) {
        double[][] q = orthonormal(n, r);
        double[] a = new double[n * n];
        for (int k = 0; k < n; k++) {
            double lambda = n == 1 ? low : low * Math.pow(high / low, (double) k / (n - 1));
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    a[i * n + j] += lambda * q[k][i] * q[k][j];
                }
            }
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < i; j++) {
                double s = 0.5 * (a[i * n + j] + a[j * n + i]);
                a[i * n + j] = s;
                a[j * n + i] = s;
            }
        }
        return a;
    }

    /** n orthonormal vectors (rows). */
    public static double[][] orthonormal(int n, SplittableRandom r) {
        double[][] q = new double[n][n];
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < n; i++) {
                q[j][i] = r.nextGaussian();
            }
            for (int pass = 0; pass < 2; pass++) {
                for (int k = 0; k < j; k++) {
                    double dot = 0;
                    for (int i = 0; i < n; i++) {
                        dot += q[j][i] * q[k][i];
                    }
                    for (int i = 0; i < n; i++) {
                        q[j][i] -= dot * q[k][i];
                    }
                }
            }
            double norm = 0;
            for (int i = 0; i < n; i++) {
                norm += q[j][i] * q[j][i];
            }
            norm = Math.sqrt(norm);
            for (int i = 0; i < n; i++) {
                q[j][i] /= norm;
            }
        }
        return q;
    }

    /** A random r×c matrix with singular values in [low, high] (U Σ Vᵀ, r ≥ c). */
    public static double[] wellConditioned(int r, int c, double low, double high, SplittableRandom rnd) {
        double[][] u = orthonormal(r, rnd);
        double[][] v = orthonormal(c, rnd);
        double[] a = new double[r * c];
        for (int k = 0; k < c; k++) {
            double sigma = c == 1 ? low : low * Math.pow(high / low, (double) k / (c - 1));
            for (int i = 0; i < r; i++) {
                for (int j = 0; j < c; j++) {
                    a[i * c + j] += sigma * u[k][i] * v[k][j];
                }
            }
        }
        return a;
    }

    public static double[] gaussian(int n, SplittableRandom r) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextGaussian();
        }
        return v;
    }

    /** xᵀy for vectors of the same length. */
    public static double dot(double[] x, double[] y) {
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            s += x[i] * y[i];
        }
        return s;
    }

    public static double norm(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x * x;
        }
        return Math.sqrt(s);
    }

    /**
     * ‖got − want‖ / ‖want‖ (Euclidean norms, computed as one square root of the ratio of the two
     * sums of squares); NaN or infinite when {@code want} is zero.
     */
    public static double relativeError(double[] got, double[] want) {
        double num = 0;
        double den = 0;
        for (int i = 0; i < want.length; i++) {
            num += (got[i] - want[i]) * (got[i] - want[i]);
            den += want[i] * want[i];
        }
        return Math.sqrt(num / den);
    }

    /** ‖a − b‖ / max(‖b‖, floor). */
    public static double relativeError(double[] a, double[] b, double floor) {
        double d = 0;
        for (int i = 0; i < a.length; i++) {
            d += (a[i] - b[i]) * (a[i] - b[i]);
        }
        return Math.sqrt(d) / Math.max(norm(b), floor);
    }
}
