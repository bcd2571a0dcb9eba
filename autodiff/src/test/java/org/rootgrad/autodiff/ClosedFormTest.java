package org.rootgrad.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.rootgrad.autodiff.TestSupport.assertClose;
import static org.rootgrad.autodiff.TestSupport.gaussian;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Derivatives against closed forms written out by hand: quadratics, a parametric quadratic with
 * known mixed derivatives, logistic regression (fused and composed from elementary ops), least
 * squares, logSumExp, softmax and softmax cross-entropy. Tolerance 1e-11 relative (only
 * summation order differs).
 */
class ClosedFormTest {
    private static final double TOL = 1e-11;
    private final SplittableRandom rnd = new SplittableRandom(2024);

    private static double[] symmetric(SplittableRandom rnd, int n) {
        double[] q = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double v = rnd.nextGaussian();
                q[i * n + j] = v;
                q[j * n + i] = v;
            }
        }
        return q;
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

    @Test
    void quadraticGradientHessianAndHessianVector() {
        int n = 7;
        double[] q = symmetric(rnd, n);
        double[] b = gaussian(rnd, n);
        Tape tape = new Tape();
        Tensor x = tape.input("x", n);
        Tensor f = x.dot(tape.constant(q, n, n).matvec(x)).mul(0.5).add(tape.constant(b).dot(x));
        Function fn = tape.build(f);
        Workspace ws = fn.newWorkspace();
        double[] x0 = gaussian(rnd, n);
        ws.setInput(0, x0);

        double[] qx = matvec(q, n, n, x0);
        double expectedValue = 0.5 * TestSupport.dot(x0, qx) + TestSupport.dot(b, x0);
        double[] grad = new double[n];
        assertClose(expectedValue, fn.valueAndGradient(ws, 0, grad), TOL, "value");
        double[] expectedGrad = new double[n];
        for (int i = 0; i < n; i++) {
            expectedGrad[i] = qx[i] + b[i];
        }
        assertClose(expectedGrad, grad, TOL, "gradient Qx + b");

        double[] hessian = new double[n * n];
        fn.hessian(ws, 0, hessian);
        assertClose(q, hessian, TOL, "Hessian Q");
        double[] v = gaussian(rnd, n);
        double[] hv = new double[n];
        fn.hessianVector(ws, 0, v, hv);
        assertClose(matvec(q, n, n, v), hv, TOL, "Hv = Qv");
    }

    @Test
    void parametricQuadraticMixedDerivatives() {
        // f(x, θ) = ½θ₀‖x‖² + θ₁·b·x + θ₂·Σx: ∇ₓf = θ₀x + θ₁b + θ₂1, ∇²ₓθf = [x | b | 1]
        int n = 5;
        double[] b = gaussian(rnd, n);
        Tape tape = new Tape();
        Tensor x = tape.input("x", n);
        Tensor theta = tape.input("theta", 3);
        Tensor f = theta.element(0).mul(x.squaredNorm()).mul(0.5)
                .add(theta.element(1).mul(tape.constant(b).dot(x)))
                .add(theta.element(2).mul(x.sum()));
        Objective objective = tape.build(f).objective(0, 1);
        assertEquals(n, objective.dimension());
        assertEquals(3, objective.parameterDimension());
        double[] x0 = gaussian(rnd, n);
        double[] t0 = gaussian(rnd, 3);

        double[] grad = new double[n];
        objective.gradient(x0, t0, grad);
        double[] expected = new double[n];
        for (int i = 0; i < n; i++) {
            expected[i] = t0[0] * x0[i] + t0[1] * b[i] + t0[2];
        }
        assertClose(expected, grad, TOL, "∇ₓf");

        objective.linearize(x0, t0);
        double[] v = gaussian(rnd, n);
        double[] hv = new double[n];
        objective.hessianVector(v, hv);
        double[] expectedHv = new double[n];
        for (int i = 0; i < n; i++) {
            expectedHv[i] = t0[0] * v[i];
        }
        assertClose(expectedHv, hv, TOL, "∇²ₓₓf·v = θ₀v");

        double[] u = gaussian(rnd, 3);
        double[] mixed = new double[n];
        objective.mixedVector(u, mixed);
        double[] expectedMixed = new double[n];
        for (int i = 0; i < n; i++) {
            expectedMixed[i] = u[0] * x0[i] + u[1] * b[i] + u[2];
        }
        assertClose(expectedMixed, mixed, TOL, "∇²ₓθf·u");

        double[] w = gaussian(rnd, n);
        double[] mixedT = new double[3];
        objective.mixedTransposeVector(w, mixedT);
        double sumW = 0;
        for (double wi : w) {
            sumW += wi;
        }
        assertClose(new double[] {TestSupport.dot(x0, w), TestSupport.dot(b, w), sumW}, mixedT, TOL,
                "(∇²ₓθf)ᵀ·w");
    }

    /** Logistic data: X n×p, labels ±1, weights. */
    private record LogisticData(int n, int p, double[] x, double[] y, double[] w) {}

    private LogisticData logisticData() {
        int n = 11;
        int p = 4;
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = rnd.nextBoolean() ? 1 : -1;
        }
        return new LogisticData(n, p, gaussian(rnd, n * p), y, gaussian(rnd, p));
    }

    private static void checkLogistic(Function fn, LogisticData d) {
        int n = d.n();
        int p = d.p();
        Workspace ws = fn.newWorkspace();
        ws.setInput(0, d.w());
        double value = 0;
        double[] grad = new double[p];
        double[] hessian = new double[p * p];
        for (int i = 0; i < n; i++) {
            double m = 0;
            for (int j = 0; j < p; j++) {
                m += d.x()[i * p + j] * d.w()[j];
            }
            double s = 1 / (1 + Math.exp(d.y()[i] * m)); // σ(−y m)
            value += Math.log1p(Math.exp(-d.y()[i] * m)) / n;
            for (int j = 0; j < p; j++) {
                grad[j] -= d.y()[i] * s * d.x()[i * p + j] / n;
                for (int l = 0; l < p; l++) {
                    hessian[j * p + l] += s * (1 - s) * d.x()[i * p + j] * d.x()[i * p + l] / n;
                }
            }
        }
        double[] g = new double[p];
        assertClose(value, fn.valueAndGradient(ws, 0, g), TOL, "logistic value");
        assertClose(grad, g, TOL, "logistic gradient");
        double[] h = new double[p * p];
        fn.hessian(ws, 0, h);
        assertClose(hessian, h, TOL, "logistic Hessian XᵀDX");
    }

    @Test
    void fusedLogisticMatchesClosedForm() {
        LogisticData d = logisticData();
        Tape tape = new Tape();
        Tensor w = tape.input("w", d.p());
        Function fn = tape.build(tape.binaryLogisticLoss(tape.constant(d.x(), d.n(), d.p()), w,
                tape.constant(d.y())));
        checkLogistic(fn, d);
    }

    @Test
    void composedLogisticMatchesClosedForm() {
        LogisticData d = logisticData();
        Tape tape = new Tape();
        Tensor w = tape.input("w", d.p());
        Tensor margins = tape.constant(d.x(), d.n(), d.p()).matvec(w);
        Function fn = tape.build(margins.mul(tape.constant(d.y())).neg().softplus().mean());
        checkLogistic(fn, d);
        Tape tape2 = new Tape();
        Tensor w2 = tape2.input("w", d.p());
        Function viaLossOp = tape2.build(tape2.binaryLogisticLoss(
                tape2.constant(d.x(), d.n(), d.p()).matvec(w2), tape2.constant(d.y())));
        checkLogistic(viaLossOp, d);
    }

    @Test
    void leastSquaresMatchesClosedForm() {
        int n = 9;
        int p = 3;
        double[] x = gaussian(rnd, n * p);
        double[] b = gaussian(rnd, n);
        double[] w = gaussian(rnd, p);
        Tape tape = new Tape();
        Tensor wt = tape.input("w", p);
        Function fn = tape.build(tape.leastSquares(tape.constant(x, n, p), wt, tape.constant(b)));
        Workspace ws = fn.newWorkspace().setInputs(w);
        double[] r = matvec(x, n, p, w);
        double value = 0;
        double[] grad = new double[p];
        double[] hessian = new double[p * p];
        for (int i = 0; i < n; i++) {
            r[i] -= b[i];
            value += r[i] * r[i] / (2.0 * n);
            for (int j = 0; j < p; j++) {
                grad[j] += x[i * p + j] * r[i] / n;
                for (int l = 0; l < p; l++) {
                    hessian[j * p + l] += x[i * p + j] * x[i * p + l] / n;
                }
            }
        }
        double[] g = new double[p];
        assertClose(value, fn.valueAndGradient(ws, 0, g), TOL, "value");
        assertClose(grad, g, TOL, "gradient Xᵀ(Xw − b)/n");
        double[] h = new double[p * p];
        fn.hessian(ws, 0, h);
        assertClose(hessian, h, TOL, "Hessian XᵀX/n");
    }

    private static double[] softmax(double[] x) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : x) {
            max = Math.max(max, v);
        }
        double total = 0;
        double[] p = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            p[i] = Math.exp(x[i] - max);
            total += p[i];
        }
        for (int i = 0; i < x.length; i++) {
            p[i] /= total;
        }
        return p;
    }

    private static double[] softmaxJacobian(double[] pi) {
        int n = pi.length;
        double[] j = new double[n * n];
        for (int a = 0; a < n; a++) {
            for (int b = 0; b < n; b++) {
                j[a * n + b] = (a == b ? pi[a] : 0) - pi[a] * pi[b];
            }
        }
        return j;
    }

    @Test
    void logSumExpGradientIsSoftmaxAndHessianIsItsJacobian() {
        int n = 6;
        double[] x = gaussian(rnd, n);
        x[2] += 700; // stability: a naive exp would overflow
        Tape tape = new Tape();
        Function fn = tape.build(tape.input("x", n).logSumExp());
        Workspace ws = fn.newWorkspace().setInputs(x);
        double[] pi = softmax(x);
        double max = 0;
        for (double v : x) {
            max = Math.max(max, v);
        }
        double lse = 0;
        for (double v : x) {
            lse += Math.exp(v - max);
        }
        double[] g = new double[n];
        assertClose(max + Math.log(lse), fn.valueAndGradient(ws, 0, g), TOL, "logSumExp value");
        assertClose(pi, g, TOL, "∇ logSumExp = softmax");
        double[] h = new double[n * n];
        fn.hessian(ws, 0, h);
        assertClose(softmaxJacobian(pi), h, TOL, "∇² logSumExp = diag(π) − ππᵀ");
    }

    @Test
    void softmaxJacobian() {
        int n = 5;
        double[] x = gaussian(rnd, n);
        Tape tape = new Tape();
        Function fn = tape.build(tape.input("x", n).softmax());
        Workspace ws = fn.newWorkspace().setInputs(x);
        double[] out = new double[n];
        fn.value(ws, out);
        double[] pi = softmax(x);
        assertClose(pi, out, TOL, "softmax value");
        double[] jac = new double[n * n];
        fn.jacobian(ws, 0, jac);
        assertClose(softmaxJacobian(pi), jac, TOL, "softmax Jacobian");
    }

    @Test
    void softmaxCrossEntropyGradientIsProbabilitiesMinusOneHot() {
        int n = 4;
        int k = 3;
        int[] labels = {1, 0, 2, 2};
        double[] z = gaussian(rnd, n * k);
        Tape tape = new Tape();
        Function fn = tape.build(tape.softmaxCrossEntropy(tape.input("Z", n, k), labels));
        Workspace ws = fn.newWorkspace().setInputs(z);
        double value = 0;
        double[] grad = new double[n * k];
        for (int r = 0; r < n; r++) {
            double[] row = java.util.Arrays.copyOfRange(z, r * k, r * k + k);
            double[] pi = softmax(row);
            value -= Math.log(pi[labels[r]]) / n;
            for (int c = 0; c < k; c++) {
                grad[r * k + c] = (pi[c] - (c == labels[r] ? 1 : 0)) / n;
            }
        }
        double[] g = new double[n * k];
        assertClose(value, fn.valueAndGradient(ws, 0, g), TOL, "cross-entropy value");
        assertClose(grad, g, TOL, "(π − onehot)/n");
    }

    @Test
    void matvecJacobianIsTheMatrix() {
        int m = 3;
        int n = 4;
        double[] a = gaussian(rnd, m * n);
        Tape tape = new Tape();
        Tensor x = tape.input("x", n);
        Function fn = tape.build(tape.constant(a, m, n).matvec(x));
        Function fnT = tape.build(tape.constant(a, m, n).transpose().transposeMatvec(x));
        Workspace ws = fn.newWorkspace().setInputs(gaussian(rnd, n));
        double[] jac = new double[m * n];
        fn.jacobian(ws, 0, jac);
        assertClose(a, jac, 0, "∂(Ax)/∂x = A, exactly");
        Workspace wsT = fnT.newWorkspace().setInputs(gaussian(rnd, n));
        fnT.jacobian(wsT, 0, jac);
        assertClose(a, jac, 0, "∂((Aᵀ)ᵀx)/∂x = A, exactly");
    }
}
