package org.rootgrad.solvers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.rootgrad.error.InvalidOptionException;
import org.rootgrad.implicit.ImplicitDiff;
import org.rootgrad.solvers.constrained.AdmmQP;
import org.rootgrad.solvers.constrained.BoxCDQP;
import org.rootgrad.solvers.constrained.EqualityConstrainedQP;
import org.rootgrad.solvers.objective.CoordinateObjective;
import org.rootgrad.solvers.objective.Objectives;
import org.rootgrad.solvers.projection.Projection;
import org.rootgrad.solvers.prox.Prox;
import org.rootgrad.solvers.prox.SeparableProx;

/**
 * Every solver's builder is a {@link SolverBuilder}: the shared options set through it reach the
 * solver and its forks; the implicit-only solvers refuse unrolling when built.
 */
class SolverBuildersTest {
    static final ImplicitDiff CONFIG = ImplicitDiff.builder().tolerance(1e-12).build();

    static CoordinateObjective leastSquares() {
        double[] x = {1, 0, 0, 1, 1, 1};
        return Objectives.leastSquares(x, 3, 2, new double[] {1, 2, 3}, false);
    }

    static List<SolverBuilder<?>> builders() {
        return List.of(
                GradientDescent.builder(leastSquares()),
                ProximalGradient.builder(leastSquares(), Prox.lasso(2)),
                ProjectedGradient.builder(leastSquares(), Projection.nonNegative(2)),
                MirrorDescent.builder(leastSquares()),
                BlockCoordinateDescent.builder(leastSquares(), SeparableProx.lasso(2)),
                LBFGS.builder(leastSquares()),
                NonlinearCG.builder(leastSquares()),
                NewtonCG.builder(leastSquares()),
                Newton.builder(leastSquares()),
                BoxCDQP.builder(2),
                EqualityConstrainedQP.builder(2, 1),
                AdmmQP.builder(2, 1));
    }

    @Test
    void theSharedOptionsReachEverySolverAndItsForks() {
        for (SolverBuilder<?> b : builders()) {
            Solver solver = b.maxIterations(77).tolerance(3e-9).throwOnFailure(false).implicit(CONFIG).build();
            for (Solver s : List.of(solver, solver.fork())) {
                SolverOptions o = s.options();
                assertEquals(77, o.maxIterations(), s.name());
                assertEquals(3e-9, o.tolerance(), s.name());
                assertEquals(false, o.throwOnFailure(), s.name());
                assertSame(CONFIG, o.implicit(), s.name());
            }
        }
    }

    @Test
    void unrollingIsRefusedByTheImplicitOnlySolversWhenBuilt() {
        List<Supplier<SolverBuilder<?>>> implicitOnly = List.of(
                () -> BoxCDQP.builder(2), () -> EqualityConstrainedQP.builder(2, 1), () -> AdmmQP.builder(2, 1));
        for (Supplier<SolverBuilder<?>> b : implicitOnly) {
            SolverBuilder<?> builder = b.get().implicitDiff(false);
            InvalidOptionException e = assertThrows(InvalidOptionException.class, builder::build);
            assertTrue(e.getMessage().contains("implicitly only"), e.getMessage());
        }
        assertTrue(GradientDescent.builder(leastSquares()).implicitDiff(false).build().options().implicitDiff() == false);
    }

    @Test
    void defaultsAreEachSolversOwn() {
        assertEquals(10_000, AdmmQP.builder(2, 1).build().options().maxIterations());
        assertEquals(SolverOptions.defaults(), ProjectedGradient.builder(leastSquares(), Projection.box(2)).options());
        assertThrows(InvalidOptionException.class, () -> MirrorDescent.builder(leastSquares()).options(null));
    }
}
