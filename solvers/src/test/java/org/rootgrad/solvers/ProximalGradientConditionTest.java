package org.rootgrad.solvers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.rootgrad.autodiff.Objective;
import org.rootgrad.error.DimensionMismatchException;
import org.rootgrad.error.InvalidOptionException;
import org.rootgrad.implicit.RootFunction;
import org.rootgrad.implicit.linear.Structure;
import org.rootgrad.solvers.objective.Objectives;
import org.rootgrad.solvers.projection.Projection;
import org.rootgrad.solvers.prox.Prox;
import org.rootgrad.solvers.testing.DerivativeChecks;
import org.rootgrad.solvers.testing.Differentiable;
import org.rootgrad.solvers.testing.Vectors;

/**
 * F(x, θ) = prox_{ηg}(x − η∇f(x, θ_f), θ_g) − x: its four products against central differences of
 * F itself (DerivativeChecks: h = 1e-6, 1e-7 relative, at points whose prox input is farther
 * than 1e-4 from every threshold), the adjoint identity to 1e-12, its structure, and its root at
 * the solver's solution.
 */
class ProximalGradientConditionTest {
    static final int N = 40;
    static final int P = 7;

    static Differentiable view(RootFunction f) {
        return new Differentiable() {
            @Override public int n() { return f.dimension(); }
            @Override public int k() { return f.parameterDimension(); }
            @Override public void value(double[] v, double[] theta, double[] out) { f.evaluate(v, theta, out); }
            @Override public void linearize(double[] v, double[] theta) { f.linearize(v, theta); }
            @Override public void jvpV(double[] dv, double[] out) { f.jvpX(dv, out); }
            @Override public void vjpV(double[] w, double[] out) { f.vjpX(w, out); }
            @Override public void jvpTheta(double[] dTheta, double[] out) { f.jvpTheta(dTheta, out); }
            @Override public void vjpTheta(double[] w, double[] out) { f.vjpTheta(w, out); }
        };
    }

    static ObjectiveData data() {
        return new ObjectiveData(new Random(31));
    }

    record ObjectiveData(double[] x, double[] y, double[] labels) {
        ObjectiveData(Random rng) {
            this(Vectors.gaussian(rng, N * P), Vectors.gaussian(rng, N), new double[N]);
            for (int i = 0; i < N; i++) {
                labels[i] = rng.nextBoolean() ? 1 : -1;
            }
        }
    }

    /** Distance of the prox input x − η∇f to the elastic-net thresholds ±ηλ₁. */
    static double kinkDistance(Objective f, double[] x, double[] thetaF, double step, double threshold) {
        double[] g = new double[x.length];
        f.valueAndGradient(x, thetaF, g);
        double d = Double.POSITIVE_INFINITY;
        for (int i = 0; i < x.length; i++) {
            d = Math.min(d, Math.abs(Math.abs(x[i] - step * g[i]) - threshold));
        }
        return d;
    }

    @Test
    void productsMatchFiniteDifferencesAndAreAdjoint() {
        ObjectiveData d = data();
        double step = 0.3;
        Random rng = new Random(4);
        // f = L2 logistic (θ_f = [λ]), g = elastic net (θ_g = [λ₁, λ₂]): θ has three entries
        Objective f = Objectives.binaryLogisticL2(d.x(), N, P, d.labels(), true);
        ProximalGradientCondition condition = ProximalGradientCondition.of(f, Prox.elasticNet(P + 1), step);
        assertEquals(3, condition.parameterDimension());
        assertEquals(Structure.GENERAL, condition.structureX());
        double[] theta = {0.2, 0.15, 0.4};
        Differentiable view = view(condition);
        int checked = 0;
        for (int trial = 0; trial < 50 && checked < 5; trial++) {
            double[] x = Vectors.gaussian(rng, P + 1);
            if (kinkDistance(f, x, new double[] {theta[0]}, step, step * theta[1]) < 1e-4) {
                continue;
            }
            DerivativeChecks.assertJvpV(view, x, theta, Vectors.gaussian(rng, P + 1), "∂ₓF");
            DerivativeChecks.assertJvpTheta(view, x, theta, Vectors.gaussian(rng, 3), "∂θF");
            view.linearize(x, theta);
            DerivativeChecks.assertAdjoint(view, rng, "F");
            checked++;
        }
        assertEquals(5, checked);
    }

    @Test
    void projectionConditionMatchesFiniteDifferences() {
        ObjectiveData d = data();
        Random rng = new Random(6);
        Objective f = Objectives.ridge(d.x(), N, P, d.y(), false);
        ProximalGradientCondition condition = ProximalGradientCondition.of(f, Prox.of(Projection.l2Ball(P)), 0.2);
        Differentiable view = view(condition);
        double[] theta = {0.1, 0.5};
        double[] x = Vectors.gaussian(rng, P);
        DerivativeChecks.assertJvpV(view, x, theta, Vectors.gaussian(rng, P), "∂ₓF (l2 ball)");
        DerivativeChecks.assertJvpTheta(view, x, theta, Vectors.gaussian(rng, 2), "∂θF (l2 ball)");
        view.linearize(x, theta);
        DerivativeChecks.assertAdjoint(view, rng, "F (l2 ball)");
    }

    @Test
    void theSolutionIsARootAndTheStepIsTheLastRuns() {
        ObjectiveData d = data();
        Objective f = Objectives.leastSquares(d.x(), N, P, d.y(), false);
        ProximalGradient pg = ProximalGradient.builder(f, Prox.lasso(P)).fixedStep(0.4).tolerance(1e-12).build();
        double[] theta = {0.1};
        double[] w = pg.run(new double[P], theta).solution().clone();
        ProximalGradientCondition condition = pg.optimalityCondition();
        assertEquals(0.4, condition.step());
        double[] residual = new double[P];
        condition.evaluate(w, theta, residual);
        assertTrue(Vectors.norm(residual) < 1e-12 * 0.4 * 10, "‖F(x*)‖ = " + Vectors.norm(residual));
        // the root does not depend on η
        ProximalGradientCondition other = ProximalGradientCondition.of(Objectives.leastSquares(d.x(), N, P, d.y(), false),
                Prox.lasso(P), 3.0);
        other.evaluate(w, theta, residual);
        assertTrue(Vectors.norm(residual) < 1e-10, "‖F(x*)‖ at η = 3: " + Vectors.norm(residual));
    }

    @Test
    void badProblemsAreRejected() {
        ObjectiveData d = data();
        Objective f = Objectives.leastSquares(d.x(), N, P, d.y(), false);
        assertThrows(DimensionMismatchException.class, () -> ProximalGradientCondition.of(f, Prox.lasso(P + 1), 1));
        assertThrows(DimensionMismatchException.class, () -> ProximalGradientCondition.of(null, Prox.lasso(P), 1));
        assertThrows(InvalidOptionException.class, () -> ProximalGradientCondition.of(f, Prox.lasso(P), 0));
        assertThrows(DimensionMismatchException.class, () -> ProximalGradient.builder(f, Prox.lasso(P - 1)));
        ProximalGradientCondition c = ProximalGradientCondition.of(f, Prox.lasso(P), 1);
        assertThrows(DimensionMismatchException.class, () -> c.evaluate(new double[P], new double[2], new double[P]));
    }
}
