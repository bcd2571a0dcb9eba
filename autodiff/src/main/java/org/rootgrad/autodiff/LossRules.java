package org.rootgrad.autodiff;

import org.rootgrad.engine.ArrayKernels;
import org.rootgrad.engine.LossKernels;

/**
 * Rules of the loss ops. The fused ones (X constant) compute, in the forward sweep before a
 * derivative, their value and local gradient g = ∂L/∂w in one pass over X; their reverse rule is
 * then Aw += AL·g, their tangent ṫ = g·ẇ, and their second-order rule Dw += DL·g + AL·∇²L·ẇ, one
 * more pass over X ({@link LossKernels}).
 */
final class LossRules {
    private LossRules() {}

    private static final ArrayKernels K = ArrayKernels.active();

    // ---- binary logistic on margins z with constant labels y: L = mean softplus(−y∘z) -----------

    static void logisticValue(Function f, Workspace w, int i) {
        int z = f.args[f.argStart[i]];
        int y = f.args[f.argStart[i] + 1];
        int n = f.size[z];
        double[] s = w.scratch;
        int so = f.scratchOffset[i];
        // u = −y∘z; L = mean softplus(u); keep σ(u) for the derivative rules
        K.mul(n, w.val[z], f.offset[z], w.val[y], f.offset[y], s, so);
        K.scal(n, -1, s, so);
        K.softplus(n, s, so, w.temp1, 0);
        double sum = K.sum(n, w.temp1, 0);
        K.sigmoid(n, s, so, s, so);
        w.values[f.offset[i]] = n == 0 ? 0 : sum * (1.0 / n);
    }

    static void logisticTangent(Function f, Workspace w, int i) {
        int z = f.args[f.argStart[i]];
        int y = f.args[f.argStart[i] + 1];
        int n = f.size[z];
        double[] yv = w.val[y];
        int yo = f.offset[y];
        double[] s = w.scratch;
        int so = f.scratchOffset[i];
        double[] t = w.tangents;
        int zo = f.offset[z];
        double sum = 0;
        for (int k = 0; k < n; k++) {
            sum -= yv[yo + k] * s[so + k] * t[zo + k];
        }
        t[f.offset[i]] = sum / n;
    }

    /** Az += AL·(−y∘s)/n; second order Dz += DL·(−y∘s)/n + AL·y²s(1−s)/n ∘ ż. */
    static void logisticReverse(Function f, Workspace w, int i, boolean second) {
        int z = f.args[f.argStart[i]];
        if (!w.adjMask[z]) {
            return;
        }
        int y = f.args[f.argStart[i] + 1];
        int n = f.size[z];
        double[] yv = w.val[y];
        int yo = f.offset[y];
        double[] s = w.scratch;
        int so = f.scratchOffset[i];
        double[] d = second ? w.adjointTangents : w.adjoints;
        int zo = f.offset[z];
        double g = d[f.offset[i]] / n;
        for (int k = 0; k < n; k++) {
            d[zo + k] -= g * yv[yo + k] * s[so + k];
        }
        if (second && w.tanMask[z]) {
            double[] t = w.tangents;
            double a = w.adjoints[f.offset[i]] / n;
            for (int k = 0; k < n; k++) {
                double yk = yv[yo + k];
                double sk = s[so + k];
                d[zo + k] += a * yk * yk * sk * (1 - sk) * t[zo + k];
            }
        }
    }

    // ---- softmax cross-entropy on logits Z (n×k) with integer labels ------------------------------

    private static int classes(Function f, int logits) {
        return f.shapes[logits].rank() == 2 ? f.cols[logits] : f.size[logits];
    }

    static void softmaxCeValue(Function f, Workspace w, int i) {
        int z = f.args[f.argStart[i]];
        int[] labels = (int[]) f.constants[f.iparam[i]];
        int k = classes(f, z);
        int n = labels.length;
        double[] zv = w.val[z];
        int zo = f.offset[z];
        double[] pi = w.scratch;
        int po = f.scratchOffset[i];
        double sum = 0;
        for (int r = 0; r < n; r++) {
            int row = zo + r * k;
            int prow = po + r * k;
            double lse = K.logSumExp(k, zv, row);
            for (int c = 0; c < k; c++) {
                pi[prow + c] = zv[row + c] - lse;
            }
            K.exp(k, pi, prow, pi, prow);
            sum += lse - zv[row + labels[r]];
        }
        w.values[f.offset[i]] = n == 0 ? 0 : sum * (1.0 / n);
    }

    static void softmaxCeTangent(Function f, Workspace w, int i) {
        int z = f.args[f.argStart[i]];
        int[] labels = (int[]) f.constants[f.iparam[i]];
        int k = classes(f, z);
        int n = labels.length;
        double[] t = w.tangents;
        int zo = f.offset[z];
        double sum = K.dot(n * k, w.scratch, f.scratchOffset[i], t, zo);
        for (int r = 0; r < n; r++) {
            sum -= t[zo + r * k + labels[r]];
        }
        t[f.offset[i]] = sum / n;
    }

    /** Az_r += (AL/n)(π_r − e_label); second order adds (AL/n)(π_r∘ż_r − π_r(π_r·ż_r)). */
    static void softmaxCeReverse(Function f, Workspace w, int i, boolean second) {
        int z = f.args[f.argStart[i]];
        if (!w.adjMask[z]) {
            return;
        }
        int[] labels = (int[]) f.constants[f.iparam[i]];
        int k = classes(f, z);
        int n = labels.length;
        double[] d = second ? w.adjointTangents : w.adjoints;
        double[] pi = w.scratch;
        int po = f.scratchOffset[i];
        int zo = f.offset[z];
        double g = d[f.offset[i]] / n;
        K.axpy(n * k, g, pi, po, d, zo);
        for (int r = 0; r < n; r++) {
            d[zo + r * k + labels[r]] -= g;
        }
        if (second && w.tanMask[z]) {
            double[] t = w.tangents;
            double a = w.adjoints[f.offset[i]] / n;
            for (int r = 0; r < n; r++) {
                int row = zo + r * k;
                int prow = po + r * k;
                double s = K.dot(k, pi, prow, t, row);
                for (int c = 0; c < k; c++) {
                    d[row + c] += a * pi[prow + c] * (t[row + c] - s);
                }
            }
        }
    }

    // ---- fused: logistic(X, w, y), leastSquares(X, w, b), softmaxCrossEntropy(X, W, labels) -----

    static void fusedValue(Function f, Workspace ws, int i) {
        int x = f.args[f.argStart[i]];
        int wt = f.args[f.argStart[i] + 1];
        int n = f.rows[x];
        int p = f.cols[x];
        double[] xv = ws.val[x];
        int xo = f.offset[x];
        double[] wv = ws.val[wt];
        int wo = f.offset[wt];
        double[] s = ws.scratch;
        int so = f.scratchOffset[i];
        boolean local = ws.gradientMode && f.dep[i] != 0;
        double value;
        switch (f.op[i]) {
            case Op.LOGISTIC_X -> {
                int y = f.args[f.argStart[i] + 2];
                value = local
                        ? LossKernels.logisticLossGradient(n, p, xv, xo, p, wv, wo, ws.val[y],
                                f.offset[y], s, so, s, so + p, ws.temp1, 0)
                        : LossKernels.logisticLoss(n, p, xv, xo, p, wv, wo, ws.val[y], f.offset[y],
                                ws.temp1, 0);
            }
            case Op.LEAST_SQUARES_X -> {
                int b = f.args[f.argStart[i] + 2];
                value = local
                        ? LossKernels.leastSquaresLossGradient(n, p, xv, xo, p, wv, wo, ws.val[b],
                                f.offset[b], s, so)
                        : LossKernels.leastSquaresLoss(n, p, xv, xo, p, wv, wo, ws.val[b], f.offset[b]);
            }
            case Op.SOFTMAX_CE_X -> {
                int[] labels = (int[]) f.constants[f.iparam[i]];
                int k = f.cols[wt];
                int probabilities = so + p * k;
                value = local
                        ? LossKernels.softmaxCrossEntropyGradient(n, p, k, xv, xo, p, wv, wo, labels, 0,
                                s, probabilities, s, so, ws.temp1, 0)
                        : LossKernels.softmaxCrossEntropy(n, p, k, xv, xo, p, wv, wo, labels, 0,
                                s, probabilities);
            }
            default -> throw new AssertionError(f.op[i]);
        }
        ws.values[f.offset[i]] = value;
    }

    static void fusedTangent(Function f, Workspace ws, int i) {
        int wt = f.args[f.argStart[i] + 1];
        ws.tangents[f.offset[i]] = K.dot(f.size[wt], ws.scratch, f.scratchOffset[i], ws.tangents,
                f.offset[wt]);
    }

    static void fusedReverse(Function f, Workspace ws, int i, boolean second) {
        int wt = f.args[f.argStart[i] + 1];
        if (!ws.adjMask[wt]) {
            return;
        }
        double[] d = second ? ws.adjointTangents : ws.adjoints;
        int q = f.size[wt];
        int wo = f.offset[wt];
        int so = f.scratchOffset[i];
        K.axpy(q, d[f.offset[i]], ws.scratch, so, d, wo);
        if (!second || !ws.tanMask[wt]) {
            return;
        }
        int x = f.args[f.argStart[i]];
        int n = f.rows[x];
        int p = f.cols[x];
        double[] xv = ws.val[x];
        int xo = f.offset[x];
        double a = ws.adjoints[f.offset[i]];
        double[] t = ws.tangents;
        switch (f.op[i]) {
            case Op.LOGISTIC_X -> LossKernels.weightedGramVector(n, p, a, xv, xo, p, ws.scratch, so + p,
                    t, wo, d, wo);
            case Op.LEAST_SQUARES_X -> LossKernels.gramVector(n, p, n == 0 ? 0 : a / n, xv, xo, p,
                    t, wo, d, wo);
            case Op.SOFTMAX_CE_X -> {
                int k = f.cols[wt];
                LossKernels.softmaxCrossEntropyHessianVector(n, p, k, a, xv, xo, p, ws.scratch,
                        so + p * k, t, wo, d, wo, ws.temp1, 0);
            }
            default -> throw new AssertionError(f.op[i]);
        }
    }
}
