package org.rootgrad.solvers.constrained;

import org.rootgrad.engine.MatrixKernels;

/**
 * Offsets of the packed data θ = (P (n·n) | q (n) | A (k·n) | l (k) | u (k)) of
 * min ½xᵀPx + qᵀx s.t. l ≤ Ax ≤ u, and the active-set rule shared by the solver's polishing and
 * its derivative conditions. Immutable.
 */
final class QpLayout {
    static final MatrixKernels M = MatrixKernels.active();

    final int n;
    final int k;
    final int offQ;
    final int offA;
    final int offL;
    final int offU;
    final int size;

    QpLayout(int n, int k) {
        this.n = n;
        this.k = k;
        this.offQ = n * n;
        this.offA = offQ + n;
        this.offL = offA + k * n;
        this.offU = offL + k;
        this.size = offU + k;
    }

    /** out (k) ← A x. */
    void multiplyA(double[] theta, double[] x, int xOff, double[] out, int outOff) {
        if (n == 0) {
            java.util.Arrays.fill(out, outOff, outOff + k, 0);
            return;
        }
        if (k > 0) {
            M.gemv(k, n, 1, theta, offA, n, x, xOff, 0, out, outOff);
        }
    }

    /** out (n) ← beta·out + Aᵀ y. */
    void multiplyATranspose(double[] theta, double[] y, int yOff, double beta, double[] out, int outOff) {
        if (k == 0) {
            if (beta == 0) {
                java.util.Arrays.fill(out, outOff, outOff + n, 0);
            } else {
                for (int i = 0; i < n; i++) {
                    out[outOff + i] *= beta;
                }
            }
            return;
        }
        if (n > 0) {
            M.gemvT(k, n, 1, theta, offA, n, y, yOff, beta, out, outOff);
        }
    }

    /** out (n) ← beta·out + P x. */
    void multiplyP(double[] theta, double[] x, int xOff, double beta, double[] out, int outOff) {
        if (n > 0) {
            M.gemv(n, n, 1, theta, 0, n, x, xOff, beta, out, outOff);
        }
    }

    /**
     * The active side of row i: +1 (upper bound active), −1 (lower) or 0 (inactive), from the
     * row's value s = (Ax)ᵢ and dual y (OSQP's convention: y &gt; 0 pushes against the upper
     * bound). A row is active where its multiplier exceeds its slack; an equality row (l = u) is
     * always active, on the side of its dual's sign.
     */
    static int side(double s, double y, double lower, double upper) {
        if (lower == upper) {
            return y >= 0 ? 1 : -1;
        }
        if (y > 0 && upper - s < y) {
            return 1;
        }
        if (y < 0 && s - lower < -y) {
            return -1;
        }
        return 0;
    }

    /** The bound of an active side. */
    double bound(double[] theta, int i, int side) {
        return side < 0 ? theta[offL + i] : theta[offU + i];
    }
}
