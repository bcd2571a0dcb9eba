package org.rootgrad.solvers;

import org.rootgrad.engine.ArrayKernels;

/**
 * The two-loop recursion u = H(S, Y)·v of {@link org.rootgrad.implicit.linear.LbfgsHistory} as a
 * differentiable function of v and of the curvature pairs, for the unrolled derivatives of
 * {@link LBFGS}. The forward pass {@link #apply} is the same recursion as the history's (which
 * the solver itself uses), with every intermediate kept: the tangent ({@link #tangent}) and
 * adjoint ({@link #adjoint}) passes read them.
 *
 * <p>Pairs are passed oldest first: s[0], y[0] … s[p−1], y[p−1]. With ρᵢ = 1/sᵢᵀyᵢ and
 * γ = sᵀy/yᵀy of the newest pair (1 without pairs):
 * <pre>
 *   q⁽ᵖ⁾ = v;  for i = p−1 … 0:  αᵢ = ρᵢ sᵢᵀq⁽ⁱ⁺¹⁾,  q⁽ⁱ⁾ = q⁽ⁱ⁺¹⁾ − αᵢyᵢ
 *   r⁽⁰⁾ = γq⁽⁰⁾;  for i = 0 … p−1:  βᵢ = ρᵢ yᵢᵀr⁽ⁱ⁾,  r⁽ⁱ⁺¹⁾ = r⁽ⁱ⁾ + (αᵢ − βᵢ)sᵢ
 *   u = r⁽ᵖ⁾
 * </pre>
 * Workspace of 2(m + 1) + 4 vectors of n, made once; per thread.
 */
final class LbfgsTwoLoop {
    private static final ArrayKernels K = ArrayKernels.active();

    private final int n;
    private final double[][] q;
    private final double[][] r;
    private final double[] alpha;
    private final double[] beta;
    private final double[] rho;
    private final double[] rhoDot;
    private final double[] alphaDot;
    private final double[] alphaBar;
    private final double[] rhoBar;
    private final double[] t1;
    private final double[] t2;
    private int p;
    private double gamma;
    private double yyNewest;

    LbfgsTwoLoop(int dimension, int capacity) {
        this.n = dimension;
        this.q = new double[capacity + 1][dimension];
        this.r = new double[capacity + 1][dimension];
        this.alpha = new double[capacity];
        this.beta = new double[capacity];
        this.rho = new double[capacity];
        this.rhoDot = new double[capacity];
        this.alphaDot = new double[capacity];
        this.alphaBar = new double[capacity];
        this.rhoBar = new double[capacity];
        this.t1 = new double[dimension];
        this.t2 = new double[dimension];
    }

    /** out ← H(S, Y)·v with p pairs, keeping the intermediates. out may not be v. */
    void apply(int pairs, double[][] s, double[][] y, double[] v, double[] out) {
        this.p = pairs;
        System.arraycopy(v, 0, q[p], 0, n);
        for (int i = p - 1; i >= 0; i--) {
            rho[i] = 1 / K.dot(n, s[i], 0, y[i], 0);
            alpha[i] = rho[i] * K.dot(n, s[i], 0, q[i + 1], 0);
            System.arraycopy(q[i + 1], 0, q[i], 0, n);
            K.axpy(n, -alpha[i], y[i], 0, q[i], 0);
        }
        if (p > 0) {
            yyNewest = K.dot(n, y[p - 1], 0, y[p - 1], 0);
            gamma = 1 / (rho[p - 1] * yyNewest);
        } else {
            gamma = 1;
        }
        for (int j = 0; j < n; j++) {
            r[0][j] = gamma * q[0][j];
        }
        for (int i = 0; i < p; i++) {
            beta[i] = rho[i] * K.dot(n, y[i], 0, r[i], 0);
            System.arraycopy(r[i], 0, r[i + 1], 0, n);
            K.axpy(n, alpha[i] - beta[i], s[i], 0, r[i + 1], 0);
        }
        System.arraycopy(r[p], 0, out, 0, n);
    }

    /**
     * outDot ← d/dε H(S + εṠ, Y + εẎ)(v + εv̇) at the point of the last {@link #apply}.
     * outDot may not be vDot.
     */
    void tangent(double[][] s, double[][] y, double[][] sDot, double[][] yDot, double[] vDot, double[] outDot) {
        double[] qd = t1;
        System.arraycopy(vDot, 0, qd, 0, n);
        for (int i = p - 1; i >= 0; i--) {
            rhoDot[i] = -rho[i] * rho[i] * (K.dot(n, sDot[i], 0, y[i], 0) + K.dot(n, s[i], 0, yDot[i], 0));
            alphaDot[i] = rhoDot[i] * K.dot(n, s[i], 0, q[i + 1], 0)
                    + rho[i] * (K.dot(n, sDot[i], 0, q[i + 1], 0) + K.dot(n, s[i], 0, qd, 0));
            K.axpy(n, -alphaDot[i], y[i], 0, qd, 0);
            K.axpy(n, -alpha[i], yDot[i], 0, qd, 0);
        }
        double gammaDot = 0;
        if (p > 0) {
            int k = p - 1;
            double syDot = K.dot(n, sDot[k], 0, y[k], 0) + K.dot(n, s[k], 0, yDot[k], 0);
            double yyDot = 2 * K.dot(n, y[k], 0, yDot[k], 0);
            gammaDot = (syDot - gamma * yyDot) / yyNewest;
        }
        double[] rd = outDot;
        for (int j = 0; j < n; j++) {
            rd[j] = gammaDot * q[0][j] + gamma * qd[j];
        }
        for (int i = 0; i < p; i++) {
            double betaDot = rhoDot[i] * K.dot(n, y[i], 0, r[i], 0)
                    + rho[i] * (K.dot(n, yDot[i], 0, r[i], 0) + K.dot(n, y[i], 0, rd, 0));
            K.axpy(n, alphaDot[i] - betaDot, s[i], 0, rd, 0);
            K.axpy(n, alpha[i] - beta[i], sDot[i], 0, rd, 0);
        }
    }

    /**
     * The adjoint of the last {@link #apply} for a cotangent ū of its output: vBar += Hᵀū (= Hū),
     * sBar[i] += ∂⟨ū, u⟩/∂sᵢ and yBar[i] += ∂⟨ū, u⟩/∂yᵢ.
     */
    void adjoint(double[][] s, double[][] y, double[] outBar, double[] vBar, double[][] sBar, double[][] yBar) {
        double[] rb = t1;
        System.arraycopy(outBar, 0, rb, 0, n);
        for (int i = 0; i < p; i++) {
            alphaBar[i] = 0;
            rhoBar[i] = 0;
        }
        for (int i = p - 1; i >= 0; i--) {
            // r⁽ⁱ⁺¹⁾ = r⁽ⁱ⁾ + cᵢsᵢ, cᵢ = αᵢ − βᵢ
            double c = alpha[i] - beta[i];
            double cBar = K.dot(n, s[i], 0, rb, 0);
            K.axpy(n, c, rb, 0, sBar[i], 0);
            alphaBar[i] += cBar;
            double betaBar = -cBar;
            // βᵢ = ρᵢ yᵢᵀr⁽ⁱ⁾
            rhoBar[i] += betaBar * K.dot(n, y[i], 0, r[i], 0);
            K.axpy(n, betaBar * rho[i], r[i], 0, yBar[i], 0);
            K.axpy(n, betaBar * rho[i], y[i], 0, rb, 0);
        }
        // r⁽⁰⁾ = γq⁽⁰⁾
        double gammaBar = K.dot(n, rb, 0, q[0], 0);
        double[] qb = t2;
        for (int j = 0; j < n; j++) {
            qb[j] = gamma * rb[j];
        }
        for (int i = 0; i < p; i++) {
            // q⁽ⁱ⁾ = q⁽ⁱ⁺¹⁾ − αᵢyᵢ
            K.axpy(n, -alpha[i], qb, 0, yBar[i], 0);
            alphaBar[i] -= K.dot(n, y[i], 0, qb, 0);
            // αᵢ = ρᵢ sᵢᵀq⁽ⁱ⁺¹⁾
            rhoBar[i] += alphaBar[i] * K.dot(n, s[i], 0, q[i + 1], 0);
            K.axpy(n, alphaBar[i] * rho[i], q[i + 1], 0, sBar[i], 0);
            K.axpy(n, alphaBar[i] * rho[i], s[i], 0, qb, 0);
        }
        K.axpy(n, 1, qb, 0, vBar, 0);
        // ρᵢ = 1/sᵢᵀyᵢ
        for (int i = 0; i < p; i++) {
            double w = -rho[i] * rho[i] * rhoBar[i];
            K.axpy(n, w, y[i], 0, sBar[i], 0);
            K.axpy(n, w, s[i], 0, yBar[i], 0);
        }
        // γ = sᵀy / yᵀy of the newest pair
        if (p > 0) {
            int k = p - 1;
            K.axpy(n, gammaBar / yyNewest, y[k], 0, sBar[k], 0);
            K.axpy(n, gammaBar / yyNewest, s[k], 0, yBar[k], 0);
            K.axpy(n, -2 * gamma * gammaBar / yyNewest, y[k], 0, yBar[k], 0);
        }
    }
}
