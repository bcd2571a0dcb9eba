package org.rootgrad.autodiff;

import java.util.concurrent.atomic.AtomicInteger;

/** Custom primitives written as a user would, with hand-derived rules, for the tests. */
final class CustomPrimitives {
    private CustomPrimitives() {}

    /**
     * y = x³ element-wise, with all rules including the second-order one; counts its states, and
     * in each state its calls: [0] value, [1] jvp, [2] vjp, [3] vjpTangent.
     */
    static final class Cube implements Primitive<double[]> {
        final AtomicInteger states = new AtomicInteger();

        @Override
        public String name() {
            return "cube";
        }

        @Override
        public double[] newState() {
            states.incrementAndGet();
            return new double[4]; // call counters, to show state is per workspace
        }

        @Override
        public void value(double[] state, double[][] inputs, double[] output) {
            state[0]++;
            double[] x = inputs[0];
            for (int i = 0; i < x.length; i++) {
                output[i] = x[i] * x[i] * x[i];
            }
        }

        @Override
        public void jvp(double[] state, double[][] inputs, double[] output, double[][] inputTangents,
                        double[] outputTangent) {
            state[1]++;
            double[] x = inputs[0];
            double[] t = inputTangents[0];
            for (int i = 0; i < x.length; i++) {
                outputTangent[i] = 3 * x[i] * x[i] * t[i];
            }
        }

        @Override
        public void vjp(double[] state, double[][] inputs, double[] output, double[] outputAdjoint,
                        double[][] inputAdjoints) {
            state[2]++;
            double[] x = inputs[0];
            for (int i = 0; i < x.length; i++) {
                inputAdjoints[0][i] = 3 * x[i] * x[i] * outputAdjoint[i];
            }
        }

        @Override
        public void vjpTangent(double[] state, double[][] inputs, double[] output,
                               double[][] inputTangents, double[] outputTangent,
                               double[] outputAdjoint, double[] outputAdjointTangent,
                               double[][] inputAdjointTangents) {
            state[3]++;
            double[] x = inputs[0];
            double[] t = inputTangents[0];
            for (int i = 0; i < x.length; i++) {
                inputAdjointTangents[0][i] = 3 * x[i] * x[i] * outputAdjointTangent[i]
                        + 6 * x[i] * t[i] * outputAdjoint[i];
            }
        }
    }

    /**
     * x = A⁻¹b for a 2×2 matrix A (input 0, row-major, 4 elements) and b (input 1): the smallest
     * "solver" primitive. JVP ẋ = A⁻¹(ḃ − Ȧx); VJP λ = A⁻ᵀx̄, b̄ = λ, Ā = −λxᵀ. First order only:
     * second-order products through it must fail with its name.
     */
    static class Solve2x2 implements Primitive<double[]> {
        @Override
        public String name() {
            return "solve2x2";
        }

        @Override
        public double[] newState() {
            return new double[4]; // the inverse of A at the last value call
        }

        @Override
        public void value(double[] inv, double[][] inputs, double[] x) {
            double[] a = inputs[0];
            double det = a[0] * a[3] - a[1] * a[2];
            inv[0] = a[3] / det;
            inv[1] = -a[1] / det;
            inv[2] = -a[2] / det;
            inv[3] = a[0] / det;
            double[] b = inputs[1];
            x[0] = inv[0] * b[0] + inv[1] * b[1];
            x[1] = inv[2] * b[0] + inv[3] * b[1];
        }

        static void solve(double[] inv, double r0, double r1, double[] out) {
            out[0] = inv[0] * r0 + inv[1] * r1;
            out[1] = inv[2] * r0 + inv[3] * r1;
        }

        static void solveTransposed(double[] inv, double r0, double r1, double[] out) {
            out[0] = inv[0] * r0 + inv[2] * r1;
            out[1] = inv[1] * r0 + inv[3] * r1;
        }

        @Override
        public void jvp(double[] inv, double[][] inputs, double[] x, double[][] tangents,
                        double[] xDot) {
            double r0 = 0;
            double r1 = 0;
            if (tangents[1] != null) {
                r0 += tangents[1][0];
                r1 += tangents[1][1];
            }
            if (tangents[0] != null) {
                double[] ad = tangents[0];
                r0 -= ad[0] * x[0] + ad[1] * x[1];
                r1 -= ad[2] * x[0] + ad[3] * x[1];
            }
            solve(inv, r0, r1, xDot);
        }

        @Override
        public void vjp(double[] inv, double[][] inputs, double[] x, double[] xBar,
                        double[][] adjoints) {
            double l0 = inv[0] * xBar[0] + inv[2] * xBar[1];
            double l1 = inv[1] * xBar[0] + inv[3] * xBar[1];
            if (adjoints[1] != null) {
                adjoints[1][0] = l0;
                adjoints[1][1] = l1;
            }
            if (adjoints[0] != null) {
                double[] ab = adjoints[0];
                ab[0] = -l0 * x[0];
                ab[1] = -l0 * x[1];
                ab[2] = -l1 * x[0];
                ab[3] = -l1 * x[1];
            }
        }
    }

    /**
     * Solve2x2 with its second-order rule: with λ = A⁻ᵀx̄, its tangent is
     * λ̇ = A⁻ᵀ(x̄̇ − Ȧᵀλ); then ḃ̄ = λ̇ and Ā̇ = −λ̇xᵀ − λẋᵀ (ẋ is the output tangent).
     */
    static final class Solve2x2SecondOrder extends Solve2x2 {
        @Override
        public String name() {
            return "solve2x2 (second order)";
        }

        @Override
        public void vjpTangent(double[] inv, double[][] inputs, double[] x, double[][] tangents,
                               double[] xDot, double[] xBar, double[] xBarDot, double[][] adjointTangents) {
            double l0 = inv[0] * xBar[0] + inv[2] * xBar[1];
            double l1 = inv[1] * xBar[0] + inv[3] * xBar[1];
            double r0 = xBarDot[0];
            double r1 = xBarDot[1];
            if (tangents[0] != null) {
                double[] ad = tangents[0]; // r −= Ȧᵀλ
                r0 -= ad[0] * l0 + ad[2] * l1;
                r1 -= ad[1] * l0 + ad[3] * l1;
            }
            double ld0 = inv[0] * r0 + inv[2] * r1;
            double ld1 = inv[1] * r0 + inv[3] * r1;
            if (adjointTangents[1] != null) {
                adjointTangents[1][0] = ld0;
                adjointTangents[1][1] = ld1;
            }
            if (adjointTangents[0] != null) {
                double xd0 = xDot == null ? 0 : xDot[0];
                double xd1 = xDot == null ? 0 : xDot[1];
                double[] ab = adjointTangents[0];
                ab[0] = -ld0 * x[0] - l0 * xd0;
                ab[1] = -ld0 * x[1] - l0 * xd1;
                ab[2] = -ld1 * x[0] - l1 * xd0;
                ab[3] = -ld1 * x[1] - l1 * xd1;
            }
        }
    }
}
