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
import org.openjdk.jmh.annotations.Warmup;
import org.rootgrad.bench.report.Compare;
import org.rootgrad.implicit.ImplicitDiff;
import org.rootgrad.solvers.SolverOptions;
import org.rootgrad.solvers.constrained.DerivativeMethod;
import org.rootgrad.solvers.constrained.EqualityConstrainedQP;

/**
 * The equality QP min ½xᵀQx + cᵀx s.t. Ax = b with n variables and p = n/2 constraints
 * ({@link RandomQp}'s P and the first p rows of its A): forward solve by LU of the (n+p)² KKT
 * matrix, by the Schur complement (Cholesky of Q and of AQ⁻¹Aᵀ) or by MINRES; then one VJP of
 * z = (x, ν) by MINRES ({@code vjp_minres}) or by the forward factorisation
 * ({@code vjp_lu}, {@code vjp_schur}: two triangular solves). Tolerance 1e-10.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx4g"})
@Compare({"schur/lu", "minres/lu", "lu/minres", "schur/minres"})
public class EqualityQpBenchmark {
    @Param({"100", "1000"})
    int n;

    double[] theta;
    double[] init;
    double[] zBar;
    double[] thetaBar;
    EqualityConstrainedQP lu;
    EqualityConstrainedQP schur;
    EqualityConstrainedQP minres;
    EqualityConstrainedQP luDerivative;
    EqualityConstrainedQP schurDerivative;
    EqualityConstrainedQP minresDerivative;

    @Setup(Level.Trial)
    public void setup() {
        int p = n / 2;
        RandomQp problem = new RandomQp(n, p, 2026);
        double[] b = new double[p];
        for (int i = 0; i < p; i++) {
            b[i] = Math.cos(i);
        }
        theta = EqualityConstrainedQP.parameters(problem.p, problem.q, problem.a, b);
        init = new double[n + p];
        zBar = new double[n + p];
        for (int i = 0; i < n; i++) {
            zBar[i] = Math.sin(i + 1.0);
        }
        lu = build(EqualityConstrainedQP.Method.LU, DerivativeMethod.DIRECT);
        schur = build(EqualityConstrainedQP.Method.SCHUR_CHOLESKY, DerivativeMethod.DIRECT);
        minres = build(EqualityConstrainedQP.Method.MINRES, DerivativeMethod.KRYLOV);
        luDerivative = build(EqualityConstrainedQP.Method.LU, DerivativeMethod.DIRECT);
        schurDerivative = build(EqualityConstrainedQP.Method.SCHUR_CHOLESKY, DerivativeMethod.DIRECT);
        minresDerivative = build(EqualityConstrainedQP.Method.LU, DerivativeMethod.KRYLOV);
        for (EqualityConstrainedQP qp : new EqualityConstrainedQP[] {luDerivative, schurDerivative, minresDerivative}) {
            qp.run(init, theta);
        }
        thetaBar = new double[lu.parameterDimension()];
    }

    private EqualityConstrainedQP build(EqualityConstrainedQP.Method method, DerivativeMethod derivative) {
        return EqualityConstrainedQP.builder(n, n / 2).method(method).derivativeMethod(derivative)
                .options(SolverOptions.defaults().withTolerance(1e-10)
                        .withImplicit(ImplicitDiff.builder().warmStart(false).build()))
                .build();
    }

    @Benchmark
    public double solve_lu() {
        return lu.run(init, theta).solution()[0];
    }

    @Benchmark
    public double solve_schur() {
        return schur.run(init, theta).solution()[0];
    }

    @Benchmark
    public double solve_minres() {
        return minres.run(init, theta).solution()[0];
    }

    @Benchmark
    public double vjp_lu() {
        luDerivative.vjp(zBar, thetaBar);
        return thetaBar[0];
    }

    @Benchmark
    public double vjp_schur() {
        schurDerivative.vjp(zBar, thetaBar);
        return thetaBar[0];
    }

    @Benchmark
    public double vjp_minres() {
        minresDerivative.vjp(zBar, thetaBar);
        return thetaBar[0];
    }
}
