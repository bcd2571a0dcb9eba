package org.rootgrad.autodiff;

import org.rootgrad.error.UnsupportedDerivativeException;

/**
 * A custom operation whose value and derivatives come from user code: any number of tensor inputs,
 * one tensor output. Recorded with {@link Tape#apply}, it becomes one node of the tape and composes
 * with every other op. This is how a whole solver run becomes a differentiable node (value = run
 * the solver, JVP and VJP = implicit products) and how a hand-optimised kernel joins a tape.
 *
 * <p><b>Calling protocol.</b> For each {@link Workspace}, the tape calls {@link #newState()} once
 * when the workspace is created and passes that state to every call made through that workspace,
 * so a primitive can keep its buffers, a solver workspace or a warm start there and allocate
 * nothing per call. {@link #jvp}, {@link #vjp} and {@link #vjpTangent} are only called at the
 * point of the latest {@link #value} call on the same state: same inputs, same output.
 *
 * <p><b>Arrays.</b> {@code inputs[k]} holds a copy of input k (flat, length of its shape's size)
 * and {@code output} the output; both are owned by the workspace and must be treated as read-only
 * outside {@link #value}. A {@code null} entry in {@code inputTangents} means that input's
 * tangent is zero; a {@code null} entry in {@code inputAdjoints} or
 * {@code inputAdjointTangents} means that input needs no adjoint; non-null output arrays are
 * zeroed before the call, so the rule may either write or accumulate into them.
 *
 * <p><b>Threading.</b> One primitive instance is shared by every thread that evaluates the
 * function (it is part of the immutable {@link Function}), so it must keep per-call data in its
 * state, never in its own fields.
 *
 * @param <S> the per-workspace state (use {@code Void} and return {@code null} when stateless)
 */
public interface Primitive<S> {

    /** A short name for messages, e.g. {@code "ridgeSolve"}. */
    String name();

    /** Creates the per-workspace state; called once per workspace, may allocate. */
    S newState();

    /** output ← g(inputs). */
    void value(S state, double[][] inputs, double[] output);

    /** outputTangent ← Σₖ ∂g/∂inputₖ · inputTangents[k] (null tangents are zero). */
    void jvp(S state, double[][] inputs, double[] output, double[][] inputTangents,
             double[] outputTangent);

    /** inputAdjoints[k] ← (∂g/∂inputₖ)ᵀ · outputAdjoint, for each non-null entry. */
    void vjp(S state, double[][] inputs, double[] output, double[] outputAdjoint,
             double[][] inputAdjoints);

    /**
     * The second-order rule, the tangent of the VJP: for each non-null entry,
     * inputAdjointTangents[k] ← d/dε [(∂g/∂inputₖ)(inputs + ε·inputTangents)ᵀ ·
     * (outputAdjoint + ε·outputAdjointTangent)] at ε = 0. {@code outputTangent} is the JVP of the
     * input tangents (null when they are all zero), supplied because many rules need it.
     *
     * <p>When every input tangent is zero the tape does not call this method: the result is then
     * the plain VJP of {@code outputAdjointTangent}, which it obtains from {@link #vjp}.
     *
     * @throws UnsupportedDerivativeException by default: the primitive then supports first-order
     *     derivatives only, and Hessian-vector or mixed products through it fail naming it
     */
    default void vjpTangent(S state, double[][] inputs, double[] output,
                            double[][] inputTangents, double[] outputTangent,
                            double[] outputAdjoint, double[] outputAdjointTangent,
                            double[][] inputAdjointTangents) {
        throw new UnsupportedDerivativeException("custom primitive '" + name()
                + "' has no second-order rule (vjpTangent), so Hessian-vector and mixed"
                + " second-order products through it are unavailable");
    }
}
