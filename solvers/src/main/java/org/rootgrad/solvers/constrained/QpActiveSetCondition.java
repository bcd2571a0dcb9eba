package org.rootgrad.solvers.constrained;

import org.rootgrad.implicit.RootFunction;
import org.rootgrad.implicit.linear.Structure;

/**
 * The QP's KKT conditions on the active set of the linearisation point, z = (x, y):
 * <pre>
 *   F₁ = Px + q + Σ_{i active} Aᵢᵀyᵢ
 *   F₂ᵢ = (Ax)ᵢ − bᵢ(θ)      (i active; bᵢ = lᵢ or uᵢ by the side)
 *   F₂ᵢ = yᵢ                 (i inactive)
 * </pre>
 * ∂zF = [[P, A_actᵀ], [A_act, 0]] on (x, y_act) and the identity on the inactive duals:
 * symmetric indefinite (MINRES), and a direct solve factors only the n + |active| block. Same
 * roots and implicit derivatives as the complementarity form under strict complementarity.
 * Per thread.
 */
final class QpActiveSetCondition implements RootFunction, DenseKktBlock {
    private final QpLayout layout;
    private final int n;
    private final int k;
    private final double[] z;
    private final double[] data;
    private final int[] side;
    private final int[] activeRows;
    private int activeCount;
    private final double[] sk;
    private final double[] sk2;

    QpActiveSetCondition(QpLayout layout) {
        this.layout = layout;
        this.n = layout.n;
        this.k = layout.k;
        this.z = new double[n + k];
        this.data = new double[layout.size];
        this.side = new int[k];
        this.activeRows = new int[k];
        this.sk = new double[k];
        this.sk2 = new double[k];
    }

    @Override
    public int dimension() {
        return n + k;
    }

    @Override
    public int parameterDimension() {
        return layout.size;
    }

    int activeCount() {
        return activeCount;
    }

    @Override
    public void evaluate(double[] zz, double[] theta, double[] out) {
        layout.multiplyA(theta, zz, 0, sk, 0);
        for (int i = 0; i < k; i++) {
            double y = zz[n + i];
            int s = QpLayout.side(sk[i], y, theta[layout.offL + i], theta[layout.offU + i]);
            sk2[i] = s != 0 ? y : 0;
            out[n + i] = s != 0 ? sk[i] - layout.bound(theta, i, s) : y;
        }
        System.arraycopy(theta, layout.offQ, out, 0, n);
        layout.multiplyP(theta, zz, 0, 1, out, 0);
        if (k > 0 && n > 0) {
            QpLayout.M.gemvT(k, n, 1, theta, layout.offA, n, sk2, 0, 1, out, 0);
        }
    }

    @Override
    public void linearize(double[] zz, double[] theta) {
        System.arraycopy(zz, 0, z, 0, n + k);
        System.arraycopy(theta, 0, data, 0, layout.size);
        layout.multiplyA(data, z, 0, sk, 0);
        activeCount = 0;
        for (int i = 0; i < k; i++) {
            side[i] = QpLayout.side(sk[i], z[n + i], data[layout.offL + i], data[layout.offU + i]);
            if (side[i] != 0) {
                activeRows[activeCount++] = i;
            }
        }
    }

    @Override
    public void jvpX(double[] v, double[] out) {
        for (int i = 0; i < k; i++) {
            sk[i] = side[i] != 0 ? v[n + i] : 0;
        }
        layout.multiplyP(data, v, 0, 0, out, 0);
        if (k > 0) {
            layout.multiplyATranspose(data, sk, 0, 1, out, 0);
        }
        layout.multiplyA(data, v, 0, out, n);
        for (int i = 0; i < k; i++) {
            if (side[i] == 0) {
                out[n + i] = v[n + i];
            }
        }
    }

    @Override
    public void vjpX(double[] w, double[] out) {
        for (int i = 0; i < k; i++) {
            sk[i] = side[i] != 0 ? w[n + i] : 0;
        }
        if (n > 0) {
            QpLayout.M.gemvT(n, n, 1, data, 0, n, w, 0, 0, out, 0); // Pᵀw₁
        }
        if (k > 0) {
            layout.multiplyATranspose(data, sk, 0, 1, out, 0);
        }
        layout.multiplyA(data, w, 0, out, n);
        for (int i = 0; i < k; i++) {
            if (side[i] == 0) {
                out[n + i] = w[n + i];
            }
        }
    }

    @Override
    public void jvpTheta(double[] u, double[] out) {
        // out₁ = dP x + dq + Σ_act dAᵢᵀyᵢ; out₂ᵢ = dAᵢx − ḃᵢ (active), 0 (inactive)
        for (int i = 0; i < k; i++) {
            sk[i] = side[i] != 0 ? z[n + i] : 0;
        }
        System.arraycopy(u, layout.offQ, out, 0, n);
        layout.multiplyP(u, z, 0, 1, out, 0);
        if (k > 0 && n > 0) {
            QpLayout.M.gemvT(k, n, 1, u, layout.offA, n, sk, 0, 1, out, 0);
        }
        layout.multiplyA(u, z, 0, out, n);
        for (int i = 0; i < k; i++) {
            out[n + i] = side[i] != 0 ? out[n + i] - layout.bound(u, i, side[i]) : 0;
        }
    }

    @Override
    public void vjpTheta(double[] w, double[] out) {
        // P̄ = w₁xᵀ, q̄ = w₁, Āᵢ = yᵢw₁ᵀ + w₂ᵢxᵀ (active), b̄ᵢ = −w₂ᵢ
        java.util.Arrays.fill(out, 0);
        for (int i = 0; i < n; i++) {
            double wi = w[i];
            int row = i * n;
            for (int j = 0; j < n; j++) {
                out[row + j] = wi * z[j];
            }
        }
        System.arraycopy(w, 0, out, layout.offQ, n);
        for (int a = 0; a < activeCount; a++) {
            int i = activeRows[a];
            double y = z[n + i];
            double w2 = w[n + i];
            int row = layout.offA + i * n;
            for (int j = 0; j < n; j++) {
                out[row + j] = y * w[j] + w2 * z[j];
            }
            out[(side[i] < 0 ? layout.offL : layout.offU) + i] = -w2;
        }
    }

    @Override
    public Structure structureX() {
        return Structure.SYMMETRIC;
    }

    @Override
    public QpActiveSetCondition fork() {
        return new QpActiveSetCondition(layout);
    }

    @Override
    public int blockSize() {
        return n + activeCount;
    }

    @Override
    public void blockIndices(int[] out) {
        for (int i = 0; i < n; i++) {
            out[i] = i;
        }
        for (int a = 0; a < activeCount; a++) {
            out[n + a] = n + activeRows[a];
        }
    }

    @Override
    public void blockMatrix(double[] out) {
        int s = n + activeCount;
        java.util.Arrays.fill(out, 0, s * s, 0);
        for (int i = 0; i < n; i++) {
            System.arraycopy(data, i * n, out, i * s, n);
        }
        for (int a = 0; a < activeCount; a++) {
            int row = layout.offA + activeRows[a] * n;
            System.arraycopy(data, row, out, (n + a) * s, n);
            for (int j = 0; j < n; j++) {
                out[j * s + n + a] = data[row + j];
            }
        }
    }
}
