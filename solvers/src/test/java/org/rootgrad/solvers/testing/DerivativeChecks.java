package org.rootgrad.solvers.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.Random;

/**
 * Independent checks of JVPs and VJPs: central finite differences and the adjoint identity
 * ⟨J_v u + J_θ dθ, w⟩ = ⟨u, J_vᵀ w⟩ + ⟨dθ, J_θᵀ w⟩.
 */
public final class DerivativeChecks {
    private DerivativeChecks() {}

    /** Central-difference step (inputs are of order 1). */
    public static final double FD_STEP = 1e-6;
    /**
     * Allowed max-norm error of a JVP against a central difference, relative to
     * max(1, ‖JVP‖∞). Truncation is O(h²) ≈ 1e-12 on the smooth pieces; rounding is about
     * ε·|P|/h ≈ 1e-10.
     */
    public static final double FD_TOLERANCE = 1e-7;
    /** Allowed |⟨Ju, w⟩ − ⟨u, Jᵀw⟩| relative to Σ|termᵢ| of both inner products. */
    public static final double ADJOINT_TOLERANCE = 1e-12;

    /** Asserts that ∂ᵥP·dv (at (v, θ), computed after a fresh linearize) matches a central difference. */
    public static double assertJvpV(Differentiable f, double[] v, double[] theta, double[] dv, String label) {
        int n = f.n();
        double[] plus = new double[n];
        double[] minus = new double[n];
        double[] vp = v.clone();
        double[] vm = v.clone();
        for (int i = 0; i < n; i++) {
            vp[i] += FD_STEP * dv[i];
            vm[i] -= FD_STEP * dv[i];
        }
        f.value(vp, theta, plus);
        f.value(vm, theta, minus);
        double[] exact = new double[n];
        f.linearize(v, theta);
        f.jvpV(dv, exact);
        return compare(plus, minus, exact, label + " (JVP in v)");
    }

    /** Asserts that ∂θP·dθ matches a central difference in θ. */
    public static double assertJvpTheta(Differentiable f, double[] v, double[] theta, double[] dTheta,
                                        String label) {
        int n = f.n();
        double[] plus = new double[n];
        double[] minus = new double[n];
        double[] tp = theta.clone();
        double[] tm = theta.clone();
        for (int i = 0; i < theta.length; i++) {
            tp[i] += FD_STEP * dTheta[i];
            tm[i] -= FD_STEP * dTheta[i];
        }
        f.value(v, tp, plus);
        f.value(v, tm, minus);
        double[] exact = new double[n];
        f.linearize(v, theta);
        f.jvpTheta(dTheta, exact);
        return compare(plus, minus, exact, label + " (JVP in theta)");
    }

    /** Compares (plus − minus)/2h with exact; returns the relative error. */
    public static double compare(double[] plus, double[] minus, double[] exact, String label) {
        double scale = 1.0;
        for (double e : exact) {
            scale = Math.max(scale, Math.abs(e));
        }
        double worst = 0;
        int worstIndex = -1;
        for (int i = 0; i < exact.length; i++) {
            double fd = (plus[i] - minus[i]) / (2 * FD_STEP);
            double err = Math.abs(fd - exact[i]);
            if (err > worst) {
                worst = err;
                worstIndex = i;
            }
        }
        double relative = worst / scale;
        if (relative > FD_TOLERANCE) {
            double fd = (plus[worstIndex] - minus[worstIndex]) / (2 * FD_STEP);
            fail(label + ": finite difference " + fd + " vs exact " + exact[worstIndex] + " at index "
                    + worstIndex + " (relative error " + relative + " > " + FD_TOLERANCE + ")");
        }
        return relative;
    }

    /**
     * Asserts the adjoint identity for random u, dθ, w at the current linearisation point of f
     * (the caller has linearized); returns the relative discrepancy.
     */
    public static double assertAdjoint(Differentiable f, Random rng, String label) {
        int n = f.n();
        int k = f.k();
        double[] u = Vectors.gaussian(rng, n);
        double[] dTheta = Vectors.gaussian(rng, k);
        double[] w = Vectors.gaussian(rng, n);
        double[] ju = new double[n];
        double[] jt = new double[n];
        f.jvpV(u, ju);
        f.jvpTheta(dTheta, jt);
        double[] vw = new double[n];
        double[] tw = new double[k];
        f.vjpV(w, vw);
        f.vjpTheta(w, tw);
        double lhs = 0;
        double rhs = 0;
        double magnitude = 0;
        for (int i = 0; i < n; i++) {
            lhs += (ju[i] + jt[i]) * w[i];
            rhs += u[i] * vw[i];
            magnitude += Math.abs(ju[i] * w[i]) + Math.abs(jt[i] * w[i]) + Math.abs(u[i] * vw[i]);
        }
        for (int j = 0; j < k; j++) {
            rhs += dTheta[j] * tw[j];
            magnitude += Math.abs(dTheta[j] * tw[j]);
        }
        double discrepancy = Math.abs(lhs - rhs) / Math.max(magnitude, Double.MIN_NORMAL);
        if (magnitude > 0 && discrepancy > ADJOINT_TOLERANCE) {
            fail(label + ": <Ju, w> = " + lhs + " but <u, J^T w> = " + rhs + " (relative "
                    + discrepancy + ")");
        }
        return discrepancy;
    }

    /** The dense ∂ᵥP at the current linearisation point, column by column from JVPs: J[i][j]. */
    public static double[][] jacobianV(Differentiable f) {
        int n = f.n();
        double[][] j = new double[n][n];
        double[] e = new double[n];
        double[] col = new double[n];
        for (int c = 0; c < n; c++) {
            e[c] = 1;
            f.jvpV(e, col);
            e[c] = 0;
            for (int r = 0; r < n; r++) {
                j[r][c] = col[r];
            }
        }
        return j;
    }

    /** The dense ∂θP (n × k) at the current linearisation point, from JVPs. */
    public static double[][] jacobianTheta(Differentiable f) {
        int n = f.n();
        int k = f.k();
        double[][] j = new double[n][k];
        double[] e = new double[k];
        double[] col = new double[n];
        for (int c = 0; c < k; c++) {
            e[c] = 1;
            f.jvpTheta(e, col);
            e[c] = 0;
            for (int r = 0; r < n; r++) {
                j[r][c] = col[r];
            }
        }
        return j;
    }

    /** Asserts two matrices agree entry-wise within an absolute tolerance. */
    public static void assertMatrixEquals(double[][] expected, double[][] actual, double tolerance,
                                          String label) {
        for (int r = 0; r < expected.length; r++) {
            for (int c = 0; c < expected[r].length; c++) {
                if (Math.abs(expected[r][c] - actual[r][c]) > tolerance) {
                    fail(label + ": entry (" + r + ", " + c + ") is " + actual[r][c] + ", expected "
                            + expected[r][c]);
                }
            }
        }
    }
}
