package org.rootgrad.implicit.linear;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.rootgrad.autodiff.Objective;
import org.rootgrad.error.Status;
import org.rootgrad.implicit.ImplicitDiff;
import org.rootgrad.implicit.ImplicitDiffWorkspace;
import org.rootgrad.implicit.RootFunction;
import org.rootgrad.testing.DenseReference;

/**
 * A dense direct solver assembles a matrix-free operator from the operator's own dense matrix
 * when it forms one ({@link LinearOperator#denseMatrix}: the Hessian view of an objective with
 * {@link Objective#hessian}, the ∂ₓF view of a gradient condition): no products, the same
 * solution as assembly from products (Gaussian elimination written in the test as the
 * reference), and a non-finite entry reported as NON_FINITE.
 */
class DenseMatrixAssemblyTest {

    /** f(x, θ) = ½xᵀAx − θᵀx with a Hessian it can write, counting products and dense writes. */
    static final class Quadratic implements Objective {
        final double[] a;
        final int n;
        final boolean dense;
        final AtomicInteger products = new AtomicInteger();
        final AtomicInteger denseWrites = new AtomicInteger();

        Quadratic(double[] a, int n, boolean dense) {
            this.a = a;
            this.n = n;
            this.dense = dense;
        }

        @Override public int dimension() { return n; }
        @Override public int parameterDimension() { return n; }

        @Override
        public double value(double[] x, double[] theta) {
            double[] ax = Dense.multiply(a, n, n, x);
            double s = 0;
            for (int i = 0; i < n; i++) {
                s += 0.5 * x[i] * ax[i] - theta[i] * x[i];
            }
            return s;
        }

        @Override
        public double valueAndGradient(double[] x, double[] theta, double[] gradient) {
            double[] ax = Dense.multiply(a, n, n, x);
            for (int i = 0; i < n; i++) {
                gradient[i] = ax[i] - theta[i];
            }
            return value(x, theta);
        }

        @Override public void linearize(double[] x, double[] theta) {}

        @Override
        public void hessianVector(double[] v, double[] out) {
            products.incrementAndGet();
            System.arraycopy(Dense.multiply(a, n, n, v), 0, out, 0, n);
        }

        @Override
        public boolean hessian(double[] out) {
            if (!dense) {
                return false;
            }
            denseWrites.incrementAndGet();
            System.arraycopy(a, 0, out, 0, n * n);
            return true;
        }

        @Override
        public void mixedVector(double[] u, double[] out) {
            for (int i = 0; i < n; i++) {
                out[i] = -u[i];
            }
        }

        @Override
        public void mixedTransposeVector(double[] w, double[] out) {
            for (int i = 0; i < n; i++) {
                out[i] = -w[i];
            }
        }

        @Override public Objective fork() { return this; }
    }

    @Test
    void theOperatorsOwnMatrixReplacesTheProducts() {
        SplittableRandom random = new SplittableRandom(901);
        int n = 23;
        double[] a = Dense.withSpectrum(random, Dense.geometric(n, 1, 1e3));
        double[] b = Dense.randomVector(random, n);
        double[] reference = DenseReference.solve(a, n, b);
        Quadratic withMatrix = new Quadratic(a, n, true);
        Quadratic withoutMatrix = new Quadratic(a, n, false);
        LinearSolver cholesky = LinearSolver.denseCholesky(LinearSolverOptions.defaults());
        double[] fromMatrix = new double[n];
        double[] fromProducts = new double[n];

        DirectSolverWorkspace ws = (DirectSolverWorkspace) cholesky.newWorkspace(n);
        assertEquals(Status.CONVERGED, cholesky.trySolve(ws, LinearOperator.hessian(withMatrix), null, b, fromMatrix).status());
        assertEquals(0, ws.operatorProducts());
        assertEquals(0, withMatrix.products.get());
        assertEquals(1, withMatrix.denseWrites.get());

        DirectSolverWorkspace ws2 = (DirectSolverWorkspace) cholesky.newWorkspace(n);
        cholesky.trySolve(ws2, LinearOperator.hessian(withoutMatrix), null, b, fromProducts);
        assertEquals(n, ws2.operatorProducts());
        assertArrayEquals(fromProducts, fromMatrix, 0.0, "the same matrix, bit for bit");
        for (int i = 0; i < n; i++) {
            assertEquals(reference[i], fromMatrix[i], 1e-9 * Math.abs(reference[i]) + 1e-12);
        }
    }

    @Test
    void implicitDerivativesOfAGradientConditionUseTheDenseHessian() {
        SplittableRandom random = new SplittableRandom(902);
        int n = 9;
        double[] a = Dense.withSpectrum(random, Dense.geometric(n, 1, 50));
        Quadratic f = new Quadratic(a, n, true);
        RootFunction condition = RootFunction.gradientOf(f);
        double[] dense = new double[n * n];
        assertTrue(condition.jacobianXOperator().denseMatrix(dense));
        assertArrayEquals(a, dense, 0.0);
        assertFalse(RootFunction.gradientOf(new Quadratic(a, n, false)).jacobianXOperator().denseMatrix(dense));

        double[] theta = Dense.randomVector(random, n);
        double[] xStar = DenseReference.solve(a, n, theta); // ∇f = Ax − θ = 0
        double[] xBar = Dense.randomVector(random, n);
        double[] thetaBar = new double[n];
        ImplicitDiffWorkspace ws = ImplicitDiff.defaults().newWorkspace(condition);
        ws.vjp(xStar, theta, xBar, thetaBar);
        // x*(θ) = A⁻¹θ, so θ̄ = A⁻ᵀx̄
        double[] want = DenseReference.solve(DenseReference.transpose(a, n, n), n, xBar);
        for (int i = 0; i < n; i++) {
            assertEquals(want[i], thetaBar[i], 1e-10 * Math.abs(want[i]) + 1e-12);
        }
        assertEquals(0, f.products.get(), "no Hessian-vector products");
        // the residual passed in is used as is: the diagnostics match an evaluated one
        double[] residual = new double[n];
        condition.evaluate(xStar, theta, residual);
        double evaluated = ws.result().forwardResidual();
        ws.invalidate();
        ws.vjp(xStar, theta, xBar, thetaBar, residual);
        assertEquals(evaluated, ws.result().forwardResidual(), 0.0);
    }

    @Test
    void aNonFiniteDenseMatrixIsReported() {
        int n = 4;
        double[] a = new double[n * n];
        for (int i = 0; i < n; i++) {
            a[i * n + i] = 2;
        }
        a[2 * n + 1] = Double.NaN;
        LinearSolver cholesky = LinearSolver.denseCholesky(LinearSolverOptions.defaults());
        SolveResult r = cholesky.trySolve(cholesky.newWorkspace(n), LinearOperator.hessian(new Quadratic(a, n, true)),
                null, new double[] {1, 1, 1, 1}, new double[n]);
        assertEquals(Status.NON_FINITE, r.status());
        assertTrue(r.detail().contains("row 2"), r.detail());
    }
}
