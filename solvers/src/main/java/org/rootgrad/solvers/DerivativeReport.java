package org.rootgrad.solvers;

import java.util.Locale;
import org.rootgrad.error.Status;
import org.rootgrad.implicit.ImplicitResult;

/**
 * Diagnostics of the last derivative a {@link Solver} computed, carrying both statuses: the
 * forward solve's (was x̂ a converged solution?) and the derivative's own (did the implicit
 * linear solve converge; how many iterations were unrolled).
 *
 * <p>Owned by its solver and overwritten by its next derivative; mutable and per thread.
 */
public final class DerivativeReport {

    /**
     * How the derivative was computed.
     *
     * <p>Thread safety: an enum, immutable and shareable.
     */
    public enum Mode { IMPLICIT, UNROLLED }

    private Mode mode = Mode.IMPLICIT;
    private Status forwardStatus = Status.MAX_ITERATIONS;
    private double forwardError = Double.NaN;
    private Status status = Status.CONVERGED;
    private int iterations;
    private double residual = Double.NaN;
    private double errorEstimate = Double.NaN;
    private String method = "";

    /**
     * Records an implicit derivative and marks {@code linear} with the forward status
     * ({@link ImplicitResult#setForwardStatus}); for solver implementations.
     */
    public void implicit(SolverResult forward, ImplicitResult linear) {
        linear.setForwardStatus(forward.status());
        this.mode = Mode.IMPLICIT;
        this.forwardStatus = forward.status();
        this.forwardError = forward.error();
        this.status = linear.status();
        this.iterations = linear.iterations();
        this.residual = linear.relativeLinearResidual();
        this.errorEstimate = linear.errorEstimate();
        this.method = linear.solver();
    }

    /** Records an unrolled derivative through {@code steps} iterations; for solver implementations. */
    public void unrolled(SolverResult forward, int steps) {
        this.mode = Mode.UNROLLED;
        this.forwardStatus = forward.status();
        this.forwardError = forward.error();
        this.status = Status.CONVERGED;
        this.iterations = steps;
        this.residual = Double.NaN;
        this.errorEstimate = Double.NaN;
        this.method = "unrolled";
    }

    public Mode mode() {
        return mode;
    }

    /** Status of the forward solve whose solution was differentiated. */
    public Status forwardStatus() {
        return forwardStatus;
    }

    /** The forward solve's final error (its stopping criterion). */
    public double forwardError() {
        return forwardError;
    }

    /**
     * Status of the derivative computation: the implicit linear solve's, or CONVERGED for an
     * unrolled derivative (which is exact for the iterations it differentiates).
     */
    public Status status() {
        return status;
    }

    /** Linear-solve iterations (implicit) or differentiated solver iterations (unrolled). */
    public int iterations() {
        return iterations;
    }

    /** Relative residual of the implicit linear solve; NaN when unrolled. */
    public double relativeLinearResidual() {
        return residual;
    }

    /** The implicit derivative's estimated relative error ({@link ImplicitResult}); NaN when unrolled. */
    public double errorEstimate() {
        return errorEstimate;
    }

    /** The linear solver used, or "unrolled". */
    public String method() {
        return method;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s derivative (%s): %s, %d iterations; forward %s, error %.3e%s",
                mode, method, status, iterations, forwardStatus, forwardError,
                mode == Mode.IMPLICIT ? String.format(Locale.ROOT, ", relative residual %.2e, estimated error %.1e",
                        residual, errorEstimate) : "");
    }
}
