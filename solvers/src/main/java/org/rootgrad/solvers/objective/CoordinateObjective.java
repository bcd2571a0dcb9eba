package org.rootgrad.solvers.objective;

import org.rootgrad.autodiff.Objective;

/**
 * An {@link Objective} that coordinate descent can update one coordinate at a time in O(rows)
 * work, because it maintains per-sample state (the residuals Xw − y of least squares, the margins
 * of logistic regression) under the updates instead of recomputing f from scratch. The library's
 * linear-model objectives ({@link Objectives#leastSquares}, {@link Objectives#ridge},
 * {@link Objectives#binaryLogistic}, {@link Objectives#huber} and their variants) implement it.
 *
 * <p>Three groups of methods, each acting on state held by the objective:
 * <ul>
 *   <li><b>Primal</b>: {@link #startCoordinates} fixes x and θ and computes the per-sample state
 *       (one pass over the data); then {@link #coordinateGradient} reads ∂f/∂xⱼ and
 *       {@link #updateCoordinate} moves xⱼ, each O(rows).</li>
 *   <li><b>Tangent</b> (forward-mode differentiation of a sequence of coordinate updates):
 *       {@link #startTangent} fixes (ẋ, θ̇); {@link #coordinateGradientTangent} returns
 *       eⱼᵀ(∇²ₓₓf·ẋ + ∇²ₓθf·θ̇) at the current primal point; {@link #updateTangent} moves ẋⱼ.</li>
 *   <li><b>Adjoint</b> (reverse mode): {@link #startAdjoint} sets x̄; {@link #coordinateAdjoint}
 *       reads and {@link #setCoordinateAdjoint} overwrites x̄ⱼ;
 *       {@link #addGradientCoordinateAdjoint} adds c·∇ₓ(∂f/∂xⱼ) to x̄ and c·∇θ(∂f/∂xⱼ) to θ̄ at the
 *       current primal point. x̄ is kept partly in sample space, so each of these is O(rows).</li>
 * </ul>
 * Tangent and adjoint products use the curvature at the current primal point, so a caller that
 * differentiates a recorded sequence of updates replays (or reverts, with negated steps) the
 * primal updates alongside.
 *
 * <p>The primal state is separate from the point of {@link #linearize} and from the evaluations
 * of {@link #value}: neither disturbs the other. Indices j are in [0, {@link #dimension()}) and
 * are not checked by the O(rows) methods (they are called in the innermost loop); the
 * {@code start} methods check their arguments, and every other method throws
 * {@link org.rootgrad.error.InvalidOptionException} before the first {@link #startCoordinates}.
 *
 * <p>Not thread-safe, like every objective: {@link #fork()} for another thread.
 */
public interface CoordinateObjective extends Objective {

    /**
     * Fixes the primal point x (copied) and θ and computes the per-sample state; one pass over
     * the data.
     *
     * @throws org.rootgrad.error.DimensionMismatchException if a length is wrong
     * @throws org.rootgrad.error.NonFiniteException         if θ is not finite
     * @throws org.rootgrad.error.InvalidOptionException     if θ is out of range (λ &lt; 0)
     */
    void startCoordinates(double[] x, double[] theta);

    /** ∂f/∂xⱼ at the current primal point. O(rows). */
    double coordinateGradient(int j);

    /**
     * Lⱼ ≥ sup over x of ∂²f/∂xⱼ² at the current θ: 1/Lⱼ is a safe coordinate step. Zero when f
     * does not depend on xⱼ (an all-zero column without penalty).
     */
    double coordinateLipschitz(int j);

    /** xⱼ ← xⱼ + delta, updating the per-sample state. O(rows). */
    void updateCoordinate(int j, double delta);

    /**
     * Fixes the tangent (ẋ, θ̇) (copied) of the current primal point and computes its
     * per-sample image (one pass over the data).
     *
     * @throws org.rootgrad.error.DimensionMismatchException if a length is wrong
     */
    void startTangent(double[] xDot, double[] thetaDot);

    /** eⱼᵀ(∇²ₓₓf·ẋ + ∇²ₓθf·θ̇) at the current primal point and tangent. O(rows). */
    double coordinateGradientTangent(int j);

    /** ẋⱼ ← ẋⱼ + deltaDot. O(rows). */
    void updateTangent(int j, double deltaDot);

    /** Copies the current tangent ẋ into {@code out} (length n). */
    void copyTangent(double[] out);

    /**
     * Sets the adjoint x̄ (copied).
     *
     * @throws org.rootgrad.error.DimensionMismatchException if the length is wrong
     */
    void startAdjoint(double[] xBar);

    /** x̄ⱼ. O(rows). */
    double coordinateAdjoint(int j);

    /** x̄ⱼ ← value. O(rows). */
    void setCoordinateAdjoint(int j, double value);

    /**
     * x̄ ← x̄ + c·∇ₓ(∂f/∂xⱼ) and thetaBar ← thetaBar + c·∇θ(∂f/∂xⱼ) at the current primal point
     * (thetaBar has length m and is not touched when m = 0). O(rows).
     */
    void addGradientCoordinateAdjoint(int j, double c, double[] thetaBar);

    /**
     * out ← ∇²ₓₓf·v at the point of {@link #linearize}, of which only the entries in
     * S = {@code indices[0 .. count)} are defined, for v zero outside S: the Hessian block H_SS
     * applied to v_S, the product an active-set reduction needs. The linear models compute it in
     * O(rows·|S|) from the columns of X (the default takes the whole product, O(rows·n)); the
     * entries of out outside S are left unspecified.
     *
     * @throws org.rootgrad.error.DimensionMismatchException if a length is wrong or count exceeds indices
     * @throws org.rootgrad.error.InvalidOptionException     before the first {@link #linearize}
     */
    default void hessianVectorOnSubset(int[] indices, int count, double[] v, double[] out) {
        hessianVector(v, out);
    }

    /**
     * out ← diag(∇²ₓₓf) at the point of {@link #linearize}: for a Jacobi-like scaling of the
     * implicit Hessian solve. The linear models compute it in one pass over the data,
     * Σᵢ φᵢ″(aᵢᵀw)·A_ij²/n (+ λ); the default takes n Hessian products (and allocates two
     * vectors): override it where that is too slow.
     *
     * @throws org.rootgrad.error.DimensionMismatchException if out is not of length n
     * @throws org.rootgrad.error.InvalidOptionException     before the first {@link #linearize}
     */
    default void hessianDiagonal(double[] out) {
        int n = dimension();
        org.rootgrad.error.Checks.length("out", out, n);
        double[] unit = new double[n];
        double[] column = new double[n];
        for (int j = 0; j < n; j++) {
            unit[j] = 1;
            hessianVector(unit, column);
            out[j] = column[j];
            unit[j] = 0;
        }
    }

    @Override
    CoordinateObjective fork();
}
