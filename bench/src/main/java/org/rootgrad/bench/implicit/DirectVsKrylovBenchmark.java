package org.rootgrad.bench.implicit;

import java.util.SplittableRandom;
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
import org.rootgrad.autodiff.Function;
import org.rootgrad.autodiff.Tape;
import org.rootgrad.autodiff.Tensor;
import org.rootgrad.bench.report.Compare;
import org.rootgrad.implicit.ImplicitDiff;
import org.rootgrad.implicit.ImplicitDiffWorkspace;
import org.rootgrad.implicit.RootFunction;
import org.rootgrad.implicit.linear.LinearOperator;
import org.rootgrad.implicit.linear.LinearSolver;
import org.rootgrad.implicit.linear.LinearSolverOptions;
import org.rootgrad.implicit.linear.SolverWorkspace;
import org.rootgrad.implicit.linear.Structure;

/**
 * Where should the automatic choice switch from a dense direct solve to a Krylov method
 * ({@link LinearSolver#DENSE_DIRECT_MAX_DIMENSION})? Two workloads at n = 10 … 400, each solved
 * to a relative residual of 1e-10, from scratch every call:
 * <ul>
 *   <li>{@code solveDense}: a dense SPD n×n matrix with eigenvalues spread geometrically over
 *       [1, 100]: dense Cholesky (n³/3 flops) against conjugate gradients (2n² per step).</li>
 *   <li>{@code vjpMatrixFree}: the implicit VJP of ridge regression recorded on the tape,
 *       f(w; λ) = (1/2N)‖Xw − y‖² + ½λ‖w‖² with X 2n×n, columns scaled from 1 to 0.1, λ = 0.01
 *       (κ ≈ 50): dense Cholesky assembles the Hessian from n Hessian-vector products (one
 *       pass over X each), CG needs about √κ·log(1e10)/2 of them whatever n is.</li>
 * </ul>
 * {@code cholesky/cg} above 1 means the direct solve is faster.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@Compare({"cholesky/cg"})
public class DirectVsKrylovBenchmark {
    @Param({"10", "50", "100", "200", "400"})
    int n;

    LinearOperator matrix;
    double[] b;
    double[] x;
    LinearSolver cholesky;
    LinearSolver cg;
    SolverWorkspace choleskyWorkspace;
    SolverWorkspace cgWorkspace;

    ImplicitDiffWorkspace vjpCholesky;
    ImplicitDiffWorkspace vjpCg;
    double[] wStar;
    double[] theta;
    double[] xBar;
    double[] thetaBar;

    @Setup
    public void setup() {
        SplittableRandom random = new SplittableRandom(31);
        LinearSolverOptions options = LinearSolverOptions.builder().relativeTolerance(1e-10)
                .throwOnFailure(false).build();
        cholesky = LinearSolver.denseCholesky(options);
        cg = LinearSolver.conjugateGradient(options);

        matrix = LinearOperator.dense(n, n, spd(random, n, 100), 0, n, Structure.SYMMETRIC_POSITIVE_DEFINITE);
        b = new double[n];
        for (int i = 0; i < n; i++) {
            b[i] = random.nextGaussian();
        }
        x = new double[n];
        choleskyWorkspace = cholesky.newWorkspace(n);
        cgWorkspace = cg.newWorkspace(n);

        int rows = 2 * n;
        double[] data = new double[rows * n];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < n; j++) {
                data[i * n + j] = random.nextGaussian() * Math.pow(10, -(double) j / Math.max(1, n - 1));
            }
        }
        double[] targets = new double[rows];
        for (int i = 0; i < rows; i++) {
            targets[i] = random.nextGaussian();
        }
        Tape tape = new Tape();
        Tensor w = tape.input("w", n);
        Tensor lambda = tape.input("lambda");
        Function f = tape.build(tape.leastSquares(tape.constant(data, rows, n), w, tape.constant(targets))
                .add(lambda.mul(w.squaredNorm()).mul(0.5)));
        ImplicitDiff throughCholesky = ImplicitDiff.builder().solver(cholesky).throwOnFailure(false).build();
        ImplicitDiff throughCg = ImplicitDiff.builder().solver(cg).warmStart(false).throwOnFailure(false).build();
        vjpCholesky = throughCholesky.newWorkspace(RootFunction.gradientOf(f, 0, 1));
        vjpCg = throughCg.newWorkspace(RootFunction.gradientOf(f, 0, 1));
        wStar = new double[n];
        for (int j = 0; j < n; j++) {
            wStar[j] = random.nextGaussian(); // any point: the cost does not depend on being a root
        }
        theta = new double[] {0.01};
        xBar = b.clone();
        thetaBar = new double[1];
    }

    /** Q diag(λ) Qᵀ with λ geometric over [1, κ] and Q from Gram–Schmidt on a random matrix. */
    static double[] spd(SplittableRandom random, int n, double kappa) {
        double[] q = new double[n * n];
        for (int i = 0; i < n * n; i++) {
            q[i] = random.nextGaussian();
        }
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < i; k++) {
                double d = 0;
                for (int j = 0; j < n; j++) {
                    d += q[i * n + j] * q[k * n + j];
                }
                for (int j = 0; j < n; j++) {
                    q[i * n + j] -= d * q[k * n + j];
                }
            }
            double s = 0;
            for (int j = 0; j < n; j++) {
                s += q[i * n + j] * q[i * n + j];
            }
            s = Math.sqrt(s);
            for (int j = 0; j < n; j++) {
                q[i * n + j] /= s;
            }
        }
        double[] a = new double[n * n];
        for (int k = 0; k < n; k++) {
            double eigenvalue = Math.pow(kappa, n == 1 ? 0 : (double) k / (n - 1));
            for (int i = 0; i < n; i++) {
                double qi = q[k * n + i] * eigenvalue;
                for (int j = 0; j < n; j++) {
                    a[i * n + j] += qi * q[k * n + j];
                }
            }
        }
        return a;
    }

    @Benchmark
    public double solveDense_cholesky() {
        cholesky.trySolve(choleskyWorkspace, matrix, null, b, x);
        return x[0];
    }

    @Benchmark
    public double solveDense_cg() {
        cg.trySolve(cgWorkspace, matrix, null, b, x);
        return x[0];
    }

    @Benchmark
    public double vjpMatrixFree_cholesky() {
        vjpCholesky.invalidate(); // every call at a new point: assemble and factor again
        vjpCholesky.vjp(wStar, theta, xBar, thetaBar);
        return thetaBar[0];
    }

    @Benchmark
    public double vjpMatrixFree_cg() {
        vjpCg.vjp(wStar, theta, xBar, thetaBar);
        return thetaBar[0];
    }
}
