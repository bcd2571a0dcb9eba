package org.rootgrad.implicit.linear;

import org.rootgrad.engine.ArrayKernels;
import org.rootgrad.error.DimensionMismatchException;
import org.rootgrad.error.Status;

/**
 * (A + ρI)x = b for a symmetric positive definite A whose operator forms an approximation Ã of
 * its matrix ({@link LinearOperator#approximateDenseMatrix}: a Hessian from single-precision
 * data) at less cost than the exact one. Ã + ρI = LLᵀ is factored once per operator, kept like
 * a direct solver's factorisation, and each solve refines x ← x + (LLᵀ)⁻¹r, where
 * r = b − (A + ρI)x is the true residual from one exact product: with Ã off by δ relative, a
 * step gains about −log₁₀(κδ) digits, so from single precision two products reach a relative
 * residual of 1e-10 where conjugate gradients would need tens.
 *
 * <p>Where a step shrinks the residual by less than a factor {@value #FAST_STEP} (a poor
 * approximation, an ill-conditioned A), the rest of the solve is conjugate gradients
 * preconditioned by the factor, started from the refined x. Where the operator forms no
 * approximation, or Ã + ρI is not positive definite to working precision, the solve is
 * conjugate gradients with the caller's preconditioner, and {@link SolveResult#detail()} says
 * why. Iterations count exact products: refinement steps, conjugate-gradient steps, and the
 * residual of a warm start.
 *
 * <p>A warm-started solve in a workspace that keeps factors does not factor a new operator (the
 * next point's, in a loop whose parameters move a little between calls) straight away: it
 * refines on the factor of the last one while each step shrinks the true residual at least
 * {@value #STALE_STEP}-fold. At the first step that does not, the step is kept if it made the
 * residual smaller and taken back if not, the new operator's Ã is formed and factored, and
 * refinement goes on from x. After a failed trial the next 1, 2, 4, … (at most
 * {@value #MAX_TRIAL_BACKOFF}) new operators factor straight away, doubling while trials keep
 * failing, until one serves a whole solve: where every point is far from the last, trials
 * become rare. Measured by HyperparameterLoopBenchmark in short runs (logistic regression,
 * Newton–CG from the previous solution, the adjoint to 1e-10), a whole step with warm starts
 * against factoring every point from zero, at 10000 × 100: 1.36–1.43 against 1.82–1.88 ms where
 * λ moves up to 0.1% per call, 1.85 against 2.06 ms at 1%, 2.37–2.45 against 2.29–2.38 ms at
 * 10% (where the warm start's own residual costs a product); at 1000 × 50: 93, 121 and 149 µs
 * against 108, 121 and 147 µs.
 */
final class ApproximateCholesky implements LinearSolver {
    private static final ArrayKernels V = ArrayKernels.active();
    /** The least factor by which a refinement step must shrink the residual to go on refining. */
    static final double FAST_STEP = 10;
    /**
     * The least factor by which a step on an earlier operator's factor must shrink the residual
     * for that factor to stay: two digits a step finish a solve in about as many products as
     * forming and factoring Ã (two to five at the sizes measured) and refining on it; the one
     * digit a fresh factor must gain kept factors that cost a 1000 × 50 backward pass 50% more
     * where λ moved 9% per call.
     */
    static final double STALE_STEP = 100;
    /**
     * The most new operators factored straight away after failed trials: where every point is
     * far from the last (64 λ log-spaced over three decades, as in ParallelThroughputBenchmark),
     * a trial at each would cost a wasted product a point.
     */
    static final int MAX_TRIAL_BACKOFF = 64;

    private final LinearSolverOptions options;
    private final double rho;
    /** The fallback where there is no factor. */
    private final LinearSolver cg;
    /** Conjugate gradients from the refined x, preconditioned by the factor. */
    private final LinearSolver warmCg;

    ApproximateCholesky(LinearSolverOptions options) {
        if (options == null) {
            throw new DimensionMismatchException("options is null");
        }
        this.options = options;
        this.rho = options.ridge();
        this.cg = LinearSolver.conjugateGradient(options);
        this.warmCg = LinearSolver.conjugateGradient(options.toBuilder().warmStart(true).build());
    }

    @Override
    public boolean usesPreconditioner() {
        return false; // only the fallback uses one; the factor preconditions the rest
    }

    @Override
    public String name() {
        return "approximate Cholesky, refined";
    }

    @Override
    public LinearSolverOptions options() {
        return options;
    }

    @Override
    public SolverWorkspace newWorkspace(int n, int columns) {
        return new ApproximateCholeskyWorkspace(n, columns, cg.newWorkspace(n));
    }

    @Override
    public SolveResult trySolve(SolverWorkspace workspace, LinearOperator a, Preconditioner preconditioner,
                                double[] b, double[] x) {
        ApproximateCholeskyWorkspace ws = checked(workspace, a, preconditioner);
        SolveChecks.vectors(ws.dimension, b, x);
        prepare(ws, a);
        SolveResult result = ws.single;
        result.begin(name(), 0, 1);
        solveColumn(ws, a, preconditioner, b, x, result);
        return result;
    }

    @Override
    public BlockSolveResult trySolveBlock(SolverWorkspace workspace, LinearOperator a,
                                          Preconditioner preconditioner, double[][] b, double[][] x) {
        ApproximateCholeskyWorkspace ws = checked(workspace, a, preconditioner);
        SolveChecks.block(ws.dimension, ws.columns, b, x);
        prepare(ws, a); // once for all columns, whether or not factorisations are kept
        BlockSolveResult block = ws.block;
        block.begin(name(), b.length);
        for (int j = 0; j < b.length; j++) {
            solveColumn(ws, a, preconditioner, b[j], x[j], block.results[j]);
        }
        return block;
    }

    private ApproximateCholeskyWorkspace checked(SolverWorkspace workspace, LinearOperator a, Preconditioner m) {
        SolveChecks.system(name(), workspace, a);
        if (!(workspace instanceof ApproximateCholeskyWorkspace ws)) {
            throw new DimensionMismatchException("workspace " + workspace.getClass().getSimpleName()
                    + " was not made by " + name() + "; use its newWorkspace");
        }
        SolveChecks.preconditioner(name(), m, a.rows(), true);
        return ws;
    }

    private void solveColumn(ApproximateCholeskyWorkspace ws, LinearOperator a, Preconditioner m,
                             double[] b, double[] x, SolveResult result) {
        int n = ws.dimension;
        double bn = V.nrm2(n, b, 0);
        if (!Double.isFinite(bn)) {
            result.rhs(bn, Double.NaN);
            result.end(Status.NON_FINITE, 0, Double.NaN);
            return;
        }
        double tol = options.toleranceFor(bn);
        result.rhs(bn, tol);
        if (bn == 0) {
            V.fill(n, 0, x, 0);
            result.end(Status.CONVERGED, 0, 0);
            return;
        }
        if (!ws.factored) {
            SolveResult fallback = cg.trySolve(ws.cg, a, m, b, x);
            result.copyFrom(fallback);
            result.failure(fallback.detail() == null ? ws.fallbackReason
                    : ws.fallbackReason + "; " + fallback.detail(), -1);
            return;
        }
        double[] r = ws.r;
        double rn;
        int products = 0;
        if (options.warmStart() && V.nrm2(n, x, 0) != 0) {
            rn = residual(a, b, x, r);
            products++;
            if (!(rn <= bn)) { // a start worse than x = 0 is dropped
                V.fill(n, 0, x, 0);
                System.arraycopy(b, 0, r, 0, n);
                rn = bn;
            }
        } else {
            V.fill(n, 0, x, 0);
            System.arraycopy(b, 0, r, 0, n);
            rn = bn;
        }
        int maxProducts = options.maxIterationsFor(n);
        while (true) {
            if (!Double.isFinite(rn)) {
                result.end(Status.NON_FINITE, products, rn);
                return;
            }
            if (rn <= tol) {
                if (ws.stale) {
                    ws.trialBackoff = 0; // the earlier factor served the whole solve
                }
                result.end(Status.CONVERGED, products, rn);
                return;
            }
            if (products >= maxProducts) {
                result.end(Status.MAX_ITERATIONS, products, rn);
                return;
            }
            if (ws.stale) {
                System.arraycopy(r, 0, ws.previousResidual, 0, n);
            }
            ws.factor.apply(r, ws.z);
            V.axpy(n, 1, ws.z, 0, x, 0);
            double next = residual(a, b, x, r);
            products++;
            if (ws.stale && !(next <= tol) && !(next * STALE_STEP <= rn)) {
                // the earlier operator's factor is too far from this one: keep the step if it
                // helped, take it back if not, and factor this operator's own Ã
                if (next < rn) {
                    rn = next;
                } else {
                    V.axpy(n, -1, ws.z, 0, x, 0);
                    System.arraycopy(ws.previousResidual, 0, r, 0, n);
                }
                ws.trialBackoff = Math.min(MAX_TRIAL_BACKOFF, Math.max(1, 2 * ws.trialBackoff));
                ws.trialsSkipped = ws.trialBackoff;
                ws.factor(ws.factoredBase, ws.factoredShift);
                if (!ws.factored) {
                    SolveResult rest = warmCg.trySolve(ws.cg, a, m, b, x);
                    result.copyFrom(rest);
                    result.end(rest.status(), products + rest.iterations(), rest.residualNorm());
                    result.failure(rest.detail() == null ? ws.fallbackReason
                            : ws.fallbackReason + "; " + rest.detail(), -1);
                    return;
                }
                continue;
            }
            if (!(next * FAST_STEP <= rn) && Double.isFinite(next)) {
                // refinement is slow here: conjugate gradients preconditioned by the factor, from x
                SolveResult rest = warmCg.trySolve(ws.cg, a, ws.factor, b, x);
                result.copyFrom(rest);
                result.end(rest.status(), products + rest.iterations(), rest.residualNorm());
                return;
            }
            rn = next;
        }
    }

    /** r ← b − (A + ρI)x, returning ‖r‖: one exact product. */
    private double residual(LinearOperator a, double[] b, double[] x, double[] r) {
        return IterativeRefinement.shiftedResidual(a, rho, b, x, r);
    }

    /** Forms and factors Ã + ρI unless the factor of this operator is kept. */
    private void prepare(ApproximateCholeskyWorkspace ws, LinearOperator a) {
        LinearOperator base = a;
        double shift = rho;
        while (true) {
            if (base instanceof TransposeOperator t) {
                base = t.base; // Ã is symmetric: the transposed view has the same factor
            } else if (base instanceof StructuredOperator s) {
                base = s.base;
            } else if (base instanceof RidgeOperator r) {
                shift += r.rho;
                base = r.base;
            } else {
                break;
            }
        }
        if (ws.reuseFactorization && ws.factoredBase == base && ws.factoredShift == shift) {
            if (ws.factoredVersion == ws.operatorVersion) {
                return;
            }
            if (options.warmStart() && ws.factored) { // an earlier operator's factor, on trial (see the class comment)
                if (ws.trialsSkipped == 0) {
                    ws.stale = true;
                    ws.factoredVersion = ws.operatorVersion;
                    return;
                }
                ws.trialsSkipped--;
            }
        }
        ws.factor(base, shift);
    }

    @Override
    public String toString() {
        return name();
    }
}
