package org.rootgrad.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rootgrad.autodiff.TestSupport.assertClose;
import static org.rootgrad.autodiff.TestSupport.gaussian;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.rootgrad.error.UnsupportedDerivativeException;

/**
 * Custom primitives composed with tape ops, against finite differences (tolerance 1e-6, as in
 * {@link OpDerivativesTest}) and against the tape's own ops; per-workspace state; the typed error
 * for a missing second-order rule.
 */
class CustomPrimitiveTest {

    private static double[][] solvePoint(SplittableRandom rnd) {
        // a well-conditioned A: diagonal dominance
        double[] a = gaussian(rnd, 4);
        a[0] += 3;
        a[3] += 3;
        return new double[][] {a, gaussian(rnd, 2), gaussian(rnd, 3)};
    }

    /** f(A, b, c) = tanh(c₀·x + c₁..) with x = A⁻¹b: the primitive between tape ops on both sides. */
    private static Tensor solveComposite(Tape t, Tensor[] in, Primitive<?> solve) {
        Tensor a = in[0].mul(in[2].element(2)).add(in[0]); // A·(1 + c₂): a tape op before
        Tensor x = t.apply(solve, Shape.vector(2), a, in[1].exp());
        return t.concat(x.mul(in[2].slice(0, 2)).tanh(), x);
    }

    @Test
    void cubeComposedWithTapeOpsMatchesFiniteDifferences() {
        CustomPrimitives.Cube cube = new CustomPrimitives.Cube();
        OpCase c = new OpCase("cube", new Shape[] {Shape.vector(5), Shape.scalar()},
                rnd -> new double[][] {gaussian(rnd, 5), gaussian(rnd, 1)},
                (t, in) -> t.apply(cube, Shape.vector(5), in[0].mul(in[1])).sigmoid().mul(in[0]));
        for (int trial = 0; trial < 3; trial++) {
            SplittableRandom rnd = new SplittableRandom(trial);
            double[][] point = c.points().next(rnd);
            Function[] fns = c.build(rnd);
            OpDerivativesTest.checkVectorFunction("cube", fns[0], point, rnd);
            OpDerivativesTest.checkScalarFunction("cube", fns[1], point, rnd);
        }
    }

    @Test
    void cubeAgreesWithTheTapesOwnPow() {
        CustomPrimitives.Cube cube = new CustomPrimitives.Cube();
        Tape tape = new Tape();
        Tensor x = tape.input("x", 4);
        Function viaCube = tape.build(tape.apply(cube, Shape.vector(4), x).logSumExp());
        Function viaPow = tape.build(x.pow(3).logSumExp());
        double[] x0 = gaussian(new SplittableRandom(3), 4);
        Workspace a = viaCube.newWorkspace().setInputs(x0);
        Workspace b = viaPow.newWorkspace().setInputs(x0);
        double[] ga = new double[4];
        double[] gb = new double[4];
        assertClose(viaPow.valueAndGradient(b, 0, gb), viaCube.valueAndGradient(a, 0, ga), 1e-14, "value");
        assertClose(gb, ga, 1e-13, "gradient");
        double[] v = gaussian(new SplittableRandom(4), 4);
        viaCube.hessianVector(a, 0, v, ga);
        viaPow.hessianVector(b, 0, v, gb);
        assertClose(gb, ga, 1e-13, "Hessian-vector product");
    }

    @Test
    void stateIsCreatedOncePerWorkspaceAndKeptAcrossCalls() {
        CustomPrimitives.Cube cube = new CustomPrimitives.Cube();
        Tape tape = new Tape();
        Tensor x = tape.input("x", 3);
        Function fn = tape.build(tape.apply(cube, Shape.vector(3), x).sum());
        Workspace w1 = fn.newWorkspace();
        Workspace w2 = fn.newWorkspace();
        assertEquals(2, cube.states.get());
        double[] g = new double[3];
        for (int i = 0; i < 10; i++) {
            w1.setInputs(new double[] {i, 1, 2});
            fn.valueAndGradient(w1, 0, g);
            fn.hessianVector(w1, 0, new double[] {1, 0, 0}, g);
        }
        w2.setInputs(new double[] {1, 1, 1});
        fn.value(w2);
        assertEquals(2, cube.states.get(), "no state is created per call");
        assertEquals(10, ((double[]) w1.custom[fn.program[0]].state)[0], "one value call per new point");
        assertEquals(1, ((double[]) w2.custom[fn.program[0]].state)[0]);
    }

    @Test
    void solvePrimitiveFirstOrderMatchesFiniteDifferences() {
        Primitive<double[]> solve = new CustomPrimitives.Solve2x2();
        Tape tape = new Tape();
        Tensor a = tape.input("A", 2, 2);
        Tensor b = tape.input("b", 2);
        Tensor x = tape.apply(solve, Shape.vector(2), a, b);
        Function raw = tape.build(x);
        Function loss = tape.build(x.squaredNorm());
        for (int trial = 0; trial < 3; trial++) {
            SplittableRandom rnd = new SplittableRandom(10 + trial);
            double[][] full = solvePoint(rnd);
            double[][] point = {full[0], full[1]};
            // x solves A x = b
            Workspace ws = raw.newWorkspace();
            TestSupport.setAll(ws, point);
            double[] xs = new double[2];
            raw.value(ws, xs);
            double[] am = point[0];
            assertClose(point[1], new double[] {am[0] * xs[0] + am[1] * xs[1], am[2] * xs[0] + am[3] * xs[1]},
                    1e-13, "A x = b");
            for (int k = 0; k < 2; k++) {
                double[] v = gaussian(rnd, point[k].length);
                double[] jv = new double[2];
                raw.jvp(ws, k, v, jv);
                assertClose(TestSupport.finiteDifferenceJvp(raw, point, k, v), jv, 1e-6, "jvp " + k);
                double[] g = new double[point[k].length];
                Workspace lw = loss.newWorkspace();
                TestSupport.setAll(lw, point);
                loss.gradient(lw, k, g);
                assertClose(TestSupport.finiteDifferenceGradient(loss, point, k), g, 1e-6, "gradient " + k);
            }
        }
    }

    @Test
    void missingSecondOrderRuleRaisesTypedExceptionNamingThePrimitive() {
        Primitive<double[]> solve = new CustomPrimitives.Solve2x2();
        Tape tape = new Tape();
        Tensor a = tape.input("A", 2, 2);
        Tensor b = tape.input("b", 2);
        Tensor s = tape.input("s");
        Tensor x = tape.apply(solve, Shape.vector(2), a, b);
        Function f = tape.build(x.squaredNorm().mul(s));
        Workspace ws = f.newWorkspace();
        double[][] point = solvePoint(new SplittableRandom(1));
        TestSupport.setAll(ws, new double[][] {point[0], point[1], {0.7}});
        double[] out = new double[2];
        UnsupportedDerivativeException e = assertThrows(UnsupportedDerivativeException.class,
                () -> f.hessianVector(ws, 1, new double[] {1, 0}, out));
        assertTrue(e.getMessage().contains("solve2x2"), e.getMessage());
        assertTrue(e.getMessage().contains("second-order"), e.getMessage());

        // where no input of the primitive moves, its VJP suffices: d/ds ∇_b f = ∇_b ‖x‖²
        double[] mixed = new double[2];
        f.secondOrder(ws, 2, new double[] {1}, 1, mixed);
        double[][] full = {point[0], point[1], {0.7}};
        assertClose(TestSupport.finiteDifferenceSecondOrder(f, full, new double[] {1}, 2, new double[] {1}, 1),
                mixed, 1e-6, "mixed product through a first-order primitive");
        // after the failure the workspace still evaluates
        double[] g = new double[2];
        f.gradient(ws, 1, g);
        assertTrue(Double.isFinite(g[0]));

        GradientCheckResult check = GradientCheck.of(f).at(full);
        assertFalse(check.input("A").secondOrderSupported());
        assertTrue(check.toString().contains("unsupported"), check.toString());
        assertTrue(check.input("A").jvp() < 1e-6 && check.input("A").vjp() < 1e-6, check.toString());
    }

    @Test
    void solvePrimitiveWithSecondOrderRuleInsideTapeOps() {
        Primitive<double[]> solve = new CustomPrimitives.Solve2x2SecondOrder();
        OpCase c = new OpCase("solve2x2 composite", new Shape[] {Shape.matrix(2, 2), Shape.vector(2),
                Shape.vector(3)}, CustomPrimitiveTest::solvePoint, (t, in) -> solveComposite(t, in, solve));
        for (int trial = 0; trial < 3; trial++) {
            SplittableRandom rnd = new SplittableRandom(20 + trial);
            double[][] point = c.points().next(rnd);
            Function[] fns = c.build(rnd);
            OpDerivativesTest.checkVectorFunction(c.name(), fns[0], point, rnd);
            OpDerivativesTest.checkScalarFunction(c.name(), fns[1], point, rnd);
        }
    }
}
