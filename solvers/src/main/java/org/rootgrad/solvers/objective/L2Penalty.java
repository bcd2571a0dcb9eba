package org.rootgrad.solvers.objective;

import org.rootgrad.engine.ArrayKernels;
import org.rootgrad.error.Checks;
import org.rootgrad.error.InvalidOptionException;
import org.rootgrad.error.NonFiniteException;

/**
 * The optional ridge term (λ/2)‖w_pen‖² of an objective, on the first {@code penalised} entries
 * of its variable (every weight but the intercepts, which come last), with θ = [λ]; or no term and
 * no parameter. Checks θ at every public entry of the objective (O(1)). Immutable.
 */
final class L2Penalty {
    private static final ArrayKernels K = ArrayKernels.active();

    final boolean active;
    final int penalised;

    L2Penalty(boolean active, int penalised) {
        this.active = active;
        this.penalised = penalised;
    }

    /** m: 1 with the term, 0 without. */
    int parameterDimension() {
        return active ? 1 : 0;
    }

    /**
     * λ from θ, validated: length 1, finite, ≥ 0 with the term; without it θ must be null or
     * empty and 0 is returned.
     */
    double lambda(double[] theta) {
        if (!active) {
            if (theta != null && theta.length != 0) {
                Checks.length("theta", theta, 0);
            }
            return 0.0;
        }
        Checks.length("theta", theta, 1);
        double lambda = theta[0];
        if (!Double.isFinite(lambda)) {
            throw new NonFiniteException("theta", 0, lambda);
        }
        if (lambda < 0) {
            throw InvalidOptionException.of("L2 strength λ (theta[0])", lambda, ">= 0");
        }
        return lambda;
    }

    /** A direction θ̇ or cotangent θ̄ of θ: length m (null or empty allowed when m = 0). */
    void checkParameterVector(String name, double[] vector) {
        if (!active) {
            if (vector != null && vector.length != 0) {
                Checks.length(name, vector, 0);
            }
            return;
        }
        Checks.length(name, vector, 1);
    }

    double value(double lambda, double[] w) {
        return active ? 0.5 * lambda * K.dot(penalised, w, 0, w, 0) : 0.0;
    }

    /** out ← out + λ·v on the penalised entries (the gradient at v = w, the HVP with v). */
    void addScaled(double lambda, double[] v, double[] out) {
        if (active && lambda != 0) {
            K.axpy(penalised, lambda, v, 0, out, 0);
        }
    }

    /** out ← ∇²ₓθ·u = u₀·w on the penalised entries (zero elsewhere or without the term). */
    void mixedVector(double[] point, double[] u, double[] out) {
        K.fill(out.length, 0.0, out, 0);
        if (active) {
            K.axpy(penalised, u[0], point, 0, out, 0);
        }
    }

    /** out ← (∇²ₓθ)ᵀ·w = ⟨w_pen, point_pen⟩ (nothing without the term). */
    void mixedTransposeVector(double[] point, double[] w, double[] out) {
        if (active) {
            out[0] = K.dot(penalised, point, 0, w, 0);
        }
    }
}
