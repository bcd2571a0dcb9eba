package org.rootgrad.implicit;

import java.util.Arrays;
import org.rootgrad.autodiff.Function;
import org.rootgrad.autodiff.Workspace;
import org.rootgrad.error.DimensionMismatchException;
import org.rootgrad.error.InvalidOptionException;

/**
 * How a recorded function's inputs split into x and a θ packed from several inputs
 * ({@link ParameterLayout}), with the per-instance scratch to move packed vectors in and out of
 * the function's workspaces: the shared core of the tape-backed root functions and fixed-point
 * maps. Validated once at construction; per thread (the scratch), {@link #fork()} for another.
 */
final class TapeBinding {
    final Function f;
    final int x;
    final int[] theta;
    final ParameterLayout layout;
    final int n;
    final int m;
    /** One array per θ part: the part of a packed vector, in the input's own length. */
    private final double[][] parts;
    /** Indexed by input: the VJP targets of {@link Function#vjps} (θ parts only). */
    private final double[][] vjpTargets;
    /** n: one JVP term while summing over the θ parts. */
    private final double[] term;

    TapeBinding(String what, Function f, int x, int[] theta) {
        if (f == null || theta == null) {
            throw new DimensionMismatchException(what + ": " + (f == null ? "the function" : "thetaInputs") + " is null");
        }
        this.f = f;
        this.x = x;
        this.theta = theta.clone();
        this.layout = ParameterLayout.ofInputs(f, this.theta);
        this.n = f.inputSize(x);
        this.m = layout.dimension();
        boolean[] seen = new boolean[f.inputCount()];
        seen[x] = true;
        for (int k = 0; k < this.theta.length; k++) {
            if (seen[this.theta[k]]) {
                throw new InvalidOptionException(what + ": input " + this.theta[k] + " '"
                        + f.inputName(this.theta[k]) + "' is named twice among x and θ");
            }
            seen[this.theta[k]] = true;
        }
        for (int input = 0; input < seen.length; input++) {
            if (!seen[input]) {
                throw new InvalidOptionException(what + ": input " + input + " '" + f.inputName(input)
                        + "' is neither x (input " + x + ") nor among the θ inputs "
                        + Arrays.toString(this.theta) + "; every input must be one of them");
            }
        }
        this.parts = new double[this.theta.length][];
        this.vjpTargets = new double[f.inputCount()][];
        for (int k = 0; k < this.theta.length; k++) {
            parts[k] = new double[layout.size(k)];
            vjpTargets[this.theta[k]] = parts[k];
        }
        this.term = new double[n];
    }

    private TapeBinding(TapeBinding other) {
        this.f = other.f;
        this.x = other.x;
        this.theta = other.theta;
        this.layout = other.layout;
        this.n = other.n;
        this.m = other.m;
        this.parts = new double[theta.length][];
        this.vjpTargets = new double[f.inputCount()][];
        for (int k = 0; k < theta.length; k++) {
            parts[k] = new double[layout.size(k)];
            vjpTargets[theta[k]] = parts[k];
        }
        this.term = new double[other.term.length];
    }

    TapeBinding fork() {
        return new TapeBinding(this);
    }

    /** Sets x and the θ parts of the workspace from a packed θ (m elements). */
    void set(Workspace ws, double[] xs, double[] th) {
        if (th == null || th.length != m) {
            throw new DimensionMismatchException("theta has length " + (th == null ? "null" : th.length)
                    + "; expected " + m + " (" + layout + ")");
        }
        ws.setInput(x, xs);
        for (int k = 0; k < theta.length; k++) {
            System.arraycopy(th, layout.offset(k), parts[k], 0, layout.size(k));
            ws.setInput(theta[k], parts[k]);
        }
    }

    /** out ← Σₖ J_θₖ uₖ for a vector output (one tangent sweep per non-zero part of u). */
    void jvpTheta(Workspace ws, double[] u, double[] out) {
        Arrays.fill(out, 0);
        for (int k = 0; k < theta.length; k++) {
            if (!load(u, k)) {
                continue;
            }
            f.jvp(ws, theta[k], parts[k], term);
            for (int i = 0; i < out.length; i++) {
                out[i] += term[i];
            }
        }
    }

    /** out ← (J_θ)ᵀ w, packed, for a vector output: one reverse sweep for all parts. */
    void vjpTheta(Workspace ws, double[] w, double[] out) {
        if (theta.length == 0) {
            return;
        }
        f.vjps(ws, w, vjpTargets);
        store(out);
    }

    /** out ← Σₖ ∇²_{x θₖ} f · uₖ for a scalar output (one second-order sweep per non-zero part). */
    void mixedTheta(Workspace ws, double[] u, double[] out) {
        Arrays.fill(out, 0);
        for (int k = 0; k < theta.length; k++) {
            if (!load(u, k)) {
                continue;
            }
            f.secondOrder(ws, theta[k], parts[k], x, term);
            for (int i = 0; i < out.length; i++) {
                out[i] += term[i];
            }
        }
    }

    /** out ← (∇²_{x θ} f)ᵀ w, packed, for a scalar output (one second-order sweep per part). */
    void mixedTransposeTheta(Workspace ws, double[] w, double[] out) {
        for (int k = 0; k < theta.length; k++) {
            f.secondOrder(ws, x, w, theta[k], parts[k]);
        }
        store(out);
    }

    /** parts[k] ← part k of u; false if it is all zeros (its sweep can be skipped). */
    private boolean load(double[] u, int k) {
        int offset = layout.offset(k);
        int size = layout.size(k);
        boolean nonZero = false;
        double[] part = parts[k];
        for (int i = 0; i < size; i++) {
            double v = u[offset + i];
            part[i] = v;
            nonZero |= v != 0;
        }
        return nonZero;
    }

    private void store(double[] out) {
        for (int k = 0; k < theta.length; k++) {
            System.arraycopy(parts[k], 0, out, layout.offset(k), layout.size(k));
        }
    }

    @Override
    public String toString() {
        return f + ", x = input " + x + " '" + f.inputName(x) + "', " + layout;
    }
}
