package org.rootgrad.solvers.reliability;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.rootgrad.autodiff.Function;
import org.rootgrad.autodiff.Objective;
import org.rootgrad.autodiff.Shape;
import org.rootgrad.autodiff.Tape;
import org.rootgrad.autodiff.Tensor;
import org.rootgrad.implicit.FixedPointMap;
import org.rootgrad.implicit.RootFunction;
import org.rootgrad.implicit.linear.Structure;
import org.rootgrad.solvers.AndersonAcceleration;
import org.rootgrad.solvers.Bisection;
import org.rootgrad.solvers.BlockCoordinateDescent;
import org.rootgrad.solvers.Broyden;
import org.rootgrad.solvers.FixedPointIteration;
import org.rootgrad.solvers.GaussNewton;
import org.rootgrad.solvers.GradientDescent;
import org.rootgrad.solvers.LBFGS;
import org.rootgrad.solvers.LeastSquaresProblem;
import org.rootgrad.solvers.LevenbergMarquardt;
import org.rootgrad.solvers.MirrorDescent;
import org.rootgrad.solvers.Newton;
import org.rootgrad.solvers.NewtonCG;
import org.rootgrad.solvers.NonlinearCG;
import org.rootgrad.solvers.Problems;
import org.rootgrad.solvers.ProjectedGradient;
import org.rootgrad.solvers.ProximalGradient;
import org.rootgrad.solvers.Solver;
import org.rootgrad.solvers.SolverOptions;
import org.rootgrad.solvers.constrained.AdmmQP;
import org.rootgrad.solvers.constrained.BoxCDQP;
import org.rootgrad.solvers.constrained.EqualityConstrainedQP;
import org.rootgrad.solvers.objective.Objectives;
import org.rootgrad.solvers.projection.Projection;
import org.rootgrad.solvers.prox.Prox;
import org.rootgrad.solvers.prox.SeparableProx;
import org.rootgrad.testing.DenseReference;

/**
 * One configuration of every solver family on a small random strongly convex (or contractive, or
 * well-conditioned) problem drawn from a seed, with its closed-form solution x*(θ) and Jacobian
 * ∂x*(θ)/∂θ written here from the problem's formula (dense solves of {@link DenseReference}),
 * never from the code under test.
 *
 * <ul>
 *   <li>quadratic f = ½xᵀAx − θᵀx (A SPD, κ ≤ 10): x* = A⁻¹θ, J = A⁻¹ — gradient descent (plain
 *       and accelerated), L-BFGS, nonlinear CG, Newton-CG;</li>
 *   <li>the same plus the ridge prox (λ/2)‖x‖², θ = (θ_f, λ): x* = (A + λI)⁻¹θ_f — proximal
 *       gradient;</li>
 *   <li>the quadratic on a box [−100, 100]ⁿ that stays inactive, θ = (θ_f, lo, hi) — projected
 *       gradient (J = (A⁻¹ | 0 | 0));</li>
 *   <li>the quadratic on the simplex with an interior minimiser (θ drawn to make it so): x* =
 *       A⁻¹(θ − ν1), J = A⁻¹ − (A⁻¹1)(A⁻¹1)ᵀ/(1ᵀA⁻¹1) — mirror descent;</li>
 *   <li>ridge regression (1/r)‖Xw − y‖² + (λ/2)‖w‖², θ = [λ]: H = 2XᵀX/r + λI, w* = H⁻¹·2Xᵀy/r,
 *       ∂w*(λ)/∂λ = −H⁻¹w* — coordinate descent;</li>
 *   <li>affine residuals r = Mx − θ (M 6×4): x* = (MᵀM)⁻¹Mᵀθ — Gauss–Newton,
 *       Levenberg–Marquardt;</li>
 *   <li>the contraction T = Kx + θ (‖K‖ = ½): x* = (I − K)⁻¹θ — fixed-point iteration,
 *       Anderson;</li>
 *   <li>F = Bx − θ (B non-symmetric, well conditioned): x* = B⁻¹θ — Broyden;</li>
 *   <li>F = x³ + x − θ (n = 1): dx*(θ)/dθ = 1/(3x*² + 1) — bisection;</li>
 *   <li>box, equality-constrained and ADMM QPs with inactive bounds: x* = −Q⁻¹c (or the KKT
 *       solution), with the Jacobian's c block (and b block) checked and the others skipped
 *       (NaN in the reference).</li>
 * </ul>
 * {@code poisonAfter} ≥ 0 makes the problem's evaluations NaN after that many calls (see
 * {@link Poison}); the QPs take no callbacks and ignore it.
 */
record SolverFamily(String name, String family, int n, int m, Maker maker, double[] theta, double[] init,
                    Reference reference, boolean unrolls, boolean poisonable) {

    interface Maker {
        Solver make(SolverOptions options, int poisonAfter);
    }

    /** The closed form at θ: x*(θ) (n) and J = ∂x*(θ)/∂θ (n×m row-major, NaN where not known). */
    interface Reference {
        double[][] at(double[] theta);
    }

    Solver make(SolverOptions options) {
        return maker.make(options, -1);
    }

    @Override
    public String toString() {
        return name;
    }

    static final int N = 4;

    /**
     * θ = Ax₀ + c·1 for a random interior point x₀ of the simplex (entries ≥ 0.1 before
     * normalising) and a random c: the gradient Ax₀ − θ = −c·1 is constant, so x₀ satisfies the
     * KKT conditions with no active bound and is the minimiser. A minimiser on the boundary
     * would make entropic mirror descent converge at a rate set by the smallest gradient gap,
     * which a random θ can make arbitrarily slow.
     */
    private static double[] simplexInteriorTheta(double[] a, SplittableRandom r) {
        double[] x0 = new double[N];
        double sum = 0;
        for (int i = 0; i < N; i++) {
            x0[i] = 0.1 + r.nextDouble();
            sum += x0[i];
        }
        for (int i = 0; i < N; i++) {
            x0[i] /= sum;
        }
        double[] theta = DenseReference.apply(a, N, N, x0);
        double c = r.nextGaussian();
        for (int i = 0; i < N; i++) {
            theta[i] += c;
        }
        return theta;
    }

    /**
     * The minimiser of ½xᵀAx − θᵀx on the simplex while it is interior: x* = A⁻¹(θ − ν1) with ν
     * such that 1ᵀx* = 1, and J = A⁻¹ − (A⁻¹1)(A⁻¹1)ᵀ/(1ᵀA⁻¹1) (A symmetric).
     */
    private static Reference simplexQuadratic(double[] aInverse) {
        return t -> {
            double[] u = new double[N];
            double oneAOne = 0;
            for (int i = 0; i < N; i++) {
                for (int j = 0; j < N; j++) {
                    u[i] += aInverse[i * N + j];
                }
                oneAOne += u[i];
            }
            double[] x = DenseReference.apply(aInverse, N, N, t);
            double nu = (Arrays.stream(x).sum() - 1) / oneAOne;
            double[] jac = aInverse.clone();
            for (int i = 0; i < N; i++) {
                x[i] -= nu * u[i];
                for (int j = 0; j < N; j++) {
                    jac[i * N + j] -= u[i] * u[j] / oneAOne;
                }
            }
            return new double[][] {x, jac};
        };
    }

    /** Every family on problems drawn from {@code seed}. */
    static List<SolverFamily> all(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] a = DenseReference.spd(N, 1, 10, r);
        double[] thetaQ = DenseReference.gaussian(N, r);
        double[] aInverse = DenseReference.inverse(a, N);
        Reference quadratic = t -> new double[][] {DenseReference.apply(aInverse, N, N, t), aInverse.clone()};
        List<SolverFamily> list = new ArrayList<>();

        list.add(new SolverFamily("gradient descent", "first-order", N, N,
                (o, p) -> GradientDescent.builder(Poison.objective(quadratic(a), p)).options(o).build(),
                thetaQ, new double[N], quadratic, true, true));
        list.add(new SolverFamily("accelerated gradient descent", "first-order", N, N,
                (o, p) -> GradientDescent.builder(Poison.objective(quadratic(a), p)).accelerated(true).options(o).build(),
                thetaQ, new double[N], quadratic, true, true));
        list.add(new SolverFamily("L-BFGS", "quasi-Newton", N, N,
                (o, p) -> LBFGS.builder(Poison.objective(quadratic(a), p)).options(o).build(),
                thetaQ, new double[N], quadratic, true, true));
        list.add(new SolverFamily("nonlinear CG", "quasi-Newton", N, N,
                (o, p) -> NonlinearCG.builder(Poison.objective(quadratic(a), p)).options(o).build(),
                thetaQ, new double[N], quadratic, true, true));
        list.add(new SolverFamily("Newton-CG", "quasi-Newton", N, N,
                (o, p) -> NewtonCG.builder(Poison.objective(quadratic(a), p)).options(o).build(),
                thetaQ, new double[N], quadratic, true, true));
        list.add(new SolverFamily("Newton", "quasi-Newton", N, N,
                (o, p) -> Newton.builder(Poison.objective(quadratic(a), p)).options(o).build(),
                thetaQ, new double[N], quadratic, true, true));

        double lambda = 0.5 + r.nextDouble();
        double[] thetaRidge = Arrays.copyOf(thetaQ, N + 1);
        thetaRidge[N] = lambda;
        list.add(new SolverFamily("proximal gradient (ridge prox)", "proximal", N, N + 1,
                (o, p) -> ProximalGradient.builder(Poison.objective(quadratic(a), p), Prox.ridge(N)).options(o).build(),
                thetaRidge, new double[N], t -> {
                    double[] h = a.clone();
                    for (int i = 0; i < N; i++) {
                        h[i * N + i] += t[N];
                    }
                    double[] x = DenseReference.solve(h, N, Arrays.copyOf(t, N));
                    double[] hInverse = DenseReference.inverse(h, N);
                    double[] jac = new double[N * (N + 1)];
                    double[] dLambda = DenseReference.apply(hInverse, N, N, x);
                    for (int i = 0; i < N; i++) {
                        for (int j = 0; j < N; j++) {
                            jac[i * (N + 1) + j] = hInverse[i * N + j];
                        }
                        jac[i * (N + 1) + N] = -dLambda[i];
                    }
                    return new double[][] {x, jac};
                }, true, true));

        double[] thetaBox = Arrays.copyOf(thetaQ, N + 2);
        thetaBox[N] = -100;
        thetaBox[N + 1] = 100;
        list.add(new SolverFamily("projected gradient (inactive box)", "proximal", N, N + 2,
                (o, p) -> ProjectedGradient.builder(Poison.objective(quadratic(a), p), Projection.box(N)).options(o).build(),
                thetaBox, new double[N], t -> {
                    double[] x = DenseReference.apply(aInverse, N, N, Arrays.copyOf(t, N));
                    double[] jac = new double[N * (N + 2)];
                    for (int i = 0; i < N; i++) {
                        for (int j = 0; j < N; j++) {
                            jac[i * (N + 2) + j] = aInverse[i * N + j];
                        }
                    }
                    return new double[][] {x, jac};
                }, true, true));

        double[] init = new double[N];
        Arrays.fill(init, 1.0 / N);
        list.add(new SolverFamily("mirror descent (simplex)", "mirror", N, N,
                (o, p) -> MirrorDescent.builder(Poison.objective(quadratic(a), p)).options(o).build(),
                simplexInteriorTheta(a, r), init, simplexQuadratic(aInverse), true, true));

        int rows = 12;
        double[] x = DenseReference.gaussian(rows * N, r);
        double[] y = DenseReference.gaussian(rows, r);
        double ridgeLambda = 0.3 + r.nextDouble();
        list.add(new SolverFamily("coordinate descent (ridge)", "coordinate", N, 1,
                (o, p) -> BlockCoordinateDescent.builder(
                        Poison.coordinates(Objectives.ridge(x, rows, N, y, false), p), SeparableProx.none(N))
                        .options(o).build(),
                new double[] {ridgeLambda}, new double[N], t -> ridgeReference(x, y, rows, N, t[0]), true, true));

        int k = 6;
        double[] mMatrix = DenseReference.wellConditioned(k, N, 1, 3, r);
        double[] thetaLs = DenseReference.gaussian(k, r);
        double[] mt = DenseReference.transpose(mMatrix, k, N);
        double[] normal = DenseReference.multiply(mt, mMatrix, N, k, N);
        double[] pseudo = DenseReference.solve(normal, N, mt, k);
        Reference leastSquares = t -> new double[][] {DenseReference.apply(pseudo, N, k, t), pseudo.clone()};
        list.add(new SolverFamily("Gauss-Newton", "least squares", N, k,
                (o, p) -> GaussNewton.builder(affineResiduals(mMatrix, k, p)).options(o).build(),
                thetaLs, new double[N], leastSquares, true, true));
        list.add(new SolverFamily("Levenberg-Marquardt", "least squares", N, k,
                (o, p) -> LevenbergMarquardt.builder(affineResiduals(mMatrix, k, p)).options(o).build(),
                thetaLs, new double[N], leastSquares, true, true));

        double[][] q = DenseReference.orthonormal(N, r);
        double[] kMatrix = new double[N * N];
        for (int i = 0; i < N; i++) {
            for (int j = 0; j < N; j++) {
                kMatrix[i * N + j] = 0.5 * q[i][j]; // an orthogonal matrix scaled to norm ½: non-symmetric
            }
        }
        double[] iMinusK = DenseReference.identity(N);
        for (int i = 0; i < N * N; i++) {
            iMinusK[i] -= kMatrix[i];
        }
        double[] fixedInverse = DenseReference.inverse(iMinusK, N);
        Reference fixedPoint = t -> new double[][] {DenseReference.apply(fixedInverse, N, N, t), fixedInverse.clone()};
        list.add(new SolverFamily("fixed-point iteration", "fixed point", N, N,
                (o, p) -> FixedPointIteration.builder(contraction(kMatrix, p)).options(o).build(),
                thetaQ, new double[N], fixedPoint, true, true));
        list.add(new SolverFamily("Anderson acceleration", "fixed point", N, N,
                (o, p) -> AndersonAcceleration.builder(contraction(kMatrix, p)).options(o).build(),
                thetaQ, new double[N], fixedPoint, true, true));

        double[] b = DenseReference.identity(N);
        for (int i = 0; i < N * N; i++) {
            b[i] += 0.3 * r.nextGaussian();
        }
        double[] bInverse = DenseReference.inverse(b, N);
        list.add(new SolverFamily("Broyden", "root", N, N,
                (o, p) -> Broyden.builder(linearRoot(b, p)).options(o).build(),
                thetaQ, new double[N], t -> new double[][] {DenseReference.apply(bInverse, N, N, t), bInverse.clone()},
                true, true));

        double thetaCubic = 4 * r.nextDouble() - 2;
        list.add(new SolverFamily("bisection", "root", 1, 1,
                (o, p) -> Bisection.builder(cubicRoot(p)).bracket(-10, 10).options(o).build(),
                new double[] {thetaCubic}, new double[1], t -> {
                    double root = cubicRoot(t[0]);
                    return new double[][] {{root}, {1 / (3 * root * root + 1)}};
                }, false, true));

        double[] c = DenseReference.gaussian(N, r);
        double[] lower = new double[N];
        double[] upper = new double[N];
        Arrays.fill(lower, -100);
        Arrays.fill(upper, 100);
        int mBox = N * N + 3 * N;
        list.add(new SolverFamily("box QP (coordinate descent)", "QP", N, mBox,
                (o, p) -> BoxCDQP.builder(N).options(o).build(),
                BoxCDQP.parameters(a, c, lower, upper), new double[N], t -> qpReference(t, N, N * N, 0), false, false));

        int eq = 2;
        double[] aEq = DenseReference.gaussian(eq * N, r);
        double[] bEq = DenseReference.gaussian(eq, r);
        list.add(new SolverFamily("equality-constrained QP", "QP", N + eq, N * N + N + eq * N + eq,
                (o, p) -> EqualityConstrainedQP.builder(N, eq).options(o).build(),
                EqualityConstrainedQP.parameters(a, c, aEq, bEq), new double[N + eq],
                t -> equalityQpReference(t, N, eq), false, false));

        int rowsAdmm = 2;
        double[] aAdmm = DenseReference.gaussian(rowsAdmm * N, r);
        double[] lAdmm = {-100, -100};
        double[] uAdmm = {100, 100};
        list.add(new SolverFamily("ADMM QP (inactive constraints)", "QP", N + rowsAdmm,
                N * N + N + rowsAdmm * N + 2 * rowsAdmm,
                (o, p) -> AdmmQP.builder(N, rowsAdmm).options(o).build(),
                AdmmQP.parameters(a, c, aAdmm, lAdmm, uAdmm), new double[N + rowsAdmm],
                t -> qpReference(t, N, N * N, rowsAdmm), false, false));
        return list;
    }

    // ---- problems ---------------------------------------------------------------------------------

    /** ½xᵀAx − θᵀx, hand-written (m = n, A square): {@link Problems#quadratic(double[], int)}. */
    static Objective quadratic(double[] a) {
        return Problems.quadratic(a, (int) Math.round(Math.sqrt(a.length)));
    }

    /** r(x, θ) = Mx − θ (+ a poison term), recorded on the tape. */
    static LeastSquaresProblem affineResiduals(double[] m, int k, int poisonAfter) {
        int n = m.length / k;
        return LeastSquaresProblem.record(n, k, (tape, x, theta) -> {
            Tensor r = tape.constant(m, k, n).matvec(x).sub(theta);
            return poisonAfter < 0 ? r : r.add(tape.apply(new Poison.Primitive0(poisonAfter), Shape.vector(k), x));
        });
    }

    /** T(x, θ) = Kx + θ (+ a poison term). */
    static FixedPointMap contraction(double[] k, int poisonAfter) {
        int n = (int) Math.round(Math.sqrt(k.length));
        Tape tape = new Tape();
        Tensor x = tape.input("x", n);
        Tensor theta = tape.input("theta", n);
        Tensor t = tape.constant(k, n, n).matvec(x).add(theta);
        if (poisonAfter >= 0) {
            t = t.add(tape.apply(new Poison.Primitive0(poisonAfter), Shape.vector(n), x));
        }
        Function f = tape.build(t);
        return FixedPointMap.fromTape(f, Structure.GENERAL, 0, 1);
    }

    /** F(x, θ) = Bx − θ (+ a poison term). */
    static RootFunction linearRoot(double[] b, int poisonAfter) {
        int n = (int) Math.round(Math.sqrt(b.length));
        Tape tape = new Tape();
        Tensor x = tape.input("x", n);
        Tensor theta = tape.input("theta", n);
        Tensor f = tape.constant(b, n, n).matvec(x).sub(theta);
        if (poisonAfter >= 0) {
            f = f.add(tape.apply(new Poison.Primitive0(poisonAfter), Shape.vector(n), x));
        }
        return RootFunction.fromTape(tape.build(f), Structure.GENERAL, 0, 1);
    }

    /** F(x, θ) = x³ + x − θ (+ a poison term), n = m = 1. */
    static RootFunction cubicRoot(int poisonAfter) {
        Tape tape = new Tape();
        Tensor x = tape.input("x", 1);
        Tensor theta = tape.input("theta", 1);
        Tensor f = x.pow(3).add(x).sub(theta);
        if (poisonAfter >= 0) {
            f = f.add(tape.apply(new Poison.Primitive0(poisonAfter), Shape.vector(1), x));
        }
        return RootFunction.fromTape(tape.build(f), Structure.GENERAL, 0, 1);
    }

    /** The real root of x³ + x = θ by Newton's method from 0 (the cubic is increasing). */
    static double cubicRoot(double theta) {
        double x = 0;
        for (int i = 0; i < 100; i++) {
            x -= (x * x * x + x - theta) / (3 * x * x + 1);
        }
        return x;
    }

    /** Ridge regression's w*(λ) and ∂w*(λ)/∂λ (n×1). */
    static double[][] ridgeReference(double[] x, double[] y, int rows, int n, double lambda) {
        double[] xt = DenseReference.transpose(x, rows, n);
        double[] h = DenseReference.multiply(xt, x, n, rows, n);
        double[] rhs = DenseReference.apply(xt, n, rows, y);
        for (int i = 0; i < n * n; i++) {
            h[i] *= 2.0 / rows;
        }
        for (int i = 0; i < n; i++) {
            h[i * n + i] += lambda;
            rhs[i] *= 2.0 / rows;
        }
        double[] w = DenseReference.solve(h, n, rhs);
        double[] dw = DenseReference.solve(h, n, w);
        for (int i = 0; i < n; i++) {
            dw[i] = -dw[i];
        }
        return new double[][] {w, dw};
    }

    /**
     * A QP min ½xᵀQx + cᵀx whose bounds stay inactive: x* = −Q⁻¹c and ∂x*(θ)/∂c = −Q⁻¹; the other
     * blocks of θ (Q first, then c at {@code cOffset}, then constraint data) are not checked. The
     * {@code duals} multipliers that follow x in the solution are 0, and so is their c block.
     */
    static double[][] qpReference(double[] theta, int n, int cOffset, int duals) {
        double[] q = Arrays.copyOf(theta, n * n);
        double[] c = Arrays.copyOfRange(theta, cOffset, cOffset + n);
        double[] qInverse = DenseReference.inverse(q, n);
        double[] x = DenseReference.apply(qInverse, n, n, c);
        for (int i = 0; i < n; i++) {
            x[i] = -x[i];
        }
        int m = theta.length;
        double[] jac = new double[(n + duals) * m];
        Arrays.fill(jac, Double.NaN);
        for (int i = 0; i < n + duals; i++) {
            for (int j = 0; j < n; j++) {
                jac[i * m + cOffset + j] = i < n ? -qInverse[i * n + j] : 0;
            }
        }
        return new double[][] {Arrays.copyOf(x, n + duals), jac};
    }

    /**
     * min ½xᵀQx + cᵀx subject to Ax = b: the KKT system [Q Aᵀ; A 0][x; ν] = [−c; b]; the
     * Jacobian's c and b blocks are the first n rows of K⁻¹ applied to −I and I. The solver's
     * solution is (x, ν); the multipliers' rows (whose sign convention is the solver's) are NaN.
     */
    static double[][] equalityQpReference(double[] theta, int n, int p) {
        int s = n + p;
        double[] kkt = new double[s * s];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                kkt[i * s + j] = theta[i * n + j];
            }
        }
        int aOffset = n * n + n;
        for (int i = 0; i < p; i++) {
            for (int j = 0; j < n; j++) {
                double v = theta[aOffset + i * n + j];
                kkt[(n + i) * s + j] = v;
                kkt[j * s + n + i] = v;
            }
        }
        double[] rhs = new double[s];
        for (int i = 0; i < n; i++) {
            rhs[i] = -theta[n * n + i];
        }
        for (int i = 0; i < p; i++) {
            rhs[n + i] = theta[aOffset + p * n + i];
        }
        double[] z = DenseReference.solve(kkt, s, rhs);
        double[] kInverse = DenseReference.inverse(kkt, s);
        int m = theta.length;
        double[] jac = new double[s * m];
        Arrays.fill(jac, Double.NaN);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                jac[i * m + n * n + j] = -kInverse[i * s + j];
            }
            for (int j = 0; j < p; j++) {
                jac[i * m + aOffset + p * n + j] = kInverse[i * s + n + j];
            }
        }
        double[] x = Arrays.copyOf(z, s);
        Arrays.fill(x, n, s, Double.NaN);
        return new double[][] {x, jac};
    }
}
