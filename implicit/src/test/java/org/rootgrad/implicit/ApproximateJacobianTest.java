package org.rootgrad.implicit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.rootgrad.error.Status;
import org.rootgrad.implicit.linear.LinearSolver;
import org.rootgrad.implicit.linear.LinearSolverOptions;
import org.rootgrad.implicit.linear.Structure;
import org.rootgrad.testing.DenseReference;

/**
 * Implicit differentiation of an affine root F(x, θ) = Ax − Bθ, whose Jacobian ∂x*(θ)/∂θ = A⁻¹B is
 * known in closed form, when F also offers an approximate A (A off by a few parts in 10⁷, as a
 * single-precision Hessian is): the automatic choice refines on its factor when forming it and
 * refining cost less than forming A, the derivatives are the closed form's to the tolerance,
 * and a Jacobian with so many columns that refining each would cost more factors A itself.
 */
class ApproximateJacobianTest {

    /** F(x, θ) = Ax − Bθ with A (n×n, SPD) and B (n×m); A is formed at {@code cost}, Ã at {@code approximateCost}. */
    static final class Affine implements RootFunction {
        final int n;
        final int m;
        final double[] a;
        final double[] approximation;
        final double[] b;
        final double cost;
        final double approximateCost;

        Affine(int n, int m, double[] a, double[] approximation, double[] b, double cost, double approximateCost) {
            this.n = n;
            this.m = m;
            this.a = a;
            this.approximation = approximation;
            this.b = b;
            this.cost = cost;
            this.approximateCost = approximateCost;
        }

        @Override public int dimension() { return n; }
        @Override public int parameterDimension() { return m; }

        @Override
        public void evaluate(double[] x, double[] theta, double[] out) {
            for (int i = 0; i < n; i++) {
                double s = 0;
                for (int j = 0; j < n; j++) {
                    s += a[i * n + j] * x[j];
                }
                for (int k = 0; k < m; k++) {
                    s -= b[i * m + k] * theta[k];
                }
                out[i] = s;
            }
        }

        @Override public void linearize(double[] x, double[] theta) {}

        @Override
        public void jvpX(double[] v, double[] out) {
            for (int i = 0; i < n; i++) {
                double s = 0;
                for (int j = 0; j < n; j++) {
                    s += a[i * n + j] * v[j];
                }
                out[i] = s;
            }
        }

        @Override public void vjpX(double[] w, double[] out) { jvpX(w, out); }

        @Override
        public void jvpTheta(double[] u, double[] out) {
            for (int i = 0; i < n; i++) {
                double s = 0;
                for (int k = 0; k < m; k++) {
                    s -= b[i * m + k] * u[k];
                }
                out[i] = s;
            }
        }

        @Override
        public void vjpTheta(double[] w, double[] out) {
            for (int k = 0; k < m; k++) {
                double s = 0;
                for (int i = 0; i < n; i++) {
                    s -= b[i * m + k] * w[i];
                }
                out[k] = s;
            }
        }

        @Override
        public boolean jacobianX(double[] out) {
            System.arraycopy(a, 0, out, 0, n * n);
            return true;
        }

        @Override public double jacobianXCost() { return cost; }

        @Override
        public boolean approximateJacobianX(double[] out) {
            System.arraycopy(approximation, 0, out, 0, n * n);
            return true;
        }

        @Override public double approximateJacobianXCost() { return approximateCost; }
        @Override public Structure structureX() { return Structure.SYMMETRIC_POSITIVE_DEFINITE; }
        @Override public RootFunction fork() { return this; }
    }

    /** A random SPD matrix with eigenvalues in [1, 50] and its copy off by up to 3e-7 relative per entry. */
    private static double[][] matrices(SplittableRandom random, int n) {
        double[] g = new double[n * n];
        for (int i = 0; i < n * n; i++) {
            g[i] = random.nextGaussian();
        }
        double[] a = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int k = 0; k < n; k++) {
                    s += g[i * n + k] * g[j * n + k];
                }
                a[i * n + j] = s / n + (i == j ? 1 : 0);
            }
        }
        double[] approximation = a.clone();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double v = a[i * n + j] * (1 + 3e-7 * (2 * random.nextDouble() - 1));
                approximation[i * n + j] = v;
                approximation[j * n + i] = v;
            }
        }
        return new double[][] {a, approximation};
    }

    private static final String APPROXIMATE = LinearSolver.approximateCholesky(LinearSolverOptions.defaults()).name();
    private static final String CHOLESKY = LinearSolver.denseCholesky(LinearSolverOptions.defaults()).name();

    @Test
    void refinesOnTheApproximationWhenThatIsCheaperAndMatchesTheClosedForm() {
        SplittableRandom random = new SplittableRandom(2201);
        int n = 40;
        int m = 2;
        double[][] mats = matrices(random, n);
        double[] b = new double[n * m];
        for (int i = 0; i < b.length; i++) {
            b[i] = random.nextGaussian();
        }
        // forming A costs 10 products, Ã 5, refining 2 at 1e-10: refine
        Affine f = new Affine(n, m, mats[0], mats[1], b, 10, 5);
        ImplicitDiffWorkspace ws = ImplicitDiff.defaults().newWorkspace(f);
        assertEquals(APPROXIMATE, ws.solver().name());
        double[] theta = {0.7, -1.3};
        double[] xStar = DenseReference.solve(mats[0], n, multiply(b, n, m, theta));
        double[] closedForm = new double[n * m]; // A⁻¹B, column by column
        for (int k = 0; k < m; k++) {
            double[] column = new double[n];
            for (int i = 0; i < n; i++) {
                column[i] = b[i * m + k];
            }
            double[] solved = DenseReference.solve(mats[0], n, column);
            for (int i = 0; i < n; i++) {
                closedForm[i * m + k] = solved[i];
            }
        }
        double[] xBar = new double[n];
        for (int i = 0; i < n; i++) {
            xBar[i] = random.nextGaussian();
        }
        double[] thetaBar = new double[m];
        ImplicitResult vjp = ws.vjp(xStar, theta, xBar, thetaBar);
        assertEquals(Status.CONVERGED, vjp.status());
        assertTrue(vjp.iterations() <= 2, vjp::toString);
        for (int k = 0; k < m; k++) {
            double expected = 0;
            for (int i = 0; i < n; i++) {
                expected += xBar[i] * closedForm[i * m + k];
            }
            assertEquals(expected, thetaBar[k], 1e-9 * Math.abs(expected), "θ̄[" + k + "]");
        }
        double[] jacobian = new double[n * m];
        ImplicitResult jac = ws.jacobian(xStar, theta, jacobian);
        assertEquals(APPROXIMATE, jac.solver(), "two columns: refining them is cheaper than forming A");
        for (int i = 0; i < n * m; i++) {
            assertEquals(closedForm[i], jacobian[i], 1e-9 * Math.abs(closedForm[i]) + 1e-12);
        }
    }

    @Test
    void aJacobianWithManyColumnsFactorsTheExactMatrix() {
        SplittableRandom random = new SplittableRandom(2202);
        int n = 30;
        int m = 8; // 8 columns × 2 products + 5 > 10: form A
        double[][] mats = matrices(random, n);
        double[] b = new double[n * m];
        for (int i = 0; i < b.length; i++) {
            b[i] = random.nextGaussian();
        }
        Affine f = new Affine(n, m, mats[0], mats[1], b, 10, 5);
        ImplicitDiffWorkspace ws = ImplicitDiff.defaults().newWorkspace(f);
        assertEquals(APPROXIMATE, ws.solver().name());
        double[] theta = new double[m];
        double[] xStar = new double[n];
        double[] jacobian = new double[n * m];
        ImplicitResult jac = ws.jacobian(xStar, theta, jacobian);
        assertEquals(CHOLESKY, jac.solver());
        assertEquals(Status.CONVERGED, jac.status());
        double[] unit = new double[m];
        for (int k = 0; k < m; k++) {
            java.util.Arrays.fill(unit, 0);
            unit[k] = 1;
            double[] column = DenseReference.solve(mats[0], n, multiply(b, n, m, unit));
            for (int i = 0; i < n; i++) {
                assertEquals(column[i], jacobian[i * m + k], 1e-10 * Math.abs(column[i]) + 1e-13);
            }
        }
    }

    @Test
    void dearApproximationsAnExplicitThresholdANamedSolverOrSwitchingThemOffKeepTheExactFactor() {
        SplittableRandom random = new SplittableRandom(2203);
        int n = 20;
        double[][] mats = matrices(random, n);
        double[] b = new double[n];
        assertEquals(CHOLESKY, ImplicitDiff.defaults().newWorkspace(new Affine(n, 1, mats[0], mats[1], b, 10, 8.5))
                .solver().name(), "8.5 + 2 products is not less than 10");
        assertEquals(APPROXIMATE, ImplicitDiff.builder().tolerance(1e-5).build()
                .newWorkspace(new Affine(n, 1, mats[0], mats[1], b, 10, 8.5)).solver().name(),
                "at 1e-5 one refinement product suffices");
        Affine cheap = new Affine(n, 1, mats[0], mats[1], b, 10, 2);
        assertEquals(CHOLESKY, ImplicitDiff.builder().denseThreshold(100).build().newWorkspace(cheap).solver().name());
        ImplicitDiff exact = ImplicitDiff.builder().approximations(false).build();
        assertEquals(false, exact.approximations());
        assertEquals(CHOLESKY, exact.newWorkspace(cheap).solver().name());
        assertEquals(true, ImplicitDiff.defaults().approximations());
        assertEquals(CHOLESKY, ImplicitDiff.builder().solver(LinearSolver.denseCholesky(LinearSolverOptions.defaults()))
                .build().newWorkspace(cheap).solver().name());
    }

    private static double[] multiply(double[] b, int n, int m, double[] theta) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < m; k++) {
                out[i] += b[i * m + k] * theta[k];
            }
        }
        return out;
    }
}
