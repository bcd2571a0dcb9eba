package org.rootgrad.solvers.projection;

import org.rootgrad.error.InvalidOptionException;
import org.rootgrad.error.NonFiniteException;

/**
 * P(v) = min(max(v, lower), upper), coordinate-wise, onto a box. The bounds are scalar
 * (θ = [lower, upper]), per coordinate (θ = [lower₀..lowerₙ₋₁, upper₀..upperₙ₋₁]) or the fixed
 * unit interval (k = 0, the hypercube).
 *
 * <p>Kinks: v<sub>i</sub> ≤ lower<sub>i</sub> makes the lower bound active (∂P<sub>i</sub>/∂lower
 * = 1), otherwise v<sub>i</sub> ≥ upper<sub>i</sub> makes the upper bound active; only a
 * coordinate strictly inside is free (∂P<sub>i</sub>/∂v<sub>i</sub> = 1).
 */
final class BoxProjection extends AbstractProjection {

    /** How the bounds are given. */
    enum Bounds {
        SCALAR, PER_COORDINATE, UNIT
    }

    private final Bounds bounds;
    /** 1 where the coordinate is free, else 0. */
    private final double[] free;
    /** 1 where the lower bound is active, else 0. */
    private final double[] atLower;
    /** 1 where the upper bound is active, else 0. */
    private final double[] atUpper;

    BoxProjection(int n, Bounds bounds) {
        super(bounds == Bounds.UNIT ? "hypercube projection" : "box projection", n,
                switch (bounds) {
                    case SCALAR -> 2;
                    case PER_COORDINATE -> 2 * n;
                    case UNIT -> 0;
                });
        this.bounds = bounds;
        this.free = new double[n];
        this.atLower = new double[n];
        this.atUpper = new double[n];
    }

    @Override
    void checkParameters(double[] theta) {
        if (bounds == Bounds.SCALAR) {
            checkPair(theta, 0, 1);
        } else {
            for (int i = 0; i < n; i++) {
                checkPair(theta, i, n + i);
            }
        }
    }

    private static void checkPair(double[] theta, int lowerIndex, int upperIndex) {
        double lower = theta[lowerIndex];
        double upper = theta[upperIndex];
        if (Double.isNaN(lower)) {
            throw new NonFiniteException("theta", lowerIndex, lower);
        }
        if (Double.isNaN(upper)) {
            throw new NonFiniteException("theta", upperIndex, upper);
        }
        if (lower == Double.POSITIVE_INFINITY) {
            throw InvalidOptionException.of("lower bound theta[" + lowerIndex + "]", lower,
                    "< +Infinity (the box would be empty)");
        }
        if (upper == Double.NEGATIVE_INFINITY) {
            throw InvalidOptionException.of("upper bound theta[" + upperIndex + "]", upper,
                    "> -Infinity (the box would be empty)");
        }
        if (lower > upper) {
            throw new InvalidOptionException("box bounds: lower theta[" + lowerIndex + "] = " + lower
                    + " exceeds upper theta[" + upperIndex + "] = " + upper);
        }
    }

    private double lower(double[] theta, int i) {
        return switch (bounds) {
            case SCALAR -> theta[0];
            case PER_COORDINATE -> theta[i];
            case UNIT -> 0.0;
        };
    }

    private double upper(double[] theta, int i) {
        return switch (bounds) {
            case SCALAR -> theta[1];
            case PER_COORDINATE -> theta[n + i];
            case UNIT -> 1.0;
        };
    }

    @Override
    void doProject(double[] v, double[] theta, double[] out) {
        switch (bounds) {
            case SCALAR -> K.clip(n, theta[0], theta[1], v, 0, out, 0);
            case UNIT -> K.clip(n, 0.0, 1.0, v, 0, out, 0);
            case PER_COORDINATE -> {
                for (int i = 0; i < n; i++) {
                    out[i] = Math.min(Math.max(v[i], theta[i]), theta[n + i]);
                }
            }
        }
    }

    @Override
    void doLinearize(double[] v, double[] theta) {
        for (int i = 0; i < n; i++) {
            double x = v[i];
            boolean lowerActive = x <= lower(theta, i);
            boolean upperActive = !lowerActive && x >= upper(theta, i);
            atLower[i] = lowerActive ? 1.0 : 0.0;
            atUpper[i] = upperActive ? 1.0 : 0.0;
            free[i] = lowerActive || upperActive ? 0.0 : 1.0;
        }
    }

    @Override
    void doJvpV(double[] dv, double[] out) {
        K.mul(n, free, 0, dv, 0, out, 0);
    }

    @Override
    void doJvpTheta(double[] dTheta, double[] out) {
        if (bounds == Bounds.SCALAR) {
            K.copy(n, atLower, 0, out, 0);
            K.axpby(n, dTheta[1], atUpper, 0, dTheta[0], out, 0);
        } else {
            K.mul(n, atLower, 0, dTheta, 0, out, 0);
            K.fma(n, atUpper, 0, dTheta, n, out, 0, out, 0);
        }
    }

    @Override
    void doVjpTheta(double[] w, double[] out) {
        if (bounds == Bounds.SCALAR) {
            out[0] = K.dot(n, atLower, 0, w, 0);
            out[1] = K.dot(n, atUpper, 0, w, 0);
        } else {
            K.mul(n, atLower, 0, w, 0, out, 0);
            K.mul(n, atUpper, 0, w, 0, out, n);
        }
    }

    @Override
    public JacobianStructure jacobianStructure() {
        return JacobianStructure.MASK;
    }

    @Override
    void doJacobianDiagonal(double[] d) {
        K.copy(n, free, 0, d, 0);
    }

    @Override
    public Projection fork() {
        return new BoxProjection(n, bounds);
    }
}
