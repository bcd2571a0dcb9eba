package org.rootgrad.solvers.constrained;

import org.rootgrad.autodiff.Function;
import org.rootgrad.autodiff.Workspace;
import org.rootgrad.error.Checks;
import org.rootgrad.error.DimensionMismatchException;
import org.rootgrad.error.InvalidOptionException;

/**
 * Constraints recorded on a tape: Jacobian products by tangent and reverse sweeps, curvature by
 * the second-order sweep along a cotangent. Two workspaces: one for evaluations, one fixed at the
 * linearisation point (so evaluating elsewhere does not discard the cached sweeps).
 */
final class RecordedConstraints implements Constraints {
    private final Function f;
    private final int xInput;
    private final int thetaInput;
    private final int n;
    private final int m;
    private final int k;
    private final Workspace evaluation;
    private final Workspace linearization;
    private boolean linearized;

    RecordedConstraints(Function f, int xInput, int thetaInput) {
        if (f == null) {
            throw new DimensionMismatchException("constraint function is null");
        }
        int expected = thetaInput == -1 ? 1 : 2;
        if (f.inputCount() != expected || xInput < 0 || xInput >= f.inputCount()
                || (thetaInput != -1 && (thetaInput < 0 || thetaInput >= f.inputCount() || thetaInput == xInput))) {
            throw new InvalidOptionException("constraints: the function has " + f.inputCount()
                    + " inputs; x = input " + xInput + " and θ = input " + thetaInput
                    + " must be exactly its inputs (θ = −1 for none)");
        }
        this.f = f;
        this.xInput = xInput;
        this.thetaInput = thetaInput;
        this.n = f.inputSize(xInput);
        this.m = thetaInput == -1 ? 0 : f.inputSize(thetaInput);
        this.k = f.outputSize();
        this.evaluation = f.newWorkspace();
        this.linearization = f.newWorkspace();
    }

    @Override
    public int dimension() {
        return n;
    }

    @Override
    public int parameterDimension() {
        return m;
    }

    @Override
    public int count() {
        return k;
    }

    @Override
    public boolean isAffineInX() {
        return false; // not known from a recording: the second-order sweep finds the curvature
    }

    private void set(Workspace ws, double[] x, double[] theta) {
        ws.setInput(xInput, x);
        if (thetaInput != -1) {
            ws.setInput(thetaInput, theta);
        }
    }

    @Override
    public void evaluate(double[] x, double[] theta, double[] out) {
        set(evaluation, x, theta);
        f.value(evaluation, out);
    }

    @Override
    public void valueAndVjpX(double[] x, double[] theta, double[] w, double[] value, double[] out) {
        set(evaluation, x, theta);
        f.value(evaluation, value);
        f.vjp(evaluation, w, xInput, out);
    }

    @Override
    public void linearize(double[] x, double[] theta) {
        set(linearization, x, theta);
        linearized = true;
    }

    private void requireLinearized() {
        if (!linearized) {
            throw new InvalidOptionException("constraints: call linearize(x, θ) before the products");
        }
    }

    @Override
    public void jvpX(double[] v, double[] out) {
        requireLinearized();
        f.jvp(linearization, xInput, v, out);
    }

    @Override
    public void vjpX(double[] w, double[] out) {
        requireLinearized();
        f.vjp(linearization, w, xInput, out);
    }

    @Override
    public void jvpTheta(double[] u, double[] out) {
        requireLinearized();
        if (thetaInput == -1) {
            java.util.Arrays.fill(out, 0, k, 0);
            return;
        }
        f.jvp(linearization, thetaInput, u, out);
    }

    @Override
    public void vjpTheta(double[] w, double[] out) {
        requireLinearized();
        if (thetaInput != -1) {
            f.vjp(linearization, w, thetaInput, out);
        }
    }

    @Override
    public void curvatureVector(double[] w, double[] v, double[] out) {
        requireLinearized();
        f.secondOrder(linearization, w, xInput, v, xInput, out);
    }

    @Override
    public void mixedCurvatureVector(double[] w, double[] u, double[] out) {
        requireLinearized();
        if (thetaInput == -1) {
            java.util.Arrays.fill(out, 0, n, 0);
            return;
        }
        f.secondOrder(linearization, w, thetaInput, u, xInput, out);
    }

    @Override
    public void mixedCurvatureTransposeVector(double[] w, double[] v, double[] out) {
        requireLinearized();
        if (thetaInput != -1) {
            f.secondOrder(linearization, w, xInput, v, thetaInput, out);
        }
    }

    @Override
    public Constraints fork() {
        return new RecordedConstraints(f, xInput, thetaInput);
    }

    @Override
    public String toString() {
        return "recorded constraints (" + k + " of " + n + " variables, " + m + " parameters)";
    }

    static void checkSizes(String what, Constraints c, int n) {
        if (c.dimension() != n) {
            throw new DimensionMismatchException(what + " act on " + c.dimension()
                    + " variables; the objective has " + n);
        }
        Checks.nonNegative(what + " count", c.count());
    }
}
