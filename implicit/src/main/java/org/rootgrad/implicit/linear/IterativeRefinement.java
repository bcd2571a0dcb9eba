package org.rootgrad.implicit.linear;

import org.rootgrad.engine.ArrayKernels;
import org.rootgrad.error.DimensionMismatchException;
import org.rootgrad.error.Status;

/**
 * Iterative refinement around any inner solver: r = b − (A + ρI)x, solve A d ≈ r with the inner
 * solver (its own options, never throwing), x += d, until ‖r‖ meets the tolerance. An inner
 * solve that stops short (MAX_ITERATIONS, STAGNATED, BREAKDOWN) still gives a usable correction;
 * one that reports NON_FINITE, INDEFINITE or SINGULAR ends the refinement with that status, since
 * it says something about the operator. Block solves run column by column.
 *
 * <p>Around a dense direct solver the inner workspace keeps its factorisation for the whole
 * refinement of one right-hand side (the operator cannot change in between), so each step costs
 * a residual and two triangular solves; every new solve factors again.
 */
final class IterativeRefinement implements LinearSolver {
    private static final ArrayKernels V = ArrayKernels.active();

    private final LinearSolver inner;
    private final LinearSolverOptions options;
    private final String name;
    private final double rho;

    static final class Workspace extends SolverWorkspace {
        final SolverWorkspace inner;
        final double[] r;
        final double[] d;

        Workspace(int n, int columns, SolverWorkspace inner) {
            super(n, columns);
            this.inner = inner;
            this.r = new double[n];
            this.d = new double[n];
        }
    }

    IterativeRefinement(LinearSolver inner, LinearSolverOptions options) {
        if (inner == null || options == null) {
            throw new DimensionMismatchException(inner == null ? "inner solver is null" : "options is null");
        }
        this.inner = inner;
        this.options = options;
        this.name = "iterative refinement of " + inner.name();
        this.rho = options.ridge();
    }

    @Override
    public boolean usesPreconditioner() {
        return inner.usesPreconditioner();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public LinearSolverOptions options() {
        return options;
    }

    @Override
    public SolverWorkspace newWorkspace(int n, int columns) {
        return new Workspace(n, columns, inner.newWorkspace(n).reuseFactorization(true));
    }

    @Override
    public SolveResult trySolve(SolverWorkspace workspace, LinearOperator a,
                                Preconditioner preconditioner, double[] b, double[] x) {
        SolveChecks.system(name, workspace, a);
        if (!(workspace instanceof Workspace ws)) {
            throw new DimensionMismatchException("workspace " + workspace.getClass().getSimpleName()
                    + " was not made by " + name + "; use its newWorkspace");
        }
        int n = ws.dimension;
        SolveChecks.vectors(n, b, x);
        SolveChecks.preconditioner(name, preconditioner, n, false);
        SolveResult result = ws.single;
        result.begin(name, 0, 1);
        double bn = V.nrm2(n, b, 0);
        if (!Double.isFinite(bn)) {
            result.rhs(bn, Double.NaN);
            result.end(Status.NON_FINITE, 0, Double.NaN);
            return result;
        }
        double tol = options.toleranceFor(bn);
        result.rhs(bn, tol);
        if (bn == 0) {
            V.fill(n, 0, x, 0);
            result.end(Status.CONVERGED, 0, 0);
            return result;
        }
        if (!options.warmStart()) {
            V.fill(n, 0, x, 0);
        }
        ws.inner.operatorChanged(); // this solve's operator may differ from the last one's
        int maxSteps = options.maxIterations() == LinearSolverOptions.AUTOMATIC
                ? LinearSolverOptions.AUTOMATIC_REFINEMENT_STEPS : options.maxIterations();
        double rn = residual(a, b, x, ws.r);
        for (int step = 0; ; ) {
            if (!Double.isFinite(rn)) {
                result.end(Status.NON_FINITE, step, rn);
                return result;
            }
            if (rn <= tol) {
                result.end(Status.CONVERGED, step, rn);
                return result;
            }
            if (step == maxSteps) {
                result.end(Status.MAX_ITERATIONS, step, rn);
                return result;
            }
            V.fill(n, 0, ws.d, 0);
            SolveResult correction = inner.trySolve(ws.inner, a, preconditioner, ws.r, ws.d);
            Status status = correction.status();
            if (status == Status.NON_FINITE || status == Status.INDEFINITE || status == Status.SINGULAR) {
                result.end(status, step + 1, rn);
                if (status == Status.INDEFINITE) {
                    result.curvature(correction.curvature());
                }
                if (correction.detail() != null) {
                    result.failure(correction.detail(), -1);
                }
                return result;
            }
            V.axpy(n, 1, ws.d, 0, x, 0);
            step++;
            double next = residual(a, b, x, ws.r);
            if (Double.isFinite(next) && next >= rn) {
                // The correction did not help: take it back and report the residual of that x.
                V.axpy(n, -1, ws.d, 0, x, 0);
                result.end(Status.STAGNATED, step, residual(a, b, x, ws.r));
                return result;
            }
            rn = next;
        }
    }

    private double residual(LinearOperator a, double[] b, double[] x, double[] r) {
        return shiftedResidual(a, rho, b, x, r);
    }

    /** r ← b − (A + ρI)x, returning ‖r‖: one product with A. */
    static double shiftedResidual(LinearOperator a, double rho, double[] b, double[] x, double[] r) {
        int n = r.length;
        double rr = a.residual(x, b, r);
        if (rho != 0) {
            V.axpy(n, -rho, x, 0, r, 0);
            return V.nrm2(n, r, 0);
        }
        return KrylovSolver.norm(n, r, rr);
    }
}
