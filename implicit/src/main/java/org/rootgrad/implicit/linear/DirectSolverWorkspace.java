package org.rootgrad.implicit.linear;

import org.rootgrad.error.Status;

/**
 * The workspace of a dense direct solver ({@link LinearSolver#denseCholesky},
 * {@link LinearSolver#denseLu}, {@link LinearSolver#denseQr}): the factorisation, the n×n matrix
 * assembled from a matrix-free operator's products (made on first need), the block buffer of
 * many-right-hand-side solves, and counters that show what the solves cost.
 *
 * <p>A factorisation is kept for later solves only after {@link #reuseFactorization(boolean)
 * reuseFactorization(true)} (see {@link SolverWorkspace}); a block solve always factors once for
 * all its right-hand sides.
 *
 * <p>Thread safety: per thread, like every workspace.
 */
public final class DirectSolverWorkspace extends SolverWorkspace {
    final DirectSolver.Kind kind;
    final DenseFactorization factorization;
    /** n×n: the operator assembled from products, or a dense matrix with a shift on its diagonal. */
    double[] matrix;
    final double[] unit;
    final double[] column;
    final double[] residual;
    final double[] norms;
    /** Row-major n×columns right-hand sides of a block solve (null when columns = 1). */
    final double[] rhsBlock;
    final int[] active;

    // the factorisation in force
    boolean factored;
    LinearOperator factoredBase;
    double factoredShift;
    long factoredVersion;
    /** The matrix of the factorisation (the dense operator's array or {@link #matrix}). */
    double[] factoredData;
    int factoredOffset;
    int factoredLd;
    Status factorStatus = Status.CONVERGED;
    String failureDetail;
    int failedIndex = -1;
    double reciprocalCondition = Double.NaN;

    private long factorizations;
    private long operatorProducts;

    DirectSolverWorkspace(DirectSolver.Kind kind, int n, int columns) {
        super(n, columns);
        this.kind = kind;
        this.factorization = DenseFactorization.of(kind, n);
        this.unit = new double[n];
        this.column = new double[n];
        this.residual = new double[n];
        this.norms = new double[n];
        this.rhsBlock = columns > 1 ? new double[n * columns] : null;
        this.active = new int[columns];
    }

    /** Factorisations made by this workspace since it was created (a block solve makes at most one). */
    public long factorizations() {
        return factorizations;
    }

    /**
     * Products with a matrix-free operator spent assembling it (n per factorisation; none for a
     * dense operator, whose array is read directly).
     */
    public long operatorProducts() {
        return operatorProducts;
    }

    /**
     * The reciprocal 1-norm condition estimate of the last factorisation (see
     * {@link SolveResult#reciprocalCondition()}); NaN before the first one or after a failed one.
     */
    public double reciprocalCondition() {
        return reciprocalCondition;
    }

    /** Outcome of the last factorisation: CONVERGED, or INDEFINITE, SINGULAR, NON_FINITE. */
    public Status factorizationStatus() {
        return factorStatus;
    }

    void countFactorization() {
        factorizations++;
    }

    void countProducts(int count) {
        operatorProducts += count;
    }

    double[] matrix() {
        if (matrix == null) {
            matrix = new double[dimension * dimension];
        }
        return matrix;
    }
}
