package org.rootgrad.implicit.linear;

import org.rootgrad.error.Status;

/**
 * Conjugate gradients on the normal equations AᵀAx = Aᵀb (CGNR) in the CGLS arrangement, in
 * lockstep over the active right-hand sides: the residual r = b − Ax of the original system is
 * updated by the fused CG step (so the convergence test is on ‖b − Ax‖ itself) and s = Aᵀr
 * drives the directions. Per iteration: q = Ap, the fused update, s = Aᵀr, z = M⁻¹s with sᵀz,
 * the fused p = z + βp. An optional SPD preconditioner approximates (AᵀA)⁻¹.
 */
final class NormalConjugateGradient extends KrylovSolver<NormalConjugateGradient.Workspace> {

    static final class Workspace extends KrylovWorkspace {
        final double[][] p;
        final double[][] q;
        final double[][] s;
        final double[][] z;
        final double[] gamma;

        Workspace(int n, int columns) {
            super(n, columns);
            p = new double[columns][n];
            q = new double[columns][n];
            s = new double[columns][n];
            z = new double[columns][n];
            gamma = new double[columns];
        }
    }

    NormalConjugateGradient(LinearSolverOptions options) {
        super(options, "CG on the normal equations", true, Workspace.class);
    }

    @Override
    Workspace createWorkspace(int n, int columns) {
        return new Workspace(n, columns);
    }

    @Override
    void start(Workspace ws, LinearOperator a, Preconditioner m, int[] cols, int count) {
        for (int c = 0; c < count; c++) {
            ws.in[c] = ws.r[cols[c]];
            ws.out[c] = ws.s[cols[c]];
        }
        applyShiftedTranspose(a, count, ws.in, ws.out);
        clearSlots(ws, count);
        for (int c = 0; c < count; c++) {
            int j = cols[c];
            double gamma = directionStart(ws, m, j);
            if (!Double.isFinite(gamma)) {
                ws.stop(j, Status.NON_FINITE, gamma);
            } else if (gamma == 0) {
                ws.stop(j, Status.STAGNATED, gamma); // Aᵀr = 0 with r ≠ 0: a least-squares point
            } else if (gamma < 0) {
                ws.stop(j, Status.BREAKDOWN, gamma);
            } else {
                ws.gamma[j] = gamma;
                V.copy(ws.n, m == null ? ws.s[j] : ws.z[j], 0, ws.p[j], 0);
            }
        }
    }

    /** z = M⁻¹s (z is s itself without M) and returns sᵀz. */
    private static double directionStart(Workspace ws, Preconditioner m, int j) {
        double[] s = ws.s[j];
        return m == null ? V.dot(ws.n, s, 0, s, 0) : m.applyDot(s, ws.z[j]);
    }

    @Override
    void step(Workspace ws, LinearOperator a, Preconditioner m) {
        int n = ws.n;
        int count = ws.activeCount;
        for (int c = 0; c < count; c++) {
            ws.in[c] = ws.p[ws.active[c]];
            ws.out[c] = ws.q[ws.active[c]];
        }
        applyShifted(a, count, ws.in, ws.out);
        int running = 0;
        for (int c = 0; c < count; c++) {
            int j = ws.active[c];
            double[] q = ws.q[j];
            double delta = V.dot(n, q, 0, q, 0);
            if (!Double.isFinite(delta)) {
                ws.stop(j, Status.NON_FINITE, delta);
                continue;
            }
            if (delta == 0) {
                ws.stop(j, Status.BREAKDOWN, delta); // Ap = 0 for p ≠ 0: A is singular
                continue;
            }
            double alpha = ws.gamma[j] / delta;
            double rr = V.cgUpdate(n, alpha, ws.p[j], 0, q, 0, ws.x[j], 0, ws.r[j], 0);
            if (!Double.isFinite(rr)) {
                ws.stop(j, Status.NON_FINITE, rr);
                continue;
            }
            if (rr <= ws.tolerance[j] * ws.tolerance[j]) {
                ws.event[j] = KrylovWorkspace.CHECK;
                continue;
            }
            ws.pick[running] = j;
            ws.in[running] = ws.r[j];
            ws.out[running++] = ws.s[j];
        }
        applyShiftedTranspose(a, running, ws.in, ws.out);
        clearSlots(ws, count);
        for (int c = 0; c < running; c++) {
            int j = ws.pick[c];
            double gamma = directionStart(ws, m, j);
            if (!Double.isFinite(gamma)) {
                ws.stop(j, Status.NON_FINITE, gamma);
                continue;
            }
            if (gamma == 0) {
                ws.stop(j, Status.STAGNATED, gamma);
                continue;
            }
            if (gamma < 0) {
                ws.stop(j, Status.BREAKDOWN, gamma);
                continue;
            }
            double beta = gamma / ws.gamma[j];
            ws.gamma[j] = gamma;
            V.xpby(n, m == null ? ws.s[j] : ws.z[j], 0, beta, ws.p[j], 0);
        }
    }
}
