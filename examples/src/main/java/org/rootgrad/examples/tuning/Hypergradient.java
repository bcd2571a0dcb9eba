package org.rootgrad.examples.tuning;

import java.util.function.BiFunction;
import org.rootgrad.autodiff.Function;
import org.rootgrad.autodiff.Tape;
import org.rootgrad.autodiff.Tensor;
import org.rootgrad.autodiff.Workspace;
import org.rootgrad.implicit.ImplicitDiff;
import org.rootgrad.implicit.SolutionMap;

/**
 * The outer function of a hyperparameter search, recorded once on a tape:
 * θ → λ = exp(θ) → w*(λ) (the solution map as one node, {@link ImplicitDiff#node}) → a
 * validation loss L(w*). Its gradient, by the tape's reverse sweep, is the hypergradient
 * dL/dθ: the node's VJP is the map's (implicit differentiation, or the unrolled iterations,
 * whichever the map does). Single-threaded: it owns one workspace.
 */
public final class Hypergradient {
    private final Function function;
    private final Workspace workspace;
    private final SolveStats stats;
    private final double[] input = new double[1];
    private final double[] gradient = new double[1];

    /**
     * @param map            w*(λ) with θ = [λ]
     * @param stats          observer of the node (iterations); may be shared with nothing else
     * @param validationLoss records L(w) on the tape, given the tape and the node w*
     */
    public Hypergradient(SolutionMap map, SolveStats stats, BiFunction<Tape, Tensor, Tensor> validationLoss) {
        Tape tape = new Tape();
        Tensor theta = tape.input("theta");
        Tensor wStar = ImplicitDiff.node(tape, map, stats, theta.exp());
        this.function = tape.build(validationLoss.apply(tape, wStar));
        this.workspace = function.newWorkspace();
        this.stats = stats;
    }

    /** L(w*(e^θ)): the forward sweep only (one solve). */
    public double value(double theta) {
        input[0] = theta;
        workspace.setInputs(input);
        return function.value(workspace);
    }

    /** L(w*(e^θ)); dL/dθ is then {@link #gradient()}. Reuses the forward sweep of a {@link #value} at the same θ. */
    public double valueAndGradient(double theta) {
        input[0] = theta;
        workspace.setInputs(input);
        return function.valueAndGradient(workspace, 0, gradient);
    }

    /** dL/dθ of the last {@link #valueAndGradient}. */
    public double gradient() {
        return gradient[0];
    }

    /** What the node's last forward solve and derivative did. */
    public SolveStats stats() {
        return stats;
    }
}
