package org.rootgrad.implicit;

import java.util.Arrays;
import org.rootgrad.engine.ArrayKernels;
import org.rootgrad.error.Checks;
import org.rootgrad.error.DimensionMismatchException;
import org.rootgrad.error.NotConvergedException;
import org.rootgrad.error.Status;
import org.rootgrad.implicit.linear.ApproximateCholeskyWorkspace;
import org.rootgrad.implicit.linear.BlockSolveResult;
import org.rootgrad.implicit.linear.DirectSolverWorkspace;
import org.rootgrad.implicit.linear.LinearOperator;
import org.rootgrad.implicit.linear.LinearSolver;
import org.rootgrad.implicit.linear.Preconditioner;
import org.rootgrad.implicit.linear.SolveResult;
import org.rootgrad.implicit.linear.SolverWorkspace;

/**
 * Per-thread state for differentiating the roots of one {@link RootFunction}: the linear
 * solver's workspace, the operator views A = ∂ₓF and Aᵀ, and the last adjoint and tangent
 * (kept as warm starts for the next call). VJPs and JVPs allocate nothing after construction;
 * a Jacobian allocates its block buffers on its first call.
 *
 * <p>Every call first evaluates F at the given point (for the forward residual in the
 * diagnostics), then linearises F there, then solves. Arguments are checked for length and for
 * NaN and infinities (θ for NaN only: it may hold ±∞ bounds), O(n + m) next to a solve of at
 * least O(n) per iteration. A NaN produced
 * inside (by F's products, in the linear solve, or in the product with B = ∂θF that turns the
 * adjoint into θ̄) makes the result {@link Status#NON_FINITE}: thrown by default as a
 * {@link org.rootgrad.error.NotConvergedException} with that status, or only reported when the
 * configuration does not throw. An output is never left silently zero or non-finite under a
 * {@code CONVERGED} status.
 *
 * <p>With a dense direct solver (the automatic choice for small n, see
 * {@link ImplicitDiff#solverFor(org.rootgrad.implicit.linear.Structure, int, double)}) the
 * factorisation of A is kept while x* and θ stay bit-for-bit the same, so a JVP and a VJP at one
 * point, or many VJPs (the rows of a Jacobian), factor once: the systems with Aᵀ are solved
 * with the factors of A. The same holds for the factor of an approximate A that
 * {@link org.rootgrad.implicit.linear.LinearSolver#approximateCholesky} refines: each further
 * solve then costs its refinement products only. A Jacobian whose columns would cost more to
 * refine than forming A exactly is solved with the exact dense factor instead. Call
 * {@link #invalidate()} after changing data that F holds by reference.
 *
 * <p><b>A caller's inverse.</b> A forward solver that already holds a factorisation of A at or
 * near x* (Newton's last Cholesky factor) hands it over with {@link #setNearInverse}: each JVP
 * and VJP then first takes preconditioned Richardson steps with it, every step's residual a true
 * one, for at most {@value #NEAR_INVERSE_PRODUCTS} products; where they meet the tolerance, that
 * is the solve (with an exact factor, one product); where not (a factor too far from x*), the
 * configured solver runs as it would have without. A point whose A the configured direct solver
 * has already factored uses that factor instead.
 *
 * <p>Thread safety: not thread-safe; one workspace per thread, each with its own F
 * ({@link RootFunction#fork()}).
 */
public final class ImplicitDiffWorkspace {
    private static final ArrayKernels K = ArrayKernels.active();
    /**
     * The normwise backward error ‖r‖/(‖A‖‖s‖ + ‖c‖) at or below which a solve that missed its
     * tolerance is accepted: 100ε, what a backward-stable solver attains, so asking for less
     * residual asks for the impossible.
     */
    static final double ATTAINABLE_BACKWARD_ERROR = 100 * Math.ulp(1.0);
    /** Power iterations on AᵀA for the estimate of ‖A‖₂ (a lower bound, so the test is conservative). */
    private static final int NORM_ITERATIONS = 4;
    /**
     * The most products a solve spends on a caller's inverse before the configured solver takes
     * over: a factor at the last Newton iterate, off by δ ≈ 1e-4…1e-8 relative, gains four to
     * eight digits per step and meets the default 1e-10 in two or three; a lazy Hessian's kept
     * factor, off by a few percent, in five to eight, still fewer products than forming the
     * Hessian of a linear model with more than about 30 features.
     */
    static final int NEAR_INVERSE_PRODUCTS = 8;

    private final ImplicitDiff config;
    private final RootFunction f;
    private final int n;
    private final int m;
    private final LinearSolver solver;
    private final SolverWorkspace solverWorkspace;
    private final LinearOperator a;
    private final LinearOperator aTranspose;
    private final double[] rhs;
    private final double[] adjoint;
    private final double[] tangent;
    private final double[] residual;
    private final double[] newton;
    private final double[] lastX;
    private final double[] lastTheta;
    private boolean hasPoint;
    /** ‖A‖₂ estimated at the current point, NaN until needed. */
    private double normA = Double.NaN;
    private double[] normScratch;
    private final ImplicitResult result = new ImplicitResult();
    private Preconditioner preconditioner;
    private Preconditioner preconditionerTranspose;
    private Preconditioner nearInverse;
    /** Richardson iteration on the caller's inverse, and its workspace: made by the first {@link #setNearInverse}. */
    private LinearSolver nearSolver;
    private SolverWorkspace nearWorkspace;
    /** Whether the configured solver has solved at the current point (a direct one then keeps its factor). */
    private boolean solvedHere;

    // Jacobian buffers, made on its first call: k = min(n, m) columns, fixed for F.
    private LinearSolver blockSolver;
    private SolverWorkspace blockWorkspace;
    private double[][] blockRhs;
    private double[][] blockSolution;
    private double[] thetaScratch;

    ImplicitDiffWorkspace(ImplicitDiff config, RootFunction f) {
        this.config = config;
        this.f = f;
        this.n = f.dimension();
        this.m = f.parameterDimension();
        this.solver = config.solverFor(f.structureX(), n, f.jacobianXCost(), f.approximateJacobianXCost());
        this.solverWorkspace = solver.newWorkspace(n).reuseFactorization(true);
        this.a = f.jacobianXOperator();
        this.aTranspose = a.transpose();
        this.rhs = new double[n];
        this.adjoint = new double[n];
        this.tangent = new double[n];
        this.residual = new double[n];
        this.newton = new double[n];
        this.lastX = new double[n];
        this.lastTheta = new double[m];
    }

    /** The function whose roots this workspace differentiates. */
    public RootFunction function() {
        return f;
    }

    /** The linear solver in use (configured, or chosen from F's structure and size). */
    public LinearSolver solver() {
        return solver;
    }

    /** Whether the linear solver in use applies a preconditioner (a Krylov method) or ignores it. */
    public boolean usesPreconditioner() {
        return solver.usesPreconditioner();
    }

    /** The linear solver's workspace for single solves (e.g. to read a direct solver's counters). */
    public SolverWorkspace solverWorkspace() {
        return solverWorkspace;
    }

    /** The result of the last call (the same object every call returns). */
    public ImplicitResult result() {
        return result;
    }

    /**
     * Forgets the point of the last call, so that the next one factors A again: needed only
     * after changing data that F holds by reference (a tape constant, a data matrix).
     */
    public void invalidate() {
        hasPoint = false;
        solvedHere = false;
        normA = Double.NaN;
        solverWorkspace.operatorChanged();
        if (blockWorkspace != null) {
            blockWorkspace.operatorChanged();
        }
    }

    /**
     * Preconditions the systems with A by M⁻¹ ≈ A⁻¹, and those with Aᵀ by its transpose: for a
     * symmetric A (F = ∇f) the same M, e.g. the forward L-BFGS solver's curvature memory; for a
     * general A pass the transposed preconditioner separately with
     * {@link #setPreconditioners}. {@code null} removes preconditioning. Direct solvers ignore it.
     */
    public void setPreconditioner(Preconditioner inverseOfA) {
        setPreconditioners(inverseOfA, inverseOfA);
    }

    /** Separate preconditioners for systems with A and with Aᵀ; either may be {@code null}. */
    public void setPreconditioners(Preconditioner inverseOfA, Preconditioner inverseOfATranspose) {
        checkPreconditioner("preconditioner", inverseOfA);
        checkPreconditioner("transpose preconditioner", inverseOfATranspose);
        this.preconditioner = inverseOfA;
        this.preconditionerTranspose = inverseOfATranspose;
    }

    /**
     * An inverse of A at or near the points of the next derivatives that the caller already
     * holds, for a symmetric A (F = ∇f; the same M⁻¹ for the systems with Aᵀ): tried first by
     * each JVP and VJP, see the class comment. {@code null} removes it. The first non-null call
     * allocates the Richardson workspace.
     *
     * @throws org.rootgrad.error.DimensionMismatchException if its dimension is not n
     */
    public void setNearInverse(Preconditioner inverseOfA) {
        checkPreconditioner("near inverse", inverseOfA);
        if (inverseOfA != null && nearSolver == null) {
            nearSolver = LinearSolver.richardson(config.linearSolverOptions().toBuilder()
                    .maxIterations(NEAR_INVERSE_PRODUCTS).warmStart(false).throwOnFailure(false).build());
            nearWorkspace = nearSolver.newWorkspace(n);
        }
        this.nearInverse = inverseOfA;
    }

    /**
     * Reverse mode: θ̄ ← x̄ᵀ ∂x*(θ)/∂θ = Bᵀw with Aᵀw = −x̄, at (x*, θ).
     *
     * @param xStar    the root, n elements
     * @param theta    the parameters, m elements
     * @param xBar     the cotangent of x*, n elements
     * @param thetaBar the output, m elements
     * @return this workspace's result (valid until its next call)
     * @throws org.rootgrad.error.DimensionMismatchException if an array has the wrong length
     * @throws org.rootgrad.error.NonFiniteException if xStar or xBar holds a NaN or an infinity, or
     *         theta a NaN (θ may hold ±∞ bounds)
     * @throws org.rootgrad.error.NotConvergedException (or Indefinite/SingularOperatorException)
     *         if the adjoint solve fails, or θ̄ comes out non-finite, and the configuration throws
     *         on failure
     */
    public ImplicitResult vjp(double[] xStar, double[] theta, double[] xBar, double[] thetaBar) {
        return vjp(xStar, theta, xBar, thetaBar, null);
    }

    /**
     * {@link #vjp} with F(x*, θ) already known, e.g. the final gradient of the solver that found
     * x*, which saves one evaluation of F (used only for the diagnostics); {@code null} to
     * evaluate it. It is trusted, not checked.
     *
     * @param knownResidual F(x*, θ), n elements, or null
     */
    public ImplicitResult vjp(double[] xStar, double[] theta, double[] xBar, double[] thetaBar, double[] knownResidual) {
        checkPoint(xStar, theta);
        Checks.length("xBar", xBar, n);
        Checks.length("thetaBar", thetaBar, m);
        Checks.finite("xBar", xBar);
        double forward = linearizeAt(xStar, theta, knownResidual);
        for (int i = 0; i < n; i++) {
            rhs[i] = -xBar[i];
        }
        solveAndReport("vjp", aTranspose, preconditionerTranspose, adjoint, forward, xStar);
        f.vjpTheta(adjoint, thetaBar);
        requireFinite("vjp", "thetaBar", thetaBar, m);
        return result;
    }

    /**
     * Forward mode: ẋ ← ∂x*(θ)/∂θ · θ̇ = u with Au = −Bθ̇, at (x*, θ).
     *
     * @param thetaDot the tangent of θ, m elements
     * @param xDot     the output, n elements
     * @return this workspace's result (valid until its next call)
     * @throws org.rootgrad.error.DimensionMismatchException if an array has the wrong length
     * @throws org.rootgrad.error.NonFiniteException if xStar or thetaDot holds a NaN or an
     *         infinity, or theta a NaN
     * @throws org.rootgrad.error.NotConvergedException (or Indefinite/SingularOperatorException)
     *         if the tangent solve fails and the configuration throws on failure
     */
    public ImplicitResult jvp(double[] xStar, double[] theta, double[] thetaDot, double[] xDot) {
        return jvp(xStar, theta, thetaDot, xDot, null);
    }

    /**
     * {@link #jvp} with F(x*, θ) already known ({@code null} to evaluate it), as for
     * {@link #vjp(double[], double[], double[], double[], double[])}.
     */
    public ImplicitResult jvp(double[] xStar, double[] theta, double[] thetaDot, double[] xDot, double[] knownResidual) {
        checkPoint(xStar, theta);
        Checks.length("thetaDot", thetaDot, m);
        Checks.length("xDot", xDot, n);
        Checks.finite("thetaDot", thetaDot);
        double forward = linearizeAt(xStar, theta, knownResidual);
        f.jvpTheta(thetaDot, rhs);
        K.scal(n, -1, rhs, 0);
        solveAndReport("jvp", a, preconditioner, tangent, forward, xStar);
        System.arraycopy(tangent, 0, xDot, 0, n);
        return result;
    }

    /**
     * The Jacobian ∂x*(θ)/∂θ = −A⁻¹B (n×m, row-major into {@code jacobian}) by m JVPs when
     * m ≤ n, else n VJPs, solved as one block (one factorisation with a direct solver). The
     * first call allocates the block buffers.
     */
    public ImplicitResult jacobian(double[] xStar, double[] theta, double[] jacobian) {
        return jacobian(xStar, theta, jacobian, null);
    }

    ImplicitResult jacobian(double[] xStar, double[] theta, double[] jacobian, double[] knownResidual) {
        checkPoint(xStar, theta);
        Checks.length("jacobian", jacobian, n * m);
        double forward = linearizeAt(xStar, theta, knownResidual);
        boolean forwardMode = m <= n;
        int k = forwardMode ? m : n;
        if (k == 0) {
            result.set("jacobian", solver.name(), Status.CONVERGED, 0, 0, 0, forward, 0, 0, Double.NaN, 0);
            return result;
        }
        ensureBlock(k);
        for (int j = 0; j < k; j++) {
            double[] c = blockRhs[j];
            if (forwardMode) {
                // column j of −B: −B e_j
                Arrays.fill(thetaScratch, 0);
                thetaScratch[j] = 1;
                f.jvpTheta(thetaScratch, c);
                K.scal(n, -1, c, 0);
            } else {
                Arrays.fill(c, 0);
                c[j] = -1;
            }
            if (!config.warmStart()) {
                Arrays.fill(blockSolution[j], 0);
            }
        }
        BlockSolveResult block = blockSolver.trySolveBlock(blockWorkspace, forwardMode ? a : aTranspose,
                forwardMode ? preconditioner : preconditionerTranspose, blockRhs, blockSolution);
        double worstRelative = block.maxRelativeResidual();
        double worstAbsolute = 0;
        double worstScale = 0;
        for (int j = 0; j < k; j++) {
            SolveResult col = block.column(j);
            worstAbsolute = Math.max(worstAbsolute, col.residualNorm());
            double cNorm = col.rhsNorm();
            if (cNorm > 0) {
                worstScale = Math.max(worstScale, K.nrm2(n, blockSolution[j], 0) / cNorm);
            }
        }
        double rcond = k > 0 ? block.column(0).reciprocalCondition() : Double.NaN;
        Status status = Status.CONVERGED;
        SolveResult failed = null;
        for (int j = 0; j < k && failed == null; j++) {
            status = accepted(block.column(j), blockSolution[j]);
            if (status != Status.CONVERGED) {
                failed = block.column(j);
            }
        }
        if (config.throwOnFailure() && failed != null) {
            result.set("jacobian", blockSolver.name(), status, block.iterations(), worstAbsolute, worstRelative,
                    forward, linearError(worstRelative, rcond), forwardError(worstScale, forward, xStar), rcond, k);
            failed.throwIfFailed();
        }
        double forwardError = status == Status.CONVERGED
                ? newtonError(blockWorkspace, forward, xStar, worstScale)
                : forwardError(worstScale, forward, xStar);
        result.set("jacobian", blockSolver.name(), status, block.iterations(), worstAbsolute, worstRelative,
                forward, linearError(worstRelative, rcond), forwardError, rcond, k);
        if (forwardMode) {
            for (int j = 0; j < m; j++) {
                double[] col = blockSolution[j];
                for (int i = 0; i < n; i++) {
                    jacobian[i * m + j] = col[i];
                }
            }
        } else {
            for (int i = 0; i < n; i++) {
                f.vjpTheta(blockSolution[i], thetaScratch);
                System.arraycopy(thetaScratch, 0, jacobian, i * m, m);
            }
        }
        requireFinite("jacobian", "jacobian", jacobian, n * m);
        return result;
    }

    /** The last adjoint w (Aᵀw = −x̄) of {@link #vjp}; a view, overwritten by the next call. */
    public double[] lastAdjoint() {
        return adjoint;
    }

    // ---- internals -----------------------------------------------------------------------------

    /**
     * op·x = {@link #rhs}: by the caller's near inverse where that converges, else by the
     * configured solver with preconditioner m; then {@link #report}.
     */
    private void solveAndReport(String operation, LinearOperator op, Preconditioner m, double[] x, double forward,
                                double[] xStar) {
        SolveResult solve = trySolveNear(op, rhs, x);
        SolverWorkspace used = nearWorkspace;
        if (solve == null) {
            solve = solver.trySolve(solverWorkspace, op, m, rhs, x);
            used = solverWorkspace;
            solvedHere = true;
        }
        report(operation, solve, forward, x, xStar, used);
    }

    /**
     * The solve by Richardson steps on the caller's inverse when it converges, else null (x then
     * holds its last iterate, which the configured solver may start from): skipped without a
     * near inverse, and where the configured direct solver already holds this point's factor.
     */
    private SolveResult trySolveNear(LinearOperator op, double[] b, double[] x) {
        if (nearInverse == null || (solvedHere && solverWorkspace instanceof DirectSolverWorkspace)) {
            return null;
        }
        SolveResult near = nearSolver.trySolve(nearWorkspace, op, nearInverse, b, x);
        return near.status() == Status.CONVERGED ? near : null;
    }

    private double linearizeAt(double[] xStar, double[] theta, double[] knownResidual) {
        if (knownResidual != null) {
            Checks.length("knownResidual", knownResidual, n);
            System.arraycopy(knownResidual, 0, residual, 0, n);
        } else {
            f.evaluate(xStar, theta, residual);
        }
        double forward = K.nrm2(n, residual, 0);
        f.linearize(xStar, theta);
        if (!hasPoint || !Arrays.equals(lastX, xStar) || !Arrays.equals(lastTheta, theta)) {
            System.arraycopy(xStar, 0, lastX, 0, n);
            System.arraycopy(theta, 0, lastTheta, 0, m);
            hasPoint = true;
            solvedHere = false;
            normA = Double.NaN;
            solverWorkspace.operatorChanged();
            if (blockWorkspace != null) {
                blockWorkspace.operatorChanged();
            }
        }
        return forward;
    }

    private void report(String operation, SolveResult solve, double forward, double[] solution,
                        double[] xStar, SolverWorkspace ws) {
        double cNorm = solve.rhsNorm();
        double scale = cNorm > 0 ? K.nrm2(n, solution, 0) / cNorm : 0;
        double relative = cNorm > 0 ? solve.residualNorm() / cNorm : 0;
        double rcond = solve.reciprocalCondition();
        Status status = accepted(solve, solution);
        String solverName = solve.solver();
        int iterations = solve.iterations();
        double residualNorm = solve.residualNorm();
        if (status != Status.CONVERGED) {
            result.set(operation, solverName, status, iterations, residualNorm, relative, forward,
                    linearError(relative, rcond), forwardError(scale, forward, xStar), rcond, 1);
            if (config.throwOnFailure()) {
                solve.throwIfFailed();
            }
            return;
        }
        // the Newton solve below overwrites the workspace's result: everything is read above
        double forwardError = newtonError(ws, forward, xStar, scale);
        result.set(operation, solverName, status, iterations, residualNorm, relative, forward,
                linearError(relative, rcond), forwardError, rcond, 1);
    }

    /**
     * The solve's status, except that one which ran out of iterations or stagnated with a
     * normwise backward error ‖r‖/(‖A‖‖s‖ + ‖c‖) of at most {@link #ATTAINABLE_BACKWARD_ERROR}
     * counts as converged: its residual is at the rounding level of A·s, typically because the
     * relative tolerance asked for a residual far below ε‖A‖‖s‖ (a right-hand side that is
     * rounding noise of an almost zero column of B, a very ill-conditioned A).
     */
    private Status accepted(SolveResult solve, double[] solution) {
        Status status = solve.status();
        if (status != Status.MAX_ITERATIONS && status != Status.STAGNATED) {
            return status;
        }
        double denominator = normOfA() * K.nrm2(n, solution, 0) + solve.rhsNorm();
        return solve.residualNorm() <= ATTAINABLE_BACKWARD_ERROR * denominator ? Status.CONVERGED : status;
    }

    /**
     * ‖A‖₂ at the current point, estimated once per point by a few power iterations on AᵀA from
     * a fixed start (2·{@value #NORM_ITERATIONS} products, made only when a solve misses its
     * tolerance).
     */
    private double normOfA() {
        if (!Double.isNaN(normA)) {
            return normA;
        }
        if (normScratch == null) {
            normScratch = new double[n];
        }
        double[] v = newton;
        double[] av = normScratch;
        Arrays.fill(v, 1 / Math.sqrt(n));
        double estimate = 0;
        for (int it = 0; it < NORM_ITERATIONS; it++) {
            a.apply(v, av);
            estimate = K.nrm2(n, av, 0); // ‖Av‖ with ‖v‖ = 1
            aTranspose.apply(av, v);
            double vNorm = K.nrm2(n, v, 0);
            if (!(vNorm > 0) || !Double.isFinite(vNorm)) {
                break;
            }
            K.scal(n, 1 / vNorm, v, 0);
        }
        normA = Double.isFinite(estimate) ? estimate : 0;
        return normA;
    }

    private static double linearError(double relative, double rcond) {
        return rcond > 0 ? relative / rcond : relative;
    }

    /** (‖s‖/‖c‖)·‖r_F‖/‖x̂‖: ‖s‖/‖c‖ stands in for ‖A⁻¹‖. */
    private double forwardError(double scale, double forward, double[] xStar) {
        double xNorm = Math.max(K.nrm2(n, xStar, 0), Double.MIN_NORMAL);
        return scale * forward / xNorm;
    }

    /** The solver that made {@code ws}: the Jacobian's block solver may differ from the single solves'. */
    private LinearSolver solverOf(SolverWorkspace ws) {
        return ws == blockWorkspace ? blockSolver : ws == nearWorkspace ? nearSolver : solver;
    }

    /**
     * With a direct solver whose factorisation of A is in force: ‖A⁻¹ r_F‖/‖x̂‖, the Newton
     * correction (two triangular solves), or the same with an approximate Cholesky factor or the
     * caller's near inverse; otherwise the Krylov estimate.
     */
    private double newtonError(SolverWorkspace ws, double forward, double[] xStar, double scale) {
        if (!(forward > 0) || !Double.isFinite(forward)) {
            return forwardError(scale, forward, xStar);
        }
        if (ws == nearWorkspace) {
            nearInverse.apply(residual, newton); // as the approximate factor: digits enough for an estimate
        } else if (ws instanceof ApproximateCholeskyWorkspace approximate) {
            // the approximate factor's digits are plenty for an error estimate
            if (!approximate.applyApproximateInverse(residual, newton)) {
                return forwardError(scale, forward, xStar);
            }
        } else if (ws instanceof DirectSolverWorkspace) {
            SolveResult step = solverOf(ws).trySolve(ws, a, null, residual, newton);
            if (step.status() != Status.CONVERGED) {
                return forwardError(scale, forward, xStar);
            }
        } else {
            return forwardError(scale, forward, xStar);
        }
        double xNorm = Math.max(K.nrm2(n, xStar, 0), Double.MIN_NORMAL);
        return K.nrm2(n, newton, 0) / xNorm;
    }

    private void checkPoint(double[] xStar, double[] theta) {
        Checks.length("xStar", xStar, n);
        Checks.length("theta", theta, m);
        Checks.finite("xStar", xStar);
        Checks.notNaN("theta", theta); // ±∞ may be a bound packed into θ (the box and ADMM QPs)
    }

    /**
     * A derivative whose linear solve converged can still come out non-finite if a product with
     * B = ∂θF overflows or F's θ-derivative is NaN: report it (and throw, by default) rather
     * than return it under a converged status. O(length), after a solve.
     */
    private void requireFinite(String operation, String name, double[] out, int length) {
        if (result.status() != Status.CONVERGED) {
            return; // already reported (and thrown if configured)
        }
        for (int i = 0; i < length; i++) {
            if (!Double.isFinite(out[i])) {
                result.nonFinite();
                if (config.throwOnFailure()) {
                    throw new NotConvergedException(operation + ": " + name + "[" + i + "] is " + out[i]
                            + " although the linear solve converged: the product with ∂θF (B) is not finite",
                            Status.NON_FINITE, result.iterations(), result.linearResidual());
                }
                return;
            }
        }
    }

    private void checkPreconditioner(String name, Preconditioner p) {
        if (p != null && p.dimension() != n) {
            throw new DimensionMismatchException(name + " has dimension " + p.dimension()
                    + "; the system has " + n);
        }
    }

    private void ensureBlock(int k) {
        if (blockWorkspace == null) {
            blockSolver = solver;
            if (solverWorkspace instanceof ApproximateCholeskyWorkspace
                    && f.approximateJacobianXCost() + k * config.refinementProducts() >= f.jacobianXCost()) {
                // refining k columns costs more than forming A exactly: factor A itself
                blockSolver = config.solverFor(f.structureX(), n, f.jacobianXCost());
            }
            blockWorkspace = blockSolver.newWorkspace(n, k).reuseFactorization(true);
            blockRhs = new double[k][n];
            blockSolution = new double[k][n];
            thetaScratch = new double[m];
        }
    }
}
