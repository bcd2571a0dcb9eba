package org.rootgrad.solvers.constrained;

import org.rootgrad.engine.MatrixKernels;
import org.rootgrad.implicit.RootFunction;
import org.rootgrad.implicit.linear.Structure;

/**
 * The projected-gradient fixed point of min ½xᵀQx + cᵀx s.t. l ≤ x ≤ u, θ = (Q | c | l | u):
 * F(x, θ) = clip(x − (Qx + c), l, u) − x. With D the mask of coordinates where the clip is
 * inactive (l &lt; x − ∇f &lt; u), ∂ₓF = D − DQ − I: rows −Qᵢ,: on free coordinates and −eᵢᵀ on
 * bound ones, not symmetric (GMRES). This is the full system that the active-set reduction
 * ({@link BoxQpReducedCondition}) avoids. Per thread.
 */
final class BoxQpCondition implements RootFunction, DenseKktBlock {
    private static final MatrixKernels M = MatrixKernels.active();

    private final int n;
    private final int m;
    private final double[] x;
    private final double[] data;
    /** 0 free, −1 clipped at the lower bound, +1 at the upper. */
    private final int[] side;
    private final double[] t;

    BoxQpCondition(int n) {
        this.n = n;
        this.m = n * n + 3 * n;
        this.x = new double[n];
        this.data = new double[m];
        this.side = new int[n];
        this.t = new double[n];
    }

    @Override
    public int dimension() {
        return n;
    }

    @Override
    public int parameterDimension() {
        return m;
    }

    /** g ← Qx + c. */
    static void gradient(int n, double[] theta, double[] xx, double[] g) {
        System.arraycopy(theta, n * n, g, 0, n);
        if (n > 0) {
            M.gemv(n, n, 1, theta, 0, n, xx, 0, 1, g, 0);
        }
    }

    @Override
    public void evaluate(double[] xx, double[] theta, double[] out) {
        gradient(n, theta, xx, out);
        int offL = n * n + n;
        int offU = offL + n;
        for (int i = 0; i < n; i++) {
            double v = xx[i] - out[i];
            double lo = theta[offL + i];
            double hi = theta[offU + i];
            out[i] = Math.min(Math.max(v, lo), hi) - xx[i];
        }
    }

    @Override
    public void linearize(double[] xx, double[] theta) {
        System.arraycopy(xx, 0, x, 0, n);
        System.arraycopy(theta, 0, data, 0, m);
        gradient(n, data, x, t);
        int offL = n * n + n;
        int offU = offL + n;
        for (int i = 0; i < n; i++) {
            double v = x[i] - t[i];
            side[i] = v <= data[offL + i] ? -1 : v >= data[offU + i] ? 1 : 0;
        }
    }

    @Override
    public void jvpX(double[] v, double[] out) {
        if (n == 0) {
            return;
        }
        M.gemv(n, n, -1, data, 0, n, v, 0, 0, out, 0);
        for (int i = 0; i < n; i++) {
            if (side[i] != 0) {
                out[i] = -v[i];
            }
        }
    }

    @Override
    public void vjpX(double[] w, double[] out) {
        if (n == 0) {
            return;
        }
        for (int i = 0; i < n; i++) {
            t[i] = side[i] == 0 ? w[i] : 0;
        }
        M.gemvT(n, n, -1, data, 0, n, t, 0, 0, out, 0);
        for (int i = 0; i < n; i++) {
            if (side[i] != 0) {
                out[i] -= w[i];
            }
        }
    }

    @Override
    public void jvpTheta(double[] u, double[] out) {
        int offC = n * n;
        int offL = offC + n;
        int offU = offL + n;
        if (n > 0) {
            System.arraycopy(u, offC, out, 0, n);
            M.gemv(n, n, -1, u, 0, n, x, 0, -1, out, 0);
        }
        for (int i = 0; i < n; i++) {
            if (side[i] < 0) {
                out[i] = u[offL + i];
            } else if (side[i] > 0) {
                out[i] = u[offU + i];
            }
        }
    }

    @Override
    public void vjpTheta(double[] w, double[] out) {
        int offC = n * n;
        int offL = offC + n;
        int offU = offL + n;
        java.util.Arrays.fill(out, 0);
        for (int i = 0; i < n; i++) {
            if (side[i] == 0) {
                double wi = -w[i];
                int row = i * n;
                for (int j = 0; j < n; j++) {
                    out[row + j] = wi * x[j];
                }
                out[offC + i] = wi;
            } else if (side[i] < 0) {
                out[offL + i] = w[i];
            } else {
                out[offU + i] = w[i];
            }
        }
    }

    @Override
    public Structure structureX() {
        return Structure.GENERAL;
    }

    @Override
    public BoxQpCondition fork() {
        return new BoxQpCondition(n);
    }

    @Override
    public int blockSize() {
        return n;
    }

    @Override
    public void blockIndices(int[] out) {
        for (int i = 0; i < n; i++) {
            out[i] = i;
        }
    }

    @Override
    public void blockMatrix(double[] out) {
        for (int i = 0; i < n; i++) {
            int row = i * n;
            if (side[i] == 0) {
                for (int j = 0; j < n; j++) {
                    out[row + j] = -data[row + j];
                }
            } else {
                java.util.Arrays.fill(out, row, row + n, 0);
                out[row + i] = -1;
            }
        }
    }
}
