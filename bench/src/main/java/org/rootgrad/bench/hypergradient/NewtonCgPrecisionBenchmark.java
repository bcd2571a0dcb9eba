package org.rootgrad.bench.hypergradient;

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
import org.rootgrad.solvers.NewtonCG;
import org.rootgrad.solvers.SolverOptions;
import org.rootgrad.solvers.SolverResult;

/**
 * Does Newton–CG gain from single-precision Hessian products in its inner CG? The forward solve
 * of {@link LogisticScalingBenchmark} (L2 logistic regression, λ = 0.01, from w = 0 to
 * ‖∇f‖ ≤ 1e-8, a new λ on every other call) with the inner products in double ({@code double})
 * and on the objective's float copy of the data ({@code single}); gradients, line search and
 * stopping test are in double in both. Facts: outer and inner iterations of each, and how far
 * apart their solutions are.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx3g"})
@Compare("single/double")
@Bar(value = "single <= 2.4 ms | size=10000:100", source = "issue 8: 5× PyTorch's Newton-CG forward (12 ms)")
public class NewtonCgPrecisionBenchmark {
    @Param({"1000:50", "10000:100", "100000:200"})
    String size;

    static final double LAMBDA = 0.01;
    static final SolverOptions OPTIONS = SolverOptions.defaults().withTolerance(1e-8).withMaxIterations(10_000);

    double[] init;
    final double[] theta = {LAMBDA};
    NewtonCG exact;
    NewtonCG single;

    @Setup
    public void setup() {
        LinearModelData data = LinearModelData.logistic(size);
        int features = data.features;
        init = new double[features];
        exact = NewtonCG.builder(data.objective()).options(OPTIONS).singlePrecisionHessianProducts(false).build();
        single = NewtonCG.builder(data.objective().fork()).options(OPTIONS).singlePrecisionHessianProducts(true).build();
        double[] a = exact.run(init, theta).solution().clone();
        SolverResult s = single.run(init, theta);
        double diff = 0;
        double norm = 0;
        for (int j = 0; j < features; j++) {
            diff += (s.solution()[j] - a[j]) * (s.solution()[j] - a[j]);
            norm += a[j] * a[j];
        }
        Facts.record(getClass(), Facts.params("size", size), String.format(
                "double products: %d iterations, %d inner, ‖∇f‖ = %.1e; single: %d iterations, %d inner, ‖∇f‖ = %.1e; "
                        + "solutions %.1e apart (relative)",
                exact.result().iterations(), exact.innerIterations(), exact.result().error(), s.iterations(),
                single.innerIterations(), s.error(), Math.sqrt(diff / norm)));
    }

    private int calls;

    private double forward(NewtonCG solver) {
        theta[0] = LAMBDA * (1 + 1e-9 * (++calls & 1));
        return solver.run(init, theta).solution()[0];
    }

    @Benchmark
    public double forward_double() {
        return forward(exact);
    }

    @Benchmark
    public double forward_single() {
        return forward(single);
    }
}
