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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.rootgrad.autodiff.Objective;
import org.rootgrad.bench.report.Bar;
import org.rootgrad.bench.report.Compare;
import org.rootgrad.solvers.LBFGS;
import org.rootgrad.solvers.Newton;
import org.rootgrad.solvers.NewtonCG;
import org.rootgrad.solvers.Solver;

/**
 * How long does one hypergradient of a small problem take end to end, as a live system calls it?
 * Ridge or L2 logistic regression with p features on n = 200 training rows; per call λ moves
 * by up to 1% (λₖ = λ₀(1 + 0.01 sin k)), the solver runs warm-started from its previous solution
 * to ‖∇f‖ ≤ 1e-8, the gradient x̄ of the validation loss (100 rows) is taken at w*, and the
 * implicit VJP returns dL/dλ. Sample-time mode: the report shows the latency percentiles.
 *
 * <ul>
 *   <li>{@code hypergradient_lbfgs}: L-BFGS forward, the implicit VJP by the automatic choice
 *       (dense Cholesky of the formed Hessian where forming costs at most 30 Hessian-vector
 *       products: ridge, and logistic regression up to p = 120; here every case);</li>
 *   <li>{@code hypergradient_newtonCg}: Newton–CG forward, the same VJP;</li>
 *   <li>{@code hypergradient_newton}: dense Newton forward, as configured by default: for
 *       logistic regression a lazy Hessian (the factor kept across calls, chord steps while
 *       they contract tenfold; not for ridge, whose Hessian is a copy of a Gram matrix made
 *       once), the VJP refined with the last factor (one product for ridge, whose Hessian does
 *       not depend on w; three or four with logistic regression's older factor), the dense solve
 *       only where that factor is too far off;</li>
 *   <li>{@code hypergradient_newtonEager}: the same with a Hessian formed and factored at every
 *       iterate ({@code lazyHessian(0)}; for ridge the same solver as {@code newton}).</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx1g"})
@Compare({"newton/lbfgs", "newton/newtonCg", "newton/newtonEager"})
@Bar(value = "newton p50 <= 10 us | model=ridge, features=20", source = "issue 8 (PyTorch, one thread: 170 µs median)")
@Bar(value = "newton p99 <= 30 us | model=ridge, features=20", source = "issue 8")
public class LatencyBenchmark {
    @Param({"ridge", "logistic"})
    String model;

    @Param({"10", "20", "50"})
    int features;

    static final int ROWS = 200;
    static final int VALIDATION_ROWS = 100;
    static final double[] NO_THETA = new double[0];

    double lambda0;
    final double[] theta = new double[1];
    final double[] thetaBar = new double[1];
    double[] xBar;
    long calls;
    Objective validation;
    Solver lbfgs;
    Solver newtonCg;
    Solver newton;
    Solver newtonEager;
    Solver last;

    @Setup
    public void setup() {
        LinearModelData data = new LinearModelData(LinearModelData.model(model), ROWS, features, VALIDATION_ROWS, 7);
        lambda0 = data.model == LinearModelData.Model.RIDGE ? 0.1 : 0.01;
        validation = data.validationLoss();
        xBar = new double[features];
        lbfgs = LBFGS.builder(data.objective()).maxIterations(1000).build();
        newtonCg = NewtonCG.builder(data.objective()).maxIterations(1000).build();
        newton = Newton.builder(data.objective()).maxIterations(1000).build();
        newtonEager = Newton.builder(data.objective()).maxIterations(1000).lazyHessian(0).build();
    }

    /** The next λ: within 1% of λ₀, different on every call. */
    private double[] nextTheta() {
        theta[0] = lambda0 * (1 + 0.01 * Math.sin(++calls));
        return theta;
    }

    private double hypergradient(Solver solver) {
        last = solver;
        double[] w = solver.run(solver.result().solution(), nextTheta()).solution();
        validation.valueAndGradient(w, NO_THETA, xBar);
        solver.vjp(xBar, thetaBar);
        return thetaBar[0];
    }

    @Benchmark
    public double hypergradient_lbfgs() {
        return hypergradient(lbfgs);
    }

    @Benchmark
    public double hypergradient_newtonCg() {
        return hypergradient(newtonCg);
    }

    @Benchmark
    public double hypergradient_newton() {
        return hypergradient(newton);
    }

    @Benchmark
    public double hypergradient_newtonEager() {
        return hypergradient(newtonEager);
    }

    @TearDown
    public void report() {
        if (last != null) {
            System.out.println("\n" + last.result() + "; " + last.derivative());
        }
    }
}
