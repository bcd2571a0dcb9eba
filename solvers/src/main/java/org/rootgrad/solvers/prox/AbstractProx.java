package org.rootgrad.solvers.prox;

import org.rootgrad.engine.ArrayKernels;
import org.rootgrad.error.Checks;
import org.rootgrad.error.InvalidOptionException;
import org.rootgrad.error.NonFiniteException;
import org.rootgrad.error.UnsupportedDerivativeException;
import org.rootgrad.solvers.projection.JacobianStructure;

/**
 * The checks every prox shares, done once at the public boundary: lengths, parameters, the step
 * and the linearisation state. Subclasses implement the unchecked bodies.
 */
abstract class AbstractProx implements Prox {
    static final ArrayKernels K = ArrayKernels.active();

    final int n;
    final int k;
    private final String name;
    private boolean linearized;

    AbstractProx(String name, int n, int k) {
        Checks.atLeastOne(name + " dimension n", n);
        this.name = name;
        this.n = n;
        this.k = k;
    }

    @Override
    public final int dimension() {
        return n;
    }

    @Override
    public final int parameterDimension() {
        return k;
    }

    @Override
    public final void apply(double[] v, double[] theta, double step, double[] out) {
        Checks.length("v", v, n);
        Checks.length("out", out, n);
        checkTheta(theta);
        checkStep(step);
        doApply(v, theta, step, out);
    }

    @Override
    public final void linearize(double[] v, double[] theta, double step) {
        Checks.length("v", v, n);
        checkTheta(theta);
        checkStep(step);
        linearized = false;
        doLinearize(v, theta, step);
        linearized = true;
    }

    @Override
    public final void jvpV(double[] dv, double[] out) {
        requireLinearized();
        Checks.length("dv", dv, n);
        Checks.length("out", out, n);
        doJvpV(dv, out);
    }

    @Override
    public final void vjpV(double[] w, double[] out) {
        requireLinearized();
        Checks.length("w", w, n);
        Checks.length("out", out, n);
        // The prox of a convex g is the gradient of the convex function ½‖v‖² − (Moreau envelope
        // of ηg), so its Jacobian is symmetric.
        doJvpV(w, out);
    }

    @Override
    public final void jvpTheta(double[] dTheta, double[] out) {
        requireLinearized();
        Checks.length("out", out, n);
        if (k == 0) {
            K.fill(n, 0.0, out, 0);
            return;
        }
        Checks.length("dTheta", dTheta, k);
        doJvpTheta(dTheta, out);
    }

    @Override
    public final void vjpTheta(double[] w, double[] out) {
        requireLinearized();
        Checks.length("w", w, n);
        if (k == 0) {
            return;
        }
        Checks.length("out", out, k);
        doVjpTheta(w, out);
    }

    @Override
    public final void stepDerivative(double[] out) {
        requireLinearized();
        Checks.length("out", out, n);
        doStepDerivative(out);
    }

    @Override
    public final void jacobianDiagonal(double[] d) {
        requireLinearized();
        requireDiagonalDescription();
        Checks.length("d", d, n);
        doJacobianDiagonal(d);
    }

    @Override
    public final double jacobianRankOne(double[] u) {
        requireLinearized();
        requireDiagonalDescription();
        Checks.length("u", u, n);
        // every prox here with a diagonal description is diagonal: no rank-one term
        K.fill(n, 0.0, u, 0);
        return 0.0;
    }

    abstract void doApply(double[] v, double[] theta, double step, double[] out);

    abstract void doLinearize(double[] v, double[] theta, double step);

    /** out ← ∂ᵥprox·dv; out may be dv. */
    abstract void doJvpV(double[] dv, double[] out);

    /** Only called when k &gt; 0, so a prox without parameters need not override. */
    void doJvpTheta(double[] dTheta, double[] out) {
        throw new IllegalStateException(name + " has no parameters");
    }

    /** Only called when k &gt; 0, so a prox without parameters need not override. */
    void doVjpTheta(double[] w, double[] out) {
        throw new IllegalStateException(name + " has no parameters");
    }

    abstract void doStepDerivative(double[] out);

    /** Validates θ (length already checked); only called when k &gt; 0. */
    abstract void checkParameters(double[] theta);

    /** Only called for the forms with a diagonal description. */
    abstract void doJacobianDiagonal(double[] d);

    private void checkTheta(double[] theta) {
        if (k == 0) {
            return;
        }
        Checks.length("theta", theta, k);
        checkParameters(theta);
    }

    /** η finite and &gt; 0, else NonFiniteException or InvalidOptionException. */
    static void checkStep(double step) {
        if (!Double.isFinite(step)) {
            throw new NonFiniteException("step η is " + step + "; it must be finite");
        }
        if (!(step > 0)) {
            throw InvalidOptionException.of("step η", step, "> 0");
        }
    }

    private void requireLinearized() {
        if (!linearized) {
            throw new InvalidOptionException(
                    name + ": call linearize(v, theta, step) before taking products");
        }
    }

    private void requireDiagonalDescription() {
        if (!jacobianStructure().hasDiagonalDescription()) {
            throw new UnsupportedDerivativeException(
                    name + " has a " + jacobianStructure() + " Jacobian without a diagonal description");
        }
    }

    /** A strength θ[index] named {@code what}: finite and ≥ 0. */
    static double strength(String what, double[] theta, int index) {
        double value = theta[index];
        if (!Double.isFinite(value)) {
            throw new NonFiniteException("theta", index, value);
        }
        if (value < 0) {
            throw InvalidOptionException.of(what + " (theta[" + index + "])", value, ">= 0");
        }
        return value;
    }

    /** Fixed weights named {@code what}: finite and ≥ 0. */
    static void checkWeights(String what, double[] weights) {
        for (int i = 0; i < weights.length; i++) {
            if (!Double.isFinite(weights[i])) {
                throw new NonFiniteException(what, i, weights[i]);
            }
            if (weights[i] < 0) {
                throw InvalidOptionException.of(what + "[" + i + "]", weights[i], ">= 0");
            }
        }
    }
}
