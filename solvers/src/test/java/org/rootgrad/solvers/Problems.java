package org.rootgrad.solvers;

import java.util.SplittableRandom;
import org.rootgrad.autodiff.Function;
import org.rootgrad.autodiff.Objective;
import org.rootgrad.autodiff.Tape;
import org.rootgrad.autodiff.Tensor;
import org.rootgrad.testing.DenseReference;

/**
 * Test problems with independently known minimisers and derivatives: a quadratic with a closed
 * form, a parameterised Rosenbrock function, and L2-regularised logistic regression with a tight
 * Newton reference written here from scratch (its own gradient and Hessian; Gaussian elimination
 * from the shared {@link DenseReference}). Public for the tests of other packages (the quadratic).
 */
public final class Problems {
    private Problems() {}

    // ---- quadratic f(x, θ) = ½xᵀAx − θᵀx: x* = A⁻¹θ, ∂x*(θ)/∂θ = A⁻¹ ----------------------------

    /** A random SPD matrix (n×n, row-major) with eigenvalues spread over [1, condition]. */
    static double[] spdMatrix(int n, double condition, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        // Q from Gram–Schmidt of a random matrix, A = Q diag(λ) Qᵀ
        double[][] q = new double[n][n];
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < n; i++) {
                q[j][i] = r.nextGaussian();
            }
            for (int k = 0; k < j; k++) {
                double dot = 0;
                for (int i = 0; i < n; i++) {
                    dot += q[j][i] * q[k][i];
                }
                for (int i = 0; i < n; i++) {
                    q[j][i] -= dot * q[k][i];
                }
            }
            double norm = 0;
            for (int i = 0; i < n; i++) {
                norm += q[j][i] * q[j][i];
            }
            norm = Math.sqrt(norm);
            for (int i = 0; i < n; i++) {
                q[j][i] /= norm;
            }
        }
        double[] a = new double[n * n];
        for (int k = 0; k < n; k++) {
            double lambda = n == 1 ? 1 : Math.pow(condition, (double) k / (n - 1));
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    a[i * n + j] += lambda * q[k][i] * q[k][j];
                }
            }
        }
        return a;
    }

    /**
     * ½xᵀAx − θᵀx, hand-written with plain loops (A n×n row-major, not copied; θ has n entries):
     * x* = A⁻¹θ, ∂x*(θ)/∂θ = A⁻¹. Stateless, so {@code fork()} returns itself.
     */
    public static Objective quadratic(double[] a, int n) {
        return new Objective() {
            @Override public int dimension() { return n; }
            @Override public int parameterDimension() { return n; }

            @Override
            public double value(double[] x, double[] theta) {
                double v = 0;
                for (int i = 0; i < n; i++) {
                    double ax = 0;
                    for (int j = 0; j < n; j++) {
                        ax += a[i * n + j] * x[j];
                    }
                    v += 0.5 * x[i] * ax - theta[i] * x[i];
                }
                return v;
            }

            @Override
            public double valueAndGradient(double[] x, double[] theta, double[] gradient) {
                double v = 0;
                for (int i = 0; i < n; i++) {
                    double ax = 0;
                    for (int j = 0; j < n; j++) {
                        ax += a[i * n + j] * x[j];
                    }
                    gradient[i] = ax - theta[i];
                    v += 0.5 * x[i] * ax - theta[i] * x[i];
                }
                return v;
            }

            @Override public void linearize(double[] x, double[] theta) {}

            @Override
            public void hessianVector(double[] v, double[] out) {
                for (int i = 0; i < n; i++) {
                    double s = 0;
                    for (int j = 0; j < n; j++) {
                        s += a[i * n + j] * v[j];
                    }
                    out[i] = s;
                }
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
        };
    }

    // ---- Rosenbrock f(x, θ) = (θ₀ − x₀)² + θ₁(x₁ − x₀²)²: x* = (θ₀, θ₀²) ------------------------

    static Objective rosenbrock() {
        Tape tape = new Tape();
        Tensor x = tape.input("x", 2);
        Tensor theta = tape.input("theta", 2);
        Tensor x0 = x.element(0);
        Tensor x1 = x.element(1);
        Tensor a = theta.element(0).sub(x0).square();
        Tensor b = theta.element(1).mul(x1.sub(x0.square()).square());
        Function f = tape.build(a.add(b));
        return f.objective(0, 1);
    }

    /** ∂x*(θ)/∂θ of Rosenbrock, 2×2 row-major: x* = (θ₀, θ₀²) does not depend on θ₁. */
    static double[] rosenbrockJacobian(double[] theta) {
        return new double[] {1, 0, 2 * theta[0], 0};
    }

    // ---- L2 logistic regression f(w, θ) = mean log(1 + exp(−yᵢxᵢᵀw)) + ½θ‖w‖² ----------------

    static final class Logistic {
        final int rows;
        final int features;
        final double[] x;
        final double[] y;

        Logistic(int rows, int features, long seed) {
            this.rows = rows;
            this.features = features;
            SplittableRandom r = new SplittableRandom(seed);
            x = new double[rows * features];
            y = new double[rows];
            double[] truth = new double[features];
            for (int j = 0; j < features; j++) {
                truth[j] = r.nextGaussian();
            }
            for (int i = 0; i < rows; i++) {
                double margin = 0;
                for (int j = 0; j < features; j++) {
                    x[i * features + j] = r.nextGaussian();
                    margin += x[i * features + j] * truth[j];
                }
                y[i] = margin + 0.5 * r.nextGaussian() > 0 ? 1 : -1;
            }
        }

        Objective objective() {
            Tape tape = new Tape();
            Tensor w = tape.input("w", features);
            Tensor theta = tape.input("theta", 1);
            Tensor loss = tape.binaryLogisticLoss(tape.constant(x, rows, features), w, tape.constant(y))
                    .add(theta.mul(w.squaredNorm()).scale(0.5));
            return tape.build(loss).objective(0, 1);
        }

        /** Gradient and Hessian of f at w, computed here by hand. */
        void gradientAndHessian(double[] w, double theta, double[] g, double[] h) {
            java.util.Arrays.fill(g, 0);
            java.util.Arrays.fill(h, 0);
            for (int i = 0; i < rows; i++) {
                double z = 0;
                for (int j = 0; j < features; j++) {
                    z += x[i * features + j] * w[j];
                }
                double sigma = 1 / (1 + Math.exp(y[i] * z)); // σ(−yz)
                for (int j = 0; j < features; j++) {
                    g[j] += -y[i] * sigma * x[i * features + j] / rows;
                    for (int k = 0; k < features; k++) {
                        h[j * features + k] += sigma * (1 - sigma) * x[i * features + j] * x[i * features + k] / rows;
                    }
                }
            }
            for (int j = 0; j < features; j++) {
                g[j] += theta * w[j];
                h[j * features + j] += theta;
            }
        }

        /** The minimiser by Newton's method to ‖∇f‖ ≤ 1e-14 (quadratic convergence from 0). */
        double[] newtonSolution(double theta) {
            double[] w = new double[features];
            double[] g = new double[features];
            double[] h = new double[features * features];
            for (int it = 0; it < 50; it++) {
                gradientAndHessian(w, theta, g, h);
                double norm = 0;
                for (double v : g) {
                    norm += v * v;
                }
                if (Math.sqrt(norm) <= 1e-14) {
                    return w;
                }
                double[] step = DenseReference.solve(h, features, g);
                for (int j = 0; j < features; j++) {
                    w[j] -= step[j];
                }
            }
            throw new AssertionError("reference Newton did not converge");
        }

        /** ∂w*(θ)/∂θ = −H⁻¹w* by the reference. */
        double[] newtonDerivative(double theta) {
            double[] w = newtonSolution(theta);
            double[] g = new double[features];
            double[] h = new double[features * features];
            gradientAndHessian(w, theta, g, h);
            double[] d = DenseReference.solve(h, features, w);
            for (int j = 0; j < features; j++) {
                d[j] = -d[j];
            }
            return d;
        }
    }
}
