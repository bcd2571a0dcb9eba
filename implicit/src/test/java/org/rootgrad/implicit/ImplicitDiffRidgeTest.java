package org.rootgrad.implicit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.rootgrad.autodiff.Objective;
import org.rootgrad.error.Status;
import org.rootgrad.implicit.linear.LinearSolver;
import org.rootgrad.implicit.linear.LinearSolverOptions;
import org.rootgrad.testing.Datasets;
import org.rootgrad.testing.DenseReference;

/**
 * The seed's ridge example on the diabetes data, f(w; λ) = mean((Xw − y)²) + ½λ‖w‖², against the
 * closed form ∂w*(λ)/∂λ = −(2XᵀX/n + λI)⁻¹ w* computed by the shared dense reference (plain
 * Gaussian elimination in DenseReference, not the engine).
 */
class ImplicitDiffRidgeTest {

    static final double LAMBDA = 0.05;

    record Data(int n, int p, double[] x, double[] y) {}

    static Data diabetes() {
        Datasets.Table t = Datasets.csv("/datasets/diabetes.csv");
        return new Data(t.rows(), t.features(), t.x(), t.y());
    }

    /** Hand-written ridge objective: plain loops, independent of the engine kernels. */
    static final class Ridge implements Objective {
        final Data d;
        final double[] w;

        Ridge(Data d) {
            this.d = d;
            this.w = new double[d.p];
        }

        @Override public int dimension() { return d.p; }
        @Override public int parameterDimension() { return 1; }

        @Override
        public double value(double[] w, double[] theta) {
            double s = 0;
            for (int i = 0; i < d.n; i++) {
                double r = -d.y[i];
                for (int j = 0; j < d.p; j++) {
                    r += d.x[i * d.p + j] * w[j];
                }
                s += r * r;
            }
            double ww = 0;
            for (double v : w) {
                ww += v * v;
            }
            return s / d.n + 0.5 * theta[0] * ww;
        }

        @Override
        public double valueAndGradient(double[] w, double[] theta, double[] g) {
            java.util.Arrays.fill(g, 0);
            double s = 0;
            for (int i = 0; i < d.n; i++) {
                double r = -d.y[i];
                for (int j = 0; j < d.p; j++) {
                    r += d.x[i * d.p + j] * w[j];
                }
                s += r * r;
                for (int j = 0; j < d.p; j++) {
                    g[j] += 2 * r * d.x[i * d.p + j] / d.n;
                }
            }
            double ww = 0;
            for (int j = 0; j < d.p; j++) {
                g[j] += theta[0] * w[j];
                ww += w[j] * w[j];
            }
            return s / d.n + 0.5 * theta[0] * ww;
        }

        double lambda;

        @Override
        public void linearize(double[] w, double[] theta) {
            System.arraycopy(w, 0, this.w, 0, d.p);
            lambda = theta[0];
        }

        @Override
        public void hessianVector(double[] v, double[] out) {
            java.util.Arrays.fill(out, 0);
            for (int i = 0; i < d.n; i++) {
                double xv = 0;
                for (int j = 0; j < d.p; j++) {
                    xv += d.x[i * d.p + j] * v[j];
                }
                for (int j = 0; j < d.p; j++) {
                    out[j] += 2 * xv * d.x[i * d.p + j] / d.n;
                }
            }
            for (int j = 0; j < d.p; j++) {
                out[j] += lambda * v[j];
            }
        }

        @Override
        public void mixedVector(double[] u, double[] out) {
            for (int j = 0; j < d.p; j++) {
                out[j] = w[j] * u[0];
            }
        }

        @Override
        public void mixedTransposeVector(double[] v, double[] out) {
            double s = 0;
            for (int j = 0; j < d.p; j++) {
                s += w[j] * v[j];
            }
            out[0] = s;
        }

        @Override
        public Objective fork() {
            return new Ridge(d);
        }
    }

    /** H = 2XᵀX/n + λI, dense. */
    static double[] hessian(Data d, double lambda) {
        double[] h = new double[d.p * d.p];
        for (int i = 0; i < d.n; i++) {
            for (int a = 0; a < d.p; a++) {
                for (int b = 0; b < d.p; b++) {
                    h[a * d.p + b] += 2 * d.x[i * d.p + a] * d.x[i * d.p + b] / d.n;
                }
            }
        }
        for (int a = 0; a < d.p; a++) {
            h[a * d.p + a] += lambda;
        }
        return h;
    }

    @Test
    void jvpVjpAndJacobianMatchTheClosedFormForEveryApplicableSolver() {
        Data d = diabetes();
        double[] h = hessian(d, LAMBDA);
        double[] xty = new double[d.p];
        for (int i = 0; i < d.n; i++) {
            for (int j = 0; j < d.p; j++) {
                xty[j] += 2 * d.x[i * d.p + j] * d.y[i] / d.n;
            }
        }
        double[] wStar = DenseReference.solve(h, d.p, xty);
        double[] dw = DenseReference.solve(h, d.p, wStar);
        for (int j = 0; j < d.p; j++) {
            dw[j] = -dw[j];
        }
        double[] theta = {LAMBDA};
        LinearSolverOptions tight = LinearSolverOptions.builder().relativeTolerance(1e-13).build();
        RootFunction f = RootFunction.gradientOf(new Ridge(d));
        for (LinearSolver solver : List.of(LinearSolver.conjugateGradient(tight), LinearSolver.minres(tight),
                LinearSolver.gmres(tight), LinearSolver.biCgStab(tight))) {
            ImplicitDiffWorkspace ws = ImplicitDiff.builder().solver(solver).build().newWorkspace(f);
            double[] xDot = new double[d.p];
            ImplicitResult r = ws.jvp(wStar, theta, new double[] {1}, xDot);
            assertEquals(Status.CONVERGED, r.status());
            assertTrue(DenseReference.relativeError(xDot, dw) < 1e-8,
                    solver.name() + " jvp: " + DenseReference.relativeError(xDot, dw));

            // VJP with x̄ = e_j gives row j of the Jacobian, i.e. dw[j]
            double[] thetaBar = new double[1];
            for (int j = 0; j < d.p; j++) {
                double[] xBar = new double[d.p];
                xBar[j] = 1;
                ws.vjp(wStar, theta, xBar, thetaBar);
                assertEquals(dw[j], thetaBar[0], 1e-8 * Math.abs(dw[j]) + 1e-12, solver.name() + " vjp " + j);
            }
            double[] jac = new double[d.p];
            ws.jacobian(wStar, theta, jac);
            assertTrue(DenseReference.relativeError(jac, dw) < 1e-8, solver.name() + " jacobian");
            assertTrue(r.forwardResidual() < 1e-6, "forward residual " + r.forwardResidual());
        }
        double[] oneShot = ImplicitDiff.rootJvp(f, wStar, theta, new double[] {1}, null);
        assertTrue(DenseReference.relativeError(oneShot, dw) < 1e-8);
    }

    @Test
    void validationLossHypergradientMatchesTheClosedForm() {
        Data all = diabetes();
        int nTrain = 300;
        Data train = new Data(nTrain, all.p, java.util.Arrays.copyOf(all.x, nTrain * all.p),
                java.util.Arrays.copyOf(all.y, nTrain));
        double[] h = hessian(train, LAMBDA);
        double[] xty = new double[all.p];
        for (int i = 0; i < nTrain; i++) {
            for (int j = 0; j < all.p; j++) {
                xty[j] += 2 * train.x[i * all.p + j] * train.y[i] / nTrain;
            }
        }
        double[] wStar = DenseReference.solve(h, all.p, xty);
        // L(w) = mean((X_val w − y_val)²) over the remaining rows; x̄ = ∇L(w*)
        int nVal = all.n - nTrain;
        double[] xBar = new double[all.p];
        for (int i = nTrain; i < all.n; i++) {
            double r = -all.y[i];
            for (int j = 0; j < all.p; j++) {
                r += all.x[i * all.p + j] * wStar[j];
            }
            for (int j = 0; j < all.p; j++) {
                xBar[j] += 2 * r * all.x[i * all.p + j] / nVal;
            }
        }
        double[] dw = DenseReference.solve(h, all.p, wStar);
        double expected = 0;
        for (int j = 0; j < all.p; j++) {
            expected -= xBar[j] * dw[j];
        }
        double[] thetaBar = ImplicitDiff.rootVjp(RootFunction.gradientOf(new Ridge(train)), wStar,
                new double[] {LAMBDA}, xBar, null);
        assertEquals(expected, thetaBar[0], 1e-8 * Math.abs(expected));
    }
}
