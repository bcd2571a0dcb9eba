package org.rootgrad.solvers.constrained;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.rootgrad.error.InvalidOptionException;
import org.rootgrad.solvers.projection.JacobianStructure;
import org.rootgrad.solvers.projection.Projection;
import org.rootgrad.testing.DenseReference;

/**
 * Projections defined by optimisation problems: feasibility, the variational inequality
 * ⟨v − P(v), y − P(v)⟩ ≤ 0 for feasible y, derivatives in v and θ against central differences,
 * JVP/VJP adjointness, and cross-checks between them (a box ∩ hyperplane and a transport polytope
 * written as polyhedra).
 */
class ProjectionsByProblemsTest {

    /** Central difference of P along (dv, dθ). */
    static double[] finiteDifference(Projection p, double[] v, double[] theta, double[] dv, double[] dTheta, double h) {
        int n = p.dimension();
        double[] plus = new double[n];
        double[] minus = new double[n];
        p.project(EqualityConstrainedQPTest.shifted(v, dv, h), theta == null ? null : EqualityConstrainedQPTest.shifted(theta, dTheta, h), plus);
        p.project(EqualityConstrainedQPTest.shifted(v, dv, -h), theta == null ? null : EqualityConstrainedQPTest.shifted(theta, dTheta, -h), minus);
        double[] fd = new double[n];
        for (int i = 0; i < n; i++) {
            fd[i] = (plus[i] - minus[i]) / (2 * h);
        }
        return fd;
    }

    /** Checks jvpV + jvpTheta against FD (relative tolerance) and both VJPs against the JVPs. */
    static void checkDerivatives(Projection p, double[] v, double[] theta, Random rng, double h, double tolerance, double[] dTheta) {
        int n = p.dimension();
        double[] dv = Reference.gaussian(rng, n);
        double[] fd = finiteDifference(p, v, theta, dv, dTheta, h);
        p.linearize(v, theta);
        double[] a = new double[n];
        double[] b = new double[n];
        p.jvpV(dv, a);
        p.jvpTheta(dTheta, b);
        for (int i = 0; i < n; i++) {
            a[i] += b[i];
        }
        double err = Reference.relativeError(a, fd);
        assertTrue(err < tolerance, p + ": JVP vs FD " + err);
        double[] w = Reference.gaussian(rng, n);
        double[] vBar = new double[n];
        double[] thetaBar = new double[p.parameterDimension()];
        p.vjpV(w, vBar);
        p.vjpTheta(w, thetaBar);
        double lhs = DenseReference.dot(w, a);
        double rhs = DenseReference.dot(vBar, dv) + (dTheta.length == 0 ? 0 : DenseReference.dot(thetaBar, dTheta));
        assertEquals(lhs, rhs, 1e-9 * (1 + Math.abs(lhs)), p + ": adjointness");
    }

    // ---- polyhedron ------------------------------------------------------------------------------

    static final int PN = 5;
    static final int PP = 4;
    static final int PR = 1;

    /** {Ax ≤ b, Cx = d} around a feasible x₀, with slacks in [0.5, 1.5]. */
    static double[] polyhedron(Random rng) {
        double[] x0 = Reference.gaussian(rng, PN);
        double[] a = Reference.gaussian(rng, PP * PN);
        double[] c = Reference.gaussian(rng, PR * PN);
        double[] ax = Reference.multiply(a, PP, PN, x0);
        double[] cx = Reference.multiply(c, PR, PN, x0);
        double[] theta = new double[PP * PN + PP + PR * PN + PR];
        System.arraycopy(a, 0, theta, 0, PP * PN);
        for (int i = 0; i < PP; i++) {
            theta[PP * PN + i] = ax[i] + 0.5 + rng.nextDouble();
        }
        System.arraycopy(c, 0, theta, PP * PN + PP, PR * PN);
        System.arraycopy(cx, 0, theta, PP * PN + PP + PR * PN, PR);
        return theta;
    }

    static void assertInPolyhedron(double[] theta, double[] x, double tol) {
        double[] ax = Reference.multiply(java.util.Arrays.copyOfRange(theta, 0, PP * PN), PP, PN, x);
        for (int i = 0; i < PP; i++) {
            assertTrue(ax[i] <= theta[PP * PN + i] + tol, "row " + i);
        }
        double[] cx = Reference.multiply(java.util.Arrays.copyOfRange(theta, PP * PN + PP, PP * PN + PP + PR * PN), PR, PN, x);
        for (int i = 0; i < PR; i++) {
            assertEquals(theta[PP * PN + PP + PR * PN + i], cx[i], tol);
        }
    }

    @Test
    void polyhedronProjectionIsFeasibleOptimalAndDifferentiable() {
        Random rng = new Random(21);
        double[] theta = polyhedron(rng);
        PolyhedronProjection p = PolyhedronProjection.create(PN, PP, PR);
        double[] v = Reference.gaussian(rng, PN);
        for (int i = 0; i < PN; i++) {
            v[i] += 3 * (theta[i] + theta[PN + i]); // pushes against rows 0 and 1 of A
        }
        double[] x = new double[PN];
        p.project(v, theta, x);
        assertInPolyhedron(theta, x, 1e-9);
        int active = 0;
        double[] z = p.solver().result().solution();
        double[] ax = Reference.multiply(java.util.Arrays.copyOfRange(theta, 0, PP * PN), PP, PN, x);
        for (int i = 0; i < PP; i++) {
            double slack = theta[PP * PN + i] - ax[i];
            assertTrue(slack > 1e-3 || z[PN + i] > 1e-3, "strict complementarity at row " + i);
            if (slack <= 1e-3) {
                active++;
            }
        }
        assertTrue(active >= 1, "the test point should make some inequality active");
        // variational inequality against feasible points (projections of other points, checked feasible)
        double[] y = new double[PN];
        for (int t = 0; t < 20; t++) {
            p.project(Reference.gaussian(rng, PN), theta, y);
            assertInPolyhedron(theta, y, 1e-9);
            double vi = 0;
            for (int i = 0; i < PN; i++) {
                vi += (v[i] - x[i]) * (y[i] - x[i]);
            }
            assertTrue(vi <= 1e-9, "variational inequality " + vi);
        }
        // derivatives; the polished solves are exact to ~1e-14, h = 1e-6: tolerance 1e-6
        checkDerivatives(p, v, theta, rng, 1e-6, 1e-6, Reference.gaussian(rng, theta.length));
        assertEquals(JacobianStructure.SYMMETRIC, p.jacobianStructure());
    }

    @Test
    void emptyPolyhedronIsRejected() {
        // x ≤ −1 and −x ≤ −1 (x ≥ 1)
        PolyhedronProjection p = PolyhedronProjection.create(1, 2, 0);
        InvalidOptionException ex = assertThrows(InvalidOptionException.class,
                () -> p.project(new double[] {0}, new double[] {1, -1, -1, -1}, new double[1]));
        assertTrue(ex.getMessage().contains("empty"), ex.getMessage());
    }

    // ---- box ∩ hyperplane --------------------------------------------------------------------------

    @Test
    void boxHyperplaneMatchesThePolyhedronAndFiniteDifferences() {
        int n = 8;
        Random rng = new Random(31);
        double[] lower = new double[n];
        double[] upper = new double[n];
        double[] a = Reference.gaussian(rng, n);
        double[] x0 = new double[n];
        for (int i = 0; i < n; i++) {
            lower[i] = -0.5 - rng.nextDouble();
            upper[i] = 0.5 + rng.nextDouble();
            x0[i] = lower[i] + (upper[i] - lower[i]) * rng.nextDouble();
        }
        double beta = DenseReference.dot(a, x0);
        double[] theta = BoxHyperplaneProjection.parameters(lower, upper, a, beta);
        BoxHyperplaneProjection p = BoxHyperplaneProjection.create(n);
        double[] v = Reference.gaussian(rng, n);
        for (int i = 0; i < n; i++) {
            v[i] *= 2;
        }
        double[] x = new double[n];
        p.project(v, theta, x);
        int bound = 0;
        for (int i = 0; i < n; i++) {
            assertTrue(x[i] >= lower[i] && x[i] <= upper[i]);
            double w = v[i] - p.multiplier() * a[i];
            assertTrue(Math.abs(w - lower[i]) > 1e-3 && Math.abs(w - upper[i]) > 1e-3, "strict complementarity at " + i);
            if (x[i] == lower[i] || x[i] == upper[i]) {
                bound++;
            }
        }
        assertTrue(bound >= 2, "some coordinates should sit on the box");
        assertEquals(beta, DenseReference.dot(a, x), 1e-12);
        // the same set as a polyhedron {[I; −I]x ≤ [u; −l], aᵀx = β}
        PolyhedronProjection poly = PolyhedronProjection.create(n, 2 * n, 1);
        double[] pt = new double[2 * n * n + 2 * n + n + 1];
        for (int i = 0; i < n; i++) {
            pt[i * n + i] = 1;
            pt[(n + i) * n + i] = -1;
            pt[2 * n * n + i] = upper[i];
            pt[2 * n * n + n + i] = -lower[i];
        }
        System.arraycopy(a, 0, pt, 2 * n * n + 2 * n, n);
        pt[pt.length - 1] = beta;
        double[] xp = new double[n];
        poly.project(v, pt, xp);
        assertTrue(Reference.relativeError(x, xp) < 1e-10, "vs polyhedron: " + Reference.relativeError(x, xp));
        p.linearize(v, theta);
        poly.linearize(v, pt);
        double[] dv = Reference.gaussian(rng, n);
        double[] j1 = new double[n];
        double[] j2 = new double[n];
        p.jvpV(dv, j1);
        poly.jvpV(dv, j2);
        assertTrue(Reference.relativeError(j1, j2) < 1e-9, "∂ᵥP vs polyhedron");
        // the diagonal-minus-rank-one description reproduces the JVP
        double[] d = new double[n];
        double[] u = new double[n];
        p.jacobianDiagonal(d);
        double gamma = p.jacobianRankOne(u);
        double ud = DenseReference.dot(u, dv);
        for (int i = 0; i < n; i++) {
            assertEquals(j1[i], d[i] * dv[i] - gamma * u[i] * ud, 1e-12);
        }
        // exact piecewise-linear projection: FD with h = 1e-7 has only rounding error (~1e-9)
        double[] dTheta = Reference.gaussian(rng, theta.length);
        checkDerivatives(p, v, theta, rng, 1e-7, 1e-6, dTheta);
    }

    @Test
    void emptyBoxHyperplaneIsRejected() {
        BoxHyperplaneProjection p = BoxHyperplaneProjection.create(2);
        double[] theta = BoxHyperplaneProjection.parameters(new double[] {0, 0}, new double[] {1, 1},
                new double[] {1, 1}, 3);
        InvalidOptionException ex = assertThrows(InvalidOptionException.class,
                () -> p.project(new double[2], theta, new double[2]));
        assertTrue(ex.getMessage().contains("empty"), ex.getMessage());
    }

    // ---- transport and Birkhoff ----------------------------------------------------------------------

    @Test
    void transportProjectionIsFeasibleOptimalAndDifferentiable() {
        int r = 4;
        int c = 5;
        Random rng = new Random(41);
        double[] theta = new double[r + c];
        double total = 0;
        for (int i = 0; i < r; i++) {
            theta[i] = 0.5 + rng.nextDouble();
            total += theta[i];
        }
        double colTotal = 0;
        for (int j = 0; j < c; j++) {
            theta[r + j] = 0.5 + rng.nextDouble();
            colTotal += theta[r + j];
        }
        for (int j = 0; j < c; j++) {
            theta[r + j] *= total / colTotal;
        }
        TransportProjection p = TransportProjection.transport(r, c);
        double[] v = Reference.gaussian(rng, r * c);
        for (int i = 0; i < r * c; i++) {
            v[i] *= 0.3; // a support with cycles: ∂ᵥP ≠ 0
        }
        double[] x = new double[r * c];
        p.project(v, theta, x);
        int zeros = 0;
        for (int i = 0; i < r; i++) {
            double sum = 0;
            for (int j = 0; j < c; j++) {
                assertTrue(x[i * c + j] >= 0);
                sum += x[i * c + j];
                if (x[i * c + j] == 0) {
                    zeros++;
                }
            }
            assertEquals(theta[i], sum, 1e-11);
        }
        for (int j = 0; j < c; j++) {
            double sum = 0;
            for (int i = 0; i < r; i++) {
                sum += x[i * c + j];
            }
            assertEquals(theta[r + j], sum, 1e-11);
        }
        assertTrue(zeros >= 1, "the test point should have a non-trivial support");
        assertTrue(r * c - zeros > r + c - 1, "the support should contain a cycle (else ∂ᵥP = 0)");
        // the same set as a polyhedron: −X ≤ 0, r row sums, c − 1 column sums (the last is implied)
        int n = r * c;
        int eq = r + c - 1;
        PolyhedronProjection poly = PolyhedronProjection.create(n, n, eq);
        double[] pt = new double[n * n + n + eq * n + eq];
        for (int i = 0; i < n; i++) {
            pt[i * n + i] = -1;
        }
        int offC = n * n + n;
        for (int i = 0; i < r; i++) {
            for (int j = 0; j < c; j++) {
                pt[offC + i * n + i * c + j] = 1;
            }
            pt[offC + eq * n + i] = theta[i];
        }
        for (int j = 0; j < c - 1; j++) {
            for (int i = 0; i < r; i++) {
                pt[offC + (r + j) * n + i * c + j] = 1;
            }
            pt[offC + eq * n + r + j] = theta[r + j];
        }
        double[] xp = new double[n];
        poly.project(v, pt, xp);
        assertTrue(Reference.relativeError(x, xp) < 1e-9, "vs polyhedron: " + Reference.relativeError(x, xp));
        p.linearize(v, theta);
        poly.linearize(v, pt);
        double[] dv = Reference.gaussian(rng, n);
        double[] j1 = new double[n];
        double[] j2 = new double[n];
        p.jvpV(dv, j1);
        poly.jvpV(dv, j2);
        assertTrue(Reference.relativeError(j1, j2) < 1e-8, "∂ᵥP vs polyhedron " + Reference.relativeError(j1, j2));
        // VI against feasible points
        double[] y = new double[n];
        for (int t = 0; t < 10; t++) {
            p.project(Reference.gaussian(rng, n), theta, y);
            double vi = 0;
            for (int i = 0; i < n; i++) {
                vi += (v[i] - x[i]) * (y[i] - x[i]);
            }
            assertTrue(vi <= 1e-9, "variational inequality " + vi);
        }
        // derivatives along a valid direction of the marginals (Σȧ = Σḃ); solves exact to 1e-12,
        // piecewise linear in (v, θ): h = 1e-5 gives rounding ≈ 1e-12/1e-5 = 1e-7, tolerance 1e-5
        double[] dTheta = Reference.gaussian(rng, r + c);
        double shift = 0;
        for (int i = 0; i < r + c; i++) {
            shift += i < r ? dTheta[i] : -dTheta[i];
        }
        for (int j = 0; j < c; j++) {
            dTheta[r + j] += shift / c;
        }
        checkDerivatives(p, v, theta, rng, 1e-5, 1e-5, dTheta);
    }

    @Test
    void birkhoffProjectionIsDoublyStochasticAndAgreesWithTransport() {
        int n = 4;
        Random rng = new Random(51);
        double[] v = Reference.gaussian(rng, n * n);
        TransportProjection birkhoff = TransportProjection.birkhoff(n);
        TransportProjection transport = TransportProjection.transport(n, n);
        double[] ones = new double[2 * n];
        java.util.Arrays.fill(ones, 1);
        double[] x = new double[n * n];
        double[] xt = new double[n * n];
        birkhoff.project(v, null, x);
        transport.project(v, ones, xt);
        assertTrue(Reference.relativeError(x, xt) < 1e-12);
        for (int i = 0; i < n; i++) {
            double row = 0;
            double col = 0;
            for (int j = 0; j < n; j++) {
                row += x[i * n + j];
                col += x[j * n + i];
            }
            assertEquals(1, row, 1e-11);
            assertEquals(1, col, 1e-11);
        }
        checkDerivatives(birkhoff, v, null, rng, 1e-5, 1e-5, new double[0]);
        assertEquals(0, birkhoff.parameterDimension());
    }

    @Test
    void unbalancedMarginalsAreRejected() {
        TransportProjection p = TransportProjection.transport(2, 2);
        InvalidOptionException ex = assertThrows(InvalidOptionException.class,
                () -> p.project(new double[4], new double[] {1, 1, 1, 2}, new double[4]));
        assertTrue(ex.getMessage().contains("different masses"), ex.getMessage());
    }
}
