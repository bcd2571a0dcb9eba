package org.rootgrad.solvers.constrained;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.rootgrad.error.IndefiniteOperatorException;
import org.rootgrad.error.InvalidOptionException;
import org.rootgrad.error.NonFiniteException;
import org.rootgrad.error.Status;
import org.rootgrad.implicit.ImplicitDiff;
import org.rootgrad.solvers.SolverOptions;
import org.rootgrad.testing.DenseReference;

/**
 * Box QP by coordinate descent: the solution satisfies the KKT sign conditions and equals the
 * solution of the free-set linear system (solved here by Gauss–Jordan); ∂x*(θ)/∂c = −(Q_FF)⁻¹ on
 * the free set and 0 on the bounds; derivatives in Q, l and u against central differences; the
 * reduced and full adjoint systems agree to 1e-10.
 */
class BoxCDQPTest {
    static final int N = 9;
    /** Margin of strict complementarity the test problems are checked to have. */
    static final double MARGIN = 1e-3;

    record Problem(double[] q, double[] c, double[] lower, double[] upper, double[] theta) {}

    static Problem problem(long seed) {
        Random rng = new Random(seed);
        double[] q = Reference.spd(rng, N, 0.3);
        double[] c = Reference.gaussian(rng, N);
        double[] lower = new double[N];
        double[] upper = new double[N];
        for (int i = 0; i < N; i++) {
            lower[i] = i % 4 == 3 ? Double.NEGATIVE_INFINITY : -0.4;
            upper[i] = i % 5 == 4 ? Double.POSITIVE_INFINITY : 0.4;
        }
        return new Problem(q, c, lower, upper, BoxCDQP.parameters(q, c, lower, upper));
    }

    static BoxCDQP solver(DerivativeMethod method, boolean reduce) {
        return BoxCDQP.builder(N).tolerance(1e-14).maxIterations(20_000).derivativeMethod(method)
                .activeSetReduction(reduce)
                .options(SolverOptions.defaults().withTolerance(1e-14).withMaxIterations(20_000)
                        .withImplicit(ImplicitDiff.builder().tolerance(1e-13).build()))
                .build();
    }

    /** −1 lower, +1 upper, 0 free, asserting the KKT conditions with a strict margin. */
    static int[] activeSet(Problem pr, double[] x) {
        double[] g = Reference.multiply(pr.q(), N, N, x);
        int[] side = new int[N];
        for (int i = 0; i < N; i++) {
            g[i] += pr.c()[i];
            if (x[i] == pr.lower()[i]) {
                side[i] = -1;
                assertTrue(g[i] > MARGIN, "lower bound multiplier of " + i + " = " + g[i]);
            } else if (x[i] == pr.upper()[i]) {
                side[i] = 1;
                assertTrue(-g[i] > MARGIN, "upper bound multiplier of " + i + " = " + -g[i]);
            } else {
                assertTrue(x[i] > pr.lower()[i] + MARGIN && x[i] < pr.upper()[i] - MARGIN, "coordinate " + i);
                assertEquals(0, g[i], 1e-12, "stationarity of free coordinate " + i);
            }
        }
        return side;
    }

    @Test
    void solutionSolvesTheFreeSetSystem() {
        Problem pr = problem(11);
        BoxCDQP qp = solver(DerivativeMethod.KRYLOV, true);
        qp.run(new double[N], pr.theta());
        assertEquals(Status.CONVERGED, qp.result().status(), qp.result().toString());
        double[] x = qp.result().solution();
        int[] side = activeSet(pr, x);
        int free = 0;
        int bound = 0;
        for (int s : side) {
            if (s == 0) {
                free++;
            } else {
                bound++;
            }
        }
        assertTrue(free >= 2 && bound >= 2, "the test problem should mix free and bound coordinates: " + free);
        // independent: Q_FF x_F = −c_F − Q_FA b_A
        int[] f = freeIndices(side);
        double[] qff = new double[f.length * f.length];
        double[] rhs = new double[f.length];
        for (int a = 0; a < f.length; a++) {
            rhs[a] = -pr.c()[f[a]];
            for (int j = 0; j < N; j++) {
                if (side[j] != 0) {
                    rhs[a] -= pr.q()[f[a] * N + j] * x[j];
                }
            }
            for (int b = 0; b < f.length; b++) {
                qff[a * f.length + b] = pr.q()[f[a] * N + f[b]];
            }
        }
        double[] xf = Reference.multiply(DenseReference.inverse(qff, f.length), f.length, f.length, rhs);
        for (int a = 0; a < f.length; a++) {
            assertEquals(xf[a], x[f[a]], 1e-12);
        }
    }

    static int[] freeIndices(int[] side) {
        return java.util.stream.IntStream.range(0, side.length).filter(i -> side[i] == 0).toArray();
    }

    @Test
    void derivativeInCIsMinusTheFreeBlockInverse() {
        Problem pr = problem(11);
        for (DerivativeMethod method : DerivativeMethod.values()) {
            for (boolean reduce : new boolean[] {true, false}) {
                BoxCDQP qp = solver(method, reduce);
                qp.run(new double[N], pr.theta());
                int[] side = activeSet(pr, qp.result().solution());
                int[] f = freeIndices(side);
                double[] qff = new double[f.length * f.length];
                for (int a = 0; a < f.length; a++) {
                    for (int b = 0; b < f.length; b++) {
                        qff[a * f.length + b] = pr.q()[f[a] * N + f[b]];
                    }
                }
                double[] inv = DenseReference.inverse(qff, f.length);
                double[] thetaDot = new double[qp.parameterDimension()];
                double[] xDot = new double[N];
                for (int j = 0; j < N; j++) {
                    java.util.Arrays.fill(thetaDot, 0);
                    thetaDot[qp.offsetC() + j] = 1;
                    qp.jvp(thetaDot, xDot);
                    double[] want = new double[N];
                    int bj = java.util.Arrays.binarySearch(f, j);
                    if (bj >= 0) {
                        for (int a = 0; a < f.length; a++) {
                            want[f[a]] = -inv[a * f.length + bj];
                        }
                    }
                    double scale = Reference.maxAbs(inv);
                    for (int i = 0; i < N; i++) {
                        assertEquals(want[i], xDot[i], 1e-9 * scale,
                                method + " reduce=" + reduce + " ∂x_" + i + "/∂c_" + j);
                    }
                }
                assertEquals(Status.CONVERGED, qp.derivative().status(), qp.derivative().toString());
            }
        }
    }

    /**
     * Directional derivatives along Q (symmetric), c, l and u against central differences of
     * solves to a fixed-point residual of 1e-14. x*(θ) is affine in (c, l, u) on the active-set
     * piece and smooth in Q, so with h = 1e-5 the truncation error is O(h²) ≈ 1e-10 and the
     * rounding error ≈ 1e-14/1e-5 = 1e-9: tolerance 1e-7 relative.
     */
    @Test
    void derivativesMatchFiniteDifferences() {
        Problem pr = problem(11);
        Random rng = new Random(12);
        BoxCDQP qp = solver(DerivativeMethod.KRYLOV, true);
        double[] d = new double[qp.parameterDimension()];
        double[] e = Reference.gaussian(rng, N * N);
        for (int i = 0; i < N; i++) {
            for (int j = 0; j < N; j++) {
                d[i * N + j] = 0.5 * (e[i * N + j] + e[j * N + i]);
            }
            d[qp.offsetC() + i] = rng.nextGaussian();
            d[qp.offsetLower() + i] = Double.isInfinite(pr.lower()[i]) ? 0 : rng.nextGaussian();
            d[qp.offsetUpper() + i] = Double.isInfinite(pr.upper()[i]) ? 0 : rng.nextGaussian();
        }
        double h = 1e-5;
        qp.run(new double[N], EqualityConstrainedQPTest.shifted(pr.theta(), d, h));
        double[] plus = qp.result().solution().clone();
        qp.run(new double[N], EqualityConstrainedQPTest.shifted(pr.theta(), d, -h));
        double[] minus = qp.result().solution().clone();
        double[] fd = new double[N];
        for (int i = 0; i < N; i++) {
            fd[i] = (plus[i] - minus[i]) / (2 * h);
        }
        qp.run(new double[N], pr.theta());
        double[] xDot = new double[N];
        qp.jvp(d, xDot);
        double err = Reference.relativeError(xDot, fd);
        assertTrue(err < 1e-7, "JVP vs FD: " + err);
        double[] xBar = Reference.gaussian(rng, N);
        double[] thetaBar = new double[qp.parameterDimension()];
        qp.vjp(xBar, thetaBar);
        double lhs = DenseReference.dot(xBar, xDot);
        assertEquals(lhs, DenseReference.dot(thetaBar, d), 1e-9 * Math.abs(lhs));
    }

    /** The reduced and the full adjoint systems give the same VJP to 1e-10 (relative). */
    @Test
    void reducedAndFullAdjointsAgree() {
        Problem pr = problem(13);
        Random rng = new Random(14);
        double[] xBar = Reference.gaussian(rng, N);
        double[][] results = new double[4][];
        int k = 0;
        for (DerivativeMethod method : DerivativeMethod.values()) {
            for (boolean reduce : new boolean[] {true, false}) {
                BoxCDQP qp = solver(method, reduce);
                qp.run(new double[N], pr.theta());
                results[k] = new double[qp.parameterDimension()];
                qp.vjp(xBar, results[k]);
                k++;
            }
        }
        for (int i = 1; i < 4; i++) {
            double err = Reference.relativeError(results[i], results[0]);
            assertTrue(err < 1e-10, "variant " + i + ": " + err);
        }
    }

    @Test
    void badDataGetsTypedErrors() {
        Problem pr = problem(15);
        BoxCDQP qp = BoxCDQP.builder(N).build();
        double[] t = pr.theta().clone();
        t[qp.offsetLower()] = 1;
        t[qp.offsetUpper()] = 0;
        InvalidOptionException bounds = assertThrows(InvalidOptionException.class, () -> qp.run(new double[N], t));
        assertTrue(bounds.getMessage().contains("coordinate 0"), bounds.getMessage());
        double[] t2 = pr.theta().clone();
        t2[qp.offsetUpper() + 2] = Double.NaN;
        assertThrows(NonFiniteException.class, () -> qp.run(new double[N], t2));
        double[] t3 = pr.theta().clone();
        t3[0] = -1;
        assertThrows(IndefiniteOperatorException.class, () -> qp.run(new double[N], t3));
    }
}
