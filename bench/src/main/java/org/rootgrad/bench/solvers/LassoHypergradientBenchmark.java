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
import org.rootgrad.implicit.ImplicitDiff;
import org.rootgrad.bench.report.Compare;
import org.rootgrad.solvers.BlockCoordinateDescent;
import org.rootgrad.solvers.ProximalGradient;
import org.rootgrad.solvers.Solver;
import org.rootgrad.solvers.SolverOptions;
import org.rootgrad.solvers.objective.CoordinateObjective;
import org.rootgrad.solvers.objective.Objectives;
import org.rootgrad.solvers.prox.Prox;
import org.rootgrad.solvers.prox.SeparableProx;

/**
 * What does a hypergradient cost? For the lasso w*(λ) on Gaussian training data (1000 × 500 by
 * default, λ = λ_max/10) and the validation loss L(w) = (1/2m)‖X_v w − y_v‖² (500 rows), the
 * derivative dL(w*(λ))/dλ by
 * <ul>
 *   <li>implicit differentiation: a forward solve, then one VJP through proximal gradient's
 *       optimality condition reduced to the support (conjugate gradients on H_SS, the default),
 *       with FISTA ({@code implicit}) or coordinate descent ({@code implicitCD}) as the forward
 *       solver, or through the full 500-dimensional condition (GMRES, {@code implicitFull});</li>
 *   <li>unrolling: FISTA ({@code unrolled}) or coordinate descent ({@code unrolledCD}) run for a
 *       fixed number of iterations while recording, then the reverse sweep through them;</li>
 *   <li>central finite differences of two coordinate-descent solves at λ(1 ± 1e-5)
 *       ({@code finiteDifferences}; w*(λ) is piecewise linear, so only the solve error limits it).</li>
 * </ul>
 * At equal accuracy: {@link #setup} computes a tight reference (coordinate descent to 1e-13, then
 * the implicit VJP) and, for each method, the loosest tolerance or fewest iterations whose
 * hypergradient is within {@code accuracy} (relative) of it, and prints those settings and the
 * errors reached. Every timed call starts from w = 0. With {@code -prof gc} every path reaches
 * zero allocation per call once C2 has compiled it; unrolling holds its recorded iterations
 * (reused across calls). At this size the implicit path makes few calls per second, and in short
 * runs on a loaded machine it shows about 30 KB per call of Vector API boxing for roughly its
 * first thousand calls (measured: gone after ~900 calls); SolverAllocationTest asserts the
 * steady state.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx2g"})
@Compare({"implicit/unrolled", "implicit/finiteDifferences", "implicitCD/unrolledCD", "implicitCD/unrolled",
        "implicit/implicitFull"})
public class LassoHypergradientBenchmark {
    @Param({"1000"})
    int rows;

    @Param({"500"})
    int features;

    @Param({"1e-6"})
    double accuracy;

    static final double FD_RELATIVE_STEP = 1e-5;
    /**
     * Cold implicit solves: every timed call differentiates at the same λ, where a warm-started
     * adjoint would already be the answer; in a real search λ moves and the warm start helps less.
     */
    static final SolverOptions COLD = SolverOptions.defaults()
            .withImplicit(ImplicitDiff.builder().warmStart(false).build());

    double lambda;
    double[] init;
    Objective validation;
    double[] validationGradient;
    double[] thetaBar = new double[1];
    double reference;

    Solver implicitFista;
    Solver implicitFistaFull;
    Solver implicitCd;
    Solver unrolledFista;
    Solver unrolledCd;
    Solver fdCd;

    @Setup
    public void setup() {
        LassoData d = new LassoData(rows, features, rows / 2, 42);
        lambda = 0.1 * d.lambdaMax();
        init = new double[features];
        validation = Objectives.leastSquares(d.xValidation, d.validationRows, features, d.yValidation, false);
        validationGradient = new double[features];
        CoordinateObjective f = Objectives.leastSquares(d.x, rows, features, d.y, false);

        Solver tight = BlockCoordinateDescent.builder(f.fork(), SeparableProx.lasso(features)).tolerance(1e-13)
                .maxIterations(1_000_000).build();
        reference = implicitHypergradient(tight);
        int support = 0;
        for (double v : tight.result().solution()) {
            support += v != 0 ? 1 : 0;
        }
        System.out.printf("%nreference dL/dλ = %.15e (λ = %.4g, support %d of %d)%n", reference, lambda, support, features);

        double t = tolerance(tol -> ProximalGradient.builder(f.fork(), Prox.lasso(features)).options(COLD).accelerated(true)
                .tolerance(tol).maxIterations(1_000_000).build(), "implicit (FISTA forward)");
        implicitFista = ProximalGradient.builder(f.fork(), Prox.lasso(features)).options(COLD).accelerated(true).tolerance(t)
                .maxIterations(1_000_000).build();
        implicitFistaFull = ProximalGradient.builder(f.fork(), Prox.lasso(features)).options(COLD).accelerated(true)
                .tolerance(t).maxIterations(1_000_000).activeSetReduction(false).build();
        t = tolerance(tol -> BlockCoordinateDescent.builder(f.fork(), SeparableProx.lasso(features)).options(COLD).tolerance(tol)
                .maxIterations(1_000_000).build(), "implicit (coordinate descent forward)");
        implicitCd = BlockCoordinateDescent.builder(f.fork(), SeparableProx.lasso(features)).options(COLD).tolerance(t)
                .maxIterations(1_000_000).build();

        int k = iterations(it -> ProximalGradient.builder(f.fork(), Prox.lasso(features)).accelerated(true)
                .implicitDiff(false).tolerance(1e-30).maxIterations(it).throwOnFailure(false).build(), "unrolled FISTA");
        unrolledFista = ProximalGradient.builder(f.fork(), Prox.lasso(features)).accelerated(true).implicitDiff(false)
                .tolerance(1e-30).maxIterations(k).throwOnFailure(false).build();
        k = iterations(it -> BlockCoordinateDescent.builder(f.fork(), SeparableProx.lasso(features)).implicitDiff(false)
                .tolerance(1e-30).maxIterations(it).throwOnFailure(false).build(), "unrolled coordinate descent");
        unrolledCd = BlockCoordinateDescent.builder(f.fork(), SeparableProx.lasso(features)).implicitDiff(false)
                .tolerance(1e-30).maxIterations(k).throwOnFailure(false).build();

        // the derivative alone, at the forward solutions the timed methods reach
        hypergradient(implicitFista);
        System.out.println("implicit derivative: " + implicitFista.derivative());
        System.out.printf("implicit derivative through the full condition: relative difference %.2e, %s%n",
                Math.abs(hypergradient(implicitFistaFull) - hypergradient(implicitFista)) / Math.abs(reference),
                implicitFistaFull.derivative());
        hypergradient(unrolledFista);
        System.out.println("unrolled derivative: " + unrolledFista.derivative());

        double fdTolerance = Double.NaN;
        for (double tol = 1e-4; tol >= 1e-14; tol /= 10) {
            fdCd = BlockCoordinateDescent.builder(f.fork(), SeparableProx.lasso(features)).tolerance(tol)
                    .maxIterations(1_000_000).build();
            double error = Math.abs(finiteDifferences() - reference) / Math.abs(reference);
            if (error <= accuracy) {
                fdTolerance = tol;
                System.out.printf("finite differences: tolerance %.0e, relative error %.2e%n", tol, error);
                break;
            }
        }
        if (Double.isNaN(fdTolerance)) {
            System.out.println("finite differences: accuracy not reached at tolerance 1e-14");
        }
    }

    interface TolerantSolver {
        Solver make(double tolerance);
    }

    interface TruncatedSolver {
        Solver make(int iterations);
    }

    /** The loosest tolerance 10⁻ᵏ whose implicit hypergradient meets the accuracy. */
    private double tolerance(TolerantSolver maker, String label) {
        for (double tol = 1e-3; tol >= 1e-14; tol /= 10) {
            Solver s = maker.make(tol);
            double error = Math.abs(implicitHypergradient(s) - reference) / Math.abs(reference);
            if (error <= accuracy) {
                System.out.printf("%s: tolerance %.0e, %d iterations, relative error %.2e%n", label, tol,
                        s.result().iterations(), error);
                return tol;
            }
        }
        throw new IllegalStateException(label + ": accuracy " + accuracy + " not reached");
    }

    /** The fewest iterations (in steps of about 10%) whose unrolled hypergradient meets the accuracy. */
    private int iterations(TruncatedSolver maker, String label) {
        for (int it = 2; it < 1_000_000; it = Math.max(it + 1, (int) (it * 1.1))) {
            Solver s = maker.make(it);
            double error = Math.abs(hypergradient(s) - reference) / Math.abs(reference);
            if (error <= accuracy) {
                System.out.printf("%s: %d iterations, relative error %.2e%n", label, it, error);
                return it;
            }
        }
        throw new IllegalStateException(label + ": accuracy " + accuracy + " not reached");
    }

    private double implicitHypergradient(Solver s) {
        return hypergradient(s);
    }

    /** One forward solve from zero, the validation gradient at w*, one VJP. */
    private double hypergradient(Solver s) {
        double[] w = s.run(init, new double[] {lambda}).solution();
        validation.valueAndGradient(w, null, validationGradient);
        s.vjp(validationGradient, thetaBar);
        return thetaBar[0];
    }

    private final double[] shifted = new double[1];

    private double finiteDifferences() {
        double h = FD_RELATIVE_STEP * lambda;
        shifted[0] = lambda + h;
        double plus = validation.value(fdCd.run(init, shifted).solution(), null);
        shifted[0] = lambda - h;
        double minus = validation.value(fdCd.run(init, shifted).solution(), null);
        return (plus - minus) / (2 * h);
    }

    @Benchmark
    public double hypergradient_implicit() {
        return hypergradient(implicitFista);
    }

    @Benchmark
    public double hypergradient_implicitFull() {
        return hypergradient(implicitFistaFull);
    }

    @Benchmark
    public double hypergradient_implicitCD() {
        return hypergradient(implicitCd);
    }

    @Benchmark
    public double hypergradient_unrolled() {
        return hypergradient(unrolledFista);
    }

    @Benchmark
    public double hypergradient_unrolledCD() {
        return hypergradient(unrolledCd);
    }

    /** The VJP alone, at the last forward solution (conjugate gradients on the support). */
    @Benchmark
    public double derivative_implicit() {
        implicitFista.vjp(validationGradient, thetaBar);
        return thetaBar[0];
    }

    /** The VJP alone through the full condition (GMRES), at the last forward solution. */
    @Benchmark
    public double derivative_implicitFull() {
        implicitFistaFull.vjp(validationGradient, thetaBar);
        return thetaBar[0];
    }

    /** The VJP alone, through the recorded iterations of the last unrolled run. */
    @Benchmark
    public double derivative_unrolled() {
        unrolledFista.vjp(validationGradient, thetaBar);
        return thetaBar[0];
    }

    @Benchmark
    public double hypergradient_finiteDifferences() {
        return finiteDifferences();
    }
}
