package org.rootgrad.bench.engine;

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
import org.rootgrad.bench.report.Bar;
import org.rootgrad.bench.report.Compare;
import org.rootgrad.bench.report.Facts;
import org.rootgrad.engine.LossKernels;
import org.rootgrad.engine.SinglePrecisionRows;

/**
 * How much faster is the dense weighted Gram product Xᵀdiag(c)X (a Newton step's Hessian) on the
 * float copy of X than in double? {@code LossKernels.weightedGram} on X (n×p, Gaussian) with
 * curvature-like weights c ∈ [0, 0.25/n), in double and on {@link SinglePrecisionRows} (the
 * copy made once, as a solver keeps it; the weights' exponent found on every call, as a new
 * Newton step needs). Fact: the single-precision result's largest deviation from the double
 * one, relative to the largest entry.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx2g"})
@Compare("single/double")
@Bar(value = "single/double >= 1.7 | size=1000:50", source = "the single-precision Gram's target")
@Bar(value = "single/double >= 1.7 | size=10000:100", source = "the single-precision Gram's target")
public class WeightedGramPrecisionBenchmark {

    @Param({"1000:50", "10000:100", "100000:200"})
    String size;

    int n;
    int p;
    double[] x;
    double[] c;
    SinglePrecisionRows rows;
    double[] out;
    double[] work;
    float[] singleWork;

    @Setup
    public void setUp() {
        String[] rc = size.split(":");
        n = Integer.parseInt(rc[0]);
        p = Integer.parseInt(rc[1]);
        SplittableRandom random = new SplittableRandom(7);
        x = new double[n * p];
        for (int i = 0; i < x.length; i++) {
            x[i] = random.nextGaussian();
        }
        c = new double[n];
        for (int i = 0; i < n; i++) {
            c[i] = 0.25 * random.nextDouble() / n;
        }
        rows = SinglePrecisionRows.of(n, p, x, 0, p);
        out = new double[p * p];
        work = new double[LossKernels.weightedGramWorkLength(p)];
        singleWork = new float[LossKernels.weightedGramWorkLength(rows)];

        double[] reference = new double[p * p];
        LossKernels.weightedGram(n, p, x, 0, p, c, 0, reference, 0, work, 0);
        weightedGram_single();
        double deviation = 0;
        double largest = 0;
        for (int k = 0; k < p * p; k++) {
            deviation = Math.max(deviation, Math.abs(out[k] - reference[k]));
            largest = Math.max(largest, Math.abs(reference[k]));
        }
        Facts.record(getClass(), Facts.params("size", size),
                String.format("single vs double: largest deviation %.1e of the largest entry", deviation / largest));
    }

    @Benchmark
    public double[] weightedGram_double() {
        LossKernels.weightedGram(n, p, x, 0, p, c, 0, out, 0, work, 0);
        return out;
    }

    @Benchmark
    public double[] weightedGram_single() {
        LossKernels.weightedGram(rows, c, 0, LossKernels.weightsExponent(n, c, 0), out, 0, singleWork, 0);
        return out;
    }
}
