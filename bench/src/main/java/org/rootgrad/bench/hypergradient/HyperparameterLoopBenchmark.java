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
import org.rootgrad.autodiff.Objective;
import org.rootgrad.bench.report.Compare;
import org.rootgrad.implicit.ImplicitDiff;
import org.rootgrad.solvers.NewtonCG;
import org.rootgrad.solvers.Solver;
import org.rootgrad.solvers.SolverOptions;

/**
 * What does a step of a hyperparameter loop cost on a problem too large for a dense Newton
 * solver, and what do warm starts save? L2 logistic regression (rows × features, validation set
 * of rows/5), λ moving by up to {@code move} (relative) per call: λₖ = λ₀·exp((move/0.3)·sin 0.3k).
 * Each call solves with Newton–CG from the previous solution to ‖∇f‖ ≤ 1e-8, takes the
 * validation-loss gradient at w* and returns dL/dλ by the implicit VJP (the approximate Cholesky
 * solver, refined to 1e-10).
 *
 * <ul>
 *   <li>{@code step_warm}: the default implicit options: the adjoint starts from the previous
 *       one, and a new point refines on the previous point's single-precision factor while each
 *       step gains two digits, forming and factoring its own Hessian only when one does not;</li>
 *   <li>{@code step_cold}: {@code warmStart(false)}: every point forms and factors its own
 *       Hessian and solves from zero.</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx2g"})
@Compare("step_warm/step_cold")
public class HyperparameterLoopBenchmark {
    @Param({"1000:50", "10000:100"})
    String size;

    /** The largest relative change of λ from one call to the next. */
    @Param({"0.001", "0.01", "0.1"})
    double move;

    static final double LAMBDA = 0.01;

    final double[] theta = new double[1];
    final double[] thetaBar = new double[1];
    double[] start;
    double[] xBar;
    long calls;
    Objective validation;
    Solver warm;
    Solver cold;

    @Setup
    public void setup() {
        LinearModelData data = LinearModelData.logistic(size);
        int features = data.features;
        validation = data.validationLoss();
        start = new double[features];
        xBar = new double[features];
        SolverOptions options = SolverOptions.defaults().withTolerance(1e-8).withMaxIterations(10_000);
        warm = NewtonCG.builder(data.objective()).options(options).build();
        cold = NewtonCG.builder(data.objective().fork())
                .options(options.withImplicit(ImplicitDiff.builder().warmStart(false).build())).build();
        warmUp(features);
    }

    /**
     * 3000 steps of each loop on a 600-row problem with as many features and the linear solver
     * the timed problem's derivatives use (see {@link LogisticScalingBenchmark#WARM_UP_ROWS}): at
     * 10000 × 100 JMH's warm-up left the first measured second allocating several KB per call.
     */
    private void warmUp(int features) {
        LinearModelData small = new LinearModelData(LinearModelData.Model.LOGISTIC, 600, features, 120, 12);
        Objective smallValidation = small.validationLoss();
        for (Solver timed : new Solver[] {warm, cold}) {
            Solver s = NewtonCG.builder(small.objective().fork()).options(LinearModelData.pinnedImplicit(timed)).build();
            double[] w = new double[features];
            double[] point = new double[1];
            double[] bar = new double[features];
            double[] out = new double[1];
            for (int k = 1; k <= 3000; k++) {
                step(s, smallValidation, k, w, point, bar, out);
            }
        }
    }

    /**
     * Call k of the loop: λ moves to λₖ (into theta), the solve starts from {@code start} and
     * leaves its solution there, then dL/dλ (into thetaBar, x̄ into xBar).
     */
    private double step(Solver s, Objective loss, long k, double[] start, double[] theta, double[] xBar,
                        double[] thetaBar) {
        theta[0] = LAMBDA * Math.exp(move / 0.3 * Math.sin(0.3 * k));
        double[] w = s.run(start, theta).solution();
        System.arraycopy(w, 0, start, 0, start.length);
        loss.valueAndGradient(w, null, xBar);
        s.vjp(xBar, thetaBar);
        return thetaBar[0];
    }

    @Benchmark
    public double step_warm() {
        return step(warm, validation, ++calls, start, theta, xBar, thetaBar);
    }

    @Benchmark
    public double step_cold() {
        return step(cold, validation, ++calls, start, theta, xBar, thetaBar);
    }
}
