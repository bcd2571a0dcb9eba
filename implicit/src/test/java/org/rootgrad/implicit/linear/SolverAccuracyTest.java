package org.rootgrad.implicit.linear;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.rootgrad.error.Status;
import org.rootgrad.testing.DenseReference;

/**
 * Each solver on SPD, symmetric indefinite (KKT) and non-symmetric (convection–diffusion)
 * systems against Gaussian elimination with partial pivoting written in the test.
 */
class SolverAccuracyTest {

    static List<Methods> spd() {
        return Methods.forSpd();
    }

    static List<Methods> symmetric() {
        return Methods.forSymmetric();
    }

    static List<Methods> general() {
        return Methods.forGeneral();
    }

    static List<Methods> all() {
        return List.of(Methods.CG, Methods.MINRES, Methods.GMRES, Methods.GMRES_SHORT,
                Methods.BICGSTAB, Methods.CGNR, Methods.REFINED_CG, Methods.REFINED_MINRES,
                Methods.REFINED_GMRES);
    }

    /**
     * Solves with rtol 1e-10 and checks: converged; the reported residual is the true one
     * (recomputed here with naive loops) and meets the tolerance; and the forward error is
     * within κ·rtol·(safety 10) of the reference solution.
     */
    private static SolveResult solveAndCheck(Methods method, double[] a, int n, double[] b, double kappa,
                                             LinearSolverOptions options) {
        double[] x = new double[n];
        LinearSolver solver = method.make(options);
        SolveResult result = solver.solve(solver.newWorkspace(n), LinearOperator.dense(n, n, a), b, x);
        assertEquals(Status.CONVERGED, result.status(), method + ": " + result);
        double trueResidual = Dense.residual(a, n, x, b);
        assertEquals(trueResidual, result.residualNorm(), 1e-12 * Dense.norm(b), method + " reports the true residual");
        assertTrue(result.residualNorm() <= options.relativeTolerance() * Dense.norm(b), method + ": " + result);
        double[] reference = DenseReference.solve(a, n, b);
        double error = Dense.relativeError(x, reference);
        double bound = 10 * kappa * options.relativeTolerance();
        assertTrue(error <= bound, () -> method + ": forward error " + error + " > " + bound);
        return result;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("spd")
    void solvesSpdSystemWithControlledSpectrum(Methods method) {
        SplittableRandom random = new SplittableRandom(100);
        int n = 40;
        double[] a = Dense.withSpectrum(random, Dense.geometric(n, 1, 100));
        solveAndCheck(method, a, n, Dense.randomVector(random, n), 100, LinearSolverOptions.defaults());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("symmetric")
    void solvesSymmetricIndefiniteKktSystem(Methods method) {
        SplittableRandom random = new SplittableRandom(101);
        int p = 20;
        int q = 8;
        double[] a = Dense.kkt(random, p, q);
        // κ of this KKT matrix is a few hundred; 1e3 is a safe bound for the error estimate
        solveAndCheck(method, a, p + q, Dense.randomVector(random, p + q), 1e3, LinearSolverOptions.defaults());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("general")
    void solvesNonSymmetricConvectionDiffusion(Methods method) {
        SplittableRandom random = new SplittableRandom(102);
        int n = 50;
        double[] a = Dense.convectionDiffusion(n, 40);
        // κ(A) of the 1-D operator with 50 points is about 1e3
        solveAndCheck(method, a, n, Dense.randomVector(random, n), 1e3, LinearSolverOptions.defaults());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("all")
    void ridgeOptionSolvesTheShiftedSystem(Methods method) {
        SplittableRandom random = new SplittableRandom(103);
        int n = 30;
        double rho = 0.5;
        // SPD for CG, symmetric indefinite for MINRES (the shift keeps it indefinite), general otherwise
        double[] a = switch (method.name()) {
            case "CG", "IR(CG)" -> Dense.withSpectrum(random, Dense.geometric(n, 0.01, 50));
            case "MINRES", "IR(MINRES)" -> Dense.kkt(random, 20, 10);
            default -> Dense.convectionDiffusion(n, 20);
        };
        double[] b = Dense.randomVector(random, n);
        double[] x = new double[n];
        LinearSolver solver = method.make(LinearSolverOptions.builder().ridge(rho).build());
        SolveResult result = solver.solve(solver.newWorkspace(n), LinearOperator.dense(n, n, a), b, x);
        assertTrue(result.converged(), () -> method + ": " + result);
        double[] shifted = Dense.plusIdentity(a, n, rho);
        assertEquals(Dense.residual(shifted, n, x, b), result.residualNorm(), 1e-12 * Dense.norm(b));
        double error = Dense.relativeError(x, DenseReference.solve(shifted, n, b));
        assertTrue(error < 1e-6, () -> method + ": error " + error);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("all")
    void warmStartFromTheExactSolutionStopsAtIterationZero(Methods method) {
        SplittableRandom random = new SplittableRandom(104);
        int n = 20;
        double[] a = method.name().contains("CG") && !method.name().equals("CGNR")
                ? Dense.withSpectrum(random, Dense.geometric(n, 1, 10))
                : Dense.kkt(random, 14, 6);
        double[] b = Dense.randomVector(random, n);
        double[] x = DenseReference.solve(a, n, b);
        double[] start = x.clone();
        LinearSolver solver = method.make(LinearSolverOptions.builder().warmStart(true).build());
        SolveResult result = solver.solve(solver.newWorkspace(n), LinearOperator.dense(n, n, a), b, x);
        assertEquals(Status.CONVERGED, result.status());
        assertEquals(0, result.iterations(), method.name());
        assertArrayEquals(start, x, 0.0, "x must be left untouched");
        assertEquals(Dense.residual(a, n, x, b), result.residualNorm(), 1e-15);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("all")
    void warmStartNearTheSolutionTakesFewerIterations(Methods method) {
        SplittableRandom random = new SplittableRandom(105);
        int n = 40;
        double[] a = method.name().contains("CG") && !method.name().equals("CGNR")
                ? Dense.withSpectrum(random, Dense.geometric(n, 1, 1000))
                : Dense.convectionDiffusion(n, 10);
        if (method.name().contains("MINRES")) {
            a = Dense.kkt(random, 30, 10);
        }
        double[] b = Dense.randomVector(random, n);
        double[] exact = DenseReference.solve(a, n, b);
        LinearOperator op = LinearOperator.dense(n, n, a);
        LinearSolver cold = method.make();
        SolveResult coldResult = cold.solve(cold.newWorkspace(n), op, b, new double[n]);
        int coldIterations = coldResult.iterations();
        double[] x = exact.clone();
        for (int i = 0; i < n; i++) {
            x[i] += 1e-6 * random.nextDouble(-1, 1);
        }
        LinearSolver warm = method.make(LinearSolverOptions.builder().warmStart(true).build());
        SolveResult warmResult = warm.solve(warm.newWorkspace(n), op, b, x);
        assertTrue(warmResult.converged());
        assertTrue(warmResult.iterations() < coldIterations,
                () -> method + ": warm " + warmResult.iterations() + " vs cold " + coldIterations);
    }
}
