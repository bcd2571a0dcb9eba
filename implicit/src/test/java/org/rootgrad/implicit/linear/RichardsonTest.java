package org.rootgrad.implicit.linear;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.rootgrad.error.Status;
import org.rootgrad.testing.DenseReference;

/**
 * Richardson iteration: with an exact inverse as its preconditioner it converges in one step;
 * with Jacobi on a diagonally dominant matrix it refines to the tolerance; when its steps do not
 * reduce the residual it says STAGNATED instead of returning its iterate as an answer. Solutions
 * are checked against Gaussian elimination.
 */
class RichardsonTest {
    static final int N = 60;

    /** Diagonally dominant (non-symmetric): ρ(I − D⁻¹A) &lt; 1, so Jacobi–Richardson converges. */
    static double[] dominant(SplittableRandom random) {
        double[] a = Dense.randomMatrix(random, N, N);
        for (int i = 0; i < N; i++) {
            double row = 0;
            for (int j = 0; j < N; j++) {
                row += Math.abs(a[i * N + j]);
            }
            a[i * N + i] = 2 * row;
        }
        return a;
    }

    @Test
    void anExactInverseConvergesInOneStep() {
        SplittableRandom random = new SplittableRandom(9101);
        double[] a = dominant(random);
        LinearOperator op = LinearOperator.dense(N, N, a, 0, N, Structure.GENERAL);
        Preconditioner exact = Preconditioner.of(N, (r, z) -> System.arraycopy(DenseReference.solve(a, N, r), 0, z, 0, N), false);
        LinearSolver solver = LinearSolver.richardson(LinearSolverOptions.builder().relativeTolerance(1e-12).build());
        double[] b = Dense.randomVector(random, N);
        double[] x = new double[N];
        SolveResult r = solver.trySolve(solver.newWorkspace(N), op, exact, b, x);
        assertEquals(Status.CONVERGED, r.status(), r.toString());
        assertEquals(1, r.iterations());
        assertTrue(Dense.relativeError(x, DenseReference.solve(a, N, b)) < 1e-12);
    }

    @Test
    void jacobiRefinesToTheToleranceAlsoInBlocks() {
        SplittableRandom random = new SplittableRandom(9102);
        double[] a = dominant(random);
        LinearOperator op = LinearOperator.dense(N, N, a, 0, N, Structure.GENERAL);
        double[] diagonal = new double[N];
        for (int i = 0; i < N; i++) {
            diagonal[i] = a[i * N + i];
        }
        LinearSolver solver = LinearSolver.richardson(LinearSolverOptions.builder().relativeTolerance(1e-11).build());
        double[][] b = {Dense.randomVector(random, N), Dense.randomVector(random, N), new double[N]};
        double[][] x = new double[3][N];
        BlockSolveResult r = solver.trySolveBlock(solver.newWorkspace(N, 3), op, Preconditioner.jacobi(diagonal), b, x);
        assertEquals(Status.CONVERGED, r.status(), r.toString());
        assertTrue(r.iterations() > 1, "Jacobi is not exact: " + r.iterations());
        for (int j = 0; j < 2; j++) {
            assertTrue(Dense.relativeError(x[j], DenseReference.solve(a, N, b[j])) < 1e-9, "column " + j);
        }
        assertEquals(0, r.column(2).iterations(), "b = 0 is solved by x = 0 at once");
    }

    @Test
    void stepsThatDoNotReduceTheResidualEndStagnated() {
        SplittableRandom random = new SplittableRandom(9103);
        double[] a = dominant(random);
        for (int i = 0; i < N * N; i++) {
            a[i] *= 10; // no preconditioner: x += r overshoots, ρ(I − A) ≫ 1
        }
        LinearOperator op = LinearOperator.dense(N, N, a, 0, N, Structure.GENERAL);
        LinearSolver solver = LinearSolver.richardson(LinearSolverOptions.builder().build());
        SolveResult r = solver.trySolve(solver.newWorkspace(N), op, null, Dense.randomVector(random, N), new double[N]);
        assertEquals(Status.STAGNATED, r.status(), r.toString());
        assertTrue(r.residualNorm() > r.tolerance());
    }
}
