package org.rootgrad.implicit.linear;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.rootgrad.autodiff.Objective;
import org.rootgrad.implicit.RootFunction;
import org.rootgrad.testing.DenseReference;

/**
 * The Objective and RootFunction views on hand-written functions whose derivatives are known
 * in closed form, checked against dense matrices built from those closed forms.
 */
class ObjectiveAdaptersTest {
    private static final double TOL = 1e-12;

    /**
     * f(x, θ) = ½xᵀQx + xᵀCθ + θ₀ Σ eˣⁱ: ∇²ₓₓf = Q + θ₀ diag(eˣ), ∇²ₓθf = C + eˣ e₀ᵀ (column 0
     * gains eˣ), so both depend on the linearisation point.
     */
    static final class TestObjective implements Objective {
        final int n;
        final int m;
        final double[] q;
        final double[] c;
        final double[] x0;
        final double[] theta0;

        TestObjective(double[] q, double[] c, int n, int m) {
            this.n = n;
            this.m = m;
            this.q = q;
            this.c = c;
            this.x0 = new double[n];
            this.theta0 = new double[m];
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
        public double value(double[] x, double[] theta) {
            double[] qx = Dense.multiply(q, n, n, x);
            double[] ct = Dense.multiply(c, n, m, theta);
            double s = 0;
            for (int i = 0; i < n; i++) {
                s += 0.5 * x[i] * qx[i] + x[i] * ct[i] + theta[0] * Math.exp(x[i]);
            }
            return s;
        }

        @Override
        public double valueAndGradient(double[] x, double[] theta, double[] gradient) {
            double[] qx = Dense.multiply(q, n, n, x);
            double[] ct = Dense.multiply(c, n, m, theta);
            for (int i = 0; i < n; i++) {
                gradient[i] = qx[i] + ct[i] + theta[0] * Math.exp(x[i]);
            }
            return value(x, theta);
        }

        @Override
        public void linearize(double[] x, double[] theta) {
            System.arraycopy(x, 0, x0, 0, n);
            System.arraycopy(theta, 0, theta0, 0, m);
        }

        @Override
        public void hessianVector(double[] v, double[] out) {
            double[] qv = Dense.multiply(q, n, n, v);
            for (int i = 0; i < n; i++) {
                out[i] = qv[i] + theta0[0] * Math.exp(x0[i]) * v[i];
            }
        }

        @Override
        public void mixedVector(double[] u, double[] out) {
            double[] cu = Dense.multiply(c, n, m, u);
            for (int i = 0; i < n; i++) {
                out[i] = cu[i] + Math.exp(x0[i]) * u[0];
            }
        }

        @Override
        public void mixedTransposeVector(double[] w, double[] out) {
            double[] ctw = Dense.multiply(DenseReference.transpose(c, n, m), m, n, w);
            double s = 0;
            for (int i = 0; i < n; i++) {
                s += Math.exp(x0[i]) * w[i];
            }
            for (int j = 0; j < m; j++) {
                out[j] = ctw[j] + (j == 0 ? s : 0);
            }
        }

        @Override
        public Objective fork() {
            return new TestObjective(q, c, n, m);
        }

        double[] hessianAt() {
            double[] h = q.clone();
            for (int i = 0; i < n; i++) {
                h[i * n + i] += theta0[0] * Math.exp(x0[i]);
            }
            return h;
        }

        double[] mixedAt() {
            double[] b = c.clone();
            for (int i = 0; i < n; i++) {
                b[i * m] += Math.exp(x0[i]);
            }
            return b;
        }
    }

    /** F(x, θ) = Mx + Nθ + sin(x)·θ₀ with non-symmetric M: a general root function. */
    static final class TestRoot implements RootFunction {
        final int n;
        final int m;
        final double[] mat;
        final double[] nmat;
        final double[] x0;
        final double[] theta0;

        TestRoot(double[] mat, double[] nmat, int n, int m) {
            this.n = n;
            this.m = m;
            this.mat = mat;
            this.nmat = nmat;
            this.x0 = new double[n];
            this.theta0 = new double[m];
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
        public void evaluate(double[] x, double[] theta, double[] out) {
            double[] mx = Dense.multiply(mat, n, n, x);
            double[] nt = Dense.multiply(nmat, n, m, theta);
            for (int i = 0; i < n; i++) {
                out[i] = mx[i] + nt[i] + Math.sin(x[i]) * theta[0];
            }
        }

        @Override
        public void linearize(double[] x, double[] theta) {
            System.arraycopy(x, 0, x0, 0, n);
            System.arraycopy(theta, 0, theta0, 0, m);
        }

        double[] jacobianXAt() {
            double[] a = mat.clone();
            for (int i = 0; i < n; i++) {
                a[i * n + i] += Math.cos(x0[i]) * theta0[0];
            }
            return a;
        }

        double[] jacobianThetaAt() {
            double[] b = nmat.clone();
            for (int i = 0; i < n; i++) {
                b[i * m] += Math.sin(x0[i]);
            }
            return b;
        }

        @Override
        public void jvpX(double[] v, double[] out) {
            System.arraycopy(Dense.multiply(jacobianXAt(), n, n, v), 0, out, 0, n);
        }

        @Override
        public void vjpX(double[] w, double[] out) {
            System.arraycopy(Dense.multiply(DenseReference.transpose(jacobianXAt(), n, n), n, n, w), 0, out, 0, n);
        }

        @Override
        public void jvpTheta(double[] u, double[] out) {
            System.arraycopy(Dense.multiply(jacobianThetaAt(), n, m, u), 0, out, 0, n);
        }

        @Override
        public void vjpTheta(double[] w, double[] out) {
            System.arraycopy(Dense.multiply(DenseReference.transpose(jacobianThetaAt(), n, m), m, n, w), 0, out, 0, m);
        }

        @Override
        public Structure structureX() {
            return Structure.GENERAL;
        }

        @Override
        public RootFunction fork() {
            return new TestRoot(mat, nmat, n, m);
        }
    }

    private static final int N = 6;
    private static final int M = 3;

    private static TestObjective objective(SplittableRandom random) {
        double[] q = Dense.withSpectrum(random, Dense.geometric(N, 1, 10));
        return new TestObjective(q, Dense.randomMatrix(random, N, M), N, M);
    }

    private static void assertOperatorEquals(double[] expected, int rows, int cols, LinearOperator op,
                                             SplittableRandom random, String name) {
        assertEquals(rows, op.rows(), name);
        assertEquals(cols, op.cols(), name);
        double[] x = Dense.randomVector(random, cols);
        double[] y = new double[rows];
        op.apply(x, y);
        assertArrayEquals(Dense.multiply(expected, rows, cols, x), y, TOL, name);
        double[] u = Dense.randomVector(random, rows);
        double[] v = new double[cols];
        op.applyTranspose(u, v);
        assertArrayEquals(Dense.multiply(DenseReference.transpose(expected, rows, cols), cols, rows, u), v, TOL, name + "ᵀ");
        assertEquals(DenseReference.dot(y, u), DenseReference.dot(x, v), TOL * (1 + Math.abs(DenseReference.dot(y, u))), name + " adjoint");
    }

    @Test
    void hessianAndMixedViewsFollowTheLinearisationPoint() {
        SplittableRandom random = new SplittableRandom(21);
        TestObjective f = objective(random);
        LinearOperator h = LinearOperator.hessian(f);
        LinearOperator b = LinearOperator.mixedHessian(f);
        assertEquals(Structure.SYMMETRIC_POSITIVE_DEFINITE, h.structure());
        assertEquals(Structure.GENERAL, b.structure());
        for (int point = 0; point < 2; point++) {
            f.linearize(Dense.randomVector(random, N), new double[] {0.5 + point, -1, 2});
            assertOperatorEquals(f.hessianAt(), N, N, h, random, "hessian at point " + point);
            assertOperatorEquals(f.mixedAt(), N, M, b, random, "mixed at point " + point);
            assertOperatorEquals(DenseReference.transpose(f.mixedAt(), N, M), M, N, b.transpose(), random,
                    "mixed transpose at point " + point);
        }
    }

    @Test
    void gradientConditionViewsEqualTheObjectiveViews() {
        SplittableRandom random = new SplittableRandom(22);
        TestObjective f = objective(random);
        RootFunction grad = RootFunction.gradientOf(f);
        grad.linearize(Dense.randomVector(random, N), new double[] {0.3, 1, -1});
        LinearOperator a = grad.jacobianXOperator();
        LinearOperator b = grad.jacobianThetaOperator();
        assertEquals(Structure.SYMMETRIC_POSITIVE_DEFINITE, a.structure());
        assertOperatorEquals(f.hessianAt(), N, N, a, random, "∂ₓ∇f");
        assertOperatorEquals(f.mixedAt(), N, M, b, random, "∂θ∇f");
    }

    @Test
    void rootFunctionViewsOfANonSymmetricCondition() {
        SplittableRandom random = new SplittableRandom(23);
        TestRoot f = new TestRoot(Dense.convectionDiffusion(N, 30), Dense.randomMatrix(random, N, M), N, M);
        f.linearize(Dense.randomVector(random, N), new double[] {0.7, 0, 1});
        LinearOperator a = f.jacobianXOperator();
        assertEquals(Structure.GENERAL, a.structure());
        assertOperatorEquals(f.jacobianXAt(), N, N, a, random, "∂ₓF");
        assertOperatorEquals(f.jacobianThetaAt(), N, M, f.jacobianThetaOperator(), random, "∂θF");
        assertOperatorEquals(DenseReference.transpose(f.jacobianXAt(), N, N), N, N, a.transpose(), random, "(∂ₓF)ᵀ");
    }

    @Test
    void hessianSolveThroughTheViewMatchesTheDenseSolve() {
        SplittableRandom random = new SplittableRandom(24);
        TestObjective f = objective(random);
        f.linearize(Dense.randomVector(random, N), new double[] {0.2, 0.1, 0.4});
        double[] b = Dense.randomVector(random, N);
        double[] x = new double[N];
        SolveResult result = LinearSolver.conjugateGradient(LinearSolverOptions.defaults())
                .solve(LinearOperator.hessian(f), b, x);
        assertTrue(result.converged());
        double[] reference = DenseReference.solve(f.hessianAt(), N, b);
        assertTrue(Dense.relativeError(x, reference) < 1e-9, () -> "error " + Dense.relativeError(x, reference));
        // the VJP system of a non-symmetric root: (∂ₓF)ᵀ w = −x̄, by GMRES on the transpose view
        TestRoot root = new TestRoot(Dense.convectionDiffusion(N, 30), Dense.randomMatrix(random, N, M), N, M);
        root.linearize(Dense.randomVector(random, N), new double[] {0.7, 0, 1});
        double[] w = new double[N];
        LinearSolver.gmres(LinearSolverOptions.defaults())
                .solve(root.jacobianXOperator().transpose(), b, w);
        double[] wRef = DenseReference.solve(DenseReference.transpose(root.jacobianXAt(), N, N), N, b);
        assertTrue(Dense.relativeError(w, wRef) < 1e-9, () -> "error " + Dense.relativeError(w, wRef));
    }
}
