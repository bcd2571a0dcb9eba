package org.rootgrad.implicit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.rootgrad.error.DimensionMismatchException;
import org.rootgrad.error.Status;
import org.rootgrad.implicit.ImplicitDiffRidgeTest.Data;
import org.rootgrad.implicit.linear.DirectSolverWorkspace;
import org.rootgrad.implicit.linear.Preconditioner;
import org.rootgrad.testing.DenseReference;

/**
 * A caller's inverse handed to {@link ImplicitDiffWorkspace#setNearInverse}, on the seed's ridge
 * problem (diabetes, hand-written objective) against the closed form ∂w*(λ)/∂λ = −H⁻¹w*: an exact
 * inverse answers in one product without the configured dense solver factoring; a nearly exact
 * one refines in a few; one of a different matrix falls back to the configured solver, whose
 * kept factor then serves the next solve at that point.
 */
class NearInverseTest {
    static final double LAMBDA = 0.05;

    final Data d = ImplicitDiffRidgeTest.diabetes();
    final int p = d.p();
    final double[] h = ImplicitDiffRidgeTest.hessian(d, LAMBDA);
    final double[] wStar;
    final double[] dw;
    final double[] theta = {LAMBDA};

    NearInverseTest() {
        double[] xty = new double[p];
        for (int i = 0; i < d.n(); i++) {
            for (int j = 0; j < p; j++) {
                xty[j] += 2 * d.x()[i * p + j] * d.y()[i] / d.n();
            }
        }
        wStar = DenseReference.solve(h, p, xty);
        dw = DenseReference.solve(h, p, wStar);
        for (int j = 0; j < p; j++) {
            dw[j] = -dw[j];
        }
    }

    /** M⁻¹ = (H at λ)⁻¹ by Gaussian elimination, independent of the engine's Cholesky. */
    Preconditioner inverseAt(double lambda) {
        double[] m = ImplicitDiffRidgeTest.hessian(d, lambda);
        return Preconditioner.of(p, (r, z) -> System.arraycopy(DenseReference.solve(m, p, r), 0, z, 0, p), true);
    }

    ImplicitDiffWorkspace workspace() {
        return ImplicitDiff.defaults().newWorkspace(RootFunction.gradientOf(new ImplicitDiffRidgeTest.Ridge(d)));
    }

    static long factorizations(ImplicitDiffWorkspace ws) {
        return ((DirectSolverWorkspace) ws.solverWorkspace()).factorizations();
    }

    @Test
    void anExactInverseAnswersInOneProductWithoutTheDenseFactor() {
        ImplicitDiffWorkspace ws = workspace();
        ws.setNearInverse(inverseAt(LAMBDA));
        double[] xDot = new double[p];
        ImplicitResult r = ws.jvp(wStar, theta, new double[] {1}, xDot);
        assertEquals(Status.CONVERGED, r.status(), r.toString());
        assertEquals("Richardson", r.solver());
        assertEquals(1, r.iterations(), r.toString());
        assertTrue(DenseReference.relativeError(xDot, dw) < 1e-12, "" + DenseReference.relativeError(xDot, dw));
        double[] thetaBar = new double[1];
        for (int j = 0; j < p; j++) {
            double[] xBar = new double[p];
            xBar[j] = 1;
            r = ws.vjp(wStar, theta, xBar, thetaBar);
            assertEquals("Richardson", r.solver());
            assertEquals(dw[j], thetaBar[0], 1e-12 * Math.abs(dw[j]) + 1e-15, "vjp " + j);
        }
        assertEquals(0, factorizations(ws), "the configured dense solver factored");
        assertTrue(r.errorEstimate() < 1e-10, r.toString());
    }

    @Test
    void aNearlyExactInverseRefinesInAFewProducts() {
        ImplicitDiffWorkspace ws = workspace();
        ws.setNearInverse(inverseAt(LAMBDA * (1 + 1e-4)));
        double[] xDot = new double[p];
        ImplicitResult r = ws.jvp(wStar, theta, new double[] {1}, xDot);
        assertEquals("Richardson", r.solver());
        assertTrue(r.iterations() >= 2 && r.iterations() <= 3, r.toString());
        assertTrue(DenseReference.relativeError(xDot, dw) < 1e-9, "" + DenseReference.relativeError(xDot, dw));
        assertEquals(0, factorizations(ws));
    }

    /**
     * An inverse a few percent off (H at 1.02λ, whose smallest eigenvalues are about λ: each
     * step shrinks the residual about fiftyfold, as a lazy Newton factor kept over several calls
     * might) takes more than four products but still refines, within the eight allowed, without
     * the dense factorisation.
     */
    @Test
    void anInverseAFewPercentOffStillRefinesWithinEightProducts() {
        ImplicitDiffWorkspace ws = workspace();
        ws.setNearInverse(inverseAt(LAMBDA * 1.02));
        double[] xDot = new double[p];
        ImplicitResult r = ws.jvp(wStar, theta, new double[] {1}, xDot);
        assertEquals(Status.CONVERGED, r.status(), r.toString());
        assertEquals("Richardson", r.solver());
        assertTrue(r.iterations() > 4 && r.iterations() <= ImplicitDiffWorkspace.NEAR_INVERSE_PRODUCTS, r.toString());
        assertTrue(DenseReference.relativeError(xDot, dw) < 1e-9, "" + DenseReference.relativeError(xDot, dw));
        assertEquals(0, factorizations(ws));
    }

    @Test
    void anInverseOfAnotherMatrixFallsBackToTheConfiguredSolverWhoseFactorIsThenKept() {
        ImplicitDiffWorkspace ws = workspace();
        ws.setNearInverse(inverseAt(50 * LAMBDA)); // each step shrinks the residual by far less than tenfold
        double[] xDot = new double[p];
        ImplicitResult r = ws.jvp(wStar, theta, new double[] {1}, xDot);
        assertEquals(Status.CONVERGED, r.status(), r.toString());
        assertEquals("dense Cholesky", r.solver());
        assertTrue(DenseReference.relativeError(xDot, dw) < 1e-10, "" + DenseReference.relativeError(xDot, dw));
        assertEquals(1, factorizations(ws));
        double[] thetaBar = new double[1];
        double[] xBar = new double[p];
        xBar[0] = 1;
        r = ws.vjp(wStar, theta, xBar, thetaBar); // same point: the kept factor, no Richardson steps
        assertEquals("dense Cholesky", r.solver());
        assertEquals(dw[0], thetaBar[0], 1e-10 * Math.abs(dw[0]));
        assertEquals(1, factorizations(ws));
        // a new point forgets that: the near inverse is tried again (and is exact there)
        ws.setNearInverse(inverseAt(2 * LAMBDA));
        double[] theta2 = {2 * LAMBDA};
        r = ws.vjp(wStar, theta2, xBar, thetaBar);
        assertEquals("Richardson", r.solver());
        assertEquals(1, r.iterations());
    }

    @Test
    void withoutANearInverseTheConfiguredSolverRuns() {
        ImplicitDiffWorkspace ws = workspace();
        ws.setNearInverse(inverseAt(LAMBDA));
        ws.setNearInverse(null);
        ImplicitResult r = ws.jvp(wStar, theta, new double[] {1}, new double[p]);
        assertEquals("dense Cholesky", r.solver());
        assertThrows(DimensionMismatchException.class, () -> ws.setNearInverse(Preconditioner.identity(p + 1)));
    }
}
