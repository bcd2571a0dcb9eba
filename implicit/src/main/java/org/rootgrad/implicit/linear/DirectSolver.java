package org.rootgrad.implicit.linear;

import org.rootgrad.engine.ArrayKernels;
import org.rootgrad.engine.MatrixKernels;
import org.rootgrad.error.DimensionMismatchException;
import org.rootgrad.error.Status;

/**
 * Dense direct solves of (A + ρI)x = b: the matrix is read from a {@link DenseOperator} (through
 * transposed, re-tagged and ridge views) or assembled column by column from n products of a
 * matrix-free operator, factored (Cholesky, LU or QR), and solved; a transposed view of the
 * factored operator is solved with the same factorisation (Aᵀ = UᵀLᵀP for LU, RᵀQᵀ for QR).
 *
 * <p>Every solve checks itself like the Krylov methods: the true residual ‖b − (A + ρI)x‖ is
 * computed with the factored matrix and held to the tolerance; a failed factorisation reports
 * {@link Status#INDEFINITE} (Cholesky meets a non-positive pivot), {@link Status#SINGULAR} (an
 * exactly zero pivot, or a reciprocal condition estimate below machine epsilon: singular to
 * working precision, LAPACK's criterion) or {@link Status#NON_FINITE}, with x = 0 and an
 * explanation in {@link SolveResult#detail()}; a residual above the tolerance on a
 * well-conditioned matrix reports {@link Status#STAGNATED} (wrap the solver in
 * {@link LinearSolver#iterativeRefinement}). The warm-start and iteration-limit options have no
 * effect, nor does a preconditioner.
 */
final class DirectSolver implements LinearSolver {
    private static final ArrayKernels V = ArrayKernels.active();
    private static final MatrixKernels M = MatrixKernels.active();
    /** Machine epsilon, 2⁻⁵²: a reciprocal condition below it means singular to working precision. */
    private static final double EPSILON = Math.ulp(1.0);

    /** The factorisation a solver uses. */
    enum Kind {
        CHOLESKY("dense Cholesky"),
        LU("dense LU"),
        QR("dense QR");

        final String label;

        Kind(String label) {
            this.label = label;
        }
    }

    private final Kind kind;
    private final LinearSolverOptions options;
    private final double rho;

    DirectSolver(Kind kind, LinearSolverOptions options) {
        if (kind == null || options == null) {
            throw new DimensionMismatchException(kind == null ? "kind is null" : "options is null");
        }
        this.kind = kind;
        this.options = options;
        this.rho = options.ridge();
    }

    @Override
    public boolean usesPreconditioner() {
        return false;
    }

    @Override
    public String name() {
        return kind.label;
    }

    @Override
    public LinearSolverOptions options() {
        return options;
    }

    @Override
    public SolverWorkspace newWorkspace(int n, int columns) {
        return new DirectSolverWorkspace(kind, n, columns);
    }

    @Override
    public SolveResult trySolve(SolverWorkspace workspace, LinearOperator a, Preconditioner preconditioner,
                                double[] b, double[] x) {
        DirectSolverWorkspace ws = checked(workspace, a, preconditioner);
        int n = ws.dimension;
        SolveChecks.vectors(n, b, x);
        SolveResult result = ws.single;
        result.begin(name(), 0, 1);
        if (!start(result, n, b, x)) {
            return result;
        }
        boolean transposed = prepare(ws, a);
        if (!ws.factored) {
            fail(ws, result, x);
            return result;
        }
        System.arraycopy(b, 0, x, 0, n);
        ws.factorization.solve(x, transposed);
        finish(ws, result, b, x, transposed);
        return result;
    }

    @Override
    public BlockSolveResult trySolveBlock(SolverWorkspace workspace, LinearOperator a,
                                          Preconditioner preconditioner, double[][] b, double[][] x) {
        DirectSolverWorkspace ws = checked(workspace, a, preconditioner);
        int n = ws.dimension;
        SolveChecks.block(n, ws.columns, b, x);
        int k = b.length;
        BlockSolveResult block = ws.block;
        block.begin(name(), k);
        int count = 0;
        for (int j = 0; j < k; j++) {
            if (start(block.results[j], n, b[j], x[j])) {
                ws.active[count++] = j;
            }
        }
        if (count == 0) {
            return block;
        }
        boolean transposed = prepare(ws, a);
        if (!ws.factored) {
            for (int c = 0; c < count; c++) {
                int j = ws.active[c];
                fail(ws, block.results[j], x[j]);
            }
            return block;
        }
        if (count == 1) {
            int j = ws.active[0];
            System.arraycopy(b[j], 0, x[j], 0, n);
            ws.factorization.solve(x[j], transposed);
        } else {
            double[] rhs = ws.rhsBlock;
            for (int c = 0; c < count; c++) {
                double[] bj = b[ws.active[c]];
                for (int i = 0; i < n; i++) {
                    rhs[i * count + c] = bj[i];
                }
            }
            ws.factorization.solve(count, rhs, count, transposed);
            for (int c = 0; c < count; c++) {
                double[] xj = x[ws.active[c]];
                for (int i = 0; i < n; i++) {
                    xj[i] = rhs[i * count + c];
                }
            }
        }
        for (int c = 0; c < count; c++) {
            int j = ws.active[c];
            finish(ws, block.results[j], b[j], x[j], transposed);
        }
        return block;
    }

    // ---- steps ---------------------------------------------------------------------------------

    private DirectSolverWorkspace checked(SolverWorkspace workspace, LinearOperator a, Preconditioner m) {
        SolveChecks.system(name(), workspace, a);
        if (!(workspace instanceof DirectSolverWorkspace ws) || ws.kind != kind) {
            throw new DimensionMismatchException("workspace " + workspace.getClass().getSimpleName()
                    + " was not made by " + name() + "; use its newWorkspace");
        }
        SolveChecks.preconditioner(name(), m, a.rows(), false);
        return ws;
    }

    /** The b = 0 and non-finite b cases; true when the column needs a solve. */
    private boolean start(SolveResult result, int n, double[] b, double[] x) {
        double bn = V.nrm2(n, b, 0);
        if (!Double.isFinite(bn)) {
            result.rhs(bn, Double.NaN);
            result.end(Status.NON_FINITE, 0, Double.NaN);
            return false;
        }
        result.rhs(bn, options.toleranceFor(bn));
        if (bn == 0) {
            V.fill(n, 0, x, 0);
            result.end(Status.CONVERGED, 0, 0);
            return false;
        }
        return true;
    }

    /** After a failed factorisation: x = 0, whose true residual is ‖b‖. */
    private static void fail(DirectSolverWorkspace ws, SolveResult result, double[] x) {
        V.fill(ws.dimension, 0, x, 0);
        result.end(ws.factorStatus, 0, result.rhsNorm());
        result.failure(ws.failureDetail, ws.failedIndex);
    }

    /** The true residual of x and the status it earns. */
    private static void finish(DirectSolverWorkspace ws, SolveResult result, double[] b, double[] x,
                               boolean transposed) {
        int n = ws.dimension;
        double[] r = ws.residual;
        double rn;
        if (transposed) {
            System.arraycopy(b, 0, r, 0, n);
            M.gemvT(n, n, -1, ws.factoredData, ws.factoredOffset, ws.factoredLd, x, 0, 1, r, 0);
            rn = V.nrm2(n, r, 0);
        } else {
            double rr = M.residual(n, n, ws.factoredData, ws.factoredOffset, ws.factoredLd, x, 0, b, 0, r, 0);
            rn = KrylovSolver.norm(n, r, rr);
        }
        result.reciprocalCondition(ws.reciprocalCondition);
        Status status;
        if (!Double.isFinite(rn)) {
            status = Status.NON_FINITE;
        } else if (ws.factorStatus == Status.SINGULAR) {
            status = Status.SINGULAR; // factored, but singular to working precision
            result.failure(ws.failureDetail, ws.failedIndex);
        } else if (rn <= result.tolerance()) {
            status = Status.CONVERGED;
        } else {
            status = Status.STAGNATED;
            result.failure("the direct solve's residual misses the tolerance; refine it with "
                    + "LinearSolver.iterativeRefinement or loosen the tolerance", -1);
        }
        result.end(status, 1, rn);
    }

    /**
     * Makes sure the workspace holds a factorisation of the operator behind {@code a} (reusing
     * the one in force when allowed) and returns whether {@code a} is its transpose.
     */
    private boolean prepare(DirectSolverWorkspace ws, LinearOperator a) {
        LinearOperator base = a;
        boolean transposed = false;
        double shift = rho;
        while (true) {
            if (base instanceof TransposeOperator t) {
                base = t.base;
                transposed = !transposed;
            } else if (base instanceof StructuredOperator s) {
                base = s.base;
            } else if (base instanceof RidgeOperator r) {
                shift += r.rho;
                base = r.base;
            } else {
                break;
            }
        }
        boolean reusable = ws.reuseFactorization && ws.factoredBase == base && ws.factoredShift == shift
                && ws.factoredVersion == ws.operatorVersion;
        if (!reusable) {
            factor(ws, a, base, shift);
        }
        return transposed;
    }

    private void factor(DirectSolverWorkspace ws, LinearOperator tagged, LinearOperator base, double shift) {
        int n = ws.dimension;
        ws.factoredBase = base;
        ws.factoredShift = shift;
        ws.factoredVersion = ws.operatorVersion;
        ws.factored = false;
        ws.failureDetail = null;
        ws.failedIndex = -1;
        ws.reciprocalCondition = Double.NaN;
        if (base instanceof DenseOperator dense && shift == 0) {
            ws.factoredData = dense.data();
            ws.factoredOffset = dense.offset();
            ws.factoredLd = dense.leadingDimension();
        } else {
            double[] m = ws.matrix();
            if (base instanceof DenseOperator dense) {
                double[] data = dense.data();
                for (int i = 0; i < n; i++) {
                    System.arraycopy(data, dense.offset() + i * dense.leadingDimension(), m, i * n, n);
                }
            } else if (!assemble(ws, base, m)) {
                return;
            }
            for (int i = 0; i < n; i++) {
                m[i * n + i] += shift;
            }
            ws.factoredData = m;
            ws.factoredOffset = 0;
            ws.factoredLd = n;
        }
        ws.countFactorization();
        DenseFactorization f = ws.factorization;
        if (!f.factor(ws.factoredData, ws.factoredOffset, ws.factoredLd)) {
            ws.factorStatus = f.status;
            ws.failedIndex = f.failedPivot;
            ws.failureDetail = explain(f.status, f.failedPivot, tagged.structure());
            return;
        }
        double rcond = f.reciprocalCondition(ws.factoredData, ws.factoredOffset, ws.factoredLd,
                ws.column, ws.residual, ws.norms);
        ws.reciprocalCondition = rcond;
        ws.factored = true;
        if (rcond < EPSILON) {
            ws.factorStatus = Status.SINGULAR;
            ws.failureDetail = "the matrix is singular to working precision: reciprocal condition estimate "
                    + rcond + " is below machine epsilon";
        } else {
            ws.factorStatus = Status.CONVERGED;
        }
    }

    /**
     * The operator's own dense matrix ({@link LinearOperator#denseMatrix}) where it forms one,
     * else column j as the product with e_j; false (NON_FINITE) if an entry is not finite.
     */
    private static boolean assemble(DirectSolverWorkspace ws, LinearOperator base, double[] m) {
        int n = ws.dimension;
        if (base.denseMatrix(m)) {
            for (int i = 0; i < n * n; i++) {
                if (!Double.isFinite(m[i])) {
                    ws.factorStatus = Status.NON_FINITE;
                    ws.failedIndex = i % n;
                    ws.failureDetail = "the operator's dense matrix holds " + m[i] + " in row " + i / n
                            + ", column " + i % n;
                    return false;
                }
            }
            return true;
        }
        double[] e = ws.unit;
        double[] col = ws.column;
        V.fill(n, 0, e, 0);
        for (int j = 0; j < n; j++) {
            e[j] = 1;
            base.apply(e, col);
            e[j] = 0;
            for (int i = 0; i < n; i++) {
                double v = col[i];
                if (!Double.isFinite(v)) {
                    ws.countProducts(j + 1);
                    ws.factorStatus = Status.NON_FINITE;
                    ws.failedIndex = j;
                    ws.failureDetail = "the operator's product with unit vector e_" + j
                            + " holds " + v + " in row " + i;
                    return false;
                }
                m[i * n + j] = v;
            }
        }
        ws.countProducts(n);
        return true;
    }

    private String explain(Status status, int pivot, Structure tag) {
        return switch (status) {
            case INDEFINITE -> "the matrix is not positive definite to working precision: Cholesky pivot "
                    + pivot + " is not positive (the operator is tagged " + tag + "); an indefinite "
                    + "or non-symmetric matrix needs dense LU, MINRES or GMRES";
            case SINGULAR -> kind == Kind.QR
                    ? "R(" + pivot + ", " + pivot + ") is exactly zero: the matrix is singular"
                    : "LU pivot " + pivot + " is exactly zero: the matrix is singular";
            default -> "the matrix holds a NaN or an infinity (row " + pivot + ")";
        };
    }

    @Override
    public String toString() {
        return name();
    }
}
