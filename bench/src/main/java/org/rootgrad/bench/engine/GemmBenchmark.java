package org.rootgrad.bench.engine;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
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
 * How fast is C = A·B for square n×n matrices? The packed, register-tiled Vector API gemm
 * against EJML's {@code CommonOps_DDRM.mult} (which picks its own algorithm by size) on the same
 * arrays, and the Vector API gemm with both operands transposed (all transposition is absorbed
 * by packing, so this should match the plain case). The scalar twin is measured only at small
 * sizes, in {@link GemmScalarBenchmark}. GFLOP/s = 2n³ / time. With {@code -prof gc} the Vector
 * API gemm must show 0 B/op (packing buffers are per thread and reused).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xms2g", "-Xmx2g"})
public class GemmBenchmark {

    @Param({"64", "256", "512", "1024"})
    int n;

    double[] a;
    double[] b;
    double[] c;
    DMatrixRMaj aMatrix;
    DMatrixRMaj bMatrix;
    DMatrixRMaj cMatrix;
    MatrixKernels panama;

    @Setup
    public void setUp() {
        SplittableRandom random = new SplittableRandom(42);
        a = random.doubles((long) n * n, -1, 1).toArray();
        b = random.doubles((long) n * n, -1, 1).toArray();
        c = new double[n * n];
        aMatrix = DMatrixRMaj.wrap(n, n, a);
        bMatrix = DMatrixRMaj.wrap(n, n, b);
        cMatrix = DMatrixRMaj.wrap(n, n, c);
        panama = MatrixKernels.panama();
    }

    @Benchmark
    public double[] gemm_panama() {
        panama.gemm(false, false, n, n, n, 1.0, a, 0, n, b, 0, n, 0.0, c, 0, n);
        return c;
    }

    @Benchmark
    public double[] gemmTransposed_panama() {
        panama.gemm(true, true, n, n, n, 1.0, a, 0, n, b, 0, n, 0.0, c, 0, n);
        return c;
    }

    @Benchmark
    public DMatrixRMaj gemm_ejml() {
        CommonOps_DDRM.mult(aMatrix, bMatrix, cMatrix);
        return cMatrix;
    }
}
