package org.rootgrad.autodiff;

import org.rootgrad.engine.ArrayKernels;

/**
 * Rules of the reductions (sum, mean, dot, squared norm, logSumExp) and of softmax. Notation as
 * in {@link ElementwiseRules}.
 */
final class ReductionRules {
    private ReductionRules() {}

    private static final ArrayKernels K = ArrayKernels.active();

    static void value(Function f, Workspace w, int i) {
        int x = f.args[f.argStart[i]];
        int n = f.size[x];
        double[] xv = w.val[x];
        int xo = f.offset[x];
        double[] z = w.values;
        int zo = f.offset[i];
        switch (f.op[i]) {
            case Op.SUM -> z[zo] = K.sum(n, xv, xo);
            case Op.MEAN -> z[zo] = K.sum(n, xv, xo) / n;
            case Op.DOT -> {
                int y = f.args[f.argStart[i] + 1];
                z[zo] = K.dot(n, xv, xo, w.val[y], f.offset[y]);
            }
            case Op.SQUARED_NORM -> z[zo] = K.dot(n, xv, xo, xv, xo);
            case Op.LOG_SUM_EXP -> {
                double lse = K.logSumExp(n, xv, xo);
                z[zo] = lse;
                expShifted(n, xv, xo, lse, w.scratch, f.scratchOffset[i]); // π = softmax(x)
            }
            case Op.SOFTMAX -> expShifted(n, xv, xo, K.logSumExp(n, xv, xo), z, zo);
            default -> throw new AssertionError(f.op[i]);
        }
    }

    /** out ← exp(x − shift). */
    private static void expShifted(int n, double[] x, int xo, double shift, double[] out, int oo) {
        for (int k = 0; k < n; k++) {
            out[oo + k] = x[xo + k] - shift;
        }
        K.exp(n, out, oo, out, oo);
    }

    static void tangent(Function f, Workspace w, int i) {
        int x = f.args[f.argStart[i]];
        int n = f.size[x];
        double[] t = w.tangents;
        int xo = f.offset[x];
        int zo = f.offset[i];
        boolean tx = w.tanMask[x];
        switch (f.op[i]) {
            case Op.SUM -> t[zo] = K.sum(n, t, xo);
            case Op.MEAN -> t[zo] = K.sum(n, t, xo) / n;
            case Op.DOT -> {
                int y = f.args[f.argStart[i] + 1];
                int yo = f.offset[y];
                double s = 0;
                if (tx) {
                    s += K.dot(n, t, xo, w.val[y], yo);
                }
                if (w.tanMask[y]) {
                    s += K.dot(n, w.val[x], xo, t, yo);
                }
                t[zo] = s;
            }
            case Op.SQUARED_NORM -> t[zo] = 2 * K.dot(n, w.val[x], xo, t, xo);
            case Op.LOG_SUM_EXP -> t[zo] = K.dot(n, w.scratch, f.scratchOffset[i], t, xo);
            case Op.SOFTMAX -> {
                // ż = π∘(ẋ − π·ẋ)
                double[] z = w.values;
                double s = K.dot(n, z, zo, t, xo);
                for (int k = 0; k < n; k++) {
                    t[zo + k] = z[zo + k] * (t[xo + k] - s);
                }
            }
            default -> throw new AssertionError(f.op[i]);
        }
    }

    static void reverse(Function f, Workspace w, int i, boolean second) {
        int x = f.args[f.argStart[i]];
        int n = f.size[x];
        int xo = f.offset[x];
        int zo = f.offset[i];
        boolean ax = w.adjMask[x];
        double[] a = w.adjoints;
        double[] d = second ? w.adjointTangents : a;
        double[] t = w.tangents;
        boolean tx = second && w.tanMask[x];
        switch (f.op[i]) {
            case Op.SUM, Op.MEAN -> {
                if (ax) {
                    double g = f.op[i] == Op.SUM ? d[zo] : d[zo] / n;
                    for (int k = 0; k < n; k++) {
                        d[xo + k] += g;
                    }
                }
            }
            case Op.DOT -> {
                int y = f.args[f.argStart[i] + 1];
                int yo = f.offset[y];
                double[] xv = w.val[x];
                double[] yv = w.val[y];
                if (ax) {
                    K.axpy(n, d[zo], yv, yo, d, xo);
                    if (second && w.tanMask[y]) {
                        K.axpy(n, a[zo], t, yo, d, xo);
                    }
                }
                if (w.adjMask[y]) {
                    K.axpy(n, d[zo], xv, xo, d, yo);
                    if (tx) {
                        K.axpy(n, a[zo], t, xo, d, yo);
                    }
                }
            }
            case Op.SQUARED_NORM -> {
                if (ax) {
                    K.axpy(n, 2 * d[zo], w.val[x], xo, d, xo);
                    if (tx) {
                        K.axpy(n, 2 * a[zo], t, xo, d, xo);
                    }
                }
            }
            case Op.LOG_SUM_EXP -> {
                if (ax) {
                    double[] pi = w.scratch;
                    int po = f.scratchOffset[i];
                    K.axpy(n, d[zo], pi, po, d, xo);
                    if (tx) {
                        // Dx += Az·(π∘ẋ − π(π·ẋ)), the softmax Jacobian applied to ẋ
                        double az = a[zo];
                        double s = K.dot(n, pi, po, t, xo);
                        for (int k = 0; k < n; k++) {
                            d[xo + k] += az * pi[po + k] * (t[xo + k] - s);
                        }
                    }
                }
            }
            case Op.SOFTMAX -> {
                if (ax) {
                    softmaxReverse(w, n, xo, zo, second, tx);
                }
            }
            default -> throw new AssertionError(f.op[i]);
        }
    }

    /**
     * z = softmax(x), J = diag(z) − zzᵀ (symmetric): Ax += J·Az. Second order:
     * Dx += J·Dz + J̇·Az with J̇·Az = ż∘Az − ż(z·Az) − z(ż·Az) and ż = z∘(ẋ − z·ẋ).
     */
    private static void softmaxReverse(Workspace w, int n, int xo, int zo, boolean second, boolean tx) {
        double[] z = w.values;
        double[] a = w.adjoints;
        double[] d = second ? w.adjointTangents : a;
        double sd = K.dot(n, z, zo, d, zo);
        for (int k = 0; k < n; k++) {
            d[xo + k] += z[zo + k] * (d[zo + k] - sd);
        }
        if (!tx) {
            return;
        }
        double[] t = w.tangents;
        double s1 = K.dot(n, z, zo, t, xo);
        double sa = K.dot(n, z, zo, a, zo);
        double s3 = 0;
        for (int k = 0; k < n; k++) {
            s3 += z[zo + k] * (t[xo + k] - s1) * a[zo + k];
        }
        for (int k = 0; k < n; k++) {
            double zdot = z[zo + k] * (t[xo + k] - s1);
            d[xo + k] += zdot * (a[zo + k] - sa) - z[zo + k] * s3;
        }
    }
}
