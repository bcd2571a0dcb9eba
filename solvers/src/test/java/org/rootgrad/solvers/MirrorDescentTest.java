package org.rootgrad.solvers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.rootgrad.autodiff.Objective;
import org.rootgrad.error.InvalidOptionException;
import org.rootgrad.error.Status;
import org.rootgrad.solvers.testing.Vectors;
import org.rootgrad.testing.DenseReference;

/**
 * Entropic mirror descent on f(x; θ) = ½xᵀQx − θᵀx over the simplex, with Q = AᵀA/rows + 0.1·I,
 * against a reference written here (projected gradient with a sort-based simplex projection),
 * the KKT conditions, and the closed-form derivative on the support S:
 * [[Q_SS, −1], [1ᵀ, 0]]·[ẋ_S; ν̇] = [θ̇_S; 0], ẋ = 0 off S.
 */
class MirrorDescentTest {
    static final int ROWS = 50;
    static final int N = 8;

    final double[] a;
    final double[] q;
    double[] theta;

    MirrorDescentTest() {
        Random rng = new Random(41);
        a = Vectors.gaussian(rng, ROWS * N);
        q = new double[N * N];
        for (int r = 0; r < ROWS; r++) {
            for (int i = 0; i < N; i++) {
                for (int j = 0; j < N; j++) {
                    q[i * N + j] += a[r * N + i] * a[r * N + j] / ROWS;
                }
            }
        }
        for (int i = 0; i < N; i++) {
            q[i * N + i] += 0.1;
        }
        theta = Vectors.scaled(0.6, Vectors.gaussian(rng, N));
    }

    Objective objective() {
        return SolverCase.quadratic(a, ROWS, N);
    }

    double[] gradient(double[] x) {
        double[] g = new double[N];
        for (int i = 0; i < N; i++) {
            for (int j = 0; j < N; j++) {
                g[i] += q[i * N + j] * x[j];
            }
            g[i] -= theta[i];
        }
        return g;
    }

    static double[] projectSimplex(double[] v) {
        double[] u = v.clone();
        Arrays.sort(u);
        double sum = 0;
        double tau = 0;
        for (int k = u.length - 1; k >= 0; k--) {
            sum += u[k];
            double t = (sum - 1) / (u.length - k);
            if (k == 0 || u[k - 1] <= t) {
                tau = t;
                break;
            }
        }
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = Math.max(v[i] - tau, 0);
        }
        return out;
    }

    double[] reference() {
        double[] x = new double[N];
        Arrays.fill(x, 1.0 / N);
        double step = 0.2;
        for (int it = 0; it < 200_000; it++) {
            double[] g = gradient(x);
            double[] v = new double[N];
            for (int i = 0; i < N; i++) {
                v[i] = x[i] - step * g[i];
            }
            double[] next = projectSimplex(v);
            if (Vectors.maxAbsDifference(next, x) < 1e-16) {
                return next;
            }
            x = next;
        }
        return x;
    }

    @Test
    void solutionMeetsTheKktConditionsAndDerivativesMatchTheClosedForm() {
        double[] reference = reference();
        int[] support = new int[N];
        int s = 0;
        for (int i = 0; i < N; i++) {
            if (reference[i] > 0) {
                support[s++] = i;
            }
        }
        assertTrue(s > 1 && s < N, "a proper face: support " + s);
        for (boolean lineSearch : new boolean[] {true, false}) {
            MirrorDescent.Builder b = MirrorDescent.builder(objective()).tolerance(1e-12).maxIterations(200_000);
            if (!lineSearch) {
                b.fixedStep(0.5);
            }
            MirrorDescent md = b.build();
            SolverResult r = md.run(new double[N], theta);
            assertEquals(Status.CONVERGED, r.status(), r.toString());
            double[] x = r.solution();
            double sum = 0;
            for (double v : x) {
                assertTrue(v >= 0);
                sum += v;
            }
            assertEquals(1.0, sum, 1e-13);
            assertTrue(Vectors.maxAbsDifference(x, reference) < 1e-9, "vs reference: " + Vectors.maxAbsDifference(x, reference));
            // KKT: g = ν on the support, g ≥ ν off it
            double[] g = gradient(x);
            double nu = g[support[0]];
            for (int i = 0; i < N; i++) {
                if (reference[i] > 0) {
                    assertEquals(nu, g[i], 1e-9, "stationary on the support");
                } else {
                    assertTrue(g[i] > nu + 1e-3, "strictly inactive off the support");
                }
            }
            // closed form: [[Q_SS, −1], [1ᵀ, 0]]·[ẋ_S; ν̇] = [θ̇_S; 0]
            double[] thetaDot = Vectors.gaussian(new Random(3), N);
            double[] kkt = new double[(s + 1) * (s + 1)];
            double[] rhs = new double[s + 1];
            for (int i = 0; i < s; i++) {
                for (int j = 0; j < s; j++) {
                    kkt[i * (s + 1) + j] = q[support[i] * N + support[j]];
                }
                kkt[i * (s + 1) + s] = -1;
                kkt[s * (s + 1) + i] = 1;
                rhs[i] = thetaDot[support[i]];
            }
            double[] solved = DenseReference.solve(kkt, s + 1, rhs);
            double[] expected = new double[N];
            for (int i = 0; i < s; i++) {
                expected[support[i]] = solved[i];
            }
            double[] xDot = new double[N];
            md.jvp(thetaDot, xDot);
            assertEquals(Status.CONVERGED, md.derivative().status());
            assertTrue(DenseReference.relativeError(xDot, expected) < 1e-7, "JVP vs closed form " + DenseReference.relativeError(xDot, expected));
            double[] xBar = Vectors.gaussian(new Random(4), N);
            double[] thetaBar = new double[N];
            md.vjp(xBar, thetaBar);
            assertEquals(Vectors.dot(xBar, expected), Vectors.dot(thetaBar, thetaDot),
                    1e-7 * Vectors.norm(xBar) * Vectors.norm(expected), "VJP");
            // central differences of tight solves: O(h²) truncation, solve error / h ≈ 1e-8
            double h = 1e-5;
            double[] plus = md.run(new double[N], UnrolledDerivativesTest.shift(theta, thetaDot, h)).solution().clone();
            double[] minus = md.run(new double[N], UnrolledDerivativesTest.shift(theta, thetaDot, -h)).solution().clone();
            double[] fd = new double[N];
            for (int i = 0; i < N; i++) {
                fd[i] = (plus[i] - minus[i]) / (2 * h);
            }
            assertTrue(DenseReference.relativeError(fd, expected) < 1e-5, "finite differences " + DenseReference.relativeError(fd, expected));
        }
    }

    /**
     * Warm starts across parameters that change the support: a coordinate driven to exactly zero
     * (underflow) under θ_a must come back under θ_b, where it is the most attractive one.
     */
    @Test
    void warmStartsRecoverCoordinatesThatUnderflowedToZero() {
        MirrorDescent md = MirrorDescent.builder(objective()).fixedStep(2.0).tolerance(1e-12).maxIterations(200_000).build();
        double[] thetaA = theta.clone();
        thetaA[0] = -200;
        double[] x = new double[N];
        md.evaluate(thetaA, x);
        assertEquals(0.0, x[0], "driven to exactly zero: " + x[0]);
        double[] thetaB = theta.clone();
        thetaB[0] = 5;
        md.evaluate(thetaB, x);
        theta = thetaB;
        double[] expected = reference();
        assertTrue(expected[0] > 0.1, "coordinate 0 is active under θ_b");
        assertTrue(Vectors.maxAbsDifference(x, expected) < 1e-9, "warm-started solution vs reference: "
                + Vectors.maxAbsDifference(x, expected));
    }

    @Test
    void startingPointsAreChecked() {
        MirrorDescent md = MirrorDescent.builder(objective()).total(2.0).tolerance(1e-8).maxIterations(100_000).build();
        double[] bad = new double[N];
        bad[3] = -0.1;
        assertThrows(InvalidOptionException.class, () -> md.run(bad, theta));
        double[] x = new double[N];
        md.evaluate(theta, x); // from zeros: the centre of the simplex
        assertEquals(2.0, Arrays.stream(x).sum(), 1e-12);
        assertEquals(2.0, md.total());
    }
}
