package org.rootgrad.implicit;

import java.util.Arrays;
import org.rootgrad.autodiff.Function;
import org.rootgrad.autodiff.Tape;
import org.rootgrad.autodiff.Tensor;
import org.rootgrad.error.Status;
import org.rootgrad.testing.DenseReference;

/**
 * The seed's ridge example on the diabetes data, split into 300 training and 142 validation
 * rows: f(w; λ, X, y) = mean((Xw − y)²) + ½λ‖w‖², L(w) = mean((X_val w − y_val)²). References
 * by plain loops and Gaussian elimination ({@link ImplicitDiffRidgeTest#solve}), independent of
 * the engine's kernels and of the code under test.
 */
final class RidgeProblem {
    static final int TRAIN = 300;

    final int n;
    final int p;
    final double[] x;
    final double[] y;
    final int nVal;
    final double[] xVal;
    final double[] yVal;

    private RidgeProblem(ImplicitDiffRidgeTest.Data all) {
        this.n = TRAIN;
        this.p = all.p();
        this.x = Arrays.copyOf(all.x(), TRAIN * p);
        this.y = Arrays.copyOf(all.y(), TRAIN);
        this.nVal = all.n() - TRAIN;
        this.xVal = Arrays.copyOfRange(all.x(), TRAIN * p, all.n() * p);
        this.yVal = Arrays.copyOfRange(all.y(), TRAIN, all.n());
    }

    static RidgeProblem diabetes() {
        return new RidgeProblem(ImplicitDiffRidgeTest.diabetes());
    }

    // ---- closed forms ----------------------------------------------------------------------------

    /** H = 2XᵀX/n + λI for the given data. */
    static double[] hessian(double[] x, int n, int p, double lambda) {
        double[] h = new double[p * p];
        for (int i = 0; i < n; i++) {
            for (int a = 0; a < p; a++) {
                for (int b = 0; b < p; b++) {
                    h[a * p + b] += 2 * x[i * p + a] * x[i * p + b] / n;
                }
            }
        }
        for (int a = 0; a < p; a++) {
            h[a * p + a] += lambda;
        }
        return h;
    }

    /** w* = H⁻¹ (2Xᵀy/n). */
    static double[] solution(double[] x, double[] y, int n, int p, double lambda) {
        double[] rhs = new double[p];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < p; j++) {
                rhs[j] += 2 * x[i * p + j] * y[i] / n;
            }
        }
        return DenseReference.solve(hessian(x, n, p, lambda), p, rhs);
    }

    double[] solution(double lambda) {
        return solution(x, y, n, p, lambda);
    }

    /** ∂w*(λ)/∂λ = −H⁻¹ w*. */
    double[] derivative(double lambda) {
        double[] d = DenseReference.solve(hessian(x, n, p, lambda), p, solution(lambda));
        for (int j = 0; j < p; j++) {
            d[j] = -d[j];
        }
        return d;
    }

    double validationLoss(double[] w) {
        double s = 0;
        for (int i = 0; i < nVal; i++) {
            double r = -yVal[i];
            for (int j = 0; j < p; j++) {
                r += xVal[i * p + j] * w[j];
            }
            s += r * r;
        }
        return s / nVal;
    }

    /** ∇L(w) = 2X_valᵀ(X_val w − y_val)/n_val. */
    double[] validationGradient(double[] w) {
        double[] g = new double[p];
        for (int i = 0; i < nVal; i++) {
            double r = -yVal[i];
            for (int j = 0; j < p; j++) {
                r += xVal[i * p + j] * w[j];
            }
            for (int j = 0; j < p; j++) {
                g[j] += 2 * r * xVal[i * p + j] / nVal;
            }
        }
        return g;
    }

    /** d/dθ L(w*(e^θ)) = e^θ ∇L(w*)ᵀ ∂w*(λ)/∂λ at λ = e^θ. */
    double hypergradient(double theta) {
        double lambda = Math.exp(theta);
        double[] g = validationGradient(solution(lambda));
        double[] d = derivative(lambda);
        double s = 0;
        for (int j = 0; j < p; j++) {
            s += g[j] * d[j];
        }
        return lambda * s;
    }

    // ---- recorded functions ---------------------------------------------------------------------

    /** f(w, λ) with the training data as tape constants: inputs w (0), λ (1). */
    Function objective() {
        Tape tape = new Tape();
        Tensor w = tape.input("w", p);
        Tensor lambda = tape.input("lambda");
        Tensor xs = tape.constant(x, n, p);
        Tensor ys = tape.constant(y);
        return tape.build(xs.matvec(w).sub(ys).square().mean().add(lambda.mul(w.squaredNorm()).mul(0.5)));
    }

    /** f(w, λ, X, y) with the training data as inputs w (0), λ (1), X (2), y (3). */
    Function objectiveOfData() {
        Tape tape = new Tape();
        Tensor w = tape.input("w", p);
        Tensor lambda = tape.input("lambda");
        Tensor xs = tape.input("X", n, p);
        Tensor ys = tape.input("y", n);
        return tape.build(xs.matvec(w).sub(ys).square().mean().add(lambda.mul(w.squaredNorm()).mul(0.5)));
    }

    /** T(w; λ, X, y) = w − η(2Xᵀ(Xw − y)/n + λw), recorded with inputs w, λ, X, y. */
    Function gradientStepOfData(double eta) {
        Tape tape = new Tape();
        Tensor w = tape.input("w", p);
        Tensor lambda = tape.input("lambda");
        Tensor xs = tape.input("X", n, p);
        Tensor ys = tape.input("y", n);
        Tensor gradient = xs.transposeMatvec(xs.matvec(w).sub(ys)).mul(2.0 / n).add(lambda.mul(w));
        return tape.build(w.sub(gradient.mul(eta)));
    }

    /** A step size 1/L with L ≥ λ_max(H): the trace bound 2‖X‖²_F/n + λ. */
    double safeStep(double lambda) {
        double f = 0;
        for (double v : x) {
            f += v * v;
        }
        return 1 / (2 * f / n + lambda);
    }

    // ---- forward solvers ------------------------------------------------------------------------

    /**
     * The exact forward solver for θ = (λ, X, y) packed by {@code layout} (or θ = λ alone when
     * the layout has one part): normal equations by Gaussian elimination.
     */
    SolverFunction exactSolver(ParameterLayout layout) {
        return (init, theta, out) -> {
            double lambda = theta[0];
            double[] xs = layout.parts() > 1 ? layout.part(theta, 1) : x;
            double[] ys = layout.parts() > 1 ? layout.part(theta, 2) : y;
            System.arraycopy(solution(xs, ys, n, p, lambda), 0, out, 0, p);
            return Status.CONVERGED;
        };
    }

    /**
     * Fixed-point iteration x ← T(x, θ) from the warm start until ‖T(x) − x‖ ≤ tol·‖x‖ or the
     * iteration limit, allocation-free; forks get their own buffers and their own T.
     */
    static SolverFunction fixedPointIteration(FixedPointMap t, double tolerance, int maxIterations) {
        return new FixedPointIteration(t, tolerance, maxIterations);
    }

    static final class FixedPointIteration implements SolverFunction {
        final FixedPointMap t;
        final double tolerance;
        final int maxIterations;
        final double[] next;
        int iterations;

        FixedPointIteration(FixedPointMap t, double tolerance, int maxIterations) {
            this.t = t;
            this.tolerance = tolerance;
            this.maxIterations = maxIterations;
            this.next = new double[t.dimension()];
        }

        @Override
        public Status solve(double[] init, double[] theta, double[] out) {
            System.arraycopy(init, 0, out, 0, out.length);
            for (iterations = 1; iterations <= maxIterations; iterations++) {
                t.apply(out, theta, next);
                double change = 0;
                double size = 0;
                for (int i = 0; i < out.length; i++) {
                    change += (next[i] - out[i]) * (next[i] - out[i]);
                    size += next[i] * next[i];
                    out[i] = next[i];
                }
                if (Math.sqrt(change) <= tolerance * Math.sqrt(size)) {
                    return Status.CONVERGED;
                }
            }
            return Status.MAX_ITERATIONS;
        }

        @Override
        public SolverFunction fork() {
            return new FixedPointIteration(t.fork(), tolerance, maxIterations);
        }
    }
}
