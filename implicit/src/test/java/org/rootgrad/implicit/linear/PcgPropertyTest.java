package org.rootgrad.implicit.linear;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.rootgrad.error.Status;

/** Random SPD systems of random size: preconditioned CG meets its residual bound. */
class PcgPropertyTest {

    /**
     * A = GᵀG/n + δI (G random n×n, δ ∈ [1e-3, 1]) with random row scaling D·A·D to make Jacobi
     * matter, b random; PCG with the exact Jacobi preconditioner and rtol 1e-9 must report
     * CONVERGED and its returned x must satisfy ‖b − Ax‖ ≤ rtol·‖b‖ when recomputed here.
     */
    @Property(tries = 200)
    void pcgSolutionSatisfiesTheResidualBound(@ForAll @IntRange(min = 1, max = 60) int n,
                                              @ForAll long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] g = Dense.randomMatrix(random, n, n);
        double shift = Math.pow(10, random.nextDouble(-3, 0));
        double[] scale = new double[n];
        for (int i = 0; i < n; i++) {
            scale[i] = Math.pow(10, random.nextDouble(-1, 1));
        }
        double[] a = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int k = 0; k < n; k++) {
                    s += g[k * n + i] * g[k * n + j];
                }
                a[i * n + j] = scale[i] * (s / n + (i == j ? shift : 0)) * scale[j];
            }
        }
        // exact symmetry despite rounding in the scaling
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < i; j++) {
                a[j * n + i] = a[i * n + j];
            }
        }
        double[] b = Dense.randomVector(random, n);
        double rtol = 1e-9;
        LinearOperator op = LinearOperator.dense(n, n, a, 0, n, Structure.SYMMETRIC_POSITIVE_DEFINITE);
        LinearSolver cg = LinearSolver.conjugateGradient(LinearSolverOptions.builder().relativeTolerance(rtol).build());
        double[] x = new double[n];
        SolveResult result = cg.solve(cg.newWorkspace(n), op, Preconditioner.jacobiExact(op), b, x);
        assertEquals(Status.CONVERGED, result.status());
        double residual = Dense.residual(a, n, x, b);
        // the solver's own residual and ours differ only by rounding in the product
        double slack = 1e-14 * Dense.norm(a) * Dense.norm(x);
        assertTrue(residual <= rtol * Dense.norm(b) + slack,
                () -> "n=" + n + ": ‖b − Ax‖ = " + residual + " > " + rtol * Dense.norm(b));
        assertEquals(residual, result.residualNorm(), slack + 1e-15 * Dense.norm(b));
    }
}
