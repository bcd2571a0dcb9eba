package org.rootgrad.implicit.linear;

import org.rootgrad.engine.linalg.Cholesky;
import org.rootgrad.error.Status;

/**
 * The workspace of {@link LinearSolver#approximateCholesky}: the approximate matrix Ã (n×n),
 * its Cholesky factor, the refinement's vectors and the fallback's conjugate-gradient workspace.
 * A factor is kept between solves like a direct solver's, after
 * {@link #reuseFactorization(boolean) reuseFactorization(true)} (see {@link SolverWorkspace}),
 * and with warm-started solves also past {@link #operatorChanged()}, on trial (see
 * {@link LinearSolver#approximateCholesky}).
 *
 * <p>Thread safety: per thread, like every workspace.
 */
public final class ApproximateCholeskyWorkspace extends SolverWorkspace {
    final double[] matrix;
    final double[] r;
    final double[] z;
    final SolverWorkspace cg;
    final Cholesky cholesky;
    /** (LLᵀ)⁻¹ of {@link #cholesky}: the refinement's step and the hand-over's preconditioner. */
    final Preconditioner factor;

    /** Whether a factor of Ã + ρI is in force; if not, {@link #fallbackReason} says why. */
    boolean factored;
    /**
     * Whether the factor in force is of an earlier operator (an earlier point's), kept on trial
     * by a warm-started solve: the first refinement step it does not serve well replaces it.
     */
    boolean stale;
    /** The residual before a refinement step, restored when a step on a stale factor is taken back. */
    final double[] previousResidual;
    /**
     * New operators to factor straight away, without a trial of the earlier factor: after a
     * failed trial the next {@link #trialBackoff}, which doubles while trials keep failing (up to
     * {@link ApproximateCholesky#MAX_TRIAL_BACKOFF}) and resets when one serves a whole solve.
     */
    int trialsSkipped;
    int trialBackoff;

    String fallbackReason;
    LinearOperator factoredBase;
    double factoredShift;
    long factoredVersion;
    private long factorizations;

    ApproximateCholeskyWorkspace(int n, int columns, SolverWorkspace cg) {
        super(n, columns);
        this.matrix = new double[n * n];
        this.r = new double[n];
        this.z = new double[n];
        this.previousResidual = new double[n];
        this.cg = cg;
        this.cholesky = new Cholesky(n);
        this.factor = Preconditioner.cholesky(cholesky);
    }

    /** Forms Ã + shift·I from {@code base} and factors it, or records why it cannot. */
    void factor(LinearOperator base, double shift) {
        int n = dimension;
        factoredBase = base;
        factoredShift = shift;
        factoredVersion = operatorVersion;
        factored = false;
        stale = false;
        if (!base.approximateDenseMatrix(matrix)) {
            fallbackReason = "the operator forms no approximate matrix: plain conjugate gradients";
            return;
        }
        for (int i = 0; i < n; i++) {
            matrix[i * n + i] += shift;
        }
        factorizations++;
        if (!cholesky.tryFactor(matrix, 0, n)) {
            fallbackReason = (cholesky.status() == Status.NON_FINITE
                    ? "the approximate matrix holds a NaN or an infinity in row "
                    : "the approximate matrix is not positive definite to working precision at pivot ")
                    + cholesky.failedPivot() + ": plain conjugate gradients";
            return;
        }
        factored = true;
        fallbackReason = null;
    }

    /** Factorisations made by this workspace since it was created. */
    public long factorizations() {
        return factorizations;
    }

    /** Whether the last solve's operator had a factor (false: it fell back to conjugate gradients). */
    public boolean factored() {
        return factored;
    }

    /** Whether the factor in force was made for an earlier operator and served the solves since. */
    public boolean stale() {
        return stale; // set only over a factor in force, cleared by every factorisation
    }

    /**
     * z ← (Ã + ρI)⁻¹r with the factor in force and true, or false when there is none: an
     * estimate of a solve, for error estimates that need no more than Ã's digits.
     */
    public boolean applyApproximateInverse(double[] r, double[] z) {
        if (!factored) {
            return false;
        }
        factor.apply(r, z);
        return true;
    }
}
