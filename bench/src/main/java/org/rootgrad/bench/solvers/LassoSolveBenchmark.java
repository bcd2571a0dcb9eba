package org.rootgrad.bench.solvers;

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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.rootgrad.bench.report.Compare;
import org.rootgrad.solvers.BlockCoordinateDescent;
import org.rootgrad.solvers.ProximalGradient;
import org.rootgrad.solvers.Solver;
import org.rootgrad.solvers.SolverResult;
import org.rootgrad.solvers.objective.Objectives;
import org.rootgrad.solvers.prox.Prox;
import org.rootgrad.solvers.prox.SeparableProx;

/**
 * Which first-order solver reaches a lasso solution fastest? Lasso (1/2n)‖Xw − y‖² + λ‖w‖₁ on
 * Gaussian data (1000 × 500 by default, λ = λ_max/10), from w = 0 to tolerance 1e-8 on each
 * solver's own criterion (the gradient mapping for proximal gradient and FISTA with backtracking,
 * the scaled coordinate moves of a sweep for coordinate descent). Each trial prints the
 * iterations and the relative distance of the solution to a tight (1e-13) coordinate-descent
 * reference, so that "to tolerance" can be read as "to that accuracy". With {@code -prof gc} the
 * solves show no allocation.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx2g"})
@Compare({"fista/proximalGradient", "blockCoordinateDescent/proximalGradient", "blockCoordinateDescent/fista"})
public class LassoSolveBenchmark {
    @Param({"1000"})
    int rows;

    @Param({"500"})
    int features;

    @Param({"1e-8"})
    double tolerance;

    double[] theta;
    double[] init;
    double[] reference;
    Solver proximalGradient;
    Solver fista;
    Solver coordinateDescent;
    SolverResult last;

    @Setup
    public void setup() {
        LassoData d = new LassoData(rows, features, 1, 42);
        theta = new double[] {0.1 * d.lambdaMax()};
        init = new double[features];
        var f = Objectives.leastSquares(d.x, rows, features, d.y, false);
        proximalGradient = ProximalGradient.builder(f, Prox.lasso(features)).tolerance(tolerance)
                .maxIterations(100_000).build();
        fista = ProximalGradient.builder(f.fork(), Prox.lasso(features)).accelerated(true).tolerance(tolerance)
                .maxIterations(100_000).build();
        coordinateDescent = BlockCoordinateDescent.builder(f.fork(), SeparableProx.lasso(features))
                .tolerance(tolerance).maxIterations(100_000).build();
        reference = BlockCoordinateDescent.builder(f.fork(), SeparableProx.lasso(features)).tolerance(1e-13)
                .maxIterations(100_000).build().run(init, theta).solution().clone();
    }

    @TearDown
    public void report() {
        if (last != null) {
            double num = 0;
            double den = 0;
            int support = 0;
            for (int j = 0; j < features; j++) {
                double e = last.solution()[j] - reference[j];
                num += e * e;
                den += reference[j] * reference[j];
                support += reference[j] != 0 ? 1 : 0;
            }
            System.out.printf("%n%s; relative error vs reference %.2e (support %d of %d)%n", last,
                    Math.sqrt(num / den), support, features);
        }
    }

    private double solve(Solver s) {
        last = s.run(init, theta);
        return last.solution()[0];
    }

    @Benchmark
    public double solve_proximalGradient() {
        return solve(proximalGradient);
    }

    @Benchmark
    public double solve_fista() {
        return solve(fista);
    }

    @Benchmark
    public double solve_blockCoordinateDescent() {
        return solve(coordinateDescent);
    }
}
