package org.rootgrad.solvers;

/** Independent dense references for tests: Gaussian elimination and vector helpers. */
final class Dense {
    private Dense() {}

    /** Solves A x = b (A n×n row-major) by Gaussian elimination with partial pivoting. */
    static double[] solve(double[] a, int n, double[] b) {
        double[] m = a.clone();
        double[] x = b.clone();
        for (int k = 0; k < n; k++) {
            int piv = k;
            for (int i = k + 1; i < n; i++) {
                if (Math.abs(m[i * n + k]) > Math.abs(m[piv * n + k])) {
                    piv = i;
                }
            }
            for (int j = 0; j < n; j++) {
                double t = m[k * n + j];
                m[k * n + j] = m[piv * n + j];
                m[piv * n + j] = t;
            }
            double t = x[k];
            x[k] = x[piv];
            x[piv] = t;
            for (int i = k + 1; i < n; i++) {
                double f = m[i * n + k] / m[k * n + k];
                for (int j = k; j < n; j++) {
                    m[i * n + j] -= f * m[k * n + j];
                }
                x[i] -= f * x[k];
            }
        }
        for (int i = n - 1; i >= 0; i--) {
            double s = x[i];
            for (int j = i + 1; j < n; j++) {
                s -= m[i * n + j] * x[j];
            }
            x[i] = s / m[i * n + i];
        }
        return x;
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    /** ‖got − want‖ / ‖want‖. */
    static double relativeError(double[] got, double[] want) {
        double num = 0;
        double den = 0;
        for (int i = 0; i < want.length; i++) {
            num += (got[i] - want[i]) * (got[i] - want[i]);
            den += want[i] * want[i];
        }
        return Math.sqrt(num / den);
    }
}
