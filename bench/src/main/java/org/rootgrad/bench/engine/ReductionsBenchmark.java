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
import org.rootgrad.bench.report.Compare;
import org.rootgrad.engine.ArrayKernels;

/**
 * How fast are the reductions that return one number? sum, nrm2, asum, max and logSumExp, the
 * Vector API kernels against their scalar twins. 1000 is a multiple of every lane count; 1003
 * leaves a partial last vector, which logSumExp pads and runs through its vector loop once more
 * (whose padding lanes take its rare path), and the others finish in a scalar tail.
 *
 * <p>logSumExp also runs on {@code spread} data, whose smallest terms lie below e^−708 (the
 * exp's rare lanes, summed by a second, scalar pass), to show what that pass costs.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xms1g", "-Xmx1g"})
@Compare({"panama/scalar"})
public class ReductionsBenchmark {

    @Param({"1000", "1003"})
    int n;

    double[] x;
    double[] spread;
    ArrayKernels panama;
    ArrayKernels scalar;

    @Setup
    public void setUp() {
        SplittableRandom random = new SplittableRandom(42);
        x = random.doubles(n, -1, 1).toArray();
        spread = random.doubles(n, -1, 1).toArray();
        for (int i = 0; i < n; i += 100) {
            spread[i] = -800; // e^(x − max) below e^−708: one rare lane in a hundred elements
        }
        panama = ArrayKernels.panama();
        scalar = ArrayKernels.scalar();
    }

    @Benchmark
    public double sum_panama() {
        return panama.sum(n, x, 0);
    }

    @Benchmark
    public double sum_scalar() {
        return scalar.sum(n, x, 0);
    }

    @Benchmark
    public double nrm2_panama() {
        return panama.nrm2(n, x, 0);
    }

    @Benchmark
    public double nrm2_scalar() {
        return scalar.nrm2(n, x, 0);
    }

    @Benchmark
    public double asum_panama() {
        return panama.asum(n, x, 0);
    }

    @Benchmark
    public double asum_scalar() {
        return scalar.asum(n, x, 0);
    }

    @Benchmark
    public double max_panama() {
        return panama.max(n, x, 0);
    }

    @Benchmark
    public double max_scalar() {
        return scalar.max(n, x, 0);
    }

    @Benchmark
    public double logSumExp_panama() {
        return panama.logSumExp(n, x, 0);
    }

    @Benchmark
    public double logSumExp_scalar() {
        return scalar.logSumExp(n, x, 0);
    }

    @Benchmark
    public double logSumExpSpread_panama() {
        return panama.logSumExp(n, spread, 0);
    }

    @Benchmark
    public double logSumExpSpread_scalar() {
        return scalar.logSumExp(n, spread, 0);
    }
}
