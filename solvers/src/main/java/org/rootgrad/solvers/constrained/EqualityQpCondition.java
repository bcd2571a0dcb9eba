package org.rootgrad.solvers.constrained;

import org.rootgrad.engine.MatrixKernels;
import org.rootgrad.implicit.RootFunction;
import org.rootgrad.implicit.linear.Structure;

/**
 * The KKT conditions of min ½xᵀQx + cᵀx s.t. Ax = b on z = (x, ν) with θ = (Q, c, A, b) packed as
 * in {@link EqualityConstrainedQP}: F₁ = Qx + c + Aᵀν, F₂ = Ax − b. ∂zF = [[Q, Aᵀ], [A, 0]]
 * (symmetric for symmetric Q). Per thread: holds a copy of the linearisation point.
 */
final class EqualityQpCondition implements RootFunction, DenseKktBlock {
    private static final MatrixKernels M = MatrixKernels.active();

    private final int n;
    private final int p;
    private final int m;
    private final int offC;
    private final int offA;
    private final int offB;
    private final double[] z;
    private final double[] data;

    EqualityQpCondition(int n, int p) {
        this.n = n;
        this.p = p;
        this.offC = n * n;
        this.offA = offC + n;
        this.offB = offA + p * n;
        this.m = offB + p;
        this.z = new double[n + p];
        this.data = new double[m];
    }

    @Override
    public int dimension() {
        return n + p;
    }

    @Override
    public int parameterDimension() {
        return m;
    }

    /** out ← F(z, θ) reading the data from {@code t}. */
    static void residual(int n, int p, double[] zz, double[] t, double[] out) {
        int offC = n * n;
        int offA = offC + n;
        int offB = offA + p * n;
        // F₁ = Qx + c + Aᵀν
        System.arraycopy(t, offC, out, 0, n);
        if (n > 0) {
            M.gemv(n, n, 1, t, 0, n, zz, 0, 1, out, 0);
            if (p > 0) {
                for (int k = 0; k < p; k++) {
                    double nuk = zz[n + k];
                    int row = offA + k * n;
                    for (int j = 0; j < n; j++) {
                        out[j] += nuk * t[row + j];
                    }
                }
            }
        }
        // F₂ = Ax − b
        for (int k = 0; k < p; k++) {
            double s = -t[offB + k];
            int row = offA + k * n;
            for (int j = 0; j < n; j++) {
                s += t[row + j] * zz[j];
            }
            out[n + k] = s;
        }
    }

    @Override
    public void evaluate(double[] zz, double[] theta, double[] out) {
        residual(n, p, zz, theta, out);
    }

    @Override
    public void linearize(double[] zz, double[] theta) {
        System.arraycopy(zz, 0, z, 0, n + p);
        System.arraycopy(theta, 0, data, 0, m);
    }

    @Override
    public void jvpX(double[] v, double[] out) {
        // out₁ = Q vₓ + Aᵀ v_ν, out₂ = A vₓ
        if (n > 0) {
            M.gemv(n, n, 1, data, 0, n, v, 0, 0, out, 0);
            if (p > 0) {
                M.gemvT(p, n, 1, data, offA, n, v, n, 1, out, 0);
                M.gemv(p, n, 1, data, offA, n, v, 0, 0, out, n);
            }
        } else {
            java.util.Arrays.fill(out, 0);
        }
    }

    @Override
    public void vjpX(double[] w, double[] out) {
        // out₁ = Qᵀ w₁ + Aᵀ w₂, out₂ = A w₁
        if (n > 0) {
            M.gemvT(n, n, 1, data, 0, n, w, 0, 0, out, 0);
            if (p > 0) {
                M.gemvT(p, n, 1, data, offA, n, w, n, 1, out, 0);
                M.gemv(p, n, 1, data, offA, n, w, 0, 0, out, n);
            }
        } else {
            java.util.Arrays.fill(out, 0);
        }
    }

    @Override
    public void jvpTheta(double[] u, double[] out) {
        // out₁ = dQ x + dc + dAᵀν, out₂ = dA x − db
        System.arraycopy(u, offC, out, 0, n);
        if (n > 0) {
            M.gemv(n, n, 1, u, 0, n, z, 0, 1, out, 0);
            if (p > 0) {
                M.gemvT(p, n, 1, u, offA, n, z, n, 1, out, 0);
                M.gemv(p, n, 1, u, offA, n, z, 0, 0, out, n);
            }
        }
        for (int k = 0; k < p; k++) {
            out[n + k] = (n > 0 ? out[n + k] : 0) - u[offB + k];
        }
    }

    @Override
    public void vjpTheta(double[] w, double[] out) {
        // Q̄ = w₁xᵀ, c̄ = w₁, Ā = νw₁ᵀ + w₂xᵀ, b̄ = −w₂
        for (int i = 0; i < n; i++) {
            double wi = w[i];
            int row = i * n;
            for (int j = 0; j < n; j++) {
                out[row + j] = wi * z[j];
            }
        }
        System.arraycopy(w, 0, out, offC, n);
        for (int k = 0; k < p; k++) {
            double nuk = z[n + k];
            double w2 = w[n + k];
            int row = offA + k * n;
            for (int j = 0; j < n; j++) {
                out[row + j] = nuk * w[j] + w2 * z[j];
            }
            out[offB + k] = -w2;
        }
    }

    @Override
    public Structure structureX() {
        return Structure.SYMMETRIC;
    }

    @Override
    public EqualityQpCondition fork() {
        return new EqualityQpCondition(n, p);
    }

    @Override
    public int blockSize() {
        return n + p;
    }

    @Override
    public void blockIndices(int[] out) {
        for (int i = 0; i < n + p; i++) {
            out[i] = i;
        }
    }

    @Override
    public void blockMatrix(double[] out) {
        kktMatrix(n, p, data, out);
    }

    /** The (n+p)² KKT matrix [[Q, Aᵀ], [A, 0]] of the data in {@code t}. */
    static void kktMatrix(int n, int p, double[] t, double[] out) {
        int size = n + p;
        int offA = n * n + n;
        java.util.Arrays.fill(out, 0, size * size, 0);
        for (int i = 0; i < n; i++) {
            System.arraycopy(t, i * n, out, i * size, n);
        }
        for (int k = 0; k < p; k++) {
            int row = offA + k * n;
            System.arraycopy(t, row, out, (n + k) * size, n);
            for (int j = 0; j < n; j++) {
                out[j * size + n + k] = t[row + j];
            }
        }
    }
}
