package org.rootgrad.examples.tuning;

import org.rootgrad.error.Checks;

/**
 * The Adam optimiser (Kingma and Ba, 2015) with bias correction, β₁ = 0.9, β₂ = 0.999,
 * ε = 1e-8, on a flat parameter vector, and the cosine step-size schedule the examples use:
 * lr·½(1 + cos(πk/K)) at step k of K, so the last steps settle instead of oscillating.
 * Mutable (the moment estimates); one per optimisation.
 */
public final class Adam {
    private static final double BETA1 = 0.9;
    private static final double BETA2 = 0.999;
    private static final double EPSILON = 1e-8;

    private final double[] m;
    private final double[] v;
    private int t;

    /** Adam for {@code n} parameters. */
    public Adam(int n) {
        this.m = new double[n];
        this.v = new double[n];
    }

    /**
     * One step: params ← params − lr·m̂/(√v̂ + ε) for the gradient {@code grad}.
     *
     * @throws org.rootgrad.error.NonFiniteException if the gradient holds a NaN or an infinity
     */
    public void step(double[] params, double[] grad, double lr) {
        Checks.finite("gradient", grad);
        t++;
        double c1 = 1 - Math.pow(BETA1, t);
        double c2 = 1 - Math.pow(BETA2, t);
        for (int i = 0; i < params.length; i++) {
            m[i] = BETA1 * m[i] + (1 - BETA1) * grad[i];
            v[i] = BETA2 * v[i] + (1 - BETA2) * grad[i] * grad[i];
            params[i] -= lr * (m[i] / c1) / (Math.sqrt(v[i] / c2) + EPSILON);
        }
    }

    /** The cosine schedule: lr·½(1 + cos(π·step/steps)) for step = 0, …, steps − 1. */
    public static double cosine(double lr, int step, int steps) {
        return lr * 0.5 * (1 + Math.cos(Math.PI * step / steps));
    }
}
