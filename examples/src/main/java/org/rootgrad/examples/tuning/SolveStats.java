package org.rootgrad.examples.tuning;

import java.util.function.ToIntFunction;
import org.rootgrad.implicit.ImplicitResult;
import org.rootgrad.implicit.NodeObserver;
import org.rootgrad.implicit.SolutionMap;
import org.rootgrad.solvers.DerivativeReport;
import org.rootgrad.solvers.Solver;

/**
 * Watches a solution node ({@link NodeObserver}) and keeps what its last calls did: the forward
 * solve's iterations, and the derivative's iterations and method (the implicit linear solver's
 * Krylov or direct solve, or the number of unrolled iterations). Reads the {@link Solver}
 * reports when the node's map is a solver (or a {@link ColdStart} of one), the
 * {@link ImplicitResult} of an {@link org.rootgrad.implicit.ImplicitSolution} otherwise, with the
 * forward iterations from a caller-supplied function. Single-threaded use.
 */
public final class SolveStats implements NodeObserver {
    private final ToIntFunction<SolutionMap> forwardIterationsOfOther;
    private int forwardIterations = -1;
    private int derivativeIterations = -1;
    private String derivativeMethod = "";

    /** For solver nodes. */
    public SolveStats() {
        this(map -> -1);
    }

    /** For other maps, e.g. a custom root whose solver function counts its own iterations. */
    public SolveStats(ToIntFunction<SolutionMap> forwardIterationsOfOther) {
        this.forwardIterationsOfOther = forwardIterationsOfOther;
    }

    @Override
    public void after(Call call, SolutionMap map) {
        Solver solver = map instanceof Solver s ? s : map instanceof ColdStart c ? c.solver() : null;
        if (call == Call.VALUE) {
            forwardIterations = solver != null ? solver.result().iterations() : forwardIterationsOfOther.applyAsInt(map);
        } else if (solver != null) {
            DerivativeReport report = solver.derivative();
            derivativeIterations = report.iterations();
            derivativeMethod = report.method();
        } else if (map.lastDerivative() != null) {
            ImplicitResult r = map.lastDerivative();
            derivativeIterations = r.iterations();
            derivativeMethod = r.solver();
        }
    }

    /** Iterations of the last forward solve (−1 if unknown). */
    public int forwardIterations() {
        return forwardIterations;
    }

    /** Linear-solve iterations of the last implicit derivative, or unrolled iterations (−1 before any). */
    public int derivativeIterations() {
        return derivativeIterations;
    }

    /** The linear solver of the last implicit derivative, or "unrolled". */
    public String derivativeMethod() {
        return derivativeMethod;
    }
}
