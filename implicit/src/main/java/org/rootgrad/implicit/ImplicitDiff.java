package org.rootgrad.implicit;

import org.rootgrad.error.Checks;
import org.rootgrad.error.DimensionMismatchException;
import org.rootgrad.implicit.linear.LinearSolver;
import org.rootgrad.implicit.linear.LinearSolverOptions;
import org.rootgrad.implicit.linear.Structure;

/**
 * Implicit differentiation of a root x*(θ) of F(x, θ) = 0: with A = ∂ₓF and B = ∂θF at (x*, θ),
 * the implicit function theorem gives ∂x*(θ)/∂θ = −A⁻¹B, so
 * <ul>
 *   <li>a VJP (reverse mode) solves Aᵀw = −x̄ and returns θ̄ = Bᵀw;</li>
 *   <li>a JVP (forward mode) solves Au = −Bθ̇ and returns ẋ = u;</li>
 *   <li>the Jacobian takes m JVPs or n VJPs, whichever is fewer, as one block solve.</li>
 * </ul>
 * Every product with A, Aᵀ and B is one of F's JVPs or VJPs ({@link RootFunction}); nothing is
 * materialised.
 *
 * <p>This class is the immutable configuration (linear solver, warm start, failure policy);
 * the work happens in an {@link ImplicitDiffWorkspace} made once per function and thread, which
 * allocates nothing per call. The static methods {@link #rootVjp}, {@link #rootJvp} and
 * {@link #jacobian} are one-shot conveniences that allocate.
 *
 * <p>Thread safety: immutable and shareable.
 */
public final class ImplicitDiff {

    /** The default tolerances: relative 1e-10 on the adjoint or tangent system. */
    private static final ImplicitDiff DEFAULTS = builder().build();

    private final LinearSolver solver;
    private final LinearSolverOptions options;
    private final boolean warmStart;
    private final boolean throwOnFailure;

    private ImplicitDiff(Builder b) {
        this.solver = b.solver;
        this.options = b.options;
        this.warmStart = b.warmStart;
        this.throwOnFailure = b.throwOnFailure;
    }

    /** Relative tolerance 1e-10, solver chosen from F's structure, warm start on, throwing. */
    public static ImplicitDiff defaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A workspace for differentiating roots of {@code f}; per thread, like {@code f}. */
    public ImplicitDiffWorkspace newWorkspace(RootFunction f) {
        if (f == null) {
            throw new DimensionMismatchException("root function is null");
        }
        return new ImplicitDiffWorkspace(this, f);
    }

    /**
     * The linear solver used for systems with A or Aᵀ of a function with this structure: the
     * configured one, or conjugate gradients for a symmetric positive definite A, MINRES for a
     * symmetric one and GMRES otherwise.
     */
    public LinearSolver solverFor(Structure structure) {
        if (solver != null) {
            return solver;
        }
        return LinearSolver.forStructure(structure, options);
    }

    /** Whether each solve starts from the previous solution of the same workspace. */
    public boolean warmStart() {
        return warmStart;
    }

    /** Whether a failed linear solve throws (the default) or is only reported in the result. */
    public boolean throwOnFailure() {
        return throwOnFailure;
    }

    // ---- one-shot conveniences (allocate) ----------------------------------------------------

    /**
     * θ̄ = x̄ᵀ ∂x*(θ)/∂θ = −Bᵀ A⁻ᵀ x̄ at a root x* of F(·, θ), with the given linear solver
     * ({@code null} to choose from F's structure). Allocates; use a workspace in loops.
     */
    public static double[] rootVjp(RootFunction f, double[] xStar, double[] theta, double[] xBar,
                                   LinearSolver solver) {
        double[] thetaBar = new double[f.parameterDimension()];
        builder().solver(solver).build().newWorkspace(f).vjp(xStar, theta, xBar, thetaBar);
        return thetaBar;
    }

    /**
     * ẋ = ∂x*(θ)/∂θ · θ̇ = −A⁻¹ B θ̇ at a root x* of F(·, θ), with the given linear solver
     * ({@code null} to choose from F's structure). Allocates; use a workspace in loops.
     */
    public static double[] rootJvp(RootFunction f, double[] xStar, double[] theta, double[] thetaDot,
                                   LinearSolver solver) {
        double[] xDot = new double[f.dimension()];
        builder().solver(solver).build().newWorkspace(f).jvp(xStar, theta, thetaDot, xDot);
        return xDot;
    }

    /**
     * The n×m Jacobian ∂x*(θ)/∂θ = −A⁻¹B, row-major, by m JVPs or n VJPs (whichever is fewer) as
     * one block solve. Allocates.
     */
    public static double[] jacobian(RootFunction f, double[] xStar, double[] theta, LinearSolver solver) {
        double[] jac = new double[f.dimension() * f.parameterDimension()];
        builder().solver(solver).build().newWorkspace(f).jacobian(xStar, theta, jac);
        return jac;
    }

    /** Builder of {@link ImplicitDiff}; not thread-safe. */
    public static final class Builder {
        private LinearSolver solver;
        private LinearSolverOptions options = LinearSolverOptions.defaults();
        private boolean warmStart = true;
        private boolean throwOnFailure = true;

        private Builder() {}

        /**
         * The linear solver for systems with A and Aᵀ; {@code null} (the default) chooses CG,
         * MINRES or GMRES from the function's {@link RootFunction#structureX()} with
         * {@link #linearSolverOptions}. A configured solver's own warm-start option decides
         * whether a previous solution is used as the starting point.
         */
        public Builder solver(LinearSolver linearSolver) {
            this.solver = linearSolver;
            return this;
        }

        /** Options of the automatically chosen solver (tolerances, iteration limit, ridge). */
        public Builder linearSolverOptions(LinearSolverOptions linearSolverOptions) {
            if (linearSolverOptions == null) {
                throw new DimensionMismatchException("linear solver options are null");
            }
            this.options = linearSolverOptions;
            return this;
        }

        /** Shorthand for the automatically chosen solver's relative tolerance. */
        public Builder tolerance(double relativeTolerance) {
            Checks.positive("tolerance", relativeTolerance);
            this.options = options.toBuilder().relativeTolerance(relativeTolerance).build();
            return this;
        }

        /**
         * Start each solve from the previous solution of the same workspace (default on): across
         * repeated calls at nearby points, such as the steps of a hyperparameter search, the
         * previous adjoint is an excellent first guess.
         */
        public Builder warmStart(boolean enabled) {
            this.warmStart = enabled;
            return this;
        }

        /** Throw when a linear solve fails (default), or only report it in the result. */
        public Builder throwOnFailure(boolean enabled) {
            this.throwOnFailure = enabled;
            return this;
        }

        public ImplicitDiff build() {
            // The automatic solver never throws by itself: the workspace decides, so that the
            // result it reports is always filled in first.
            options = options.toBuilder().warmStart(warmStart).throwOnFailure(false).build();
            return new ImplicitDiff(this);
        }
    }
}
