package org.rootgrad.solvers.prox;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rootgrad.solvers.testing.Vectors.distance;
import static org.rootgrad.solvers.testing.Vectors.maxAbs;

import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.rootgrad.solvers.testing.DerivativeChecks;
import org.rootgrad.solvers.testing.Differentiable;

/**
 * jqwik properties of every prox on random inputs of dimension 1..12 (a third on kinks) and
 * random steps: firm non-expansiveness ‖p(u) − p(v)‖² ≤ ⟨p(u) − p(v), u − v⟩ (the prox of a
 * convex function) and JVP/VJP adjointness. 200 tries per property.
 */
class ProxPropertiesTest {

    record Input(ProxCase prox, int n, long seed) {
        @Override
        public String toString() {
            return prox + " n=" + n + " seed=" + seed;
        }
    }

    @Provide
    Arbitrary<Input> inputs() {
        return Combinators.combine(Arbitraries.of(ProxCase.all()), Arbitraries.integers().between(1, 12),
                Arbitraries.longs()).as(Input::new);
    }

    private static double[] draw(Input in, double[] theta, double step, Random rng) {
        double[] v = in.prox().input(in.n(), rng);
        if (rng.nextInt(3) == 0) {
            in.prox().putOnKink(v, theta, step, rng);
        }
        return v;
    }

    @Property
    void proxIsFirmlyNonExpansive(@ForAll("inputs") Input in) {
        Random rng = new Random(in.seed());
        Prox prox = in.prox().create(in.n());
        double[] theta = in.prox().theta(in.n(), rng);
        double step = 0.05 + 3 * rng.nextDouble();
        double[] u = draw(in, theta, step, rng);
        double[] v = draw(in, theta, step, rng);
        double[] pu = new double[in.n()];
        double[] pv = new double[in.n()];
        prox.apply(u, theta, step, pu);
        prox.apply(v, theta, step, pv);
        double gap = distance(pu, pv);
        double inner = 0;
        for (int i = 0; i < u.length; i++) {
            inner += (pu[i] - pv[i]) * (u[i] - v[i]);
        }
        double scale = 1 + maxAbs(u) + maxAbs(v);
        assertTrue(gap * gap <= inner + 1e-13 * in.n() * scale * scale,
                in + ": |p(u) - p(v)|^2 = " + gap * gap + " > <p(u) - p(v), u - v> = " + inner);
    }

    @Property
    void jvpAndVjpAreAdjoint(@ForAll("inputs") Input in) {
        Random rng = new Random(in.seed());
        Prox prox = in.prox().create(in.n());
        double[] theta = in.prox().theta(in.n(), rng);
        double step = 0.05 + 3 * rng.nextDouble();
        double[] v = draw(in, theta, step, rng);
        Differentiable f = Differentiable.of(prox, step);
        f.linearize(v, theta);
        DerivativeChecks.assertAdjoint(f, rng, in.toString());
    }
}
