package org.rootgrad.solvers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.rootgrad.testing.Allocations;

/**
 * Repeated runs of every quasi-Newton, Newton, least-squares and fixed-point solver — forward solve, JVP and VJP, implicit and
 * unrolled — allocate nothing once warm (the unrolled recording has reached its size, C2 has
 * compiled the kernels).
 */
class SecondOrderSolverAllocationTest {

    record Case(String name, Solver solver, double[] init, double[] theta) {}

    static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        Problems.Logistic data = new Problems.Logistic(100, 8, 3);
        double[] w0 = new double[8];
        double[] lambda = {0.05};
        double[] a = Problems.spdMatrix(6, 20, 4);
        double[] b = new SplittableRandom(5).doubles(6, -1, 1).toArray();
        double[] fixedB = FixedPointTest.B;
        for (boolean implicit : new boolean[] {true, false}) {
            String mode = implicit ? " implicit" : " unrolled";
            cases.add(new Case("L-BFGS" + mode, LBFGS.builder(data.objective()).implicitDiff(implicit).build(), w0, lambda));
            cases.add(new Case("L-BFGS fixed step" + mode, LBFGS.builder(Problems.quadratic(a, 6)).fixedStep(0.04)
                    .maxIterations(50).throwOnFailure(false).implicitDiff(implicit).build(), new double[6], b));
            for (NonlinearCG.Formula formula : NonlinearCG.Formula.values()) {
                cases.add(new Case("nonlinear CG " + formula + mode, NonlinearCG.builder(data.objective())
                        .formula(formula).implicitDiff(implicit).build(), w0, lambda));
            }
            cases.add(new Case("Newton-CG" + mode, NewtonCG.builder(data.objective()).implicitDiff(implicit).build(),
                    w0, lambda));
            cases.add(new Case("Newton" + mode, Newton.builder(data.objective()).implicitDiff(implicit).build(),
                    w0, lambda));
            cases.add(new Case("Newton, hand-written logistic" + mode, Newton.builder(
                    org.rootgrad.solvers.objective.Objectives.binaryLogisticL2(data.x, data.rows, data.features, data.y, false))
                    .implicitDiff(implicit).build(), w0, lambda));
            cases.add(new Case("Gauss-Newton" + mode, GaussNewton.builder(LeastSquaresTest.michaelisMenten())
                    .implicitDiff(implicit).build(), LeastSquaresTest.INIT, LeastSquaresTest.Y));
            cases.add(new Case("Levenberg-Marquardt" + mode, LevenbergMarquardt.builder(LeastSquaresTest.michaelisMenten())
                    .implicitDiff(implicit).build(), LeastSquaresTest.INIT, LeastSquaresTest.Y));
            cases.add(new Case("fixed-point iteration" + mode, FixedPointIteration.builder(
                    FixedPointTest.map(FixedPointTest.contraction(0.8, 6), true)).implicitDiff(implicit).build(),
                    new double[FixedPointTest.N], fixedB));
            cases.add(new Case("Anderson" + mode, AndersonAcceleration.builder(
                    FixedPointTest.map(FixedPointTest.contraction(0.8, 6), true)).implicitDiff(implicit).build(),
                    new double[FixedPointTest.N], fixedB));
            cases.add(new Case("Broyden" + mode, Broyden.builder(RootSolversTest.system()).implicitDiff(implicit).build(),
                    RootSolversTest.INIT, RootSolversTest.THETA));
        }
        cases.add(new Case("bisection", Bisection.builder(RootSolversTest.cubeMinusTheta()).bracket(0, 10)
                .tolerance(1e-10).build(), new double[1], new double[] {2}));
        return cases;
    }

    @TestFactory
    List<DynamicTest> repeatedRunsAndDerivativesAllocateNothing() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Case c : cases()) {
            tests.add(DynamicTest.dynamicTest(c.name(), () -> {
                Solver s = c.solver();
                double[] thetaDot = new double[s.parameterDimension()];
                java.util.Arrays.fill(thetaDot, 1);
                double[] xDot = new double[s.dimension()];
                double[] xBar = new double[s.dimension()];
                java.util.Arrays.fill(xBar, 1);
                double[] thetaBar = new double[s.parameterDimension()];
                Runnable body = () -> {
                    s.run(c.init(), c.theta());
                    s.jvp(thetaDot, xDot);
                    s.vjp(xBar, thetaBar);
                };
                long bytes = Allocations.steadyState(body, 20, 5);
                assertEquals(0, bytes, c.name() + " allocates " + bytes + " bytes per 5 runs");
            }));
        }
        return tests;
    }
}
