package org.rootgrad.implicit;

import org.rootgrad.error.Status;

/**
 * Diagnostics of one implicit derivative: how its linear solve went and how far the point it
 * was taken at is from a root.
 *
 * <p>The error estimate is a first-order heuristic, not a bound. Writing r_F = F(x̂, θ) for the
 * forward residual and r for the residual of the linear solve with solution s (the adjoint w
 * or the tangent u) and right-hand side c, the derivative's relative error is estimated as
 * ‖r‖/‖c‖ (the linear solve) plus (‖s‖/‖c‖)·‖r_F‖/‖x̂‖ (the forward solve: ‖s‖/‖c‖ stands in
 * for ‖A⁻¹‖, and ‖A⁻¹ r_F‖ ≈ ‖x̂ − x*‖). When it exceeds the accuracy you need, tighten the
 * forward solver first if the second term dominates, else the linear solver's tolerance.
 *
 * <p>Owned by an {@link ImplicitDiffWorkspace} and overwritten by its next call; mutable and
 * per thread.
 */
public final class ImplicitResult {
    private String operation = "";
    private String solver = "";
    private Status status = Status.CONVERGED;
    private int iterations;
    private double linearResidual;
    private double relativeLinearResidual;
    private double forwardResidual;
    private double errorEstimate;
    private int columns;

    ImplicitResult() {}

    void set(String operationName, String solverName, Status linearStatus, int linearIterations,
             double residual, double relativeResidual, double forwardResidualNorm,
             double relativeErrorEstimate, int columnCount) {
        this.operation = operationName;
        this.solver = solverName;
        this.status = linearStatus;
        this.iterations = linearIterations;
        this.linearResidual = residual;
        this.relativeLinearResidual = relativeResidual;
        this.forwardResidual = forwardResidualNorm;
        this.errorEstimate = relativeErrorEstimate;
        this.columns = columnCount;
    }

    /** "vjp", "jvp" or "jacobian". */
    public String operation() {
        return operation;
    }

    /** Name of the linear solver used. */
    public String solver() {
        return solver;
    }

    /** Status of the linear solve (the worst column's for a Jacobian). */
    public Status status() {
        return status;
    }

    public boolean converged() {
        return status == Status.CONVERGED;
    }

    /** Iterations of the linear solve (the most of any column for a Jacobian). */
    public int iterations() {
        return iterations;
    }

    /** ‖c − Ms‖ of the linear solve (largest over columns for a Jacobian). */
    public double linearResidual() {
        return linearResidual;
    }

    /** ‖c − Ms‖ / ‖c‖ of the linear solve (largest over columns for a Jacobian). */
    public double relativeLinearResidual() {
        return relativeLinearResidual;
    }

    /** ‖F(x̂, θ)‖ at the point the derivative was taken: 0 at an exact root. */
    public double forwardResidual() {
        return forwardResidual;
    }

    /** Estimated relative error of the derivative (see the class comment); a heuristic. */
    public double errorEstimate() {
        return errorEstimate;
    }

    /** Right-hand sides solved: 1 for a VJP or JVP, min(n, m) for a Jacobian. */
    public int columns() {
        return columns;
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT,
                "%s via %s: %s in %d iterations, linear residual %.3e (relative %.3e), "
                        + "forward residual %.3e, estimated relative error %.1e",
                operation, solver, status, iterations, linearResidual, relativeLinearResidual,
                forwardResidual, errorEstimate);
    }
}
