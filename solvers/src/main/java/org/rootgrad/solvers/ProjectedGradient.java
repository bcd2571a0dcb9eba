package org.rootgrad.solvers;

import org.rootgrad.autodiff.Objective;
import org.rootgrad.error.DimensionMismatchException;
import org.rootgrad.implicit.ImplicitResult;
import org.rootgrad.solvers.projection.Projection;
import org.rootgrad.solvers.prox.Prox;

/**
 * Projected gradient descent for min f(x, θ_f) over x ∈ C(θ_C): proximal gradient with g the
 * indicator of C, whose prox is the projection, x_{k+1} = P(y_k − t_k∇ₓf(y_k, θ_f), θ_C). θ is
 * (θ_f, θ_C) concatenated, e.g. [θ_f..., r] for {@link Projection#l2Ball}. Steps (fixed or
 * backtracking), FISTA acceleration, the stopping rule (‖x_{k+1} − y_k‖/t_k ≤ tolerance) and both
 * kinds of derivatives are {@link ProximalGradient}'s, implicit ones on the active set where the
 * projection's Jacobian at the solution is an orthogonal projector (non-negative orthant, box,
 * simplex, l1 ball, hyperplane, ...; {@link Builder#activeSetReduction(boolean)}); the
 * optimality condition is F(x, θ) = P(x − η∇ₓf(x, θ_f), θ_C) − x.
 *
 * <p>Not thread-safe; {@link #fork()} for another thread.
 */
public final class ProjectedGradient extends AbstractSolver {
    private final Objective f;
    private final Projection projection;
    private final ProximalGradient inner;
    private final boolean accelerated;

    private ProjectedGradient(Builder b) {
        super(b.accelerated ? "accelerated projected gradient" : "projected gradient",
                b.f.dimension(), b.f.parameterDimension() + b.projection.parameterDimension(),
                b.options());
        this.f = b.f;
        this.projection = b.projection;
        this.inner = b.inner.options(b.options()).build();
        this.accelerated = b.accelerated;
    }

    /**
     * A builder for min f over the set of {@code projection}; defaults: backtracking from t = 1,
     * no acceleration. f and the projection are held (fork them first if used elsewhere).
     *
     * @throws DimensionMismatchException if either is null or their dimensions differ
     */
    public static Builder builder(Objective f, Projection projection) {
        if (projection == null) {
            throw new DimensionMismatchException("projection is null");
        }
        if (f == null) {
            throw new DimensionMismatchException("objective f is null");
        }
        return new Builder(f, projection);
    }

    /** F(x, θ) = P(x − η∇ₓf(x, θ_f), θ_C) − x at the step η of the last run. */
    @Override
    public ProximalGradientCondition optimalityCondition() {
        return inner.optimalityCondition();
    }

    @Override
    protected void solve(double[] init, double[] theta, SolverResult out) {
        inner.solve(init, theta, out);
    }

    @Override
    protected ImplicitResult implicitJvp(double[] thetaDot, double[] xDot) {
        return inner.reduces(result.solution(), lastTheta())
                ? inner.reduction().jvp(thetaDot, xDot) : super.implicitJvp(thetaDot, xDot);
    }

    @Override
    protected ImplicitResult implicitVjp(double[] xBar, double[] thetaBar) {
        return inner.reduces(result.solution(), lastTheta())
                ? inner.reduction().vjp(xBar, thetaBar) : super.implicitVjp(xBar, thetaBar);
    }

    /** Whether implicit derivatives are solved on the active set where the projection allows it. */
    public boolean activeSetReduction() {
        return inner.activeSetReduction();
    }

    @Override
    protected void unrolledJvp(double[] thetaDot, double[] xDot) {
        inner.unrolledJvp(thetaDot, xDot);
    }

    @Override
    protected void unrolledVjp(double[] xBar, double[] thetaBar) {
        inner.unrolledVjp(xBar, thetaBar);
    }

    @Override
    protected int unrolledSteps() {
        return inner.unrolledSteps();
    }

    /** Bytes held by the recorded iterations of the last unrolled run. */
    public long unrolledBytes() {
        return inner.unrolledBytes();
    }

    /** An independent solver with the same options on forks of f and the projection. */
    @Override
    public ProjectedGradient fork() {
        Builder b = new Builder(f.fork(), projection.fork());
        b.inner = inner.toBuilder(b.f, Prox.of(b.projection));
        b.options(options);
        b.accelerated = accelerated;
        return new ProjectedGradient(b);
    }

    /** Builder of {@link ProjectedGradient}; not thread-safe. */
    public static final class Builder extends SolverBuilder<Builder> {
        private final Objective f;
        private final Projection projection;
        private ProximalGradient.Builder inner;
        private boolean accelerated;

        private Builder(Objective f, Projection projection) {
            this.f = f;
            this.projection = projection;
            this.inner = ProximalGradient.builder(f, Prox.of(projection));
        }

        @Override
        protected Builder self() {
            return this;
        }

        /** A fixed step t (no line search); converges for t ≤ 1/L. */
        public Builder fixedStep(double t) {
            inner.fixedStep(t);
            return this;
        }

        /** Backtracking, first trying t₀ (default 1). */
        public Builder lineSearch(double initialStep) {
            inner.lineSearch(initialStep);
            return this;
        }

        /** FISTA's momentum (default off). */
        public Builder accelerated(boolean value) {
            inner.accelerated(value);
            this.accelerated = value;
            return this;
        }

        /**
         * Solve implicit derivatives on the active set where the projection's Jacobian at the
         * solution allows it (default true), or always through the full condition.
         */
        public Builder activeSetReduction(boolean value) {
            inner.activeSetReduction(value);
            return this;
        }

        @Override
        public ProjectedGradient build() {
            return new ProjectedGradient(this);
        }
    }
}
