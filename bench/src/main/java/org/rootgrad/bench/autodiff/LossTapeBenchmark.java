package org.rootgrad.bench.autodiff;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.rootgrad.autodiff.Function;
import org.rootgrad.autodiff.Objective;
import org.rootgrad.autodiff.Tape;
import org.rootgrad.autodiff.Tensor;
import org.rootgrad.autodiff.Workspace;
import org.rootgrad.bench.report.Bar;
import org.rootgrad.bench.report.Compare;
import org.rootgrad.engine.MatrixKernels;

/**
 * Tape vs hand-written code for regularised linear-model losses, f(w, λ) = L(Xw) + (λ/2)‖w‖²:
 * binary logistic regression (569×30, the breast-cancer shape, and 10000×100) and softmax
 * regression (1797×64 with 10 classes, the digits shape), on synthetic data of those shapes.
 *
 * <p>Each method answers one side of a ratio:
 * <ul>
 *   <li>{@code onePassOverX}: the floor, one gemv (logistic) or one gemm X·W (softmax);</li>
 *   <li>{@code readTwiceOverX}: the floor of a fused pass, which reads each row twice: the same
 *       product block by block, each block once more from L1;</li>
 *   <li>{@code hand*}: an Objective written directly on LossKernels (fused, one pass per call);</li>
 *   <li>{@code tape*}: the recorded function with the fused loss op, evaluated through a
 *       Workspace; value and gradient recompute from scratch each call (the cache is
 *       invalidated), the Hessian-vector product reuses the linearisation as a Krylov solve
 *       would;</li>
 *   <li>{@code tapeComposed*}: the same loss recorded from elementary ops (matvec, mul,
 *       softplus, mean / matmul and cross-entropy on logits), to show what fusion buys.</li>
 * </ul>
 * Each is a variant of the one op {@code loss}, so that the report sets them side by side; a
 * ratio a/b is time(b)/time(a), so {@code onePassOverX/handValueAndGradient} is the hand-written
 * gradient's cost in passes over X. Bars (issue 3): hand gradient and HVP ≤ 1.3× one pass at
 * 10000×100; tape gradient ≤ 1.5× hand gradient; tape value+gradient ≤ 3× tape value; tape HVP
 * ≤ 2× hand HVP; 0 B/op everywhere (run with -prof gc).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@Compare({"onePassOverX/handValueAndGradient", "onePassOverX/handHessianVector", "onePassOverX/readTwiceOverX",
        "readTwiceOverX/handValueAndGradient", "readTwiceOverX/handHessianVector",
        "handValueAndGradient/tapeValueAndGradient", "tapeValue/tapeValueAndGradient",
        "handHessianVector/tapeHessianVector", "tapeValueAndGradient/tapeComposedValueAndGradient"})
@Bar(value = "onePassOverX/handValueAndGradient <= 1.3 | problem=logistic-10000x100",
        source = "issue 3: the hand-written fused gradient costs at most 1.3 passes over X")
@Bar(value = "onePassOverX/handHessianVector <= 1.3 | problem=logistic-10000x100",
        source = "issue 3: the hand-written fused Hessian-vector product costs at most 1.3 passes over X")
@Bar(value = "handValueAndGradient/tapeValueAndGradient <= 1.5", source = "issue 3: the tape's gradient ≤ 1.5× the hand-written one")
@Bar(value = "tapeValue/tapeValueAndGradient <= 3", source = "issue 3: value and gradient ≤ 3× the value alone")
@Bar(value = "handHessianVector/tapeHessianVector <= 2", source = "issue 3: the tape's Hessian-vector product ≤ 2× the hand-written one")
public class LossTapeBenchmark {
    @Param({"logistic-569x30", "logistic-10000x100", "softmax-1797x64x10"})
    String problem;

    private int n;
    private int p;
    private int k;
    private double[] x;
    private double[] weights;
    private double[] theta;
    private double[] direction;
    private double[] gradient;
    private double[] out;
    private double[] onePass;
    private double[] again;
    private boolean softmax;

    private Objective hand;
    private Function tape;
    private Workspace valueWs;
    private Workspace gradientWs;
    private Workspace hvpWs;
    private Function composed;
    private Workspace composedWs;
    private Workspace composedHvpWs;

    @Setup
    public void setup() {
        softmax = problem.startsWith("softmax-");
        String[] dims = problem.substring(problem.indexOf('-') + 1).split("x");
        n = Integer.parseInt(dims[0]);
        p = Integer.parseInt(dims[1]);
        k = softmax ? Integer.parseInt(dims[2]) : 1;
        SplittableRandom rnd = new SplittableRandom(42);
        x = new double[n * p];
        double scale = 1 / Math.sqrt(p);
        for (int i = 0; i < x.length; i++) {
            x[i] = scale * rnd.nextGaussian();
        }
        int q = p * k;
        weights = new double[q];
        direction = new double[q];
        for (int j = 0; j < q; j++) {
            weights[j] = rnd.nextGaussian();
            direction[j] = rnd.nextGaussian();
        }
        theta = new double[] {1e-2};
        gradient = new double[q];
        out = new double[q];
        onePass = new double[n * k];
        again = new double[READ_TWICE_ROWS * k];

        Tape t = new Tape();
        Tensor w = softmax ? t.input("W", p, k) : t.input("w", p);
        Tensor lambda = t.input("lambda");
        Tensor data = t.constant(x, n, p);
        Tensor regulariser = lambda.mul(w.squaredNorm()).mul(0.5);
        Tape c = new Tape();
        Tensor cw = softmax ? c.input("W", p, k) : c.input("w", p);
        Tensor cLambda = c.input("lambda");
        Tensor cData = c.constant(x, n, p);
        Tensor cRegulariser = cLambda.mul(cw.squaredNorm()).mul(0.5);
        if (softmax) {
            int[] labels = new int[n];
            for (int i = 0; i < n; i++) {
                labels[i] = rnd.nextInt(k);
            }
            hand = new HandWrittenSoftmax(n, p, k, x, labels);
            tape = t.build(t.softmaxCrossEntropy(data, w, labels).add(regulariser));
            composed = c.build(c.softmaxCrossEntropy(cData.matmul(cw), labels).add(cRegulariser));
        } else {
            double[] y = new double[n];
            for (int i = 0; i < n; i++) {
                y[i] = rnd.nextBoolean() ? 1 : -1;
            }
            hand = new HandWrittenLogistic(n, p, x, y);
            tape = t.build(t.binaryLogisticLoss(data, w, t.constant(y)).add(regulariser));
            Tensor margins = cData.matvec(cw).mul(c.constant(y));
            composed = c.build(margins.neg().softplus().mean().add(cRegulariser));
        }
        valueWs = tape.newWorkspace().setInputs(weights, theta);
        gradientWs = tape.newWorkspace().setInputs(weights, theta);
        hvpWs = tape.newWorkspace().setInputs(weights, theta);
        tape.hessianVector(hvpWs, 0, direction, out); // linearise: values and adjoints cached
        composedWs = composed.newWorkspace().setInputs(weights, theta);
        composedHvpWs = composed.newWorkspace().setInputs(weights, theta);
        composed.hessianVector(composedHvpWs, 0, direction, out);
        hand.linearize(weights, theta);
    }

    @Benchmark
    public double loss_onePassOverX() {
        MatrixKernels m = MatrixKernels.active();
        if (softmax) {
            m.gemm(false, false, n, k, p, 1, x, 0, p, weights, 0, k, 0, onePass, 0, k);
        } else {
            m.gemv(n, p, 1, x, 0, p, weights, 0, 0, onePass, 0);
        }
        return onePass[0];
    }

    /**
     * The floor of any fused pass that reads each row twice, as the hand-written and tape kernels
     * do (the weights of a row need its whole dot product first): X in blocks of
     * {@value #READ_TWICE_ROWS} rows, each block multiplied once as it streams in and once more
     * from L1, with the same kernel as {@link #loss_onePassOverX}. A floor for the logistic
     * problems only: for softmax each block's gemm packs W again, which costs more than the
     * second read (the softmax sweep itself reads each row 2k times: k dot products and k updates,
     * all but the first from L1).
     */
    @Benchmark
    public double loss_readTwiceOverX() {
        MatrixKernels m = MatrixKernels.active();
        for (int start = 0; start < n; start += READ_TWICE_ROWS) {
            int rows = Math.min(READ_TWICE_ROWS, n - start);
            if (softmax) {
                m.gemm(false, false, rows, k, p, 1, x, start * p, p, weights, 0, k, 0, onePass, start * k, k);
                m.gemm(false, false, rows, k, p, 1, x, start * p, p, weights, 0, k, 0, again, 0, k);
            } else {
                m.gemv(rows, p, 1, x, start * p, p, weights, 0, 0, onePass, start);
                m.gemv(rows, p, 1, x, start * p, p, weights, 0, 0, again, 0);
            }
        }
        return onePass[0] + again[0];
    }

    /** Rows per block of {@link #loss_readTwiceOverX}: the row sweeps' block. */
    private static final int READ_TWICE_ROWS = 32;

    @Benchmark
    public double loss_handValue() {
        return hand.value(weights, theta);
    }

    @Benchmark
    public double loss_handValueAndGradient() {
        return hand.valueAndGradient(weights, theta, gradient);
    }

    @Benchmark
    public double loss_handHessianVector() {
        hand.hessianVector(direction, out);
        return out[0];
    }

    @Benchmark
    public double loss_tapeValue() {
        valueWs.invalidate();
        return tape.value(valueWs);
    }

    @Benchmark
    public double loss_tapeValueAndGradient() {
        gradientWs.invalidate();
        return tape.valueAndGradient(gradientWs, 0, gradient);
    }

    @Benchmark
    public double loss_tapeHessianVector() {
        tape.hessianVector(hvpWs, 0, direction, out);
        return out[0];
    }

    @Benchmark
    public double loss_tapeComposedValueAndGradient() {
        composedWs.invalidate();
        return composed.valueAndGradient(composedWs, 0, gradient);
    }

    @Benchmark
    public double loss_tapeComposedHessianVector() {
        composed.hessianVector(composedHvpWs, 0, direction, out);
        return out[0];
    }
}
