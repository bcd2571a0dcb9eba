/**
 * The objective library: losses of linear models written by hand on the engine's one-pass loss
 * kernels ({@link org.rootgrad.solvers.objective.Objectives}), the same functions recorded on the
 * tape ({@link org.rootgrad.solvers.objective.TapeObjectives}), the multiclass SVM dual
 * ({@link org.rootgrad.solvers.objective.MulticlassSvmDual}) and the coordinate interface that
 * coordinate descent updates in O(rows) per move
 * ({@link org.rootgrad.solvers.objective.CoordinateObjective}).
 *
 * <p>Parameterisations (n rows; w has a trailing intercept when asked for; θ = [λ] for the L2
 * variants, never penalising the intercept): least squares (1/2n)‖Xw − y‖²; ridge
 * (1/n)‖Xw − y‖² + (λ/2)‖w‖²; binary logistic (1/n)Σ log(1 + exp(−yᵢxᵢᵀw)) with yᵢ = ±1;
 * multiclass logistic, the mean softmax cross-entropy of Wᵀxᵢ; Huber (1/n)Σ h_δ(xᵢᵀw − yᵢ);
 * the SVM dual (1/(2λ))‖Xᵀ(Y − β)‖² + ⟨β, Y − 1⟩. The lasso is least squares with
 * {@link org.rootgrad.solvers.prox.Prox#lasso}: (1/2n)‖Xw − y‖² + λ‖w‖₁.
 *
 * <p>Objectives are per thread ({@code fork()} shares the data); the factories and the tape
 * functions are shareable.
 */
package org.rootgrad.solvers.objective;
