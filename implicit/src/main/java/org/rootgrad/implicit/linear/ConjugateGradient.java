package org.rootgrad.implicit.linear;

import org.rootgrad.error.Status;

/**
 * Preconditioned conjugate gradients in lockstep over the active right-hand sides. Per
 * iteration and column: q = Ap (with pᵀq fused for a dense single column), the fused update
 * x += αp, r −= αq returning rᵀr, then z = M⁻¹r with rᵀz (one fused pass for Jacobi) and the
 * fused p = z + βp; without a preconditioner z is r itself. Non-positive curvature pᵀAp ≤ 0
 * stops the column with INDEFINITE; a preconditioner giving rᵀz ≤ 0 stops it with BREAKDOWN.
 */
final class ConjugateGradient extends KrylovSolver<ConjugateGradient.Workspace> {

    static final class Workspace extends KrylovWorkspace {
        final double[][] p;
        final double[][] q;
        final double[][] z;
        final double[] rz;

        Workspace(int n, int columns) {
            super(n, columns);
            p = new double[columns][n];
            q = new double[columns][n];
            z = new double[columns][n];
            rz = new double[columns];
        }
    }

    ConjugateGradient(LinearSolverOptions options) {
        super(options, "conjugate gradients", true, Workspace.class);
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
            double[] r = ws.r[j];
            if (m == null) {
                ws.rz[j] = V.dot(n, r, 0, r, 0);
                V.copy(n, r, 0, ws.p[j], 0);
            } else {
                double rz = m.applyDot(r, ws.z[j]);
                if (!Double.isFinite(rz)) {
                    ws.stop(j, Status.NON_FINITE, rz);
                } else if (rz <= 0) {
                    ws.stop(j, Status.BREAKDOWN, rz); // M⁻¹ is not positive definite after all
                } else {
                    ws.rz[j] = rz;
                    V.copy(n, ws.z[j], 0, ws.p[j], 0);
                }
            }
        }
    }

    /** Residual replacement: keep p, continue with the true residual now in r[j]. */
    @Override
    boolean resume(Workspace ws, Preconditioner m, int j, double residualNorm) {
        int n = ws.n;
        double rz;
        double[] z;
        if (m == null) {
            rz = residualNorm * residualNorm;
            z = ws.r[j];
        } else {
            rz = m.applyDot(ws.r[j], ws.z[j]);
            z = ws.z[j];
        }
        if (!(rz > 0) || !Double.isFinite(rz)) {
            return false; // let start() report it
        }
        V.xpby(n, z, 0, rz / ws.rz[j], ws.p[j], 0);
        ws.rz[j] = rz;
        return true;
    }

    @Override
    void step(Workspace ws, LinearOperator a, Preconditioner m) {
        int n = ws.n;
        int count = ws.activeCount;
        if (count == 1 && rho == 0) {
            int j = ws.active[0];
            ws.dots[j] = a.applyDot(ws.p[j], ws.q[j]);
        } else {
            for (int c = 0; c < count; c++) {
                ws.in[c] = ws.p[ws.active[c]];
                ws.out[c] = ws.q[ws.active[c]];
            }
            applyShifted(a, count, ws.in, ws.out);
            for (int c = 0; c < count; c++) {
                int j = ws.active[c];
                ws.dots[j] = V.dot(n, ws.p[j], 0, ws.q[j], 0);
            }
        }
        for (int c = 0; c < count; c++) {
            int j = ws.active[c];
            double pq = ws.dots[j];
            if (!Double.isFinite(pq)) {
                ws.stop(j, Status.NON_FINITE, pq);
                continue;
            }
            if (pq <= 0) {
                ws.stop(j, Status.INDEFINITE, pq);
                continue;
            }
            double alpha = ws.rz[j] / pq;
            double rr = V.cgUpdate(n, alpha, ws.p[j], 0, ws.q[j], 0, ws.x[j], 0, ws.r[j], 0);
            if (!Double.isFinite(rr)) {
                ws.stop(j, Status.NON_FINITE, rr);
                continue;
            }
            double tol = ws.tolerance[j];
            if (rr <= tol * tol) {
                ws.event[j] = KrylovWorkspace.CHECK;
                continue;
            }
            if (m == null) {
                double beta = rr / ws.rz[j];
                ws.rz[j] = rr;
                V.xpby(n, ws.r[j], 0, beta, ws.p[j], 0);
            } else {
                double rz = m.applyDot(ws.r[j], ws.z[j]);
                if (!Double.isFinite(rz)) {
                    ws.stop(j, Status.NON_FINITE, rz);
                    continue;
                }
                if (rz <= 0) {
                    ws.stop(j, Status.BREAKDOWN, rz);
                    continue;
                }
                double beta = rz / ws.rz[j];
                ws.rz[j] = rz;
                V.xpby(n, ws.z[j], 0, beta, ws.p[j], 0);
            }
        }
    }
}
