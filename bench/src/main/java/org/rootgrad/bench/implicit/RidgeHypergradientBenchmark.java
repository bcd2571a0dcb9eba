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
import org.rootgrad.autodiff.Function;
import org.rootgrad.autodiff.Objective;
import org.rootgrad.autodiff.Tape;
import org.rootgrad.autodiff.Tensor;
import org.rootgrad.autodiff.Workspace;
import org.rootgrad.bench.report.Compare;
import org.rootgrad.engine.ArrayKernels;
import org.rootgrad.engine.MatrixKernels;
import org.rootgrad.implicit.ImplicitDiff;
import org.rootgrad.implicit.ImplicitDiffWorkspace;
import org.rootgrad.implicit.ImplicitResult;
import org.rootgrad.implicit.RootFunction;
import org.rootgrad.implicit.linear.LinearSolver;
import org.rootgrad.implicit.linear.LinearSolverOptions;
import org.rootgrad.solvers.GradientDescent;

/**
 * What does the hypergradient of a validation loss cost next to the solve it differentiates?
 * Ridge regression f(w; λ) = (1/2n)‖Xw − y‖² + ½λ‖w‖² recorded on the tape (fused least-squares
 * op: one pass over X per gradient or Hessian-vector product), X 10000×500 with columns scaled
 * from 1 to 0.1 (κ(H) ≈ 50 at λ = 0.01), validation set 2000×500.
 *
 * <ul>
 *   <li>{@code hypergradient_forward}: the forward solve from w = 0 by Nesterov-accelerated
 *       gradient descent with step 1/L (the solvers module's first solver; L-BFGS and Newton
 *       join later), to ‖∇f‖ ≤ 1e-8·‖∇f(0)‖.</li>
 *   <li>{@code hypergradient_implicitCg}: the implicit part, x̄ = ∇L(w*) and the VJP θ̄ = Bᵀw with
 *       Hw = −x̄ by conjugate gradients to 1e-10, from a cold start.</li>
 *   <li>{@code hypergradient_implicitDense}: the same VJP by dense Cholesky: 500 products to
 *       assemble H, then the factorisation (what the automatic choice avoids above n = 200).</li>
 *   <li>{@code hypergradient_tape}: the whole hypergradient d/dθ L(w*(e^θ)) through a tape with
 *       the solver as a node, θ alternating between two values so the node solves each time
 *       (warm-started from the previous solution, as in a hyperparameter search).</li>
 * </ul>
 * Bar: the implicit part ≤ 0.5× the forward solve ({@code implicitCg/forward} ≥ 2). Iteration
 * counts and the implicit diagnostics are printed after each trial. One call takes from 0.5 to
 * 3 s, so a short run measures a handful of calls, and its allocation column still shows the
 * JIT's warm-up (the Hessian products allocate nothing once compiled; the implicit module's
 * tests check that). An L2 logistic-regression variant (10000×100) waits for the solvers
 * module's Newton and L-BFGS solvers.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 2, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx3g"})
@Compare({"implicitCg/forward", "implicitCg/implicitDense"})
public class RidgeHypergradientBenchmark {
    @Param({"10000"})
    int samples;

    @Param({"500"})
    int features;

    @Param({"0.01"})
    double lambda;

    private static final ArrayKernels V = ArrayKernels.active();
    private static final MatrixKernels M = MatrixKernels.active();

    int validation;
    double[] xVal;
    double[] yVal;
    double[] theta;
    double[] wStar;
    double[] xBar;
    double[] thetaBar;
    double[] residual;
    double[] zeros;

    GradientDescent forward;
    ImplicitDiffWorkspace cg;
    ImplicitDiffWorkspace dense;
    Function hypergradient;
    Workspace tapeWorkspace;
    double[] tapeGradient;
    double[][] thetas;
    int flip;
    ImplicitResult lastImplicit;

    @Setup
    public void setup() {
        SplittableRandom random = new SplittableRandom(2024);
        int n = samples;
        int p = features;
        validation = n / 5;
        double[] scale = new double[p];
        for (int j = 0; j < p; j++) {
            scale[j] = Math.pow(10, -(double) j / Math.max(1, p - 1));
        }
        double[] truth = new double[p];
        for (int j = 0; j < p; j++) {
            truth[j] = random.nextGaussian();
        }
        double[] x = data(random, n, p, scale);
        double[] y = targets(random, x, n, p, truth);
        xVal = data(random, validation, p, scale);
        yVal = targets(random, xVal, validation, p, truth);

        Tape tape = new Tape();
        Tensor w = tape.input("w", p);
        Tensor l = tape.input("lambda");
        Function f = tape.build(tape.leastSquares(tape.constant(x, n, p), w, tape.constant(y))
                .add(l.mul(w.squaredNorm()).mul(0.5)));
        Objective objective = f.objective(0, 1);
        theta = new double[] {lambda};
        double lipschitz = largestEigenvalue(objective, p, theta);
        double[] g0 = new double[p];
        objective.gradient(new double[p], theta, g0);
        forward = GradientDescent.builder(objective.fork()).accelerated(true).fixedStep(1 / lipschitz)
                .tolerance(1e-8 * V.nrm2(p, g0, 0)).maxIterations(100_000).build();
        zeros = new double[p];
        wStar = forward.run(zeros, theta).solution().clone();

        residual = new double[validation];
        xBar = new double[p];
        thetaBar = new double[1];
        LinearSolverOptions options = LinearSolverOptions.builder().relativeTolerance(1e-10).build();
        cg = ImplicitDiff.builder().solver(LinearSolver.conjugateGradient(options)).warmStart(false).build()
                .newWorkspace(RootFunction.gradientOf(objective.fork()));
        dense = ImplicitDiff.builder().solver(LinearSolver.denseCholesky(options)).build()
                .newWorkspace(RootFunction.gradientOf(objective.fork()));

        // the whole hypergradient on a tape: L(w*(e^θ)) with the forward solver as the node
        Tape outer = new Tape();
        Tensor t = outer.input("theta");
        Tensor ws = ImplicitDiff.node(outer, GradientDescent.builder(objective.fork()).accelerated(true)
                .fixedStep(1 / lipschitz).tolerance(1e-8 * V.nrm2(p, g0, 0)).maxIterations(100_000)
                .options(forward.options().withImplicit(ImplicitDiff.builder()
                        .solver(LinearSolver.conjugateGradient(options)).build()))
                .build(), t.exp());
        Tensor loss = outer.constant(xVal, validation, p).matvec(ws).sub(outer.constant(yVal)).square().mean();
        hypergradient = outer.build(loss);
        tapeWorkspace = hypergradient.newWorkspace();
        tapeGradient = new double[1];
        thetas = new double[][] {{Math.log(lambda)}, {Math.log(lambda * 1.05)}};
        System.out.println("\nkernels: " + V.name() + ", L = " + lipschitz + ", forward: "
                + forward.result().iterations() + " iterations");
    }

    private static double[] data(SplittableRandom random, int rows, int p, double[] scale) {
        double[] x = new double[rows * p];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < p; j++) {
                x[i * p + j] = random.nextGaussian() * scale[j];
            }
        }
        return x;
    }

    private static double[] targets(SplittableRandom random, double[] x, int rows, int p, double[] truth) {
        double[] y = new double[rows];
        M.gemv(rows, p, 1, x, 0, p, truth, 0, 0, y, 0);
        for (int i = 0; i < rows; i++) {
            y[i] += 0.1 * random.nextGaussian();
        }
        return y;
    }

    /** Power iteration on the Hessian (30 steps, a slight overestimate by 1%). */
    private static double largestEigenvalue(Objective f, int p, double[] theta) {
        f.linearize(new double[p], theta);
        double[] v = new double[p];
        double[] hv = new double[p];
        java.util.Arrays.fill(v, 1 / Math.sqrt(p));
        double estimate = 0;
        for (int k = 0; k < 30; k++) {
            f.hessianVector(v, hv);
            estimate = V.nrm2(p, hv, 0);
            for (int i = 0; i < p; i++) {
                v[i] = hv[i] / estimate;
            }
        }
        return 1.01 * estimate;
    }

    /** x̄ = ∇L(w*) = 2X_valᵀ(X_val w* − y_val)/n_val. */
    private void validationGradient() {
        int p = features;
        System.arraycopy(yVal, 0, residual, 0, validation);
        M.gemv(validation, p, 1, xVal, 0, p, wStar, 0, -1, residual, 0);
        M.gemvT(validation, p, 2.0 / validation, xVal, 0, p, residual, 0, 0, xBar, 0);
    }

    @Benchmark
    public double hypergradient_forward() {
        return forward.run(zeros, theta).solution()[0];
    }

    @Benchmark
    public double hypergradient_implicitCg() {
        validationGradient();
        lastImplicit = cg.vjp(wStar, theta, xBar, thetaBar);
        return thetaBar[0];
    }

    @Benchmark
    public double hypergradient_implicitDense() {
        validationGradient();
        dense.invalidate(); // a new point each time, as in a search: assemble and factor again
        lastImplicit = dense.vjp(wStar, theta, xBar, thetaBar);
        return thetaBar[0];
    }

    @Benchmark
    public double hypergradient_tape() {
        flip ^= 1;
        tapeWorkspace.setInput(0, thetas[flip]);
        return hypergradient.valueAndGradient(tapeWorkspace, 0, tapeGradient) + tapeGradient[0];
    }

    @TearDown
    public void report() {
        System.out.println("\nforward: " + forward.result().iterations() + " iterations; implicit: "
                + (lastImplicit == null ? "-" : lastImplicit));
    }
}
