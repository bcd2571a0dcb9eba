package org.rootgrad.implicit;

import org.rootgrad.error.Status;

/**
 * Diagnostics of one implicit derivative: how its linear solve went, how far the point it was
 * taken at is from a root, and, where known, how the forward solve that produced that point
 * ended.
 *
 * <p><b>Error estimate.</b> A first-order estimate, not a bound, of the derivative's relative
 * error as the sum of two terms. Write r_F = F(x̂, θ) for the forward residual, and r for the
 * residual of the linear solve with solution s (the adjoint w or the tangent u) and right-hand
 * side c.
 * <ul>
 *   <li>The linear term is ‖r‖/‖c‖, multiplied by the condition estimate κ₁ when a dense direct
 *       solver provides one (then it is the classical bound κ‖r‖/‖c‖ on the solution's
 *       relative error, in the 1-norm).</li>
 *   <li>The forward term is the relative distance of x̂ from the root, ‖x̂ − x*‖/‖x̂‖, on the
 *       model that the derivative changes on the scale of x (exact for a linear system whose
 *       right-hand side is linear in x, as ∂x*(λ)/∂λ = −H⁻¹x* of ridge regression). With a dense
 *       direct solver ‖x̂ − x*‖ is taken as the Newton correction ‖A⁻¹r_F‖, which equals it to
 *       second order, at the cost of one more pair of triangular solves; with a Krylov solver it
 *       is estimated as (‖s‖/‖c‖)·‖r_F‖, ‖s‖/‖c‖ standing in for ‖A⁻¹‖ (a lower bound of it).</li>
 * </ul>
 * When the estimate exceeds the accuracy you need, tighten the forward solver if the forward
 * term dominates, else the linear solver's tolerance.
 *
 * <p>Owned by an {@link ImplicitDiffWorkspace} (or the {@link ImplicitSolution} around one) and
 * overwritten by its next call; mutable and per thread.
 */
public final class ImplicitResult {
    private String operation = "";
    private String solver = "";
    private Status status = Status.CONVERGED;
    private int iterations;
    private double linearResidual;
    private double relativeLinearResidual;
    private double forwardResidual;
    private double linearError;
    private double forwardError;
    private double reciprocalCondition = Double.NaN;
    private int columns;
    private Status forwardStatus;

    ImplicitResult() {}

    void set(String operationName, String solverName, Status linearStatus, int linearIterations,
             double residual, double relativeResidual, double forwardResidualNorm,
             double linearErrorEstimate, double forwardErrorEstimate, double rcond, int columnCount) {
        this.operation = operationName;
        this.solver = solverName;
        this.status = linearStatus;
        this.iterations = linearIterations;
        this.linearResidual = residual;
        this.relativeLinearResidual = relativeResidual;
        this.forwardResidual = forwardResidualNorm;
        this.linearError = linearErrorEstimate;
        this.forwardError = forwardErrorEstimate;
        this.reciprocalCondition = rcond;
        this.columns = columnCount;
        this.forwardStatus = null;
    }

    /** The derivative came out non-finite although its linear solve converged. */
    void nonFinite() {
        this.status = Status.NON_FINITE;
    }

    /**
     * Records how the forward solve that produced x̂ ended, for a solution map that owns that
     * solve ({@link ImplicitSolution}, the solvers module's solvers): {@link #converged()} and
     * {@link #forwardStatus()} then take it into account. Cleared by the workspace's next call.
     */
    public void setForwardStatus(Status status) {
        this.forwardStatus = status;
    }

    /** "vjp", "jvp" or "jacobian". */
    public String operation() {
        return operation;
    }

    /** Name of the linear solver used. */
    public String solver() {
        return solver;
    }

    /**
     * Status of the derivative: the linear solve's (the first failed column's for a Jacobian; a
     * solve at the rounding level counts as converged, see {@link ImplicitDiff}, "Tolerances"), or
     * {@link Status#NON_FINITE} when the solve converged but the derivative came out non-finite.
     */
    public Status status() {
        return status;
    }

    /** Whether the linear solve converged (and, where known, the forward solve too). */
    public boolean converged() {
        return status == Status.CONVERGED && (forwardStatus == null || forwardStatus == Status.CONVERGED);
    }

    /**
     * Status of the forward solve that produced x̂, when the caller knows it (an
     * {@link ImplicitSolution}, a solution node); {@code null} when the workspace was handed a
     * point without one.
     */
    public Status forwardStatus() {
        return forwardStatus;
    }

    /** Iterations of the linear solve (the most of any column for a Jacobian; 1 for a direct solve). */
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

    /** The linear solve's share of {@link #errorEstimate()} (see the class comment). */
    public double linearErrorEstimate() {
        return linearError;
    }

    /** The forward solve's share of {@link #errorEstimate()}: estimated ‖x̂ − x*‖/‖x̂‖. */
    public double forwardErrorEstimate() {
        return forwardError;
    }

    /** Estimated relative error of the derivative (see the class comment); a heuristic. */
    public double errorEstimate() {
        return linearError + forwardError;
    }

    /**
     * The reciprocal 1-norm condition estimate of A from a dense direct solver, NaN after a
     * Krylov solve.
     */
    public double reciprocalCondition() {
        return reciprocalCondition;
    }

    /** Right-hand sides solved: 1 for a VJP or JVP, min(n, m) for a Jacobian. */
    public int columns() {
        return columns;
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT,
                "%s via %s: %s in %d iterations, linear residual %.3e (relative %.3e), "
                        + "forward residual %.3e%s, estimated relative error %.1e (linear %.1e, forward %.1e)%s",
                operation, solver, status, iterations, linearResidual, relativeLinearResidual,
                forwardResidual, forwardStatus == null ? "" : " (forward solve " + forwardStatus + ")",
                errorEstimate(), linearError, forwardError,
                Double.isNaN(reciprocalCondition) ? "" : String.format(java.util.Locale.ROOT,
                        ", reciprocal condition %.1e", reciprocalCondition));
    }
}
