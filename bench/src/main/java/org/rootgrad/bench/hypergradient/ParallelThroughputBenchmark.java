package org.rootgrad.bench.hypergradient;

import java.util.Locale;
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
import org.rootgrad.autodiff.Objective;
import org.rootgrad.bench.report.Bar;
import org.rootgrad.bench.report.Compare;
import org.rootgrad.bench.report.Facts;
import org.rootgrad.solvers.LBFGS;
import org.rootgrad.solvers.Solver;
import org.rootgrad.solvers.SolverResult;
import org.rootgrad.solvers.batch.BatchResult;
import org.rootgrad.solvers.batch.SolutionCotangent;
import org.rootgrad.solvers.batch.SolverBatch;

/**
 * How much throughput does a second core add to many independent hypergradients? 64 problems of
 * ridge or L2 logistic regression (n = 1000 training rows, p = 50 features, 200 validation rows),
 * each with its own λ (log-spaced: ridge 1e-3 … 1, logistic 1e-4 … 1e-1), each solved by L-BFGS
 * from zero to ‖∇f‖ ≤ 1e-8 and differentiated implicitly (the automatic choice: dense Cholesky of the formed Hessian) with the
 * gradient of the validation loss as x̄: one operation is the 64 values dL/dλᵢ.
 *
 * <ul>
 *   <li>{@code hypergradients_sequential}: a plain loop on one solver (run, validation gradient,
 *       VJP), the reference a user would write;</li>
 *   <li>{@code hypergradients_oneThread}: {@link SolverBatch} with one worker (the calling
 *       thread: no hand-off), the batch's own overhead against the loop;</li>
 *   <li>{@code hypergradients_twoThreads}: {@link SolverBatch} with two workers (the calling
 *       thread and one of the batch's), problems taken from a shared counter.</li>
 * </ul>
 * Each operation is tens of milliseconds, so waking the worker (tens of microseconds) is noise.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx1g"})
@Compare({"twoThreads/oneThread", "oneThread/sequential", "twoThreads/sequential"})
@Bar(value = "twoThreads/oneThread >= 1.8", source = "issue 8: parallel throughput, ≥ 1.8× one core")
public class ParallelThroughputBenchmark {
    @Param({"ridge", "logistic"})
    String model;

    static final int PROBLEMS = 64;
    static final int ROWS = 1000;
    static final int FEATURES = 50;
    static final int VALIDATION_ROWS = 200;
    static final double[] NO_THETA = new double[0];

    double[][] inits;
    double[][] thetas;
    double[][] thetaBars;
    double[] xBar;
    Solver sequential;
    Objective validation;
    SolverBatch oneThread;
    SolverBatch twoThreads;
    SolutionCotangent cotangentOne;
    SolutionCotangent cotangentTwo;

    @Setup
    public void setup() {
        LinearModelData data = new LinearModelData(LinearModelData.model(model), ROWS, FEATURES, VALIDATION_ROWS, 7);
        boolean ridge = data.model == LinearModelData.Model.RIDGE;
        double low = ridge ? 1e-3 : 1e-4;
        double high = ridge ? 1 : 1e-1;
        inits = new double[PROBLEMS][FEATURES];
        thetas = new double[PROBLEMS][];
        for (int i = 0; i < PROBLEMS; i++) {
            thetas[i] = new double[] {low * Math.pow(high / low, (double) i / (PROBLEMS - 1))};
        }
        thetaBars = new double[PROBLEMS][1];
        xBar = new double[FEATURES];
        Solver prototype = LBFGS.builder(data.objective()).maxIterations(1000).build();
        sequential = prototype.fork();
        validation = data.validationLoss();
        oneThread = SolverBatch.of(prototype, 1);
        twoThreads = SolverBatch.of(prototype, 2);
        cotangentOne = SolutionCotangent.gradientOf(data.validationLoss(), 1);
        cotangentTwo = SolutionCotangent.gradientOf(data.validationLoss(), 2);
        recordFacts();
    }

    @Benchmark
    public double hypergradients_sequential() {
        for (int i = 0; i < PROBLEMS; i++) {
            SolverResult r = sequential.run(inits[i], thetas[i]);
            validation.valueAndGradient(r.solution(), NO_THETA, xBar);
            sequential.vjp(xBar, thetaBars[i]);
        }
        return thetaBars[PROBLEMS - 1][0];
    }

    @Benchmark
    public double hypergradients_oneThread() {
        oneThread.hypergradients(inits, thetas, cotangentOne, thetaBars);
        return thetaBars[PROBLEMS - 1][0];
    }

    @Benchmark
    public double hypergradients_twoThreads() {
        twoThreads.hypergradients(inits, thetas, cotangentTwo, thetaBars);
        return thetaBars[PROBLEMS - 1][0];
    }

    /**
     * Runs every variant once, records the iterations the problems took and how far the batches'
     * results are from the loop's (in setup: a trial's last iteration would count what a tear-down
     * allocates, and one operation takes milliseconds).
     */
    private void recordFacts() {
        double[][] expected = new double[PROBLEMS][1];
        hypergradients_sequential();
        for (int i = 0; i < PROBLEMS; i++) {
            expected[i][0] = thetaBars[i][0];
        }
        double worst = 0;
        for (SolverBatch batch : new SolverBatch[] {oneThread, twoThreads}) {
            batch.hypergradients(inits, thetas, batch == oneThread ? cotangentOne : cotangentTwo, thetaBars);
            for (int i = 0; i < PROBLEMS; i++) {
                worst = Math.max(worst, Math.abs(thetaBars[i][0] - expected[i][0]) / Math.abs(expected[i][0]));
            }
        }
        BatchResult r = twoThreads.result();
        int min = Integer.MAX_VALUE;
        int max = 0;
        long sum = 0;
        for (int i = 0; i < PROBLEMS; i++) {
            min = Math.min(min, r.iterations(i));
            max = Math.max(max, r.iterations(i));
            sum += r.iterations(i);
        }
        Facts.record(ParallelThroughputBenchmark.class, Facts.params("model", model), String.format(Locale.ROOT,
                "L-BFGS iterations per problem %d … %d (mean %.1f), %d of %d converged; batches vs loop (first"
                        + " calls, before C2): largest relative difference of dL/dλ %.1e", min, max,
                (double) sum / PROBLEMS, PROBLEMS - r.failures(), PROBLEMS, worst));
    }

    @TearDown
    public void tearDown() {
        oneThread.close();
        twoThreads.close();
    }
}
