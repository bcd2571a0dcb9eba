package org.rootgrad.solvers.objective;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.rootgrad.solvers.testing.Vectors;

/**
 * The coordinate interface against the whole-vector products of the same objective after a
 * sequence of coordinate moves: ∂ⱼf equals the gradient's entry, the tangent product equals
 * (Hẋ + Mθ̇)ⱼ, the adjoint accumulation equals x̄ + Σ c·H eⱼ (and θ̄ + Σ c·Mᵀeⱼ), and Lⱼ bounds the
 * Hessian's diagonal. Tolerances are rounding-level (1e-12 relative): the O(rows) updates
 * accumulate the same sums in another order.
 */
class CoordinateObjectiveTest {

    record Case(String name, CoordinateObjective f, boolean hasLambda) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Case> cases() {
        ObjectiveCase.Data d = new ObjectiveCase.Data(21);
        int n = ObjectiveCase.ROWS;
        int p = ObjectiveCase.FEATURES;
        List<Case> cases = new ArrayList<>();
        for (boolean b : new boolean[] {false, true}) {
            cases.add(new Case("least squares " + b, Objectives.leastSquares(d.x, n, p, d.y, b), false));
            cases.add(new Case("ridge " + b, Objectives.ridge(d.x, n, p, d.y, b), true));
            cases.add(new Case("logistic " + b, Objectives.binaryLogistic(d.x, n, p, d.signs, b), false));
            cases.add(new Case("L2 logistic " + b, Objectives.binaryLogisticL2(d.x, n, p, d.signs, b), true));
            cases.add(new Case("Huber " + b, Objectives.huber(d.x, n, p, d.y, 1.1, b), false));
            cases.add(new Case("L2 Huber " + b, Objectives.huberL2(d.x, n, p, d.y, 1.1, b), true));
        }
        return cases;
    }

    static void close(double expected, double actual, String label) {
        assertEquals(expected, actual, 1e-12 * (1 + Math.abs(expected)), label);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void coordinateProductsMatchWholeVectorProducts(Case c) {
        CoordinateObjective f = c.f();
        int n = f.dimension();
        int m = f.parameterDimension();
        Random rng = new Random(8);
        double[] theta = c.hasLambda() ? new double[] {0.3} : new double[0];
        double[] x = Vectors.scaled(0.3, Vectors.gaussian(rng, n));
        f.startCoordinates(x, theta);
        double[] xDot = Vectors.gaussian(rng, n);
        double[] thetaDot = Vectors.gaussian(rng, m);
        f.startTangent(xDot, thetaDot);
        double[] xBar = Vectors.gaussian(rng, n);
        f.startAdjoint(xBar);
        double[] thetaBar = new double[m];
        double[] expectedXBar = xBar.clone();
        double[] expectedThetaBar = new double[m];
        double[] g = new double[n];
        double[] hv = new double[n];
        double[] mv = new double[n];
        double[] e = new double[n];
        double[] mt = new double[m];
        for (int move = 0; move < 3 * n; move++) {
            int j = rng.nextInt(n);
            double delta = 0.2 * rng.nextGaussian();
            double deltaDot = rng.nextGaussian();
            f.updateCoordinate(j, delta);
            x[j] += delta;
            f.updateTangent(j, deltaDot);
            xDot[j] += deltaDot;
            int i = rng.nextInt(n);
            f.valueAndGradient(x, theta, g);
            close(g[i], f.coordinateGradient(i), "coordinate gradient");
            f.linearize(x, theta);
            f.hessianVector(xDot, hv);
            f.mixedVector(thetaDot, mv);
            close(hv[i] + mv[i], f.coordinateGradientTangent(i), "coordinate tangent");
            // the adjoint: add c·∇ₓ(∂ᵢf) and c·∇θ(∂ᵢf) at the current point
            double cScale = rng.nextGaussian();
            f.addGradientCoordinateAdjoint(i, cScale, thetaBar);
            java.util.Arrays.fill(e, 0);
            e[i] = 1;
            f.hessianVector(e, hv);
            for (int r = 0; r < n; r++) {
                expectedXBar[r] += cScale * hv[r];
            }
            f.mixedTransposeVector(e, mt);
            for (int r = 0; r < m; r++) {
                expectedThetaBar[r] += cScale * mt[r];
            }
            int k = rng.nextInt(n);
            close(expectedXBar[k], f.coordinateAdjoint(k), "coordinate adjoint");
            double set = rng.nextGaussian();
            f.setCoordinateAdjoint(k, set);
            expectedXBar[k] = set;
            close(set, f.coordinateAdjoint(k), "set adjoint");
            assertTrue(f.coordinateLipschitz(i) >= hv[i] * (1 - 1e-12), "L_j bounds the Hessian diagonal");
        }
        double[] tangent = new double[n];
        f.copyTangent(tangent);
        for (int r = 0; r < n; r++) {
            assertEquals(xDot[r], tangent[r], 1e-14);
        }
        for (int r = 0; r < m; r++) {
            close(expectedThetaBar[r], thetaBar[r], "θ̄");
        }
    }
}
