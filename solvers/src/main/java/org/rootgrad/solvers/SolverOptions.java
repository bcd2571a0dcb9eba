package org.rootgrad.solvers;

import org.rootgrad.error.Checks;
import org.rootgrad.error.InvalidOptionException;
import org.rootgrad.implicit.ImplicitDiff;

/**
 * Options every solver shares. Immutable and shareable; each solver's builder sets them next to
 * its own (step sizes, line search, history size, ...).
 *
 * @param maxIterations  the iteration limit (≥ 1)
 * @param tolerance      the stopping tolerance on the solver's error criterion (> 0)
 * @param implicitDiff   differentiate the solution implicitly (true, the default) or by
 *                       unrolling the iterations (false, which records them during each run)
 * @param throwOnFailure throw {@link org.rootgrad.error.NotConvergedException} when a run does
 *                       not converge (true, the default) or only report it in the result
 * @param implicit       configuration of implicit differentiation (linear solver, tolerance)
 */
public record SolverOptions(int maxIterations, double tolerance, boolean implicitDiff,
                            boolean throwOnFailure, ImplicitDiff implicit) {

    public SolverOptions {
        Checks.atLeastOne("maxIterations", maxIterations);
        Checks.positive("tolerance", tolerance);
        if (implicit == null) {
            throw new InvalidOptionException("implicit differentiation options must not be null");
        }
    }

    /** 500 iterations, tolerance 1e-8, implicit differentiation, throwing on failure. */
    public static SolverOptions defaults() {
        return new SolverOptions(500, 1e-8, true, true, ImplicitDiff.defaults());
    }

    public SolverOptions withMaxIterations(int value) {
        return new SolverOptions(value, tolerance, implicitDiff, throwOnFailure, implicit);
    }

    public SolverOptions withTolerance(double value) {
        return new SolverOptions(maxIterations, value, implicitDiff, throwOnFailure, implicit);
    }

    public SolverOptions withImplicitDiff(boolean value) {
        return new SolverOptions(maxIterations, tolerance, value, throwOnFailure, implicit);
    }

    public SolverOptions withThrowOnFailure(boolean value) {
        return new SolverOptions(maxIterations, tolerance, implicitDiff, value, implicit);
    }

    public SolverOptions withImplicit(ImplicitDiff value) {
        return new SolverOptions(maxIterations, tolerance, implicitDiff, throwOnFailure, value);
    }
}
