package org.rootgrad.implicit.linear;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.rootgrad.error.Status;
import org.rootgrad.testing.DenseReference;

/**
 * A warm start from the solution of a much larger right-hand side is dropped for x = 0: with
 * b of size 1e-13 and x₀ of size 1, the attainable residual ε‖A‖‖x₀‖ ≈ 1e-14 would be far above
 * the relative target 1e-10·‖b‖, so keeping x₀ could only end in MAX_ITERATIONS or STAGNATED.
 * The tiny b is solved to full relative accuracy instead (checked against Gaussian elimination).
 */
class WarmStartGuardTest {
    static final int N = 40;

    @Test
    void aStartingPointWorseThanZeroIsDropped() {
        SplittableRandom random = new SplittableRandom(5151);
        double[] eigenvalues = new double[N];
        for (int i = 0; i < N; i++) {
            eigenvalues[i] = Math.pow(100, (double) i / (N - 1));
        }
        double[] a = Dense.withSpectrum(random, eigenvalues);
        LinearOperator op = LinearOperator.dense(N, N, a, 0, N, Structure.SYMMETRIC_POSITIVE_DEFINITE);
        double[] big = Dense.randomVector(random, N);
        double[] tiny = Dense.randomVector(random, N);
        for (int i = 0; i < N; i++) {
            tiny[i] *= 1e-13;
        }
        double[] reference = DenseReference.solve(a, N, tiny);
        for (Methods method : Methods.krylov()) {
            LinearSolver solver = method.make(LinearSolverOptions.builder().warmStart(true).build());
            SolverWorkspace ws = solver.newWorkspace(N);
            double[] x = new double[N];
            assertEquals(Status.CONVERGED, solver.trySolve(ws, op, null, big, x).status(), method + " on b ~ 1");
            SolveResult r = solver.trySolve(ws, op, null, tiny, x); // starts from the solution for b ~ 1
            assertEquals(Status.CONVERGED, r.status(), method + ": " + r);
            assertTrue(Dense.relativeError(x, reference) < 1e-7, method + ": error " + Dense.relativeError(x, reference));
        }
    }
}
