package org.rootgrad.bench.hypergradient;

import java.util.concurrent.TimeUnit;
import java.util.function.DoubleFunction;
import java.util.function.IntFunction;
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
import org.rootgrad.bench.report.Bar;
import org.rootgrad.bench.report.Compare;
import org.rootgrad.bench.report.Facts;
import org.rootgrad.implicit.ImplicitDiff;
import org.rootgrad.solvers.GradientDescent;
import org.rootgrad.solvers.LBFGS;
import org.rootgrad.solvers.NewtonCG;
import org.rootgrad.solvers.Solver;
import org.rootgrad.solvers.SolverOptions;
import org.rootgrad.solvers.objective.CoordinateObjective;

/**
 * Implicit differentiation, unrolling or finite differences: which gives the hypergradient
 * dL(w*(λ))/dλ of L2-regularised logistic regression fastest at equal accuracy, and at what
 * memory? Training data rows × features (λ = 0.01), validation loss on rows/2 further rows.
 * {@link #setup} computes a tight reference (Newton–CG to ‖∇f‖ ≤ 1e-13, then the implicit VJP)
 * and tunes every method to the cheapest setting whose hypergradient is within {@code accuracy}
 * (relative) of it: the loosest tolerance 10⁻ᵏ for the implicit methods (forward and adjoint
 * solve alike) and for finite differences,
 * the fewest iterations (steps of ~10%) for the unrolled ones. Every timed call starts from w = 0,
 * at a new point (λ nudged by 1e-9 on every other call: no factorisation carried over).
 * <ul>
 *   <li>{@code implicit}: Newton–CG forward, one implicit VJP (the automatic choice at the
 *       tuned tolerance: dense Cholesky at p = 50, conjugate gradients at p = 100, where
 *       forming the Hessian, p/4 products, costs more than a solve to 1e-5 or 1e-6 takes);</li>
 *   <li>{@code implicitLbfgs}: L-BFGS forward, the same VJP;</li>
 *   <li>{@code unrolled}: Newton–CG run for a fixed number of iterations while recording, then
 *       the reverse sweep; {@code unrolledLbfgs}, {@code unrolledGd} (accelerated gradient
 *       descent): the same with those solvers;</li>
 *   <li>{@code finiteDifferences}: central differences of two Newton–CG solves at λ(1 ± 1e-5).</li>
 * </ul>
 * Facts: the tuned settings and errors, and the memory each method holds (the unrolled
 * trajectories; the implicit VJP's p×p Hessian).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx2g"})
@Compare({"implicit/unrolled", "implicit/unrolledLbfgs", "implicit/unrolledGd", "implicit/finiteDifferences",
        "implicitLbfgs/unrolledLbfgs"})
@Bar(value = "implicit/unrolledGd >= 10", source = "issues 5 and 8: implicit ≥ 10× faster than unrolling (first-order, as JAXopt and TorchOpt users unroll)")
@Bar(value = "implicit/unrolled >= 10", source = "issues 5 and 8, held to the strictest reading: unrolling the same second-order solver")
public class HypergradientMethodsBenchmark {
    @Param({"1000"})
    int rows;

    @Param({"50"})
    int features;

    @Param({"1e-6"})
    double accuracy;

    static final double LAMBDA = 0.01;
    static final double FD_RELATIVE_STEP = 1e-5;
    /** Cold adjoints: every timed call differentiates at the same λ, where a warm start would already be the answer. */
    static final SolverOptions COLD = SolverOptions.defaults().withMaxIterations(100_000)
            .withImplicit(ImplicitDiff.builder().warmStart(false).build());

    double[] init;
    final double[] theta = {LAMBDA};
    final double[] thetaBar = new double[1];
    double[] xBar;
    Objective validation;
    CoordinateObjective objective;
    double reference;

    Solver implicit;
    Solver implicitLbfgs;
    Solver unrolled;
    Solver unrolledLbfgs;
    Solver unrolledGd;
    Solver finiteDifferences;

    @Setup
    public void setup() {
        LinearModelData data = new LinearModelData(LinearModelData.Model.LOGISTIC, rows, features, rows / 2, 5);
        objective = data.objective();
        validation = data.validationLoss();
        init = new double[features];
        xBar = new double[features];
        reference = hypergradient(NewtonCG.builder(objective.fork()).options(implicitOptions(1e-13)).build());
        fact("reference dL/dλ = %.15e (Newton-CG to 1e-13, implicit VJP to 1e-13)", reference);

        implicit = tuneTolerance("implicit (Newton-CG forward)",
                tol -> NewtonCG.builder(objective.fork()).options(implicitOptions(tol)).build());
        implicitLbfgs = tuneTolerance("implicit (L-BFGS forward)",
                tol -> LBFGS.builder(objective.fork()).options(implicitOptions(tol)).build());
        if (rows > LogisticScalingBenchmark.WARM_UP_ROWS) {
            warmUp();
        }
        unrolled = tuneIterations("unrolled Newton-CG", it -> NewtonCG.builder(objective.fork())
                .options(unrolledOptions(it)).build());
        fact("unrolled Newton-CG holds %d KiB of recorded iterations", ((NewtonCG) unrolled).unrolledBytes() / 1024);
        unrolledLbfgs = tuneIterations("unrolled L-BFGS", it -> LBFGS.builder(objective.fork())
                .options(unrolledOptions(it)).build());
        fact("unrolled L-BFGS holds %d KiB of recorded iterations", ((LBFGS) unrolledLbfgs).unrolledBytes() / 1024);
        unrolledGd = tuneIterations("unrolled accelerated gradient descent", it -> GradientDescent.builder(objective.fork())
                .accelerated(true).options(unrolledOptions(it)).build());
        fact("unrolled accelerated gradient descent holds %d KiB of recorded iterations",
                ((GradientDescent) unrolledGd).unrolledBytes() / 1024);
        boolean dense = implicit.derivative().toString().contains("dense");
        fact("the implicit VJP (%s) holds %s", implicit.derivative(), dense
                ? String.format("the %d×%d Hessian and its factor: %d KiB", features, features, 2L * 8 * features * features / 1024)
                : String.format("its Krylov vectors: about %d KiB", 6L * 8 * features / 1024 + 1));

        for (double tol = 1e-3; tol >= 1e-14; tol /= 10) {
            finiteDifferences = NewtonCG.builder(objective.fork()).options(COLD.withTolerance(tol)).build();
            double error = relativeError(finiteDifferences());
            if (error <= accuracy) {
                fact("finite differences: Newton-CG tolerance %.0e, relative error %.2e", tol, error);
                return;
            }
        }
        throw new IllegalStateException("finite differences: accuracy " + accuracy + " not reached");
    }

    /**
     * The implicit hypergradients, with the tuned tolerances and the linear solver the large
     * problem's derivatives use, on a 2000-row problem with as many features, 3000 times, so that
     * their per-iteration methods are compiled before the large problem is timed (see
     * {@link LogisticScalingBenchmark#WARM_UP_ROWS}). Warmed up at another tolerance, the timed
     * adjoint took another path (dense Cholesky instead of CG) and boxed 5 KB per call; with the
     * approximate Cholesky solver, a thousand calls left the first measured second boxing 3 KB
     * per call in the short suite.
     */
    private void warmUp() {
        LinearModelData small = new LinearModelData(LinearModelData.Model.LOGISTIC, 2000, features, 1000, 6);
        small.warmUpHypergradients(3000, theta,
                NewtonCG.builder(small.objective()).options(LinearModelData.pinnedImplicit(implicit)).build(),
                LBFGS.builder(small.objective()).options(LinearModelData.pinnedImplicit(implicitLbfgs)).build());
    }

    /** Forward solve and adjoint solve both to tolerance {@code tol} (cold adjoints). */
    private static SolverOptions implicitOptions(double tol) {
        return COLD.withTolerance(tol).withImplicit(ImplicitDiff.builder().warmStart(false).tolerance(tol).build());
    }

    private static SolverOptions unrolledOptions(int iterations) {
        return SolverOptions.defaults().withImplicitDiff(false).withTolerance(1e-30).withMaxIterations(iterations)
                .withThrowOnFailure(false);
    }

    private void fact(String format, Object... args) {
        Facts.record(getClass(), Facts.params("accuracy", accuracy, "features", features, "rows", rows),
                String.format(format, args));
    }

    private double relativeError(double value) {
        return Math.abs(value - reference) / Math.abs(reference);
    }

    private Solver tuneTolerance(String label, DoubleFunction<Solver> maker) {
        for (double tol = 1e-3; tol >= 1e-14; tol /= 10) {
            Solver s = maker.apply(tol);
            double error = relativeError(hypergradient(s));
            if (error <= accuracy) {
                fact("%s: tolerance %.0e, %d iterations, relative error %.2e", label, tol, s.result().iterations(), error);
                return s;
            }
        }
        throw new IllegalStateException(label + ": accuracy " + accuracy + " not reached");
    }

    private Solver tuneIterations(String label, IntFunction<Solver> maker) {
        for (int it = 2; it < 100_000; it = Math.max(it + 1, (int) (it * 1.1))) {
            Solver s = maker.apply(it);
            double error = relativeError(hypergradient(s));
            if (error <= accuracy) {
                fact("%s: %d iterations, relative error %.2e", label, it, error);
                return s;
            }
        }
        throw new IllegalStateException(label + ": accuracy " + accuracy + " not reached");
    }

    /** One forward solve from zero, the validation gradient at w*, one VJP. */
    private double hypergradient(Solver s) {
        return LinearModelData.hypergradient(s, init, theta, validation, xBar, thetaBar);
    }

    private int calls;

    /**
     * {@link #hypergradient} at λ nudged by 1e-9 (relative) on every other call: a new point each
     * time, as in a hyperparameter search, so that no factorisation is reused from the previous
     * call (the implicit workspace keeps one while x* and θ are bit-for-bit unchanged).
     */
    private double timed(Solver s) {
        theta[0] = LAMBDA * (1 + 1e-9 * (++calls & 1));
        return hypergradient(s);
    }

    private final double[] thetaPlus = {LAMBDA * (1 + FD_RELATIVE_STEP)};
    private final double[] thetaMinus = {LAMBDA * (1 - FD_RELATIVE_STEP)};

    private double finiteDifferences() {
        double plus = validation.value(finiteDifferences.run(init, thetaPlus).solution(), null);
        double minus = validation.value(finiteDifferences.run(init, thetaMinus).solution(), null);
        return (plus - minus) / (thetaPlus[0] - thetaMinus[0]);
    }

    @Benchmark
    public double hypergradient_implicit() {
        return timed(implicit);
    }

    @Benchmark
    public double hypergradient_implicitLbfgs() {
        return timed(implicitLbfgs);
    }

    @Benchmark
    public double hypergradient_unrolled() {
        return timed(unrolled);
    }

    @Benchmark
    public double hypergradient_unrolledLbfgs() {
        return timed(unrolledLbfgs);
    }

    @Benchmark
    public double hypergradient_unrolledGd() {
        return timed(unrolledGd);
    }

    @Benchmark
    public double hypergradient_finiteDifferences() {
        return finiteDifferences();
    }
}
