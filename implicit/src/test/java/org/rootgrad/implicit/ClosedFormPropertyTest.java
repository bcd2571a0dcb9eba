package org.rootgrad.implicit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.rootgrad.autodiff.Function;
import org.rootgrad.autodiff.Tape;
import org.rootgrad.autodiff.Tensor;
import org.rootgrad.error.Status;
import org.rootgrad.testing.DenseReference;

/**
 * Implicit derivatives against dense closed forms on random problems, with the automatic solver
 * choice (dense Cholesky or LU at these sizes) and with Krylov solvers (dense threshold 0: CG for
 * the symmetric positive definite Hessians, GMRES for the fixed points):
 * <ul>
 *   <li>quadratics f(x, θ) = ½xᵀAx − θᵀBx on the tape, A SPD with κ ≤ 100: F = ∇ₓf = Ax − Bᵀθ,
 *       ∂x*(θ)/∂θ = A⁻¹Bᵀ;</li>
 *   <li>ridge regression f(w; λ, y) = ‖Xw − y‖²/(2r) + (λ/2)‖w‖² with θ = (λ, y) packed from two
 *       tape inputs: H = XᵀX/r + λI, ∂w*(θ)/∂λ = −H⁻¹w*, ∂w*(θ)/∂y = H⁻¹Xᵀ/r;</li>
 *   <li>affine fixed points x = Kx + Cθ with ‖K‖ ≤ 0.9 and K non-symmetric: ∂x*(θ)/∂θ = (I − K)⁻¹C,
 *       through {@link ImplicitDiff#customFixedPoint} and a fixed-point iteration.</li>
 * </ul>
 * Each try checks the full Jacobian, a VJP and a JVP (against the Jacobian's closed form applied
 * to random vectors), and that the results report CONVERGED.
 *
 * <p>Tolerance: the linear solves stop at relative residual 1e-10 (1e-12 here for the Krylov
 * runs), so the relative error of a derivative is at most κ times that: 1e-8 for κ ≤ 100 (the
 * fixed points: κ(I − K) ≤ 19); the checks use 1e-7.
 */
class ClosedFormPropertyTest {
    private static final double TOLERANCE = 1e-7;

    private static ImplicitDiff config(boolean krylov) {
        return krylov ? ImplicitDiff.builder().denseThreshold(0).tolerance(1e-12).build() : ImplicitDiff.defaults();
    }

    private static void assertClose(double[] got, double[] want, String what) {
        double error = DenseReference.relativeError(got, want, 1e-12);
        assertTrue(error < TOLERANCE, what + " off by " + error);
    }

    @Property(tries = 300)
    void quadraticsMatchAInverseBTranspose(@ForAll @IntRange(min = 1, max = 12) int n,
                                           @ForAll @IntRange(min = 1, max = 6) int m,
                                           @ForAll long seed, @ForAll boolean krylov) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] a = DenseReference.spd(n, 1, 1 + 99 * r.nextDouble(), r);
        double[] b = DenseReference.gaussian(m * n, r);
        double[] theta = DenseReference.gaussian(m, r);
        Tape tape = new Tape();
        Tensor x = tape.input("x", n);
        Tensor t = tape.input("theta", m);
        Function f = tape.build(x.dot(tape.constant(a, n, n).matvec(x)).scale(0.5)
                .sub(t.dot(tape.constant(b, m, n).matvec(x))));
        RootFunction condition = RootFunction.gradientOf(f, 0, 1);

        double[] bt = DenseReference.transpose(b, m, n);
        double[] expected = DenseReference.solve(a, n, bt, m); // A⁻¹Bᵀ, n×m
        double[] xStar = DenseReference.apply(expected, n, m, theta);

        ImplicitDiffWorkspace ws = config(krylov).newWorkspace(condition);
        double[] jacobian = new double[n * m];
        assertEquals(Status.CONVERGED, ws.jacobian(xStar, theta, jacobian).status());
        assertClose(jacobian, expected, "Jacobian");
        checkProducts(ws, xStar, theta, expected, n, m, r);
    }

    /** VJP and JVP against the closed-form Jacobian J (n×m) on random vectors. */
    private static void checkProducts(ImplicitDiffWorkspace ws, double[] xStar, double[] theta, double[] jac,
                                      int n, int m, SplittableRandom r) {
        double[] xBar = DenseReference.gaussian(n, r);
        double[] thetaBar = new double[m];
        assertEquals(Status.CONVERGED, ws.vjp(xStar, theta, xBar, thetaBar).status());
        assertClose(thetaBar, DenseReference.apply(DenseReference.transpose(jac, n, m), m, n, xBar), "VJP");
        double[] thetaDot = DenseReference.gaussian(m, r);
        double[] xDot = new double[n];
        assertEquals(Status.CONVERGED, ws.jvp(xStar, theta, thetaDot, xDot).status());
        assertClose(xDot, DenseReference.apply(jac, n, m, thetaDot), "JVP");
    }

    @Property(tries = 300)
    void ridgeRegressionMatchesItsClosedForm(@ForAll @IntRange(min = 1, max = 10) int features,
                                             @ForAll @IntRange(min = 2, max = 30) int rows,
                                             @ForAll long seed, @ForAll boolean krylov) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] data = DenseReference.gaussian(rows * features, r);
        double[] y = DenseReference.gaussian(rows, r);
        double lambda = 0.05 + 2 * r.nextDouble();
        Tape tape = new Tape();
        Tensor w = tape.input("w", features);
        Tensor lam = tape.input("lambda", 1);
        Tensor targets = tape.input("y", rows);
        Tensor residual = tape.constant(data, rows, features).matvec(w).sub(targets);
        Function f = tape.build(residual.squaredNorm().scale(0.5 / rows).add(lam.mul(w.squaredNorm()).scale(0.5)));
        RootFunction condition = RootFunction.gradientOf(f, 0, 1, 2);
        int m = 1 + rows;
        assertEquals(m, condition.parameterDimension());

        double[] xt = DenseReference.transpose(data, rows, features);
        double[] h = DenseReference.multiply(xt, data, features, rows, features);
        for (int i = 0; i < features * features; i++) {
            h[i] /= rows;
        }
        for (int i = 0; i < features; i++) {
            h[i * features + i] += lambda;
        }
        double[] rhs = DenseReference.apply(xt, features, rows, y);
        for (int i = 0; i < features; i++) {
            rhs[i] /= rows;
        }
        double[] wStar = DenseReference.solve(h, features, rhs);
        double[] dLambda = DenseReference.solve(h, features, wStar);
        double[] dy = DenseReference.solve(h, features, xt, rows); // H⁻¹Xᵀ, features×rows
        double[] expected = new double[features * m];
        for (int i = 0; i < features; i++) {
            expected[i * m] = -dLambda[i];
            for (int j = 0; j < rows; j++) {
                expected[i * m + 1 + j] = dy[i * rows + j] / rows;
            }
        }
        double[] theta = new double[m];
        theta[0] = lambda;
        System.arraycopy(y, 0, theta, 1, rows);

        ImplicitDiffWorkspace ws = config(krylov).newWorkspace(condition);
        double[] jacobian = new double[features * m];
        assertEquals(Status.CONVERGED, ws.jacobian(wStar, theta, jacobian).status());
        assertClose(jacobian, expected, "Jacobian");
        checkProducts(ws, wStar, theta, expected, features, m, r);
        assertTrue(ws.result().forwardResidual() < 1e-10 * (1 + DenseReference.norm(rhs)),
                "the closed-form point is a root: " + ws.result());
    }

    @Property(tries = 300)
    void affineFixedPointsMatchTheInverseOfIMinusK(@ForAll @IntRange(min = 1, max = 10) int n,
                                                   @ForAll @IntRange(min = 1, max = 5) int m,
                                                   @ForAll long seed, @ForAll boolean krylov) {
        SplittableRandom r = new SplittableRandom(seed);
        double[][] q = DenseReference.orthonormal(n, r);
        double scale = 0.9 * r.nextDouble();
        double[] k = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                k[i * n + j] = scale * q[i][j];
            }
        }
        double[] c = DenseReference.gaussian(n * m, r);
        Tape tape = new Tape();
        Tensor x = tape.input("x", n);
        Tensor theta = tape.input("theta", m);
        Function map = tape.build(tape.constant(k, n, n).matvec(x).add(tape.constant(c, n, m).matvec(theta)));
        FixedPointMap t = FixedPointMap.fromTape(map, org.rootgrad.implicit.linear.Structure.GENERAL, 0, 1);

        double[] iMinusK = DenseReference.identity(n);
        for (int i = 0; i < n * n; i++) {
            iMinusK[i] -= k[i];
        }
        double[] expected = DenseReference.solve(iMinusK, n, c, m);
        double[] thetaValue = DenseReference.gaussian(m, r);

        // the forward solve: plain iteration x ← T(x, θ) to a 1e-15 step (‖K‖ ≤ 0.9 contracts)
        SolverFunction iterate = (init, th, out) -> {
            FixedPointMap own = t.fork();
            double[] current = init.clone();
            double[] next = new double[n];
            for (int it = 0; it < 2000; it++) {
                own.apply(current, th, next);
                double step = 0;
                for (int i = 0; i < n; i++) {
                    step = Math.max(step, Math.abs(next[i] - current[i]));
                }
                System.arraycopy(next, 0, current, 0, n);
                if (step <= 1e-15 * (1 + DenseReference.norm(current))) {
                    System.arraycopy(current, 0, out, 0, n);
                    return Status.CONVERGED;
                }
            }
            System.arraycopy(current, 0, out, 0, n);
            return Status.MAX_ITERATIONS;
        };
        ImplicitSolution solution = ImplicitDiff.customFixedPoint(t, iterate, config(krylov));
        double[] xStar = new double[n];
        solution.evaluate(thetaValue, xStar);
        assertClose(xStar, DenseReference.apply(expected, n, m, thetaValue), "fixed point");
        double[] jacobian = new double[n * m];
        ImplicitResult result = solution.jacobian(jacobian);
        assertTrue(result.converged(), result.toString());
        assertEquals(Status.CONVERGED, result.forwardStatus());
        assertClose(jacobian, expected, "Jacobian");
        double[] xBar = DenseReference.gaussian(n, r);
        double[] thetaBar = new double[m];
        solution.vjp(xBar, thetaBar);
        assertClose(thetaBar, DenseReference.apply(DenseReference.transpose(expected, n, m), m, n, xBar), "VJP");
        double[] thetaDot = DenseReference.gaussian(m, r);
        double[] xDot = new double[n];
        solution.jvp(thetaDot, xDot);
        assertClose(xDot, DenseReference.apply(expected, n, m, thetaDot), "JVP");
        assertTrue(solution.lastDerivative().converged(), solution.lastDerivative().toString());
    }
}
