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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.rootgrad.engine.ArrayKernels;
import org.rootgrad.implicit.linear.DenseOperator;
import org.rootgrad.implicit.linear.LbfgsHistory;
import org.rootgrad.implicit.linear.LinearOperator;
import org.rootgrad.implicit.linear.LinearSolver;
import org.rootgrad.implicit.linear.LinearSolverOptions;
import org.rootgrad.implicit.linear.SolveResult;
import org.rootgrad.implicit.linear.SolverWorkspace;
import org.rootgrad.implicit.linear.Structure;

/**
 * Which Krylov method for the Hessian solve of ridge regression? The system is
 * (XᵀX/n + λI)w = b with X n×p (10000×500 by default), applied matrix-free as two passes over
 * X (gemv then gemvT), solved to a relative residual of 1e-10 by conjugate gradients, CG
 * preconditioned with the memory of a short L-BFGS run on the same quadratic, CG on the normal
 * equations (which squares κ), MINRES and GMRES(30). The columns of X are scaled from 1 down to
 * 0.1 so that κ ≈ 50 and the iteration counts differ visibly.
 *
 * <p>Time per solve; the iterations and the relative residual of each method are printed at the
 * end of its trial. With {@code -prof gc}, gc.alloc.rate.norm shows the solves allocate nothing.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx2g"})
public class RidgeKrylovBenchmark {
    @Param({"10000"})
    int samples;

    @Param({"500"})
    int features;

    @Param({"0.01"})
    double lambda;

    LinearOperator hessian;
    double[] b;
    double[] w;
    LbfgsHistory lbfgs;

    LinearSolver cg;
    LinearSolver normalCg;
    LinearSolver minres;
    LinearSolver gmres;
    SolverWorkspace cgWorkspace;
    SolverWorkspace normalCgWorkspace;
    SolverWorkspace minresWorkspace;
    SolverWorkspace gmresWorkspace;
    SolveResult last;
    String lastMethod;

    @Setup
    public void setup() {
        SplittableRandom random = new SplittableRandom(2024);
        int n = samples;
        int p = features;
        double[] x = new double[n * p];
        double[] scale = new double[p];
        for (int j = 0; j < p; j++) {
            scale[j] = Math.pow(10, -(double) j / Math.max(1, p - 1));
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < p; j++) {
                x[i * p + j] = random.nextGaussian() * scale[j];
            }
        }
        DenseOperator data = LinearOperator.dense(n, p, x);
        hessian = data.transpose().times(data).scaled(1.0 / n)
                .withStructure(Structure.SYMMETRIC_POSITIVE_DEFINITE).withRidge(lambda);
        // b = Xᵀy/n for y = X·w* + noise: the right-hand side of the ridge normal equations
        double[] truth = new double[p];
        for (int j = 0; j < p; j++) {
            truth[j] = random.nextGaussian();
        }
        double[] y = new double[n];
        data.apply(truth, y);
        for (int i = 0; i < n; i++) {
            y[i] += 0.1 * random.nextGaussian();
        }
        b = new double[p];
        data.applyTranspose(y, b);
        ArrayKernels.active().scal(p, 1.0 / n, b, 0);
        w = new double[p];
        lbfgs = lbfgsMemory(hessian, b, 10, 10);

        LinearSolverOptions options = LinearSolverOptions.builder().relativeTolerance(1e-10)
                .maxIterations(100_000).throwOnFailure(false).build();
        cg = LinearSolver.conjugateGradient(options);
        normalCg = LinearSolver.normalConjugateGradient(options);
        minres = LinearSolver.minres(options);
        gmres = LinearSolver.gmres(options);
        cgWorkspace = cg.newWorkspace(p);
        normalCgWorkspace = normalCg.newWorkspace(p);
        minresWorkspace = minres.newWorkspace(p);
        gmresWorkspace = gmres.newWorkspace(p);
        System.out.println("\nkernels: " + ArrayKernels.active().name() + ", L-BFGS pairs kept: " + lbfgs.size());
    }

    /**
     * The memory an L-BFGS run with exact line searches on ½wᵀAw − cᵀw leaves behind, c being a
     * random perturbation of b so the preconditioner is not tuned to the very right-hand side.
     */
    private static LbfgsHistory lbfgsMemory(LinearOperator a, double[] b, int capacity, int steps) {
        int p = b.length;
        ArrayKernels k = ArrayKernels.active();
        SplittableRandom random = new SplittableRandom(7);
        LbfgsHistory history = new LbfgsHistory(p, capacity);
        double[] g = new double[p];
        for (int i = 0; i < p; i++) {
            g[i] = -(b[i] + 0.1 * random.nextGaussian() * Math.abs(b[i])); // ∇f(0) = −c
        }
        double[] d = new double[p];
        double[] ad = new double[p];
        double[] s = new double[p];
        double[] yk = new double[p];
        for (int step = 0; step < steps; step++) {
            history.apply(g, d);
            a.apply(d, ad);
            double t = -k.dot(p, g, 0, d, 0) / k.dot(p, d, 0, ad, 0);
            for (int i = 0; i < p; i++) {
                s[i] = t * d[i];
                yk[i] = t * ad[i];
                g[i] += yk[i];
            }
            history.push(s, yk);
        }
        return history;
    }

    @TearDown
    public void report() {
        if (last != null) {
            System.out.println("\n" + lastMethod + ": " + last.status() + ", " + last.iterations()
                    + " iterations, relative residual " + last.relativeResidual());
        }
    }

    private double record(String method, SolveResult result) {
        last = result;
        lastMethod = method;
        return w[0];
    }

    @Benchmark
    public double conjugateGradient() {
        return record("CG", cg.trySolve(cgWorkspace, hessian, null, b, w));
    }

    @Benchmark
    public double conjugateGradientLbfgs() {
        return record("CG + L-BFGS preconditioner", cg.trySolve(cgWorkspace, hessian, lbfgs, b, w));
    }

    @Benchmark
    public double normalConjugateGradient() {
        return record("CG on the normal equations", normalCg.trySolve(normalCgWorkspace, hessian, null, b, w));
    }

    @Benchmark
    public double minres() {
        return record("MINRES", minres.trySolve(minresWorkspace, hessian, null, b, w));
    }

    @Benchmark
    public double gmres() {
        return record("GMRES(30)", gmres.trySolve(gmresWorkspace, hessian, null, b, w));
    }
}
