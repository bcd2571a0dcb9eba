package org.rootgrad.solvers.constrained;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.rootgrad.testing.Allocations;

/**
 * Hot paths allocate nothing after warm-up: runs and derivatives of the QP solvers (every forward
 * and derivative method, reduced and full) at a fixed size and active set, and the projections'
 * project and derivative products. Measured by the shared steady-state probe (it waits for C2,
 * before which the Vector API allocates).
 */
class ConstrainedAllocationTest {

    @Test
    void equalityQpRunsAndDerivativesAllocateNothing() {
        int n = 12;
        int p = 5;
        Random rng = new Random(1);
        double[] theta = EqualityConstrainedQP.parameters(Reference.spd(rng, n, 0.5), Reference.gaussian(rng, n),
                Reference.fullRowRank(rng, p, n), Reference.gaussian(rng, p));
        for (DerivativeMethod dm : DerivativeMethod.values()) {
            for (EqualityConstrainedQP.Method m : EqualityConstrainedQP.Method.values()) {
                EqualityConstrainedQP qp = EqualityConstrainedQP.builder(n, p).method(m).derivativeMethod(dm).build();
                double[] init = new double[n + p];
                double[] zBar = Reference.gaussian(rng, n + p);
                double[] thetaDot = Reference.gaussian(rng, qp.parameterDimension());
                double[] zDot = new double[n + p];
                double[] thetaBar = new double[qp.parameterDimension()];
                Runnable body = () -> {
                    qp.run(init, theta);
                    qp.vjp(zBar, thetaBar);
                    qp.jvp(thetaDot, zDot);
                };
                assertEquals(0L, Allocations.steadyState(body, 5_000, 500), m + "/" + dm);
            }
        }
    }

    @Test
    void boxAndAdmmQpRunsAndDerivativesAllocateNothing() {
        int n = 8;
        PlantedQp pr = PlantedQp.random(3, n, 10);
        double[] boxTheta = BoxCDQPTest.problem(11).theta();
        for (DerivativeMethod dm : DerivativeMethod.values()) {
            for (boolean reduce : new boolean[] {true, false}) {
                AdmmQP qp = AdmmQP.builder(n, 10).derivativeMethod(dm).activeSetReduction(reduce).build();
                double[] init = new double[n + 10];
                double[] zBar = Reference.gaussian(new Random(2), n + 10);
                double[] thetaBar = new double[qp.parameterDimension()];
                double[] theta = pr.theta();
                Runnable admm = () -> {
                    qp.run(init, theta);
                    qp.vjp(zBar, thetaBar);
                };
                assertEquals(0L, Allocations.steadyState(admm, 2_000, 200), "AdmmQP " + dm + " reduce=" + reduce);
                BoxCDQP box = BoxCDQP.builder(BoxCDQPTest.N).derivativeMethod(dm).activeSetReduction(reduce).build();
                double[] x0 = new double[BoxCDQPTest.N];
                double[] xBar = Reference.gaussian(new Random(3), BoxCDQPTest.N);
                double[] boxBar = new double[box.parameterDimension()];
                Runnable cd = () -> {
                    box.run(x0, boxTheta);
                    box.vjp(xBar, boxBar);
                };
                assertEquals(0L, Allocations.steadyState(cd, 2_000, 200), "BoxCDQP " + dm + " reduce=" + reduce);
            }
        }
    }

    @Test
    void projectionsAllocateNothing() {
        int n = 6;
        Random rng = new Random(4);
        double[] lower = new double[n];
        double[] upper = new double[n];
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            lower[i] = -0.4;
            upper[i] = 0.5;
            a[i] = 0.5 + rng.nextDouble();
        }
        double[] theta = BoxHyperplaneProjection.parameters(lower, upper, a, 0.3);
        BoxHyperplaneProjection bh = BoxHyperplaneProjection.create(n);
        double[] v = Reference.gaussian(rng, n);
        double[] out = new double[n];
        double[] dTheta = new double[theta.length];
        double[] thetaBar = new double[theta.length];
        Runnable box = () -> {
            bh.project(v, theta, out);
            bh.linearize(v, theta);
            bh.jvpV(v, out);
            bh.vjpTheta(v, thetaBar);
            bh.jvpTheta(dTheta, out);
        };
        assertEquals(0L, Allocations.steadyState(box, 5_000, 500), "box ∩ hyperplane");
        TransportProjection t = TransportProjection.birkhoff(3);
        double[] y = Reference.gaussian(rng, 9);
        double[] x = new double[9];
        Runnable birkhoff = () -> {
            t.linearize(y, null);
            t.jvpV(y, x);
        };
        assertEquals(0L, Allocations.steadyState(birkhoff, 2_000, 200), "Birkhoff");
    }
}
