package org.rootgrad.implicit.linear;

import org.rootgrad.error.Status;

/**
 * Preconditioned MINRES (Paige and Saunders 1975, in the arrangement of SciPy's and Choi's
 * codes) in lockstep over the active right-hand sides: a Lanczos recurrence on A with an SPD
 * M⁻¹, a QR factorisation of the tridiagonal matrix updated by one Givens rotation per step,
 * and the three-term update of x. The recurrence's residual estimate φ̄ is in the M⁻¹-norm;
 * its target is the 2-norm tolerance scaled by ‖r₀‖_{M⁻¹}/‖r₀‖₂, and the driver verifies the
 * 2-norm of the true residual before declaring convergence.
 *
 * <p>Vectors r1, r2, y and w, w1, w2 rotate by reference each step instead of being copied.
 */
final class Minres extends KrylovSolver<Minres.Workspace> {

    static final class Workspace extends KrylovWorkspace {
        final double[][] v;
        final double[][] y;
        final double[][] r1;
        final double[][] r2;
        final double[][] w;
        final double[][] w1;
        final double[][] w2;
        final double[] beta;
        final double[] oldBeta;
        final double[] dbar;
        final double[] epsilon;
        final double[] phibar;
        final double[] cs;
        final double[] sn;
        final double[] target;
        final boolean[] first;

        Workspace(int n, int columns) {
            super(n, columns);
            v = new double[columns][n];
            y = new double[columns][n];
            r1 = new double[columns][n];
            r2 = new double[columns][n];
            w = new double[columns][n];
            w1 = new double[columns][n];
            w2 = new double[columns][n];
            beta = new double[columns];
            oldBeta = new double[columns];
            dbar = new double[columns];
            epsilon = new double[columns];
            phibar = new double[columns];
            cs = new double[columns];
            sn = new double[columns];
            target = new double[columns];
            first = new boolean[columns];
        }
    }

    /** Floor of the rotated diagonal γ, as in SciPy's minres: keeps 1/γ finite on singular A. */
    private static final double GAMMA_FLOOR = Math.ulp(1.0);

    Minres(LinearSolverOptions options) {
        super(options, "MINRES", true, Workspace.class);
    }

    @Override
    Workspace createWorkspace(int n, int columns) {
        return new Workspace(n, columns);
    }

    @Override
    void start(Workspace ws, LinearOperator a, Preconditioner m, int[] cols, int count) {
        int n = ws.n;
        for (int c = 0; c < count; c++) {
            int j = cols[c];
            V.copy(n, ws.r[j], 0, ws.r1[j], 0);
            double beta1sq;
            if (m == null) {
                V.copy(n, ws.r1[j], 0, ws.y[j], 0);
                beta1sq = V.dot(n, ws.r1[j], 0, ws.r1[j], 0);
            } else {
                beta1sq = m.applyDot(ws.r1[j], ws.y[j]);
            }
            if (!Double.isFinite(beta1sq)) {
                ws.stop(j, Status.NON_FINITE, beta1sq);
                continue;
            }
            if (beta1sq <= 0) {
                ws.stop(j, Status.BREAKDOWN, beta1sq); // M⁻¹ is not positive definite after all
                continue;
            }
            double beta1 = Math.sqrt(beta1sq);
            ws.oldBeta[j] = 0;
            ws.beta[j] = beta1;
            ws.dbar[j] = 0;
            ws.epsilon[j] = 0;
            ws.phibar[j] = beta1;
            ws.cs[j] = -1;
            ws.sn[j] = 0;
            ws.target[j] = ws.tolerance[j] * (beta1 / ws.lastResidual[j]);
            ws.first[j] = true;
            V.fill(n, 0, ws.w[j], 0);
            V.fill(n, 0, ws.w2[j], 0);
            V.copy(n, ws.r1[j], 0, ws.r2[j], 0);
        }
    }

    /**
     * The Lanczos recurrence does not use r, so it simply goes on, with the target of φ̄
     * lowered by the factor the true residual still misses.
     */
    @Override
    boolean resume(Workspace ws, Preconditioner m, int j, double residualNorm) {
        if (ws.beta[j] == 0) {
            return false; // the Krylov space is exhausted: only a restart adds new directions
        }
        ws.target[j] = ws.phibar[j] * (ws.tolerance[j] / residualNorm);
        return true;
    }

    @Override
    void step(Workspace ws, LinearOperator a, Preconditioner m) {
        int n = ws.n;
        int count = ws.activeCount;
        for (int c = 0; c < count; c++) {
            int j = ws.active[c];
            V.axpby(n, 1 / ws.beta[j], ws.y[j], 0, 0, ws.v[j], 0);
            ws.in[c] = ws.v[j];
            ws.out[c] = ws.y[j];
        }
        applyShifted(a, count, ws.in, ws.out);
        for (int c = 0; c < count; c++) {
            int j = ws.active[c];
            double beta = ws.beta[j];
            double[] v = ws.v[j];
            double[] y = ws.y[j];
            if (!ws.first[j]) {
                V.axpy(n, -beta / ws.oldBeta[j], ws.r1[j], 0, y, 0);
            }
            double alpha = V.dot(n, v, 0, y, 0);
            V.axpy(n, -alpha / beta, ws.r2[j], 0, y, 0);
            // (r1, r2, y) ← (r2, y, old r1): the new Lanczos vector becomes r2 without a copy.
            double[] spare = ws.r1[j];
            ws.r1[j] = ws.r2[j];
            ws.r2[j] = y;
            ws.y[j] = spare;
            y = spare;
            double[] r2 = ws.r2[j];
            double betaSq;
            if (m == null) {
                V.copy(n, r2, 0, y, 0);
                betaSq = V.dot(n, r2, 0, r2, 0);
            } else {
                betaSq = m.applyDot(r2, y);
            }
            if (!Double.isFinite(betaSq) || !Double.isFinite(alpha)) {
                ws.stop(j, Status.NON_FINITE, betaSq);
                continue;
            }
            if (betaSq < 0) {
                ws.stop(j, Status.BREAKDOWN, betaSq);
                continue;
            }
            ws.oldBeta[j] = beta;
            double newBeta = Math.sqrt(betaSq);
            ws.beta[j] = newBeta;

            double cs = ws.cs[j];
            double sn = ws.sn[j];
            double dbar = ws.dbar[j];
            double oldEpsilon = ws.epsilon[j];
            double delta = cs * dbar + sn * alpha;
            double gbar = sn * dbar - cs * alpha;
            ws.epsilon[j] = sn * newBeta;
            ws.dbar[j] = -cs * newBeta;
            double gamma = Math.max(Math.hypot(gbar, newBeta), GAMMA_FLOOR);
            cs = gbar / gamma;
            sn = newBeta / gamma;
            ws.cs[j] = cs;
            ws.sn[j] = sn;
            double phi = cs * ws.phibar[j];
            ws.phibar[j] = sn * ws.phibar[j];
            double denom = 1 / gamma;

            // (w1, w2, w) ← (w2, w, old w1), then w = (v − ε·w1 − δ·w2)/γ.
            double[] oldW1 = ws.w1[j];
            ws.w1[j] = ws.w2[j];
            ws.w2[j] = ws.w[j];
            ws.w[j] = oldW1;
            double[] w = oldW1;
            V.axpby(n, denom, v, 0, 0, w, 0);
            V.axpy(n, -oldEpsilon * denom, ws.w1[j], 0, w, 0);
            V.axpy(n, -delta * denom, ws.w2[j], 0, w, 0);
            V.axpy(n, phi, w, 0, ws.x[j], 0);
            ws.first[j] = false;

            if (!Double.isFinite(phi)) {
                ws.stop(j, Status.NON_FINITE, phi);
            } else if (ws.phibar[j] <= ws.target[j] || newBeta == 0) {
                // newBeta = 0: the Krylov space is invariant and x solves the system in it.
                ws.event[j] = KrylovWorkspace.CHECK;
            }
        }
        clearSlots(ws, count);
    }
}
