package org.rootgrad.solvers.projection;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rootgrad.solvers.testing.Vectors.distance;
import static org.rootgrad.solvers.testing.Vectors.maxAbs;
import static org.rootgrad.solvers.testing.Vectors.maxAbsDifference;

import java.util.List;
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
 * jqwik properties of every projection on random inputs of dimension 1..12 and mixed scale, a
 * third of them with coordinates placed exactly on kinks (bounds, 0, ties, the boundary):
 * feasibility, idempotence P(P(v)) = P(v), non-expansiveness ‖P(u) − P(v)‖ ≤ ‖u − v‖ (convex sets
 * only: the sphere is excluded) and JVP/VJP adjointness. 200 tries per property (the default in
 * junit-platform.properties).
 */
class ProjectionPropertiesTest {

    /** One generated case: the set, its dimension and a seed for the inputs. */
    record Input(ProjectionCase set, int n, long seed) {
        @Override
        public String toString() {
            return set + " n=" + n + " seed=" + seed;
        }
    }

    @Provide
    Arbitrary<Input> inputs() {
        List<ProjectionCase> all = ProjectionCase.all();
        return Combinators.combine(Arbitraries.of(all), Arbitraries.integers().between(1, 12),
                Arbitraries.longs()).as(Input::new);
    }

    private static double[] draw(Input in, double[] theta, Random rng) {
        double[] v = in.set().input(in.n(), rng);
        if (rng.nextInt(3) == 0) {
            in.set().putOnKink(v, theta, rng);
        }
        return v;
    }

    private static double scale(double[] v, double[] theta) {
        return 1 + maxAbs(v) + maxAbs(theta);
    }

    @Property
    void projectionIsFeasible(@ForAll("inputs") Input in) {
        Random rng = new Random(in.seed());
        Projection p = in.set().create(in.n());
        double[] theta = in.set().theta(in.n(), rng);
        double[] v = draw(in, theta, rng);
        double[] out = new double[in.n()];
        p.project(v, theta, out);
        double violation = in.set().infeasibility(out, theta);
        assertTrue(violation <= 1e-13 * in.n() * scale(v, theta), in + ": infeasible by " + violation);
    }

    @Property
    void projectionIsIdempotent(@ForAll("inputs") Input in) {
        Random rng = new Random(in.seed());
        Projection p = in.set().create(in.n());
        double[] theta = in.set().theta(in.n(), rng);
        double[] v = draw(in, theta, rng);
        double[] once = new double[in.n()];
        double[] twice = new double[in.n()];
        p.project(v, theta, once);
        p.project(once, theta, twice);
        double change = maxAbsDifference(once, twice);
        assertTrue(change <= 1e-13 * in.n() * scale(v, theta), in + ": P(P(v)) moved by " + change);
    }

    @Property
    void projectionOntoAConvexSetIsNonExpansive(@ForAll("inputs") Input in) {
        if (!in.set().convex()) {
            return; // the sphere expands near its centre
        }
        Random rng = new Random(in.seed());
        Projection p = in.set().create(in.n());
        double[] theta = in.set().theta(in.n(), rng);
        double[] u = draw(in, theta, rng);
        double[] v = draw(in, theta, rng);
        if (rng.nextBoolean()) {
            for (int i = 0; i < v.length; i++) {
                v[i] = u[i] + 1e-3 * (v[i] - u[i]); // nearby points too
            }
        }
        double[] pu = new double[in.n()];
        double[] pv = new double[in.n()];
        p.project(u, theta, pu);
        p.project(v, theta, pv);
        double gap = distance(pu, pv);
        double bound = distance(u, v);
        assertTrue(gap <= bound * (1 + 1e-12) + 1e-14 * scale(u, theta),
                in + ": |P(u) - P(v)| = " + gap + " > |u - v| = " + bound);
    }

    @Property
    void jvpAndVjpAreAdjoint(@ForAll("inputs") Input in) {
        Random rng = new Random(in.seed());
        Projection p = in.set().create(in.n());
        double[] theta = in.set().theta(in.n(), rng);
        double[] v = draw(in, theta, rng);
        Differentiable f = Differentiable.of(p);
        f.linearize(v, theta);
        DerivativeChecks.assertAdjoint(f, rng, in.toString());
    }
}
