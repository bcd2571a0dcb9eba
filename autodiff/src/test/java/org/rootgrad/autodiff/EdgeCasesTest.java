package org.rootgrad.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * Degenerate recordings: the output is an input, a view of an input, or a constant; an input
 * does not reach the output; dead code; a constant changed in place. Expected values are exact.
 */
class EdgeCasesTest {

    @Test
    void outputIsTheInputItself() {
        Tape t = new Tape();
        Tensor x = t.input("x", 3);
        Function f = t.build(x);
        Workspace ws = f.newWorkspace().setInputs(new double[] {1, 2, 3});
        double[] out = new double[3];
        f.value(ws, out);
        assertArrayEquals(new double[] {1, 2, 3}, out, 0.0);
        double[] jac = new double[9];
        f.jacobian(ws, 0, jac);
        assertArrayEquals(new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1}, jac, 0.0);
        assertEquals(0, f.operationCount());
    }

    @Test
    void outputIsAViewOfAnInput() {
        Tape t = new Tape();
        Tensor x = t.input("x", 2, 2);
        Function f = t.build(x.element(2));
        Workspace ws = f.newWorkspace().setInputs(new double[] {1, 2, 3, 4});
        assertEquals(3, f.value(ws), 0.0);
        double[] g = new double[4];
        f.gradient(ws, 0, g);
        assertArrayEquals(new double[] {0, 0, 1, 0}, g, 0.0);
        double[] hv = new double[4];
        f.hessianVector(ws, 0, new double[] {1, 1, 1, 1}, hv);
        assertArrayEquals(new double[4], hv, 0.0);
    }

    @Test
    void constantOutputAndUnusedInputsHaveZeroDerivatives() {
        Tape t = new Tape();
        Tensor x = t.input("x", 2);
        Tensor unused = t.input("unused", 3);
        Tensor dead = unused.exp().sum(); // recorded, but not part of the output
        Function constant = t.build(t.constant(new double[] {7}, new int[0]));
        Workspace ws = constant.newWorkspace().setInputs(new double[2], new double[3]);
        assertEquals(7, constant.value(ws), 0.0);
        double[] g = {5, 5};
        constant.gradient(ws, 0, g);
        assertArrayEquals(new double[2], g, 0.0);

        Function f = t.build(x.squaredNorm());
        assertEquals(1, f.operationCount(), "the dead exp/sum are not part of the sweeps");
        Workspace fw = f.newWorkspace().setInputs(new double[] {1, 2}, new double[] {1, 1, 1});
        double[] gu = {9, 9, 9};
        f.gradient(fw, 1, gu);
        assertArrayEquals(new double[3], gu, 0.0);
        double[] mixed = {9, 9, 9};
        f.secondOrder(fw, 0, new double[] {1, 1}, 1, mixed);
        assertArrayEquals(new double[3], mixed, 0.0);
        double[] jv = {9};
        f.jvp(fw, 1, new double[] {1, 1, 1}, jv);
        assertArrayEquals(new double[1], jv, 0.0);
        assertEquals("Tensor#" + dead.node + "[]", dead.toString());
    }

    @Test
    void constantsAreHeldByReference() {
        double[] data = {1, 2};
        Tape t = new Tape();
        Tensor x = t.input("x", 2);
        Function f = t.build(x.dot(t.constant(data)));
        Workspace ws = f.newWorkspace().setInputs(new double[] {1, 1});
        assertEquals(3, f.value(ws), 0.0);
        data[1] = 10;
        assertEquals(3, f.value(ws), 0.0, "cached while the inputs are unchanged");
        ws.invalidate();
        assertEquals(11, f.value(ws), 0.0, "the new contents after invalidate()");
    }
}
