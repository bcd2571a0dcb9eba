package org.rootgrad.solvers.constrained;

import org.rootgrad.implicit.RootFunction;
import org.rootgrad.implicit.linear.Structure;

/**
 * The QP's full KKT conditions with complementary slackness in product form, z = (x, y):
 * <pre>
 *   F₁ = Px + q + Aᵀy
 *   F₂ᵢ = yᵢ·((Ax)ᵢ − bᵢ)      (bᵢ: the bound of the active side, or the nearer finite bound)
 *   F₂ᵢ = yᵢ                   (rows with no finite bound)
 * </pre>
 * The side is read at the linearisation point (the dual's sign picks which of l ≤ Ax ≤ u is
 * complementary to y). ∂zF = [[P, Aᵀ], [diag(y)A, diag(Ax − b)]]: not symmetric (GMRES), and of
 * full size n + k: the system the active-set form reduces. Per thread.
 */
final class QpComplementarityCondition implements RootFunction, DenseKktBlock {
    private final QpLayout layout;
    private final int n;
    private final int k;
    private final double[] z;
    private final double[] data;
    /** +1/−1: the bound bᵢ = uᵢ/lᵢ; 0: no finite bound (F₂ᵢ = yᵢ). */
    private final int[] side;
    /** (Ax)ᵢ − bᵢ at the linearisation point (1 for rows without a bound). */
    private final double[] slack;
    private final double[] sk;

    QpComplementarityCondition(QpLayout layout) {
        this.layout = layout;
        this.n = layout.n;
        this.k = layout.k;
        this.z = new double[n + k];
        this.data = new double[layout.size];
        this.side = new int[k];
        this.slack = new double[k];
        this.sk = new double[k];
    }

    @Override
    public int dimension() {
        return n + k;
    }

    @Override
    public int parameterDimension() {
        return layout.size;
    }

    private static int chooseSide(double s, double y, double lower, double upper) {
        int active = QpLayout.side(s, y, lower, upper);
        if (active != 0) {
            return active;
        }
        boolean hasLower = lower != Double.NEGATIVE_INFINITY;
        boolean hasUpper = upper != Double.POSITIVE_INFINITY;
        if (!hasLower && !hasUpper) {
            return 0;
        }
        if (!hasLower) {
            return 1;
        }
        if (!hasUpper) {
            return -1;
        }
        return upper - s <= s - lower ? 1 : -1;
    }

    @Override
    public void evaluate(double[] zz, double[] theta, double[] out) {
        layout.multiplyA(theta, zz, 0, sk, 0);
        for (int i = 0; i < k; i++) {
            double y = zz[n + i];
            int s = chooseSide(sk[i], y, theta[layout.offL + i], theta[layout.offU + i]);
            out[n + i] = s == 0 ? y : y * (sk[i] - layout.bound(theta, i, s));
        }
        System.arraycopy(theta, layout.offQ, out, 0, n);
        layout.multiplyP(theta, zz, 0, 1, out, 0);
        if (k > 0 && n > 0) {
            QpLayout.M.gemvT(k, n, 1, theta, layout.offA, n, zz, n, 1, out, 0);
        }
    }

    @Override
    public void linearize(double[] zz, double[] theta) {
        System.arraycopy(zz, 0, z, 0, n + k);
        System.arraycopy(theta, 0, data, 0, layout.size);
        layout.multiplyA(data, z, 0, sk, 0);
        for (int i = 0; i < k; i++) {
            side[i] = chooseSide(sk[i], z[n + i], data[layout.offL + i], data[layout.offU + i]);
            slack[i] = side[i] == 0 ? 1 : sk[i] - layout.bound(data, i, side[i]);
        }
    }

    @Override
    public void jvpX(double[] v, double[] out) {
        // out₁ = P vₓ + Aᵀv_y; out₂ᵢ = yᵢ(A vₓ)ᵢ + slackᵢ v_yᵢ
        layout.multiplyP(data, v, 0, 0, out, 0);
        if (k > 0 && n > 0) {
            QpLayout.M.gemvT(k, n, 1, data, layout.offA, n, v, n, 1, out, 0);
        }
        layout.multiplyA(data, v, 0, sk, 0);
        for (int i = 0; i < k; i++) {
            out[n + i] = (side[i] == 0 ? 0 : z[n + i] * sk[i]) + slack[i] * v[n + i];
        }
    }

    @Override
    public void vjpX(double[] w, double[] out) {
        // outₓ = Pᵀw₁ + Aᵀ(y∘w₂); out_y = A w₁ + slack∘w₂
        for (int i = 0; i < k; i++) {
            sk[i] = side[i] == 0 ? 0 : z[n + i] * w[n + i];
        }
        if (n > 0) {
            QpLayout.M.gemvT(n, n, 1, data, 0, n, w, 0, 0, out, 0);
        }
        if (k > 0) {
            layout.multiplyATranspose(data, sk, 0, 1, out, 0);
        }
        layout.multiplyA(data, w, 0, out, n);
        for (int i = 0; i < k; i++) {
            out[n + i] += slack[i] * w[n + i];
        }
    }

    @Override
    public void jvpTheta(double[] u, double[] out) {
        // out₁ = dP x + dq + dAᵀy; out₂ᵢ = yᵢ((dA x)ᵢ − ḃᵢ)
        System.arraycopy(u, layout.offQ, out, 0, n);
        layout.multiplyP(u, z, 0, 1, out, 0);
        if (k > 0 && n > 0) {
            QpLayout.M.gemvT(k, n, 1, u, layout.offA, n, z, n, 1, out, 0);
        }
        layout.multiplyA(u, z, 0, sk, 0);
        for (int i = 0; i < k; i++) {
            out[n + i] = side[i] == 0 ? 0 : z[n + i] * (sk[i] - layout.bound(u, i, side[i]));
        }
    }

    @Override
    public void vjpTheta(double[] w, double[] out) {
        // P̄ = w₁xᵀ, q̄ = w₁, Ā = y w₁ᵀ + (y∘w₂) xᵀ, b̄ᵢ = −yᵢw₂ᵢ
        java.util.Arrays.fill(out, 0);
        for (int i = 0; i < n; i++) {
            double wi = w[i];
            int row = i * n;
            for (int j = 0; j < n; j++) {
                out[row + j] = wi * z[j];
            }
        }
        System.arraycopy(w, 0, out, layout.offQ, n);
        for (int i = 0; i < k; i++) {
            double y = z[n + i];
            double yw = side[i] == 0 ? 0 : y * w[n + i];
            int row = layout.offA + i * n;
            for (int j = 0; j < n; j++) {
                out[row + j] = y * w[j] + yw * z[j];
            }
            if (side[i] != 0) {
                out[(side[i] < 0 ? layout.offL : layout.offU) + i] = -yw;
            }
        }
    }

    @Override
    public Structure structureX() {
        return Structure.GENERAL;
    }

    @Override
    public QpComplementarityCondition fork() {
        return new QpComplementarityCondition(layout);
    }

    @Override
    public int blockSize() {
        return n + k;
    }

    @Override
    public void blockIndices(int[] out) {
        for (int i = 0; i < n + k; i++) {
            out[i] = i;
        }
    }

    @Override
    public void blockMatrix(double[] out) {
        int s = n + k;
        java.util.Arrays.fill(out, 0, s * s, 0);
        for (int i = 0; i < n; i++) {
            System.arraycopy(data, i * n, out, i * s, n);
        }
        for (int i = 0; i < k; i++) {
            int row = layout.offA + i * n;
            double y = side[i] == 0 ? 0 : z[n + i];
            for (int j = 0; j < n; j++) {
                out[j * s + n + i] = data[row + j];
                out[(n + i) * s + j] = y * data[row + j];
            }
            out[(n + i) * s + n + i] = slack[i];
        }
    }
}
