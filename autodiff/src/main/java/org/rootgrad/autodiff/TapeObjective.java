package org.rootgrad.autodiff;

import org.rootgrad.error.Checks;
import org.rootgrad.error.InvalidOptionException;

/**
 * A recorded scalar function as an {@link Objective}. Values and gradients are computed in one
 * workspace, second-order products in another that holds the linearisation point, so evaluating
 * elsewhere (a line search) never moves the point of the products. {@link #linearize} runs the
 * forward sweep and one reverse sweep for the adjoints of both x and θ; each product is then one
 * tangent sweep and one second-order sweep.
 */
final class TapeObjective implements Objective {
    private final Function f;
    private final int x;
    private final int theta;
    private final Workspace evaluation;
    private final Workspace linearization;
    private final long linearizationBits;
    private boolean linearized;

    TapeObjective(Function f, int x, int theta) {
        this.f = f;
        this.x = x;
        this.theta = theta;
        this.evaluation = f.newWorkspace();
        this.linearization = f.newWorkspace();
        this.linearizationBits = (1L << x) | (theta >= 0 ? 1L << theta : 0);
    }

    @Override
    public int dimension() {
        return f.inputSize(x);
    }

    @Override
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

    @Override
    public double value(double[] xs, double[] th) {
        set(evaluation, xs, th);
        return f.value(evaluation);
    }

    @Override
    public double valueAndGradient(double[] xs, double[] th, double[] gradient) {
        set(evaluation, xs, th);
        return f.valueAndGradient(evaluation, x, gradient);
    }

    @Override
    public void linearize(double[] xs, double[] th) {
        set(linearization, xs, th);
        f.ensureAdjoints(linearization, linearizationBits, null);
        linearized = true;
    }

    private void requireLinearized() {
        if (!linearized) {
            throw new InvalidOptionException("second-order products need a point: call linearize(x, θ) first");
        }
    }

    @Override
    public void hessianVector(double[] v, double[] out) {
        requireLinearized();
        f.secondOrder(linearization, x, v, x, out);
    }

    @Override
    public void mixedVector(double[] u, double[] out) {
        requireLinearized();
        if (theta < 0) {
            Checks.length("u", u, 0);
            Checks.length("out", out, dimension());
            java.util.Arrays.fill(out, 0);
            return;
        }
        f.secondOrder(linearization, theta, u, x, out);
    }

    @Override
    public void mixedTransposeVector(double[] w, double[] out) {
        requireLinearized();
        if (theta < 0) {
            Checks.length("w", w, dimension());
            Checks.length("out", out, 0);
            return;
        }
        f.secondOrder(linearization, x, w, theta, out);
    }

    @Override
    public Objective fork() {
        return new TapeObjective(f, x, theta);
    }

    @Override
    public String toString() {
        return "Objective[" + f + ", x = input " + x + (theta >= 0 ? ", θ = input " + theta : "") + "]";
    }
}
