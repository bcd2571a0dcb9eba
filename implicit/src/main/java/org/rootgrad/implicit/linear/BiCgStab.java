package org.rootgrad.implicit.linear;

import org.rootgrad.error.Status;

/**
 * Right-preconditioned BiCGSTAB (van der Vorst 1992) in lockstep over the active right-hand
 * sides: two block products per iteration, v = A·M⁻¹p and t = A·M⁻¹s. The residual r doubles as
 * s. A column whose half-step residual s already meets the tolerance leaves before the second
 * product. ρ = r̂ᵀr = 0, r̂ᵀv = 0 or tᵀt = 0 (with s ≠ 0), and ω = 0, stop it with BREAKDOWN.
 */
final class BiCgStab extends KrylovSolver<BiCgStab.Workspace> {

    static final class Workspace extends KrylovWorkspace {
        final double[][] shadow;
        final double[][] p;
        final double[][] v;
        final double[][] pHat;
        final double[][] sHat;
        final double[][] t;
        final double[] rho;
        final double[] alpha;
        final double[] omega;
        final boolean[] first;
        /** Whether the last claimed convergence came after a full step (ω known): resumable. */
        final boolean[] fullStep;

        Workspace(int n, int columns) {
            super(n, columns);
            shadow = new double[columns][n];
            p = new double[columns][n];
            v = new double[columns][n];
            pHat = new double[columns][n];
            sHat = new double[columns][n];
            t = new double[columns][n];
            rho = new double[columns];
            alpha = new double[columns];
            omega = new double[columns];
            first = new boolean[columns];
            fullStep = new boolean[columns];
        }
    }

    BiCgStab(LinearSolverOptions options) {
        super(options, "BiCGSTAB", false, Workspace.class);
    }

    @Override
    Workspace createWorkspace(int n, int columns) {
        return new Workspace(n, columns);
    }

    @Override
    void start(Workspace ws, LinearOperator a, Preconditioner m, int[] cols, int count) {
        for (int c = 0; c < count; c++) {
            int j = cols[c];
            V.copy(ws.n, ws.r[j], 0, ws.shadow[j], 0);
            ws.first[j] = true;
        }
    }

    /**
     * Residual replacement after a full step: the recurrence goes on from the true residual now
     * in r[j]. After a half step ω of that iteration is unknown, so the column restarts instead.
     */
    @Override
    boolean resume(Workspace ws, Preconditioner m, int j, double residualNorm) {
        return ws.fullStep[j];
    }

    @Override
    void step(Workspace ws, LinearOperator a, Preconditioner m) {
        int n = ws.n;
        int count = ws.activeCount;
        // Half step 1: new direction p, v = A·M⁻¹p.
        int running = 0;
        for (int c = 0; c < count; c++) {
            int j = ws.active[c];
            double[] r = ws.r[j];
            double rho = V.dot(n, ws.shadow[j], 0, r, 0);
            if (!Double.isFinite(rho)) {
                ws.stop(j, Status.NON_FINITE, rho);
                continue;
            }
            if (rho == 0) {
                ws.stop(j, Status.BREAKDOWN, rho);
                continue;
            }
            double[] p = ws.p[j];
            if (ws.first[j]) {
                V.copy(n, r, 0, p, 0);
                ws.first[j] = false;
            } else {
                double beta = (rho / ws.rho[j]) * (ws.alpha[j] / ws.omega[j]);
                V.axpy(n, -ws.omega[j], ws.v[j], 0, p, 0);
                V.xpby(n, r, 0, beta, p, 0);
            }
            ws.rho[j] = rho;
            double[] pHat = p;
            if (m != null) {
                pHat = ws.pHat[j];
                m.apply(p, pHat);
            }
            ws.in[running] = pHat;
            ws.out[running] = ws.v[j];
            ws.pick[running++] = j;
        }
        applyShifted(a, running, ws.in, ws.out);
        // Half step 2: s = r − αv; leave if small, else t = A·M⁻¹s.
        int second = 0;
        for (int c = 0; c < running; c++) {
            int j = ws.pick[c];
            double rv = V.dot(n, ws.shadow[j], 0, ws.v[j], 0);
            if (!Double.isFinite(rv)) {
                ws.stop(j, Status.NON_FINITE, rv);
                continue;
            }
            if (rv == 0) {
                ws.stop(j, Status.BREAKDOWN, rv);
                continue;
            }
            double alpha = ws.rho[j] / rv;
            ws.alpha[j] = alpha;
            double[] s = ws.r[j];
            V.axpy(n, -alpha, ws.v[j], 0, s, 0);
            double ss = V.dot(n, s, 0, s, 0);
            if (!Double.isFinite(ss)) {
                ws.stop(j, Status.NON_FINITE, ss);
                continue;
            }
            double tol = ws.tolerance[j];
            if (ss <= tol * tol) {
                V.axpy(n, alpha, m == null ? ws.p[j] : ws.pHat[j], 0, ws.x[j], 0);
                ws.event[j] = KrylovWorkspace.CHECK;
                ws.fullStep[j] = false;
                continue;
            }
            double[] sHat = s;
            if (m != null) {
                sHat = ws.sHat[j];
                m.apply(s, sHat);
            }
            ws.pick[second] = j;
            ws.in[second] = sHat;
            ws.out[second++] = ws.t[j];
        }
        applyShifted(a, second, ws.in, ws.out);
        // Completion: ω = tᵀs / tᵀt, x += αp̂ + ωŝ, r = s − ωt.
        for (int c = 0; c < second; c++) {
            int j = ws.pick[c];
            double[] s = ws.r[j];
            double[] t = ws.t[j];
            double[] x = ws.x[j];
            double tt = V.dot(n, t, 0, t, 0);
            double ts = V.dot(n, t, 0, s, 0);
            if (!Double.isFinite(tt) || !Double.isFinite(ts)) {
                ws.stop(j, Status.NON_FINITE, tt);
                continue;
            }
            V.axpy(n, ws.alpha[j], m == null ? ws.p[j] : ws.pHat[j], 0, x, 0);
            if (tt == 0) {
                ws.stop(j, Status.BREAKDOWN, tt); // x is the half-step iterate, its residual s
                continue;
            }
            double omega = ts / tt;
            ws.omega[j] = omega;
            V.axpy(n, omega, m == null ? s : ws.sHat[j], 0, x, 0);
            V.axpy(n, -omega, t, 0, s, 0);
            double rr = V.dot(n, s, 0, s, 0);
            if (!Double.isFinite(rr)) {
                ws.stop(j, Status.NON_FINITE, rr);
            } else if (rr <= ws.tolerance[j] * ws.tolerance[j]) {
                ws.event[j] = KrylovWorkspace.CHECK;
                ws.fullStep[j] = omega != 0;
            } else if (omega == 0) {
                ws.stop(j, Status.BREAKDOWN, omega);
            }
        }
        clearSlots(ws, Math.max(running, second));
    }
}
