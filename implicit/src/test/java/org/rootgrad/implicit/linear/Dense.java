package org.rootgrad.implicit.linear;

import java.util.SplittableRandom;

/**
 * Independent dense references for the tests: textbook loops, no engine kernels. Matrices are
 * row-major {@code double[rows*cols]}. Solves, dot products and transposes come from the shared
 * {@link org.rootgrad.testing.DenseReference}; what is here is specific to the linear-solver tests.
 */
final class Dense {
    private Dense() {}

    static double[] multiply(double[] a, int rows, int cols, double[] x) {
        double[] y = new double[rows];
        for (int i = 0; i < rows; i++) {
            double s = 0;
            for (int j = 0; j < cols; j++) {
                s += a[i * cols + j] * x[j];
            }
            y[i] = s;
        }
        return y;
    }

    static double[] multiply(double[] a, int rows, int inner, double[] b, int cols) {
        double[] c = new double[rows * cols];
        for (int i = 0; i < rows; i++) {
            for (int k = 0; k < inner; k++) {
                double aik = a[i * inner + k];
                for (int j = 0; j < cols; j++) {
                    c[i * cols + j] += aik * b[k * cols + j];
                }
            }
        }
        return c;
    }

    static double[] plusIdentity(double[] a, int n, double rho) {
        double[] b = a.clone();
        for (int i = 0; i < n; i++) {
            b[i * n + i] += rho;
        }
        return b;
    }

    static double norm(double[] x) {
        double s = 0;
        for (double v : x) {
            s += v * v;
        }
        return Math.sqrt(s);
    }

    static double distance(double[] x, double[] y) {
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            double d = x[i] - y[i];
            s += d * d;
        }
        return Math.sqrt(s);
    }

    static double relativeError(double[] x, double[] reference) {
        return distance(x, reference) / norm(reference);
    }

    /** ‖b − Ax‖ with naive loops. */
    static double residual(double[] a, int n, double[] x, double[] b) {
        double[] ax = multiply(a, n, n, x);
        double s = 0;
        for (int i = 0; i < n; i++) {
            double d = b[i] - ax[i];
            s += d * d;
        }
        return Math.sqrt(s);
    }

    /**
     * A bound on the rounding error of computing ‖b − Ax‖ in any summation order:
     * 2n·ε·‖|A||x| + |b|‖. Two correct residual computations may differ by this much.
     */
    static double residualRoundingBound(double[] a, int n, double[] x, double[] b) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            double row = Math.abs(b[i]);
            for (int j = 0; j < n; j++) {
                row += Math.abs(a[i * n + j] * x[j]);
            }
            s += row * row;
        }
        return 2 * n * Math.ulp(1.0) * Math.sqrt(s);
    }

    static double[] randomVector(SplittableRandom random, int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = random.nextDouble(-1, 1);
        }
        return x;
    }

    static double[] randomMatrix(SplittableRandom random, int rows, int cols) {
        return randomVector(random, rows * cols);
    }

    /** A random orthogonal n×n matrix: modified Gram–Schmidt on the rows of a random matrix. */
    static double[] randomOrthogonal(SplittableRandom random, int n) {
        double[] q = randomMatrix(random, n, n);
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < i; k++) {
                double d = 0;
                for (int j = 0; j < n; j++) {
                    d += q[i * n + j] * q[k * n + j];
                }
                for (int j = 0; j < n; j++) {
                    q[i * n + j] -= d * q[k * n + j];
                }
            }
            double s = 0;
            for (int j = 0; j < n; j++) {
                s += q[i * n + j] * q[i * n + j];
            }
            s = Math.sqrt(s);
            for (int j = 0; j < n; j++) {
                q[i * n + j] /= s;
            }
        }
        return q;
    }

    /** Q·diag(eigenvalues)·Qᵀ for a random orthogonal Q: symmetric with a controlled spectrum. */
    static double[] withSpectrum(SplittableRandom random, double[] eigenvalues) {
        int n = eigenvalues.length;
        double[] q = randomOrthogonal(random, n);
        double[] a = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double s = 0;
                for (int k = 0; k < n; k++) {
                    s += q[k * n + i] * eigenvalues[k] * q[k * n + j];
                }
                a[i * n + j] = s;
                a[j * n + i] = s;
            }
        }
        return a;
    }

    /** n eigenvalues spread geometrically over [low, high]. */
    static double[] geometric(int n, double low, double high) {
        double[] e = new double[n];
        for (int i = 0; i < n; i++) {
            e[i] = n == 1 ? low : low * Math.pow(high / low, (double) i / (n - 1));
        }
        return e;
    }

    /**
     * The KKT matrix [[H, Cᵀ], [C, 0]] of an equality-constrained QP, with H an SPD p×p matrix
     * and C a full-rank q×p constraint matrix: symmetric, indefinite (p positive and q negative
     * eigenvalues), nonsingular.
     */
    static double[] kkt(SplittableRandom random, int p, int q) {
        double[] h = withSpectrum(random, geometric(p, 1, 20));
        double[] c = randomMatrix(random, q, p);
        int n = p + q;
        double[] k = new double[n * n];
        for (int i = 0; i < p; i++) {
            for (int j = 0; j < p; j++) {
                k[i * n + j] = h[i * p + j];
            }
        }
        for (int i = 0; i < q; i++) {
            for (int j = 0; j < p; j++) {
                k[(p + i) * n + j] = c[i * p + j];
                k[j * n + p + i] = c[i * p + j];
            }
        }
        return k;
    }

    /**
     * Central differences for −u'' + v·u' = f on n interior points of [0, 1] (scaled by h²):
     * tridiagonal (−1 − vh/2, 2, −1 + vh/2), non-symmetric for v ≠ 0, nonsingular.
     */
    static double[] convectionDiffusion(int n, double velocity) {
        double h = 1.0 / (n + 1);
        double[] a = new double[n * n];
        for (int i = 0; i < n; i++) {
            a[i * n + i] = 2;
            if (i > 0) {
                a[i * n + i - 1] = -1 - velocity * h / 2;
            }
            if (i < n - 1) {
                a[i * n + i + 1] = -1 + velocity * h / 2;
            }
        }
        return a;
    }

    /**
     * An ill-conditioned, diagonally dominated SPD matrix D^½(I + F)D^½: D spans [1, 10⁴]
     * geometrically and F is symmetric with ‖F‖ < ½, so κ(A) ≈ 10⁴ while Jacobi leaves κ ≤ 3.
     */
    static double[] diagonallyDominated(SplittableRandom random, int n) {
        double[] d = geometric(n, 1, 1e4);
        // shuffle so the scale is not ordered
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            double t = d[i];
            d[i] = d[j];
            d[j] = t;
        }
        double[] a = new double[n * n];
        double bound = 0.4 / n;
        for (int i = 0; i < n; i++) {
            a[i * n + i] = d[i];
            for (int j = 0; j < i; j++) {
                double f = random.nextDouble(-bound, bound) * Math.sqrt(d[i] * d[j]);
                a[i * n + j] = f;
                a[j * n + i] = f;
            }
        }
        return a;
    }

    static double[] diagonal(double[] a, int n) {
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = a[i * n + i];
        }
        return d;
    }
}
