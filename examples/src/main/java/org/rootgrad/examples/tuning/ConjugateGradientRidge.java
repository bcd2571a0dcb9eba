package org.rootgrad.examples.tuning;

import java.util.concurrent.atomic.AtomicInteger;
import org.rootgrad.engine.Blas;
import org.rootgrad.error.Status;
import org.rootgrad.implicit.SolverFunction;

/**
 * The seed's custom-solver example: a hand-written conjugate-gradient solver for ridge
 * regression, w*(λ) = argmin mean((Xw − y)²) + ½λ‖w‖², i.e. the normal equations
 * (2XᵀX/n + λI) w = 2Xᵀy/n, started from the point it is given (the previous solution: a warm
 * start). It knows nothing of derivatives; {@link org.rootgrad.implicit.ImplicitDiff#customRoot}
 * differentiates its solutions through the gradient of the objective. θ = [λ].
 *
 * <p>The Gram matrix 2XᵀX/n and 2Xᵀy/n are formed once (p×p) and shared by forks; each fork has
 * its own scratch vectors. Forks share one counter of the last solve's iterations (for reports).
 */
public final class ConjugateGradientRidge implements SolverFunction {
    private final int p;
    private final double[] gram;
    private final double[] rhs;
    private final double tolerance;
    private final int maxIterations;
    private final AtomicInteger lastIterations;
    private final double[] r;
    private final double[] d;
    private final double[] q;

    /**
     * @param x         n×p training features, row-major
     * @param y         n training targets
     * @param tolerance stop when ‖b − (2XᵀX/n + λI)w‖ ≤ tolerance·‖b‖, b = 2Xᵀy/n
     */
    public ConjugateGradientRidge(double[] x, int n, int p, double[] y, double tolerance, int maxIterations) {
        this.p = p;
        this.gram = new double[p * p];
        Blas.syrk(true, p, n, 2.0 / n, x, 0, p, 0, gram, 0, p);
        this.rhs = new double[p];
        Blas.gemvT(n, p, 2.0 / n, x, 0, p, y, 0, 0, rhs, 0);
        this.tolerance = tolerance;
        this.maxIterations = maxIterations;
        this.lastIterations = new AtomicInteger();
        this.r = new double[p];
        this.d = new double[p];
        this.q = new double[p];
    }

    private ConjugateGradientRidge(ConjugateGradientRidge prototype) {
        this.p = prototype.p;
        this.gram = prototype.gram;
        this.rhs = prototype.rhs;
        this.tolerance = prototype.tolerance;
        this.maxIterations = prototype.maxIterations;
        this.lastIterations = prototype.lastIterations;
        this.r = new double[p];
        this.d = new double[p];
        this.q = new double[p];
    }

    @Override
    public Status solve(double[] init, double[] theta, double[] out) {
        double lambda = theta[0];
        System.arraycopy(init, 0, out, 0, p);
        // r = b − (G + λI) w
        Blas.residual(p, p, gram, 0, p, out, 0, rhs, 0, r, 0);
        Blas.axpy(p, -lambda, out, 0, r, 0);
        double rr = Blas.dot(r, r);
        double stop = tolerance * tolerance * Blas.dot(rhs, rhs);
        System.arraycopy(r, 0, d, 0, p);
        int it = 0;
        while (rr > stop && it < maxIterations) {
            double dq = Blas.gemvDot(p, p, gram, 0, p, d, 0, q, 0, d, 0);
            Blas.axpy(p, lambda, d, 0, q, 0);
            dq += lambda * Blas.dot(d, d);
            double next = Blas.cgUpdate(p, rr / dq, d, 0, q, 0, out, 0, r, 0);
            Blas.xpby(p, r, 0, next / rr, d, 0);
            rr = next;
            it++;
        }
        lastIterations.set(it);
        return rr <= stop ? Status.CONVERGED : Status.MAX_ITERATIONS;
    }

    /** Iterations of the last solve of this solver or any of its forks. */
    public int lastIterations() {
        return lastIterations.get();
    }

    @Override
    public SolverFunction fork() {
        return new ConjugateGradientRidge(this);
    }
}
