package org.rootgrad.implicit;

/**
 * Called by a solution node ({@link ImplicitDiff#node(org.rootgrad.autodiff.Tape, SolutionMap,
 * NodeObserver, org.rootgrad.autodiff.Tensor...)}) after each of its calls, on the evaluating
 * thread, with the map that workspace evaluates (its own fork): a hook for logging the forward
 * status ({@link SolutionMap#lastStatus()}) and the implicit derivative's diagnostics
 * ({@link SolutionMap#lastDerivative()}) of every call of a recorded function. It must not
 * call the map's {@code evaluate}, {@code jvp} or {@code vjp}.
 *
 * <p>Thread safety: called concurrently when several threads evaluate the function.
 */
@FunctionalInterface
public interface NodeObserver {

    /** What the node just did. */
    enum Call { VALUE, JVP, VJP }

    /** Called after {@code call} with the workspace's map. */
    void after(Call call, SolutionMap map);
}
