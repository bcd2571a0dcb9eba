package org.rootgrad.solvers.batch;

import java.util.SplittableRandom;
import org.rootgrad.autodiff.Objective;
import org.rootgrad.solvers.objective.Objectives;
import org.rootgrad.testing.DenseReference;

/**
 * A batch of ridge problems f(w, λ) = (1/N)‖Xw − y‖² + (λ/2)‖w‖² ({@link Objectives#ridge}) with a
 * different λ each, a validation loss L(w) = (1/(2V))‖X_v w − y_v‖², and their closed forms,
 * computed by Gaussian elimination independently of the library's solvers: with
 * H(λ) = 2XᵀX/N + λI, w*(λ) = H⁻¹ 2Xᵀy/N and ∂w*(λ)/∂λ = −H⁻¹w*, so a cotangent x̄ gives
 * θ̄ = −x̄ᵀH⁻¹w*, and the hypergradient of L is that with x̄ = ∇L(w*) = X_vᵀ(X_v w* − y_v)/V.
 */
final class RidgeProblems {
    static final int ROWS = 80;
    static final int FEATURES = 6;
    static final int VALIDATION_ROWS = 30;

    static final double[] X;
    static final double[] Y;
    static final double[] X_VALIDATION;
    static final double[] Y_VALIDATION;

    static {
        SplittableRandom r = new SplittableRandom(20261126);
        X = DenseReference.gaussian(ROWS * FEATURES, r);
        double[] truth = DenseReference.gaussian(FEATURES, r);
        Y = new double[ROWS];
        fill(X, Y, truth, r);
        X_VALIDATION = DenseReference.gaussian(VALIDATION_ROWS * FEATURES, r);
        Y_VALIDATION = new double[VALIDATION_ROWS];
        fill(X_VALIDATION, Y_VALIDATION, truth, r);
    }

    private RidgeProblems() {}

    private static void fill(double[] x, double[] y, double[] truth, SplittableRandom r) {
        for (int i = 0; i < y.length; i++) {
            double s = 0;
            for (int j = 0; j < FEATURES; j++) {
                s += x[i * FEATURES + j] * truth[j];
            }
            y[i] = s + 0.5 * r.nextGaussian();
        }
    }

    static Objective training() {
        return Objectives.ridge(X, ROWS, FEATURES, Y, false);
    }

    static Objective validation() {
        return Objectives.leastSquares(X_VALIDATION, VALIDATION_ROWS, FEATURES, Y_VALIDATION, false);
    }

    /** λ for problem i of k: log-spaced from 1e-3 to 10, so the problems differ in conditioning. */
    static double lambda(int i, int k) {
        return 1e-3 * Math.pow(1e4, k == 1 ? 0 : (double) i / (k - 1));
    }

    static double[][] thetas(int k) {
        double[][] t = new double[k][];
        for (int i = 0; i < k; i++) {
            t[i] = new double[] {lambda(i, k)};
        }
        return t;
    }

    /** Different Gaussian starting points, scaled by 3, so that the problems take different iterations. */
    static double[][] inits(int k, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[][] s = new double[k][];
        for (int i = 0; i < k; i++) {
            s[i] = DenseReference.gaussian(FEATURES, r);
            for (int j = 0; j < FEATURES; j++) {
                s[i][j] *= 3;
            }
        }
        return s;
    }

    static double[][] rows(int k, int length) {
        return new double[k][length];
    }

    private static double[] hessian(double lambda) {
        double[] h = new double[FEATURES * FEATURES];
        for (int i = 0; i < ROWS; i++) {
            for (int a = 0; a < FEATURES; a++) {
                for (int b = 0; b < FEATURES; b++) {
                    h[a * FEATURES + b] += 2 * X[i * FEATURES + a] * X[i * FEATURES + b] / ROWS;
                }
            }
        }
        for (int a = 0; a < FEATURES; a++) {
            h[a * FEATURES + a] += lambda;
        }
        return h;
    }

    /** w*(λ) = (2XᵀX/N + λI)⁻¹ 2Xᵀy/N. */
    static double[] solution(double lambda) {
        double[] rhs = new double[FEATURES];
        for (int i = 0; i < ROWS; i++) {
            for (int j = 0; j < FEATURES; j++) {
                rhs[j] += 2 * X[i * FEATURES + j] * Y[i] / ROWS;
            }
        }
        return DenseReference.solve(hessian(lambda), FEATURES, rhs);
    }

    /** θ̄ = x̄ᵀ ∂w*(λ)/∂λ = −x̄ᵀ H⁻¹ w*. */
    static double vjp(double lambda, double[] xBar) {
        double[] d = DenseReference.solve(hessian(lambda), FEATURES, solution(lambda));
        double s = 0;
        for (int j = 0; j < FEATURES; j++) {
            s -= xBar[j] * d[j];
        }
        return s;
    }

    /** ∇L(w) = X_vᵀ(X_v w − y_v)/V. */
    static double[] validationGradient(double[] w) {
        double[] g = new double[FEATURES];
        for (int i = 0; i < VALIDATION_ROWS; i++) {
            double r = -Y_VALIDATION[i];
            for (int j = 0; j < FEATURES; j++) {
                r += X_VALIDATION[i * FEATURES + j] * w[j];
            }
            for (int j = 0; j < FEATURES; j++) {
                g[j] += X_VALIDATION[i * FEATURES + j] * r / VALIDATION_ROWS;
            }
        }
        return g;
    }

    /** dL(w*(λ))/dλ. */
    static double hypergradient(double lambda) {
        return vjp(lambda, validationGradient(solution(lambda)));
    }
}
