package org.rootgrad.solvers;

import org.rootgrad.error.InvalidOptionException;
import org.rootgrad.implicit.ImplicitDiff;

/**
 * The options every solver's builder shares ({@link SolverOptions}: iteration limit, tolerance,
 * implicit or unrolled derivatives, failure policy, implicit-differentiation configuration);
 * each solver's builder extends it with its own (history size, line search, damping, ...). What
 * the tolerance and the iteration limit measure is each solver's (see its class comment).
 *
 * <p>Not thread-safe; the solver it builds holds an immutable copy of the options.
 *
 * @param <B> the concrete builder, returned by every setter so calls chain
 */
public abstract class SolverBuilder<B extends SolverBuilder<B>> {
    private SolverOptions options = SolverOptions.defaults();

    /** A builder starting from {@link SolverOptions#defaults()}. */
    protected SolverBuilder() {}

    /** This builder, as its concrete type. */
    protected abstract B self();

    /** Replaces all shared options at once. */
    public B options(SolverOptions value) {
        if (value == null) {
            throw new InvalidOptionException("options must not be null");
        }
        this.options = value;
        return self();
    }

    /** The iteration limit (≥ 1; default 500). */
    public B maxIterations(int value) {
        this.options = options.withMaxIterations(value);
        return self();
    }

    /** The stopping tolerance on the solver's error criterion (> 0; default 1e-8). */
    public B tolerance(double value) {
        this.options = options.withTolerance(value);
        return self();
    }

    /**
     * Differentiate implicitly (default) or by unrolling the iterations; the solvers that
     * differentiate implicitly only (the constrained QPs) refuse {@code false} when built.
     */
    public B implicitDiff(boolean value) {
        this.options = options.withImplicitDiff(value);
        return self();
    }

    /** Throw {@link org.rootgrad.error.NotConvergedException} on failure (default) or only report it. */
    public B throwOnFailure(boolean value) {
        this.options = options.withThrowOnFailure(value);
        return self();
    }

    /** The configuration of implicit differentiation (linear solver, tolerance, warm start). */
    public B implicit(ImplicitDiff value) {
        this.options = options.withImplicit(value);
        return self();
    }

    /** The options set so far. */
    public SolverOptions options() {
        return options;
    }

    /** A solver with these options. */
    public abstract Solver build();
}
