package org.rootgrad.implicit.linear;

import org.rootgrad.error.Status;

/**
 * Restarted, right-preconditioned GMRES(m) in lockstep over the active right-hand sides. Each
 * step extends a column's Arnoldi basis of A·M⁻¹ by one vector (modified Gram–Schmidt), applies
 * the column's previous Givens rotations to the new Hessenberg column and one new rotation, and
 * reads the residual norm of the least-squares solution off the rotated right-hand side g. When
 * that estimate meets the tolerance, the cycle reaches m steps, or the Arnoldi process breaks
 * down, x += M⁻¹·V·R⁻¹g; the driver then verifies the true residual (a restart is a fresh cycle
 * from it).
 */
final class Gmres extends KrylovSolver<Gmres.Workspace> {

    /** A new Arnoldi vector this much smaller than the rotated diagonal means an invariant subspace. */
    private static final double INVARIANT = 1e-14;

    static final class Workspace extends KrylovWorkspace {
        final int m;
        /** basis[j][i]: Arnoldi vector i of column j, i ≤ m. */
        final double[][][] basis;
        /** Column j's Hessenberg matrix, row-major (m+1)×m, upper triangular once rotated. */
        final double[][] hessenberg;
        final double[][] cs;
        final double[][] sn;
        final double[][] g;
        /** M⁻¹ applied to the current Arnoldi vector, and the combination V·y at a flush. */
        final double[][] z;
        final double[] coefficients;
        final int[] inner;

        Workspace(int n, int columns, int m) {
            super(n, columns);
            this.m = m;
            basis = new double[columns][m + 1][n];
            hessenberg = new double[columns][(m + 1) * m];
            cs = new double[columns][m];
            sn = new double[columns][m];
            g = new double[columns][m + 1];
            z = new double[columns][n];
            coefficients = new double[m];
            inner = new int[columns];
        }
    }

    Gmres(LinearSolverOptions options) {
        super(options, "GMRES(" + (options == null ? "?" : options.restart()) + ")", false, Workspace.class);
    }

    @Override
    Workspace createWorkspace(int n, int columns) {
        return new Workspace(n, columns, Math.max(1, Math.min(options.restart(), n)));
    }

    @Override
    void start(Workspace ws, LinearOperator a, Preconditioner m, int[] cols, int count) {
        int n = ws.n;
        for (int c = 0; c < count; c++) {
            int j = cols[c];
            double beta = ws.lastResidual[j];
            double[] v0 = ws.basis[j][0];
            V.copy(n, ws.r[j], 0, v0, 0);
            V.scal(n, 1 / beta, v0, 0);
            java.util.Arrays.fill(ws.g[j], 0);
            ws.g[j][0] = beta;
            ws.inner[j] = 0;
        }
    }

    @Override
    void step(Workspace ws, LinearOperator a, Preconditioner m) {
        int n = ws.n;
        int count = ws.activeCount;
        for (int c = 0; c < count; c++) {
            int j = ws.active[c];
            int i = ws.inner[j];
            double[] vi = ws.basis[j][i];
            if (m == null) {
                ws.in[c] = vi;
            } else {
                m.apply(vi, ws.z[j]);
                ws.in[c] = ws.z[j];
            }
            ws.out[c] = ws.basis[j][i + 1];
        }
        applyShifted(a, count, ws.in, ws.out);
        clearSlots(ws, count);
        int cols = ws.m;
        for (int c = 0; c < count; c++) {
            int j = ws.active[c];
            int i = ws.inner[j];
            double[][] basis = ws.basis[j];
            double[] h = ws.hessenberg[j];
            double[] w = basis[i + 1];
            for (int l = 0; l <= i; l++) {
                double hl = V.dot(n, w, 0, basis[l], 0);
                h[l * cols + i] = hl;
                V.axpy(n, -hl, basis[l], 0, w, 0);
            }
            double hNext = norm(n, w, V.dot(n, w, 0, w, 0));
            if (!Double.isFinite(hNext)) {
                ws.stop(j, Status.NON_FINITE, hNext);
                continue;
            }
            double[] cs = ws.cs[j];
            double[] sn = ws.sn[j];
            for (int l = 0; l < i; l++) {
                double upper = h[l * cols + i];
                double lower = h[(l + 1) * cols + i];
                h[l * cols + i] = cs[l] * upper + sn[l] * lower;
                h[(l + 1) * cols + i] = -sn[l] * upper + cs[l] * lower;
            }
            double diagonal = h[i * cols + i];
            double d = Math.hypot(diagonal, hNext);
            if (d == 0) {
                // The projected matrix is singular: keep the solution of the first i steps.
                flush(ws, m, j);
                ws.stop(j, Status.BREAKDOWN, 0);
                continue;
            }
            cs[i] = diagonal / d;
            sn[i] = hNext / d;
            h[i * cols + i] = d;
            double[] g = ws.g[j];
            g[i + 1] = -sn[i] * g[i];
            g[i] = cs[i] * g[i];
            ws.inner[j] = i + 1;
            boolean invariant = hNext <= INVARIANT * d;
            if (!invariant) {
                V.scal(n, 1 / hNext, w, 0);
            }
            double estimate = Math.abs(g[i + 1]);
            if (estimate <= ws.tolerance[j] || invariant) {
                flush(ws, m, j);
                ws.event[j] = KrylovWorkspace.CHECK;
            } else if (i + 1 == cols) {
                flush(ws, m, j);
                ws.event[j] = KrylovWorkspace.RESTART;
            }
        }
    }

    /** x[j] += M⁻¹ Σ yₗ vₗ with R y = g over the cycle's steps so far; ends the cycle. */
    @Override
    void flush(Workspace ws, Preconditioner m, int j) {
        int k = ws.inner[j];
        if (k == 0) {
            return;
        }
        int n = ws.n;
        int cols = ws.m;
        double[] h = ws.hessenberg[j];
        double[] g = ws.g[j];
        double[] y = ws.coefficients;
        for (int l = k - 1; l >= 0; l--) {
            double s = g[l];
            for (int t = l + 1; t < k; t++) {
                s -= h[l * cols + t] * y[t];
            }
            y[l] = s / h[l * cols + l];
        }
        double[][] basis = ws.basis[j];
        double[] x = ws.x[j];
        if (m == null) {
            for (int l = 0; l < k; l++) {
                V.axpy(n, y[l], basis[l], 0, x, 0);
            }
        } else {
            double[] u = ws.z[j];
            V.fill(n, 0, u, 0);
            for (int l = 0; l < k; l++) {
                V.axpy(n, y[l], basis[l], 0, u, 0);
            }
            double[] correction = basis[k]; // not part of the sum, free until the next cycle
            m.apply(u, correction);
            V.axpy(n, 1, correction, 0, x, 0);
        }
        ws.inner[j] = 0;
    }
}
