package org.rootgrad.implicit.linear;

import org.rootgrad.engine.ArrayKernels;
import org.rootgrad.error.Checks;
import org.rootgrad.error.InvalidOptionException;

/**
 * The memory of L-BFGS: the last m curvature pairs (sᵢ, yᵢ) = (x₊ − x, ∇f(x₊) − ∇f(x)) in a
 * ring buffer, and the inverse-Hessian approximation H they define, applied by the two-loop
 * recursion (Nocedal and Wright, Algorithm 7.4) with the initial scaling H₀ = γI,
 * γ = sᵀy / yᵀy of the newest pair (γ = 1 while empty).
 *
 * <p>The L-BFGS solver fills it while it runs; the same object then serves as a
 * {@link Preconditioner} for the Hessian solve of implicit differentiation: H is symmetric
 * positive definite because only pairs with positive curvature are kept. A pair is skipped
 * (and {@link #push} returns false) when sᵀy ≤ ε‖s‖‖y‖, which includes sᵀy ≤ 0 and any pair
 * holding a NaN or infinity.
 *
 * <p>Cost: {@link #apply} takes 4m + 1 passes over n-vectors and allocates nothing. Memory:
 * 2m vectors of n.
 *
 * <p>Thread safety: mutable, per thread.
 */
public final class LbfgsHistory implements Preconditioner {
    /** The default ε of the curvature test sᵀy > ε‖s‖‖y‖. */
    public static final double DEFAULT_CURVATURE_THRESHOLD = 1e-12;

    private static final ArrayKernels V = ArrayKernels.active();

    private final int n;
    private final int capacity;
    private final double threshold;
    private final double[][] s;
    private final double[][] y;
    private final double[] rho;
    private final double[] alpha;
    private int newest = -1;
    private int size;
    private double gamma = 1;

    /** An empty history for vectors of length n keeping the last {@code capacity} pairs. */
    public LbfgsHistory(int dimension, int capacity) {
        this(dimension, capacity, DEFAULT_CURVATURE_THRESHOLD);
    }

    /**
     * An empty history with a given curvature threshold.
     *
     * @param curvatureThreshold ε of the test sᵀy > ε‖s‖‖y‖ (a cosine, in [0, 1))
     * @throws InvalidOptionException if capacity &lt; 1 or ε is outside [0, 1)
     */
    public LbfgsHistory(int dimension, int capacity, double curvatureThreshold) {
        Checks.nonNegative("dimension", dimension);
        Checks.atLeastOne("capacity", capacity);
        if (!(curvatureThreshold >= 0 && curvatureThreshold < 1)) {
            throw InvalidOptionException.of("curvatureThreshold", curvatureThreshold, "in [0, 1)");
        }
        this.n = dimension;
        this.capacity = capacity;
        this.threshold = curvatureThreshold;
        this.s = new double[capacity][dimension];
        this.y = new double[capacity][dimension];
        this.rho = new double[capacity];
        this.alpha = new double[capacity];
    }

    /**
     * Stores a copy of the pair (s, y), dropping the oldest when full, unless its curvature is
     * too small (see the class comment).
     *
     * @return whether the pair was stored
     * @throws org.rootgrad.error.DimensionMismatchException unless s and y have length n
     */
    public boolean push(double[] step, double[] gradientChange) {
        Checks.length("s", step, n);
        Checks.length("y", gradientChange, n);
        double sy = V.dot(n, step, 0, gradientChange, 0);
        double yy = V.dot(n, gradientChange, 0, gradientChange, 0);
        double ss = V.dot(n, step, 0, step, 0);
        if (!(sy > threshold * Math.sqrt(ss) * Math.sqrt(yy)) || !Double.isFinite(sy)
                || !Double.isFinite(ss) || !Double.isFinite(yy)) {
            return false;
        }
        newest = (newest + 1) % capacity;
        V.copy(n, step, 0, s[newest], 0);
        V.copy(n, gradientChange, 0, y[newest], 0);
        rho[newest] = 1 / sy;
        gamma = sy / yy;
        size = Math.min(size + 1, capacity);
        return true;
    }

    /** Forgets every pair. */
    public void clear() {
        newest = -1;
        size = 0;
        gamma = 1;
    }

    /** The number of stored pairs, at most {@link #capacity()}. */
    public int size() {
        return size;
    }

    /** m, the most pairs kept. */
    public int capacity() {
        return capacity;
    }

    @Override
    public int dimension() {
        return n;
    }

    /** γ = sᵀy / yᵀy of the newest pair (1 when empty): H₀ = γI. */
    public double initialScaling() {
        return gamma;
    }

    /** z ← H r by the two-loop recursion; z = r when empty. r is not modified. */
    @Override
    public void apply(double[] r, double[] z) {
        apply(r, z, null);
    }

    /**
     * z ← H r by the two-loop recursion with the initial matrix H₀ = diag(h0) instead of γI
     * ({@code null} for γI): a diagonal that knows the coordinates' scales (the inverse of the
     * Hessian's diagonal, say) where the pairs span too few directions to learn them. r is not
     * modified; h0 must be positive for H to stay positive definite.
     *
     * @throws org.rootgrad.error.DimensionMismatchException if h0 is not null and not of length n
     */
    public void apply(double[] r, double[] z, double[] h0) {
        if (h0 != null) {
            Checks.length("h0", h0, n);
        }
        V.copy(n, r, 0, z, 0);
        int index = newest;
        for (int k = 0; k < size; k++) {
            double a = rho[index] * V.dot(n, s[index], 0, z, 0);
            alpha[index] = a;
            V.axpy(n, -a, y[index], 0, z, 0);
            index = index == 0 ? capacity - 1 : index - 1;
        }
        if (h0 == null) {
            V.scal(n, gamma, z, 0);
        } else {
            V.mul(n, h0, 0, z, 0, z, 0);
        }
        for (int k = 0; k < size; k++) {
            index = index == capacity - 1 ? 0 : index + 1;
            double b = rho[index] * V.dot(n, y[index], 0, z, 0);
            V.axpy(n, alpha[index] - b, s[index], 0, z, 0);
        }
    }

    /** Always true: every stored pair has positive curvature and γ > 0. */
    @Override
    public boolean isSymmetricPositiveDefinite() {
        return true;
    }

    @Override
    public String toString() {
        return "L-BFGS history (" + size + " of " + capacity + " pairs, n = " + n + ")";
    }
}
