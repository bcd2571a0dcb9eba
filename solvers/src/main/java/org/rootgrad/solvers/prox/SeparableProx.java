package org.rootgrad.solvers.prox;

import org.rootgrad.solvers.projection.Projection;

/**
 * A separable g(x, θ) = Σᵢ gᵢ(xᵢ, θ), whose prox acts coordinate by coordinate: what coordinate
 * descent needs to update one coordinate in O(1), with the coordinate's derivatives for
 * differentiating the updates. Each factory matches a {@link Prox} factory of the same name
 * (same θ layout, same values, same choice at kinks: the thresholded piece, the active bound),
 * returned by {@link #prox()} for the whole-vector uses (the optimality condition).
 *
 * <p>All coordinate methods take the coordinate's prox input v, θ and the step η &gt; 0; they
 * neither check nor allocate (call {@link #checkParameters} once per run). Immutable and
 * shareable between threads.
 */
public interface SeparableProx {

    /** n: the number of coordinates. */
    int dimension();

    /** k: the number of parameters θ. */
    int parameterDimension();

    /** A new whole-vector prox of the same g (per thread, like every {@link Prox}). */
    Prox prox();

    /**
     * Validates θ as {@link #prox()} would (length, finiteness, range).
     *
     * @throws org.rootgrad.error.DimensionMismatchException if the length is wrong
     * @throws org.rootgrad.error.NonFiniteException         if a strength or bound is NaN
     * @throws org.rootgrad.error.InvalidOptionException     if a strength is negative or a box empty
     */
    void checkParameters(double[] theta);

    /** prox_{ηgᵢ}(v). */
    double applyCoordinate(int i, double v, double[] theta, double step);

    /** ∂prox_{ηgᵢ}(v)/∂v. */
    double coordinateDerivative(int i, double v, double[] theta, double step);

    /** ⟨∂prox_{ηgᵢ}(v)/∂θ, θ̇⟩. */
    double coordinateJvpTheta(int i, double v, double[] theta, double step, double[] thetaDot);

    /** thetaBar ← thetaBar + w·∂prox_{ηgᵢ}(v)/∂θ. */
    void coordinateVjpTheta(int i, double v, double[] theta, double step, double w, double[] thetaBar);

    // ---- factories, matching Prox's ------------------------------------------------------------

    /** g = 0; k = 0. */
    static SeparableProx none(int n) {
        return new ScalarProx(ScalarProx.Kind.NONE, n);
    }

    /** g = λ‖x‖₁; θ = [λ] ({@link Prox#lasso(int)}). */
    static SeparableProx lasso(int n) {
        return new ScalarProx(ScalarProx.Kind.LASSO, n);
    }

    /** g = Σλᵢ|xᵢ|; θ = λ ∈ Rⁿ ({@link Prox#lassoPerCoordinate}). */
    static SeparableProx lassoPerCoordinate(int n) {
        return new ScalarProx(ScalarProx.Kind.LASSO_PER_COORDINATE, n);
    }

    /** g = λΣxᵢ + ι(x ≥ 0); θ = [λ] ({@link Prox#nonNegativeLasso}). */
    static SeparableProx nonNegativeLasso(int n) {
        return new ScalarProx(ScalarProx.Kind.NON_NEGATIVE_LASSO, n);
    }

    /** g = λ₁‖x‖₁ + (λ₂/2)‖x‖²; θ = [λ₁, λ₂] ({@link Prox#elasticNet}). */
    static SeparableProx elasticNet(int n) {
        return new ScalarProx(ScalarProx.Kind.ELASTIC_NET, n);
    }

    /** g = (λ/2)‖x‖²; θ = [λ] ({@link Prox#ridge}). */
    static SeparableProx ridge(int n) {
        return new ScalarProx(ScalarProx.Kind.RIDGE, n);
    }

    /** The indicator of x ≥ 0; k = 0 ({@link Prox#of}({@link Projection#nonNegative})). */
    static SeparableProx nonNegative(int n) {
        return new ScalarProx(ScalarProx.Kind.NON_NEGATIVE, n);
    }

    /** The indicator of lower ≤ x ≤ upper; θ = [lower, upper] ({@link Prox#of}({@link Projection#box})). */
    static SeparableProx box(int n) {
        return new ScalarProx(ScalarProx.Kind.BOX, n);
    }
}
