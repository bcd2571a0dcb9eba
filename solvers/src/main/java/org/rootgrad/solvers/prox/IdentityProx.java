package org.rootgrad.solvers.prox;

import org.rootgrad.solvers.projection.JacobianStructure;

/** g = 0: the prox is the identity; k = 0, ∂ᵥprox = I, ∂prox/∂η = 0. */
final class IdentityProx extends AbstractProx {

    IdentityProx(int n) {
        super("identity prox", n, 0);
    }

    @Override
    void checkParameters(double[] theta) {
        // k = 0: nothing to check
    }

    @Override
    void doApply(double[] v, double[] theta, double step, double[] out) {
        if (out != v) {
            K.copy(n, v, 0, out, 0);
        }
    }

    @Override
    void doLinearize(double[] v, double[] theta, double step) {
        // the Jacobian is constant
    }

    @Override
    void doJvpV(double[] dv, double[] out) {
        if (out != dv) {
            K.copy(n, dv, 0, out, 0);
        }
    }

    @Override
    void doStepDerivative(double[] out) {
        K.fill(n, 0.0, out, 0);
    }

    @Override
    public JacobianStructure jacobianStructure() {
        return JacobianStructure.MASK;
    }

    @Override
    void doJacobianDiagonal(double[] d) {
        K.fill(n, 1.0, d, 0);
    }

    @Override
    public Prox fork() {
        return new IdentityProx(n);
    }
}
