package org.rootgrad.bench.constrained;

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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.rootgrad.bench.report.Compare;
import org.rootgrad.implicit.ImplicitDiff;
import org.rootgrad.solvers.SolverOptions;
import org.rootgrad.solvers.constrained.AdmmQP;
import org.rootgrad.solvers.constrained.DerivativeMethod;

/**
 * How much does a QP's implicit derivative cost, and which linear solver should take the KKT
 * system? A random QP min ½xᵀPx + qᵀx s.t. l ≤ Ax ≤ u with n variables and k = n/2 rows
 * ({@link RandomQp}: 40% of the rows active) is solved once by {@link AdmmQP}; then one VJP of
 * the solution z = (x, y) costs:
 * <ul>
 *   <li>{@code vjp_minresReduced}: MINRES on the active-set KKT system (n + k, identity on
 *   inactive duals);</li>
 *   <li>{@code vjp_gmresFull}: GMRES(30) on the complementarity form (n + k, non-symmetric);</li>
 *   <li>{@code vjp_luReduced} / {@code vjp_luFull}: the factorisation cached, two triangular
 *   solves (one Richardson step preconditioned by the factorisation, and its residual check);</li>
 *   <li>{@code firstVjp_luReduced} / {@code firstVjp_luFull}: the same including the LU of the
 *   n + |active| block or the full n + k system (what the first derivative after a solve costs).</li>
 * </ul>
 * {@code solve_admm}: the cold ADMM solve with polishing, for scale. Tolerance 1e-8; Krylov
 * derivatives start cold (relative residual 1e-10).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx4g"})
@Compare({"minresReduced/gmresFull", "luReduced/luFull", "luReduced/minresReduced"})
public class QpDerivativeBenchmark {
    @Param({"100", "1000"})
    int n;

    RandomQp problem;
    double[] theta;
    double[] init;
    double[] zBar;
    double[] thetaBar;
    AdmmQP solveOnly;
    AdmmQP minresReduced;
    AdmmQP gmresFull;
    AdmmQP luReduced;
    AdmmQP luFull;

    @Setup(Level.Trial)
    public void setup() {
        int k = n / 2;
        problem = new RandomQp(n, k, 2025);
        theta = AdmmQP.parameters(problem.p, problem.q, problem.a, problem.lower, problem.upper);
        init = new double[n + k];
        zBar = new double[n + k];
        for (int i = 0; i < n; i++) {
            zBar[i] = Math.sin(i + 1.0);
        }
        solveOnly = build(DerivativeMethod.KRYLOV, true);
        minresReduced = solved(DerivativeMethod.KRYLOV, true);
        gmresFull = solved(DerivativeMethod.KRYLOV, false);
        luReduced = solved(DerivativeMethod.DIRECT, true);
        luFull = solved(DerivativeMethod.DIRECT, false);
        thetaBar = new double[solveOnly.parameterDimension()];
    }

    private AdmmQP build(DerivativeMethod method, boolean reduce) {
        return AdmmQP.builder(n, n / 2).derivativeMethod(method).activeSetReduction(reduce)
                .options(SolverOptions.defaults().withTolerance(1e-8).withMaxIterations(20_000)
                        // cold starts: a warm-started Krylov solve of the same VJP again converges at iteration 0
                        .withImplicit(ImplicitDiff.builder().warmStart(false).build()))
                .build();
    }

    private AdmmQP solved(DerivativeMethod method, boolean reduce) {
        AdmmQP qp = build(method, reduce);
        qp.run(init, theta);
        return qp;
    }

    @TearDown(Level.Trial)
    public void report() {
        for (AdmmQP qp : new AdmmQP[] {minresReduced, gmresFull, luReduced, luFull}) {
            qp.vjp(zBar, thetaBar);
            System.out.println(qp.derivativeMethod() + (qp.activeSetReduction() ? " reduced: " : " full: ") + qp.derivative());
        }
        System.out.println("n = " + n + ": " + minresReduced.result() + ", polished " + minresReduced.polished()
                + ", active rows " + minresReduced.activeCount() + " of " + n / 2);
    }

    @Benchmark
    public double solve_admm() {
        solveOnly.run(init, theta);
        return solveOnly.result().solution()[0];
    }

    @Benchmark
    public double vjp_minresReduced() {
        minresReduced.vjp(zBar, thetaBar);
        return thetaBar[0];
    }

    @Benchmark
    public double vjp_gmresFull() {
        gmresFull.vjp(zBar, thetaBar);
        return thetaBar[0];
    }

    @Benchmark
    public double vjp_luReduced() {
        luReduced.vjp(zBar, thetaBar);
        return thetaBar[0];
    }

    @Benchmark
    public double vjp_luFull() {
        luFull.vjp(zBar, thetaBar);
        return thetaBar[0];
    }

    @Benchmark
    public double firstVjp_luReduced() {
        luReduced.releaseFactorization();
        luReduced.vjp(zBar, thetaBar);
        return thetaBar[0];
    }

    @Benchmark
    public double firstVjp_luFull() {
        luFull.releaseFactorization();
        luFull.vjp(zBar, thetaBar);
        return thetaBar[0];
    }
}
