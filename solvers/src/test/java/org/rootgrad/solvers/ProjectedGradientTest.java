package org.rootgrad.solvers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.rootgrad.error.Status;
import org.rootgrad.solvers.objective.MulticlassSvmDual;
import org.rootgrad.solvers.objective.Objectives;
import org.rootgrad.solvers.projection.Projection;
import org.rootgrad.solvers.testing.Vectors;
import org.rootgrad.testing.DenseReference;

/**
 * Projected gradient on (1) ridge regression constrained to an l2 ball, against a reference
 * written here (bisection on the multiplier μ of (H + μI)w = c, ‖w‖ = r, with dense solves) and
 * the closed-form derivative of that KKT system, and (2) the multiclass SVM dual on products of
 * simplices, against its KKT conditions and central differences of tight solves.
 */
class ProjectedGradientTest {
    static final int N = 60;
    static final int P = 6;

    final double[] x;
    final double[] y;

    ProjectedGradientTest() {
        Random rng = new Random(12);
        x = Vectors.gaussian(rng, N * P);
        y = new double[N];
        for (int i = 0; i < N; i++) {
            y[i] = 3 * rng.nextGaussian();
            for (int j = 0; j < P; j++) {
                y[i] += x[i * P + j] * (j + 1);
            }
        }
    }

    /** H = 2XᵀX/n + λI and c = 2Xᵀy/n of f = (1/n)‖Xw − y‖² + (λ/2)‖w‖². */
    double[] hessian(double lambda, double mu) {
        double[] h = new double[P * P];
        for (int i = 0; i < N; i++) {
            for (int a = 0; a < P; a++) {
                for (int b = 0; b < P; b++) {
                    h[a * P + b] += 2 * x[i * P + a] * x[i * P + b] / N;
                }
            }
        }
        for (int a = 0; a < P; a++) {
            h[a * P + a] += lambda + mu;
        }
        return h;
    }

    double[] linear() {
        double[] c = new double[P];
        for (int i = 0; i < N; i++) {
            for (int j = 0; j < P; j++) {
                c[j] += 2 * x[i * P + j] * y[i] / N;
            }
        }
        return c;
    }

    /** The multiplier μ ≥ 0 with ‖(H + μI)⁻¹c‖ = r, by bisection (the norm decreases in μ). */
    double multiplier(double lambda, double r) {
        double lo = 0;
        double hi = 1;
        while (Vectors.norm(DenseReference.solve(hessian(lambda, hi), P, linear())) > r) {
            hi *= 2;
        }
        for (int it = 0; it < 200; it++) {
            double mid = 0.5 * (lo + hi);
            if (Vectors.norm(DenseReference.solve(hessian(lambda, mid), P, linear())) > r) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return 0.5 * (lo + hi);
    }

    @Test
    void l2BallSolutionAndDerivativesMatchTheKktReference() {
        double lambda = 0.1;
        double r = 1.5;
        double unconstrained = Vectors.norm(DenseReference.solve(hessian(lambda, 0), P, linear()));
        assertTrue(unconstrained > 2 * r, "the constraint is active: ‖w_free‖ = " + unconstrained);
        double mu = multiplier(lambda, r);
        double[] reference = DenseReference.solve(hessian(lambda, mu), P, linear());

        for (boolean accelerated : new boolean[] {false, true}) {
            ProjectedGradient pg = ProjectedGradient.builder(Objectives.ridge(x, N, P, y, false), Projection.l2Ball(P))
                    .accelerated(accelerated).tolerance(1e-12).maxIterations(100_000).build();
            SolverResult res = pg.run(new double[P], new double[] {lambda, r});
            assertEquals(Status.CONVERGED, res.status());
            double[] w = res.solution();
            assertTrue(DenseReference.relativeError(w, reference) < 1e-10, "solution " + DenseReference.relativeError(w, reference));
            assertEquals(r, Vectors.norm(w), 1e-12, "on the boundary");
            // KKT: ∇f + μw = 0 with μ = −⟨∇f, w⟩/r² > 0
            double[] g = new double[P];
            Objectives.ridge(x, N, P, y, false).valueAndGradient(w, new double[] {lambda}, g);
            double kktMu = -Vectors.dot(g, w) / (r * r);
            assertEquals(mu, kktMu, 1e-8 * mu);
            for (int j = 0; j < P; j++) {
                assertEquals(0, g[j] + kktMu * w[j], 1e-9);
            }
            // derivatives: [[H + μI, w], [wᵀ, 0]]·[ẇ; μ̇] = [−λ̇w; r·ṙ]
            double[] kkt = new double[(P + 1) * (P + 1)];
            double[] h = hessian(lambda, mu);
            for (int a = 0; a < P; a++) {
                System.arraycopy(h, a * P, kkt, a * (P + 1), P);
                kkt[a * (P + 1) + P] = reference[a];
                kkt[P * (P + 1) + a] = reference[a];
            }
            for (int which = 0; which < 2; which++) {
                double[] rhs = new double[P + 1];
                if (which == 0) {
                    for (int a = 0; a < P; a++) {
                        rhs[a] = -reference[a];
                    }
                } else {
                    rhs[P] = r;
                }
                double[] expected = java.util.Arrays.copyOf(DenseReference.solve(kkt, P + 1, rhs), P);
                double[] thetaDot = which == 0 ? new double[] {1, 0} : new double[] {0, 1};
                double[] wDot = new double[P];
                pg.jvp(thetaDot, wDot);
                if (which == 0) {
                    // λ and μ enter only as λ + μ: raising λ lowers μ by as much and w stays put
                    assertTrue(Vectors.norm(expected) < 1e-12, "closed form ∂w/∂λ = 0");
                    assertTrue(Vectors.norm(wDot) < 1e-9, "∂w/∂λ = " + Vectors.norm(wDot));
                } else {
                    assertTrue(DenseReference.relativeError(wDot, expected) < 1e-8,
                            "∂w/∂r: " + DenseReference.relativeError(wDot, expected));
                }
                // central differences of tight solves: error O(h²) plus solve tolerance / h
                double hStep = 1e-5;
                double[] plus = pg.run(new double[P], shifted(lambda, r, thetaDot, hStep)).solution().clone();
                double[] minus = pg.run(new double[P], shifted(lambda, r, thetaDot, -hStep)).solution().clone();
                pg.run(new double[P], new double[] {lambda, r});
                double[] fd = new double[P];
                for (int a = 0; a < P; a++) {
                    fd[a] = (plus[a] - minus[a]) / (2 * hStep);
                }
                assertTrue(Vectors.distance(fd, expected) < 1e-6 * Math.max(1, Vectors.norm(expected)),
                        "finite differences " + Vectors.distance(fd, expected));
            }
        }
    }

    static double[] shifted(double lambda, double r, double[] dir, double h) {
        return new double[] {lambda + h * dir[0], r + h * dir[1]};
    }

    @Test
    void multiclassSvmDualMeetsItsKktConditionsAndItsDerivativeMatchesFiniteDifferences() {
        int n = 30;
        int p = 4;
        int k = 3;
        Random rng = new Random(21);
        double[] data = Vectors.gaussian(rng, n * p);
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            double best = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < k; c++) {
                double score = data[i * p + c] + 0.5 * rng.nextGaussian();
                if (score > best) {
                    best = score;
                    labels[i] = c;
                }
            }
        }
        MulticlassSvmDual dual = Objectives.multiclassSvmDual(data, n, p, labels, k);
        double lambda = 2.0;
        double[] theta = {lambda, 1.0};
        ProjectedGradient pg = ProjectedGradient.builder(dual, dual.constraint()).accelerated(true)
                .tolerance(1e-13).maxIterations(100_000).build();
        double[] init = new double[n * k];
        for (int i = 0; i < n; i++) {
            init[i * k + labels[i]] = 1; // β = Y: W = 0
        }
        double[] beta = pg.run(init, theta).solution().clone();
        double[] g = new double[n * k];
        dual.fork().valueAndGradient(beta, new double[] {lambda}, g);
        for (int i = 0; i < n; i++) {
            double sum = 0;
            double min = Double.POSITIVE_INFINITY;
            for (int c = 0; c < k; c++) {
                assertTrue(beta[i * k + c] >= 0, "β ≥ 0");
                sum += beta[i * k + c];
                min = Math.min(min, g[i * k + c]);
            }
            assertEquals(1.0, sum, 1e-12, "row " + i + " on the simplex");
            for (int c = 0; c < k; c++) {
                if (beta[i * k + c] > 1e-9) {
                    assertEquals(min, g[i * k + c], 1e-8, "row " + i + ": the support has the least gradient");
                }
            }
        }
        double[] w = new double[p * k];
        dual.primalWeights(beta, lambda, w);
        assertTrue(Vectors.norm(w) > 0, "a non-trivial classifier");

        // central differences of tight solves (tolerance 1e-13): β(λ) is smooth while the supports
        // stay, truncation O(h²) ≈ 1e-8 and solve error / h ≈ 1e-9 against 1e-5
        double[] thetaDot = {1.0, 0.0};
        double[] betaDot = new double[n * k];
        pg.jvp(thetaDot, betaDot);
        double h = 1e-4;
        double[] plus = pg.run(init, new double[] {lambda + h, 1.0}).solution().clone();
        double[] minus = pg.run(init, new double[] {lambda - h, 1.0}).solution().clone();
        double[] fd = new double[n * k];
        for (int i = 0; i < fd.length; i++) {
            fd[i] = (plus[i] - minus[i]) / (2 * h);
        }
        assertTrue(Vectors.norm(fd) > 1e-3, "β moves with λ");
        assertTrue(DenseReference.relativeError(betaDot, fd) < 1e-5, "∂β/∂λ vs finite differences: " + DenseReference.relativeError(betaDot, fd));
    }
}
