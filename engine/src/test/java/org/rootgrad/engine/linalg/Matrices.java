package org.rootgrad.engine.linalg;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.rootgrad.engine.MatrixKernels;
import org.rootgrad.engine.internal.PanamaMatrixKernels;

/**
 * Test matrices with known properties, built without the code under test: random orthogonal
 * matrices as products of Householder reflectors, matrices U·diag(d)·Vᵀ with prescribed singular
 * values (so a prescribed 2-norm condition and a closed-form inverse), Hilbert matrices with
 * their exact integer inverse, and naive dense arithmetic.
 */
final class Matrices {
    private Matrices() {}

    static final double EPS = Math.ulp(1.0);

    /** The kernels the factorisations are run on: scalar twin, and Panama where available. */
    static List<MatrixKernels> kernels() {
        List<MatrixKernels> list = new ArrayList<>();
        list.add(MatrixKernels.scalar());
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()) {
            list.add(new PanamaMatrixKernels());
        }
        return list;
    }

    static double[] random(SplittableRandom rnd, int m, int n) {
        double[] a = new double[m * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = rnd.nextDouble(-1, 1);
        }
        return a;
    }

    /** n×n orthogonal: the product of three random Householder reflectors (determinant −1). */
    static double[] orthogonal(SplittableRandom rnd, int n) {
        double[] q = identity(n);
        for (int r = 0; r < 3; r++) {
            double[] u = random(rnd, n, 1);
            double uu = 0;
            for (double x : u) {
                uu += x * x;
            }
            if (uu == 0) {
                continue;
            }
            // q ← q (I − 2uuᵀ/uᵀu)
            for (int i = 0; i < n; i++) {
                double s = 0;
                for (int k = 0; k < n; k++) {
                    s += q[i * n + k] * u[k];
                }
                for (int j = 0; j < n; j++) {
                    q[i * n + j] -= 2 * s * u[j] / uu;
                }
            }
        }
        return q;
    }

    static double[] identity(int n) {
        double[] a = new double[n * n];
        for (int i = 0; i < n; i++) {
            a[i * n + i] = 1;
        }
        return a;
    }

    /** Singular values from 1 down to 1/cond, geometrically spaced. */
    static double[] spectrum(int n, double cond) {
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = n == 1 ? 1 : Math.pow(cond, -(double) i / (n - 1));
        }
        return d;
    }

    /** u · diag(d) · vᵀ for n×n u, v. */
    static double[] usv(double[] u, double[] d, double[] v, int n) {
        double[] a = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int k = 0; k < n; k++) {
                    s += u[i * n + k] * d[k] * v[j * n + k];
                }
                a[i * n + j] = s;
            }
        }
        return a;
    }

    static double[] inverse(double[] d) {
        double[] r = new double[d.length];
        for (int i = 0; i < d.length; i++) {
            r[i] = 1 / d[i];
        }
        return r;
    }

    /** Random symmetric positive definite n×n with eigenvalues in [1/cond, 1]. */
    static double[] spd(SplittableRandom rnd, int n, double cond) {
        double[] q = orthogonal(rnd, n);
        return usv(q, spectrum(n, cond), q, n);
    }

    /** Hilbert matrix H(i, j) = 1/(i + j + 1). */
    static double[] hilbert(int n) {
        double[] h = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                h[i * n + j] = 1.0 / (i + j + 1);
            }
        }
        return h;
    }

    /** The exact inverse of the n×n Hilbert matrix (integers, exact in double for n ≤ 10). */
    static double[] hilbertInverse(int n) {
        double[] r = new double[n * n];
        for (int i = 1; i <= n; i++) {
            for (int j = 1; j <= n; j++) {
                double v = ((i + j) % 2 == 0 ? 1 : -1) * (double) (i + j - 1)
                        * binomial(n + i - 1, n - j) * binomial(n + j - 1, n - i)
                        * binomial(i + j - 2, i - 1) * binomial(i + j - 2, i - 1);
                r[(i - 1) * n + (j - 1)] = v;
            }
        }
        return r;
    }

    private static double binomial(int n, int k) {
        double c = 1;
        for (int i = 1; i <= k; i++) {
            c = c * (n - k + i) / i;
        }
        return Math.rint(c);
    }

    /** c = a (m×k) · b (k×n), all dense. */
    static double[] multiply(double[] a, double[] b, int m, int k, int n) {
        double[] c = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) {
                    s += a[i * k + p] * b[p * n + j];
                }
                c[i * n + j] = s;
            }
        }
        return c;
    }

    static double[] transpose(double[] a, int m, int n) {
        double[] t = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                t[j * m + i] = a[i * n + j];
            }
        }
        return t;
    }

    static double frobenius(double[] a) {
        double s = 0;
        for (double x : a) {
            s += x * x;
        }
        return Math.sqrt(s);
    }

    static double frobeniusDifference(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (a[i] - b[i]) * (a[i] - b[i]);
        }
        return Math.sqrt(s);
    }

    /** max column sum of |a|, n×n. */
    static double norm1(double[] a, int n) {
        double best = 0;
        for (int j = 0; j < n; j++) {
            double s = 0;
            for (int i = 0; i < n; i++) {
                s += Math.abs(a[i * n + j]);
            }
            best = Math.max(best, s);
        }
        return best;
    }

    static double norm2(double[] x) {
        return frobenius(x);
    }

    /** Embeds a dense m×n matrix at offset off with leading dimension ld, padding with junk. */
    static double[] embed(double[] a, int m, int n, int off, int ld, double junk) {
        double[] e = new double[off + m * ld + 1];
        java.util.Arrays.fill(e, junk);
        for (int i = 0; i < m; i++) {
            System.arraycopy(a, i * n, e, off + i * ld, n);
        }
        return e;
    }
}
