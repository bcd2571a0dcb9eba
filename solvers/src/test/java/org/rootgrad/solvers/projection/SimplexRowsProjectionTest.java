package org.rootgrad.solvers.projection;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.rootgrad.error.DimensionMismatchException;
import org.rootgrad.error.InvalidOptionException;
import org.rootgrad.solvers.testing.DerivativeChecks;
import org.rootgrad.solvers.testing.Differentiable;
import org.rootgrad.solvers.testing.Vectors;

/** The row-wise simplex projection against the single simplex projection, row by row, and finite differences. */
class SimplexRowsProjectionTest {
    static final int ROWS = 7;
    static final int COLS = 5;

    @Test
    void everyRowIsTheSimplexProjectionOfThatRow() {
        Random rng = new Random(3);
        Projection rows = Projection.simplexRows(ROWS, COLS);
        Projection single = Projection.simplex(COLS);
        double[] theta = {1.3};
        double[] v = Vectors.scaled(2, Vectors.gaussian(rng, ROWS * COLS));
        double[] out = new double[ROWS * COLS];
        rows.project(v, theta, out);
        rows.linearize(v, theta);
        double[] dv = Vectors.gaussian(rng, ROWS * COLS);
        double[] jv = new double[ROWS * COLS];
        rows.jvpV(dv, jv);
        double[] jt = new double[ROWS * COLS];
        rows.jvpTheta(new double[] {1}, jt);
        double[] thetaBar = new double[1];
        rows.vjpTheta(dv, thetaBar);
        double expectedThetaBar = 0;
        for (int r = 0; r < ROWS; r++) {
            double[] row = Arrays.copyOfRange(v, r * COLS, (r + 1) * COLS);
            double[] expected = new double[COLS];
            single.project(row, theta, expected);
            assertArrayEquals(expected, Arrays.copyOfRange(out, r * COLS, (r + 1) * COLS), 0.0, "row " + r);
            single.linearize(row, theta);
            double[] e = new double[COLS];
            single.jvpV(Arrays.copyOfRange(dv, r * COLS, (r + 1) * COLS), e);
            assertArrayEquals(e, Arrays.copyOfRange(jv, r * COLS, (r + 1) * COLS), 1e-15, "row " + r + " JVP");
            single.jvpTheta(new double[] {1}, e);
            assertArrayEquals(e, Arrays.copyOfRange(jt, r * COLS, (r + 1) * COLS), 1e-15, "row " + r + " dP/ds");
            double[] tb = new double[1];
            single.vjpTheta(Arrays.copyOfRange(dv, r * COLS, (r + 1) * COLS), tb);
            expectedThetaBar += tb[0];
        }
        assertEquals(expectedThetaBar, thetaBar[0], 1e-14);
        assertEquals(JacobianStructure.SYMMETRIC, rows.jacobianStructure());
    }

    @Test
    void derivativesMatchFiniteDifferencesAndAreAdjoint() {
        Random rng = new Random(4);
        Projection rows = Projection.simplexRows(ROWS, COLS);
        Differentiable f = Differentiable.of(rows);
        double[] theta = {1.0};
        double[] v = Vectors.scaled(1.5, Vectors.gaussian(rng, ROWS * COLS));
        DerivativeChecks.assertJvpV(f, v, theta, Vectors.gaussian(rng, ROWS * COLS), "simplexRows");
        DerivativeChecks.assertJvpTheta(f, v, theta, new double[] {1}, "simplexRows");
        f.linearize(v, theta);
        DerivativeChecks.assertAdjoint(f, rng, "simplexRows");
    }

    @Test
    void badInputIsRejected() {
        assertThrows(InvalidOptionException.class, () -> Projection.simplexRows(0, 3));
        Projection p = Projection.simplexRows(2, 3);
        assertThrows(DimensionMismatchException.class, () -> p.project(new double[5], new double[] {1}, new double[6]));
        assertThrows(InvalidOptionException.class, () -> p.project(new double[6], new double[] {-1}, new double[6]));
    }
}
