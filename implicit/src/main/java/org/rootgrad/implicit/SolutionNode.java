package org.rootgrad.implicit;

import java.util.Arrays;
import org.rootgrad.autodiff.Primitive;
import org.rootgrad.error.UnsupportedDerivativeException;

/**
 * The tape primitive behind {@link ImplicitDiff#node}: x*(θ) with θ the concatenation of the
 * node's inputs. Its state, one per workspace, is a fork of the map and the packed θ, θ̇ and θ̄
 * buffers, so calls allocate nothing beyond what the map itself does.
 */
final class SolutionNode implements Primitive<SolutionNode.State> {
    private final SolutionMap prototype;
    private final ParameterLayout layout;
    private final NodeObserver observer;
    private final String name;

    /** Per-workspace state: the map this workspace evaluates and its buffers. */
    static final class State {
        final SolutionMap map;
        final double[] theta;
        final double[] thetaDot;
        final double[] thetaBar;

        State(SolutionMap map, int m) {
            this.map = map;
            this.theta = new double[m];
            this.thetaDot = new double[m];
            this.thetaBar = new double[m];
        }
    }

    SolutionNode(SolutionMap prototype, ParameterLayout layout, NodeObserver observer) {
        this.prototype = prototype;
        this.layout = layout;
        this.observer = observer;
        this.name = "solution node of " + prototype;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public State newState() {
        return new State(prototype.fork(), layout.dimension());
    }

    @Override
    public void value(State state, double[][] inputs, double[] output) {
        gather(inputs, state.theta);
        state.map.evaluate(state.theta, output);
        notify(NodeObserver.Call.VALUE, state);
    }

    @Override
    public void jvp(State state, double[][] inputs, double[] output, double[][] inputTangents,
                    double[] outputTangent) {
        boolean any = false;
        for (int k = 0; k < inputTangents.length; k++) {
            int offset = layout.offset(k);
            int size = layout.size(k);
            if (inputTangents[k] == null) {
                Arrays.fill(state.thetaDot, offset, offset + size, 0);
            } else {
                System.arraycopy(inputTangents[k], 0, state.thetaDot, offset, size);
                any = true;
            }
        }
        if (!any) {
            return; // the output tangent stays zero
        }
        state.map.jvp(state.thetaDot, outputTangent);
        notify(NodeObserver.Call.JVP, state);
    }

    @Override
    public void vjp(State state, double[][] inputs, double[] output, double[] outputAdjoint,
                    double[][] inputAdjoints) {
        boolean any = false;
        for (double[] adjoint : inputAdjoints) {
            any |= adjoint != null;
        }
        if (!any) {
            return;
        }
        state.map.vjp(outputAdjoint, state.thetaBar);
        for (int k = 0; k < inputAdjoints.length; k++) {
            if (inputAdjoints[k] != null) {
                System.arraycopy(state.thetaBar, layout.offset(k), inputAdjoints[k], 0, layout.size(k));
            }
        }
        notify(NodeObserver.Call.VJP, state);
    }

    /**
     * Refuses clearly: the tangent of a VJP through x*(θ) needs ∂²x*(θ)/∂θ², which neither the
     * implicit function theorem's first-order products nor a generic solution map provide.
     */
    @Override
    public void vjpTangent(State state, double[][] inputs, double[] output, double[][] inputTangents,
                           double[] outputTangent, double[] outputAdjoint, double[] outputAdjointTangent,
                           double[][] inputAdjointTangents) {
        throw new UnsupportedDerivativeException(name + " has no second-order rule: a Hessian-vector or "
                + "mixed second-order product through x*(θ) would need ∂²x*(θ)/∂θ², which implicit "
                + "differentiation of a first-order condition does not give; take first-order derivatives "
                + "(gradient, JVP, VJP) through the node, or differentiate an unrolled solver");
    }

    private static void gather(double[][] parts, double[] theta) {
        int offset = 0;
        for (double[] part : parts) {
            System.arraycopy(part, 0, theta, offset, part.length);
            offset += part.length;
        }
    }

    private void notify(NodeObserver.Call call, State state) {
        if (observer != null) {
            observer.after(call, state.map);
        }
    }
}
