package org.rootgrad.implicit.linear;

/**
 * Preconditioned Richardson iteration x ← x + M⁻¹(b − (A + ρI)x) in lockstep over the active
 * right-hand sides: per step and column one preconditioner application and one product (the
 * true residual the driver verifies after every step). With M⁻¹ an exact inverse of A from a
 * factorisation the caller already has (a forward solver's own), the first step is the solution
 * and its residual check the only product; further steps are iterative refinement with that
 * factorisation. A step that does not reduce the true residual ends the column STAGNATED.
 */
final class Richardson extends KrylovSolver<Richardson.Workspace> {

    static final class Workspace extends KrylovWorkspace {
        final double[][] z;

        Workspace(int n, int columns) {
            super(n, columns);
            z = new double[columns][n];
        }
    }

    Richardson(LinearSolverOptions options) {
        super(options, "Richardson", false, Workspace.class);
    }

    @Override
    Workspace createWorkspace(int n, int columns) {
        return new Workspace(n, columns);
    }

    /** Nothing to set up: each step reads the true residual r[j] the driver keeps. */
    @Override
    void start(Workspace ws, LinearOperator a, Preconditioner m, int[] cols, int count) {
    }

    /** Every step ends at a true residual, so the iteration simply continues from it. */
    @Override
    boolean resume(Workspace ws, Preconditioner m, int j, double residualNorm) {
        return true;
    }

    @Override
    void step(Workspace ws, LinearOperator a, Preconditioner m) {
        int n = ws.n;
        for (int c = 0; c < ws.activeCount; c++) {
            int j = ws.active[c];
            double[] z = ws.r[j];
            if (m != null) {
                m.apply(ws.r[j], ws.z[j]);
                z = ws.z[j];
            }
            V.axpy(n, 1.0, z, 0, ws.x[j], 0);
            ws.event[j] = KrylovWorkspace.CHECK; // the driver computes b − Ax and judges it
        }
    }
}
