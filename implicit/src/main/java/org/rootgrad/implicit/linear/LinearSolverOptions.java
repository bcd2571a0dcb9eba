package org.rootgrad.implicit.linear;

import org.rootgrad.error.Checks;
import org.rootgrad.error.InvalidOptionException;

/**
 * Immutable options shared by the linear solvers. A solve of (A + ρI)x = b stops successfully
 * when the true residual satisfies ‖b − (A + ρI)x‖ ≤ max(atol, rtol·‖b‖).
 *
 * <p>Thread safety: immutable, shareable. The {@link Builder} is not.
 *
 * @param relativeTolerance rtol ≥ 0 (default {@value #DEFAULT_RELATIVE_TOLERANCE})
 * @param absoluteTolerance atol ≥ 0 (default 0); rtol and atol must not both be 0
 * @param maxIterations iteration limit ≥ 1, or {@link #AUTOMATIC} (the default): 10·n for the
 *        Krylov methods (total inner steps for GMRES), {@value #AUTOMATIC_REFINEMENT_STEPS}
 *        steps for iterative refinement
 * @param ridge ρ ≥ 0 of the ridge (Tikhonov) shift A + ρI (default 0)
 * @param warmStart whether the initial content of x is the starting point (default false: the
 *        solve starts from x = 0 and ignores x's content); a Krylov method still starts from
 *        x = 0 when that point's residual exceeds ‖b‖ (a previous solution of another, larger
 *        right-hand side, say), since a large starting point limits the attainable accuracy to
 *        about ε‖A‖‖x₀‖
 * @param restart the Krylov dimension m of GMRES(m), ≥ 1 (default {@value #DEFAULT_RESTART});
 *        ignored by the other methods
 * @param throwOnFailure whether {@link LinearSolver#solve} throws when the solve does not
 *        converge (default true); {@link LinearSolver#trySolve} never does
 */
public record LinearSolverOptions(double relativeTolerance, double absoluteTolerance,
                                  int maxIterations, double ridge, boolean warmStart,
                                  int restart, boolean throwOnFailure) {

    public static final double DEFAULT_RELATIVE_TOLERANCE = 1e-10;
    public static final int DEFAULT_RESTART = 30;
    /** The value of {@link #maxIterations()} that asks for a limit chosen from n. */
    public static final int AUTOMATIC = 0;
    /** The automatic limit of iterative refinement steps. */
    public static final int AUTOMATIC_REFINEMENT_STEPS = 20;

    private static final LinearSolverOptions DEFAULTS = builder().build();

    /**
     * Validates the options (see the class comment for their ranges).
     *
     * @throws InvalidOptionException naming the first option out of range
     */
    public LinearSolverOptions {
        Checks.nonNegative("relativeTolerance", relativeTolerance);
        Checks.nonNegative("absoluteTolerance", absoluteTolerance);
        if (relativeTolerance == 0 && absoluteTolerance == 0) {
            throw new InvalidOptionException(
                    "relativeTolerance and absoluteTolerance are both 0; at least one must be positive");
        }
        if (maxIterations < 0) {
            throw InvalidOptionException.of("maxIterations", maxIterations, ">= 1, or AUTOMATIC (0)");
        }
        Checks.nonNegative("ridge", ridge);
        Checks.atLeastOne("restart", restart);
    }

    /** rtol 1e-10, atol 0, automatic iteration limit, no ridge, cold start, GMRES(30), throwing. */
    public static LinearSolverOptions defaults() {
        return DEFAULTS;
    }

    /** A builder starting from the {@link #defaults()}. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these options. */
    public Builder toBuilder() {
        return new Builder()
                .relativeTolerance(relativeTolerance)
                .absoluteTolerance(absoluteTolerance)
                .maxIterations(maxIterations)
                .ridge(ridge)
                .warmStart(warmStart)
                .restart(restart)
                .throwOnFailure(throwOnFailure);
    }

    /** The iteration limit of a Krylov method on an n×n system: the option, or 10·n. */
    public int maxIterationsFor(int n) {
        return maxIterations != AUTOMATIC ? maxIterations : (int) Math.min(Integer.MAX_VALUE, Math.max(10L, 10L * n));
    }

    /** max(atol, rtol·‖b‖). */
    public double toleranceFor(double rhsNorm) {
        return Math.max(absoluteTolerance, relativeTolerance * rhsNorm);
    }

    /**
     * Mutable builder of {@link LinearSolverOptions}; {@link #build()} validates.
     *
     * <p>Thread safety: not thread-safe (one builder per thread); the options it builds are immutable.
     */
    public static final class Builder {
        private double relativeTolerance = DEFAULT_RELATIVE_TOLERANCE;
        private double absoluteTolerance = 0;
        private int maxIterations = AUTOMATIC;
        private double ridge = 0;
        private boolean warmStart = false;
        private int restart = DEFAULT_RESTART;
        private boolean throwOnFailure = true;

        private Builder() {}

        /** rtol ≥ 0: the residual target relative to ‖b‖. */
        public Builder relativeTolerance(double rtol) {
            this.relativeTolerance = rtol;
            return this;
        }

        /** atol ≥ 0: the residual target that holds regardless of ‖b‖. */
        public Builder absoluteTolerance(double atol) {
            this.absoluteTolerance = atol;
            return this;
        }

        /** The iteration limit (≥ 1), or {@link #AUTOMATIC}. */
        public Builder maxIterations(int maxIterations) {
            this.maxIterations = maxIterations;
            return this;
        }

        /** ρ ≥ 0: solve (A + ρI)x = b. */
        public Builder ridge(double rho) {
            this.ridge = rho;
            return this;
        }

        /** Whether the initial content of x is the starting point. */
        public Builder warmStart(boolean warmStart) {
            this.warmStart = warmStart;
            return this;
        }

        /** m ≥ 1 of GMRES(m). */
        public Builder restart(int restart) {
            this.restart = restart;
            return this;
        }

        /** Whether {@link LinearSolver#solve} throws when a solve fails. */
        public Builder throwOnFailure(boolean throwOnFailure) {
            this.throwOnFailure = throwOnFailure;
            return this;
        }

        /**
         * The options.
         *
         * @throws InvalidOptionException naming the first option out of range
         */
        public LinearSolverOptions build() {
            return new LinearSolverOptions(relativeTolerance, absoluteTolerance, maxIterations,
                    ridge, warmStart, restart, throwOnFailure);
        }
    }
}
