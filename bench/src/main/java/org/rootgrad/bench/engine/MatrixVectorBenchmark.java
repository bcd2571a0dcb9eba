package org.rootgrad.bench.engine;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.mult.MatrixVectorMult_DDRM;
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
 * How fast are y = Ax and y = Aᵀx on an m×n matrix? Square: at n = 256 A fits in L2, at 1024 in
 * L3, at 4096 it streams from memory (then both are memory-bound: 2n² flops per 8n² bytes).
 * Tall, with n not a multiple of eight, as the data matrices of the loss benchmarks: 569×30 (in
 * L2) and 10000×100 (8 MB, from L3), where the column tail is part of every row.
 * The Vector API kernels against their scalar twins and EJML's {@code MatrixVectorMult_DDRM}
 * on the same arrays (wrapped, not copied). GFLOP/s = 2mn / time.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xms2g", "-Xmx2g"})
public class MatrixVectorBenchmark {

    @Param({"256x256", "1024x1024", "4096x4096", "569x30", "10000x100"})
    String shape;

    int m;
    int n;

    double[] a;
    double[] x;
    double[] y;
    DMatrixRMaj aMatrix;
    DMatrixRMaj xMatrix;
    DMatrixRMaj yMatrix;
    DMatrixRMaj xtMatrix;
    DMatrixRMaj ytMatrix;
    MatrixKernels panama;
    MatrixKernels scalar;

    @Setup
    public void setUp() {
        String[] dims = shape.split("x");
        m = Integer.parseInt(dims[0]);
        n = Integer.parseInt(dims[1]);
        SplittableRandom random = new SplittableRandom(42);
        a = random.doubles((long) m * n, -1, 1).toArray();
        x = random.doubles(Math.max(m, n), -1, 1).toArray(); // n long for Ax, m for Aᵀx
        y = new double[Math.max(m, n)];
        aMatrix = DMatrixRMaj.wrap(m, n, a);
        xMatrix = DMatrixRMaj.wrap(n, 1, x);
        yMatrix = DMatrixRMaj.wrap(m, 1, y);
        xtMatrix = DMatrixRMaj.wrap(m, 1, x);
        ytMatrix = DMatrixRMaj.wrap(n, 1, y);
        panama = MatrixKernels.panama();
        scalar = MatrixKernels.scalar();
    }

    // ---- y = A x --------------------------------------------------------------------------------

    @Benchmark
    public double[] gemv_panama() {
        panama.gemv(m, n, 1.0, a, 0, n, x, 0, 0.0, y, 0);
        return y;
    }

    @Benchmark
    public double[] gemv_scalar() {
        scalar.gemv(m, n, 1.0, a, 0, n, x, 0, 0.0, y, 0);
        return y;
    }

    @Benchmark
    public DMatrixRMaj gemv_ejml() {
        MatrixVectorMult_DDRM.mult(aMatrix, xMatrix, yMatrix);
        return yMatrix;
    }

    // ---- y = Aᵀ x -------------------------------------------------------------------------------

    @Benchmark
    public double[] gemvT_panama() {
        panama.gemvT(m, n, 1.0, a, 0, n, x, 0, 0.0, y, 0);
        return y;
    }

    @Benchmark
    public double[] gemvT_scalar() {
        scalar.gemvT(m, n, 1.0, a, 0, n, x, 0, 0.0, y, 0);
        return y;
    }

    /** EJML's row-major Aᵀx that walks A by rows (its fast variant for large matrices). */
    @Benchmark
    public DMatrixRMaj gemvT_ejml() {
        MatrixVectorMult_DDRM.multTransA_reorder(aMatrix, xtMatrix, ytMatrix);
        return ytMatrix;
    }
}
