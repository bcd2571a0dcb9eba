package org.rootgrad.solvers.prox;

import static org.rootgrad.solvers.testing.Vectors.gaussian;
import static org.rootgrad.solvers.testing.Vectors.norm;

import java.util.List;
import java.util.Random;
import org.rootgrad.solvers.projection.Projection;

/**
 * A prox under test with test-side knowledge of its function g, written independently of the
 * implementation: g itself, the violation of the optimality condition v − p ∈ η∂g(p), the
 * distance of an input to the nearest kink, and a way to put an input exactly on one.
 */
abstract class ProxCase {
    final String name;

    ProxCase(String name) {
        this.name = name;
    }

    abstract Prox create(int n);

    abstract double[] theta(int n, Random rng);

    /** g(x, θ); +∞ outside its domain. */
    abstract double g(double[] x, double[] theta);

    /** The largest violation of v − p ∈ η∂g(p, θ). */
    abstract double optimalityViolation(double[] v, double[] p, double[] theta, double step);

    /** Distance from v to the nearest kink of prox(·, θ, η). */
    abstract double kinkDistance(double[] v, double[] theta, double step);

    /** Moves part of v (in place) exactly onto a kink; may do nothing where there is none. */
    abstract void putOnKink(double[] v, double[] theta, double step, Random rng);

    double[] input(int n, Random rng) {
        double[] scales = {0.3, 1.0, 3.0};
        double scale = scales[rng.nextInt(scales.length)];
        double[] v = gaussian(rng, n);
        for (int i = 0; i < n; i++) {
            v[i] *= scale;
        }
        return v;
    }

    double[] smoothInput(int n, double[] theta, double step, Random rng, double margin) {
        for (int attempt = 0; attempt < 10_000; attempt++) {
            double[] v = input(n, rng);
            if (kinkDistance(v, theta, step) > margin) {
                return v;
            }
        }
        throw new AssertionError(name + ": could not sample a point away from kinks");
    }

    @Override
    public String toString() {
        return name;
    }

    static List<ProxCase> all() {
        return List.of(new None(), new Lasso(), new WeightedLasso(), new LassoPerCoordinate(),
                new NonNegativeLasso(), new ElasticNet(false), new ElasticNet(true),
                new GroupLasso(false), new GroupLasso(true), new Ridge(false), new Ridge(true),
                new OfBox(), new OfL2Ball());
    }

    // ---- helpers ------------------------------------------------------------------------------------

    static double sign(double x) {
        return x > 0 ? 1 : x < 0 ? -1 : 0;
    }

    /** Violation of vᵢ − pᵢ ∈ t·∂|pᵢ| + μ·pᵢ, coordinate-wise (the elastic-net family). */
    static double softViolation(double v, double p, double t, double mu) {
        if (p != 0) {
            return Math.abs(v - p - t * sign(p) - mu * p);
        }
        return Math.max(Math.abs(v) - t, 0);
    }

    // ---- the cases -----------------------------------------------------------------------------

    static final class None extends ProxCase {
        None() {
            super("none");
        }

        @Override Prox create(int n) {
            return Prox.none(n);
        }

        @Override double[] theta(int n, Random rng) {
            return new double[0];
        }

        @Override double g(double[] x, double[] theta) {
            return 0;
        }

        @Override double optimalityViolation(double[] v, double[] p, double[] theta, double step) {
            double worst = 0;
            for (int i = 0; i < v.length; i++) {
                worst = Math.max(worst, Math.abs(v[i] - p[i]));
            }
            return worst;
        }

        @Override double kinkDistance(double[] v, double[] theta, double step) {
            return Double.POSITIVE_INFINITY;
        }

        @Override void putOnKink(double[] v, double[] theta, double step, Random rng) {}
    }

    /** The lasso family: per-coordinate strengths λᵢ(θ). */
    abstract static class AbstractLasso extends ProxCase {
        AbstractLasso(String name) {
            super(name);
        }

        abstract double strength(double[] theta, int i);

        @Override double g(double[] x, double[] theta) {
            double s = 0;
            for (int i = 0; i < x.length; i++) {
                s += strength(theta, i) * Math.abs(x[i]);
            }
            return s;
        }

        @Override double optimalityViolation(double[] v, double[] p, double[] theta, double step) {
            double worst = 0;
            for (int i = 0; i < v.length; i++) {
                worst = Math.max(worst, softViolation(v[i], p[i], step * strength(theta, i), 0));
            }
            return worst;
        }

        @Override double kinkDistance(double[] v, double[] theta, double step) {
            double d = Double.POSITIVE_INFINITY;
            for (int i = 0; i < v.length; i++) {
                d = Math.min(d, Math.abs(Math.abs(v[i]) - step * strength(theta, i)));
            }
            return d;
        }

        @Override void putOnKink(double[] v, double[] theta, double step, Random rng) {
            int i = rng.nextInt(v.length);
            v[i] = (rng.nextBoolean() ? 1 : -1) * step * strength(theta, i);
        }
    }

    static final class Lasso extends AbstractLasso {
        Lasso() {
            super("lasso");
        }

        @Override Prox create(int n) {
            return Prox.lasso(n);
        }

        @Override double[] theta(int n, Random rng) {
            return new double[] {0.2 + rng.nextDouble()};
        }

        @Override double strength(double[] theta, int i) {
            return theta[0];
        }
    }

    static final class WeightedLasso extends AbstractLasso {
        WeightedLasso() {
            super("weightedLasso");
        }

        /** Fixed weights for dimension n: a deterministic mix including a zero weight. */
        static double[] weights(int n) {
            double[] w = new double[n];
            for (int i = 0; i < n; i++) {
                w[i] = i % 4 == 3 ? 0.0 : 0.5 + 0.3 * (i % 5);
            }
            return w;
        }

        @Override Prox create(int n) {
            return Prox.lasso(weights(n));
        }

        @Override double[] theta(int n, Random rng) {
            return new double[] {0.2 + rng.nextDouble()};
        }

        @Override double strength(double[] theta, int i) {
            return theta[0] * (i % 4 == 3 ? 0.0 : 0.5 + 0.3 * (i % 5));
        }
    }

    static final class LassoPerCoordinate extends AbstractLasso {
        LassoPerCoordinate() {
            super("lassoPerCoordinate");
        }

        @Override Prox create(int n) {
            return Prox.lassoPerCoordinate(n);
        }

        @Override double[] theta(int n, Random rng) {
            double[] t = new double[n];
            for (int i = 0; i < n; i++) {
                t[i] = 0.1 + rng.nextDouble();
            }
            return t;
        }

        @Override double strength(double[] theta, int i) {
            return theta[i];
        }
    }

    static final class NonNegativeLasso extends ProxCase {
        NonNegativeLasso() {
            super("nonNegativeLasso");
        }

        @Override Prox create(int n) {
            return Prox.nonNegativeLasso(n);
        }

        @Override double[] theta(int n, Random rng) {
            return new double[] {0.2 + rng.nextDouble()};
        }

        @Override double g(double[] x, double[] theta) {
            double s = 0;
            for (double xi : x) {
                if (xi < 0) {
                    return Double.POSITIVE_INFINITY;
                }
                s += theta[0] * xi;
            }
            return s;
        }

        @Override double optimalityViolation(double[] v, double[] p, double[] theta, double step) {
            double t = step * theta[0];
            double worst = 0;
            for (int i = 0; i < v.length; i++) {
                double violation = p[i] < 0 ? -p[i]
                        : p[i] > 0 ? Math.abs(v[i] - p[i] - t)
                        : Math.max(v[i] - t, 0); // ∂ at 0: t + normal cone (−∞, 0]
                worst = Math.max(worst, violation);
            }
            return worst;
        }

        @Override double kinkDistance(double[] v, double[] theta, double step) {
            double d = Double.POSITIVE_INFINITY;
            for (double x : v) {
                d = Math.min(d, Math.abs(x - step * theta[0]));
            }
            return d;
        }

        @Override void putOnKink(double[] v, double[] theta, double step, Random rng) {
            v[rng.nextInt(v.length)] = step * theta[0];
        }
    }

    static final class ElasticNet extends ProxCase {
        private final boolean scaled;

        ElasticNet(boolean scaled) {
            super(scaled ? "elasticNetScaled" : "elasticNet");
            this.scaled = scaled;
        }

        @Override Prox create(int n) {
            return scaled ? Prox.elasticNetScaled(n) : Prox.elasticNet(n);
        }

        @Override double[] theta(int n, Random rng) {
            return new double[] {0.2 + rng.nextDouble(), 0.1 + 2 * rng.nextDouble()};
        }

        double l1(double[] theta) {
            return theta[0];
        }

        double l2(double[] theta) {
            return scaled ? theta[0] * theta[1] : theta[1];
        }

        @Override double g(double[] x, double[] theta) {
            double a = 0;
            double b = 0;
            for (double xi : x) {
                a += Math.abs(xi);
                b += xi * xi;
            }
            return l1(theta) * a + 0.5 * l2(theta) * b;
        }

        @Override double optimalityViolation(double[] v, double[] p, double[] theta, double step) {
            double worst = 0;
            for (int i = 0; i < v.length; i++) {
                worst = Math.max(worst, softViolation(v[i], p[i], step * l1(theta), step * l2(theta)));
            }
            return worst;
        }

        @Override double kinkDistance(double[] v, double[] theta, double step) {
            double d = Double.POSITIVE_INFINITY;
            for (double x : v) {
                d = Math.min(d, Math.abs(Math.abs(x) - step * l1(theta)));
            }
            return d;
        }

        @Override void putOnKink(double[] v, double[] theta, double step, Random rng) {
            v[rng.nextInt(v.length)] = -step * l1(theta);
        }
    }

    static final class GroupLasso extends ProxCase {
        private final boolean byIds;

        GroupLasso(boolean byIds) {
            super(byIds ? "groupLassoByIds" : "groupLasso");
            this.byIds = byIds;
        }

        /** Contiguous groups of sizes 1, 2, 3, 1, 2, 3, ... covering n. */
        static int[] boundaries(int n) {
            int[] b = new int[n + 1];
            int count = 1;
            int at = 0;
            int size = 1;
            while (at < n) {
                at = Math.min(n, at + size);
                b[count++] = at;
                size = size % 3 + 1;
            }
            return java.util.Arrays.copyOf(b, count);
        }

        /** Interleaved groups with only even ids used (the odd ones are empty groups). */
        static int[] ids(int n) {
            int groups = Math.max(1, n / 2);
            int[] id = new int[n];
            for (int i = 0; i < n; i++) {
                id[i] = 2 * ((i * 5) % groups);
            }
            return id;
        }

        static int groupCount(int[] ids) {
            int g = 0;
            for (int id : ids) {
                g = Math.max(g, id + 1);
            }
            return g;
        }

        /** Members of each group, in a form independent of the implementation's storage. */
        int[][] groups(int n) {
            if (!byIds) {
                int[] b = boundaries(n);
                int[][] gs = new int[b.length - 1][];
                for (int g = 0; g + 1 < b.length; g++) {
                    gs[g] = new int[b[g + 1] - b[g]];
                    for (int j = 0; j < gs[g].length; j++) {
                        gs[g][j] = b[g] + j;
                    }
                }
                return gs;
            }
            int[] id = ids(n);
            int count = groupCount(id);
            int[][] gs = new int[count][];
            for (int g = 0; g < count; g++) {
                int size = 0;
                for (int x : id) {
                    size += x == g ? 1 : 0;
                }
                gs[g] = new int[size];
                int j = 0;
                for (int i = 0; i < n; i++) {
                    if (id[i] == g) {
                        gs[g][j++] = i;
                    }
                }
            }
            return gs;
        }

        double weight(int g) {
            return byIds ? 0.5 + 0.25 * (g % 3) : 1.0;
        }

        @Override Prox create(int n) {
            if (!byIds) {
                return Prox.groupLasso(boundaries(n));
            }
            int[] id = ids(n);
            double[] w = new double[groupCount(id)];
            for (int g = 0; g < w.length; g++) {
                w[g] = weight(g);
            }
            return Prox.groupLassoByIds(id, w);
        }

        @Override double[] theta(int n, Random rng) {
            return new double[] {0.2 + rng.nextDouble()};
        }

        static double groupNorm(double[] x, int[] members) {
            double s = 0;
            for (int i : members) {
                s += x[i] * x[i];
            }
            return Math.sqrt(s);
        }

        @Override double g(double[] x, double[] theta) {
            int[][] gs = groups(x.length);
            double s = 0;
            for (int g = 0; g < gs.length; g++) {
                s += weight(g) * groupNorm(x, gs[g]);
            }
            return theta[0] * s;
        }

        @Override double optimalityViolation(double[] v, double[] p, double[] theta, double step) {
            int[][] gs = groups(v.length);
            double worst = 0;
            for (int g = 0; g < gs.length; g++) {
                double t = step * theta[0] * weight(g);
                double pn = groupNorm(p, gs[g]);
                if (pn == 0) {
                    worst = Math.max(worst, Math.max(groupNorm(v, gs[g]) - t, 0));
                } else {
                    double s = 0;
                    for (int i : gs[g]) {
                        double r = v[i] - p[i] - t * p[i] / pn;
                        s += r * r;
                    }
                    worst = Math.max(worst, Math.sqrt(s));
                }
            }
            return worst;
        }

        @Override double kinkDistance(double[] v, double[] theta, double step) {
            int[][] gs = groups(v.length);
            double d = Double.POSITIVE_INFINITY;
            for (int g = 0; g < gs.length; g++) {
                if (gs[g].length > 0) {
                    d = Math.min(d, Math.abs(groupNorm(v, gs[g]) - step * theta[0] * weight(g)));
                }
            }
            return d;
        }

        @Override void putOnKink(double[] v, double[] theta, double step, Random rng) {
            int[][] gs = groups(v.length);
            int g = rng.nextInt(gs.length);
            double norm = groupNorm(v, gs[g]);
            if (norm > 0) {
                double target = step * theta[0] * weight(g);
                for (int i : gs[g]) {
                    v[i] *= target / norm;
                }
            }
        }
    }

    static final class Ridge extends ProxCase {
        private final boolean nonNegative;

        Ridge(boolean nonNegative) {
            super(nonNegative ? "nonNegativeRidge" : "ridge");
            this.nonNegative = nonNegative;
        }

        @Override Prox create(int n) {
            return nonNegative ? Prox.nonNegativeRidge(n) : Prox.ridge(n);
        }

        @Override double[] theta(int n, Random rng) {
            return new double[] {0.1 + 2 * rng.nextDouble()};
        }

        @Override double g(double[] x, double[] theta) {
            double s = 0;
            for (double xi : x) {
                if (nonNegative && xi < 0) {
                    return Double.POSITIVE_INFINITY;
                }
                s += xi * xi;
            }
            return 0.5 * theta[0] * s;
        }

        @Override double optimalityViolation(double[] v, double[] p, double[] theta, double step) {
            double mu = step * theta[0];
            double worst = 0;
            for (int i = 0; i < v.length; i++) {
                double violation;
                if (!nonNegative || p[i] > 0) {
                    violation = Math.abs(v[i] - p[i] - mu * p[i]);
                } else if (p[i] == 0) {
                    violation = Math.max(v[i], 0); // normal cone of x ≥ 0 at 0 is (−∞, 0]
                } else {
                    violation = -p[i];
                }
                worst = Math.max(worst, violation);
            }
            return worst;
        }

        @Override double kinkDistance(double[] v, double[] theta, double step) {
            if (!nonNegative) {
                return Double.POSITIVE_INFINITY;
            }
            double d = Double.POSITIVE_INFINITY;
            for (double x : v) {
                d = Math.min(d, Math.abs(x));
            }
            return d;
        }

        @Override void putOnKink(double[] v, double[] theta, double step, Random rng) {
            if (nonNegative) {
                v[rng.nextInt(v.length)] = 0.0;
            }
        }
    }

    /** Prox.of(box): g is the indicator of the box θ = [lower, upper]. */
    static final class OfBox extends ProxCase {
        OfBox() {
            super("of(box)");
        }

        @Override Prox create(int n) {
            return Prox.of(Projection.box(n));
        }

        @Override double[] theta(int n, Random rng) {
            return new double[] {-0.2 - rng.nextDouble(), 0.2 + rng.nextDouble()};
        }

        @Override double g(double[] x, double[] theta) {
            for (double xi : x) {
                if (xi < theta[0] || xi > theta[1]) {
                    return Double.POSITIVE_INFINITY;
                }
            }
            return 0;
        }

        @Override double optimalityViolation(double[] v, double[] p, double[] theta, double step) {
            double worst = 0;
            for (int i = 0; i < v.length; i++) {
                double r = v[i] - p[i];
                double violation;
                if (p[i] < theta[0] || p[i] > theta[1]) {
                    violation = Math.max(theta[0] - p[i], p[i] - theta[1]);
                } else if (p[i] == theta[0]) {
                    violation = Math.max(r, 0); // normal cone at the lower bound: (−∞, 0]
                } else if (p[i] == theta[1]) {
                    violation = Math.max(-r, 0);
                } else {
                    violation = Math.abs(r);
                }
                worst = Math.max(worst, violation);
            }
            return worst;
        }

        @Override double kinkDistance(double[] v, double[] theta, double step) {
            double d = Double.POSITIVE_INFINITY;
            for (double x : v) {
                d = Math.min(d, Math.min(Math.abs(x - theta[0]), Math.abs(x - theta[1])));
            }
            return d;
        }

        @Override void putOnKink(double[] v, double[] theta, double step, Random rng) {
            v[rng.nextInt(v.length)] = theta[rng.nextInt(2)];
        }
    }

    /** Prox.of(l2Ball): g is the indicator of {‖x‖ ≤ r}. */
    static final class OfL2Ball extends ProxCase {
        OfL2Ball() {
            super("of(l2Ball)");
        }

        @Override Prox create(int n) {
            return Prox.of(Projection.l2Ball(n));
        }

        @Override double[] theta(int n, Random rng) {
            return new double[] {0.5 + 2 * rng.nextDouble()};
        }

        @Override double g(double[] x, double[] theta) {
            // feasible up to the rounding of r·v/‖v‖
            return norm(x) <= theta[0] * (1 + 1e-14) ? 0 : Double.POSITIVE_INFINITY;
        }

        @Override double optimalityViolation(double[] v, double[] p, double[] theta, double step) {
            double pn = norm(p);
            if (pn > theta[0]) {
                return pn - theta[0];
            }
            double[] r = new double[v.length];
            for (int i = 0; i < v.length; i++) {
                r[i] = v[i] - p[i];
            }
            if (pn < theta[0] * (1 - 1e-12)) {
                return norm(r); // interior: the normal cone is {0}
            }
            // on the sphere: r must be a non-negative multiple of p
            double along = 0;
            for (int i = 0; i < v.length; i++) {
                along += r[i] * p[i] / pn;
            }
            double s = 0;
            for (int i = 0; i < v.length; i++) {
                double perp = r[i] - along * p[i] / pn;
                s += perp * perp;
            }
            return Math.max(Math.sqrt(s), Math.max(-along, 0));
        }

        @Override double kinkDistance(double[] v, double[] theta, double step) {
            return Math.abs(norm(v) - theta[0]);
        }

        @Override void putOnKink(double[] v, double[] theta, double step, Random rng) {
            double norm = norm(v);
            if (norm > 0) {
                for (int i = 0; i < v.length; i++) {
                    v[i] *= theta[0] / norm;
                }
            }
        }
    }
}
