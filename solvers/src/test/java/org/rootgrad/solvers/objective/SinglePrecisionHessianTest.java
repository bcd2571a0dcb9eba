package org.rootgrad.solvers.objective;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

    /**
     * {@link Objective#singlePrecisionHessian}: the logistic and Huber Hessians from the float
     * rows are the exact ones to within 1e-6 of their largest entry (float data, weights and
     * sums over blocks of 256 rows; measured about 1e-7), and not the same bits; at half the
     * exact one's cost; least squares and problems under 512 rows do not offer one.
     */
    @Test
    void theSinglePrecisionHessianIsTheExactOneToSixDigits() {
        SplittableRandom r = new SplittableRandom(1304);
        int rows = 700;
        double[] x = r.doubles(rows * FEATURES, -1, 1).toArray();
        double[] y = r.doubles(rows, -2, 2).toArray();
        double[] labels = new double[rows];
        for (int i = 0; i < rows; i++) {
            labels[i] = r.nextBoolean() ? 1 : -1;
        }
        int d = FEATURES + 1;
        for (CoordinateObjective f : List.of(Objectives.binaryLogisticL2(x, rows, FEATURES, labels, true),
                Objectives.huberL2(x, rows, FEATURES, y, 0.5, true))) {
            f.linearize(r.doubles(d, -1, 1).toArray(), new double[] {0.3});
            double[] exact = new double[d * d];
            assertTrue(f.hessian(exact));
            double[] single = new double[d * d];
            Arrays.fill(single, Double.NaN);
            assertTrue(f.singlePrecisionHessian(single), f.toString());
            double scale = Arrays.stream(exact).map(Math::abs).max().orElseThrow();
            double error = 0;
            for (int i = 0; i < d * d; i++) {
                error = Math.max(error, Math.abs(exact[i] - single[i]));
            }
            assertTrue(error <= 1e-6 * scale, f + ": " + error / scale);
            assertFalse(Arrays.equals(exact, single), f + ": the same bits as the double Hessian");
            for (int a = 0; a < d; a++) {
                for (int b = 0; b < a; b++) {
                    assertTrue(single[a * d + b] == single[b * d + a], "symmetric");
                }
            }
            assertTrue(f.singlePrecisionHessianCost() == f.hessianCost() / 2, f.toString());
            double[] point = r.doubles(d, -1, 1).toArray();
            double[] theta = {0.3};
            assertEquals(0L, org.rootgrad.testing.Allocations.steadyState(() -> {
                f.linearize(point, theta);
                f.singlePrecisionHessian(single);
            }, 300, 30), f + " allocates");
        }
        CoordinateObjective ridge = Objectives.ridge(x, rows, FEATURES, y, true);
        CoordinateObjective small = Objectives.binaryLogisticL2(Arrays.copyOf(x, 500 * FEATURES), 500, FEATURES,
                Arrays.copyOf(labels, 500), true);
        for (CoordinateObjective f : List.of(ridge, small)) {
            f.linearize(new double[d], new double[] {0.3});
            double[] out = new double[d * d];
            Arrays.fill(out, 7.0);
            assertFalse(f.singlePrecisionHessian(out), f.toString());
            assertTrue(Arrays.stream(out).allMatch(o -> o == 7.0));
            assertTrue(f.singlePrecisionHessianCost() == Double.POSITIVE_INFINITY);
        }
    }

    /** L2 logistic regression on rows × FEATURES uniform data, labels from the first feature plus noise. */
    private static CoordinateObjective logistic(SplittableRandom r, int rows) {
        int d = FEATURES;
        double[] x = r.doubles(rows * d, -1, 1).toArray();
        double[] labels = new double[rows];
        for (int i = 0; i < rows; i++) {
            labels[i] = x[i * d] + 0.3 * r.nextGaussian() > 0 ? 1 : -1;
        }
        return Objectives.binaryLogisticL2(x, rows, d, labels, false);
    }

    /** The Hessian view of an objective offers the approximation to the approximate Cholesky solver. */
    @Test
    void theHessianOperatorRefinesOnTheSinglePrecisionHessian() {
        SplittableRandom r = new SplittableRandom(1305);
        int d = FEATURES;
        CoordinateObjective f = logistic(r, 1500);
        f.linearize(r.doubles(d, -1, 1).toArray(), new double[] {0.05});
        org.rootgrad.implicit.linear.LinearOperator hessian = org.rootgrad.implicit.linear.LinearOperator.hessian(f);
        double[] b = r.doubles(d, -1, 1).toArray();
        double[] refined = new double[d];
        org.rootgrad.implicit.linear.LinearSolver solver = org.rootgrad.implicit.linear.LinearSolver.approximateCholesky(
                org.rootgrad.implicit.linear.LinearSolverOptions.defaults());
        org.rootgrad.implicit.linear.SolveResult result = solver.trySolve(solver.newWorkspace(d), hessian, null, b, refined);
        assertTrue(result.converged(), result::toString);
        assertTrue(result.iterations() <= 3 && result.detail() == null, result::toString);
        double[] exact = new double[d];
        org.rootgrad.implicit.linear.LinearSolver dense = org.rootgrad.implicit.linear.LinearSolver.denseCholesky(
                org.rootgrad.implicit.linear.LinearSolverOptions.defaults());
        dense.trySolve(dense.newWorkspace(d), hessian, null, b, exact);
        for (int j = 0; j < d; j++) {
            assertEquals(exact[j], refined[j], 1e-8 * Arrays.stream(exact).map(Math::abs).max().orElseThrow());
        }
    }

    /**
     * A hyperparameter loop's implicit derivatives, λ moving 0.1% per point: warm-started, every
     * point after the first refines on the first point's single-precision factor and factors
     * nothing, cold each point factors its own; both give dL/dλ within the tolerance's reach of
     * each other.
     */
    @Test
    void warmStartedDerivativesAtNearbyPointsKeepTheFirstPointsFactor() {
        SplittableRandom r = new SplittableRandom(1306);
        int d = FEATURES;
        CoordinateObjective f = logistic(r, 1500);
        org.rootgrad.solvers.Solver solver = org.rootgrad.solvers.NewtonCG.builder(f)
                .options(org.rootgrad.solvers.SolverOptions.defaults().withTolerance(1e-10)).build();
        org.rootgrad.implicit.ImplicitDiffWorkspace warm = org.rootgrad.implicit.ImplicitDiff.defaults()
                .newWorkspace(solver.optimalityCondition());
        org.rootgrad.implicit.ImplicitDiffWorkspace cold = org.rootgrad.implicit.ImplicitDiff.builder().warmStart(false)
                .build().newWorkspace(solver.optimalityCondition().fork());
        assertTrue(warm.solverWorkspace() instanceof org.rootgrad.implicit.linear.ApproximateCholeskyWorkspace,
                "the automatic choice at this size");
        double[] xBar = r.doubles(d, -1, 1).toArray();
        double[] start = new double[d];
        double[] warmBar = new double[1];
        double[] coldBar = new double[1];
        int points = 5;
        for (int k = 0; k < points; k++) {
            double[] theta = {0.05 * (1 + 1e-3 * k)};
            double[] w = solver.run(start, theta).solution().clone();
            org.rootgrad.implicit.ImplicitResult warmResult = warm.vjp(w, theta, xBar, warmBar);
            assertTrue(warmResult.converged(), warmResult::toString);
            org.rootgrad.implicit.ImplicitResult coldResult = cold.vjp(w, theta, xBar, coldBar);
            assertTrue(coldResult.converged(), coldResult::toString);
            assertEquals(coldBar[0], warmBar[0], 1e-8 * Math.abs(coldBar[0]), "point " + k);
            start = w;
        }
        var warmSolves = (org.rootgrad.implicit.linear.ApproximateCholeskyWorkspace) warm.solverWorkspace();
        var coldSolves = (org.rootgrad.implicit.linear.ApproximateCholeskyWorkspace) cold.solverWorkspace();
        assertEquals(points, coldSolves.factorizations());
        assertEquals(1, warmSolves.factorizations(), "the first point's factor served the rest");
        assertTrue(warmSolves.stale());
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
