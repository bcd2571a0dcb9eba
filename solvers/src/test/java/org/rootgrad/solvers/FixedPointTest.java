package org.rootgrad.solvers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.rootgrad.error.InvalidOptionException;
import org.rootgrad.error.NotConvergedException;
import org.rootgrad.error.Status;
import org.rootgrad.implicit.FixedPointMap;
import org.rootgrad.implicit.linear.Structure;
import org.rootgrad.testing.DenseReference;

/**
 * Fixed-point iteration and Anderson acceleration on the affine map T(x, b) = Mx + b, whose fixed
 * point x* = (I − M)⁻¹b has ∂x*(b)/∂b = (I − M)⁻¹ (dense solves as the reference), and on the
 * nonlinear contraction T(x, θ) = ½tanh(Mx + θ); unrolled derivatives against the implicit ones,
 * finite differences of truncated runs and the adjoint identity.
 */
class FixedPointTest {
    static final int N = 6;

    /** M with spectral norm ≤ rho (a random matrix scaled by its Frobenius norm). */
    static double[] contraction(double rho, long seed) {
        double[] m = new SplittableRandom(seed).doubles(N * N, -1, 1).toArray();
        double fro = 0;
        for (double v : m) {
            fro += v * v;
        }
        fro = Math.sqrt(fro);
        for (int i = 0; i < m.length; i++) {
            m[i] *= rho / fro;
        }
        return m;
    }

    /** T(x, b) = Mx + b, or ½tanh(Mx + b) when {@code nonlinear}. */
    static FixedPointMap map(double[] mat, boolean nonlinear) {
        return new FixedPointMap() {
            final double[] weight = new double[N]; // ∂T/∂u at the linearisation point
            final double[] scratch = new double[N];

            @Override public int dimension() { return N; }
            @Override public int parameterDimension() { return N; }

            @Override
            public void apply(double[] x, double[] theta, double[] out) {
                for (int i = 0; i < N; i++) {
                    double u = theta[i];
                    for (int j = 0; j < N; j++) {
                        u += mat[i * N + j] * x[j];
                    }
                    out[i] = nonlinear ? 0.5 * Math.tanh(u) : u;
                }
            }

            @Override
            public void linearize(double[] x, double[] theta) {
                for (int i = 0; i < N; i++) {
                    double u = theta[i];
                    for (int j = 0; j < N; j++) {
                        u += mat[i * N + j] * x[j];
                    }
                    double t = Math.tanh(u);
                    weight[i] = nonlinear ? 0.5 * (1 - t * t) : 1;
                }
            }

            @Override
            public void jvpX(double[] v, double[] out) {
                for (int i = 0; i < N; i++) {
                    double s = 0;
                    for (int j = 0; j < N; j++) {
                        s += mat[i * N + j] * v[j];
                    }
                    out[i] = weight[i] * s;
                }
            }

            @Override
            public void vjpX(double[] w, double[] out) {
                for (int j = 0; j < N; j++) {
                    double s = 0;
                    for (int i = 0; i < N; i++) {
                        s += mat[i * N + j] * weight[i] * w[i];
                    }
                    out[j] = s;
                }
            }

            @Override
            public void jvpTheta(double[] u, double[] out) {
                for (int i = 0; i < N; i++) {
                    out[i] = weight[i] * u[i];
                }
            }

            @Override
            public void vjpTheta(double[] w, double[] out) {
                jvpTheta(w, out);
            }

            @Override public Structure structureX() { return Structure.GENERAL; }
            @Override public FixedPointMap fork() { return map(mat, nonlinear); }
        };
    }

    /** (I − M)⁻¹ applied to v. */
    static double[] inverseOfIMinusM(double[] mat, double[] v) {
        double[] a = new double[N * N];
        for (int i = 0; i < N; i++) {
            for (int j = 0; j < N; j++) {
                a[i * N + j] = (i == j ? 1 : 0) - mat[i * N + j];
            }
        }
        return DenseReference.solve(a, N, v);
    }

    static final double[] B = new SplittableRandom(3).doubles(N, -1, 1).toArray();
    static final double[] B_DOT = new SplittableRandom(4).doubles(N, -1, 1).toArray();

    static IntFunction<Solver> fpi(FixedPointMap t, boolean implicit, double damping, double tol) {
        return k -> FixedPointIteration.builder(t).damping(damping).implicitDiff(implicit).tolerance(tol)
                .maxIterations(k).throwOnFailure(false).build();
    }

    static IntFunction<Solver> anderson(FixedPointMap t, boolean implicit, int history, double tol) {
        return k -> AndersonAcceleration.builder(t).history(history).implicitDiff(implicit).tolerance(tol)
                .maxIterations(k).throwOnFailure(false).build();
    }

    @Test
    void affineMapSolutionAndDerivativesMatchTheClosedForm() {
        double[] mat = contraction(0.9, 1);
        FixedPointMap t = map(mat, false);
        double[] expectedX = inverseOfIMinusM(mat, B);
        double[] expectedDot = inverseOfIMinusM(mat, B_DOT);
        for (Solver s : new Solver[] {fpi(t, true, 1, 1e-12).apply(1000), fpi(t, true, 0.7, 1e-12).apply(1000),
                anderson(t, true, 5, 1e-12).apply(1000), anderson(t, true, 1, 1e-12).apply(1000)}) {
            SolverResult r = s.run(new double[N], B);
            assertEquals(Status.CONVERGED, r.status(), r.toString());
            assertTrue(DenseReference.relativeError(r.solution(), expectedX) < 1e-10, s.name());
            double[] xDot = new double[N];
            s.jvp(B_DOT, xDot);
            assertTrue(DenseReference.relativeError(xDot, expectedDot) < 1e-9, s.name());
            // the full Jacobian (I − M)⁻¹ by VJPs: row i is e_iᵀ(I − M)⁻¹
            double[] jac = SolverChecks.jacobianByVjp(s);
            for (int j = 0; j < N; j++) {
                double[] e = new double[N];
                e[j] = 1;
                double[] col = inverseOfIMinusM(mat, e);
                for (int i = 0; i < N; i++) {
                    assertEquals(col[i], jac[i * N + j], 1e-9);
                }
            }
        }
    }

    @Test
    void andersonNeedsFarFewerIterations() {
        // symmetric M with eigenvalues from 0.0196 to 0.98: plain iteration contracts by 0.98
        double[] mat = Problems.spdMatrix(N, 50, 2);
        for (int i = 0; i < mat.length; i++) {
            mat[i] *= 0.98 / 50;
        }
        FixedPointMap t = map(mat, false);
        SolverResult plain = fpi(t, true, 1, 1e-10).apply(5000).run(new double[N], B);
        SolverResult accelerated = anderson(t, true, 5, 1e-10).apply(5000).run(new double[N], B);
        assertEquals(Status.CONVERGED, plain.status());
        assertEquals(Status.CONVERGED, accelerated.status());
        assertTrue(accelerated.iterations() * 3 < plain.iterations(), accelerated + " vs " + plain);
    }

    @Test
    void unrolledDerivativesConvergeToTheImplicitOnes() {
        for (boolean nonlinear : new boolean[] {false, true}) {
            double[] mat = contraction(0.9, 5);
            FixedPointMap t = map(mat, nonlinear);
            Solver implicit = anderson(t, true, 5, 1e-13).apply(1000);
            implicit.run(new double[N], B);
            double[] expected = new double[N];
            implicit.jvp(B_DOT, expected);
            SolverChecks.assertUnrolledConverges(fpi(t, false, 1, 1e-14), new int[] {10, 40, 160, 400},
                    new double[N], B, B_DOT, expected, 1e-10, 1e-11);
            SolverChecks.assertUnrolledConverges(fpi(t, false, 0.6, 1e-14), new int[] {10, 40, 160, 400},
                    new double[N], B, B_DOT, expected, 1e-10, 1e-11);
            SolverChecks.assertUnrolledConverges(anderson(t, false, 4, 1e-14), new int[] {3, 6, 12, 40},
                    new double[N], B, B_DOT, expected, 1e-9, 1e-10);
        }
    }

    @Test
    void unrolledDerivativesMatchFiniteDifferencesOfTruncatedRunsAndAreAdjoint() {
        for (boolean nonlinear : new boolean[] {false, true}) {
            FixedPointMap t = map(contraction(0.9, 6), nonlinear);
            double[] init = new SplittableRandom(7).doubles(N, -1, 1).toArray();
            for (Solver s : new Solver[] {fpi(t, false, 0.8, 1e-14).apply(7), anderson(t, false, 3, 1e-14).apply(7),
                    anderson(t, false, 6, 1e-14).apply(5)}) {
                double[] fd = SolverChecks.centralDifference(s, init, B, B_DOT, 1e-6);
                double[] xDot = new double[N];
                s.jvp(B_DOT, xDot);
                assertTrue(SolverChecks.relativeMaxError(xDot, fd) < 1e-7,
                        s.name() + ": " + SolverChecks.relativeMaxError(xDot, fd));
                SolverChecks.assertAdjoint(s, 8);
            }
        }
    }

    @Test
    void failuresAreReportedOrThrown() {
        double[] expanding = contraction(3, 9);
        FixedPointMap t = map(expanding, false);
        NotConvergedException e = assertThrows(NotConvergedException.class,
                () -> FixedPointIteration.builder(t).maxIterations(50).build().run(new double[N], B));
        assertEquals(Status.MAX_ITERATIONS, e.status());
        SolverResult blowUp = FixedPointIteration.builder(t).maxIterations(5000).throwOnFailure(false).build()
                .run(new double[N], B);
        assertTrue(blowUp.status() == Status.NON_FINITE || blowUp.status() == Status.MAX_ITERATIONS, blowUp.toString());
        assertTrue(blowUp.error() > 1 || Double.isNaN(blowUp.error()), blowUp.toString());
        assertThrows(InvalidOptionException.class, () -> FixedPointIteration.builder(t).damping(0));
        assertThrows(InvalidOptionException.class, () -> AndersonAcceleration.builder(t).history(0));
        assertThrows(InvalidOptionException.class, () -> AndersonAcceleration.builder(t).mixing(1.5));
    }
}
