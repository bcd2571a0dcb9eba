package org.rootgrad.solvers.constrained;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.rootgrad.autodiff.Objective;
import org.rootgrad.autodiff.Tape;
import org.rootgrad.autodiff.Tensor;
import org.rootgrad.error.UnsupportedDerivativeException;
import org.rootgrad.implicit.ImplicitDiff;
import org.rootgrad.implicit.RootFunction;
import org.rootgrad.implicit.linear.LinearSolver;
import org.rootgrad.implicit.linear.LinearSolverOptions;
import org.rootgrad.implicit.linear.Structure;
import org.rootgrad.solvers.projection.Projection;
import org.rootgrad.testing.DenseReference;

/**
 * Active-set reduction for min ½xᵀHx − θᵀx over a box, a simplex and a box ∩ hyperplane: the
 * reduced derivative equals the one through the full projected fixed point
 * F = P(x − η∇f) − x (written here from the projection's JVP/VJP and solved by GMRES) to 1e-10,
 * and for the box equals the closed form ẋ_F = H_FF⁻¹θ̇_F.
 */
class ActiveSetReductionTest {
    static final int N = 10;
    static final double STEP = 0.2;

    static double[] h(Random rng) {
        return Reference.spd(rng, N, 0.5);
    }

    static Objective quadratic(double[] hess) {
        Tape tape = new Tape();
        Tensor x = tape.input("x", N);
        Tensor theta = tape.input("theta", N);
        Tensor f = tape.constant(hess, N, N).matvec(x).dot(x).scale(0.5).sub(theta.dot(x));
        return tape.build(f).objective(0, 1);
    }

    /** Projected gradient to a fixed-point residual of 1e-15. */
    static double[] solve(Objective f, Projection p, double[] theta, double[] setTheta) {
        double[] x = new double[N];
        double[] g = new double[N];
        double[] v = new double[N];
        for (int it = 0; it < 200_000; it++) {
            f.gradient(x, theta, g);
            for (int i = 0; i < N; i++) {
                v[i] = x[i] - STEP * g[i];
            }
            p.project(v, setTheta, v);
            double change = 0;
            for (int i = 0; i < N; i++) {
                change = Math.max(change, Math.abs(v[i] - x[i]));
            }
            System.arraycopy(v, 0, x, 0, N);
            if (change < 1e-15) {
                break;
            }
        }
        return x;
    }

    /** F(x, θ) = P(x − η∇f(x, θ)) − x, the full n-dimensional condition (not symmetric). */
    static RootFunction fullFixedPoint(Objective f, Projection p, double[] setTheta) {
        return new RootFunction() {
            final double[] g = new double[N];
            final double[] t = new double[N];
            final double[] t2 = new double[N];

            public int dimension() {
                return N;
            }

            public int parameterDimension() {
                return N;
            }

            public void evaluate(double[] x, double[] theta, double[] out) {
                f.gradient(x, theta, g);
                for (int i = 0; i < N; i++) {
                    t[i] = x[i] - STEP * g[i];
                }
                p.project(t, setTheta, out);
                for (int i = 0; i < N; i++) {
                    out[i] -= x[i];
                }
            }

            public void linearize(double[] x, double[] theta) {
                f.gradient(x, theta, g);
                for (int i = 0; i < N; i++) {
                    t[i] = x[i] - STEP * g[i];
                }
                p.linearize(t, setTheta);
                f.linearize(x, theta);
            }

            public void jvpX(double[] v, double[] out) {
                f.hessianVector(v, t);
                for (int i = 0; i < N; i++) {
                    t[i] = v[i] - STEP * t[i];
                }
                p.jvpV(t, out);
                for (int i = 0; i < N; i++) {
                    out[i] -= v[i];
                }
            }

            public void vjpX(double[] w, double[] out) {
                p.vjpV(w, t);
                f.hessianVector(t, t2);
                for (int i = 0; i < N; i++) {
                    out[i] = t[i] - STEP * t2[i] - w[i];
                }
            }

            public void jvpTheta(double[] u, double[] out) {
                f.mixedVector(u, t);
                for (int i = 0; i < N; i++) {
                    t[i] *= -STEP;
                }
                p.jvpV(t, out);
            }

            public void vjpTheta(double[] w, double[] out) {
                p.vjpV(w, t);
                f.mixedTransposeVector(t, out);
                for (int i = 0; i < N; i++) {
                    out[i] *= -STEP;
                }
            }

            public Structure structureX() {
                return Structure.GENERAL;
            }

            public RootFunction fork() {
                throw new UnsupportedOperationException("test function");
            }
        };
    }

    static void compare(Projection p, double[] setTheta, long seed, int minBound) {
        Random rng = new Random(seed);
        double[] hess = h(rng);
        Objective f = quadratic(hess);
        double[] theta = Reference.gaussian(rng, N);
        double[] x = solve(f, p, theta, setTheta);
        ActiveSetReduction reduction = new ActiveSetReduction(f, p,
                ImplicitDiff.builder().tolerance(1e-13).build());
        reduction.linearize(x, theta, setTheta, 1.0);
        assertTrue(N - reduction.freeCount() >= minBound, p + ": bound coordinates " + (N - reduction.freeCount()));
        double[] xBar = Reference.gaussian(rng, N);
        double[] reduced = new double[N];
        reduction.vjp(xBar, reduced);
        LinearSolver gmres = LinearSolver.gmres(LinearSolverOptions.builder().relativeTolerance(1e-14).build());
        double[] full = ImplicitDiff.rootVjp(fullFixedPoint(f, p, setTheta), x, theta, xBar, gmres);
        double err = Reference.relativeError(reduced, full);
        assertTrue(err < 1e-10, p + ": reduced vs full VJP " + err);
        double[] thetaDot = Reference.gaussian(rng, N);
        double[] xDot = new double[N];
        reduction.jvp(thetaDot, xDot);
        double[] fullJvp = ImplicitDiff.rootJvp(fullFixedPoint(f, p, setTheta), x, theta, thetaDot, gmres);
        err = Reference.relativeError(xDot, fullJvp);
        assertTrue(err < 1e-10, p + ": reduced vs full JVP " + err);
    }

    @Test
    void boxReductionMatchesTheFullFixedPointAndTheClosedForm() {
        Projection box = Projection.box(N);
        double[] bounds = {-0.3, 0.3};
        compare(box, bounds, 61, 2);
        // closed form: ẋ_F = H_FF⁻¹ θ̇_F (∇²ₓθf = −I), 0 on the bounds
        Random rng = new Random(61);
        double[] hess = h(rng);
        Objective f = quadratic(hess);
        double[] theta = Reference.gaussian(rng, N);
        double[] x = solve(f, box, theta, bounds);
        ActiveSetReduction reduction = new ActiveSetReduction(f, box, ImplicitDiff.builder().tolerance(1e-13).build());
        reduction.linearize(x, theta, bounds, 1.0);
        int[] free = java.util.stream.IntStream.range(0, N).filter(i -> Math.abs(x[i]) < 0.3).toArray();
        double[] hff = new double[free.length * free.length];
        for (int a = 0; a < free.length; a++) {
            for (int b = 0; b < free.length; b++) {
                hff[a * free.length + b] = hess[free[a] * N + free[b]];
            }
        }
        double[] inv = DenseReference.inverse(hff, free.length);
        double[] thetaDot = Reference.gaussian(rng, N);
        double[] xDot = new double[N];
        reduction.jvp(thetaDot, xDot);
        double[] want = new double[N];
        for (int a = 0; a < free.length; a++) {
            for (int b = 0; b < free.length; b++) {
                want[free[a]] += inv[a * free.length + b] * thetaDot[free[b]];
            }
        }
        assertTrue(Reference.relativeError(xDot, want) < 1e-10);
        assertEquals(free.length, reduction.freeCount());
    }

    @Test
    void simplexReductionMatchesTheFullFixedPoint() {
        compare(Projection.simplex(N), new double[] {1}, 62, 2);
    }

    @Test
    void boxHyperplaneReductionMatchesTheFullFixedPoint() {
        Random rng = new Random(63);
        double[] lower = new double[N];
        double[] upper = new double[N];
        double[] a = new double[N];
        for (int i = 0; i < N; i++) {
            lower[i] = -0.3;
            upper[i] = 0.3;
            a[i] = 0.5 + rng.nextDouble();
        }
        compare(BoxHyperplaneProjection.create(N), BoxHyperplaneProjection.parameters(lower, upper, a, 0.4), 64, 2);
    }

    @Test
    void curvedSetsAreRefused() {
        Random rng = new Random(65);
        Objective f = quadratic(h(rng));
        ActiveSetReduction reduction = new ActiveSetReduction(f, Projection.l2Ball(N), ImplicitDiff.defaults());
        double[] x = new double[N];
        x[0] = 1;
        UnsupportedDerivativeException ex = assertThrows(UnsupportedDerivativeException.class,
                () -> reduction.linearize(x, Reference.gaussian(rng, N), new double[] {1}, 1.0));
        assertTrue(ex.getMessage().contains("not a projector") || ex.getMessage().contains("0/1"), ex.getMessage());
    }
}
