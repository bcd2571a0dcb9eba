package org.rootgrad.solvers.projection;

import org.rootgrad.engine.ArrayKernels;
import org.rootgrad.error.Checks;
import org.rootgrad.error.InvalidOptionException;
import org.rootgrad.error.NonFiniteException;
import org.rootgrad.error.UnsupportedDerivativeException;

/**
 * The checks every projection shares, done once at the public boundary: lengths, parameters and
 * the linearisation state. Subclasses implement the unchecked bodies.
 */
abstract class AbstractProjection implements Projection {
    static final ArrayKernels K = ArrayKernels.active();

    final int n;
    final int k;
    private final String name;
    private boolean linearized;

    AbstractProjection(String name, int n, int k) {
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
    public final void project(double[] v, double[] theta, double[] out) {
        Checks.length("v", v, n);
        Checks.length("out", out, n);
        checkTheta(theta);
        doProject(v, theta, out);
    }

    @Override
    public final void linearize(double[] v, double[] theta) {
        Checks.length("v", v, n);
        checkTheta(theta);
        linearized = false;
        doLinearize(v, theta);
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
        // Every Jacobian here is symmetric: a projection onto a closed convex set is the gradient
        // of a convex function (½‖v‖² minus the Moreau envelope of the indicator), and the
        // sphere's r(I − v̂v̂ᵀ)/‖v‖ is symmetric by inspection.
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
        if (jacobianStructure().isDiagonal()) {
            K.fill(n, 0.0, u, 0);
            return 0.0;
        }
        return doJacobianRankOne(u);
    }

    /** out ← P(v, θ); lengths and θ are valid. */
    abstract void doProject(double[] v, double[] theta, double[] out);

    /** Stores what the products need at (v, θ); lengths and θ are valid. */
    abstract void doLinearize(double[] v, double[] theta);

    /** out ← ∂ᵥP·dv; out may be dv. */
    abstract void doJvpV(double[] dv, double[] out);

    /** out ← ∂θP·dθ; only called when k &gt; 0, so sets without parameters need not override. */
    void doJvpTheta(double[] dTheta, double[] out) {
        throw new IllegalStateException(name + " has no parameters");
    }

    /** out ← (∂θP)ᵀ·w; only called when k &gt; 0, so sets without parameters need not override. */
    void doVjpTheta(double[] w, double[] out) {
        throw new IllegalStateException(name + " has no parameters");
    }

    /** Validates θ (its length is already checked); only called when k &gt; 0. */
    abstract void checkParameters(double[] theta);

    abstract void doJacobianDiagonal(double[] d);

    /** Only called for {@link JacobianStructure#DIAGONAL_MINUS_RANK_ONE}. */
    double doJacobianRankOne(double[] u) {
        throw new IllegalStateException(name + " has no rank-one term");
    }

    private void checkTheta(double[] theta) {
        if (k == 0) {
            return;
        }
        Checks.length("theta", theta, k);
        checkParameters(theta);
    }

    private void requireLinearized() {
        if (!linearized) {
            throw new InvalidOptionException(name + ": call linearize(v, theta) before taking products");
        }
    }

    private void requireDiagonalDescription() {
        if (!jacobianStructure().hasDiagonalDescription()) {
            throw new UnsupportedDerivativeException(
                    name + " has a " + jacobianStructure() + " Jacobian without a diagonal description");
        }
    }

    // ---- parameter checks shared by the subclasses ----------------------------------------------

    /** A radius (or total) named {@code what}: finite and ≥ 0. */
    static double radius(String what, double[] theta, int index) {
        double r = theta[index];
        if (Double.isNaN(r) || Double.isInfinite(r)) {
            throw new NonFiniteException("theta", index, r);
        }
        if (r < 0) {
            throw InvalidOptionException.of(what + " (theta[" + index + "])", r, ">= 0");
        }
        return r;
    }
}
