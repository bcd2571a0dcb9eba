package org.rootgrad.implicit.linear;

import org.rootgrad.error.IndefiniteOperatorException;
import org.rootgrad.error.NotConvergedException;
import org.rootgrad.error.SingularOperatorException;
import org.rootgrad.error.Status;

/**
 * The outcome of one linear solve: its {@link Status}, the iterations taken and the true
 * residual ‖b − (A + ρI)x‖ recomputed from the returned x (not the recurrence's estimate).
 *
 * <p>Owned by the solver's {@link SolverWorkspace} and overwritten by its next solve, so that
 * a solve allocates nothing: read it (or copy what you need) before solving again.
 *
 * <p>Thread safety: mutable, per thread, like its workspace.
 */
public final class SolveResult {
    private String solver = "";
    private int column;
    private int columns = 1;
    private Status status = Status.CONVERGED;
    private int iterations;
    private double residualNorm;
    private double rhsNorm;
    private double tolerance;
    private double curvature = Double.NaN;
    private double reciprocalCondition = Double.NaN;
    private String detail;
    private int failedIndex = -1;

    SolveResult() {}

    void begin(String solverName, int columnIndex, int columnCount) {
        this.solver = solverName;
        this.column = columnIndex;
        this.columns = columnCount;
        this.status = Status.CONVERGED;
        this.iterations = 0;
        this.residualNorm = Double.NaN;
        this.rhsNorm = Double.NaN;
        this.tolerance = Double.NaN;
        this.curvature = Double.NaN;
        this.reciprocalCondition = Double.NaN;
        this.detail = null;
        this.failedIndex = -1;
    }

    void rhs(double norm, double tol) {
        this.rhsNorm = norm;
        this.tolerance = tol;
    }

    void end(Status outcome, int iterationCount, double trueResidualNorm) {
        this.status = outcome;
        this.iterations = iterationCount;
        this.residualNorm = trueResidualNorm;
    }

    void curvature(double value) {
        this.curvature = value;
    }

    /** For direct solvers: the condition estimate of the factorisation used. */
    void reciprocalCondition(double value) {
        this.reciprocalCondition = value;
    }

    /** A direct solver's explanation of a failure (made once per failed factorisation). */
    void failure(String explanation, int index) {
        this.detail = explanation;
        this.failedIndex = index;
    }

    void copyFrom(SolveResult other) {
        this.status = other.status;
        this.iterations = other.iterations;
        this.residualNorm = other.residualNorm;
        this.rhsNorm = other.rhsNorm;
        this.tolerance = other.tolerance;
        this.curvature = other.curvature;
        this.reciprocalCondition = other.reciprocalCondition;
        this.detail = other.detail;
        this.failedIndex = other.failedIndex;
    }

    /** How the solve ended; only {@link Status#CONVERGED} means the tolerance was met. */
    public Status status() {
        return status;
    }

    /** Whether the true residual met the tolerance. */
    public boolean converged() {
        return status == Status.CONVERGED;
    }

    /**
     * Iterations taken: operator products for CG and MINRES, Arnoldi steps (summed over
     * restarts) for GMRES, double steps for BiCGSTAB, refinement steps for iterative refinement,
     * 1 for a dense direct solve (factorisations are counted by its
     * {@link DirectSolverWorkspace}); 0 when the starting point already met the tolerance (or
     * b = 0).
     */
    public int iterations() {
        return iterations;
    }

    /** ‖b − (A + ρI)x‖ for the returned x, recomputed at the end; NaN if b was not finite. */
    public double residualNorm() {
        return residualNorm;
    }

    /** ‖b − (A + ρI)x‖ / ‖b‖ (0 when b = 0). */
    public double relativeResidual() {
        return rhsNorm == 0 ? residualNorm : residualNorm / rhsNorm;
    }

    /** ‖b‖. */
    public double rhsNorm() {
        return rhsNorm;
    }

    /** The tolerance the residual was held to, max(atol, rtol·‖b‖). */
    public double tolerance() {
        return tolerance;
    }

    /**
     * For {@link Status#INDEFINITE}: the non-positive curvature pᵀAp conjugate gradients met;
     * NaN otherwise.
     */
    public double curvature() {
        return curvature;
    }

    /**
     * For the dense direct solvers: an estimate of the reciprocal 1-norm condition number
     * 1/(‖A‖₁‖A⁻¹‖₁) of the factored matrix (Hager and Higham's estimator, a few extra
     * triangular solves), in [0, 1]; below machine epsilon the matrix is singular to working
     * precision and the solve reports {@link Status#SINGULAR}. NaN for the Krylov methods.
     */
    public double reciprocalCondition() {
        return reciprocalCondition;
    }

    /**
     * Why a direct solve failed (which pivot, what the operator was tagged, what to do), or
     * {@code null} when it did not fail or the solver gives no details.
     */
    public String detail() {
        return detail;
    }

    /** The name of the solver that produced this result. */
    public String solver() {
        return solver;
    }

    /**
     * Throws unless the solve converged: {@link IndefiniteOperatorException} for
     * {@link Status#INDEFINITE} (index: the iteration, value: the curvature),
     * {@link SingularOperatorException} for {@link Status#SINGULAR}, otherwise
     * {@link NotConvergedException} with the status, iterations and true residual.
     *
     * @return this result, when it converged
     */
    public SolveResult throwIfFailed() {
        if (status == Status.CONVERGED) {
            return this;
        }
        String what = columns == 1 ? solver
                : solver + " (right-hand side " + column + " of " + columns + ")";
        if (detail != null) {
            throw switch (status) {
                case INDEFINITE -> new IndefiniteOperatorException(what + ": " + detail, failedIndex, curvature);
                case SINGULAR -> new SingularOperatorException(what + ": " + detail, failedIndex);
                default -> new NotConvergedException(what + " (" + detail + ")", status, iterations, residualNorm);
            };
        }
        throw switch (status) {
            case INDEFINITE -> new IndefiniteOperatorException(what
                    + ": the operator is not positive definite: curvature pᵀAp = " + curvature
                    + " at iteration " + iterations + " (residual " + residualNorm + ")",
                    iterations, curvature);
            case SINGULAR -> new SingularOperatorException(
                    what + ": the operator is singular to working precision", iterations);
            default -> new NotConvergedException(what, status, iterations, residualNorm);
        };
    }

    @Override
    public String toString() {
        return solver + ": " + status + " after " + iterations + " iterations, residual "
                + residualNorm + " (relative " + relativeResidual() + ", tolerance " + tolerance + ")"
                + (Double.isNaN(reciprocalCondition) ? "" : ", reciprocal condition " + reciprocalCondition)
                + (detail == null ? "" : ": " + detail);
    }
}
