package org.rootgrad.bench;

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
import org.rootgrad.engine.ArrayKernels;

/** Dot product: Vector API kernel vs its scalar twin. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class DotBenchmark {
    @Param({"1000", "100000", "10000000"})
    int n;

    double[] x;
    double[] y;
    ArrayKernels scalar;
    ArrayKernels active;

    @Setup
    public void setup() {
        SplittableRandom rnd = new SplittableRandom(42);
        x = rnd.doubles(n, -1, 1).toArray();
        y = rnd.doubles(n, -1, 1).toArray();
        scalar = ArrayKernels.scalar();
        active = ArrayKernels.active();
    }

    @Benchmark
    public double scalarTwin() {
        return scalar.dot(n, x, 0, y, 0);
    }

    @Benchmark
    public double active() {
        return active.dot(n, x, 0, y, 0);
    }
}
