package org.rootgrad.solvers.constrained;

import org.rootgrad.engine.MatrixKernels;
import org.rootgrad.error.Checks;

/** Fixed affine constraints Ax − b: no parameters, no curvature. Stateless apart from the data. */
final class AffineConstraints implements Constraints {
    private static final MatrixKernels M = MatrixKernels.active();

    private final int k;
    private final int n;
    private final double[] a;
    private final double[] b;

    AffineConstraints(int k, int n, double[] a, double[] b) {
        Checks.nonNegative("k", k);
        Checks.nonNegative("n", n);
        Checks.length("A", a, k * n);
        Checks.length("b", b, k);
        Checks.finite("A", a);
        Checks.finite("b", b);
        this.k = k;
        this.n = n;
        this.a = a;
        this.b = b;
    }

    @Override
    public int dimension() {
        return n;
    }

    @Override
    public int parameterDimension() {
        return 0;
    }

    @Override
    public int count() {
        return k;
    }

    @Override
    public boolean isAffineInX() {
        return true;
    }

    @Override
    public void evaluate(double[] x, double[] theta, double[] out) {
        System.arraycopy(b, 0, out, 0, k);
        if (n > 0 && k > 0) {
            M.gemv(k, n, 1, a, 0, n, x, 0, -1, out, 0);
        } else {
            for (int i = 0; i < k; i++) {
                out[i] = -b[i];
            }
        }
    }

    @Override
    public void valueAndVjpX(double[] x, double[] theta, double[] w, double[] value, double[] out) {
        evaluate(x, theta, value);
        vjpX(w, out);
    }

    @Override
    public void linearize(double[] x, double[] theta) {
        // affine: the products do not depend on the point
    }

    @Override
    public void jvpX(double[] v, double[] out) {
        if (n == 0) {
            java.util.Arrays.fill(out, 0, k, 0);
            return;
        }
        if (k > 0) {
            M.gemv(k, n, 1, a, 0, n, v, 0, 0, out, 0);
        }
    }

    @Override
    public void vjpX(double[] w, double[] out) {
        if (k == 0) {
            java.util.Arrays.fill(out, 0, n, 0);
            return;
        }
        if (n > 0) {
            M.gemvT(k, n, 1, a, 0, n, w, 0, 0, out, 0);
        }
    }

    @Override
    public void jvpTheta(double[] u, double[] out) {
        java.util.Arrays.fill(out, 0, k, 0);
    }

    @Override
    public void vjpTheta(double[] w, double[] out) {
        // no parameters
    }

    @Override
    public void curvatureVector(double[] w, double[] v, double[] out) {
        java.util.Arrays.fill(out, 0, n, 0);
    }

    @Override
    public void mixedCurvatureVector(double[] w, double[] u, double[] out) {
        java.util.Arrays.fill(out, 0, n, 0);
    }

    @Override
    public void mixedCurvatureTransposeVector(double[] w, double[] v, double[] out) {
        // no parameters
    }

    @Override
    public Constraints fork() {
        return this;
    }

    @Override
    public String toString() {
        return "affine constraints (" + k + " of " + n + " variables)";
    }
}
