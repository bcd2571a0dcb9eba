package org.rootgrad.solvers.objective;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.rootgrad.error.DimensionMismatchException;
import org.rootgrad.error.InvalidOptionException;

/**
 * {@link CoordinateObjective#hessianVectorOnSubset} of the linear models equals the whole Hessian
 * product on the subset, for least squares, ridge, L2 logistic regression and L2 Huber, with an
 * intercept column (unpenalised) in the subset. The two sum in different orders, so they agree
 * to rounding: 1e-12 relative to ‖Hv‖.
 */
class SubsetHessianTest {
    static final int ROWS = 80;
    static final int FEATURES = 25;

    @Test
    void theSubsetProductIsTheWholeProductOnTheSubset() {
        SplittableRandom r = new SplittableRandom(1201);
        double[] x = r.doubles(ROWS * FEATURES, -1, 1).toArray();
        double[] y = r.doubles(ROWS, -2, 2).toArray();
        double[] labels = new double[ROWS];
        for (int i = 0; i < ROWS; i++) {
            labels[i] = r.nextBoolean() ? 1 : -1;
        }
        List<CoordinateObjective> objectives = List.of(
                Objectives.leastSquares(x, ROWS, FEATURES, y, true),
                Objectives.ridge(x, ROWS, FEATURES, y, true),
                Objectives.binaryLogisticL2(x, ROWS, FEATURES, labels, true),
                Objectives.huberL2(x, ROWS, FEATURES, y, 0.5, true));
        int d = FEATURES + 1;
        int[] subset = {0, 3, 4, 11, 17, FEATURES}; // FEATURES: the intercept
        for (CoordinateObjective f : objectives) {
            double[] theta = new double[f.parameterDimension()];
            java.util.Arrays.fill(theta, 0.3);
            double[] w = r.doubles(d, -1, 1).toArray();
            f.linearize(w, theta);
            double[] v = new double[d];
            for (int j : subset) {
                v[j] = r.nextGaussian();
            }
            double[] whole = new double[d];
            f.hessianVector(v, whole);
            double[] part = new double[d];
            f.hessianVectorOnSubset(subset, subset.length, v, part);
            double norm = 0;
            double diff = 0;
            for (int j : subset) {
                norm += whole[j] * whole[j];
                diff += (whole[j] - part[j]) * (whole[j] - part[j]);
            }
            assertTrue(Math.sqrt(diff) <= 1e-12 * Math.sqrt(norm), f + ": " + Math.sqrt(diff / norm));
        }
    }

    @Test
    void theHessianDiagonalIsTheDiagonalOfTheProducts() {
        SplittableRandom r = new SplittableRandom(1203);
        double[] x = r.doubles(ROWS * FEATURES, -1, 1).toArray();
        double[] labels = new double[ROWS];
        for (int i = 0; i < ROWS; i++) {
            labels[i] = r.nextBoolean() ? 1 : -1;
        }
        int d = FEATURES + 1;
        for (CoordinateObjective f : List.of(Objectives.ridge(x, ROWS, FEATURES, r.doubles(ROWS).toArray(), true),
                Objectives.binaryLogisticL2(x, ROWS, FEATURES, labels, true),
                Objectives.huberL2(x, ROWS, FEATURES, r.doubles(ROWS, -2, 2).toArray(), 0.5, true))) {
            f.linearize(r.doubles(d, -1, 1).toArray(), new double[] {0.3});
            double[] diagonal = new double[d];
            f.hessianDiagonal(diagonal);
            double[] unit = new double[d];
            double[] column = new double[d];
            for (int j = 0; j < d; j++) {
                unit[j] = 1;
                f.hessianVector(unit, column);
                unit[j] = 0;
                assertTrue(Math.abs(diagonal[j] - column[j]) <= 1e-12 * Math.abs(column[j]), f + ", entry " + j);
            }
        }
    }

    @Test
    void argumentsAndStateAreChecked() {
        SplittableRandom r = new SplittableRandom(1202);
        CoordinateObjective f = Objectives.leastSquares(r.doubles(ROWS * FEATURES).toArray(), ROWS, FEATURES,
                r.doubles(ROWS).toArray(), false);
        double[] v = new double[FEATURES];
        assertThrows(InvalidOptionException.class, () -> f.hessianVectorOnSubset(new int[] {0}, 1, v, v.clone()));
        f.linearize(new double[FEATURES], null);
        assertThrows(DimensionMismatchException.class, () -> f.hessianVectorOnSubset(new int[] {0}, 2, v, v.clone()));
        assertThrows(DimensionMismatchException.class, () -> f.hessianVectorOnSubset(new int[] {0}, 1, v, new double[3]));
    }
}
