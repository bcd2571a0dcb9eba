package org.rootgrad.solvers.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.rootgrad.error.NotConvergedException;
import org.rootgrad.error.RootgradException;
import org.rootgrad.error.Status;
import org.rootgrad.implicit.ImplicitDiff;
import org.rootgrad.implicit.linear.LinearSolver;
import org.rootgrad.implicit.linear.LinearSolverOptions;
import org.rootgrad.solvers.DerivativeReport;
import org.rootgrad.solvers.Solver;
import org.rootgrad.solvers.SolverOptions;
import org.rootgrad.solvers.SolverResult;

/**
 * The failure contract of every solver family (see {@link SolverFamily}), checked the same way
 * for all:
 * <ul>
 *   <li>a forward solve that cannot meet its tolerance throws {@link NotConvergedException} by
 *       default, carrying the status, iterations and final error of the result, and with
 *       {@code throwOnFailure(false)} returns that result, finite, with a status other than
 *       CONVERGED and an error above the tolerance;</li>
 *   <li>a problem whose evaluations turn NaN mid-run ends {@link Status#NON_FINITE} (thrown by
 *       default, returned otherwise), its solution the last finite iterate, never NaN;</li>
 *   <li>an adjoint (VJP) or tangent (JVP) linear solve that fails throws by default, and
 *       otherwise reports both statuses in the {@link DerivativeReport}: forward CONVERGED,
 *       derivative not — and the derivative is then what the solver reached, neither zeros
 *       nor NaN presented as converged (JAXopt issue #466: a failed backward CG returned its
 *       zero starting point, and the gradients silently vanished);</li>
 *   <li>derivatives of a run that did not converge carry its status as the forward status.</li>
 * </ul>
 */
class SolverStatusContractTest {

    static List<SolverFamily> families() {
        return SolverFamily.all(11);
    }

    static List<SolverFamily> poisonable() {
        return families().stream().filter(SolverFamily::poisonable).toList();
    }

    static List<SolverFamily> withCallbacksAndKrylovDerivatives() {
        // the QPs choose their own derivative solvers (DerivativeMethod), tested in their own suites
        return families().stream().filter(f -> !f.family().equals("QP")).toList();
    }

    static List<SolverFamily> starvable() {
        // Gauss-Newton and Levenberg-Marquardt precondition the implicit solve with JᵀJ, which is
        // the exact Hessian for these affine residuals: one GMRES step then solves exactly
        return withCallbacksAndKrylovDerivatives().stream()
                .filter(f -> !f.family().equals("least squares") && f.n() > 1).toList();
    }

    private static SolverOptions quiet(SolverOptions o) {
        return o.withThrowOnFailure(false);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("families")
    void aForwardSolveThatCannotConvergeThrowsByDefaultOrReportsItsStatus(SolverFamily family) {
        SolverOptions impossible = SolverOptions.defaults().withMaxIterations(1).withTolerance(1e-300);
        NotConvergedException e = assertThrows(NotConvergedException.class,
                () -> family.make(impossible).run(family.init(), family.theta()));
        Solver solver = family.make(quiet(impossible));
        SolverResult r = solver.run(family.init(), family.theta());
        assertNotEquals(Status.CONVERGED, r.status(), r.toString());
        assertEquals(r.status(), e.status(), "the exception carries the result's status");
        assertEquals(r.iterations(), e.iterations());
        assertEquals(r.error(), e.residual(), 0.0, "the exception carries the final error");
        assertTrue(r.iterations() <= 1, r.toString());
        assertTrue(r.error() > r.tolerance(), r.toString());
        for (double v : r.solution()) {
            assertTrue(Double.isFinite(v), "a non-converged run still returns a finite iterate: " + r);
        }
        assertTrue(e.getMessage().contains(family.make(impossible).name()), e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("poisonable")
    void evaluationsThatTurnNaNMidRunEndNonFinite(SolverFamily family) {
        // Newton solves the quadratic in one step, two evaluations: a budget of two is never spent
        int[] budgets = family.name().equals("Newton") ? new int[] {0, 1} : new int[] {0, 1, 2};
        for (int budget : budgets) {
            Solver thrower = family.maker().make(SolverOptions.defaults(), budget);
            NotConvergedException e = assertThrows(NotConvergedException.class,
                    () -> thrower.run(family.init(), family.theta()), family + ", NaN after " + budget);
            assertEquals(Status.NON_FINITE, e.status(), family + ", NaN after " + budget + ": " + e.getMessage());
            Solver quiet = family.maker().make(quiet(SolverOptions.defaults()), budget);
            SolverResult r = quiet.run(family.init(), family.theta());
            assertEquals(Status.NON_FINITE, r.status(), family + ", NaN after " + budget + ": " + r);
            for (double v : r.solution()) {
                assertTrue(Double.isFinite(v), family + ": the solution is the last finite iterate, got " + r);
            }
            // nothing to differentiate: a derivative of a NON_FINITE run is refused, never computed
            double[] thetaBar = new double[family.m()];
            RootgradException refused = assertThrows(RootgradException.class,
                    () -> quiet.vjp(new double[family.n()], thetaBar));
            assertTrue(refused.getMessage().contains("NON_FINITE"), refused.getMessage());
        }
    }

    /** The implicit configuration with a linear solver that cannot converge: one GMRES step to 1e-14. */
    private static ImplicitDiff starvedLinearSolver(boolean throwing) {
        LinearSolverOptions one = LinearSolverOptions.builder().maxIterations(1).relativeTolerance(1e-14)
                .throwOnFailure(false).build();
        return ImplicitDiff.builder().solver(LinearSolver.gmres(one)).warmStart(false).throwOnFailure(throwing).build();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("starvable")
    void aFailedAdjointOrTangentSolveThrowsByDefaultAndIsReportedOtherwise(SolverFamily family) {
        double[] xBar = new double[family.n()];
        for (int i = 0; i < xBar.length; i++) {
            xBar[i] = 1 + i;
        }
        double[] thetaDot = new double[family.m()];
        for (int j = 0; j < thetaDot.length; j++) {
            thetaDot[j] = 1 - 0.5 * j;
        }
        Solver thrower = family.make(SolverOptions.defaults().withTolerance(1e-10).withImplicit(starvedLinearSolver(true)));
        thrower.run(family.init(), family.theta());
        NotConvergedException e = assertThrows(NotConvergedException.class,
                () -> thrower.vjp(xBar, new double[family.m()]));
        assertEquals(Status.MAX_ITERATIONS, e.status(), e.getMessage());
        assertEquals(1, e.iterations());
        assertThrows(NotConvergedException.class, () -> thrower.jvp(thetaDot, new double[family.n()]));

        Solver reporter = family.make(SolverOptions.defaults().withTolerance(1e-10).withImplicit(starvedLinearSolver(false)));
        reporter.run(family.init(), family.theta());
        double[] thetaBar = new double[family.m()];
        reporter.vjp(xBar, thetaBar);
        DerivativeReport report = reporter.derivative();
        assertEquals(DerivativeReport.Mode.IMPLICIT, report.mode());
        assertEquals(Status.CONVERGED, report.forwardStatus(), report.toString());
        assertEquals(Status.MAX_ITERATIONS, report.status(), report.toString());
        assertEquals(1, report.iterations());
        assertTrue(report.relativeLinearResidual() > 1e-14, report.toString());
        boolean someNonZero = false;
        for (double v : thetaBar) {
            assertTrue(Double.isFinite(v), report.toString());
            someNonZero |= v != 0;
        }
        assertTrue(someNonZero, "one GMRES step from zero moves the adjoint: never the silent zero of #466");

        double[] xDot = new double[family.n()];
        reporter.jvp(thetaDot, xDot);
        assertEquals(Status.MAX_ITERATIONS, reporter.derivative().status(), reporter.derivative().toString());
        assertEquals(Status.CONVERGED, reporter.derivative().forwardStatus());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("withCallbacksAndKrylovDerivatives")
    void derivativesOfATruncatedRunCarryItsStatus(SolverFamily family) {
        Solver solver = family.make(SolverOptions.defaults().withMaxIterations(1).withTolerance(1e-300)
                .withThrowOnFailure(false));
        SolverResult r = solver.run(family.init(), family.theta());
        double[] thetaBar = new double[family.m()];
        solver.vjp(unit(family.n()), thetaBar);
        assertEquals(r.status(), solver.derivative().forwardStatus(), solver.derivative().toString());
        assertEquals(r.error(), solver.derivative().forwardError(), 0.0);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("withCallbacksAndKrylovDerivatives")
    void unrolledDerivativesReportTheirModeAndTheForwardStatus(SolverFamily family) {
        if (!family.unrolls()) {
            return;
        }
        Solver solver = family.make(SolverOptions.defaults().withImplicitDiff(false).withMaxIterations(3)
                .withTolerance(1e-300).withThrowOnFailure(false));
        SolverResult r = solver.run(family.init(), family.theta());
        double[] thetaBar = new double[family.m()];
        solver.vjp(unit(family.n()), thetaBar);
        DerivativeReport report = solver.derivative();
        assertEquals(DerivativeReport.Mode.UNROLLED, report.mode());
        assertEquals(r.status(), report.forwardStatus());
        assertEquals(r.iterations(), report.iterations(), report.toString());
        for (double v : thetaBar) {
            assertTrue(Double.isFinite(v), report.toString());
        }
    }

    private static double[] unit(int n) {
        double[] e = new double[n];
        e[0] = 1;
        return e;
    }
}
