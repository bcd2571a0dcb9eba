package org.rootgrad.engine.internal;

import org.rootgrad.engine.MatrixKernels;

/**
 * The scalar twin of every matrix kernel: textbook loops in row-major order. The reference for
 * tests of the Vector API kernels and the fallback where the Vector API is unavailable.
 */
final class ScalarMatrixKernels implements MatrixKernels {

    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public void gemv(int m, int n, double alpha, double[] a, int aOff, int lda,
                     double[] x, int xOff, double beta, double[] y, int yOff) {
        for (int i = 0; i < m; i++) {
            int row = aOff + i * lda;
            double s = 0;
            for (int j = 0; j < n; j++) {
                s += a[row + j] * x[xOff + j];
            }
            y[yOff + i] = beta == 0 ? alpha * s : alpha * s + beta * y[yOff + i];
        }
    }

    @Override
    public void gemvT(int m, int n, double alpha, double[] a, int aOff, int lda,
                      double[] x, int xOff, double beta, double[] y, int yOff) {
        scaleOrZero(n, beta, y, yOff);
        for (int i = 0; i < m; i++) {
            int row = aOff + i * lda;
            double ax = alpha * x[xOff + i];
            for (int j = 0; j < n; j++) {
                y[yOff + j] += ax * a[row + j];
            }
        }
    }

    @Override
    public void ger(int m, int n, double alpha, double[] x, int xOff, double[] y, int yOff,
                    double[] a, int aOff, int lda) {
        for (int i = 0; i < m; i++) {
            int row = aOff + i * lda;
            double ax = alpha * x[xOff + i];
            for (int j = 0; j < n; j++) {
                a[row + j] += ax * y[yOff + j];
            }
        }
    }

    @Override
    public void symv(int n, double alpha, double[] a, int aOff, int lda,
                     double[] x, int xOff, double beta, double[] y, int yOff) {
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int j = 0; j < n; j++) {
                double aij = i >= j ? a[aOff + i * lda + j] : a[aOff + j * lda + i];
                s += aij * x[xOff + j];
            }
            y[yOff + i] = beta == 0 ? alpha * s : alpha * s + beta * y[yOff + i];
        }
    }

    @Override
    public void syrk(boolean transpose, int n, int k, double alpha, double[] a, int aOff, int lda,
                     double beta, double[] c, int cOff, int ldc) {
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) {
                    s += transpose
                            ? a[aOff + p * lda + i] * a[aOff + p * lda + j]
                            : a[aOff + i * lda + p] * a[aOff + j * lda + p];
                }
                int ij = cOff + i * ldc + j;
                double v = beta == 0 ? alpha * s : alpha * s + beta * c[ij];
                c[ij] = v;
                c[cOff + j * ldc + i] = v;
            }
        }
    }

    @Override
    public void syrkLowerSubtract(int m, int k, double[] p, int pOff, int ldp, double[] c, int cOff, int ldc) {
        for (int i = 0; i < m; i++) {
            syrkLowerSubtractRow(i, 0, i + 1, k, p, pOff, ldp, c, cOff + i * ldc);
        }
    }

    /**
     * Row i of {@link #syrkLowerSubtract}, columns from ≤ j &lt; to, C's row at cRow: the even and
     * the odd terms each in a chain that starts with a product, then FMAs, as the vector kernel
     * runs them lane by lane.
     */
    static void syrkLowerSubtractRow(int i, int from, int to, int k, double[] p, int pOff, int ldp,
                                     double[] c, int cRow) {
        if (k == 0) {
            return;
        }
        for (int j = from; j < to; j++) {
            double even = p[pOff + j] * -p[pOff + i];
            double odd = k > 1 ? p[pOff + ldp + j] * -p[pOff + ldp + i] : 0;
            for (int t = 2; t < k; t++) {
                int row = pOff + t * ldp;
                if ((t & 1) == 0) {
                    even = Math.fma(p[row + j], -p[row + i], even);
                } else {
                    odd = Math.fma(p[row + j], -p[row + i], odd);
                }
            }
            c[cRow + j] = c[cRow + j] + (even + odd);
        }
    }

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k, double alpha,
                     double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                     double beta, double[] c, int cOff, int ldc) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) {
                    double aip = transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
                    double bpj = transB ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
                    s += aip * bpj;
                }
                int ij = cOff + i * ldc + j;
                c[ij] = beta == 0 ? alpha * s : alpha * s + beta * c[ij];
            }
        }
    }

    @Override
    public double residual(int m, int n, double[] a, int aOff, int lda, double[] x, int xOff,
                           double[] b, int bOff, double[] r, int rOff) {
        double rr = 0;
        for (int i = 0; i < m; i++) {
            int row = aOff + i * lda;
            double s = 0;
            for (int j = 0; j < n; j++) {
                s += a[row + j] * x[xOff + j];
            }
            double ri = b[bOff + i] - s;
            r[rOff + i] = ri;
            rr += ri * ri;
        }
        return rr;
    }

    @Override
    public double gemvDot(int m, int n, double[] a, int aOff, int lda, double[] x, int xOff,
                          double[] y, int yOff, double[] z, int zOff) {
        double zy = 0;
        for (int i = 0; i < m; i++) {
            int row = aOff + i * lda;
            double s = 0;
            for (int j = 0; j < n; j++) {
                s += a[row + j] * x[xOff + j];
            }
            y[yOff + i] = s;
            zy += z[zOff + i] * s;
        }
        return zy;
    }

    private static void scaleOrZero(int n, double beta, double[] y, int yOff) {
        if (beta == 0) {
            java.util.Arrays.fill(y, yOff, yOff + n, 0.0);
        } else if (beta != 1) {
            for (int j = 0; j < n; j++) {
                y[yOff + j] *= beta;
            }
        }
    }
}
