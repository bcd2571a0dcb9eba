package org.rootgrad.solvers.constrained;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.rootgrad.autodiff.Function;
import org.rootgrad.autodiff.Objective;
import org.rootgrad.autodiff.Tape;
import org.rootgrad.autodiff.Tensor;
import org.rootgrad.error.DimensionMismatchException;
import org.rootgrad.implicit.ImplicitDiff;
import org.rootgrad.implicit.linear.LinearSolver;
import org.rootgrad.implicit.linear.LinearSolverOptions;
import org.rootgrad.implicit.linear.Structure;
import org.rootgrad.solvers.projection.Projection;

/**
 * The KKT builder on problems with known solutions:
 * <ul>
 *   <li>projection of v onto the ellipse {Σ dᵢxᵢ² ≤ 1}, θ = (v, d), a nonlinear constraint whose
 *   curvature 2λ·diag(d) enters the Lagrangian's Hessian: x = v/(1 + 2λd) with λ the root of a
 *   monotone scalar equation, solved here by bisection; derivatives against central differences
 *   of that reference;</li>
 *   <li>projection onto the simplex {Σx = 1, x ≥ 0} written as affine equality and inequality
 *   constraints, against the existing {@link Projection#simplex} and its JVP.</li>
 * </ul>
 */
class KktConditionsTest {
    static final int N = 3;

    /** f = ½‖x − v‖², g = Σ dᵢxᵢ² − 1, θ = (v, d). */
    static KktConditions ellipse(Complementarity form) {
        Tape tf = new Tape();
        Tensor x = tf.input("x", N);
        Tensor theta = tf.input("theta", 2 * N);
        Function f = tf.build(x.sub(theta.slice(0, N)).squaredNorm().scale(0.5));
        Tape tg = new Tape();
        Tensor xg = tg.input("x", N);
        Tensor thetaG = tg.input("theta", 2 * N);
        Function g = tg.build(thetaG.slice(N, 2 * N).mul(xg.square()).sum().sub(1).reshape(1));
        return KktConditions.builder(f.objective(0, 1))
                .inequalities(Constraints.recorded(g, 0, 1))
                .complementarity(form)
                .build();
    }

    /** The projection onto the ellipse and its multiplier, (x, λ), by bisection on λ. */
    static double[] ellipseReference(double[] theta) {
        double[] v = java.util.Arrays.copyOfRange(theta, 0, N);
        double[] d = java.util.Arrays.copyOfRange(theta, N, 2 * N);
        double inside = 0;
        for (int i = 0; i < N; i++) {
            inside += d[i] * v[i] * v[i];
        }
        double lambda = 0;
        if (inside > 1) {
            double lo = 0;
            double hi = 1;
            while (phi(hi, v, d) > 0) {
                hi *= 2;
            }
            for (int it = 0; it < 200; it++) {
                double mid = 0.5 * (lo + hi);
                if (phi(mid, v, d) > 0) {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            lambda = 0.5 * (lo + hi);
        }
        double[] z = new double[N + 1];
        for (int i = 0; i < N; i++) {
            z[i] = v[i] / (1 + 2 * lambda * d[i]);
        }
        z[N] = lambda;
        return z;
    }

    private static double phi(double lambda, double[] v, double[] d) {
        double s = -1;
        for (int i = 0; i < N; i++) {
            double t = v[i] / (1 + 2 * lambda * d[i]);
            s += d[i] * t * t;
        }
        return s;
    }

    @Test
    void ellipseResidualVanishesAtTheReference() {
        double[] theta = {1.5, -0.7, 2.0, 1.0, 3.0, 0.5};
        double[] z = ellipseReference(theta);
        for (Complementarity form : Complementarity.values()) {
            KktConditions kkt = ellipse(form);
            double[] r = new double[N + 1];
            kkt.evaluate(z, theta, r);
            assertTrue(Reference.maxAbs(r) < 1e-13, form + ": " + java.util.Arrays.toString(r));
            kkt.linearize(z, theta);
            assertTrue(kkt.isActive(0));
        }
        assertEquals(Structure.SYMMETRIC, ellipse(Complementarity.ACTIVE_SET).structureX());
        assertEquals(Structure.GENERAL, ellipse(Complementarity.PRODUCT).structureX());
    }

    /**
     * Jacobian of (x*, λ*) in θ (6 directions) through the KKT conditions, with MINRES
     * (active set), GMRES (product form) and via the JVP/VJP pair, against central differences of
     * the bisection reference with h = 1e-6 (reference exact to ~1e-16; truncation O(h²)):
     * tolerance 1e-7 relative.
     */
    @Test
    void ellipseDerivativesMatchFiniteDifferences() {
        double[] theta = {1.5, -0.7, 2.0, 1.0, 3.0, 0.5};
        double[] z = ellipseReference(theta);
        double h = 1e-6;
        for (Complementarity form : Complementarity.values()) {
            KktConditions kkt = ellipse(form);
            double[] jac = ImplicitDiff.jacobian(kkt, z, theta, null);
            for (int j = 0; j < 2 * N; j++) {
                double[] tp = theta.clone();
                double[] tm = theta.clone();
                tp[j] += h;
                tm[j] -= h;
                double[] zp = ellipseReference(tp);
                double[] zm = ellipseReference(tm);
                double[] fd = new double[N + 1];
                double[] got = new double[N + 1];
                for (int i = 0; i <= N; i++) {
                    fd[i] = (zp[i] - zm[i]) / (2 * h);
                    got[i] = jac[i * 2 * N + j];
                }
                double err = Reference.relativeError(got, fd);
                assertTrue(err < 1e-7, form + " column " + j + ": " + err);
            }
            // the VJP is the transpose of the same Jacobian
            double[] zBar = {0.3, -1.1, 0.7, 0.2};
            double[] thetaBar = ImplicitDiff.rootVjp(kkt, z, theta, zBar, null);
            for (int j = 0; j < 2 * N; j++) {
                double want = 0;
                for (int i = 0; i <= N; i++) {
                    want += zBar[i] * jac[i * 2 * N + j];
                }
                assertEquals(want, thetaBar[j], 1e-9 * (1 + Math.abs(want)), form + " VJP " + j);
            }
        }
    }

    @Test
    void insideTheEllipseTheProjectionIsTheIdentity() {
        double[] theta = {0.2, -0.1, 0.3, 1.0, 3.0, 0.5};
        double[] z = ellipseReference(theta);
        assertEquals(0, z[N]);
        for (Complementarity form : Complementarity.values()) {
            KktConditions kkt = ellipse(form);
            double[] jac = ImplicitDiff.jacobian(kkt, z, theta, null);
            for (int i = 0; i < N; i++) {
                for (int j = 0; j < 2 * N; j++) {
                    assertEquals(i == j ? 1 : 0, jac[i * 2 * N + j], 1e-10, form + " ∂x_" + i + "/∂θ_" + j);
                }
            }
            kkt.linearize(z, theta);
            assertTrue(!kkt.isActive(0));
        }
    }

    /** min ½‖x − θ‖² s.t. Σx = 1, −x ≤ 0 with affine constraints, against the simplex projection. */
    @Test
    void simplexProjectionThroughAffineConstraints() {
        int n = 5;
        double[] theta = {0.9, 0.1, 0.6, -0.4, 0.45};
        Projection simplex = Projection.simplex(n);
        double[] x = new double[n];
        simplex.project(theta, new double[] {1}, x);
        // multipliers from stationarity x − θ + ν1 − λ = 0: ν on the support, λ off it
        int first = -1;
        for (int i = 0; i < n; i++) {
            if (x[i] > 0) {
                first = i;
                break;
            }
        }
        double nu = theta[first] - x[first];
        double[] z = new double[n + 1 + n];
        System.arraycopy(x, 0, z, 0, n);
        z[n] = nu;
        for (int i = 0; i < n; i++) {
            double lambda = x[i] - theta[i] + nu;
            z[n + 1 + i] = x[i] > 0 ? 0 : lambda;
            assertTrue(x[i] > 1e-3 || lambda > 1e-3, "strict complementarity at " + i);
        }
        Tape tape = new Tape();
        Tensor xs = tape.input("x", n);
        Tensor ts = tape.input("theta", n);
        Objective f = tape.build(xs.sub(ts).squaredNorm().scale(0.5)).objective(0, 1);
        double[] ones = new double[n];
        java.util.Arrays.fill(ones, 1);
        double[] minusIdentity = new double[n * n];
        for (int i = 0; i < n; i++) {
            minusIdentity[i * n + i] = -1;
        }
        for (Complementarity form : Complementarity.values()) {
            KktConditions kkt = KktConditions.builder(f)
                    .equalities(Constraints.affine(1, n, ones, new double[] {1}))
                    .inequalities(Constraints.affine(n, n, minusIdentity, new double[n]))
                    .complementarity(form).build();
            double[] r = new double[2 * n + 1];
            kkt.evaluate(z, theta, r);
            assertTrue(Reference.maxAbs(r) < 1e-14, form + " residual " + Reference.maxAbs(r));
            simplex.linearize(theta, new double[] {1});
            LinearSolver solver = form == Complementarity.PRODUCT
                    ? LinearSolver.gmres(LinearSolverOptions.defaults()) : LinearSolver.minres(LinearSolverOptions.defaults());
            for (int j = 0; j < n; j++) {
                double[] dTheta = new double[n];
                dTheta[j] = 1;
                double[] zDot = ImplicitDiff.rootJvp(kkt, z, theta, dTheta, solver);
                double[] want = new double[n];
                simplex.jvpV(dTheta, want);
                for (int i = 0; i < n; i++) {
                    assertEquals(want[i], zDot[i], 1e-9, form + " ∂x_" + i + "/∂θ_" + j);
                }
            }
        }
    }

    @Test
    void mismatchedSizesAreNamed() {
        Tape tape = new Tape();
        Tensor xs = tape.input("x", 3);
        Objective f = tape.build(xs.squaredNorm()).objective(0);
        DimensionMismatchException ex = assertThrows(DimensionMismatchException.class,
                () -> KktConditions.builder(f).equalities(Constraints.affine(1, 4, new double[4], new double[1])).build());
        assertTrue(ex.getMessage().contains("equality constraints act on 4 variables"), ex.getMessage());
    }
}
