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
import org.rootgrad.engine.LossKernels;
import org.rootgrad.engine.linalg.Cholesky;

/**
 * What do the kernels of a small hypergradient (n = 200 rows, p features) cost? One fused
 * least-squares value-and-gradient pass, one logistic value-and-gradient pass with curvature
 * weights, one Gram-vector product, and the Cholesky factorisation and solve of a p×p SPD matrix.
 * The {@code *Columns} ops are the same on Xᵀ by the column-major kernels, which the linear
 * models take for narrow X (p ≤ {@value LossKernels#NARROW_COLUMNS}); the rows/columns ratios
 * show where that pays.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@Compare({"leastSquaresGradientColumns/leastSquaresGradient", "logisticGradientColumns/logisticGradient",
        "gramVectorColumns/gramVector"})
public class SmallKernelsBenchmark {
    @Param({"10", "20", "50"})
    int p;

    static final int N = 200;

    double[] x;
    double[] xt;
    double[] columnsWork;
    double[] y;
    double[] labels;
    double[] w;
    double[] g;
    double[] curvature;
    double[] work;
    double[] spd;
    double[] rhs;
    Cholesky cholesky;

    @Setup
    public void setup() {
        SplittableRandom r = new SplittableRandom(3);
        x = new double[N * p];
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextGaussian();
        }
        xt = new double[N * p];
        for (int i = 0; i < N; i++) {
            for (int j = 0; j < p; j++) {
                xt[j * N + i] = x[i * p + j];
            }
        }
        columnsWork = new double[LossKernels.columnsWorkLength(N)];
        y = new double[N];
        labels = new double[N];
        for (int i = 0; i < N; i++) {
            y[i] = r.nextGaussian();
            labels[i] = r.nextBoolean() ? 1 : -1;
        }
        w = new double[p];
        for (int j = 0; j < p; j++) {
            w[j] = 0.3 * r.nextGaussian();
        }
        g = new double[p];
        curvature = new double[N];
        work = new double[LossKernels.logisticWorkLength(N, p)];
        spd = new double[p * p];
        for (int i = 0; i < N; i++) {
            for (int a = 0; a < p; a++) {
                for (int b = 0; b < p; b++) {
                    spd[a * p + b] += x[i * p + a] * x[i * p + b] / N;
                }
            }
        }
        for (int a = 0; a < p; a++) {
            spd[a * p + a] += 0.1;
        }
        rhs = new double[p];
        cholesky = new Cholesky(p);
        cholesky.factor(spd, 0, p);
    }

    @Benchmark
    public double leastSquaresGradient() {
        return LossKernels.leastSquaresLossGradient(N, p, x, 0, p, w, 0, y, 0, g, 0) + g[0];
    }

    @Benchmark
    public double logisticGradient() {
        return LossKernels.logisticLossGradient(N, p, x, 0, p, w, 0, labels, 0, g, 0, curvature, 0, work, 0) + g[0];
    }

    @Benchmark
    public double gramVector() {
        java.util.Arrays.fill(g, 0);
        LossKernels.gramVector(N, p, 1.0 / N, x, 0, p, w, 0, g, 0);
        return g[0];
    }

    @Benchmark
    public double leastSquaresGradientColumns() {
        return LossKernels.leastSquaresLossGradientColumns(N, p, xt, 0, w, 0, y, 0, g, 0, columnsWork, 0) + g[0];
    }

    @Benchmark
    public double logisticGradientColumns() {
        return LossKernels.logisticLossGradientColumns(N, p, xt, 0, w, 0, labels, 0, g, 0, curvature, 0,
                columnsWork, 0) + g[0];
    }

    @Benchmark
    public double gramVectorColumns() {
        java.util.Arrays.fill(g, 0);
        LossKernels.weightedGramVectorColumns(N, p, 1.0 / N, xt, 0, null, 0, w, 0, g, 0, columnsWork, 0);
        return g[0];
    }

    @Benchmark
    public boolean choleskyFactor() {
        return cholesky.tryFactor(spd, 0, p);
    }

    @Benchmark
    public double choleskySolve() {
        System.arraycopy(w, 0, rhs, 0, p);
        cholesky.solve(rhs, rhs);
        return rhs[0];
    }
}
