package org.rootgrad.solvers.projection;

import static org.rootgrad.solvers.testing.Vectors.gaussian;
import static org.rootgrad.solvers.testing.Vectors.norm;
import static org.rootgrad.solvers.testing.Vectors.norm1;

import java.util.List;
import java.util.Random;

/**
 * A projection under test together with test-side knowledge of its set, written independently of
 * the implementation: random valid parameters, a membership test, random feasible points, the
 * distance of an input to the nearest kink of P, and ways to put an input exactly on a kink.
 */
abstract class ProjectionCase {
    final String name;

    ProjectionCase(String name) {
        this.name = name;
    }

    abstract Projection create(int n);

    /** Random valid parameters (bounded away from degenerate values). */
    abstract double[] theta(int n, Random rng);

    /** How far x is from the set (0 when feasible), in the set's natural units. */
    abstract double infeasibility(double[] x, double[] theta);

    /** A random point of the set. */
    abstract double[] feasiblePoint(int n, double[] theta, Random rng);

    /** Distance from v to the nearest point where P is not differentiable (in v or θ). */
    abstract double kinkDistance(double[] v, double[] theta);

    /** Moves some coordinates of v (in place) exactly onto kinks; may do nothing. */
    abstract void putOnKink(double[] v, double[] theta, Random rng);

    boolean convex() {
        return true;
    }

    /** A random input of mixed scale, so that both the inside and outside of a set occur. */
    double[] input(int n, Random rng) {
        double[] scales = {0.2, 1.0, 3.0};
        double scale = scales[rng.nextInt(scales.length)];
        double[] v = gaussian(rng, n);
        for (int i = 0; i < n; i++) {
            v[i] *= scale;
        }
        return v;
    }

    /** A random input at least {@code margin} away from every kink. */
    double[] smoothInput(int n, double[] theta, Random rng, double margin) {
        for (int attempt = 0; attempt < 10_000; attempt++) {
            double[] v = input(n, rng);
            if (kinkDistance(v, theta) > margin) {
                return v;
            }
        }
        throw new AssertionError(name + ": could not sample a point away from kinks");
    }

    @Override
    public String toString() {
        return name;
    }

    static List<ProjectionCase> all() {
        return List.of(new NonNegative(), new Box(), new BoxPerCoordinate(), new Hypercube(),
                new Simplex(), new L1Ball(), new L2Ball(), new L2Sphere(), new LInfBall(),
                new Hyperplane(), new Halfspace());
    }

    // ---- the cases -------------------------------------------------------------------------------

    static final class NonNegative extends ProjectionCase {
        NonNegative() {
            super("nonNegative");
        }

        @Override Projection create(int n) {
            return Projection.nonNegative(n);
        }

        @Override double[] theta(int n, Random rng) {
            return new double[0];
        }

        @Override double infeasibility(double[] x, double[] theta) {
            double worst = 0;
            for (double v : x) {
                worst = Math.max(worst, -v);
            }
            return worst;
        }

        @Override double[] feasiblePoint(int n, double[] theta, Random rng) {
            double[] y = gaussian(rng, n);
            for (int i = 0; i < n; i++) {
                y[i] = rng.nextInt(4) == 0 ? 0.0 : Math.abs(y[i]);
            }
            return y;
        }

        @Override double kinkDistance(double[] v, double[] theta) {
            double d = Double.POSITIVE_INFINITY;
            for (double x : v) {
                d = Math.min(d, Math.abs(x));
            }
            return d;
        }

        @Override void putOnKink(double[] v, double[] theta, Random rng) {
            v[rng.nextInt(v.length)] = 0.0;
        }
    }

    /** Shared by the three boxes: lower(θ, i) and upper(θ, i). */
    abstract static class AbstractBox extends ProjectionCase {
        AbstractBox(String name) {
            super(name);
        }

        abstract double lower(double[] theta, int i);

        abstract double upper(double[] theta, int i);

        @Override double infeasibility(double[] x, double[] theta) {
            double worst = 0;
            for (int i = 0; i < x.length; i++) {
                worst = Math.max(worst, Math.max(lower(theta, i) - x[i], x[i] - upper(theta, i)));
            }
            return worst;
        }

        @Override double[] feasiblePoint(int n, double[] theta, Random rng) {
            double[] y = new double[n];
            for (int i = 0; i < n; i++) {
                double lo = lower(theta, i);
                double hi = upper(theta, i);
                int pick = rng.nextInt(5);
                y[i] = pick == 0 ? lo : pick == 1 ? hi : lo + rng.nextDouble() * (hi - lo);
            }
            return y;
        }

        @Override double kinkDistance(double[] v, double[] theta) {
            double d = Double.POSITIVE_INFINITY;
            for (int i = 0; i < v.length; i++) {
                d = Math.min(d, Math.min(Math.abs(v[i] - lower(theta, i)), Math.abs(v[i] - upper(theta, i))));
            }
            return d;
        }

        @Override void putOnKink(double[] v, double[] theta, Random rng) {
            int i = rng.nextInt(v.length);
            v[i] = rng.nextBoolean() ? lower(theta, i) : upper(theta, i);
        }
    }

    static final class Box extends AbstractBox {
        Box() {
            super("box");
        }

        @Override Projection create(int n) {
            return Projection.box(n);
        }

        @Override double[] theta(int n, Random rng) {
            return new double[] {-0.3 - rng.nextDouble(), 0.3 + rng.nextDouble()};
        }

        @Override double lower(double[] theta, int i) {
            return theta[0];
        }

        @Override double upper(double[] theta, int i) {
            return theta[1];
        }
    }

    static final class BoxPerCoordinate extends AbstractBox {
        BoxPerCoordinate() {
            super("boxPerCoordinate");
        }

        @Override Projection create(int n) {
            return Projection.boxPerCoordinate(n);
        }

        @Override double[] theta(int n, Random rng) {
            double[] t = new double[2 * n];
            for (int i = 0; i < n; i++) {
                t[i] = rng.nextGaussian() - 0.2 - rng.nextDouble();
                t[n + i] = t[i] + 0.2 + rng.nextDouble();
            }
            return t;
        }

        @Override double lower(double[] theta, int i) {
            return theta[i];
        }

        @Override double upper(double[] theta, int i) {
            return theta[theta.length / 2 + i];
        }
    }

    static final class Hypercube extends AbstractBox {
        Hypercube() {
            super("hypercube");
        }

        @Override Projection create(int n) {
            return Projection.hypercube(n);
        }

        @Override double[] theta(int n, Random rng) {
            return new double[0];
        }

        @Override double lower(double[] theta, int i) {
            return 0.0;
        }

        @Override double upper(double[] theta, int i) {
            return 1.0;
        }
    }

    static final class Simplex extends ProjectionCase {
        Simplex() {
            super("simplex");
        }

        @Override Projection create(int n) {
            return Projection.simplex(n);
        }

        @Override double[] theta(int n, Random rng) {
            return new double[] {0.5 + 2 * rng.nextDouble()};
        }

        @Override double infeasibility(double[] x, double[] theta) {
            double worst = 0;
            double sum = 0;
            for (double v : x) {
                worst = Math.max(worst, -v);
                sum += v;
            }
            return Math.max(worst, Math.abs(sum - theta[0]));
        }

        @Override double[] feasiblePoint(int n, double[] theta, Random rng) {
            double[] y = new double[n];
            double sum = 0;
            for (int i = 0; i < n; i++) {
                y[i] = rng.nextInt(3) == 0 ? 0.0 : -Math.log(1 - rng.nextDouble());
                sum += y[i];
            }
            if (sum == 0) {
                y[0] = 1;
                sum = 1;
            }
            for (int i = 0; i < n; i++) {
                y[i] *= theta[0] / sum;
            }
            return y;
        }

        @Override double kinkDistance(double[] v, double[] theta) {
            double tau = SimplexReference.threshold(v, theta[0]);
            double d = Double.POSITIVE_INFINITY;
            for (double x : v) {
                d = Math.min(d, Math.abs(x - tau));
            }
            return d;
        }

        @Override void putOnKink(double[] v, double[] theta, Random rng) {
            // a coordinate exactly at the threshold (found independently), or a tie
            if (rng.nextBoolean()) {
                v[rng.nextInt(v.length)] = SimplexReference.threshold(v, theta[0]);
            } else {
                v[rng.nextInt(v.length)] = v[rng.nextInt(v.length)];
            }
        }
    }

    static final class L1Ball extends ProjectionCase {
        L1Ball() {
            super("l1Ball");
        }

        @Override Projection create(int n) {
            return Projection.l1Ball(n);
        }

        @Override double[] theta(int n, Random rng) {
            return new double[] {0.5 + 2 * rng.nextDouble()};
        }

        @Override double infeasibility(double[] x, double[] theta) {
            return Math.max(norm1(x) - theta[0], 0);
        }

        @Override double[] feasiblePoint(int n, double[] theta, Random rng) {
            double[] y = gaussian(rng, n);
            double scale = theta[0] / norm1(y) * (rng.nextInt(3) == 0 ? 1.0 : rng.nextDouble());
            for (int i = 0; i < n; i++) {
                y[i] *= scale;
            }
            return y;
        }

        @Override double kinkDistance(double[] v, double[] theta) {
            double r = theta[0];
            double norm1 = norm1(v);
            if (norm1 <= r) {
                return (r - norm1) / v.length;
            }
            double[] abs = new double[v.length];
            for (int i = 0; i < v.length; i++) {
                abs[i] = Math.abs(v[i]);
            }
            double tau = SimplexReference.threshold(abs, r);
            double d = Math.min((norm1 - r) / v.length, tau);
            for (double a : abs) {
                d = Math.min(d, Math.abs(a - tau));
            }
            return d;
        }

        @Override void putOnKink(double[] v, double[] theta, Random rng) {
            if (rng.nextBoolean()) {
                v[rng.nextInt(v.length)] = 0.0;
            }
            double norm1 = norm1(v);
            if (norm1 > 0 && rng.nextBoolean()) {
                for (int i = 0; i < v.length; i++) {
                    v[i] *= theta[0] / norm1;
                }
            }
        }
    }

    static final class L2Ball extends ProjectionCase {
        L2Ball() {
            super("l2Ball");
        }

        @Override Projection create(int n) {
            return Projection.l2Ball(n);
        }

        @Override double[] theta(int n, Random rng) {
            return new double[] {0.5 + 2 * rng.nextDouble()};
        }

        @Override double infeasibility(double[] x, double[] theta) {
            return Math.max(norm(x) - theta[0], 0);
        }

        @Override double[] feasiblePoint(int n, double[] theta, Random rng) {
            double[] y = gaussian(rng, n);
            double scale = theta[0] / norm(y) * (rng.nextInt(3) == 0 ? 1.0 : rng.nextDouble());
            for (int i = 0; i < n; i++) {
                y[i] *= scale;
            }
            return y;
        }

        @Override double kinkDistance(double[] v, double[] theta) {
            return Math.abs(norm(v) - theta[0]);
        }

        @Override void putOnKink(double[] v, double[] theta, Random rng) {
            double norm = norm(v);
            if (norm > 0) {
                for (int i = 0; i < v.length; i++) {
                    v[i] *= theta[0] / norm;
                }
            }
        }
    }

    static final class L2Sphere extends ProjectionCase {
        L2Sphere() {
            super("l2Sphere");
        }

        @Override Projection create(int n) {
            return Projection.l2Sphere(n);
        }

        @Override double[] theta(int n, Random rng) {
            return new double[] {0.5 + 2 * rng.nextDouble()};
        }

        @Override boolean convex() {
            return false;
        }

        @Override double infeasibility(double[] x, double[] theta) {
            return Math.abs(norm(x) - theta[0]);
        }

        @Override double[] feasiblePoint(int n, double[] theta, Random rng) {
            double[] y = gaussian(rng, n);
            double scale = theta[0] / norm(y);
            for (int i = 0; i < n; i++) {
                y[i] *= scale;
            }
            return y;
        }

        @Override double kinkDistance(double[] v, double[] theta) {
            return norm(v); // the only singular point is v = 0
        }

        @Override void putOnKink(double[] v, double[] theta, Random rng) {
            // P is smooth away from 0; put v on the sphere itself instead (a fixed point)
            double norm = norm(v);
            if (norm > 0) {
                for (int i = 0; i < v.length; i++) {
                    v[i] *= theta[0] / norm;
                }
            }
        }
    }

    static final class LInfBall extends ProjectionCase {
        LInfBall() {
            super("lInfBall");
        }

        @Override Projection create(int n) {
            return Projection.lInfBall(n);
        }

        @Override double[] theta(int n, Random rng) {
            return new double[] {0.3 + rng.nextDouble()};
        }

        @Override double infeasibility(double[] x, double[] theta) {
            double worst = 0;
            for (double v : x) {
                worst = Math.max(worst, Math.abs(v) - theta[0]);
            }
            return worst;
        }

        @Override double[] feasiblePoint(int n, double[] theta, Random rng) {
            double[] y = new double[n];
            for (int i = 0; i < n; i++) {
                int pick = rng.nextInt(5);
                y[i] = pick == 0 ? theta[0] : pick == 1 ? -theta[0] : (2 * rng.nextDouble() - 1) * theta[0];
            }
            return y;
        }

        @Override double kinkDistance(double[] v, double[] theta) {
            double d = Double.POSITIVE_INFINITY;
            for (double x : v) {
                d = Math.min(d, Math.abs(Math.abs(x) - theta[0]));
            }
            return d;
        }

        @Override void putOnKink(double[] v, double[] theta, Random rng) {
            v[rng.nextInt(v.length)] = rng.nextBoolean() ? theta[0] : -theta[0];
        }
    }

    /** θ = [a, b]: shared by the hyperplane and the halfspace. */
    abstract static class AbstractHyperplane extends ProjectionCase {
        AbstractHyperplane(String name) {
            super(name);
        }

        @Override double[] theta(int n, Random rng) {
            double[] t = gaussian(rng, n + 1);
            t[0] += Math.copySign(0.5, t[0]); // keep a away from 0
            return t;
        }

        static double residual(double[] x, double[] theta) {
            int n = x.length;
            double ax = 0;
            double aa = 0;
            for (int i = 0; i < n; i++) {
                ax += theta[i] * x[i];
                aa += theta[i] * theta[i];
            }
            return (ax - theta[n]) / Math.sqrt(aa);
        }

        /** Shifts coordinate j (the largest |aⱼ|) of x so that aᵀx − b equals target·‖a‖. */
        static void shiftTo(double[] x, double[] theta, double target) {
            int n = x.length;
            int j = 0;
            for (int i = 1; i < n; i++) {
                if (Math.abs(theta[i]) > Math.abs(theta[j])) {
                    j = i;
                }
            }
            double aa = 0;
            for (int i = 0; i < n; i++) {
                aa += theta[i] * theta[i];
            }
            double excess = residual(x, theta) - target;
            x[j] -= excess * Math.sqrt(aa) / theta[j];
        }
    }

    static final class Hyperplane extends AbstractHyperplane {
        Hyperplane() {
            super("hyperplane");
        }

        @Override Projection create(int n) {
            return Projection.hyperplane(n);
        }

        @Override double infeasibility(double[] x, double[] theta) {
            return Math.abs(residual(x, theta));
        }

        @Override double[] feasiblePoint(int n, double[] theta, Random rng) {
            double[] y = gaussian(rng, n);
            shiftTo(y, theta, 0.0);
            return y;
        }

        @Override double kinkDistance(double[] v, double[] theta) {
            return Double.POSITIVE_INFINITY;
        }

        @Override void putOnKink(double[] v, double[] theta, Random rng) {
            shiftTo(v, theta, 0.0); // a point already on the plane
        }
    }

    static final class Halfspace extends AbstractHyperplane {
        Halfspace() {
            super("halfspace");
        }

        @Override Projection create(int n) {
            return Projection.halfspace(n);
        }

        @Override double infeasibility(double[] x, double[] theta) {
            return Math.max(residual(x, theta), 0);
        }

        @Override double[] feasiblePoint(int n, double[] theta, Random rng) {
            double[] y = gaussian(rng, n);
            if (residual(y, theta) > 0) {
                shiftTo(y, theta, rng.nextInt(3) == 0 ? 0.0 : -rng.nextDouble());
            }
            return y;
        }

        @Override double kinkDistance(double[] v, double[] theta) {
            return Math.abs(residual(v, theta));
        }

        @Override void putOnKink(double[] v, double[] theta, Random rng) {
            shiftTo(v, theta, 0.0);
        }
    }
}
