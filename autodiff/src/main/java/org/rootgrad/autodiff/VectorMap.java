package org.rootgrad.autodiff;

import org.rootgrad.error.Checks;
import org.rootgrad.error.InvalidOptionException;

/**
 * A recorded function F(x, θ) ∈ Rᵏ of an input x ∈ Rⁿ and an input θ ∈ Rᵐ (or none), seen as a
 * map with Jacobian-vector and vector-Jacobian products with respect to either input at a
 * linearisation point: the shape the implicit module needs for a root condition F(x*, θ) = 0
 * (A = ∂ₓF, B = ∂θF). Obtain one with {@link Function#vectorMap}.
 *
 * <p>{@link #evaluate} uses its own workspace; {@link #linearize} fixes the point of the products
 * in another, runs the forward sweep once, and every product after it is one tangent sweep (JVP)
 * or one reverse sweep (VJP). Products allocate nothing.
 *
 * <p>Not thread-safe (it owns workspaces); {@link #fork()} gives an independent instance sharing
 * the immutable {@link Function}.
 */
public final class VectorMap {
    private final Function f;
    private final int x;
    private final int theta;
    private final Workspace evaluation;
    private final Workspace linearization;
    private boolean linearized;

    VectorMap(Function f, int x, int theta) {
        this.f = f;
        this.x = x;
        this.theta = theta;
        this.evaluation = f.newWorkspace();
        this.linearization = f.newWorkspace();
    }

    /** The recorded function. */
    public Function function() {
        return f;
    }

    /** k, the size of F(x, θ). */
    public int outputSize() {
        return f.outputSize();
    }

    /** n, the size of x. */
    public int dimension() {
        return f.inputSize(x);
    }

    /** m, the size of θ (0 without parameters). */
    public int parameterDimension() {
        return theta >= 0 ? f.inputSize(theta) : 0;
    }

    private void set(Workspace ws, double[] xs, double[] th) {
        ws.setInput(x, xs);
        if (theta >= 0) {
            ws.setInput(theta, th);
        } else if (th != null && th.length != 0) {
            Checks.length("theta", th, 0);
        }
    }

    /** out ← F(x, θ) (length k). */
    public void evaluate(double[] xs, double[] th, double[] out) {
        set(evaluation, xs, th);
        f.value(evaluation, out);
    }

    /** Fixes (x, θ) for the products below (the arrays are copied) and runs the forward sweep. */
    public void linearize(double[] xs, double[] th) {
        set(linearization, xs, th);
        f.ensureForward(linearization, 2);
        linearized = true;
    }

    /** out ← F(x, θ) at the linearisation point (no sweep: the values are cached). */
    public void valueAtLinearization(double[] out) {
        requireLinearized();
        f.value(linearization, out);
    }

    /** out ← ∂ₓF · v; v has length n, out length k. */
    public void jvpX(double[] v, double[] out) {
        requireLinearized();
        f.jvp(linearization, x, v, out);
    }

    /** out ← (∂ₓF)ᵀ · w; w has length k, out length n. */
    public void vjpX(double[] w, double[] out) {
        requireLinearized();
        f.vjp(linearization, w, x, out);
    }

    /** out ← ∂θF · u; u has length m, out length k. */
    public void jvpTheta(double[] u, double[] out) {
        requireLinearized();
        if (theta < 0) {
            Checks.length("u", u, 0);
            Checks.length("out", out, outputSize());
            java.util.Arrays.fill(out, 0);
            return;
        }
        f.jvp(linearization, theta, u, out);
    }

    /** out ← (∂θF)ᵀ · w; w has length k, out length m. */
    public void vjpTheta(double[] w, double[] out) {
        requireLinearized();
        if (theta < 0) {
            Checks.length("w", w, outputSize());
            Checks.length("out", out, 0);
            return;
        }
        f.vjp(linearization, w, theta, out);
    }

    /** An independent instance for another thread, sharing the function. */
    public VectorMap fork() {
        return new VectorMap(f, x, theta);
    }

    private void requireLinearized() {
        if (!linearized) {
            throw new InvalidOptionException("products need a point: call linearize(x, θ) first");
        }
    }

    @Override
    public String toString() {
        return "VectorMap[" + f + ", x = input " + x + (theta >= 0 ? ", θ = input " + theta : "") + "]";
    }
}
