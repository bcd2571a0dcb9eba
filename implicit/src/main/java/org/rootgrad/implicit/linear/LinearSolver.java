package org.rootgrad.implicit.linear;

import org.rootgrad.error.DimensionMismatchException;

/**
 * A method for square linear systems (A + ρI)x = b, ρ being the {@link LinearSolverOptions#ridge()
 * ridge} option: the Krylov methods here (conjugate gradients, MINRES, GMRES, BiCGSTAB, CG on the
 * normal equations), the dense direct solvers (Cholesky, LU, QR), and iterative refinement around
 * any of them.
 *
 * <p>A solver is immutable; its scratch memory is a {@link SolverWorkspace} made once per size
 * and thread by {@link #newWorkspace}, after which solves allocate nothing. Each solve returns a
 * result owned by that workspace: its status, iterations and the true residual
 * ‖b − (A + ρI)x‖ recomputed from the returned x. {@link #trySolve} reports failures only in the
 * result; {@link #solve} also throws ({@link org.rootgrad.error.NotConvergedException}, or
 * {@link org.rootgrad.error.IndefiniteOperatorException} when conjugate gradients meets
 * non-positive curvature) unless the {@link LinearSolverOptions#throwOnFailure()} option is off.
 * A failed solve leaves its last iterate in x (unspecified after {@code NON_FINITE}); it never
 * pretends to have converged.
 *
 * <p>Special cases: b = 0 gives x = 0 exactly, converged at iteration 0; a NaN or infinity in b
 * or produced by the operator or preconditioner gives {@code NON_FINITE}; a starting point
 * (warm start) that already meets the tolerance returns at iteration 0 with x unchanged.
 *
 * <p>Block solves take k right-hand sides as column arrays: {@code b[j]} and {@code x[j]},
 * {@code j < k}, each of length n. The Krylov methods run the k solves in lockstep, with one
 * block operator product per step ({@link LinearOperator#applyBlock}); a column that has
 * converged stops updating.
 *
 * <p>Arguments are validated once per call (lengths, shapes, the workspace's size, the
 * preconditioner's dimension and, for CG and MINRES, that it is positive definite), throwing
 * {@link DimensionMismatchException} or {@link org.rootgrad.error.InvalidOptionException} that
 * names the argument.
 *
 * <p>Thread safety: solvers are immutable and shareable; workspaces and results are per thread;
 * an operator or preconditioner is used as its own thread safety allows.
 */
public interface LinearSolver {

    /** A short human-readable name, e.g. {@code "GMRES(30)"}; used in exception messages. */
    String name();

    /** The options this solver was made with. */
    LinearSolverOptions options();

    /**
     * Whether a preconditioner passed to this solver has any effect (false for the direct
     * solvers), so that a caller can skip building one that would be ignored.
     */
    default boolean usesPreconditioner() {
        return true;
    }

    /** A workspace for single solves of n×n systems. */
    default SolverWorkspace newWorkspace(int n) {
        return newWorkspace(n, 1);
    }

    /**
     * A workspace for n×n systems and block solves with up to {@code columns} right-hand sides.
     *
     * @throws DimensionMismatchException if n &lt; 0 or columns &lt; 1
     */
    SolverWorkspace newWorkspace(int n, int columns);

    /**
     * Solves (A + ρI)x = b, reporting failures only in the result.
     *
     * @param workspace made by this solver's {@link #newWorkspace} for n = a.rows()
     * @param a a square n×n operator
     * @param preconditioner M⁻¹, or {@code null} for none
     * @param b the right-hand side, n elements, not modified
     * @param x the solution, n elements; its initial content is the starting point only with
     *        the warm-start option
     * @return the workspace's result, valid until its next solve
     */
    SolveResult trySolve(SolverWorkspace workspace, LinearOperator a, Preconditioner preconditioner,
                         double[] b, double[] x);

    /**
     * {@link #trySolve}, then throws if the solve failed and the throw-on-failure option is on
     * (the default).
     */
    default SolveResult solve(SolverWorkspace workspace, LinearOperator a,
                              Preconditioner preconditioner, double[] b, double[] x) {
        SolveResult result = trySolve(workspace, a, preconditioner, b, x);
        if (options().throwOnFailure()) {
            result.throwIfFailed();
        }
        return result;
    }

    /** {@link #solve} without a preconditioner. */
    default SolveResult solve(SolverWorkspace workspace, LinearOperator a, double[] b, double[] x) {
        return solve(workspace, a, null, b, x);
    }

    /**
     * {@link #solve} with a workspace made for this one call (allocates: not for hot loops).
     */
    default SolveResult solve(LinearOperator a, double[] b, double[] x) {
        if (a == null) {
            throw new DimensionMismatchException("a is null");
        }
        return solve(newWorkspace(a.rows()), a, null, b, x);
    }

    /**
     * Solves (A + ρI)x[j] = b[j] for every j &lt; k = b.length, reporting failures only in the
     * result. The default solves the columns one after the other; the Krylov methods override
     * it with a lockstep solve.
     *
     * @param b k right-hand sides of n elements (k ≤ the workspace's columns), not modified
     * @param x k solutions of n elements, distinct arrays
     * @return the workspace's block result, valid until its next block solve
     */
    default BlockSolveResult trySolveBlock(SolverWorkspace workspace, LinearOperator a,
                                           Preconditioner preconditioner, double[][] b,
                                           double[][] x) {
        SolveChecks.system(name(), workspace, a);
        SolveChecks.block(a.rows(), workspace.columns, b, x);
        BlockSolveResult block = workspace.block;
        block.begin(name(), b.length);
        for (int j = 0; j < b.length; j++) {
            block.results[j].copyFrom(trySolve(workspace, a, preconditioner, b[j], x[j]));
        }
        return block;
    }

    /**
     * {@link #trySolveBlock}, then throws for the first failed column if the throw-on-failure
     * option is on.
     */
    default BlockSolveResult solveBlock(SolverWorkspace workspace, LinearOperator a,
                                        Preconditioner preconditioner, double[][] b, double[][] x) {
        BlockSolveResult result = trySolveBlock(workspace, a, preconditioner, b, x);
        if (options().throwOnFailure()) {
            result.throwIfFailed();
        }
        return result;
    }

    // ---- the methods -------------------------------------------------------------------------------

    /**
     * Preconditioned conjugate gradients, for symmetric positive definite A (and SPD M⁻¹). Meets
     * non-positive curvature pᵀAp ≤ 0 → {@link org.rootgrad.error.Status#INDEFINITE}. Per
     * iteration: one product, one fused CG update, one fused direction update (plus one
     * preconditioner application, fused with its dot product for Jacobi).
     */
    static LinearSolver conjugateGradient(LinearSolverOptions options) {
        return new ConjugateGradient(options);
    }

    /**
     * Preconditioned MINRES (Paige and Saunders), for symmetric, possibly indefinite A such as a
     * KKT matrix; M⁻¹ must be symmetric positive definite. Minimises ‖b − Ax‖ over the Krylov
     * space (in the M⁻¹-norm when preconditioned).
     */
    static LinearSolver minres(LinearSolverOptions options) {
        return new Minres(options);
    }

    /**
     * Restarted GMRES(m), m = {@link LinearSolverOptions#restart()}, right-preconditioned (so it
     * minimises the true residual), with modified Gram–Schmidt and Givens rotations; for any
     * nonsingular A. Memory: m + 2 vectors per right-hand side.
     */
    static LinearSolver gmres(LinearSolverOptions options) {
        return new Gmres(options);
    }

    /** BiCGSTAB (van der Vorst), right-preconditioned, for any nonsingular A; two products per iteration. */
    static LinearSolver biCgStab(LinearSolverOptions options) {
        return new BiCgStab(options);
    }

    /**
     * Preconditioned Richardson iteration x ← x + M⁻¹(b − (A + ρI)x), every step checked against
     * the true residual, for an M⁻¹ that is (nearly) A⁻¹: a factorisation the caller already
     * holds (a forward solver's), turned into a solver with the usual result and failure
     * reporting. An exact inverse converges in one step (one preconditioner application, one
     * product); an approximate one refines iteratively while each step reduces the residual,
     * else ends {@link org.rootgrad.error.Status#STAGNATED}. Without a preconditioner it
     * converges only when the spectral radius of I − A is below 1.
     */
    static LinearSolver richardson(LinearSolverOptions options) {
        return new Richardson(options);
    }

    /**
     * Conjugate gradients on the normal equations AᵀAx = Aᵀb (CGNR, in the CGLS arrangement that
     * updates the residual b − Ax itself), for any A; an optional SPD preconditioner approximates
     * (AᵀA)⁻¹. It squares the condition number, so it converges far slower than CG on an SPD A
     * or GMRES on a well-conditioned general A: a last resort. An inconsistent system ends
     * {@link org.rootgrad.error.Status#STAGNATED} at its least-squares solution.
     */
    static LinearSolver normalConjugateGradient(LinearSolverOptions options) {
        return new NormalConjugateGradient(options);
    }

    /**
     * Iterative refinement: x ← x + d with A d ≈ r = b − (A + ρI)x solved by {@code inner},
     * until the true residual meets this solver's tolerance; ρ is this solver's ridge option,
     * so an inner solver with a larger ridge (an approximate solve) is refined towards the exact
     * one. Iterations count refinement steps; the automatic limit is
     * {@value LinearSolverOptions#AUTOMATIC_REFINEMENT_STEPS}. A step that does not reduce the
     * residual is taken back, ending with {@link org.rootgrad.error.Status#STAGNATED}.
     */
    static LinearSolver iterativeRefinement(LinearSolver inner, LinearSolverOptions options) {
        return new IterativeRefinement(inner, options);
    }

    /**
     * Dense Cholesky, for symmetric positive definite A: reads a {@link DenseOperator}'s array
     * (through transposed, re-tagged and ridge views) or assembles a matrix-free operator from n
     * products, factors A + ρI = LLᵀ (n³/3 flops), and solves by two triangular solves. A
     * non-positive pivot reports {@link org.rootgrad.error.Status#INDEFINITE} with the pivot and
     * the operator's tag in {@link SolveResult#detail()}. A block solve factors once for all its
     * right-hand sides; with {@link SolverWorkspace#reuseFactorization} later solves with the
     * same operator or its transpose reuse the factorisation. Every solve reports its true
     * residual and a reciprocal condition estimate; below machine epsilon it reports
     * {@link org.rootgrad.error.Status#SINGULAR}. The workspace is a {@link DirectSolverWorkspace}
     * (n² doubles for the factor, n² more for an assembled or shifted matrix).
     */
    static LinearSolver denseCholesky(LinearSolverOptions options) {
        return new DirectSolver(DirectSolver.Kind.CHOLESKY, options);
    }

    /**
     * For symmetric positive definite A whose operator forms an approximation Ã of its matrix
     * cheaply ({@link LinearOperator#approximateDenseMatrix}, e.g. a logistic or Huber Hessian
     * from single-precision data, at half the exact one's cost): factors Ã + ρI once per operator
     * and refines with exact products, each step's true residual b − (A + ρI)x one product;
     * from a single-precision Ã, a relative residual of 1e-10 takes two. A step that shrinks the
     * residual less than tenfold hands the rest to conjugate gradients preconditioned by the
     * factor; without an approximation, or with one that is not positive definite, the solve is
     * plain conjugate gradients with the caller's preconditioner (the reason in
     * {@link SolveResult#detail()}). With {@link LinearSolverOptions#warmStart()} and a workspace
     * that keeps factors, a new operator (the next point's, as parameters move between calls)
     * first refines on the factor it finds, while each step shrinks the residual at least
     * hundredfold, and forms and factors its own Ã at the first step that does not (after which
     * the next few new operators factor straight away). The workspace is an
     * {@link ApproximateCholeskyWorkspace}.
     */
    static LinearSolver approximateCholesky(LinearSolverOptions options) {
        return new ApproximateCholesky(options);
    }

    /**
     * Dense LU with partial pivoting, for any nonsingular A (2n³/3 flops), as
     * {@link #denseCholesky} otherwise; a system with a transposed view of the factored operator
     * is solved with the same factors (Aᵀ = UᵀLᵀP), so a VJP after a JVP at the same point costs
     * two triangular solves. An exactly zero pivot or a condition estimate below machine
     * epsilon reports {@link org.rootgrad.error.Status#SINGULAR}.
     */
    static LinearSolver denseLu(LinearSolverOptions options) {
        return new DirectSolver(DirectSolver.Kind.LU, options);
    }

    /**
     * Dense Householder QR, for any nonsingular A (4n³/3 flops, twice LU's, with Q formed once
     * per factorisation): unconditionally backward stable where LU's growth factor is a worry;
     * otherwise as {@link #denseLu}.
     */
    static LinearSolver denseQr(LinearSolverOptions options) {
        return new DirectSolver(DirectSolver.Kind.QR, options);
    }

    /**
     * The largest n for which the automatic choice for a matrix-free operator ({@link #forSystem},
     * {@link #forOperator}, the implicit-differentiation default where F does not form ∂ₓF
     * itself; where it does, see {@code ImplicitDiff.solverFor(Structure, int, double)}) is a
     * dense direct solver.
     * Measured by {@code bench.implicit.DirectVsKrylovBenchmark} (ridge regression's Hessian on
     * the tape, κ ≈ 50, one VJP per point, relative residual 1e-10; best of many runs on a shared
     * machine): assembling by n products and factoring took about CG's time up to n = 50, 1.3×
     * at n = 100 and 2.2× at n = 200; every further solve at the same point (a JVP and a VJP, a
     * Jacobian) is then nearly free, and the cost does not grow with κ as CG's does.
     */
    int DENSE_DIRECT_MAX_DIMENSION = 100;

    /**
     * The largest n for which the automatic choice for an operator backed by a dense array (a
     * {@link DenseOperator} or a transposed, re-tagged or ridge view of one) is a dense direct
     * solver. Measured as above on SPD matrices with κ = 100: Cholesky was 1.5–2× faster than CG
     * from n = 50 to 400 (and a microsecond slower at n = 10). By flop counts a
     * factorisation (n³/3) beats CG (2n² per step) when CG needs more than n/6 steps, about
     * 12√κ for a relative residual of 1e-10, so up to n = 500 whenever κ ≳ 50.
     */
    int DENSE_MATRIX_DIRECT_MAX_DIMENSION = 500;

    /**
     * The Krylov method for a structure: conjugate gradients for
     * {@link Structure#SYMMETRIC_POSITIVE_DEFINITE}, MINRES for {@link Structure#SYMMETRIC},
     * GMRES for {@link Structure#GENERAL}.
     */
    static LinearSolver forStructure(Structure structure, LinearSolverOptions options) {
        if (structure == null) {
            throw new DimensionMismatchException("structure is null");
        }
        return switch (structure) {
            case SYMMETRIC_POSITIVE_DEFINITE -> conjugateGradient(options);
            case SYMMETRIC -> minres(options);
            case GENERAL -> gmres(options);
        };
    }

    /**
     * The automatic choice for a matrix-free n×n system of this structure: for n ≤
     * {@link #DENSE_DIRECT_MAX_DIMENSION}, {@link #denseCholesky} when positive definite and
     * {@link #denseLu} otherwise; above it, {@link #forStructure}.
     *
     * @throws DimensionMismatchException if n &lt; 0
     */
    static LinearSolver forSystem(Structure structure, int n, LinearSolverOptions options) {
        return SolverSelection.choose(structure, n, DENSE_DIRECT_MAX_DIMENSION, options);
    }

    /**
     * {@link #forSystem(Structure, int, LinearSolverOptions)} with another size threshold: dense
     * for n ≤ {@code denseMaxDimension} (0 for never).
     *
     * @throws DimensionMismatchException if n &lt; 0
     */
    static LinearSolver forSystem(Structure structure, int n, int denseMaxDimension,
                                  LinearSolverOptions options) {
        return SolverSelection.choose(structure, n, denseMaxDimension, options);
    }

    /**
     * The solver chosen for an operator when the user names none: a dense direct solver (Cholesky
     * when tagged positive definite, else LU) for n ≤ {@link #DENSE_MATRIX_DIRECT_MAX_DIMENSION}
     * if the operator is backed by a dense array, for n ≤ {@link #DENSE_DIRECT_MAX_DIMENSION}
     * otherwise; above, {@link #forStructure} of its tag.
     *
     * @throws DimensionMismatchException if a is not square
     */
    static LinearSolver forOperator(LinearOperator a, LinearSolverOptions options) {
        SolverSelection.requireSquare(a);
        int limit = SolverSelection.isDenseBacked(a) ? DENSE_MATRIX_DIRECT_MAX_DIMENSION : DENSE_DIRECT_MAX_DIMENSION;
        return forSystem(a.structure(), a.rows(), limit, options);
    }
}
