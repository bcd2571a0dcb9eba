package org.rootgrad.bench.solvers;

import java.util.SplittableRandom;

/**
 * A random lasso problem for the solver benchmarks: Gaussian X (rows × features), a sparse true
 * weight vector (one feature in ten, Gaussian values), y = X·w_true + noise, and a validation set
 * drawn from the same model.
 */
final class LassoData {
    final int rows;
    final int features;
    final double[] x;
    final double[] y;
    final int validationRows;
    final double[] xValidation;
    final double[] yValidation;

    LassoData(int rows, int features, int validationRows, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        this.rows = rows;
        this.features = features;
        this.validationRows = validationRows;
        double[] truth = new double[features];
        for (int j = 0; j < features; j += 10) {
            truth[j] = random.nextGaussian();
        }
        this.x = gaussian(random, rows * features);
        this.y = targets(random, x, rows, truth);
        this.xValidation = gaussian(random, validationRows * features);
        this.yValidation = targets(random, xValidation, validationRows, truth);
    }

    private static double[] gaussian(SplittableRandom random, int size) {
        double[] v = new double[size];
        for (int i = 0; i < size; i++) {
            v[i] = random.nextGaussian();
        }
        return v;
    }

    private double[] targets(SplittableRandom random, double[] data, int n, double[] truth) {
        double[] t = new double[n];
        for (int i = 0; i < n; i++) {
            double s = 0.5 * random.nextGaussian();
            for (int j = 0; j < features; j++) {
                s += data[i * features + j] * truth[j];
            }
            t[i] = s;
        }
        return t;
    }

    /** λ_max = ‖Xᵀy‖∞/n, the smallest λ whose lasso solution is zero. */
    double lambdaMax() {
        double max = 0;
        for (int j = 0; j < features; j++) {
            double s = 0;
            for (int i = 0; i < rows; i++) {
                s += x[i * features + j] * y[i];
            }
            max = Math.max(max, Math.abs(s) / rows);
        }
        return max;
    }
}
