package org.rootgrad.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.rootgrad.testing.Allocations;

/**
 * After warm-up, no evaluation path allocates: values, gradients, JVPs, VJPs, Hessian-vector and
 * mixed products, for every op (the cases of {@link OpDerivativesTest}), custom primitives with
 * state, and the Objective and VectorMap adapters. Measured with the thread's allocated-bytes
 * counter around windows of many calls after a warm-up, until one window allocates nothing
 * ({@link Allocations}). Inputs alternate between two points so every round recomputes the
 * forward sweep too.
 */
class ZeroAllocationTest {
    /** Everything one case evaluates, with all buffers allocated up front. */
    private static final class Exercise {
        final Function raw;
        final Function scalar;
        final Workspace rawWs;
        final Workspace scalarWs;
        final double[][][] points;
        final double[][] directions;
        final double[][] outputsPerInput;
        final double[][] gradients;
        final double[] out;
        final double[] cotangent;

        Exercise(OpCase c, SplittableRandom rnd) {
            Function[] fns = c.build(rnd);
            raw = fns[0];
            scalar = fns[1];
            rawWs = raw.newWorkspace();
            scalarWs = scalar.newWorkspace();
            points = new double[][][] {c.points().next(rnd), c.points().next(rnd)};
            int count = raw.inputCount();
            directions = new double[count][];
            outputsPerInput = new double[count][];
            gradients = new double[count][];
            for (int k = 0; k < count; k++) {
                directions[k] = TestSupport.gaussian(rnd, raw.inputSize(k));
                outputsPerInput[k] = new double[raw.inputSize(k)];
                gradients[k] = new double[raw.inputSize(k)];
            }
            out = new double[raw.outputSize()];
            cotangent = TestSupport.gaussian(rnd, raw.outputSize());
        }

        void round(int r) {
            double[][] point = points[r & 1];
            int count = point.length;
            for (int k = 0; k < count; k++) {
                rawWs.setInput(k, point[k]);
                scalarWs.setInput(k, point[k]);
            }
            raw.value(rawWs, out);
            scalar.value(scalarWs);
            scalar.valueAndGradients(scalarWs, gradients);
            for (int k = 0; k < count; k++) {
                raw.jvp(rawWs, k, directions[k], out);
                raw.vjp(rawWs, cotangent, k, outputsPerInput[k]);
                scalar.valueAndGradient(scalarWs, k, outputsPerInput[k]);
                scalar.hessianVector(scalarWs, k, directions[k], outputsPerInput[k]);
                for (int g = 0; g < count; g++) {
                    scalar.secondOrder(scalarWs, k, directions[k], g, outputsPerInput[g]);
                    raw.secondOrder(rawWs, cotangent, k, directions[k], g, outputsPerInput[g]);
                }
            }
        }
    }

    @Test
    void everyOpEvaluatesWithoutAllocating() {
        SplittableRandom rnd = new SplittableRandom(77);
        List<Exercise> exercises = new ArrayList<>();
        for (OpCase c : OpCase.all()) {
            exercises.add(new Exercise(c, rnd));
        }
        Primitive<double[]> solve = new CustomPrimitives.Solve2x2SecondOrder();
        CustomPrimitives.Cube cube = new CustomPrimitives.Cube();
        exercises.add(new Exercise(new OpCase("custom primitives", new Shape[] {Shape.matrix(2, 2),
                Shape.vector(2)}, r -> new double[][] {{3 + r.nextDouble(), 0.2, -0.1, 2.5}, {r.nextGaussian(), 1}},
                (t, in) -> t.apply(cube, Shape.vector(2), t.apply(solve, Shape.vector(2), in[0], in[1]))), rnd));
        Exercise[] all = exercises.toArray(new Exercise[0]);
        int[] round = {0};
        Runnable work = () -> {
            for (Exercise e : all) {
                e.round(round[0]);
            }
            round[0]++;
        };
        long bytes = Allocations.steadyState(work, 20, 20);
        assertEquals(0, bytes, "bytes allocated by 20 rounds over " + all.length + " functions");
    }

    @Test
    void adaptersEvaluateWithoutAllocating() {
        int n = 40;
        int p = 6;
        SplittableRandom rnd = new SplittableRandom(8);
        double[] data = TestSupport.gaussian(rnd, n * p);
        double[] labels = new double[n];
        for (int i = 0; i < n; i++) {
            labels[i] = rnd.nextBoolean() ? 1 : -1;
        }
        Tape tape = new Tape();
        Tensor w = tape.input("w", p);
        Tensor lambda = tape.input("lambda");
        Tensor f = tape.binaryLogisticLoss(tape.constant(data, n, p), w, tape.constant(labels))
                .add(lambda.mul(w.squaredNorm()).mul(0.5));
        Function fn = tape.build(f);
        Objective objective = fn.objective(0, 1);
        Tape tape2 = new Tape();
        Tensor x2 = tape2.input("x", p);
        Tensor t2 = tape2.input("theta", p);
        VectorMap map = tape2.build(x2.tanh().mul(t2).add(x2.mul(x2.sum()))).vectorMap(0, 1);

        double[][] ws = {TestSupport.gaussian(rnd, p), TestSupport.gaussian(rnd, p)};
        double[][] lambdas = {{0.1}, {0.2}};
        double[] grad = new double[p];
        double[] v = TestSupport.gaussian(rnd, p);
        double[] out = new double[p];
        double[] u = {0.5};
        double[] mixedT = new double[1];
        double[] sink = new double[1];
        int[] round = {0};
        Runnable work = () -> {
            int r = round[0]++ & 1;
            sink[0] += objective.value(ws[r], lambdas[r]);
            sink[0] += objective.valueAndGradient(ws[r], lambdas[r], grad);
            objective.linearize(ws[r], lambdas[r]);
            for (int k = 0; k < 5; k++) {
                objective.hessianVector(v, out);
                objective.mixedVector(u, out);
                objective.mixedTransposeVector(v, mixedT);
            }
            map.evaluate(ws[r], ws[1 - r], out);
            map.linearize(ws[r], ws[1 - r]);
            map.jvpX(v, out);
            map.vjpX(v, out);
            map.jvpTheta(v, out);
            map.vjpTheta(v, out);
        };
        long bytes = Allocations.steadyState(work, 200, 200);
        assertEquals(0, bytes, "bytes allocated by 200 rounds of Objective and VectorMap calls");
    }
}
