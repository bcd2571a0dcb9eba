package org.rootgrad.bench.engine;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.CholeskyDecomposition_F64;
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
import org.rootgrad.engine.linalg.Cholesky;

/**
 * How fast is a dense Cholesky factorisation of an n×n SPD matrix? Ours (blocked, updates on
 * the Vector API gemm) against EJML's
 * choice for the size ({@code DecompositionFactory_DDRM.chol}: inner-product below its block
 * threshold, blocked above). Both copy the input first (ours internally; EJML's decomposition
 * overwrites its input, so it factors a reused copy), and neither allocates per call.
 * GFLOP/s = n³/3 / time.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xms2g", "-Xmx2g"})
public class CholeskyBenchmark {

    @Param({"256", "1024"})
    int n;

    double[] a;
    Cholesky ours;
    DMatrixRMaj aMatrix;
    DMatrixRMaj work;
    CholeskyDecomposition_F64<DMatrixRMaj> ejml;

    @Setup
    public void setUp() {
        SplittableRandom random = new SplittableRandom(42);
        a = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double v = random.nextDouble(-1, 1);
                a[i * n + j] = v;
                a[j * n + i] = v;
            }
            a[i * n + i] += n; // diagonally dominant: positive definite
        }
        ours = new Cholesky(n, MatrixKernels.panama());
        aMatrix = new DMatrixRMaj(n, n, true, a);
        work = new DMatrixRMaj(n, n);
        ejml = DecompositionFactory_DDRM.chol(n, true);
    }

    @Benchmark
    public Cholesky factor_panama() {
        return ours.factor(a, 0, n);
    }

    @Benchmark
    public boolean factor_ejml() {
        work.setTo(aMatrix);
        return ejml.decompose(work);
    }
}
