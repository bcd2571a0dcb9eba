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
import org.openjdk.jmh.annotations.Warmup;
import org.rootgrad.autodiff.Objective;
import org.rootgrad.bench.report.Compare;
import org.rootgrad.solvers.BlockCoordinateDescent;
import org.rootgrad.solvers.ProximalGradient;
import org.rootgrad.solvers.Solver;
import org.rootgrad.solvers.objective.CoordinateObjective;
import org.rootgrad.solvers.objective.Objectives;
import org.rootgrad.solvers.prox.Prox;
import org.rootgrad.solvers.prox.SeparableProx;

/**
 * Hypergradients along a hyperparameter search: dL(w*(λ))/dλ of the lasso (1000 × 500 Gaussian
 * training data, validation loss on 500 rows, as in {@link LassoHypergradientBenchmark}) at ten
 * values λ_k = λ₀(1 − 0.01k) around λ₀ = λ_max/10, the path a gradient method on λ walks. Implicit
 * differentiation follows the path: each forward solve starts from the previous solution and
 * each adjoint solve from the previous adjoint (the defaults), with FISTA ({@code implicit}) or
 * coordinate descent ({@code implicitCD}). Unrolling cannot: the derivative of a warm-started run
 * would miss the dependence of its start on λ, so every λ_k is unrolled from w = 0
 * ({@code unrolled}: FISTA). {@link #setup} calibrates each method (tolerance or iteration
 * count) so that every hypergradient along the path is within {@code accuracy} of a tight
 * reference, and prints the worst error; each timed call walks the whole path from w = 0.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx2g"})
@Compare({"implicit/unrolled", "implicitCD/unrolled"})
public class LassoHypergradientSweepBenchmark {
    @Param({"1000"})
    int rows;

    @Param({"500"})
    int features;

    @Param({"1e-6"})
    double accuracy;

    static final int STEPS = 10;

    double[][] thetas;
    double[] references;
    double[] init;
    double[] previous;
    Objective validation;
    double[] validationGradient;
    double[] thetaBar = new double[1];
    double[] hypergradients = new double[STEPS];

    Solver implicitFista;
    Solver implicitCd;
    Solver unrolledFista;

    interface TolerantSolver {
        Solver make(double tolerance);
    }

    interface TruncatedSolver {
        Solver make(int iterations);
    }

    @Setup
    public void setup() {
        LassoData d = new LassoData(rows, features, rows / 2, 42);
        double lambda0 = 0.1 * d.lambdaMax();
        thetas = new double[STEPS][];
        for (int k = 0; k < STEPS; k++) {
            thetas[k] = new double[] {lambda0 * (1 - 0.01 * k)};
        }
        init = new double[features];
        previous = new double[features];
        validation = Objectives.leastSquares(d.xValidation, d.validationRows, features, d.yValidation, false);
        validationGradient = new double[features];
        CoordinateObjective f = Objectives.leastSquares(d.x, rows, features, d.y, false);

        Solver tight = BlockCoordinateDescent.builder(f.fork(), SeparableProx.lasso(features)).tolerance(1e-13)
                .maxIterations(1_000_000).build();
        references = new double[STEPS];
        for (int k = 0; k < STEPS; k++) {
            references[k] = hypergradient(tight, init, thetas[k]);
        }
        System.out.printf("%nreferences dL/dλ from %.6e to %.6e along λ from %.4g to %.4g%n", references[0],
                references[STEPS - 1], thetas[0][0], thetas[STEPS - 1][0]);

        implicitFista = calibrate(tol -> ProximalGradient.builder(f.fork(), Prox.lasso(features)).accelerated(true)
                .tolerance(tol).maxIterations(1_000_000).build(), "implicit (FISTA forward, warm starts)");
        implicitCd = calibrate(tol -> BlockCoordinateDescent.builder(f.fork(), SeparableProx.lasso(features))
                .tolerance(tol).maxIterations(1_000_000).build(), "implicit (coordinate descent forward, warm starts)");
        for (int it = 2; it < 1_000_000; it = Math.max(it + 1, (int) (it * 1.1))) {
            int iterations = it;
            Solver s = ProximalGradient.builder(f.fork(), Prox.lasso(features)).accelerated(true).implicitDiff(false)
                    .tolerance(1e-30).maxIterations(iterations).throwOnFailure(false).build();
            sweepCold(s);
            double worst = worstError();
            if (worst <= accuracy) {
                unrolledFista = s;
                System.out.printf("unrolled FISTA from zero: %d iterations per λ, worst relative error %.2e%n", it, worst);
                break;
            }
        }
    }

    private Solver calibrate(TolerantSolver maker, String label) {
        for (double tol = 1e-3; tol >= 1e-14; tol /= 10) {
            Solver s = maker.make(tol);
            int iterations = sweepWarm(s);
            double worst = worstError();
            if (worst <= accuracy) {
                System.out.printf("%s: tolerance %.0e, %d forward iterations along the path, worst relative error %.2e%n",
                        label, tol, iterations, worst);
                return s;
            }
        }
        throw new IllegalStateException(label + ": accuracy " + accuracy + " not reached");
    }

    private double worstError() {
        double worst = 0;
        for (int k = 0; k < STEPS; k++) {
            worst = Math.max(worst, Math.abs(hypergradients[k] - references[k]) / Math.abs(references[k]));
        }
        return worst;
    }

    private double hypergradient(Solver s, double[] start, double[] theta) {
        double[] w = s.run(start, theta).solution();
        validation.valueAndGradient(w, null, validationGradient);
        s.vjp(validationGradient, thetaBar);
        return thetaBar[0];
    }

    /** The path with warm starts: forward from the previous solution, adjoint from the previous adjoint. */
    private int sweepWarm(Solver s) {
        int iterations = 0;
        System.arraycopy(init, 0, previous, 0, features);
        for (int k = 0; k < STEPS; k++) {
            hypergradients[k] = hypergradient(s, previous, thetas[k]);
            System.arraycopy(s.result().solution(), 0, previous, 0, features);
            iterations += s.result().iterations();
        }
        return iterations;
    }

    /** The path with every λ solved from zero. */
    private void sweepCold(Solver s) {
        for (int k = 0; k < STEPS; k++) {
            hypergradients[k] = hypergradient(s, init, thetas[k]);
        }
    }

    @Benchmark
    public double sweep_implicit() {
        sweepWarm(implicitFista);
        return hypergradients[STEPS - 1];
    }

    @Benchmark
    public double sweep_implicitCD() {
        sweepWarm(implicitCd);
        return hypergradients[STEPS - 1];
    }

    @Benchmark
    public double sweep_unrolled() {
        sweepCold(unrolledFista);
        return hypergradients[STEPS - 1];
    }
}
