package org.rootgrad.bench.hypergradient;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.rootgrad.autodiff.Objective;
import org.rootgrad.bench.report.Bar;
import org.rootgrad.bench.report.Compare;
import org.rootgrad.bench.report.Derived;
import org.rootgrad.bench.report.Facts;
import org.rootgrad.implicit.ImplicitDiff;
import org.rootgrad.solvers.LBFGS;
import org.rootgrad.solvers.NewtonCG;
import org.rootgrad.solvers.Solver;
import org.rootgrad.solvers.SolverOptions;

/**
 * How does the hypergradient of L2-regularised logistic regression scale, and what share of it
 * is the backward pass? For rows × features training data (λ = 0.01) and a validation set of
 * rows/5, {@code op_forward} solves from w = 0 to ‖∇f‖ ≤ 1e-8; {@code op_backward} times what
 * follows that solve in a hypergradient: the validation-loss gradient at w* and dL/dλ by the
 * implicit VJP (the automatic choice, at all three sizes: the single-precision Hessian, half the
 * p/4 products of the exact one, or of p/8 where the data streams from memory, factored and
 * refined by two exact products) at the library's default relative tolerance 1e-10, each call
 * right after its own forward solve, which runs untimed before it (a per-invocation setup, so
 * the caches hold what the solve left in them); {@code newtonCg_hypergradient} times the two together
 * (for Newton–CG only, to keep the short suite within its 15 minutes), and the derived
 * backwardByDifference = hypergradient − forward cross-checks the direct backward (it carries
 * both measurements' noise: ±0.4 ms at 10000 × 100 in a short run). Every call is at
 * a new point (λ nudged by 1e-9 on every other call), so nothing is carried over from the
 * previous call.
 * Ops: L-BFGS and Newton–CG forward solvers, as configured by default (Newton–CG's inner
 * Hessian products in single precision, as it takes them with implicit derivatives; the reference
 * solve keeps them in double). Facts (recorded by the {@value #FACTS_METHOD} runs): iterations,
 * final gradient norm, the implicit solve's method and residual, and each hypergradient's error
 * against a tight reference.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx3g"})
@Derived("backwardByDifference = hypergradient - forward")
@Compare("backward/forward")
@Bar(value = "backward/forward >= 2 | op=newtonCg", source = "issue 8: the backward pass costs at most half the forward solve, which is Newton-CG in its PyTorch reference")
@Bar(value = "backward/forward >= 2", source = "issue 8, held to the strictest reading: after every forward solver, L-BFGS too")
@Bar(value = "forward <= 2.4 ms | size=10000:100", source = "issue 8: 5× PyTorch's Newton-CG forward (12 ms)")
@Bar(value = "backward <= 1.8 ms | size=10000:100", source = "issue 8: 5× PyTorch's CG adjoint (9 ms)")
public class LogisticScalingBenchmark {
    @Param({"1000:50", "10000:100", "100000:200"})
    String size;

    int rows;
    int features;
    static final double LAMBDA = 0.01;

    /** Cold adjoints: every timed call differentiates at the same λ, where a warm start would already be the answer. */
    static final SolverOptions OPTIONS = SolverOptions.defaults().withTolerance(1e-8).withMaxIterations(10_000)
            .withImplicit(ImplicitDiff.builder().warmStart(false).build());
    /**
     * The same with the adjoint solved to relative 1e-8, the forward's tolerance: facts only (at
     * every size both tolerances take the same two refinement products, and timing it twice cost
     * the short suite a minute).
     */
    static final SolverOptions MATCHED = OPTIONS.withImplicit(ImplicitDiff.builder().warmStart(false).tolerance(1e-8).build());

    double[] init;
    final double[] theta = {LAMBDA};
    final double[] thetaBar = new double[1];
    double[] xBar;
    Objective validation;
    Solver lbfgs;
    Solver newtonCg;
    Solver lbfgsMatched;
    Solver newtonCgMatched;

    @Setup
    public void setup(BenchmarkParams params) {
        LinearModelData data = LinearModelData.logistic(size);
        rows = data.rows;
        features = data.features;
        validation = data.validationLoss();
        init = new double[features];
        xBar = new double[features];
        lbfgs = LBFGS.builder(data.objective()).options(OPTIONS).build();
        newtonCg = NewtonCG.builder(data.objective().fork()).options(OPTIONS).build();
        lbfgsMatched = LBFGS.builder(data.objective().fork()).options(MATCHED).build();
        newtonCgMatched = NewtonCG.builder(data.objective().fork()).options(MATCHED).build();
        warmUp(timedSolver(params));
        if (params.getBenchmark().endsWith("." + FACTS_METHOD)) {
            recordFacts(data);
        }
    }

    /**
     * The run that records the facts of a size: one of the eight, where each would compute the
     * same tight reference and four hypergradients again.
     */
    static final String FACTS_METHOD = "newtonCg_hypergradient";

    /** The reference dL/dλ, and each solver's iterations, gradient norm and hypergradient error. */
    private void recordFacts(LinearModelData data) {
        Solver tight = NewtonCG.builder(data.objective().fork()).options(OPTIONS.withTolerance(1e-13)
                .withImplicit(ImplicitDiff.builder().tolerance(1e-13).denseThreshold(0).build()))
                .singlePrecisionHessianProducts(false).build();
        double reference = hypergradient(tight);
        Facts.record(getClass(), Facts.params("size", size), String.format(
                "reference dL/dλ = %.15e (Newton-CG, inner products in double, to ‖∇f‖ ≤ 1e-13, CG adjoint to 1e-13)", reference));
        for (Solver s : new Solver[] {lbfgs, newtonCg, lbfgsMatched, newtonCgMatched}) {
            double g = hypergradient(s);
            Facts.record(getClass(), Facts.params("size", size), String.format(
                    "%s, adjoint to %s: %d iterations, ‖∇f‖ = %.1e, dL/dλ off the reference by %.1e relative; %s",
                    s.name(), s == lbfgsMatched || s == newtonCgMatched ? "1e-8" : "1e-10",
                    s.result().iterations(), s.result().error(), Math.abs(g - reference) / Math.abs(reference),
                    s.derivative()));
        }
    }

    /**
     * Above this many rows an operation is too slow for JMH's warm-up to reach C2 code by itself
     * (at 10 000 × 100 the short mode's warm-up left the CG adjoint allocating ~6 KB per call).
     * This class warms up at every size: below it too, a backward run, which spends most of its
     * time in the untimed forward solves before its calls, left the first measured second
     * allocating (1000 × 50: 231 B per call).
     */
    static final int WARM_UP_ROWS = 5_000;

    /**
     * The same hypergradients on a 600-row problem with as many features (three row blocks of the
     * Hessian kernels, and above the 512 rows from which the logistic objective forms its
     * single-precision Hessian, so that a pinned approximate Cholesky solver takes the path it
     * takes on the large problem), with the linear solver the large problem's derivatives use,
     * 6000 times, by the solver this run times only (warming all four took a run's set-up at
     * 100000 × 200 from 8 to 25 s):
     * the per-iteration methods of the implicit CG solve are compiled by invocation count, which
     * the large problem's few operations per second reach only after minutes (measured: about
     * 800 calls at 200 features, allocating ~12 KB per call in C1's boxed vectors until then;
     * the dense path, Hessian kernel and Cholesky, about 6000 calls).
     */
    private void warmUp(Solver timed) {
        LinearModelData small = new LinearModelData(LinearModelData.Model.LOGISTIC, 600, features, 120, 12);
        SolverOptions options = LinearModelData.pinnedImplicit(timed);
        small.warmUpHypergradients(6000, theta, timed == lbfgs
                ? LBFGS.builder(small.objective()).options(options).build()
                : NewtonCG.builder(small.objective()).options(options).build());
    }

    /** The solver that the benchmark method of this run times, from its name (op_variant). */
    private Solver timedSolver(BenchmarkParams params) {
        String method = params.getBenchmark().substring(params.getBenchmark().lastIndexOf('.') + 1);
        if (method.startsWith("lbfgs_")) {
            return lbfgs;
        }
        if (method.startsWith("newtonCg_")) {
            return newtonCg;
        }
        throw new IllegalArgumentException("no solver for benchmark method " + method);
    }

    /**
     * The forward solve that a timed backward call differentiates, run before the call as a
     * per-invocation set-up (untimed), by the solver the run times (looked up once per run: the
     * name's substring allocated 64 B per call), at a new point.
     */
    @State(Scope.Thread)
    public static class Solved {
        Solver solver;
        double[] solution;

        @Setup(Level.Trial)
        public void choose(LogisticScalingBenchmark b, BenchmarkParams params) {
            solver = b.timedSolver(params);
        }

        @Setup(Level.Invocation)
        public void solve(LogisticScalingBenchmark b) {
            b.nextPoint();
            solution = solver.run(b.init, b.theta).solution();
        }
    }

    private int calls;

    /** λ nudged by 1e-9 (relative) on every other call: a new point each time. */
    private void nextPoint() {
        theta[0] = LAMBDA * (1 + 1e-9 * (++calls & 1));
    }

    private double forward(Solver s) {
        nextPoint();
        return s.run(init, theta).solution()[0];
    }

    private double timedHypergradient(Solver s) {
        nextPoint();
        return hypergradient(s);
    }

    private double hypergradient(Solver s) {
        return LinearModelData.hypergradient(s, init, theta, validation, xBar, thetaBar);
    }

    /** The backward pass of a hypergradient: the validation-loss gradient at w*, then dL/dλ by the implicit VJP. */
    private double backward(Solved solved) {
        validation.valueAndGradient(solved.solution, null, xBar);
        solved.solver.vjp(xBar, thetaBar);
        return thetaBar[0];
    }

    @Benchmark
    public double lbfgs_forward() {
        return forward(lbfgs);
    }

    @Benchmark
    public double lbfgs_backward(Solved solved) {
        return backward(solved);
    }

    @Benchmark
    public double newtonCg_forward() {
        return forward(newtonCg);
    }

    @Benchmark
    public double newtonCg_backward(Solved solved) {
        return backward(solved);
    }

    @Benchmark
    public double newtonCg_hypergradient() {
        return timedHypergradient(newtonCg);
    }
}
