package org.rootgrad.solvers.objective;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.rootgrad.autodiff.Objective;
import org.rootgrad.error.DimensionMismatchException;
import org.rootgrad.error.InvalidOptionException;

/**
 * {@link Objective#singlePrecisionHessianVector} of the linear models against their exact
 * products, for least squares, ridge, L2 logistic regression and L2 Huber with an intercept
 * column: within 1e-5 of ‖Hv‖∞ (the float rounding of X, v and the weights, sums of 41
 * products; measured about 1e-7), and not the same bits (the float path was taken). An objective
 * without such products says so and leaves out alone.
 */
class SinglePrecisionHessianTest {
    static final int ROWS = 300;
    static final int FEATURES = 40;

    @Test
    void theSinglePrecisionProductIsTheExactOneToSevenDigits() {
        SplittableRandom r = new SplittableRandom(1301);
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
        for (CoordinateObjective f : objectives) {
            double[] theta = new double[f.parameterDimension()];
            Arrays.fill(theta, 0.3);
            f.linearize(r.doubles(d, -1, 1).toArray(), theta);
            double[] v = r.doubles(d, -1, 1).toArray();
            double[] exact = new double[d];
            f.hessianVector(v, exact);
            double[] single = new double[d];
            Arrays.fill(single, Double.NaN); // overwritten, not accumulated into
            assertTrue(f.singlePrecisionHessianVector(v, single), f.toString());
            double scale = 0;
            double error = 0;
            for (int j = 0; j < d; j++) {
                scale = Math.max(scale, Math.abs(exact[j]));
                error = Math.max(error, Math.abs(exact[j] - single[j]));
            }
            assertTrue(error <= 1e-5 * scale, f + ": " + error / scale);
            assertFalse(Arrays.equals(exact, single), f + ": the same bits as the double product");
            // forks share the float copy and compute the same product
            Objective fork = f.fork();
            fork.linearize(Arrays.copyOf(v, d), theta);
            f.linearize(Arrays.copyOf(v, d), theta);
            double[] a = new double[d];
            double[] b = new double[d];
            f.singlePrecisionHessianVector(v, a);
            fork.singlePrecisionHessianVector(v, b);
            assertTrue(Arrays.equals(a, b), f + ": fork");
        }
    }

    @Test
    void objectivesWithoutSuchProductsSaySoAndLeaveOutAlone() {
        SplittableRandom r = new SplittableRandom(1302);
        int rows = 30;
        int features = 4;
        int classes = 3;
        double[] x = r.doubles(rows * features, -1, 1).toArray();
        int[] labels = r.ints(rows, 0, classes).toArray();
        Objective softmax = Objectives.multiclassLogisticL2(x, rows, features, labels, classes, false);
        int n = softmax.dimension();
        softmax.linearize(new double[n], new double[] {0.1});
        double[] out = new double[n];
        Arrays.fill(out, 7.0);
        assertFalse(softmax.singlePrecisionHessianVector(new double[n], out));
        assertTrue(Arrays.stream(out).allMatch(o -> o == 7.0));
    }

    @Test
    void badCallsAreRejected() {
        SplittableRandom r = new SplittableRandom(1303);
        double[] x = r.doubles(20 * 3, -1, 1).toArray();
        CoordinateObjective f = Objectives.ridge(x, 20, 3, r.doubles(20, -1, 1).toArray(), false);
        assertThrows(InvalidOptionException.class, () -> f.singlePrecisionHessianVector(new double[3], new double[3]));
        f.linearize(new double[3], new double[] {0.1});
        assertThrows(DimensionMismatchException.class, () -> f.singlePrecisionHessianVector(new double[2], new double[3]));
        assertThrows(DimensionMismatchException.class, () -> f.singlePrecisionHessianVector(new double[3], new double[4]));
    }
}
