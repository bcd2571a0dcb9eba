package org.rootgrad.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.rootgrad.autodiff.TestSupport.assertClose;
import static org.rootgrad.autodiff.TestSupport.gaussian;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The Objective and VectorMap adapters against the Function they wrap and its dense derivatives,
 * and the workspace caching: repeated products at one point reuse the forward values and the
 * adjoints (counted through a custom primitive's calls).
 */
class AdaptersAndCachingTest {
    private final SplittableRandom rnd = new SplittableRandom(99);

    private static final class Counted {
        final CustomPrimitives.Cube cube = new CustomPrimitives.Cube();
        final Function f;

        Counted() {
            Tape tape = new Tape();
            Tensor x = tape.input("x", 4);
            Tensor theta = tape.input("theta", 2);
            Tensor y = tape.apply(cube, Shape.vector(4), x.mul(theta.element(0)).tanh());
            f = tape.build(y.logSumExp().add(x.squaredNorm().mul(theta.element(1))));
        }

        double[] calls(Workspace ws) {
            return ((double[]) ws.custom[f.program[findCustom()]].state).clone();
        }

        private int findCustom() {
            for (int idx = 0; idx < f.program.length; idx++) {
                if (f.op[f.program[idx]] == Op.CUSTOM) {
                    return idx;
                }
            }
            throw new AssertionError();
        }
    }

    @Test
    void repeatedProductsAtOnePointReuseValuesAndAdjoints() {
        Counted c = new Counted();
        Function f = c.f;
        Workspace ws = f.newWorkspace();
        double[] x = gaussian(rnd, 4);
        double[] theta = {0.7, 0.3};
        ws.setInputs(x, theta);
        double[] g = new double[4];
        f.gradient(ws, 0, g);
        assertArrayEquals(new double[] {1, 0, 1, 0}, c.calls(ws), "one forward, one reverse");
        double[] out = new double[4];
        for (int i = 0; i < 10; i++) {
            f.hessianVector(ws, 0, gaussian(rnd, 4), out);
        }
        assertArrayEquals(new double[] {1, 10, 1, 10}, c.calls(ws),
                "each HVP is one tangent and one second-order sweep; values and adjoints are cached");
        ws.setInputs(x.clone(), theta.clone()); // same bits: still cached
        f.gradient(ws, 0, g);
        f.value(ws);
        assertArrayEquals(new double[] {1, 10, 1, 10}, c.calls(ws));
        double[] moved = x.clone();
        moved[2] += 1e-9;
        ws.setInputs(moved, theta);
        f.gradient(ws, 0, g);
        assertArrayEquals(new double[] {2, 10, 2, 10}, c.calls(ws), "a changed input recomputes");
        ws.invalidate();
        f.value(ws);
        assertArrayEquals(new double[] {3, 10, 2, 10}, c.calls(ws), "invalidate() forgets values");
    }

    @Test
    void objectiveMatchesTheFunctionAndKeepsItsLinearizationPoint() {
        Counted c = new Counted();
        Function f = c.f;
        Objective objective = f.objective(0, 1);
        double[] x = gaussian(rnd, 4);
        double[] theta = {0.9, 0.4};
        Workspace ws = f.newWorkspace().setInputs(x, theta);

        double[] g = new double[4];
        double[] expectedG = new double[4];
        assertEquals(f.valueAndGradient(ws, 0, expectedG), objective.valueAndGradient(x, theta, g), 0.0);
        assertArrayEquals(expectedG, g, 0.0);
        assertEquals(f.value(ws), objective.value(x, theta), 0.0);

        double[] hxx = new double[16];
        double[] hxt = new double[8];
        f.hessian(ws, 0, hxx);
        f.hessian(ws, 0, 1, hxt);
        objective.linearize(x, theta);
        objective.value(gaussian(rnd, 4), new double[] {2, 2}); // a line search elsewhere
        double[] v = gaussian(rnd, 4);
        double[] u = gaussian(rnd, 2);
        double[] hv = new double[4];
        objective.hessianVector(v, hv);
        assertClose(matvec(hxx, 4, 4, v), hv, 1e-13, "Objective.hessianVector = dense Hessian · v");
        double[] mixed = new double[4];
        objective.mixedVector(u, mixed);
        assertClose(matvec(hxt, 4, 2, u), mixed, 1e-13, "Objective.mixedVector = ∇²ₓθf · u");
        double[] mixedT = new double[2];
        objective.mixedTransposeVector(v, mixedT);
        assertClose(matvecTransposed(hxt, 4, 2, v), mixedT, 1e-13, "(∇²ₓθf)ᵀ · w");

        Objective other = objective.fork();
        other.linearize(gaussian(rnd, 4), new double[] {0.1, 0.1});
        double[] again = new double[4];
        objective.hessianVector(v, again);
        assertArrayEquals(hv, again, 0.0, "a fork has its own point");
    }

    @Test
    void vectorMapProductsMatchDenseJacobians() {
        Tape tape = new Tape();
        Tensor x = tape.input("x", 3);
        Tensor theta = tape.input("theta", 2);
        Tensor f = tape.constant(gaussian(rnd, 6), 3, 2).matvec(theta).mul(x.tanh()).add(x.mul(x.sum()));
        Function fn = tape.build(f);
        VectorMap map = fn.vectorMap(0, 1);
        assertEquals(3, map.outputSize());
        assertEquals(3, map.dimension());
        assertEquals(2, map.parameterDimension());
        double[] x0 = gaussian(rnd, 3);
        double[] t0 = gaussian(rnd, 2);
        Workspace ws = fn.newWorkspace().setInputs(x0, t0);
        double[] a = new double[9];
        double[] b = new double[6];
        fn.jacobian(ws, 0, a);
        fn.jacobian(ws, 1, b);
        double[] value = new double[3];
        fn.value(ws, value);
        double[] out = new double[3];
        map.evaluate(x0, t0, out);
        assertArrayEquals(value, out, 0.0);

        map.linearize(x0, t0);
        map.valueAtLinearization(out);
        assertArrayEquals(value, out, 0.0);
        double[] v = gaussian(rnd, 3);
        double[] u = gaussian(rnd, 2);
        double[] w = gaussian(rnd, 3);
        map.jvpX(v, out);
        assertClose(matvec(a, 3, 3, v), out, 1e-13, "A v");
        map.vjpX(w, out);
        assertClose(matvecTransposed(a, 3, 3, w), out, 1e-13, "Aᵀ w");
        map.jvpTheta(u, out);
        assertClose(matvec(b, 3, 2, u), out, 1e-13, "B u");
        double[] bt = new double[2];
        map.vjpTheta(w, bt);
        assertClose(matvecTransposed(b, 3, 2, w), bt, 1e-13, "Bᵀ w");
        // the dense Jacobians themselves against finite differences
        double[][] point = {x0, t0};
        for (int j = 0; j < 3; j++) {
            double[] e = new double[3];
            e[j] = 1;
            double[] column = TestSupport.finiteDifferenceJvp(fn, point, 0, e);
            for (int r = 0; r < 3; r++) {
                assertEquals(column[r], a[r * 3 + j], 1e-8);
            }
        }
    }

    @Test
    void unrolledSolverIterationsRecordAndDifferentiate() {
        // K gradient steps on ½xᵀQx − θᵀx: x ← x − η(Qx − θ) = Ax + ηθ with A = I − ηQ, so
        // x_K = ηΣ_{j<K} Aʲθ (x₀ = 0) and ∇θ ½‖x_K‖² = ηΣ_j (Aʲ)ᵀ x_K.
        int n = 4;
        int steps = 400;
        double eta = 0.1;
        double[] q = {2, 0.3, 0, 0.1, 0.3, 1.5, 0.2, 0, 0, 0.2, 1, 0.1, 0.1, 0, 0.1, 0.8};
        Tape tape = new Tape();
        Tensor theta = tape.input("theta", n);
        Tensor qt = tape.constant(q, n, n);
        Tensor xk = tape.constant(new double[n]);
        for (int k = 0; k < steps; k++) {
            xk = xk.sub(qt.matvec(xk).sub(theta).mul(eta));
        }
        Function fn = tape.build(xk.squaredNorm().mul(0.5));
        assertEquals(steps * 4 + 2, fn.operationCount(), "four ops per step, two at the end");
        double[] t0 = gaussian(rnd, n);
        Workspace ws = fn.newWorkspace().setInputs(t0);
        double[] g = new double[n];
        fn.gradient(ws, 0, g);

        double[] a = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                a[i * n + j] = (i == j ? 1 : 0) - eta * q[i * n + j];
            }
        }
        double[] x = new double[n];
        double[] power = t0.clone();
        for (int j = 0; j < steps; j++) {
            for (int i = 0; i < n; i++) {
                x[i] += eta * power[i];
            }
            power = matvec(a, n, n, power);
        }
        double[] expected = new double[n];
        double[] back = x.clone();
        for (int j = 0; j < steps; j++) {
            for (int i = 0; i < n; i++) {
                expected[i] += eta * back[i];
            }
            back = matvecTransposed(a, n, n, back);
        }
        assertClose(expected, g, 1e-10, "gradient through 400 unrolled steps");
        double[] h = new double[n * n];
        fn.hessian(ws, 0, h);
        double[] v = gaussian(rnd, n);
        double[] hv = new double[n];
        fn.hessianVector(ws, 0, v, hv);
        assertClose(matvec(h, n, n, v), hv, 1e-12, "Hessian-vector product through the unrolled steps");
    }

    private static double[] matvec(double[] a, int m, int n, double[] x) {
        double[] y = new double[m];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                y[i] += a[i * n + j] * x[j];
            }
        }
        return y;
    }

    private static double[] matvecTransposed(double[] a, int m, int n, double[] x) {
        double[] y = new double[n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                y[j] += a[i * n + j] * x[i];
            }
        }
        return y;
    }
}
