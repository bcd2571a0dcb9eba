package org.rootgrad.solvers.objective;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.rootgrad.autodiff.Objective;
import org.rootgrad.implicit.ImplicitDiff;
import org.rootgrad.implicit.RootFunction;
import org.rootgrad.implicit.linear.LinearSolver;
import org.rootgrad.implicit.linear.LinearSolverOptions;

/**
 * The automatic linear solver of implicit differentiation weighs what forming the Hessian costs
 * ({@link Objective#hessianCost}, d/4 products for a weighted Gram product, a copy for least
 * squares' Gram matrix) against a Krylov solve: dense Cholesky up to
 * {@link ImplicitDiff#FORMED_DENSE_PRODUCTS_PER_DIGIT} products per digit of the tolerance (40
 * at the default 1e-10, 20 at 1e-5), conjugate gradients above; an explicit
 * dense threshold still decides by size alone.
 */
class ImplicitSolverChoiceTest {
    private static final int ROWS = 400;

    private static CoordinateObjective logistic(int features) {
        SplittableRandom r = new SplittableRandom(features);
        double[] x = r.doubles(ROWS * features, -1, 1).toArray();
        double[] labels = new double[ROWS];
        for (int i = 0; i < ROWS; i++) {
            labels[i] = r.nextBoolean() ? 1 : -1;
        }
        return Objectives.binaryLogisticL2(x, ROWS, features, labels, false);
    }

    private static String chosen(ImplicitDiff config, Objective f) {
        return config.newWorkspace(RootFunction.gradientOf(f)).solver().name();
    }

    private static final String CHOLESKY = LinearSolver.denseCholesky(LinearSolverOptions.defaults()).name();
    private static final String CG = LinearSolver.conjugateGradient(LinearSolverOptions.defaults()).name();

    /** f's values and products, without its dense Hessian: assembled from products if at all. */
    private record ProductsOnly(Objective f) implements Objective {
        @Override public int dimension() { return f.dimension(); }
        @Override public int parameterDimension() { return f.parameterDimension(); }
        @Override public double value(double[] x, double[] theta) { return f.value(x, theta); }
        @Override public double valueAndGradient(double[] x, double[] theta, double[] g) {
            return f.valueAndGradient(x, theta, g);
        }
        @Override public void linearize(double[] x, double[] theta) { f.linearize(x, theta); }
        @Override public void hessianVector(double[] v, double[] out) { f.hessianVector(v, out); }
        @Override public void mixedVector(double[] u, double[] out) { f.mixedVector(u, out); }
        @Override public void mixedTransposeVector(double[] w, double[] out) { f.mixedTransposeVector(w, out); }
        @Override public Objective fork() { return new ProductsOnly(f.fork()); }
    }

    @Test
    void aWeightedGramCostsAQuarterOfAProductPerFeature() {
        assertEquals(5.0, logistic(20).hessianCost());
        assertEquals(25.0, logistic(100).hessianCost());
        assertEquals(50.0, logistic(200).hessianCost());
    }

    @Test
    void dataThatStreamsFromMemoryMakesProductsDearerAndTheGramCheaper() {
        assertEquals(25.0, ones(41_000, 100).hessianCost()); // 32.8 MB: below 32 MiB = 33.6 MB
        assertEquals(12.5, ones(42_000, 100).hessianCost()); // 33.6 MB and more: streamed
        assertEquals(CHOLESKY, chosen(ImplicitDiff.defaults(), new ExactOnly(ones(42_000, 200))));
        assertEquals(CG, chosen(ImplicitDiff.defaults(), new ExactOnly(ones(20_000, 200))));
    }

    /** f with everything but its single-precision Hessian: the choice between exact forming and Krylov. */
    private record ExactOnly(Objective f) implements Objective {
        @Override public int dimension() { return f.dimension(); }
        @Override public int parameterDimension() { return f.parameterDimension(); }
        @Override public double value(double[] x, double[] theta) { return f.value(x, theta); }
        @Override public double valueAndGradient(double[] x, double[] theta, double[] g) {
            return f.valueAndGradient(x, theta, g);
        }
        @Override public void linearize(double[] x, double[] theta) { f.linearize(x, theta); }
        @Override public void hessianVector(double[] v, double[] out) { f.hessianVector(v, out); }
        @Override public boolean hessian(double[] out) { return f.hessian(out); }
        @Override public double hessianCost() { return f.hessianCost(); }
        @Override public void mixedVector(double[] u, double[] out) { f.mixedVector(u, out); }
        @Override public void mixedTransposeVector(double[] w, double[] out) { f.mixedTransposeVector(w, out); }
        @Override public Objective fork() { return new ExactOnly(f.fork()); }
    }

    private static final String APPROXIMATE = LinearSolver.approximateCholesky(LinearSolverOptions.defaults()).name();

    /**
     * From 512 rows the logistic Hessian also comes in single precision at half the cost: its
     * factor, refined by two exact products at 1e-10, beats forming the exact one from about 20
     * features, and stays within the dense budget (40 products) up to 300 features in cache.
     */
    @Test
    void fromFiveHundredRowsTheSinglePrecisionHessianIsFactoredAndRefined() {
        assertEquals(APPROXIMATE, chosen(ImplicitDiff.defaults(), ones(2_000, 100))); // 12.5 + 2 < 25
        assertEquals(APPROXIMATE, chosen(ImplicitDiff.defaults(), ones(2_000, 20))); // 2.5 + 2 < 5
        assertEquals(CHOLESKY, chosen(ImplicitDiff.defaults(), ones(2_000, 12))); // 1.5 + 2 ≥ 3
        assertEquals(APPROXIMATE, chosen(ImplicitDiff.defaults(), ones(2_000, 152))); // 19 + 2 < 38
        assertEquals(CG, chosen(ImplicitDiff.defaults(), ones(2_000, 320))); // 40 + 2 > 40
        assertEquals(APPROXIMATE, chosen(ImplicitDiff.defaults(), ones(42_000, 200))); // streamed: 12.5 + 2 < 25
        assertEquals(CHOLESKY, chosen(ImplicitDiff.defaults(), ones(500, 100))); // under 512 rows: not offered
    }

    /** The refined derivative is the exact-factor one to the tolerance: a hypergradient after L-BFGS. */
    @Test
    void theRefinedHypergradientIsTheExactFactorsToTheTolerance() {
        int rows = 3_000;
        int features = 60;
        SplittableRandom r = new SplittableRandom(1401);
        double[] x = r.doubles(rows * features, -1, 1).toArray();
        double[] labels = new double[rows];
        for (int i = 0; i < rows; i++) {
            labels[i] = x[i * features] + 0.5 * r.nextGaussian() > 0 ? 1 : -1;
        }
        double[] xBar = r.doubles(features, -1, 1).toArray();
        double[] theta = {0.05};
        double[][] results = new double[2][1];
        String[] solvers = new String[2];
        ImplicitDiff[] configs = {ImplicitDiff.defaults(), ImplicitDiff.builder()
                .solver(LinearSolver.denseCholesky(LinearSolverOptions.defaults())).build()};
        for (int c = 0; c < 2; c++) {
            org.rootgrad.solvers.Solver lbfgs = org.rootgrad.solvers.LBFGS.builder(
                            Objectives.binaryLogisticL2(x, rows, features, labels, false))
                    .options(org.rootgrad.solvers.SolverOptions.defaults().withTolerance(1e-10).withImplicit(configs[c]))
                    .build();
            lbfgs.run(new double[features], theta);
            lbfgs.vjp(xBar, results[c]);
            solvers[c] = lbfgs.derivative().method();
        }
        assertEquals(APPROXIMATE, solvers[0]);
        assertEquals(CHOLESKY, solvers[1]);
        assertEquals(results[1][0], results[0][0], 1e-9 * Math.abs(results[1][0]));
    }

    private static CoordinateObjective ones(int rows, int features) {
        double[] x = new double[rows * features];
        java.util.Arrays.fill(x, 1);
        double[] labels = new double[rows];
        java.util.Arrays.fill(labels, 1);
        return Objectives.binaryLogisticL2(x, rows, features, labels, false);
    }

    @Test
    void logisticRegressionFactorsWhenFormingIsCheapAndIteratesOtherwise() {
        assertEquals(CHOLESKY, chosen(ImplicitDiff.defaults(), logistic(20)));
        assertEquals(CHOLESKY, chosen(ImplicitDiff.defaults(), logistic(100)));
        assertEquals(CHOLESKY, chosen(ImplicitDiff.defaults(), logistic(160))); // 40 products: the budget
        assertEquals(CG, chosen(ImplicitDiff.defaults(), logistic(161)));
        assertEquals(CG, chosen(ImplicitDiff.defaults(), logistic(200)));
    }

    @Test
    void aLooserToleranceLowersTheBudget() {
        ImplicitDiff loose = ImplicitDiff.builder().tolerance(1e-5).build();
        assertEquals(CHOLESKY, chosen(loose, logistic(80))); // 20 products: 4 per digit × 5
        assertEquals(CG, chosen(loose, logistic(81)));
        assertEquals(CG, chosen(loose, logistic(100)));
    }

    @Test
    void leastSquaresCopiesItsGramMatrixSoFactorsUpToTheDenseMatrixLimit() {
        int features = 300;
        SplittableRandom r = new SplittableRandom(3);
        double[] x = r.doubles(ROWS * features, -1, 1).toArray();
        double[] y = r.doubles(ROWS, -1, 1).toArray();
        CoordinateObjective ridge = Objectives.ridge(x, ROWS, features, y, false);
        assertTrue(ridge.hessianCost() < 1, "a copy of d² numbers: " + ridge.hessianCost());
        assertEquals(CHOLESKY, chosen(ImplicitDiff.defaults(), ridge));
    }

    @Test
    void anExplicitThresholdDecidesBySizeAlone() {
        assertEquals(CHOLESKY, chosen(ImplicitDiff.builder().denseThreshold(200).build(), logistic(200)));
        assertEquals(CG, chosen(ImplicitDiff.builder().denseThreshold(40).build(), logistic(50)));
        assertEquals(CG, chosen(ImplicitDiff.builder().denseThreshold(0).build(), logistic(20)));
    }

    @Test
    void anObjectiveThatDoesNotFormItsHessianKeepsTheSizeRule() {
        Objective products = new ProductsOnly(logistic(80));
        assertEquals(Double.POSITIVE_INFINITY, products.hessianCost());
        assertEquals(CHOLESKY, chosen(ImplicitDiff.defaults(), products)); // n = 80 ≤ 100
    }

    /** So that a solver skips building a preconditioner (L-BFGS: a pass over the data) that a factorisation ignores. */
    @Test
    void onlyTheKrylovSolversUseAPreconditioner() {
        RootFunction f = RootFunction.gradientOf(logistic(20));
        assertFalse(ImplicitDiff.defaults().newWorkspace(f).usesPreconditioner());
        assertTrue(ImplicitDiff.builder().denseThreshold(0).build().newWorkspace(f).usesPreconditioner());
        LinearSolver refined = LinearSolver.iterativeRefinement(
                LinearSolver.denseCholesky(LinearSolverOptions.defaults()), LinearSolverOptions.defaults());
        assertFalse(refined.usesPreconditioner());
        assertTrue(LinearSolver.iterativeRefinement(LinearSolver.conjugateGradient(LinearSolverOptions.defaults()),
                LinearSolverOptions.defaults()).usesPreconditioner());
    }
}
