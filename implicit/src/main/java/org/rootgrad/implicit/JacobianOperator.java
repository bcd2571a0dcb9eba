package org.rootgrad.implicit;

import org.rootgrad.implicit.linear.LinearOperator;
import org.rootgrad.implicit.linear.Structure;

/**
 * A = ∂ₓF of a {@link RootFunction} at its linearisation point: products through
 * {@link RootFunction#jvpX} and {@link RootFunction#vjpX}, the dense matrix through
 * {@link RootFunction#jacobianX} when F forms it, an approximation of it through
 * {@link RootFunction#approximateJacobianX}. A view, per thread like F.
 */
final class JacobianOperator implements LinearOperator {
    private final RootFunction f;
    private final int n;

    JacobianOperator(RootFunction f) {
        this.f = f;
        this.n = f.dimension();
    }

    @Override
    public int rows() {
        return n;
    }

    @Override
    public int cols() {
        return n;
    }

    @Override
    public Structure structure() {
        return f.structureX();
    }

    @Override
    public void apply(double[] x, double[] y) {
        f.jvpX(x, y);
    }

    @Override
    public void applyTranspose(double[] x, double[] y) {
        f.vjpX(x, y);
    }

    @Override
    public boolean denseMatrix(double[] out) {
        return f.jacobianX(out);
    }

    @Override
    public boolean approximateDenseMatrix(double[] out) {
        return f.approximateJacobianX(out);
    }

    @Override
    public String toString() {
        return "∂ₓF " + n + "×" + n + " (" + structure() + ")";
    }
}
