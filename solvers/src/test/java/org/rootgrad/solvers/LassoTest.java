package org.rootgrad.solvers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.rootgrad.error.Status;
import org.rootgrad.solvers.objective.Objectives;
import org.rootgrad.solvers.prox.Prox;
import org.rootgrad.solvers.prox.SeparableProx;
import org.rootgrad.solvers.testing.Vectors;
import org.rootgrad.testing.DenseReference;

/**
 * Lasso f(w; λ) = (1/2n)‖Xw − y‖² + λ‖w‖₁ on random data and on the diabetes data, solved by
 * proximal gradient (line search and fixed step 1/L), FISTA and coordinate descent: the solution
 * against an independent tight coordinate-descent reference (same support, 1e-9 relative), and
 * the implicit derivative ∂w*(λ)/∂λ (JVP and VJP) against −n(X_SᵀX_S)⁻¹sign(w_S) to 1e-8
 * relative. The implicit derivative depends on the solution only through its support and signs
 * (the Hessian of least squares is constant), so its error is the linear solve's (1e-10).
 */
class LassoTest {

    record Case(String name, LassoProblem problem, double lambda, String solver) {
        @Override
        public String toString() {
            return name + ", " + solver;
        }

        Solver build() {
            var f = Objectives.leastSquares(problem.x, problem.n, problem.p, problem.y, false);
            return switch (solver) {
                case "proximal gradient" -> ProximalGradient.builder(f, Prox.lasso(problem.p))
                        .tolerance(1e-11).maxIterations(200_000).build();
                case "proximal gradient, step 1/L" -> ProximalGradient.builder(f, Prox.lasso(problem.p))
                        .fixedStep(problem.safeStep()).tolerance(1e-11).maxIterations(200_000).build();
                case "FISTA" -> ProximalGradient.builder(f, Prox.lasso(problem.p)).accelerated(true)
                        .tolerance(1e-11).maxIterations(200_000).build();
                case "coordinate descent" -> BlockCoordinateDescent.builder(f, SeparableProx.lasso(problem.p))
                        .tolerance(1e-11).maxIterations(200_000).build();
                default -> throw new IllegalArgumentException(solver);
            };
        }
    }

    static List<Case> cases() {
        LassoProblem random = LassoProblem.random(120, 30, 7);
        LassoProblem diabetes = LassoProblem.diabetes();
        List<Case> cases = new ArrayList<>();
        for (String solver : List.of("proximal gradient", "proximal gradient, step 1/L", "FISTA", "coordinate descent")) {
            cases.add(new Case("random 120×30", random, 0.15 * random.lambdaMax(), solver));
            cases.add(new Case("diabetes", diabetes, 0.05 * diabetes.lambdaMax(), solver));
        }
        return cases;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void solutionAndImplicitDerivativeMatchTheReferences(Case c) {
        LassoProblem lp = c.problem();
        double[] reference = lp.referenceSolution(c.lambda());
        double[] derivative = lp.referenceDerivative(reference);
        int support = 0;
        for (double v : reference) {
            support += v != 0 ? 1 : 0;
        }
        assertTrue(support > 1 && support < lp.p, "a proper support: " + support + " of " + lp.p);
        Solver s = c.build();
        SolverResult r = s.run(new double[lp.p], new double[] {c.lambda()});
        assertEquals(Status.CONVERGED, r.status(), r.toString());
        double[] w = r.solution();
        for (int j = 0; j < lp.p; j++) {
            assertEquals(reference[j] == 0, w[j] == 0, "support differs at " + j + ": " + w[j] + " vs " + reference[j]);
        }
        assertTrue(DenseReference.relativeError(w, reference) < 1e-9, "solution error " + DenseReference.relativeError(w, reference));
        assertTrue(lp.objective(w, c.lambda()) <= lp.objective(reference, c.lambda()) * (1 + 1e-14));

        double[] xDot = new double[lp.p];
        s.jvp(new double[] {1}, xDot);
        assertEquals(Status.CONVERGED, s.derivative().status());
        double error = DenseReference.relativeError(xDot, derivative);
        assertTrue(error < 1e-8, "∂w*/∂λ relative error " + error + " (" + s.derivative() + ")");
        for (int j = 0; j < lp.p; j++) {
            if (reference[j] == 0) {
                assertEquals(0.0, xDot[j], 1e-12 * Vectors.norm(derivative), "off the support");
            }
        }
        double[] xBar = Vectors.gaussian(new Random(2), lp.p);
        double[] thetaBar = new double[1];
        s.vjp(xBar, thetaBar);
        double expected = DenseReference.dot(xBar, derivative);
        assertEquals(expected, thetaBar[0], 1e-8 * Vectors.norm(xBar) * Vectors.norm(derivative), "VJP");
    }
}
