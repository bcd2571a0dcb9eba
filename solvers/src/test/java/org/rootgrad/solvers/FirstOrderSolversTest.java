package org.rootgrad.solvers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.rootgrad.error.DimensionMismatchException;
import org.rootgrad.error.InvalidOptionException;
import org.rootgrad.error.NonFiniteException;
import org.rootgrad.error.NotConvergedException;
import org.rootgrad.error.Status;
import org.rootgrad.solvers.objective.CoordinateObjective;
import org.rootgrad.solvers.objective.Objectives;
import org.rootgrad.solvers.projection.Projection;
import org.rootgrad.solvers.prox.Prox;
import org.rootgrad.solvers.prox.SeparableProx;

/** Contract behaviour shared by the first-order solvers: failures reported or thrown, bad input typed, forks equal. */
class FirstOrderSolversTest {

    static List<SolverCase> cases() {
        return SolverCase.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void nonConvergenceIsReportedAndForksReproduceRuns(SolverCase c) {
        Solver quiet = c.make(true, 2, 1e-14);
        SolverResult r = quiet.run(c.init(), c.theta());
        assertEquals(Status.MAX_ITERATIONS, r.status());
        assertEquals(2, r.iterations());
        assertTrue(r.error() > r.tolerance(), r.toString());
        Solver solver = c.make(true, 100_000, 1e-10);
        double[] expected = solver.run(c.init(), c.theta()).solution().clone();
        Solver fork = solver.fork();
        assertArrayEquals(expected, fork.run(c.init(), c.theta()).solution(), 0.0, "a fork computes the same");
        assertEquals(solver.name(), fork.name());
        assertThrows(DimensionMismatchException.class, () -> solver.run(c.init(), new double[c.theta().length + 1]));
        double[] nan = c.theta().clone();
        nan[0] = Double.NaN;
        assertThrows(NonFiniteException.class, () -> solver.run(c.init(), nan));
        assertThrows(DimensionMismatchException.class, () -> solver.jvp(new double[c.theta().length], new double[1]));
    }

    @Test
    void failuresThrowByDefault() {
        LassoProblem lp = LassoProblem.random(30, 5, 2);
        var f = Objectives.leastSquares(lp.x, lp.n, lp.p, lp.y, false);
        ProximalGradient pg = ProximalGradient.builder(f, Prox.lasso(lp.p)).maxIterations(1).tolerance(1e-14).build();
        NotConvergedException e = assertThrows(NotConvergedException.class, () -> pg.run(new double[lp.p], new double[] {0.1}));
        assertEquals(Status.MAX_ITERATIONS, e.status());
        assertThrows(InvalidOptionException.class, () -> ProximalGradient.builder(f, Prox.lasso(lp.p)).build()
                .jvp(new double[1], new double[lp.p]), "a derivative before any run");
    }

    @Test
    void badProblemsAndParametersAreRejected() {
        LassoProblem lp = LassoProblem.random(30, 5, 2);
        CoordinateObjective f = Objectives.leastSquares(lp.x, lp.n, lp.p, lp.y, false);
        assertThrows(DimensionMismatchException.class, () -> ProximalGradient.builder(null, Prox.lasso(lp.p)));
        assertThrows(DimensionMismatchException.class, () -> ProjectedGradient.builder(f, Projection.l2Ball(lp.p + 1)));
        assertThrows(DimensionMismatchException.class, () -> BlockCoordinateDescent.builder(f, SeparableProx.lasso(lp.p + 2)));
        assertThrows(DimensionMismatchException.class, () -> MirrorDescent.builder(null));
        assertThrows(InvalidOptionException.class, () -> ProximalGradient.builder(f, Prox.lasso(lp.p)).fixedStep(-1));
        assertThrows(InvalidOptionException.class, () -> MirrorDescent.builder(f).total(0));
        // a negative strength is rejected by the prox (PG) or the separable prox (BCD), naming it
        InvalidOptionException e = assertThrows(InvalidOptionException.class,
                () -> ProximalGradient.builder(f, Prox.lasso(lp.p)).build().run(new double[lp.p], new double[] {-0.1}));
        assertTrue(e.getMessage().contains("λ"), e.getMessage());
        e = assertThrows(InvalidOptionException.class,
                () -> BlockCoordinateDescent.builder(f, SeparableProx.lasso(lp.p)).build().run(new double[lp.p], new double[] {-0.1}));
        assertTrue(e.getMessage().contains("theta[0]"), e.getMessage());
        e = assertThrows(InvalidOptionException.class, () -> ProjectedGradient.builder(f, Projection.l2Ball(lp.p)).build()
                .run(new double[lp.p], new double[] {-1}));
        assertTrue(e.getMessage().contains("radius"), e.getMessage());
    }
}
