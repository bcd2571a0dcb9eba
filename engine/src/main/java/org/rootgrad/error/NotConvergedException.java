package org.rootgrad.error;

/**
 * An iterative computation (forward solver, Krylov solve, line search) stopped without meeting
 * its tolerance. Carries the status, the iterations used and the final residual, so the caller
 * can decide whether the approximate answer is usable.
 *
 * <p>Thread safety: immutable once constructed (its fields are final); safe to pass between threads.
 */
public class NotConvergedException extends RootgradException {
    private static final long serialVersionUID = 1L;

    private final Status status;
    private final int iterations;
    private final double residual;

    public NotConvergedException(String what, Status status, int iterations, double residual) {
        super(what + " did not converge: status " + status + " after " + iterations
                + " iterations, residual " + residual);
        this.status = status;
        this.iterations = iterations;
        this.residual = residual;
    }

    public Status status() {
        return status;
    }

    public int iterations() {
        return iterations;
    }

    public double residual() {
        return residual;
    }
}
