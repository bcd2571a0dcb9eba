package org.rootgrad.autodiff;

import java.util.Objects;
import org.rootgrad.error.Checks;
import org.rootgrad.error.DimensionMismatchException;
import org.rootgrad.error.InvalidOptionException;
import org.rootgrad.error.NonFiniteException;

/**
 * The mutable state of one evaluation thread of a {@link Function}: the current inputs and every
 * buffer the sweeps need (values, tangents, adjoints, tangents of adjoints, op scratch, the
 * per-workspace states of custom primitives), all allocated once, here. After the first call of
 * each kind, no evaluation through a workspace allocates.
 *
 * <p><b>Caching.</b> Inputs are copied in by {@link #setInput}; forward values (and the adjoints
 * of the last reverse sweep) are kept and reused until an input changes bit-wise, so the many
 * Hessian-vector products of a Krylov solve at one point cost one tangent sweep and one
 * second-order reverse sweep each. Constants are held by reference: after changing a constant's
 * contents, call {@link #invalidate()}.
 *
 * <p><b>Non-finite inputs</b> are not checked on the hot path (NaN and ∞ propagate as IEEE
 * arithmetic dictates). Enable {@link #checkFinite(boolean)} to validate every input as it is set,
 * or call {@link #checkInputs()} once.
 *
 * <p><b>Threading.</b> Not thread-safe: use one workspace per thread (create them with
 * {@link Function#newWorkspace()}; the function itself is shared).
 */
public final class Workspace {
    final Function f;
    /** Values of every workspace-backed node, at {@code f.offset[node]}. */
    final double[] values;
    final double[] tangents;
    final double[] adjoints;
    final double[] adjointTangents;
    final double[] scratch;
    final double[] temp1;
    final double[] temp2;
    /** Per node: the array holding its value ({@link #values} or a constant's array). */
    final double[][] val;
    final boolean[] adjMask;
    final boolean[] tanMask;
    final CustomCall[] custom;
    /** The cotangent of the cached adjoints (vector outputs). */
    final double[] seed;
    /** Unit vectors and columns for dense Jacobians and Hessians. */
    final double[] direction;
    final double[] column;
    private final boolean[] inputSet;

    /** 0 = stale, 1 = values, 2 = values and local gradients of fused ops. */
    int forwardLevel;
    /** Inputs whose adjoints the cached reverse sweep holds (0 = none). */
    long adjointBits;
    boolean adjointSeedOne;
    long adjMaskBits;
    boolean tanMaskValid;
    int tanMaskInput;
    long tanMaskBits;
    /** Set during a forward sweep: fused ops also compute their local gradients. */
    boolean gradientMode;
    private boolean checkFinite;

    Workspace(Function f) {
        this.f = f;
        values = new double[f.valueLength];
        tangents = new double[f.valueLength];
        adjoints = new double[f.valueLength];
        adjointTangents = new double[f.valueLength];
        scratch = new double[f.scratchLength];
        temp1 = new double[f.tempLength];
        temp2 = new double[f.tempLength];
        val = new double[f.nodeCount][];
        for (int i = 0; i < f.nodeCount; i++) {
            if (f.constantOf[i] >= 0) {
                val[i] = (double[]) f.constants[f.constantOf[i]];
            } else if (f.constantOf[i] == Function.WORKSPACE) {
                val[i] = values;
            }
        }
        adjMask = new boolean[f.nodeCount];
        tanMask = new boolean[f.nodeCount];
        custom = new CustomCall[f.nodeCount];
        for (int i : f.program) {
            if (f.op[i] == Op.CUSTOM) {
                custom[i] = new CustomCall(f, i);
            }
        }
        seed = new double[f.outputSize];
        int widest = f.outputSize;
        for (int k = 0; k < f.inputNode.length; k++) {
            widest = Math.max(widest, f.size[f.inputNode[k]]);
        }
        direction = new double[widest];
        column = new double[widest];
        inputSet = new boolean[f.inputNode.length];
    }

    /** The function this workspace evaluates. */
    public Function function() {
        return f;
    }

    /**
     * Copies {@code data} into input {@code input} (flat, row-major for matrices). Cached values
     * stay valid if the data is bit-for-bit the same as before.
     *
     * @throws InvalidOptionException if there is no such input
     * @throws DimensionMismatchException if {@code data.length} differs from the input's size
     * @throws NonFiniteException if finite checking is enabled and {@code data} holds NaN or ∞
     */
    public Workspace setInput(int input, double[] data) {
        f.checkInput(input);
        int node = f.inputNode[input];
        int n = f.size[node];
        if (data == null || data.length != n) {
            throw new DimensionMismatchException("input " + input + " '" + f.inputNames[input]
                    + "' of shape " + f.shapes[node] + " needs " + n + " values, got "
                    + (data == null ? "null" : data.length));
        }
        if (checkFinite) {
            Checks.finite(f.inputNames[input], data);
        }
        int off = f.offset[node];
        boolean changed = !inputSet[input];
        for (int i = 0; i < n; i++) {
            double v = data[i];
            if (Double.doubleToRawLongBits(v) != Double.doubleToRawLongBits(values[off + i])) {
                values[off + i] = v;
                changed = true;
            }
        }
        inputSet[input] = true;
        if (changed) {
            invalidate();
        }
        return this;
    }

    /** Sets input 0 (a function of one input). */
    public Workspace setInputs(double[] first) {
        return setInput(0, first);
    }

    /** Sets inputs 0 and 1, e.g. x and θ. */
    public Workspace setInputs(double[] first, double[] second) {
        setInput(0, first);
        return setInput(1, second);
    }

    /** Copies input {@code input}'s current values into {@code out}. */
    public void getInput(int input, double[] out) {
        f.checkInput(input);
        int node = f.inputNode[input];
        Checks.length("out", out, f.size[node]);
        System.arraycopy(values, f.offset[node], out, 0, f.size[node]);
    }

    /**
     * Forgets cached values and adjoints, so the next evaluation recomputes them. Needed only
     * after changing the contents of a constant the function holds by reference.
     */
    public void invalidate() {
        forwardLevel = 0;
        adjointBits = 0;
    }

    /** With {@code true}, {@link #setInput} rejects NaN and infinite values. Off by default. */
    public Workspace checkFinite(boolean enabled) {
        this.checkFinite = enabled;
        return this;
    }

    /**
     * Checks that every input has been set and holds only finite values.
     *
     * @throws NonFiniteException naming the input and the first bad index
     * @throws InvalidOptionException if an input was never set
     */
    public void checkInputs() {
        requireInputsSet();
        for (int k = 0; k < inputSet.length; k++) {
            int node = f.inputNode[k];
            Checks.finite(f.inputNames[k], values, f.offset[node], f.size[node]);
        }
    }

    void requireInputsSet() {
        for (int k = 0; k < inputSet.length; k++) {
            if (!inputSet[k]) {
                throw new InvalidOptionException("input " + k + " '" + f.inputNames[k]
                        + "' was never set; call setInput(" + k + ", values) first");
            }
        }
    }

    @Override
    public String toString() {
        return "Workspace[" + Objects.toIdentityString(f) + ", " + values.length + " values, "
                + scratch.length + " scratch]";
    }
}
