package org.rootgrad.solvers.prox;

import org.rootgrad.error.Checks;
import org.rootgrad.error.InvalidOptionException;
import org.rootgrad.error.NonFiniteException;
import org.rootgrad.solvers.projection.Projection;

/**
 * The coordinate formulas of the separable proxes, each the one-coordinate case of its
 * whole-vector twin (soft thresholding with t = ηλ, shrinkage by 1/(1 + ηλ₂), clipping), with
 * the same kink conventions: |v| = t is thresholded, v = bound is at the bound.
 */
final class ScalarProx implements SeparableProx {

    enum Kind { NONE, LASSO, LASSO_PER_COORDINATE, NON_NEGATIVE_LASSO, ELASTIC_NET, RIDGE, NON_NEGATIVE, BOX }

    private final Kind kind;
    private final int n;

    ScalarProx(Kind kind, int n) {
        Checks.atLeastOne("separable prox dimension n", n);
        this.kind = kind;
        this.n = n;
    }

    @Override
    public int dimension() {
        return n;
    }

    @Override
    public int parameterDimension() {
        return switch (kind) {
            case NONE, NON_NEGATIVE -> 0;
            case LASSO, NON_NEGATIVE_LASSO, RIDGE -> 1;
            case ELASTIC_NET, BOX -> 2;
            case LASSO_PER_COORDINATE -> n;
        };
    }

    @Override
    public Prox prox() {
        return switch (kind) {
            case NONE -> Prox.none(n);
            case LASSO -> Prox.lasso(n);
            case LASSO_PER_COORDINATE -> Prox.lassoPerCoordinate(n);
            case NON_NEGATIVE_LASSO -> Prox.nonNegativeLasso(n);
            case ELASTIC_NET -> Prox.elasticNet(n);
            case RIDGE -> Prox.ridge(n);
            case NON_NEGATIVE -> Prox.of(Projection.nonNegative(n));
            case BOX -> Prox.of(Projection.box(n));
        };
    }

    @Override
    public void checkParameters(double[] theta) {
        int k = parameterDimension();
        if (k == 0) {
            if (theta != null && theta.length != 0) {
                Checks.length("theta", theta, 0);
            }
            return;
        }
        Checks.length("theta", theta, k);
        if (kind == Kind.BOX) {
            double lower = theta[0];
            double upper = theta[1];
            if (Double.isNaN(lower)) {
                throw new NonFiniteException("theta", 0, lower);
            }
            if (Double.isNaN(upper)) {
                throw new NonFiniteException("theta", 1, upper);
            }
            if (lower == Double.POSITIVE_INFINITY || upper == Double.NEGATIVE_INFINITY || lower > upper) {
                throw new InvalidOptionException("box bounds [" + lower + ", " + upper + "] (theta[0], theta[1]) are empty");
            }
            return;
        }
        for (int j = 0; j < k; j++) {
            double s = theta[j];
            if (!Double.isFinite(s)) {
                throw new NonFiniteException("theta", j, s);
            }
            if (s < 0) {
                throw InvalidOptionException.of("strength theta[" + j + "]", s, ">= 0");
            }
        }
    }

    private static double soft(double v, double t) {
        return Math.copySign(Math.max(Math.abs(v) - t, 0.0), v);
    }

    @Override
    public double applyCoordinate(int i, double v, double[] theta, double step) {
        return switch (kind) {
            case NONE -> v;
            case LASSO -> soft(v, step * theta[0]);
            case LASSO_PER_COORDINATE -> soft(v, step * theta[i]);
            case NON_NEGATIVE_LASSO -> Math.max(v - step * theta[0], 0.0);
            case ELASTIC_NET -> soft(v, step * theta[0]) / (1.0 + step * theta[1]);
            case RIDGE -> v / (1.0 + step * theta[0]);
            case NON_NEGATIVE -> Math.max(v, 0.0);
            case BOX -> Math.min(Math.max(v, theta[0]), theta[1]);
        };
    }

    @Override
    public double coordinateDerivative(int i, double v, double[] theta, double step) {
        return switch (kind) {
            case NONE -> 1.0;
            case LASSO -> Math.abs(v) > step * theta[0] ? 1.0 : 0.0;
            case LASSO_PER_COORDINATE -> Math.abs(v) > step * theta[i] ? 1.0 : 0.0;
            case NON_NEGATIVE_LASSO -> v > step * theta[0] ? 1.0 : 0.0;
            case ELASTIC_NET -> Math.abs(v) > step * theta[0] ? 1.0 / (1.0 + step * theta[1]) : 0.0;
            case RIDGE -> 1.0 / (1.0 + step * theta[0]);
            case NON_NEGATIVE -> v > 0 ? 1.0 : 0.0;
            case BOX -> v <= theta[0] || v >= theta[1] ? 0.0 : 1.0;
        };
    }

    /** ∂prox/∂θⱼ for the j-th parameter acting on coordinate i (0 for the others). */
    private double slope(int i, int j, double v, double[] theta, double step) {
        switch (kind) {
            case LASSO, LASSO_PER_COORDINATE -> {
                double t = step * theta[kind == Kind.LASSO ? 0 : i];
                return Math.abs(v) > t ? -step * Math.signum(v) : 0.0;
            }
            case NON_NEGATIVE_LASSO -> {
                return v > step * theta[0] ? -step : 0.0;
            }
            case ELASTIC_NET -> {
                double t = step * theta[0];
                if (!(Math.abs(v) > t)) {
                    return 0.0;
                }
                double c = 1.0 / (1.0 + step * theta[1]);
                return j == 0 ? -step * c * Math.signum(v) : -step * c * c * soft(v, t);
            }
            case RIDGE -> {
                double c = 1.0 / (1.0 + step * theta[0]);
                return -step * c * c * v;
            }
            case BOX -> {
                boolean lower = v <= theta[0];
                boolean upper = !lower && v >= theta[1];
                return j == 0 ? (lower ? 1.0 : 0.0) : (upper ? 1.0 : 0.0);
            }
            default -> {
                return 0.0;
            }
        }
    }

    @Override
    public double coordinateJvpTheta(int i, double v, double[] theta, double step, double[] thetaDot) {
        return switch (kind) {
            case NONE, NON_NEGATIVE -> 0.0;
            case LASSO_PER_COORDINATE -> slope(i, i, v, theta, step) * thetaDot[i];
            case ELASTIC_NET, BOX -> slope(i, 0, v, theta, step) * thetaDot[0] + slope(i, 1, v, theta, step) * thetaDot[1];
            default -> slope(i, 0, v, theta, step) * thetaDot[0];
        };
    }

    @Override
    public void coordinateVjpTheta(int i, double v, double[] theta, double step, double w, double[] thetaBar) {
        switch (kind) {
            case NONE, NON_NEGATIVE -> { }
            case LASSO_PER_COORDINATE -> thetaBar[i] += w * slope(i, i, v, theta, step);
            case ELASTIC_NET, BOX -> {
                thetaBar[0] += w * slope(i, 0, v, theta, step);
                thetaBar[1] += w * slope(i, 1, v, theta, step);
            }
            default -> thetaBar[0] += w * slope(i, 0, v, theta, step);
        }
    }
}
