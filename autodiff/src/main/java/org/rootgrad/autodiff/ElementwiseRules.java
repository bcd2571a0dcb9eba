package org.rootgrad.autodiff;

import org.rootgrad.engine.ArrayKernels;

/**
 * Value, tangent, reverse and second-order rules of the element-wise ops. Notation: z = op(x, y);
 * T* are tangents, A* adjoints, D* tangents of adjoints. The second-order rule of z = g(x) is
 * Dx += g'(x)·Dz + g''(x)·Tx·Az.
 */
final class ElementwiseRules {
    private ElementwiseRules() {}

    private static final ArrayKernels K = ArrayKernels.active();

    // ---- binary: z = x op y, equal sizes ----------------------------------------------------------

    static void binaryValue(Function f, Workspace w, int i) {
        int x = f.args[f.argStart[i]];
        int y = f.args[f.argStart[i] + 1];
        int n = f.size[i];
        double[] xv = w.val[x];
        double[] yv = w.val[y];
        double[] z = w.values;
        int xo = f.offset[x];
        int yo = f.offset[y];
        int zo = f.offset[i];
        switch (f.op[i]) {
            case Op.ADD -> K.add(n, xv, xo, yv, yo, z, zo);
            case Op.SUB -> K.sub(n, xv, xo, yv, yo, z, zo);
            case Op.MUL -> K.mul(n, xv, xo, yv, yo, z, zo);
            case Op.DIV -> K.div(n, xv, xo, yv, yo, z, zo);
            case Op.MAX -> {
                for (int k = 0; k < n; k++) {
                    double a = xv[xo + k];
                    double b = yv[yo + k];
                    z[zo + k] = a >= b ? a : b;
                }
            }
            case Op.MIN -> {
                for (int k = 0; k < n; k++) {
                    double a = xv[xo + k];
                    double b = yv[yo + k];
                    z[zo + k] = a <= b ? a : b;
                }
            }
            default -> throw new AssertionError(f.op[i]);
        }
    }

    static void binaryTangent(Function f, Workspace w, int i) {
        int x = f.args[f.argStart[i]];
        int y = f.args[f.argStart[i] + 1];
        int n = f.size[i];
        boolean tx = w.tanMask[x];
        boolean ty = w.tanMask[y];
        double[] t = w.tangents;
        double[] xv = w.val[x];
        double[] yv = w.val[y];
        int xo = f.offset[x];
        int yo = f.offset[y];
        int zo = f.offset[i];
        switch (f.op[i]) {
            case Op.ADD, Op.SUB -> {
                double sy = f.op[i] == Op.ADD ? 1 : -1;
                if (tx && ty) {
                    if (sy > 0) {
                        K.add(n, t, xo, t, yo, t, zo);
                    } else {
                        K.sub(n, t, xo, t, yo, t, zo);
                    }
                } else {
                    K.fill(n, 0, t, zo);
                    if (tx) {
                        K.axpy(n, 1, t, xo, t, zo);
                    }
                    if (ty) {
                        K.axpy(n, sy, t, yo, t, zo);
                    }
                }
            }
            case Op.MUL -> {
                if (tx) {
                    K.mul(n, t, xo, yv, yo, t, zo);
                } else {
                    K.fill(n, 0, t, zo);
                }
                if (ty) {
                    K.fma(n, xv, xo, t, yo, t, zo, t, zo);
                }
            }
            case Op.DIV -> {
                double[] z = w.values;
                for (int k = 0; k < n; k++) {
                    double ex = tx ? t[xo + k] : 0;
                    double ey = ty ? t[yo + k] : 0;
                    t[zo + k] = (ex - z[zo + k] * ey) / yv[yo + k];
                }
            }
            case Op.MAX, Op.MIN -> {
                boolean max = f.op[i] == Op.MAX;
                for (int k = 0; k < n; k++) {
                    double a = xv[xo + k];
                    double b = yv[yo + k];
                    boolean pickX = max ? a >= b : a <= b;
                    t[zo + k] = pickX ? (tx ? t[xo + k] : 0) : (ty ? t[yo + k] : 0);
                }
            }
            default -> throw new AssertionError(f.op[i]);
        }
    }

    /** The reverse rule (first order) when {@code second} is false; the second-order rule else. */
    static void binaryReverse(Function f, Workspace w, int i, boolean second) {
        int x = f.args[f.argStart[i]];
        int y = f.args[f.argStart[i] + 1];
        int n = f.size[i];
        boolean ax = w.adjMask[x];
        boolean ay = w.adjMask[y];
        double[] a = w.adjoints;
        double[] d = second ? w.adjointTangents : a; // the array accumulated into
        double[] t = w.tangents;
        double[] xv = w.val[x];
        double[] yv = w.val[y];
        int xo = f.offset[x];
        int yo = f.offset[y];
        int zo = f.offset[i];
        switch (f.op[i]) {
            case Op.ADD, Op.SUB -> {
                if (ax) {
                    K.axpy(n, 1, d, zo, d, xo);
                }
                if (ay) {
                    K.axpy(n, f.op[i] == Op.ADD ? 1 : -1, d, zo, d, yo);
                }
            }
            case Op.MUL -> {
                // Ax += Az∘y; second order adds Az∘Ty to Dx += Dz∘y
                if (ax) {
                    K.fma(n, d, zo, yv, yo, d, xo, d, xo);
                    if (second && w.tanMask[y]) {
                        K.fma(n, a, zo, t, yo, d, xo, d, xo);
                    }
                }
                if (ay) {
                    K.fma(n, d, zo, xv, xo, d, yo, d, yo);
                    if (second && w.tanMask[x]) {
                        K.fma(n, a, zo, t, xo, d, yo, d, yo);
                    }
                }
            }
            case Op.DIV -> divReverse(w, n, x, y, xo, yo, zo, ax, ay, second);
            case Op.MAX, Op.MIN -> {
                boolean max = f.op[i] == Op.MAX;
                for (int k = 0; k < n; k++) {
                    double u = xv[xo + k];
                    double v = yv[yo + k];
                    boolean pickX = max ? u >= v : u <= v;
                    if (pickX) {
                        if (ax) {
                            d[xo + k] += d[zo + k];
                        }
                    } else if (ay) {
                        d[yo + k] += d[zo + k];
                    }
                }
            }
            default -> throw new AssertionError(f.op[i]);
        }
    }

    /**
     * z = x/y: Ax += Az/y, Ay −= Az·z/y. Second order, with ż = (Tx − z·Ty)/y:
     * Dx += Dz/y − Az·Ty/y², Dy −= (Dz·z + Az·ż)/y − Az·z·Ty/y².
     */
    private static void divReverse(Workspace w, int n, int x, int y, int xo, int yo, int zo,
                                   boolean ax, boolean ay, boolean second) {
        double[] z = w.values;
        double[] yv = w.val[y];
        double[] a = w.adjoints;
        if (!second) {
            for (int k = 0; k < n; k++) {
                double inv = 1 / yv[yo + k];
                double az = a[zo + k];
                if (ax) {
                    a[xo + k] += az * inv;
                }
                if (ay) {
                    a[yo + k] -= az * z[zo + k] * inv;
                }
            }
            return;
        }
        double[] d = w.adjointTangents;
        double[] t = w.tangents;
        boolean tx = w.tanMask[x];
        boolean ty = w.tanMask[y];
        for (int k = 0; k < n; k++) {
            double inv = 1 / yv[yo + k];
            double zk = z[zo + k];
            double az = a[zo + k];
            double dz = d[zo + k];
            double ex = tx ? t[xo + k] : 0;
            double ey = ty ? t[yo + k] : 0;
            double zdot = (ex - zk * ey) * inv;
            if (ax) {
                d[xo + k] += dz * inv - az * ey * inv * inv;
            }
            if (ay) {
                d[yo + k] += -(dz * zk + az * zdot) * inv + az * zk * ey * inv * inv;
            }
        }
    }

    // ---- unary linear: NEG, SCALE (c = dparam), SHIFT (z = x + c) ----------------------------------

    private static double linearFactor(Function f, int i) {
        return switch (f.op[i]) {
            case Op.NEG -> -1;
            case Op.SCALE -> f.dparam[i];
            default -> 1; // SHIFT
        };
    }

    static void linearValue(Function f, Workspace w, int i) {
        int x = f.args[f.argStart[i]];
        int n = f.size[i];
        double[] xv = w.val[x];
        int xo = f.offset[x];
        double[] z = w.values;
        int zo = f.offset[i];
        if (f.op[i] == Op.SHIFT) {
            double c = f.dparam[i];
            for (int k = 0; k < n; k++) {
                z[zo + k] = xv[xo + k] + c;
            }
        } else {
            double c = linearFactor(f, i);
            for (int k = 0; k < n; k++) {
                z[zo + k] = c * xv[xo + k];
            }
        }
    }

    static void linearTangent(Function f, Workspace w, int i) {
        int x = f.args[f.argStart[i]];
        int n = f.size[i];
        double[] t = w.tangents;
        int zo = f.offset[i];
        K.copy(n, t, f.offset[x], t, zo);
        double c = linearFactor(f, i);
        if (c != 1) {
            K.scal(n, c, t, zo);
        }
    }

    static void linearReverse(Function f, Workspace w, int i, boolean second) {
        int x = f.args[f.argStart[i]];
        if (w.adjMask[x]) {
            double[] d = second ? w.adjointTangents : w.adjoints;
            K.axpy(f.size[i], linearFactor(f, i), d, f.offset[i], d, f.offset[x]);
        }
    }

    // ---- unary nonlinear: from the first and second derivatives -----------------------------------

    static void unaryValue(Function f, Workspace w, int i) {
        int x = f.args[f.argStart[i]];
        int n = f.size[i];
        double[] xv = w.val[x];
        int xo = f.offset[x];
        double[] z = w.values;
        int zo = f.offset[i];
        switch (f.op[i]) {
            case Op.POW -> {
                double c = f.dparam[i];
                for (int k = 0; k < n; k++) {
                    z[zo + k] = Math.pow(xv[xo + k], c);
                }
            }
            case Op.SQUARE -> K.mul(n, xv, xo, xv, xo, z, zo);
            case Op.SQRT -> {
                for (int k = 0; k < n; k++) {
                    z[zo + k] = Math.sqrt(xv[xo + k]);
                }
            }
            case Op.ABS -> {
                for (int k = 0; k < n; k++) {
                    z[zo + k] = Math.abs(xv[xo + k]);
                }
            }
            case Op.EXP -> K.exp(n, xv, xo, z, zo);
            case Op.LOG -> K.log(n, xv, xo, z, zo);
            case Op.LOG1P -> K.log1p(n, xv, xo, z, zo);
            case Op.EXPM1 -> {
                for (int k = 0; k < n; k++) {
                    z[zo + k] = Math.expm1(xv[xo + k]);
                }
            }
            case Op.TANH -> K.tanh(n, xv, xo, z, zo);
            case Op.SIGMOID -> K.sigmoid(n, xv, xo, z, zo);
            case Op.SOFTPLUS -> K.softplus(n, xv, xo, z, zo);
            case Op.RELU -> {
                for (int k = 0; k < n; k++) {
                    z[zo + k] = Math.max(xv[xo + k], 0.0);
                }
            }
            default -> throw new AssertionError(f.op[i]);
        }
    }

    /** out[0..n) ← g'(x) for z = g(x). */
    private static void firstDerivative(Function f, Workspace w, int i, double[] out) {
        int x = f.args[f.argStart[i]];
        int n = f.size[i];
        double[] xv = w.val[x];
        int xo = f.offset[x];
        double[] z = w.values;
        int zo = f.offset[i];
        switch (f.op[i]) {
            case Op.POW -> {
                double c = f.dparam[i];
                for (int k = 0; k < n; k++) {
                    out[k] = c == 0 ? 0 : c * Math.pow(xv[xo + k], c - 1);
                }
            }
            case Op.SQUARE -> {
                for (int k = 0; k < n; k++) {
                    out[k] = 2 * xv[xo + k];
                }
            }
            case Op.SQRT -> {
                for (int k = 0; k < n; k++) {
                    out[k] = 0.5 / z[zo + k];
                }
            }
            case Op.ABS -> {
                for (int k = 0; k < n; k++) {
                    out[k] = Math.signum(xv[xo + k]);
                }
            }
            case Op.EXP -> K.copy(n, z, zo, out, 0);
            case Op.LOG -> {
                for (int k = 0; k < n; k++) {
                    out[k] = 1 / xv[xo + k];
                }
            }
            case Op.LOG1P -> {
                for (int k = 0; k < n; k++) {
                    out[k] = 1 / (1 + xv[xo + k]);
                }
            }
            case Op.EXPM1 -> {
                for (int k = 0; k < n; k++) {
                    out[k] = z[zo + k] + 1;
                }
            }
            case Op.TANH -> {
                for (int k = 0; k < n; k++) {
                    double v = z[zo + k];
                    out[k] = 1 - v * v;
                }
            }
            case Op.SIGMOID -> {
                for (int k = 0; k < n; k++) {
                    double v = z[zo + k];
                    out[k] = v * (1 - v);
                }
            }
            case Op.SOFTPLUS -> K.sigmoid(n, xv, xo, out, 0);
            case Op.RELU -> {
                for (int k = 0; k < n; k++) {
                    out[k] = xv[xo + k] > 0 ? 1 : 0;
                }
            }
            default -> throw new AssertionError(f.op[i]);
        }
    }

    /** out[0..n) ← g''(x); false (and out untouched) when g'' is identically zero. */
    private static boolean secondDerivative(Function f, Workspace w, int i, double[] out) {
        int x = f.args[f.argStart[i]];
        int n = f.size[i];
        double[] xv = w.val[x];
        int xo = f.offset[x];
        double[] z = w.values;
        int zo = f.offset[i];
        switch (f.op[i]) {
            case Op.POW -> {
                double c = f.dparam[i];
                double cc = c * (c - 1);
                if (cc == 0) {
                    return false;
                }
                for (int k = 0; k < n; k++) {
                    out[k] = cc * Math.pow(xv[xo + k], c - 2);
                }
            }
            case Op.SQUARE -> K.fill(n, 2, out, 0);
            case Op.SQRT -> {
                for (int k = 0; k < n; k++) {
                    out[k] = -0.25 / (z[zo + k] * xv[xo + k]);
                }
            }
            case Op.ABS, Op.RELU -> {
                return false;
            }
            case Op.EXP -> K.copy(n, z, zo, out, 0);
            case Op.LOG -> {
                for (int k = 0; k < n; k++) {
                    double v = xv[xo + k];
                    out[k] = -1 / (v * v);
                }
            }
            case Op.LOG1P -> {
                for (int k = 0; k < n; k++) {
                    double v = 1 + xv[xo + k];
                    out[k] = -1 / (v * v);
                }
            }
            case Op.EXPM1 -> {
                for (int k = 0; k < n; k++) {
                    out[k] = z[zo + k] + 1;
                }
            }
            case Op.TANH -> {
                for (int k = 0; k < n; k++) {
                    double v = z[zo + k];
                    out[k] = -2 * v * (1 - v * v);
                }
            }
            case Op.SIGMOID -> {
                for (int k = 0; k < n; k++) {
                    double v = z[zo + k];
                    out[k] = v * (1 - v) * (1 - 2 * v);
                }
            }
            case Op.SOFTPLUS -> {
                K.sigmoid(n, xv, xo, out, 0);
                for (int k = 0; k < n; k++) {
                    double s = out[k];
                    out[k] = s * (1 - s);
                }
            }
            default -> throw new AssertionError(f.op[i]);
        }
        return true;
    }

    static void unaryTangent(Function f, Workspace w, int i) {
        int x = f.args[f.argStart[i]];
        double[] d1 = w.temp1;
        firstDerivative(f, w, i, d1);
        K.mul(f.size[i], d1, 0, w.tangents, f.offset[x], w.tangents, f.offset[i]);
    }

    static void unaryReverse(Function f, Workspace w, int i, boolean second) {
        int x = f.args[f.argStart[i]];
        if (!w.adjMask[x]) {
            return;
        }
        int n = f.size[i];
        int xo = f.offset[x];
        int zo = f.offset[i];
        double[] d1 = w.temp1;
        firstDerivative(f, w, i, d1);
        double[] d = second ? w.adjointTangents : w.adjoints;
        K.fma(n, d1, 0, d, zo, d, xo, d, xo);
        if (second && w.tanMask[x]) {
            double[] d2 = w.temp2;
            if (secondDerivative(f, w, i, d2)) {
                K.mul(n, d2, 0, w.tangents, xo, d2, 0);
                K.fma(n, d2, 0, w.adjoints, zo, d, xo, d, xo);
            }
        }
    }

    // ---- where(condition, a, b) ---------------------------------------------------------------------

    static void whereValue(Function f, Workspace w, int i) {
        int c = f.args[f.argStart[i]];
        int a = f.args[f.argStart[i] + 1];
        int b = f.args[f.argStart[i] + 2];
        int n = f.size[i];
        double[] cv = w.val[c];
        double[] av = w.val[a];
        double[] bv = w.val[b];
        int co = f.offset[c];
        int ao = f.offset[a];
        int bo = f.offset[b];
        double[] z = w.values;
        int zo = f.offset[i];
        for (int k = 0; k < n; k++) {
            z[zo + k] = cv[co + k] > 0 ? av[ao + k] : bv[bo + k];
        }
    }

    static void whereTangent(Function f, Workspace w, int i) {
        int c = f.args[f.argStart[i]];
        int a = f.args[f.argStart[i] + 1];
        int b = f.args[f.argStart[i] + 2];
        int n = f.size[i];
        boolean ta = w.tanMask[a];
        boolean tb = w.tanMask[b];
        double[] cv = w.val[c];
        double[] t = w.tangents;
        int co = f.offset[c];
        int ao = f.offset[a];
        int bo = f.offset[b];
        int zo = f.offset[i];
        for (int k = 0; k < n; k++) {
            t[zo + k] = cv[co + k] > 0 ? (ta ? t[ao + k] : 0) : (tb ? t[bo + k] : 0);
        }
    }

    static void whereReverse(Function f, Workspace w, int i, boolean second) {
        int c = f.args[f.argStart[i]];
        int a = f.args[f.argStart[i] + 1];
        int b = f.args[f.argStart[i] + 2];
        int n = f.size[i];
        boolean aa = w.adjMask[a];
        boolean ab = w.adjMask[b];
        double[] cv = w.val[c];
        double[] d = second ? w.adjointTangents : w.adjoints;
        int co = f.offset[c];
        int ao = f.offset[a];
        int bo = f.offset[b];
        int zo = f.offset[i];
        for (int k = 0; k < n; k++) {
            if (cv[co + k] > 0) {
                if (aa) {
                    d[ao + k] += d[zo + k];
                }
            } else if (ab) {
                d[bo + k] += d[zo + k];
            }
        }
    }

    // ---- broadcast of a one-element tensor --------------------------------------------------------

    static void broadcastValue(Function f, Workspace w, int i) {
        int s = f.args[f.argStart[i]];
        K.fill(f.size[i], w.val[s][f.offset[s]], w.values, f.offset[i]);
    }

    static void broadcastTangent(Function f, Workspace w, int i) {
        int s = f.args[f.argStart[i]];
        K.fill(f.size[i], w.tangents[f.offset[s]], w.tangents, f.offset[i]);
    }

    static void broadcastReverse(Function f, Workspace w, int i, boolean second) {
        int s = f.args[f.argStart[i]];
        if (w.adjMask[s]) {
            double[] d = second ? w.adjointTangents : w.adjoints;
            d[f.offset[s]] += K.sum(f.size[i], d, f.offset[i]);
        }
    }
}
