package org.rootgrad.solvers.objective;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.rootgrad.autodiff.Objective;
import org.rootgrad.error.DimensionMismatchException;
import org.rootgrad.error.InvalidOptionException;

/**
 * {@link Objective#hessian}: the linear models form the dense Hessian Aᵀdiag(c)A + λI_pen,
 * equal to the matrix of their Hessian-vector products (different summation orders, so to 1e-12
 * relative to the largest entry), before and after forming it (least squares then takes its
 * products from the Gram matrix) and, for ridge, to (2/n)XᵀX + λI summed naively; the intercept
 * is not penalised. The logistic model's Hessian products after linearising at the point of its
 * last gradient (whose curvature weights it keeps) are bit-identical to those of a fresh fork
 * linearised there.
 */
class DenseHessianTest {
    static final int ROWS = 70;
    static final int FEATURES = 13;

    private static double[] productMatrix(Objective f, int d) {
        double[] h = new double[d * d];
        double[] unit = new double[d];
        double[] column = new double[d];
        for (int j = 0; j < d; j++) {
            unit[j] = 1;
            f.hessianVector(unit, column);
            unit[j] = 0;
            for (int i = 0; i < d; i++) {
                h[i * d + j] = column[i];
            }
        }
        return h;
    }

    private static void assertClose(double[] want, double[] got, String what) {
        double scale = 0;
        for (double v : want) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int i = 0; i < want.length; i++) {
            assertTrue(Math.abs(want[i] - got[i]) <= 1e-12 * scale, what + ": entry " + i + " " + want[i] + " vs " + got[i]);
        }
    }

    @Test
    void theDenseHessianIsTheMatrixOfTheProducts() {
        SplittableRandom r = new SplittableRandom(77);
        double[] x = r.doubles(ROWS * FEATURES, -1, 1).toArray();
        double[] y = r.doubles(ROWS, -2, 2).toArray();
        double[] labels = new double[ROWS];
        for (int i = 0; i < ROWS; i++) {
            labels[i] = r.nextBoolean() ? 1 : -1;
        }
        for (boolean intercept : new boolean[] {false, true}) {
            int d = FEATURES + (intercept ? 1 : 0);
            List<CoordinateObjective> objectives = List.of(
                    Objectives.leastSquares(x, ROWS, FEATURES, y, intercept),
                    Objectives.ridge(x, ROWS, FEATURES, y, intercept),
                    Objectives.binaryLogistic(x, ROWS, FEATURES, labels, intercept),
                    Objectives.binaryLogisticL2(x, ROWS, FEATURES, labels, intercept),
                    Objectives.huberL2(x, ROWS, FEATURES, y, 0.5, intercept));
            for (CoordinateObjective f : objectives) {
                double[] theta = new double[f.parameterDimension()];
                java.util.Arrays.fill(theta, 0.3);
                double[] point = r.doubles(d, -1, 1).toArray();
                f.linearize(point, theta);
                Objective fresh = f.fork(); // products by passes over A: it never formed the Hessian
                fresh.linearize(point, theta);
                double[] dense = new double[d * d];
                assertTrue(f.hessian(dense), f + " forms its Hessian");
                assertClose(productMatrix(fresh, d), dense, f + (intercept ? " with intercept" : ""));
                // after forming it (least squares then multiplies by its Gram matrix)
                assertClose(productMatrix(fresh, d), productMatrix(f, d), f + " products after forming");
            }
        }
    }

    /**
     * 1000 rows of 300 features: the weighted Gram product goes in blocks of 873 scaled rows
     * (2¹⁸ doubles), so the second block (127 rows) adds to the first.
     */
    @Test
    void theWeightedGramAddsItsRowBlocks() {
        int rows = 1000;
        int features = 300;
        SplittableRandom r = new SplittableRandom(80);
        double[] x = r.doubles(rows * features, -1, 1).toArray();
        double[] labels = new double[rows];
        for (int i = 0; i < rows; i++) {
            labels[i] = r.nextBoolean() ? 1 : -1;
        }
        for (CoordinateObjective f : List.of(Objectives.binaryLogisticL2(x, rows, features, labels, false),
                Objectives.huberL2(x, rows, features, r.doubles(rows, -2, 2).toArray(), 0.5, false))) {
            f.linearize(r.doubles(features, -0.2, 0.2).toArray(), new double[] {0.3});
            double[] dense = new double[features * features];
            assertTrue(f.hessian(dense));
            assertClose(productMatrix(f, features), dense, f + ", two row blocks");
            assertTrue(f.hessian(dense)); // again, on the block kept from the first call
            assertClose(productMatrix(f, features), dense, f + ", second call");
        }
    }

    @Test
    void ridgeHessianIsTheNaiveGramMatrixPlusLambda() {
        SplittableRandom r = new SplittableRandom(78);
        double[] x = r.doubles(ROWS * FEATURES, -1, 1).toArray();
        CoordinateObjective f = Objectives.ridge(x, ROWS, FEATURES, r.doubles(ROWS).toArray(), false);
        double lambda = 0.7;
        double[] want = new double[FEATURES * FEATURES];
        for (int a = 0; a < FEATURES; a++) {
            for (int b = 0; b < FEATURES; b++) {
                double s = 0;
                for (int i = 0; i < ROWS; i++) {
                    s += x[i * FEATURES + a] * x[i * FEATURES + b];
                }
                want[a * FEATURES + b] = 2 * s / ROWS + (a == b ? lambda : 0);
            }
        }
        double[] got = new double[FEATURES * FEATURES];
        for (double[] w : new double[][] {new double[FEATURES], r.doubles(FEATURES).toArray()}) {
            f.linearize(w, new double[] {lambda});
            assertTrue(f.hessian(got));
            assertClose(want, got, "ridge");
        }
    }

    @Test
    void theHessianNeedsAPointAndTheRightLength() {
        CoordinateObjective f = Objectives.ridge(new double[] {1, 2, 3, 4}, 2, 2, new double[] {1, 1}, false);
        assertThrows(InvalidOptionException.class, () -> f.hessian(new double[4]));
        f.linearize(new double[2], new double[] {0.1});
        assertThrows(DimensionMismatchException.class, () -> f.hessian(new double[3]));
        // objectives without a dense form say so and leave out alone
        Objective softmax = Objectives.multiclassLogistic(new double[] {1, 2, 3, 4}, 2, 2, new int[] {0, 1}, 2, false);
        softmax.linearize(new double[4], new double[0]);
        double[] out = {5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5};
        assertFalse(softmax.hessian(out));
        assertTrue(java.util.Arrays.stream(out).allMatch(v -> v == 5));
    }

    @Test
    void logisticReusesTheCurvatureOfItsLastGradientToTheBit() {
        SplittableRandom r = new SplittableRandom(79);
        int d = FEATURES;
        double[] x = r.doubles(ROWS * d, -2, 2).toArray();
        double[] labels = new double[ROWS];
        for (int i = 0; i < ROWS; i++) {
            labels[i] = r.nextBoolean() ? 1 : -1;
        }
        CoordinateObjective f = Objectives.binaryLogisticL2(x, ROWS, d, labels, false);
        double[] theta = {0.05};
        double[] w = r.doubles(d, -1, 1).toArray();
        double[] other = r.doubles(d, -1, 1).toArray();
        double[] v = r.doubles(d, -1, 1).toArray();
        double[] g = new double[d];
        double[] want = new double[d];
        double[] got = new double[d];
        CoordinateObjective fresh = f.fork();
        fresh.linearize(w, theta);
        fresh.hessianVector(v, want);
        double[] wantDense = new double[d * d];
        fresh.hessian(wantDense);

        f.valueAndGradient(w, theta, g); // keeps the curvature at w
        f.linearize(w, theta);
        f.hessianVector(v, got);
        assertArrayEquals(want, got, 0.0, "linearised from the gradient's curvature");
        double[] gotDense = new double[d * d];
        f.hessian(gotDense);
        assertArrayEquals(wantDense, gotDense, 0.0);

        // a gradient elsewhere between linearisations: the point's own curvature is recomputed
        f.valueAndGradient(other, theta, g);
        f.linearize(w, theta);
        f.hessianVector(v, got);
        assertArrayEquals(want, got, 0.0, "linearised after a gradient at another point");
        // a gradient (e.g. a line-search trial) after linearising leaves the linearisation alone
        f.valueAndGradient(other, theta, g);
        f.hessianVector(v, got);
        assertArrayEquals(want, got, 0.0, "a later gradient does not move the linearisation point");
    }
}
