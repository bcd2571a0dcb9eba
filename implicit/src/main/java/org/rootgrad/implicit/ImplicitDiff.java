package org.rootgrad.implicit;

import org.rootgrad.autodiff.Shape;
import org.rootgrad.autodiff.Tape;
import org.rootgrad.autodiff.Tensor;
import org.rootgrad.error.Checks;
import org.rootgrad.error.DimensionMismatchException;
import org.rootgrad.error.InvalidOptionException;
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
 * <p>JAXopt's decorators have their counterparts here: {@link #customRoot} and
 * {@link #customFixedPoint} turn any solver function into a differentiable
 * {@link ImplicitSolution}, and {@link #node} puts any {@link SolutionMap} (such a solution, or
 * any solver of the solvers module) on a tape, so that a function of x*(θ) recorded there has
 * exact gradients through the implicit function theorem:
 * <pre>{@code
 * ImplicitSolution ridge = ImplicitDiff.customRoot(RootFunction.gradientOf(inner, 0, 1), solve, null);
 * Tape tape = new Tape();
 * Tensor theta = tape.input("theta");
 * Tensor w = ImplicitDiff.node(tape, ridge, theta.exp());             // w*(e^θ)
 * Function validation = tape.build(xVal.matvec(w).sub(yVal).square().mean());
 * double loss = validation.valueAndGradient(ws, 0, hypergradient);   // d/dθ L(w*(e^θ))
 * }</pre>
 *
 * <p><b>Tolerances.</b> Each linear solve aims at a residual of at most
 * max(atol, rtol·‖c‖) for its right-hand side c (rtol 1e-10, atol 0 by default). Two rules keep
 * a purely relative target meaningful when c is tiny, such as the rounding noise −Bθ̇ of a
 * column of B that vanishes at the root (a parameter x*(θ) does not depend on): a warm start
 * whose residual exceeds ‖c‖ is dropped for x = 0 (it would bound the attainable residual at
 * ε‖A‖‖x₀‖), and a solve that runs out of iterations or stagnates with a normwise backward
 * error ‖r‖/(‖A‖‖s‖ + ‖c‖) of at most 100ε (‖A‖ estimated by a few power iterations, only
 * then) counts as converged: its residual is at the rounding level of A·s, the best any
 * floating-point solver attains. No absolute floor in units of c is imposed by default, so a
 * small but genuine derivative column keeps its full relative accuracy; set one with
 * {@link Builder#linearSolverOptions} if yours has a known scale.
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
    private final int denseThreshold;
    private final boolean denseThresholdSet;
    private final boolean approximations;

    /**
     * The most a formed ∂ₓF may cost, in products per decimal digit of the relative tolerance,
     * for the automatic choice to factor it: 40 products at the default 1e-10, 20 at 1e-5. A
     * Krylov solve takes a number of products proportional to the digits asked for (10 to 20 at
     * 1e-10 on well-conditioned problems); a dense solve costs the forming plus the
     * factorisation, its condition estimate and the triangular solves whatever the tolerance,
     * but is exact whatever the conditioning and serves further solves at the same point for
     * two triangular solves. Measured with the engine's weighted Gram kernel (logistic
     * regression's Hessian, d/4 products; a new point per call, one VJP after a Newton–CG
     * solve, hundreds of calls warm), dense vs CG at 1e-10: 0.43 vs 0.62 ms at 1000 × 160 (40
     * products), 2.9 vs 3.4 ms at 10000 × 160 (40), 1.08 vs 1.20 ms at 1000 × 250 (62.5), but
     * 5.5 vs 5.3 ms at 10000 × 200 (50) and 4.5 vs 3.4 ms at 4000 × 300 (75); at 1e-8: 1.47 vs
     * 2.08 ms at 10000 × 100 (25; after L-BFGS, CG preconditioned by its memory), 2.9 vs 2.9 ms
     * at 10000 × 160 (40), 1.07 vs 0.97 ms at 1000 × 250. (With the kernel's previous version,
     * 30% slower at these shapes, the budget was 3 per digit.)
     */
    public static final double FORMED_DENSE_PRODUCTS_PER_DIGIT = 4;

    private ImplicitDiff(Builder b) {
        this.solver = b.solver;
        this.options = b.options;
        this.warmStart = b.warmStart;
        this.throwOnFailure = b.throwOnFailure;
        this.denseThreshold = b.denseThreshold;
        this.denseThresholdSet = b.denseThresholdSet;
        this.approximations = b.approximations;
    }

    /**
     * Relative tolerance 1e-10, solver chosen from F's structure and size, warm start on,
     * throwing.
     */
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
     * The Krylov solver for systems with A or Aᵀ of a function with this structure, whatever
     * its size: the configured solver, or conjugate gradients for a symmetric positive definite
     * A, MINRES for a symmetric one and GMRES otherwise. Workspaces choose with
     * {@link #solverFor(Structure, int, double)}, which also knows the size and what forming A
     * costs.
     */
    public LinearSolver solverFor(Structure structure) {
        if (solver != null) {
            return solver;
        }
        return LinearSolver.forStructure(structure, options);
    }

    /**
     * The linear solver for an n×n A of this structure: the configured one, or, for n ≤
     * {@link #denseThreshold()}, dense Cholesky (positive definite) or dense LU (otherwise), and
     * above it {@link #solverFor(Structure)}.
     */
    public LinearSolver solverFor(Structure structure, int n) {
        if (solver != null) {
            return solver;
        }
        return LinearSolver.forSystem(structure, n, denseThreshold, options);
    }

    /**
     * The linear solver for an n×n A of this structure that F forms at {@code formationCost}
     * products ({@link RootFunction#jacobianXCost}; +∞ when it does not): the configured solver;
     * with an explicit {@link Builder#denseThreshold}, {@link #solverFor(Structure, int)};
     * otherwise, for a formed A, a dense direct solver when n ≤
     * {@link LinearSolver#DENSE_MATRIX_DIRECT_MAX_DIMENSION} and forming costs at most
     * {@link #FORMED_DENSE_PRODUCTS_PER_DIGIT} products per digit of the relative tolerance (a
     * least-squares Gram matrix; at the default 1e-10, a logistic Hessian with up to 160
     * features), a Krylov method above; for an A assembled from products, the default
     * threshold.
     */
    public LinearSolver solverFor(Structure structure, int n, double formationCost) {
        if (solver != null || denseThresholdSet || !(formationCost < Double.POSITIVE_INFINITY)) {
            return solverFor(structure, n);
        }
        int limit = formationCost <= FORMED_DENSE_PRODUCTS_PER_DIGIT * digits()
                ? LinearSolver.DENSE_MATRIX_DIRECT_MAX_DIMENSION : 0;
        return LinearSolver.forSystem(structure, n, limit, options);
    }

    /**
     * {@link #solverFor(Structure, int, double)}, except that for a symmetric positive definite A
     * that F approximates at {@code approximationCost} products
     * ({@link RootFunction#approximateJacobianXCost}: a Hessian from single-precision data) the
     * automatic choice is {@link LinearSolver#approximateCholesky} when forming the approximation
     * plus its refinement, one product per six digits of the relative tolerance (two at 1e-10),
     * costs less than forming A and stays within the dense budget
     * ({@link #FORMED_DENSE_PRODUCTS_PER_DIGIT} per digit). Measured at 10000 × 100 (logistic
     * regression, LogisticScalingBenchmark: a new point per call, right after the forward solve,
     * relative 1e-10): the backward pass took 1.24 ms after L-BFGS and 1.32 ms after Newton–CG,
     * against 1.54 and 1.70 ms with the exact Hessian factored; of the 1.24 ms, the
     * single-precision Hessian 0.75, its factorisation 0.05, the two refinement products 0.33.
     * Off with {@link Builder#approximations(boolean) approximations(false)}.
     */
    public LinearSolver solverFor(Structure structure, int n, double formationCost, double approximationCost) {
        if (solver != null || denseThresholdSet || !approximations || structure == null
                || !structure.isPositiveDefinite() || n > LinearSolver.DENSE_MATRIX_DIRECT_MAX_DIMENSION) {
            return solverFor(structure, n, formationCost);
        }
        double total = approximationCost + refinementProducts();
        if (total < formationCost && total <= FORMED_DENSE_PRODUCTS_PER_DIGIT * digits()) {
            return LinearSolver.approximateCholesky(options);
        }
        return solverFor(structure, n, formationCost);
    }

    /** Refinement products per solve on a single-precision approximation: one per six digits asked for. */
    double refinementProducts() {
        return Math.ceil(digits() / 6);
    }

    /** The decimal digits of the relative tolerance, between 1 and 16. */
    private double digits() {
        double rtol = options.relativeTolerance();
        return rtol > 0 ? Math.min(16, Math.max(1, -Math.log10(rtol))) : 16;
    }

    /**
     * The largest n for which the automatic choice is a dense direct solver (default
     * {@link LinearSolver#DENSE_DIRECT_MAX_DIMENSION}).
     */
    public int denseThreshold() {
        return denseThreshold;
    }

    /** The linear solvers' options: tolerances, iteration limit, ridge, warm start. */
    public LinearSolverOptions linearSolverOptions() {
        return options;
    }

    /** Whether the linear solver is chosen from F's structure and size (no {@link Builder#solver} configured). */
    public boolean choosesSolver() {
        return solver == null;
    }

    /** Whether the automatic choice may refine on an approximate factor ({@link Builder#approximations}). */
    public boolean approximations() {
        return approximations;
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
        requireFunction(f);
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
        requireFunction(f);
        double[] xDot = new double[f.dimension()];
        builder().solver(solver).build().newWorkspace(f).jvp(xStar, theta, thetaDot, xDot);
        return xDot;
    }

    /**
     * The n×m Jacobian ∂x*(θ)/∂θ = −A⁻¹B, row-major, by m JVPs or n VJPs (whichever is fewer) as
     * one block solve. Allocates.
     */
    public static double[] jacobian(RootFunction f, double[] xStar, double[] theta, LinearSolver solver) {
        requireFunction(f);
        double[] jac = new double[f.dimension() * f.parameterDimension()];
        builder().solver(solver).build().newWorkspace(f).jacobian(xStar, theta, jac);
        return jac;
    }

    private static void requireFunction(RootFunction f) {
        if (f == null) {
            throw new DimensionMismatchException("root function is null");
        }
    }

    // ---- solution maps and tape nodes ------------------------------------------------------------

    /**
     * A differentiable solution map from a root condition and a solver for it, JAXopt's
     * {@code custom_root}: {@link ImplicitSolution#evaluate} runs {@code solver} (warm-started
     * from the previous solution) and the derivatives come from F by the implicit function
     * theorem with the given configuration.
     *
     * @param f      the optimality condition F(x, θ), whose root the solver finds
     * @param solver computes the root from a starting point; shared by forks (see {@link SolverFunction#fork})
     * @param config the implicit-differentiation configuration, {@code null} for {@link #defaults()}
     * @throws DimensionMismatchException if f or solver is null
     */
    public static ImplicitSolution customRoot(RootFunction f, SolverFunction solver, ImplicitDiff config) {
        if (f == null || solver == null) {
            throw new DimensionMismatchException(f == null ? "root function is null" : "solver function is null");
        }
        return new ImplicitSolution("customRoot", f, solver, config == null ? DEFAULTS : config);
    }

    /**
     * A differentiable solution map from a fixed-point map T and a solver for its fixed point,
     * JAXopt's {@code custom_fixed_point}: differentiated through F(x, θ) = T(x, θ) − x.
     *
     * @see #customRoot
     */
    public static ImplicitSolution customFixedPoint(FixedPointMap t, SolverFunction solver, ImplicitDiff config) {
        if (t == null || solver == null) {
            throw new DimensionMismatchException(t == null ? "fixed-point map is null" : "solver function is null");
        }
        return new ImplicitSolution("customFixedPoint", RootFunction.fixedPoint(t), solver,
                config == null ? DEFAULTS : config);
    }

    /**
     * Records x*(θ) as one node of {@code tape}: a vector of n = {@code map.dimension()}
     * elements whose input θ is the concatenation of {@code thetaParts} (each flattened
     * row-major, in order; see {@link ParameterLayout}), whose sizes must add up to
     * {@code map.parameterDimension()}. The node's value is {@link SolutionMap#evaluate}, its
     * JVP and VJP are the map's {@link SolutionMap#jvp} and {@link SolutionMap#vjp}; every
     * workspace of the recorded function evaluates its own {@link SolutionMap#fork() fork} of
     * the map, warm-started from its previous solution, and allocates nothing per call after
     * the first. Second-order products through the node throw
     * {@link org.rootgrad.error.UnsupportedDerivativeException} naming it. Any solver of the
     * solvers module is a solution map, so this is how every solver joins a tape.
     *
     * <p>The map itself is never evaluated, only forked, and its {@code fork()} may be called
     * from several threads at once when workspaces are made concurrently (it must only read the
     * prototype). The recorded function is shareable like any other.
     *
     * @throws DimensionMismatchException if the parts' sizes do not add up to m
     * @throws InvalidOptionException if the map has n = 0
     */
    public static Tensor node(Tape tape, SolutionMap map, Tensor... thetaParts) {
        return node(tape, map, null, thetaParts);
    }

    /**
     * {@link #node(Tape, SolutionMap, Tensor...)} with an observer called after every value,
     * JVP and VJP of the node, on the evaluating thread, with that workspace's fork of the map
     * (to read {@link SolutionMap#lastStatus()} and {@link SolutionMap#lastDerivative()}).
     */
    public static Tensor node(Tape tape, SolutionMap map, NodeObserver observer, Tensor... thetaParts) {
        if (tape == null || map == null) {
            throw new DimensionMismatchException(tape == null ? "tape is null" : "solution map is null");
        }
        if (thetaParts == null) {
            throw new DimensionMismatchException("thetaParts is null");
        }
        int[] sizes = new int[thetaParts.length];
        for (int k = 0; k < thetaParts.length; k++) {
            if (thetaParts[k] == null) {
                throw new DimensionMismatchException("thetaParts[" + k + "] is null");
            }
            sizes[k] = thetaParts[k].size();
        }
        ParameterLayout layout = ParameterLayout.of(sizes);
        if (layout.dimension() != map.parameterDimension()) {
            throw new DimensionMismatchException("the θ parts have " + layout.dimension()
                    + " elements in all (sizes " + java.util.Arrays.toString(sizes) + ") but the solution map"
                    + " takes m = " + map.parameterDimension());
        }
        if (map.dimension() < 1) {
            throw new InvalidOptionException("the solution map has n = " + map.dimension()
                    + "; a tape node needs at least one element");
        }
        return tape.apply(new SolutionNode(map, layout, observer), Shape.vector(map.dimension()), thetaParts);
    }

    /** Builder of {@link ImplicitDiff}; not thread-safe. */
    public static final class Builder {
        private LinearSolver solver;
        private LinearSolverOptions options = LinearSolverOptions.defaults();
        private boolean warmStart = true;
        private boolean throwOnFailure = true;
        private int denseThreshold = LinearSolver.DENSE_DIRECT_MAX_DIMENSION;
        private boolean denseThresholdSet;
        private boolean approximations = true;

        private Builder() {}

        /**
         * The linear solver for systems with A and Aᵀ; {@code null} (the default) chooses a
         * dense direct solver for n ≤ {@link #denseThreshold(int)} and CG, MINRES or GMRES
         * above it, from the function's {@link RootFunction#structureX()}, with
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
         * previous adjoint is an excellent first guess. With {@link LinearSolver#approximateCholesky}
         * a new point also refines on the previous point's factor while it serves, before forming
         * and factoring its own approximate matrix (off: every point factors its own).
         */
        public Builder warmStart(boolean enabled) {
            this.warmStart = enabled;
            return this;
        }

        /**
         * The largest n for which the automatic choice is dense Cholesky or LU, whatever forming
         * A costs; 0 chooses a Krylov method for every n. Unset, the choice is
         * {@link ImplicitDiff#solverFor(Structure, int, double)}'s: by cost where F forms A, up
         * to {@link LinearSolver#DENSE_DIRECT_MAX_DIMENSION} where A is assembled from products.
         *
         * @throws InvalidOptionException if negative
         */
        public Builder denseThreshold(int maxDimension) {
            if (maxDimension < 0) {
                throw InvalidOptionException.of("denseThreshold", maxDimension, ">= 0");
            }
            this.denseThreshold = maxDimension;
            this.denseThresholdSet = true;
            return this;
        }

        /**
         * Whether the automatic choice may factor an approximation of A and refine it with exact
         * products ({@link LinearSolver#approximateCholesky}, where F forms one for less than A:
         * see {@link ImplicitDiff#solverFor(Structure, int, double, double)}); default on. For
         * the logistic and Huber objectives the approximation is the Hessian of a float copy of
         * the data, made on first use and kept: 4 bytes per entry. Off, the choice is between
         * the exact dense factor and a Krylov method alone.
         */
        public Builder approximations(boolean enabled) {
            this.approximations = enabled;
            return this;
        }

        /**
         * Throw when a linear solve fails (default), or only report it in the result; for an
         * {@link ImplicitSolution}, also when its forward solver reports failure.
         */
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
