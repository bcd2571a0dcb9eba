package org.rootgrad.bench.engine;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.mult.VectorVectorMult_DDRM;
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
 * How fast are the one-dimensional kernels? dot, axpy and the fused CG update at an L1-resident,
 * an L2/L3-resident and a memory-bound size: the Vector API kernels against their scalar twins,
 * EJML's equivalents on the same arrays (wrapped, not copied), and for axpy a plain Java loop,
 * which C2 auto-vectorises. OpenBLAS reference times come from {@code bench/openblas_reference.py}.
 *
 * <p>Every call leaves its result in place or returns it, so nothing is dead code; the updates
 * use a tiny α so that repeated calls keep the values bounded. Array alignment is whatever the
 * allocator gives (see {@link DotAlignmentBenchmark} for what it costs at L1 sizes).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xms1g", "-Xmx1g"})
@Compare({"panama/scalar", "panama/ejml", "panama/plainLoop", "panama/openblas"})
public class ArrayKernelsBenchmark {

    private static final double ALPHA = 1e-12;

    @Param({"1000", "100000", "10000000"})
    int n;

    double[] x;
    double[] y;
    double[] p;
    double[] q;
    double[] r;
    DMatrixRMaj xMatrix;
    DMatrixRMaj yMatrix;
    DMatrixRMaj pMatrix;
    DMatrixRMaj qMatrix;
    DMatrixRMaj rMatrix;
    ArrayKernels panama;
    ArrayKernels scalar;

    @Setup
    public void setUp() {
        SplittableRandom random = new SplittableRandom(42);
        x = random.doubles(n, -1, 1).toArray();
        y = random.doubles(n, -1, 1).toArray();
        p = random.doubles(n, -1, 1).toArray();
        q = random.doubles(n, -1, 1).toArray();
        r = random.doubles(n, -1, 1).toArray();
        xMatrix = DMatrixRMaj.wrap(n, 1, x);
        yMatrix = DMatrixRMaj.wrap(n, 1, y);
        pMatrix = DMatrixRMaj.wrap(n, 1, p);
        qMatrix = DMatrixRMaj.wrap(n, 1, q);
        rMatrix = DMatrixRMaj.wrap(n, 1, r);
        panama = ArrayKernels.panama();
        scalar = ArrayKernels.scalar();
    }

    // ---- dot: Σ x[i]·y[i] ---------------------------------------------------------------------

    @Benchmark
    public double dot_panama() {
        return panama.dot(n, x, 0, y, 0);
    }

    @Benchmark
    public double dot_scalar() {
        return scalar.dot(n, x, 0, y, 0);
    }

    @Benchmark
    public double dot_ejml() {
        return VectorVectorMult_DDRM.innerProd(xMatrix, yMatrix);
    }

    // ---- axpy: y ← αx + y ---------------------------------------------------------------------

    @Benchmark
    public double[] axpy_panama() {
        panama.axpy(n, ALPHA, x, 0, y, 0);
        return y;
    }

    @Benchmark
    public double[] axpy_scalar() {
        scalar.axpy(n, ALPHA, x, 0, y, 0);
        return y;
    }

    /** The loop a user would write; C2 vectorises it and aligns its stores at run time. */
    @Benchmark
    public double[] axpy_plainLoop() {
        double[] xs = x;
        double[] ys = y;
        for (int i = 0; i < n; i++) {
            ys[i] += ALPHA * xs[i];
        }
        return ys;
    }

    @Benchmark
    public DMatrixRMaj axpy_ejml() {
        CommonOps_DDRM.addEquals(yMatrix, ALPHA, xMatrix);
        return yMatrix;
    }

    // ---- cgUpdate: x ← x + αp; r ← r − αq; return r·r -----------------------------------------

    @Benchmark
    public double cgUpdate_panama() {
        return panama.cgUpdate(n, ALPHA, p, 0, q, 0, x, 0, r, 0);
    }

    @Benchmark
    public double cgUpdate_scalar() {
        return scalar.cgUpdate(n, ALPHA, p, 0, q, 0, x, 0, r, 0);
    }

    /** EJML has no fused step: two addEquals and an inner product, three passes. */
    @Benchmark
    public double cgUpdate_ejml() {
        CommonOps_DDRM.addEquals(xMatrix, ALPHA, pMatrix);
        CommonOps_DDRM.addEquals(rMatrix, -ALPHA, qMatrix);
        return VectorVectorMult_DDRM.innerProd(rMatrix, rMatrix);
    }
}
