package org.rootgrad.autodiff;

import org.rootgrad.engine.ArrayKernels;
import org.rootgrad.engine.MatrixKernels;

/**
 * Rules of matvec, transposed matvec, matmul, outer, transpose and concat, each a BLAS call on
 * the whole tensor. The bilinear ops share one pattern: with z = B(a, b),
 * ż = B(ȧ, b) + B(a, ḃ); Aa += ∂ᵀ(Az, b); second order Da += ∂ᵀ(Dz, b) + ∂ᵀ(Az, ḃ).
 */
final class LinearAlgebraRules {
    private LinearAlgebraRules() {}

    private static final ArrayKernels K = ArrayKernels.active();
    private static final MatrixKernels M = MatrixKernels.active();

    // ---- z = A·x (A m×n) and z = Aᵀ·x ------------------------------------------------------------

    static void matvecValue(Function f, Workspace w, int i) {
        int a = f.args[f.argStart[i]];
        int x = f.args[f.argStart[i] + 1];
        int m = f.rows[a];
        int n = f.cols[a];
        if (f.op[i] == Op.MATVEC) {
            M.gemv(m, n, 1, w.val[a], f.offset[a], n, w.val[x], f.offset[x], 0, w.values, f.offset[i]);
        } else {
            M.gemvT(m, n, 1, w.val[a], f.offset[a], n, w.val[x], f.offset[x], 0, w.values, f.offset[i]);
        }
    }

    static void matvecTangent(Function f, Workspace w, int i) {
        int a = f.args[f.argStart[i]];
        int x = f.args[f.argStart[i] + 1];
        int m = f.rows[a];
        int n = f.cols[a];
        boolean transposed = f.op[i] == Op.MATVEC_T;
        double[] t = w.tangents;
        int ao = f.offset[a];
        int xo = f.offset[x];
        int zo = f.offset[i];
        double beta = 0;
        if (w.tanMask[a]) {
            gemv(transposed, m, n, t, ao, w.val[x], xo, beta, t, zo);
            beta = 1;
        }
        if (w.tanMask[x]) {
            gemv(transposed, m, n, w.val[a], ao, t, xo, beta, t, zo);
            beta = 1;
        }
        if (beta == 0) {
            K.fill(f.size[i], 0, t, zo);
        }
    }

    static void matvecReverse(Function f, Workspace w, int i, boolean second) {
        int a = f.args[f.argStart[i]];
        int x = f.args[f.argStart[i] + 1];
        int m = f.rows[a];
        int n = f.cols[a];
        boolean transposed = f.op[i] == Op.MATVEC_T;
        double[] adj = w.adjoints;
        double[] d = second ? w.adjointTangents : adj;
        double[] t = w.tangents;
        double[] av = w.val[a];
        double[] xv = w.val[x];
        int ao = f.offset[a];
        int xo = f.offset[x];
        int zo = f.offset[i];
        if (w.adjMask[x]) {
            // z = A x: Ax += Aᵀ Az;  z = Aᵀ x: Ax += A Az
            gemv(!transposed, m, n, av, ao, d, zo, 1, d, xo);
            if (second && w.tanMask[a]) {
                gemv(!transposed, m, n, t, ao, adj, zo, 1, d, xo);
            }
        }
        if (w.adjMask[a]) {
            // z = A x: AA += Az xᵀ;  z = Aᵀ x: AA += x Azᵀ
            outerAdd(transposed, m, n, d, zo, xv, xo, d, ao);
            if (second && w.tanMask[x]) {
                outerAdd(transposed, m, n, adj, zo, t, xo, d, ao);
            }
        }
    }

    /** y ← op(A)·x + βy with A m×n and op = identity or transpose. */
    private static void gemv(boolean transposed, int m, int n, double[] a, int ao, double[] x, int xo,
                             double beta, double[] y, int yo) {
        if (transposed) {
            M.gemvT(m, n, 1, a, ao, n, x, xo, beta, y, yo);
        } else {
            M.gemv(m, n, 1, a, ao, n, x, xo, beta, y, yo);
        }
    }

    /** A (m×n) += z·xᵀ (z has m elements), or, transposed, A += x·zᵀ (x has m, z has n). */
    private static void outerAdd(boolean transposed, int m, int n, double[] z, int zo, double[] x,
                                 int xo, double[] a, int ao) {
        if (transposed) {
            M.ger(m, n, 1, x, xo, z, zo, a, ao, n);
        } else {
            M.ger(m, n, 1, z, zo, x, xo, a, ao, n);
        }
    }

    // ---- C = A·B (A m×k, B k×n) ---------------------------------------------------------------------

    static void matmulValue(Function f, Workspace w, int i) {
        int a = f.args[f.argStart[i]];
        int b = f.args[f.argStart[i] + 1];
        int m = f.rows[a];
        int k = f.cols[a];
        int n = f.cols[b];
        M.gemm(false, false, m, n, k, 1, w.val[a], f.offset[a], k, w.val[b], f.offset[b], n,
                0, w.values, f.offset[i], n);
    }

    static void matmulTangent(Function f, Workspace w, int i) {
        int a = f.args[f.argStart[i]];
        int b = f.args[f.argStart[i] + 1];
        int m = f.rows[a];
        int k = f.cols[a];
        int n = f.cols[b];
        double[] t = w.tangents;
        int ao = f.offset[a];
        int bo = f.offset[b];
        int co = f.offset[i];
        double beta = 0;
        if (w.tanMask[a]) {
            M.gemm(false, false, m, n, k, 1, t, ao, k, w.val[b], bo, n, beta, t, co, n);
            beta = 1;
        }
        if (w.tanMask[b]) {
            M.gemm(false, false, m, n, k, 1, w.val[a], ao, k, t, bo, n, beta, t, co, n);
            beta = 1;
        }
        if (beta == 0) {
            K.fill(f.size[i], 0, t, co);
        }
    }

    static void matmulReverse(Function f, Workspace w, int i, boolean second) {
        int a = f.args[f.argStart[i]];
        int b = f.args[f.argStart[i] + 1];
        int m = f.rows[a];
        int k = f.cols[a];
        int n = f.cols[b];
        double[] adj = w.adjoints;
        double[] d = second ? w.adjointTangents : adj;
        double[] t = w.tangents;
        int ao = f.offset[a];
        int bo = f.offset[b];
        int co = f.offset[i];
        if (w.adjMask[a]) {
            // AA += AC Bᵀ (m×k); second order adds AC Ḃᵀ
            M.gemm(false, true, m, k, n, 1, d, co, n, w.val[b], bo, n, 1, d, ao, k);
            if (second && w.tanMask[b]) {
                M.gemm(false, true, m, k, n, 1, adj, co, n, t, bo, n, 1, d, ao, k);
            }
        }
        if (w.adjMask[b]) {
            // AB += Aᵀ AC (k×n); second order adds Ȧᵀ AC
            M.gemm(true, false, k, n, m, 1, w.val[a], ao, k, d, co, n, 1, d, bo, n);
            if (second && w.tanMask[a]) {
                M.gemm(true, false, k, n, m, 1, t, ao, k, adj, co, n, 1, d, bo, n);
            }
        }
    }

    // ---- Z = x·yᵀ (x m, y n) ---------------------------------------------------------------------

    static void outerValue(Function f, Workspace w, int i) {
        int x = f.args[f.argStart[i]];
        int y = f.args[f.argStart[i] + 1];
        int m = f.size[x];
        int n = f.size[y];
        K.fill(m * n, 0, w.values, f.offset[i]);
        M.ger(m, n, 1, w.val[x], f.offset[x], w.val[y], f.offset[y], w.values, f.offset[i], n);
    }

    static void outerTangent(Function f, Workspace w, int i) {
        int x = f.args[f.argStart[i]];
        int y = f.args[f.argStart[i] + 1];
        int m = f.size[x];
        int n = f.size[y];
        double[] t = w.tangents;
        int zo = f.offset[i];
        K.fill(m * n, 0, t, zo);
        if (w.tanMask[x]) {
            M.ger(m, n, 1, t, f.offset[x], w.val[y], f.offset[y], t, zo, n);
        }
        if (w.tanMask[y]) {
            M.ger(m, n, 1, w.val[x], f.offset[x], t, f.offset[y], t, zo, n);
        }
    }

    static void outerReverse(Function f, Workspace w, int i, boolean second) {
        int x = f.args[f.argStart[i]];
        int y = f.args[f.argStart[i] + 1];
        int m = f.size[x];
        int n = f.size[y];
        double[] adj = w.adjoints;
        double[] d = second ? w.adjointTangents : adj;
        double[] t = w.tangents;
        int xo = f.offset[x];
        int yo = f.offset[y];
        int zo = f.offset[i];
        if (w.adjMask[x]) {
            M.gemv(m, n, 1, d, zo, n, w.val[y], yo, 1, d, xo);
            if (second && w.tanMask[y]) {
                M.gemv(m, n, 1, adj, zo, n, t, yo, 1, d, xo);
            }
        }
        if (w.adjMask[y]) {
            M.gemvT(m, n, 1, d, zo, n, w.val[x], xo, 1, d, yo);
            if (second && w.tanMask[x]) {
                M.gemvT(m, n, 1, adj, zo, n, t, xo, 1, d, yo);
            }
        }
    }

    // ---- transpose and concat: linear copies --------------------------------------------------------

    static void transposeValue(Function f, Workspace w, int i) {
        int a = f.args[f.argStart[i]];
        transposeCopy(f.rows[a], f.cols[a], w.val[a], f.offset[a], w.values, f.offset[i]);
    }

    static void transposeTangent(Function f, Workspace w, int i) {
        int a = f.args[f.argStart[i]];
        transposeCopy(f.rows[a], f.cols[a], w.tangents, f.offset[a], w.tangents, f.offset[i]);
    }

    static void transposeReverse(Function f, Workspace w, int i, boolean second) {
        int a = f.args[f.argStart[i]];
        if (!w.adjMask[a]) {
            return;
        }
        double[] d = second ? w.adjointTangents : w.adjoints;
        int m = f.rows[a];
        int n = f.cols[a];
        int ao = f.offset[a];
        int zo = f.offset[i];
        for (int r = 0; r < m; r++) {
            for (int c = 0; c < n; c++) {
                d[ao + r * n + c] += d[zo + c * m + r];
            }
        }
    }

    /** out (n×m) ← aᵀ for a m×n. */
    private static void transposeCopy(int m, int n, double[] a, int ao, double[] out, int oo) {
        for (int r = 0; r < m; r++) {
            for (int c = 0; c < n; c++) {
                out[oo + c * m + r] = a[ao + r * n + c];
            }
        }
    }

    static void concatValue(Function f, Workspace w, int i) {
        int pos = f.offset[i];
        for (int p = f.argStart[i]; p < f.argStart[i + 1]; p++) {
            int part = f.args[p];
            K.copy(f.size[part], w.val[part], f.offset[part], w.values, pos);
            pos += f.size[part];
        }
    }

    static void concatTangent(Function f, Workspace w, int i) {
        int pos = f.offset[i];
        double[] t = w.tangents;
        for (int p = f.argStart[i]; p < f.argStart[i + 1]; p++) {
            int part = f.args[p];
            if (w.tanMask[part]) {
                K.copy(f.size[part], t, f.offset[part], t, pos);
            } else {
                K.fill(f.size[part], 0, t, pos);
            }
            pos += f.size[part];
        }
    }

    static void concatReverse(Function f, Workspace w, int i, boolean second) {
        int pos = f.offset[i];
        double[] d = second ? w.adjointTangents : w.adjoints;
        for (int p = f.argStart[i]; p < f.argStart[i + 1]; p++) {
            int part = f.args[p];
            if (w.adjMask[part]) {
                K.axpy(f.size[part], 1, d, pos, d, f.offset[part]);
            }
            pos += f.size[part];
        }
    }
}
