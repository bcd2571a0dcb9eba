package org.rootgrad.implicit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.rootgrad.autodiff.Function;
import org.rootgrad.autodiff.Tape;
import org.rootgrad.autodiff.Tensor;
import org.rootgrad.error.DimensionMismatchException;
import org.rootgrad.error.InvalidOptionException;
import org.rootgrad.implicit.linear.DirectSolverWorkspace;
import org.rootgrad.implicit.linear.Structure;

/**
 * The adapters from recorded functions (a vector F, a scalar f whose gradient is F, a map T)
 * agree with one another and with the hand-written ridge condition; several tape tensors pack
 * into one θ as {@link ParameterLayout} says; a dense direct solver assembles A once per point.
 */
class AdaptersTest {
    static final RidgeProblem RIDGE = RidgeProblem.diabetes();

    static double[] random(SplittableRandom r, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextGaussian();
        }
        return v;
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    /** F(w, λ) = 2Xᵀ(Xw − y)/n + λw recorded as a vector function: inputs w (0), λ (1). */
    static Function gradientAsVector() {
        Tape tape = new Tape();
        Tensor w = tape.input("w", RIDGE.p);
        Tensor lambda = tape.input("lambda");
        Tensor xs = tape.constant(RIDGE.x, RIDGE.n, RIDGE.p);
        return tape.build(xs.transposeMatvec(xs.matvec(w).sub(tape.constant(RIDGE.y))).mul(2.0 / RIDGE.n)
                .add(lambda.mul(w)));
    }

    @Test
    void everyRidgeConditionGivesTheSameProducts() {
        SplittableRandom random = new SplittableRandom(950);
        int p = RIDGE.p;
        Function f = RIDGE.objective();
        Function vector = gradientAsVector();
        RootFunction[] conditions = {
            RootFunction.gradientOf(new ImplicitDiffRidgeTest.Ridge(new ImplicitDiffRidgeTest.Data(RIDGE.n, p, RIDGE.x, RIDGE.y))),
            RootFunction.gradientOf(f.objective(0, 1)),
            RootFunction.gradientOf(f, 0, 1),
            RootFunction.fromTape(vector, Structure.SYMMETRIC_POSITIVE_DEFINITE, 0, 1),
            RootFunction.fromVectorMap(vector.vectorMap(0, 1), Structure.SYMMETRIC_POSITIVE_DEFINITE),
            // T − w for T = w − ηF is −ηF: scaled back by −1/η below
            RootFunction.fixedPoint(FixedPointMap.gradientStep(f.objective(0, 1), 0.5)),
            RootFunction.fixedPoint(FixedPointMap.fromVectorMap(stepOf(vector, 0.5).vectorMap(0, 1), Structure.SYMMETRIC)),
        };
        double[] scale = {1, 1, 1, 1, 1, -2, -2};
        double[] w = random(random, p);
        double[] theta = {0.3};
        double[] v = random(random, p);
        double[] u = {random.nextGaussian()};
        double[][] reference = null;
        for (int c = 0; c < conditions.length; c++) {
            RootFunction condition = conditions[c];
            double[] value = new double[p];
            double[] av = new double[p];
            double[] atv = new double[p];
            double[] bu = new double[p];
            double[] btv = new double[1];
            condition.evaluate(w, theta, value);
            condition.linearize(w, theta);
            condition.jvpX(v, av);
            condition.vjpX(v, atv);
            condition.jvpTheta(u, bu);
            condition.vjpTheta(v, btv);
            double[][] products = {value, av, atv, bu, btv};
            for (double[] product : products) {
                for (int i = 0; i < product.length; i++) {
                    product[i] *= scale[c];
                }
            }
            if (reference == null) {
                reference = products;
                continue;
            }
            for (int k = 0; k < products.length; k++) {
                for (int i = 0; i < products[k].length; i++) {
                    assertEquals(reference[k][i], products[k][i], 1e-11 * (1 + Math.abs(reference[k][i])),
                            "condition " + c + ", product " + k + ", element " + i);
                }
            }
        }
        assertEquals(Structure.SYMMETRIC, conditions[5].structureX());
    }

    /** T(w, λ) = w − η F(w, λ) recorded on top of a recorded F. */
    static Function stepOf(Function vector, double eta) {
        Tape tape = new Tape();
        Tensor w = tape.input("w", RIDGE.p);
        Tensor lambda = tape.input("lambda");
        Tensor xs = tape.constant(RIDGE.x, RIDGE.n, RIDGE.p);
        Tensor gradient = xs.transposeMatvec(xs.matvec(w).sub(tape.constant(RIDGE.y))).mul(2.0 / RIDGE.n)
                .add(lambda.mul(w));
        return tape.build(w.sub(gradient.mul(eta)));
    }

    @Test
    void multiPartThetaProductsAreAdjointAndForkIndependent() {
        SplittableRandom random = new SplittableRandom(951);
        int n = RIDGE.n;
        int p = RIDGE.p;
        Function f = RIDGE.objectiveOfData();
        ParameterLayout layout = ParameterLayout.ofInputs(f, 1, 2, 3);
        double[] theta = layout.pack(new double[] {0.2}, RIDGE.x, RIDGE.y);
        assertEquals(1 + n * p + n, theta.length);
        RootFunction[] conditions = {RootFunction.gradientOf(f, 0, 1, 2, 3),
            RootFunction.fixedPoint(FixedPointMap.fromTape(RIDGE.gradientStepOfData(0.5), Structure.SYMMETRIC, 0, 1, 2, 3))};
        for (RootFunction condition : conditions) {
            double[] w = random(random, p);
            double[] u = random(random, layout.dimension());
            double[] v = random(random, p);
            condition.linearize(w, theta);
            double[] bu = new double[p];
            double[] btv = new double[layout.dimension()];
            condition.jvpTheta(u, bu);
            condition.vjpTheta(v, btv);
            double left = dot(v, bu);
            double right = dot(btv, u);
            assertEquals(left, right, 1e-10 * (Math.abs(left) + 1), condition + ": ⟨v, Bu⟩ = ⟨Bᵀv, u⟩");
            // a part of u that is zero costs no sweep and changes nothing
            double[] onlyLambda = new double[layout.dimension()];
            onlyLambda[0] = 1;
            double[] column = new double[p];
            condition.jvpTheta(onlyLambda, column);
            double[] e = new double[p];
            double[] row = new double[layout.dimension()];
            for (int i = 0; i < p; i++) {
                java.util.Arrays.fill(e, 0);
                e[i] = 1;
                condition.vjpTheta(e, row);
                assertEquals(row[0], column[i], 1e-12 * (1 + Math.abs(column[i])));
            }
            // a fork linearised elsewhere does not move this one's point
            RootFunction fork = condition.fork();
            fork.linearize(random(random, p), theta);
            double[] again = new double[p];
            condition.jvpTheta(u, again);
            assertArrayEquals(bu, again, 1e-12 * (1 + Math.abs(bu[0])));
        }
    }

    @Test
    void parameterLayoutPacksPartsInOrder() {
        ParameterLayout layout = ParameterLayout.of(1, 3, 2);
        assertEquals(6, layout.dimension());
        assertEquals(3, layout.parts());
        assertEquals(4, layout.offset(2));
        double[] theta = layout.pack(new double[] {9}, new double[] {1, 2, 3}, new double[] {4, 5});
        assertArrayEquals(new double[] {9, 1, 2, 3, 4, 5}, theta);
        assertArrayEquals(new double[] {1, 2, 3}, layout.part(theta, 1));
        assertEquals(layout, ParameterLayout.of(1, 3, 2));
        Function f = RIDGE.objectiveOfData();
        ParameterLayout inputs = ParameterLayout.ofInputs(f, 1, 3);
        assertEquals("lambda", inputs.name(0));
        assertEquals("y", inputs.name(1));
        assertTrue(inputs.toString().contains("y (300)"), inputs.toString());
        DimensionMismatchException wrong = assertThrows(DimensionMismatchException.class,
                () -> layout.pack(new double[] {9}, new double[] {1, 2}, new double[] {4, 5}));
        assertTrue(wrong.getMessage().contains("part 1"), wrong.getMessage());
        assertThrows(DimensionMismatchException.class, () -> layout.pack(new double[] {9}));
        assertThrows(InvalidOptionException.class, () -> ParameterLayout.ofInputs(f, 7));
    }

    @Test
    void recordedConditionsAreValidated() {
        Function f = RIDGE.objectiveOfData();
        InvalidOptionException missing = assertThrows(InvalidOptionException.class,
                () -> RootFunction.gradientOf(f, 0, 1, 2));
        assertTrue(missing.getMessage().contains("'y'"), missing.getMessage());
        InvalidOptionException twice = assertThrows(InvalidOptionException.class,
                () -> RootFunction.gradientOf(f, 0, 0, 1, 2, 3));
        assertTrue(twice.getMessage().contains("twice"), twice.getMessage());
        DimensionMismatchException vector = assertThrows(DimensionMismatchException.class,
                () -> RootFunction.gradientOf(gradientAsVector(), 0, 1));
        assertTrue(vector.getMessage().contains("scalar"), vector.getMessage());
        DimensionMismatchException scalar = assertThrows(DimensionMismatchException.class,
                () -> RootFunction.fromTape(f, Structure.GENERAL, 0, 1, 2, 3));
        assertTrue(scalar.getMessage().contains("as long as x"), scalar.getMessage());
        assertThrows(DimensionMismatchException.class,
                () -> FixedPointMap.fromVectorMap(RIDGE.objective().vectorMap(0, 1), Structure.GENERAL));
        assertThrows(InvalidOptionException.class, () -> FixedPointMap.gradientStep(RIDGE.objective().objective(0, 1), 0));
        assertThrows(InvalidOptionException.class,
                () -> FixedPointMap.gradientStep(RIDGE.objective().objective(0, 1), Double.NaN));
        RootFunction condition = RootFunction.gradientOf(f, 0, 1, 2, 3);
        DimensionMismatchException shortTheta = assertThrows(DimensionMismatchException.class,
                () -> condition.linearize(new double[RIDGE.p], new double[5]));
        assertTrue(shortTheta.getMessage().contains("lambda (1), X (3000), y (300)"), shortTheta.getMessage());
    }

    /** Counts the ∂ₓF products a derivative spends. */
    static final class Counting implements RootFunction {
        final RootFunction f;
        int products;

        Counting(RootFunction f) {
            this.f = f;
        }

        @Override public int dimension() { return f.dimension(); }
        @Override public int parameterDimension() { return f.parameterDimension(); }
        @Override public void evaluate(double[] x, double[] theta, double[] out) { f.evaluate(x, theta, out); }
        @Override public void linearize(double[] x, double[] theta) { f.linearize(x, theta); }
        @Override public void jvpX(double[] v, double[] out) { products++; f.jvpX(v, out); }
        @Override public void vjpX(double[] w, double[] out) { products++; f.vjpX(w, out); }
        @Override public void jvpTheta(double[] u, double[] out) { f.jvpTheta(u, out); }
        @Override public void vjpTheta(double[] w, double[] out) { f.vjpTheta(w, out); }
        @Override public Structure structureX() { return f.structureX(); }
        @Override public RootFunction fork() { return new Counting(f.fork()); }
    }

    @Test
    void aDenseSolveAssemblesAOncePerPointForJvpsVjpsAndJacobians() {
        Counting f = new Counting(RootFunction.fixedPoint(SolutionNodeTest.affine()));
        int n = f.dimension();
        ImplicitDiffWorkspace ws = ImplicitDiff.defaults().newWorkspace(f);
        assertEquals("dense LU", ws.solver().name());
        SplittableRandom random = new SplittableRandom(952);
        double[] theta = random(random, n + 1);
        theta[n] = 0.8;
        double[] x = random(random, n); // any point: the products do not need a root
        ws.jvp(x, theta, random(random, n + 1), new double[n]);
        assertEquals(n, f.products, "n products assemble A");
        ws.vjp(x, theta, random(random, n), new double[n + 1]);
        ws.vjp(x, theta, random(random, n), new double[n + 1]);
        assertEquals(n, f.products, "the VJPs at the same point solve with the factors of A");
        assertEquals(1, ((DirectSolverWorkspace) ws.solverWorkspace()).factorizations());
        double[] jacobian = new double[n * (n + 1)];
        ws.jacobian(x, theta, jacobian);
        assertEquals(2 * n, f.products, "the Jacobian's block solve assembles once for its n columns");
        x[0] += 1e-3;
        ws.vjp(x, theta, random(random, n), new double[n + 1]);
        assertEquals(3 * n, f.products, "a new point needs a new assembly");
        ws.invalidate();
        ws.vjp(x, theta, random(random, n), new double[n + 1]);
        assertEquals(4 * n, f.products, "and so does invalidate()");
    }
}
