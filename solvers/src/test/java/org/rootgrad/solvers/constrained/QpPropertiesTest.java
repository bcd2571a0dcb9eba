package org.rootgrad.solvers.constrained;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.rootgrad.error.Status;
import org.rootgrad.implicit.ImplicitDiff;
import org.rootgrad.solvers.SolverOptions;
import org.rootgrad.testing.DenseReference;

/**
 * jqwik properties on random well-posed QPs: random SPD Q (BᵀB/n + 0.5I) and random A of full
 * row rank (orthonormalised Gaussian rows scaled by [0.5, 2], so cond(K) stays near 1e2: a square
 * Gaussian A has cond(K) ~ cond(A)² up to 1e8 on some draws, where a 1e-10 residual no longer
 * means 1e-8 accuracy and MINRES stagnates, reporting STAGNATED).
 * <ul>
 *   <li>Equality QP, n ∈ [1, 12], p ∈ [0, n]: KKT residual ≤ 1e-10 (scaled) and the Jacobian of z
 *   in (c, b) equal to the columns of the KKT inverse (Gauss–Jordan in the test) to 1e-8, for a
 *   random forward method and derivative method (MINRES to the default relative residual 1e-10).
 *   200 cases.</li>
 *   <li>ADMM QP with a planted strictly complementary solution (A well-conditioned as above),
 *   n ∈ [2, 10], k ∈ [0, n]: the
 *   planted (x*, y*) is found to 1e-8 and ∂z/∂q matches the active-set KKT inverse to 1e-7, for a
 *   random derivative method and reduction flag. 100 cases.</li>
 * </ul>
 */
class QpPropertiesTest {

    record Shape(int n, int p, long seed, int variant) {
        @Override
        public String toString() {
            return "n=" + n + " p=" + p + " seed=" + seed + " variant=" + variant;
        }
    }

    @Provide
    Arbitrary<Shape> equalityShapes() {
        return Combinators.combine(Arbitraries.integers().between(1, 12), Arbitraries.integers().between(0, 12),
                Arbitraries.longs(), Arbitraries.integers().between(0, 5))
                .as((n, p, seed, v) -> new Shape(n, Math.min(p, n), seed, v));
    }

    @Property(tries = 200)
    void equalityQpSolvesItsKktSystemAndDifferentiatesLikeItsInverse(@ForAll("equalityShapes") Shape s) {
        int n = s.n();
        int p = s.p();
        Random rng = new Random(s.seed());
        double[] q = Reference.spd(rng, n, 0.5);
        double[] c = Reference.gaussian(rng, n);
        double[] a = Reference.fullRowRank(rng, p, n);
        double[] b = Reference.gaussian(rng, p);
        EqualityConstrainedQP.Method method = EqualityConstrainedQP.Method.values()[s.variant() % 3];
        DerivativeMethod derivative = DerivativeMethod.values()[s.variant() / 3];
        EqualityConstrainedQP qp = EqualityConstrainedQP.builder(n, p).method(method)
                .derivativeMethod(derivative).tolerance(1e-10).build();
        double accuracy = 1e-8;
        qp.run(new double[n + p], EqualityConstrainedQP.parameters(q, c, a, b));
        assertEquals(Status.CONVERGED, qp.result().status(), qp.result().toString());
        assertTrue(qp.result().error() <= 1e-10, qp.result().toString());
        double[] inv = DenseReference.inverse(Reference.kkt(q, a, n, p), n + p);
        int size = n + p;
        double[] thetaDot = new double[qp.parameterDimension()];
        double[] zDot = new double[size];
        for (int j = 0; j < size; j++) {
            java.util.Arrays.fill(thetaDot, 0);
            thetaDot[j < n ? qp.offsetC() + j : qp.offsetB() + j - n] = 1;
            qp.jvp(thetaDot, zDot);
            double[] want = new double[size];
            for (int i = 0; i < size; i++) {
                want[i] = (j < n ? -1 : 1) * inv[i * size + j];
            }
            double err = Reference.relativeError(zDot, want);
            assertTrue(err < accuracy, method + "/" + derivative + " column " + j + ": " + err);
        }
    }

    @Provide
    Arbitrary<Shape> inequalityShapes() {
        return Combinators.combine(Arbitraries.integers().between(2, 10), Arbitraries.integers().between(0, 10),
                Arbitraries.longs(), Arbitraries.integers().between(0, 3))
                .as((n, k, seed, v) -> new Shape(n, Math.min(k, n), seed, v));
    }

    @Property(tries = 100)
    void admmQpFindsPlantedSolutionsAndTheirDerivatives(@ForAll("inequalityShapes") Shape s) {
        int n = s.n();
        int k = s.p();
        PlantedQp pr = PlantedQp.random(s.seed(), n, k, true);
        DerivativeMethod derivative = DerivativeMethod.values()[s.variant() % 2];
        boolean reduce = s.variant() < 2;
        AdmmQP qp = AdmmQP.builder(n, k).derivativeMethod(derivative).activeSetReduction(reduce)
                .options(SolverOptions.defaults().withMaxIterations(50_000).withTolerance(1e-10)
                        .withImplicit(ImplicitDiff.builder().tolerance(1e-12).build()))
                .build();
        qp.run(new double[n + k], pr.theta());
        assertEquals(Status.CONVERGED, qp.result().status(), qp.result().toString());
        double err = Reference.relativeError(qp.result().solution(), pr.solution());
        assertTrue(err < 1e-8, "solution: " + err + (qp.polished() ? " (polished)" : " (not polished)"));
        int[] act = pr.activeRows();
        int size = n + act.length;
        double[] inv = pr.activeKktInverse();
        double[] thetaDot = new double[qp.parameterDimension()];
        double[] zDot = new double[n + k];
        for (int j = 0; j < n; j++) {
            java.util.Arrays.fill(thetaDot, 0);
            thetaDot[qp.offsetQ() + j] = 1;
            qp.jvp(thetaDot, zDot);
            double[] want = new double[n + k];
            for (int r = 0; r < n; r++) {
                want[r] = -inv[r * size + j];
            }
            for (int a = 0; a < act.length; a++) {
                want[n + act[a]] = -inv[(n + a) * size + j];
            }
            double e = Reference.relativeError(zDot, want);
            assertTrue(e < 1e-7, derivative + " reduce=" + reduce + " ∂z/∂q_" + j + ": " + e);
        }
    }
}
