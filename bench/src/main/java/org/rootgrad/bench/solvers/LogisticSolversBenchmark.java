package org.rootgrad.bench.solvers;

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
import org.rootgrad.autodiff.Objective;
import org.rootgrad.autodiff.Tape;
import org.rootgrad.autodiff.Tensor;
import org.rootgrad.bench.report.Compare;
import org.rootgrad.implicit.ImplicitDiff;
import org.rootgrad.solvers.GradientDescent;
import org.rootgrad.solvers.LBFGS;
import org.rootgrad.solvers.NewtonCG;
import org.rootgrad.solvers.NonlinearCG;
import org.rootgrad.solvers.Solver;
import org.rootgrad.solvers.objective.Objectives;

/**
 * Which solver for L2-regularised logistic regression, and what the L-BFGS memory buys its
 * hypergradient? f(w, λ) = mean log(1 + exp(−yᵢxᵢᵀw)) + ½λ‖w‖² on synthetic data (10000×100,
 * Gaussian features, labels from a noisy linear model), recorded on the tape with the fused loss.
 *
 * <ul>
 *   <li>{@code toTolerance_*}: one solve from w = 0 to ‖∇f‖ ≤ 1e-8 by gradient descent (Armijo),
 *       accelerated gradient descent, L-BFGS (memory 10), nonlinear CG (PR+) and Newton–CG.</li>
 *   <li>{@code hypergradient_*}: the implicit VJP θ̄ = x̄ᵀ∂w*(λ)/∂λ for x̄ = ∇L_val(w*), the gradient
 *       of the logistic loss on a 2000-row validation set, at the L-BFGS solution (to 1e-8):
 *       CG on the Hessian cold-started each time, plain or preconditioned with the memory of the
 *       L-BFGS run (10 or 50 pairs, initial matrix γI), or, for the same loss as the library's
 *       linear model ({@code Objectives.binaryLogisticL2}), with the memory of 10 pairs on the
 *       inverse Hessian diagonal ({@code lbfgs10Diagonal}). The features are scaled from 1 down to 0.01 here (the
 *       forward comparison uses unscaled ones), so that at λ = 1e-4 the Hessian's condition
 *       number is in the thousands and CG has work a preconditioner can save.</li>
 * </ul>
 * Iterations (forward) and CG iterations (hypergradient) are printed at the end of each trial.
 * With {@code -prof gc}, gc.alloc.rate.norm shows that repeated solves and VJPs allocate nothing.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 10, time = 2) // on a busy machine C2 takes ~20 s before the VJP path stops allocating
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx2g"})
@Compare({"lbfgs/gradientDescent", "lbfgs/nonlinearCg", "newtonCg/lbfgs", "lbfgs10/plain", "lbfgs50/plain",
        "lbfgs10Diagonal/plain"})
public class LogisticSolversBenchmark {
    static final int SAMPLES = 10_000;
    static final int FEATURES = 100;
    static final int VALIDATION = 2_000;

    /** Training and validation data, the same in every state (fixed seed). */
    static final class Data {
        final double[] x;
        final double[] y;
        final double[] xValidation;
        final double[] yValidation;

        /** Standard Gaussian features, or feature j scaled by 10^(−2j/(p − 1)) when {@code spread}. */
        Data(boolean spread) {
            SplittableRandom random = new SplittableRandom(11);
            double[] truth = new double[FEATURES];
            double[] scale = new double[FEATURES];
            for (int j = 0; j < FEATURES; j++) {
                scale[j] = spread ? Math.pow(10, -2.0 * j / (FEATURES - 1)) : 1;
                truth[j] = random.nextGaussian() / Math.sqrt(FEATURES) * 3 / scale[j];
            }
            x = new double[SAMPLES * FEATURES];
            y = new double[SAMPLES];
            fill(random, truth, scale, x, y);
            xValidation = new double[VALIDATION * FEATURES];
            yValidation = new double[VALIDATION];
            fill(random, truth, scale, xValidation, yValidation);
        }

        /** Gaussian features times their scale, y = sign(xᵀw + logistic noise). */
        private static void fill(SplittableRandom random, double[] truth, double[] scale, double[] x, double[] y) {
            for (int i = 0; i < y.length; i++) {
                double margin = 0;
                for (int j = 0; j < FEATURES; j++) {
                    double v = random.nextGaussian() * scale[j];
                    x[i * FEATURES + j] = v;
                    margin += v * truth[j];
                }
                double u = random.nextDouble();
                y[i] = margin + Math.log(u / (1 - u)) > 0 ? 1 : -1;
            }
        }

        /** mean logistic loss + ½λ‖w‖², θ = λ. */
        Objective objective() {
            Tape tape = new Tape();
            Tensor w = tape.input("w", FEATURES);
            Tensor l = tape.input("lambda", 1);
            Tensor loss = tape.binaryLogisticLoss(tape.constant(x, SAMPLES, FEATURES), w, tape.constant(y))
                    .add(l.mul(w.squaredNorm()).scale(0.5));
            return tape.build(loss).objective(0, 1);
        }

        /** The validation loss, a function of w only. */
        Objective validationLoss() {
            Tape tape = new Tape();
            Tensor w = tape.input("w", FEATURES);
            return tape.build(tape.binaryLogisticLoss(tape.constant(xValidation, VALIDATION, FEATURES), w,
                    tape.constant(yValidation))).objective(0);
        }
    }

    /** Solvers run from w = 0 to ‖∇f‖ ≤ 1e-8 at λ = 0.01. */
    @State(Scope.Thread)
    public static class Forward {
        @Param({"0.01"})
        double lambda;

        double[] theta;
        double[] init;
        Solver gradientDescent;
        Solver accelerated;
        Solver lbfgs;
        Solver nonlinearCg;
        Solver newtonCg;
        Solver last;

        @Setup
        public void setup() {
            Data data = new Data(false);
            theta = new double[] {lambda};
            init = new double[FEATURES];
            gradientDescent = GradientDescent.builder(data.objective()).maxIterations(100_000).build();
            accelerated = GradientDescent.builder(data.objective()).accelerated(true).maxIterations(100_000).build();
            lbfgs = LBFGS.builder(data.objective()).maxIterations(100_000).build();
            nonlinearCg = NonlinearCG.builder(data.objective()).maxIterations(100_000).build();
            newtonCg = NewtonCG.builder(data.objective()).maxIterations(100_000).build();
        }

        int solve(Solver s) {
            last = s;
            return s.run(init, theta).iterations();
        }

        @TearDown
        public void report() {
            if (last != null) {
                System.out.println("\n" + last.result());
            }
        }
    }

    /** The hypergradient of the validation loss at the L-BFGS solution for a given λ. */
    @State(Scope.Thread)
    public static class Hypergradient {
        @Param({"0.01", "0.0001"})
        double strength;

        LBFGS plain;
        LBFGS memory10;
        LBFGS memory50;
        LBFGS memory10Diagonal;
        LBFGS last;
        double[] validationGradient;
        double[] thetaBar;

        @Setup
        public void setup() {
            Data data = new Data(true);
            double[] theta = {strength};
            double[] init = new double[FEATURES];
            // CG at every size (n = 100 would otherwise get dense Cholesky), cold-started
            ImplicitDiff cold = ImplicitDiff.builder().warmStart(false).denseThreshold(0).build();
            plain = LBFGS.builder(data.objective()).implicit(cold).preconditionImplicit(false).maxIterations(100_000).build();
            memory10 = LBFGS.builder(data.objective()).implicit(cold).memory(10).maxIterations(100_000).build();
            memory50 = LBFGS.builder(data.objective()).implicit(cold).memory(50).maxIterations(100_000).build();
            memory10Diagonal = LBFGS.builder(Objectives.binaryLogisticL2(data.x, SAMPLES, FEATURES, data.y, false))
                    .implicit(cold).memory(10).maxIterations(100_000).build();
            plain.run(init, theta);
            memory10.run(init, theta);
            memory50.run(init, theta);
            memory10Diagonal.run(init, theta);
            validationGradient = new double[FEATURES];
            data.validationLoss().valueAndGradient(plain.result().solution(), new double[0], validationGradient);
            thetaBar = new double[1];
        }

        double vjp(LBFGS s) {
            last = s;
            s.vjp(validationGradient, thetaBar);
            return thetaBar[0];
        }

        @TearDown
        public void report() {
            if (last != null) {
                System.out.println("\n" + last.derivative() + "; L-BFGS: " + last.result().iterations()
                        + " iterations, preconditioner: " + (last == plain ? "none" : last.history()));
            }
        }
    }

    @Benchmark
    public int toTolerance_gradientDescent(Forward s) {
        return s.solve(s.gradientDescent);
    }

    @Benchmark
    public int toTolerance_acceleratedGradientDescent(Forward s) {
        return s.solve(s.accelerated);
    }

    @Benchmark
    public int toTolerance_lbfgs(Forward s) {
        return s.solve(s.lbfgs);
    }

    @Benchmark
    public int toTolerance_nonlinearCg(Forward s) {
        return s.solve(s.nonlinearCg);
    }

    @Benchmark
    public int toTolerance_newtonCg(Forward s) {
        return s.solve(s.newtonCg);
    }

    @Benchmark
    public double hypergradient_plain(Hypergradient s) {
        return s.vjp(s.plain);
    }

    @Benchmark
    public double hypergradient_lbfgs10(Hypergradient s) {
        return s.vjp(s.memory10);
    }

    @Benchmark
    public double hypergradient_lbfgs50(Hypergradient s) {
        return s.vjp(s.memory50);
    }

    @Benchmark
    public double hypergradient_lbfgs10Diagonal(Hypergradient s) {
        return s.vjp(s.memory10Diagonal);
    }
}
