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

    void copyFrom(SolveResult other) {
        this.status = other.status;
        this.iterations = other.iterations;
        this.residualNorm = other.residualNorm;
        this.rhsNorm = other.rhsNorm;
        this.tolerance = other.tolerance;
        this.curvature = other.curvature;
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
     * restarts) for GMRES, double steps for BiCGSTAB, refinement steps for iterative refinement;
     * 0 when the starting point already met the tolerance (or b = 0).
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
                + residualNorm + " (relative " + relativeResidual() + ", tolerance " + tolerance + ")";
    }
}
