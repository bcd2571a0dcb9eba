package org.rootgrad.implicit.linear;

import org.rootgrad.engine.ArrayKernels;
import org.rootgrad.error.DimensionMismatchException;
import org.rootgrad.error.Status;

/**
 * The lockstep driver shared by the Krylov methods. A method supplies {@link #start} (set up
 * the recurrence of some columns from their true residuals r[j]) and {@link #step} (one
 * iteration of every active column, flagging events); the driver owns the rest: validation,
 * b = 0 and non-finite b, the initial residual, the iteration limit, and the verification of
 * every claimed convergence against the true residual b − (A + ρI)x. A column whose recurrence
 * claims convergence but whose true residual misses the tolerance continues with the true
 * residual in place of the drifted one (residual replacement) or, where the method cannot,
 * restarts from it; one whose true residual stops decreasing between two such checks ends
 * {@link Status#STAGNATED}.
 */
abstract class KrylovSolver<W extends KrylovWorkspace> implements LinearSolver {
    static final ArrayKernels V = ArrayKernels.active();

    final LinearSolverOptions options;
    final double rho;
    private final String name;
    private final boolean needsSpdPreconditioner;
    private final Class<W> workspaceType;

    KrylovSolver(LinearSolverOptions options, String name, boolean needsSpdPreconditioner,
                 Class<W> workspaceType) {
        if (options == null) {
            throw new DimensionMismatchException("options is null");
        }
        this.options = options;
        this.rho = options.ridge();
        this.name = name;
        this.needsSpdPreconditioner = needsSpdPreconditioner;
        this.workspaceType = workspaceType;
    }

    /** A workspace of the method's type. */
    abstract W createWorkspace(int n, int columns);

    /**
     * Sets up the recurrence of columns {@code cols[0 .. count)} from r[j], the true residual of
     * the current x[j], with norm {@code lastResidual[j]} > tolerance. A column that cannot
     * start calls {@link KrylovWorkspace#stop}. {@code m} is null for no preconditioner.
     */
    abstract void start(W ws, LinearOperator a, Preconditioner m, int[] cols, int count);

    /**
     * One iteration of every active column. Sets {@code event[j]} to {@link KrylovWorkspace#CHECK}
     * when the recurrence meets the tolerance (x[j] updated), {@link KrylovWorkspace#RESTART}
     * when a restart is due, or stops the column; leaves it {@link KrylovWorkspace#NONE} otherwise.
     */
    abstract void step(W ws, LinearOperator a, Preconditioner m);

    /** Brings x[j] up to date before the final residual of a column stopped by the iteration limit. */
    void flush(W ws, Preconditioner m, int j) {}

    /**
     * After a claimed convergence that the true residual r[j] (norm {@code residualNorm}, still
     * above the tolerance) did not confirm: continue the recurrence with r[j] in place of its
     * drifted residual (residual replacement) and return true, or return false to have the
     * driver restart the column from r[j] with {@link #start}. The default restarts.
     */
    boolean resume(W ws, Preconditioner m, int j, double residualNorm) {
        return false;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final LinearSolverOptions options() {
        return options;
    }

    @Override
    public final SolverWorkspace newWorkspace(int n, int columns) {
        return createWorkspace(n, columns);
    }

    @Override
    public final SolveResult trySolve(SolverWorkspace workspace, LinearOperator a,
                                      Preconditioner preconditioner, double[] b, double[] x) {
        W ws = checked(workspace, a, preconditioner);
        SolveChecks.vectors(ws.n, b, x);
        ws.singleB[0] = b;
        ws.singleX[0] = x;
        ws.single.begin(name, 0, 1);
        try {
            run(ws, a, effective(preconditioner), ws.singleB, ws.singleX, 1, ws.singleTarget);
        } finally {
            ws.singleB[0] = null;
            ws.singleX[0] = null;
        }
        return ws.single;
    }

    @Override
    public final BlockSolveResult trySolveBlock(SolverWorkspace workspace, LinearOperator a,
                                                Preconditioner preconditioner, double[][] b,
                                                double[][] x) {
        W ws = checked(workspace, a, preconditioner);
        SolveChecks.block(ws.n, ws.columns, b, x);
        ws.block.begin(name, b.length);
        run(ws, a, effective(preconditioner), b, x, b.length, ws.block.results);
        return ws.block;
    }

    private W checked(SolverWorkspace workspace, LinearOperator a, Preconditioner m) {
        SolveChecks.system(name, workspace, a);
        if (!workspaceType.isInstance(workspace)) {
            throw new DimensionMismatchException("workspace " + workspace.getClass().getSimpleName()
                    + " was not made by " + name + "; use its newWorkspace");
        }
        SolveChecks.preconditioner(name, m, a.rows(), needsSpdPreconditioner);
        return workspaceType.cast(workspace);
    }

    private static Preconditioner effective(Preconditioner m) {
        return m instanceof IdentityPreconditioner ? null : m;
    }

    private void run(W ws, LinearOperator a, Preconditioner m, double[][] b, double[][] x, int k,
                     SolveResult[] results) {
        int n = ws.n;
        ws.b = b;
        ws.x = x;
        try {
            int count = 0;
            for (int j = 0; j < k; j++) {
                double bn = V.nrm2(n, b[j], 0);
                if (!Double.isFinite(bn)) {
                    results[j].rhs(bn, Double.NaN);
                    results[j].end(Status.NON_FINITE, 0, Double.NaN);
                    continue;
                }
                double tol = options.toleranceFor(bn);
                results[j].rhs(bn, tol);
                if (bn == 0) {
                    V.fill(n, 0, x[j], 0);
                    results[j].end(Status.CONVERGED, 0, 0);
                    continue;
                }
                ws.tolerance[j] = tol;
                ws.iterations[j] = 0;
                ws.event[j] = KrylovWorkspace.NONE;
                if (!options.warmStart()) {
                    V.fill(n, 0, x[j], 0);
                }
                ws.pick[count++] = j;
            }
            if (options.warmStart()) {
                trueResiduals(ws, a, ws.pick, count);
                for (int c = 0; c < count; c++) {
                    int j = ws.pick[c];
                    // A starting point worse than x = 0 (residual above ‖b‖) is dropped: besides
                    // wasting iterations, its size would bound the attainable accuracy at
                    // ε‖A‖‖x₀‖, which no relative tolerance on a small b could then meet.
                    if (!(ws.residualNorm[j] <= results[j].rhsNorm())) {
                        V.fill(n, 0, x[j], 0);
                        V.copy(n, b[j], 0, ws.r[j], 0);
                        ws.residualNorm[j] = results[j].rhsNorm();
                    }
                }
            } else {
                for (int c = 0; c < count; c++) {
                    int j = ws.pick[c];
                    V.copy(n, b[j], 0, ws.r[j], 0);
                    ws.residualNorm[j] = results[j].rhsNorm();
                }
            }
            int starting = 0;
            for (int c = 0; c < count; c++) {
                int j = ws.pick[c];
                double rn = ws.residualNorm[j];
                if (!Double.isFinite(rn)) {
                    results[j].end(Status.NON_FINITE, 0, rn);
                } else if (rn <= ws.tolerance[j]) {
                    results[j].end(Status.CONVERGED, 0, rn);
                } else {
                    ws.lastResidual[j] = rn;
                    ws.pick[starting++] = j;
                }
            }
            ws.activeCount = 0;
            if (starting > 0) {
                start(ws, a, m, ws.pick, starting);
            }
            for (int c = 0; c < starting; c++) {
                int j = ws.pick[c];
                if (ws.event[j] == KrylovWorkspace.TERMINAL) {
                    finish(ws, results[j], j, ws.terminal[j], ws.lastResidual[j]);
                } else {
                    ws.active[ws.activeCount++] = j;
                }
            }
            iterate(ws, a, m, results);
        } finally {
            ws.b = null;
            ws.x = null;
        }
    }

    private void iterate(W ws, LinearOperator a, Preconditioner m, SolveResult[] results) {
        int maxIterations = options.maxIterationsFor(ws.n);
        int iteration = 0;
        while (ws.activeCount > 0 && iteration < maxIterations) {
            for (int c = 0; c < ws.activeCount; c++) {
                ws.event[ws.active[c]] = KrylovWorkspace.NONE;
            }
            step(ws, a, m);
            iteration++;
            int checks = 0;
            for (int c = 0; c < ws.activeCount; c++) {
                int j = ws.active[c];
                ws.iterations[j]++;
                if (ws.event[j] != KrylovWorkspace.NONE) {
                    ws.pick[checks++] = j;
                }
            }
            if (checks == 0) {
                continue;
            }
            trueResiduals(ws, a, ws.pick, checks);
            int restarts = 0;
            for (int c = 0; c < checks; c++) {
                int j = ws.pick[c];
                double rn = ws.residualNorm[j];
                if (ws.event[j] == KrylovWorkspace.TERMINAL) {
                    finish(ws, results[j], j, ws.terminal[j], rn);
                } else if (!Double.isFinite(rn)) {
                    finish(ws, results[j], j, Status.NON_FINITE, rn);
                } else if (rn <= ws.tolerance[j]) {
                    finish(ws, results[j], j, Status.CONVERGED, rn);
                } else if (rn >= ws.lastResidual[j]) {
                    finish(ws, results[j], j, Status.STAGNATED, rn);
                } else {
                    ws.lastResidual[j] = rn;
                    boolean resumed = ws.event[j] == KrylovWorkspace.CHECK && resume(ws, m, j, rn);
                    ws.event[j] = KrylovWorkspace.NONE;
                    if (!resumed) {
                        ws.pick[restarts++] = j;
                    }
                }
            }
            if (restarts > 0) {
                start(ws, a, m, ws.pick, restarts);
                for (int c = 0; c < restarts; c++) {
                    int j = ws.pick[c];
                    if (ws.event[j] == KrylovWorkspace.TERMINAL) {
                        finish(ws, results[j], j, ws.terminal[j], ws.lastResidual[j]);
                    }
                }
            }
            int kept = 0;
            for (int c = 0; c < ws.activeCount; c++) {
                int j = ws.active[c];
                if (ws.event[j] != KrylovWorkspace.FINISHED) {
                    ws.active[kept++] = j;
                }
            }
            ws.activeCount = kept;
        }
        if (ws.activeCount > 0) {
            for (int c = 0; c < ws.activeCount; c++) {
                flush(ws, m, ws.active[c]);
            }
            trueResiduals(ws, a, ws.active, ws.activeCount);
            for (int c = 0; c < ws.activeCount; c++) {
                int j = ws.active[c];
                double rn = ws.residualNorm[j];
                Status status = !Double.isFinite(rn) ? Status.NON_FINITE
                        : rn <= ws.tolerance[j] ? Status.CONVERGED : Status.MAX_ITERATIONS;
                finish(ws, results[j], j, status, rn);
            }
            ws.activeCount = 0;
        }
    }

    private static void finish(KrylovWorkspace ws, SolveResult result, int j, Status status,
                               double residual) {
        result.end(status, ws.iterations[j], residual);
        if (status == Status.INDEFINITE) {
            result.curvature(ws.terminalValue[j]);
        }
        ws.event[j] = KrylovWorkspace.FINISHED;
    }

    /** r[j] ← b[j] − (A + ρI)x[j] and its norm into residualNorm[j], for the given columns. */
    final void trueResiduals(W ws, LinearOperator a, int[] cols, int count) {
        int n = ws.n;
        if (count == 0) {
            return;
        }
        if (count == 1) {
            int j = cols[0];
            double rr = a.residual(ws.x[j], ws.b[j], ws.r[j]);
            if (rho != 0) {
                V.axpy(n, -rho, ws.x[j], 0, ws.r[j], 0);
                ws.residualNorm[j] = V.nrm2(n, ws.r[j], 0);
            } else {
                ws.residualNorm[j] = norm(n, ws.r[j], rr);
            }
            return;
        }
        for (int c = 0; c < count; c++) {
            ws.in[c] = ws.x[cols[c]];
            ws.out[c] = ws.r[cols[c]];
        }
        applyShifted(a, count, ws.in, ws.out);
        for (int c = 0; c < count; c++) {
            int j = cols[c];
            V.axpby(n, 1, ws.b[j], 0, -1, ws.r[j], 0);
            ws.residualNorm[j] = V.nrm2(n, ws.r[j], 0);
        }
        clearSlots(ws, count);
    }

    /** out[c] ← (A + ρI) in[c] for c < count. */
    final void applyShifted(LinearOperator a, int count, double[][] in, double[][] out) {
        if (count == 0) {
            return;
        }
        if (count == 1) {
            a.apply(in[0], out[0]);
        } else {
            a.applyBlock(count, in, out);
        }
        if (rho != 0) {
            int n = a.rows();
            for (int c = 0; c < count; c++) {
                V.axpy(n, rho, in[c], 0, out[c], 0);
            }
        }
    }

    /** out[c] ← (A + ρI)ᵀ in[c] for c < count. */
    final void applyShiftedTranspose(LinearOperator a, int count, double[][] in, double[][] out) {
        if (count == 0) {
            return;
        }
        if (count == 1) {
            a.applyTranspose(in[0], out[0]);
        } else {
            a.applyTransposeBlock(count, in, out);
        }
        if (rho != 0) {
            int n = a.rows();
            for (int c = 0; c < count; c++) {
                V.axpy(n, rho, in[c], 0, out[c], 0);
            }
        }
    }

    /** Drops the references in the product slots, so no user array outlives the solve. */
    static void clearSlots(KrylovWorkspace ws, int count) {
        for (int c = 0; c < count; c++) {
            ws.in[c] = null;
            ws.out[c] = null;
        }
    }

    /** √(rᵀr) from a computed rᵀr, falling back to the scaled nrm2 where rᵀr over- or underflowed. */
    static double norm(int n, double[] r, double rr) {
        if (rr >= 0x1p-900 && rr <= 0x1p900) {
            return Math.sqrt(rr);
        }
        return V.nrm2(n, r, 0);
    }
}
