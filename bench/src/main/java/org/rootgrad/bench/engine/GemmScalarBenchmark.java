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
import org.rootgrad.engine.MatrixKernels;

/**
 * What does the Vector API gemm gain over its scalar twin (textbook triple loop)? Only small
 * sizes, since the twin is slow: C = A·B for square n×n. GFLOP/s = 2n³ / time.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class GemmScalarBenchmark {

    @Param({"64", "256"})
    int n;

    double[] a;
    double[] b;
    double[] c;
    MatrixKernels panama;
    MatrixKernels scalar;

    @Setup
    public void setUp() {
        SplittableRandom random = new SplittableRandom(42);
        a = random.doubles((long) n * n, -1, 1).toArray();
        b = random.doubles((long) n * n, -1, 1).toArray();
        c = new double[n * n];
        panama = MatrixKernels.panama();
        scalar = MatrixKernels.scalar();
    }

    @Benchmark
    public double[] gemm_panama() {
        panama.gemm(false, false, n, n, n, 1.0, a, 0, n, b, 0, n, 0.0, c, 0, n);
        return c;
    }

    @Benchmark
    public double[] gemm_scalar() {
        scalar.gemm(false, false, n, n, n, 1.0, a, 0, n, b, 0, n, 0.0, c, 0, n);
        return c;
    }
}
