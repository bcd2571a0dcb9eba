package org.rootgrad.solvers;

import java.util.Random;
import org.rootgrad.testing.Datasets;
import org.rootgrad.testing.DenseReference;

/**
 * A lasso problem f(w; λ) = (1/2n)‖Xw − y‖² + λ‖w‖₁ with independent references written here
 * with plain loops: a tight cyclic coordinate-descent solve and the closed-form derivative
 * ∂w*(λ)/∂λ = −n(X_SᵀX_S)⁻¹sign(w_S) on the support S (0 elsewhere) by a dense solve.
 */
final class LassoProblem {
    final int n;
    final int p;
    final double[] x;
    final double[] y;

    LassoProblem(int n, int p, double[] x, double[] y) {
        this.n = n;
        this.p = p;
        this.x = x;
        this.y = y;
    }

    /** Gaussian X (n×p), y = X·w_true + noise with a few non-zero true weights. */
    static LassoProblem random(int n, int p, long seed) {
        Random rng = new Random(seed);
        double[] x = new double[n * p];
        for (int i = 0; i < x.length; i++) {
            x[i] = rng.nextGaussian();
        }
        double[] truth = new double[p];
        for (int j = 0; j < p; j += 3) {
            truth[j] = rng.nextGaussian() * 2;
        }
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            double s = 0.5 * rng.nextGaussian();
            for (int j = 0; j < p; j++) {
                s += x[i * p + j] * truth[j];
            }
            y[i] = s;
        }
        return new LassoProblem(n, p, x, y);
    }

    /** The bundled diabetes data (442 × 10, standardised features, target: disease progression). */
    static LassoProblem diabetes() {
        Datasets.Table t = Datasets.csv("/datasets/diabetes.csv");
        return new LassoProblem(t.rows(), t.features(), t.x(), t.y());
    }

    /** λ_max = ‖Xᵀy‖∞/n: the smallest λ with w* = 0. */
    double lambdaMax() {
        double max = 0;
        for (int j = 0; j < p; j++) {
            double s = 0;
            for (int i = 0; i < n; i++) {
                s += x[i * p + j] * y[i];
            }
            max = Math.max(max, Math.abs(s) / n);
        }
        return max;
    }

    double objective(double[] w, double lambda) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            double r = -y[i];
            for (int j = 0; j < p; j++) {
                r += x[i * p + j] * w[j];
            }
            s += r * r;
        }
        double l1 = 0;
        for (double v : w) {
            l1 += Math.abs(v);
        }
        return s / (2 * n) + lambda * l1;
    }

    /** Cyclic coordinate descent with exact coordinate minimisation, until no weight moves by more than 1e-15·(1 + |w|). */
    double[] referenceSolution(double lambda) {
        double[] w = new double[p];
        double[] r = y.clone();
        for (int i = 0; i < n; i++) {
            r[i] = -y[i];
        }
        double[] norms = new double[p];
        for (int j = 0; j < p; j++) {
            for (int i = 0; i < n; i++) {
                norms[j] += x[i * p + j] * x[i * p + j];
            }
            norms[j] /= n;
        }
        for (int sweep = 0; sweep < 1_000_000; sweep++) {
            double moved = 0;
            for (int j = 0; j < p; j++) {
                double g = 0;
                for (int i = 0; i < n; i++) {
                    g += x[i * p + j] * r[i];
                }
                g /= n;
                double u = w[j] - g / norms[j];
                double t = lambda / norms[j];
                double next = Math.signum(u) * Math.max(Math.abs(u) - t, 0);
                double d = next - w[j];
                if (d != 0) {
                    for (int i = 0; i < n; i++) {
                        r[i] += d * x[i * p + j];
                    }
                    w[j] = next;
                    moved = Math.max(moved, Math.abs(d) / (1 + Math.abs(next)));
                }
            }
            if (moved < 1e-15) {
                return w;
            }
        }
        throw new AssertionError("reference coordinate descent did not converge");
    }

    /** −n(X_SᵀX_S)⁻¹sign(w_S) on the support of w, 0 elsewhere. */
    double[] referenceDerivative(double[] w) {
        int[] support = new int[p];
        int s = 0;
        for (int j = 0; j < p; j++) {
            if (w[j] != 0) {
                support[s++] = j;
            }
        }
        double[] gram = new double[s * s];
        double[] rhs = new double[s];
        for (int a = 0; a < s; a++) {
            for (int b = 0; b < s; b++) {
                double g = 0;
                for (int i = 0; i < n; i++) {
                    g += x[i * p + support[a]] * x[i * p + support[b]];
                }
                gram[a * s + b] = g;
            }
            rhs[a] = -n * Math.signum(w[support[a]]);
        }
        double[] d = DenseReference.solve(gram, s, rhs);
        double[] out = new double[p];
        for (int a = 0; a < s; a++) {
            out[support[a]] = d[a];
        }
        return out;
    }

    /** Largest step 1/L with L = λ_max(XᵀX/n), by power iteration (a lower bound of L, padded by 1%). */
    double safeStep() {
        double[] v = new double[p];
        java.util.Arrays.fill(v, 1.0);
        double lambda = 0;
        for (int it = 0; it < 500; it++) {
            double[] xv = new double[n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < p; j++) {
                    xv[i] += x[i * p + j] * v[j];
                }
            }
            double[] next = new double[p];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < p; j++) {
                    next[j] += x[i * p + j] * xv[i] / n;
                }
            }
            double norm = 0;
            for (double e : next) {
                norm += e * e;
            }
            norm = Math.sqrt(norm);
            lambda = norm;
            for (int j = 0; j < p; j++) {
                v[j] = next[j] / norm;
            }
        }
        return 1 / (1.01 * lambda);
    }
}
