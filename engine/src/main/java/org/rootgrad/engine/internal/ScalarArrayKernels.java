package org.rootgrad.engine.internal;

import org.rootgrad.engine.ArrayKernels;

/**
 * The scalar twin of every one-dimensional kernel: plain loops, strict left-to-right order,
 * {@link Math} functions. It is the reference the Vector API kernels are tested against, and the
 * fallback where the Vector API is unavailable.
 */
final class ScalarArrayKernels implements ArrayKernels {

    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public double dot(int n, double[] x, int xOff, double[] y, int yOff) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += x[xOff + i] * y[yOff + i];
        }
        return s;
    }

    @Override
    public void axpy(int n, double alpha, double[] x, int xOff, double[] y, int yOff) {
        for (int i = 0; i < n; i++) {
            y[yOff + i] += alpha * x[xOff + i];
        }
    }

    @Override
    public void axpby(int n, double alpha, double[] x, int xOff, double beta, double[] y, int yOff) {
        for (int i = 0; i < n; i++) {
            y[yOff + i] = alpha * x[xOff + i] + beta * y[yOff + i];
        }
    }

    @Override
    public void scal(int n, double alpha, double[] x, int xOff) {
        for (int i = 0; i < n; i++) {
            x[xOff + i] *= alpha;
        }
    }

    @Override
    public void copy(int n, double[] x, int xOff, double[] y, int yOff) {
        System.arraycopy(x, xOff, y, yOff, n);
    }

    @Override
    public void fill(int n, double value, double[] x, int xOff) {
        java.util.Arrays.fill(x, xOff, xOff + n, value);
    }

    /** LAPACK's scaled sum of squares: ‖x‖ = scale·√ssq with every term ≤ 1 before squaring. */
    @Override
    public double nrm2(int n, double[] x, int xOff) {
        double scale = 0;
        double ssq = 1;
        for (int i = 0; i < n; i++) {
            double v = x[xOff + i];
            if (v != 0) {
                double a = Math.abs(v);
                if (scale < a) {
                    double r = scale / a;
                    ssq = 1 + ssq * r * r;
                    scale = a;
                } else {
                    double r = a / scale;
                    ssq += r * r;
                }
            }
        }
        return scale * Math.sqrt(ssq);
    }

    @Override
    public double asum(int n, double[] x, int xOff) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += Math.abs(x[xOff + i]);
        }
        return s;
    }

    @Override
    public int iamax(int n, double[] x, int xOff) {
        int best = n == 0 ? -1 : 0;
        double bestAbs = -1;
        for (int i = 0; i < n; i++) {
            double a = Math.abs(x[xOff + i]);
            if (a > bestAbs) {
                bestAbs = a;
                best = i;
            }
        }
        return best;
    }

    @Override
    public double sum(int n, double[] x, int xOff) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += x[xOff + i];
        }
        return s;
    }

    @Override
    public double max(int n, double[] x, int xOff) {
        double m = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            m = Math.max(m, x[xOff + i]);
        }
        return m;
    }

    @Override
    public void add(int n, double[] x, int xOff, double[] y, int yOff, double[] z, int zOff) {
        for (int i = 0; i < n; i++) {
            z[zOff + i] = x[xOff + i] + y[yOff + i];
        }
    }

    @Override
    public void sub(int n, double[] x, int xOff, double[] y, int yOff, double[] z, int zOff) {
        for (int i = 0; i < n; i++) {
            z[zOff + i] = x[xOff + i] - y[yOff + i];
        }
    }

    @Override
    public void mul(int n, double[] x, int xOff, double[] y, int yOff, double[] z, int zOff) {
        for (int i = 0; i < n; i++) {
            z[zOff + i] = x[xOff + i] * y[yOff + i];
        }
    }

    @Override
    public void div(int n, double[] x, int xOff, double[] y, int yOff, double[] z, int zOff) {
        for (int i = 0; i < n; i++) {
            z[zOff + i] = x[xOff + i] / y[yOff + i];
        }
    }

    @Override
    public void fma(int n, double[] x, int xOff, double[] y, int yOff, double[] z, int zOff,
                    double[] out, int outOff) {
        for (int i = 0; i < n; i++) {
            out[outOff + i] = Math.fma(x[xOff + i], y[yOff + i], z[zOff + i]);
        }
    }

    @Override
    public void exp(int n, double[] x, int xOff, double[] y, int yOff) {
        for (int i = 0; i < n; i++) {
            y[yOff + i] = Math.exp(x[xOff + i]);
        }
    }

    @Override
    public void expm1(int n, double[] x, int xOff, double[] y, int yOff) {
        for (int i = 0; i < n; i++) {
            y[yOff + i] = Math.expm1(x[xOff + i]);
        }
    }

    @Override
    public void log(int n, double[] x, int xOff, double[] y, int yOff) {
        for (int i = 0; i < n; i++) {
            y[yOff + i] = Math.log(x[xOff + i]);
        }
    }

    @Override
    public void log1p(int n, double[] x, int xOff, double[] y, int yOff) {
        for (int i = 0; i < n; i++) {
            y[yOff + i] = Math.log1p(x[xOff + i]);
        }
    }

    @Override
    public void tanh(int n, double[] x, int xOff, double[] y, int yOff) {
        for (int i = 0; i < n; i++) {
            y[yOff + i] = Math.tanh(x[xOff + i]);
        }
    }

    @Override
    public void sigmoid(int n, double[] x, int xOff, double[] y, int yOff) {
        for (int i = 0; i < n; i++) {
            y[yOff + i] = sigmoid(x[xOff + i]);
        }
    }

    /** σ(v) evaluated through e^(−|v|) ≤ 1, so neither tail overflows or cancels. */
    static double sigmoid(double v) {
        double e = Math.exp(-Math.abs(v));
        return v >= 0 ? 1 / (1 + e) : e / (1 + e);
    }

    @Override
    public void softplus(int n, double[] x, int xOff, double[] y, int yOff) {
        for (int i = 0; i < n; i++) {
            y[yOff + i] = softplus(x[xOff + i]);
        }
    }

    /** log(1 + e^v) = max(v, 0) + log1p(e^(−|v|)), exact in both tails. */
    static double softplus(double v) {
        return Math.max(v, 0) + Math.log1p(Math.exp(-Math.abs(v)));
    }

    @Override
    public void softThreshold(int n, double threshold, double[] x, int xOff, double[] y, int yOff) {
        for (int i = 0; i < n; i++) {
            double v = x[xOff + i];
            double shrunk = Math.max(Math.abs(v) - threshold, 0);
            y[yOff + i] = Math.copySign(shrunk, v);
        }
    }

    @Override
    public void clip(int n, double lo, double hi, double[] x, int xOff, double[] y, int yOff) {
        for (int i = 0; i < n; i++) {
            y[yOff + i] = Math.min(Math.max(x[xOff + i], lo), hi);
        }
    }

    @Override
    public double logSumExp(int n, double[] x, int xOff) {
        double m = max(n, x, xOff);
        if (!Double.isFinite(m)) {
            return m; // empty or all −∞ gives −∞; a +∞ element dominates; NaN propagates
        }
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += Math.exp(x[xOff + i] - m);
        }
        return m + Math.log(s);
    }

    @Override
    public double cgUpdate(int n, double alpha, double[] p, int pOff, double[] q, int qOff,
                           double[] x, int xOff, double[] r, int rOff) {
        double rr = 0;
        for (int i = 0; i < n; i++) {
            x[xOff + i] += alpha * p[pOff + i];
            double ri = r[rOff + i] - alpha * q[qOff + i];
            r[rOff + i] = ri;
            rr += ri * ri;
        }
        return rr;
    }

    @Override
    public void xpby(int n, double[] x, int xOff, double beta, double[] y, int yOff) {
        for (int i = 0; i < n; i++) {
            y[yOff + i] = x[xOff + i] + beta * y[yOff + i];
        }
    }

    @Override
    public double mulDot(int n, double[] d, int dOff, double[] r, int rOff, double[] z, int zOff) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            double ri = r[rOff + i];
            double zi = d[dOff + i] * ri;
            z[zOff + i] = zi;
            s += ri * zi;
        }
        return s;
    }
}
