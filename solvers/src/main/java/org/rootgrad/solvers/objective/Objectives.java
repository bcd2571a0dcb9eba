package org.rootgrad.solvers.objective;

import org.rootgrad.autodiff.Objective;
import org.rootgrad.error.Checks;

/**
 * Hand-written objectives of linear models on the engine's one-pass loss kernels: value and
 * gradient in one pass over X, Hessian-vector products in one pass from what
 * {@link Objective#linearize} stores, mixed products with the regularisation strength in O(p).
 * Each has a tape twin in {@link TapeObjectives} with the same parameterisation.
 *
 * <p><b>Parameterisation.</b> X is rows × features, row-major; w has length features, plus one
 * trailing intercept b when {@code intercept} is set (then the model is Xw + b and b is never
 * penalised). Where θ = [λ] it is the L2 strength, λ ≥ 0:
 * <table>
 *   <caption>Objectives</caption>
 *   <tr><th>factory</th><th>f(w, θ)</th><th>θ</th></tr>
 *   <tr><td>leastSquares</td><td>(1/(2n))‖Xw − y‖² (JAXopt's least_squares)</td><td>none</td></tr>
 *   <tr><td>ridge</td><td>(1/n)‖Xw − y‖² + (λ/2)‖w‖² (the seed's mean((Xw − y)²) + ½λ‖w‖²; JAXopt's
 *       ridge_regression halves the first term)</td><td>[λ]</td></tr>
 *   <tr><td>binaryLogistic(L2)</td><td>(1/n)Σ log(1 + exp(−yᵢxᵢᵀw)) (+ (λ/2)‖w‖²), yᵢ ∈ {−1, +1}
 *       (JAXopt uses {0, 1}: y = 2·label − 1)</td><td>none / [λ]</td></tr>
 *   <tr><td>multiclassLogistic(L2)</td><td>(1/n)Σ [logΣ_c exp(zᵢc) − zᵢ,labelᵢ], zᵢ = Wᵀxᵢ
 *       (+ (λ/2)‖W‖²); W is features × k row-major, the intercept row last</td><td>none / [λ]</td></tr>
 *   <tr><td>huber(L2)</td><td>(1/n)Σ h_δ(xᵢᵀw − yᵢ) (+ (λ/2)‖w‖²), h_δ(r) = r²/2 for |r| &lt; δ,
 *       δ(|r| − δ/2) otherwise</td><td>none / [λ]</td></tr>
 *   <tr><td>multiclassSvmDual</td><td>(1/(2λ))‖Xᵀ(Y − β)‖² + ⟨β, Y − 1⟩ over rows of β on the simplex
 *       ({@link MulticlassSvmDual})</td><td>[λ], λ &gt; 0</td></tr>
 * </table>
 * With these, lasso is {@code leastSquares} plus {@link org.rootgrad.solvers.prox.Prox#lasso}:
 * (1/(2n))‖Xw − y‖² + λ‖w‖₁.
 *
 * <p><b>Data.</b> Checked once here: lengths ({@link org.rootgrad.error.DimensionMismatchException}
 * naming the argument), finite X and targets ({@link org.rootgrad.error.NonFiniteException}), labels
 * in range and δ &gt; 0 ({@link org.rootgrad.error.InvalidOptionException}). X is held by reference
 * without an intercept (do not modify it afterwards) and copied with one column of ones appended
 * with it; targets and labels are copied. Every call checks its own lengths and λ ≥ 0 (O(1)).
 *
 * <p>The objectives hold scratch buffers and their linearisation point: one per thread,
 * {@code fork()} for another (sharing the data). Nothing allocates per call after construction;
 * the first {@link CoordinateObjective#startCoordinates} allocates the coordinate state and the
 * shared column-major copy of X.
 */
public final class Objectives {
    private Objectives() {}

    /** (1/(2n))‖Xw (+ b) − y‖²; no θ. */
    public static CoordinateObjective leastSquares(double[] x, int rows, int features, double[] y,
                                                   boolean intercept) {
        LinearData data = LinearData.of(x, rows, features, intercept);
        data.checkTargets("y", y);
        return new SquaredLossObjective("least squares", data, y.clone(), 0.5, false);
    }

    /** (1/n)‖Xw (+ b) − y‖² + (λ/2)‖w‖²; θ = [λ]. */
    public static CoordinateObjective ridge(double[] x, int rows, int features, double[] y,
                                            boolean intercept) {
        LinearData data = LinearData.of(x, rows, features, intercept);
        data.checkTargets("y", y);
        return new SquaredLossObjective("ridge regression", data, y.clone(), 1.0, true);
    }

    /** (1/n)Σ log(1 + exp(−yᵢ(xᵢᵀw (+ b)))), labels ±1; no θ. */
    public static CoordinateObjective binaryLogistic(double[] x, int rows, int features, double[] labels,
                                                     boolean intercept) {
        LinearData data = LinearData.of(x, rows, features, intercept);
        data.checkSignLabels(labels);
        return new LogisticObjective("binary logistic regression", data, labels.clone(), false);
    }

    /** The binary logistic loss + (λ/2)‖w‖²; θ = [λ]. */
    public static CoordinateObjective binaryLogisticL2(double[] x, int rows, int features, double[] labels,
                                                       boolean intercept) {
        LinearData data = LinearData.of(x, rows, features, intercept);
        data.checkSignLabels(labels);
        return new LogisticObjective("L2 binary logistic regression", data, labels.clone(), true);
    }

    /** Mean softmax cross-entropy of Wᵀxᵢ (+ b), W features × k (+ a bias row); no θ. */
    public static Objective multiclassLogistic(double[] x, int rows, int features, int[] labels,
                                               int classes, boolean intercept) {
        LinearData data = LinearData.of(x, rows, features, intercept);
        data.checkClassLabels(labels, classes);
        return new SoftmaxObjective("multiclass logistic regression", data, labels.clone(), classes, false);
    }

    /** The multiclass logistic loss + (λ/2)‖W‖² (bias row excluded); θ = [λ]. */
    public static Objective multiclassLogisticL2(double[] x, int rows, int features, int[] labels,
                                                 int classes, boolean intercept) {
        LinearData data = LinearData.of(x, rows, features, intercept);
        data.checkClassLabels(labels, classes);
        return new SoftmaxObjective("L2 multiclass logistic regression", data, labels.clone(), classes, true);
    }

    /** (1/n)Σ h_δ(xᵢᵀw (+ b) − yᵢ); no θ. */
    public static CoordinateObjective huber(double[] x, int rows, int features, double[] y, double delta,
                                            boolean intercept) {
        LinearData data = LinearData.of(x, rows, features, intercept);
        data.checkTargets("y", y);
        Checks.positive("Huber threshold delta", delta);
        return new HuberObjective("Huber regression", data, y.clone(), delta, false);
    }

    /** Huber regression + (λ/2)‖w‖²; θ = [λ]. */
    public static CoordinateObjective huberL2(double[] x, int rows, int features, double[] y, double delta,
                                              boolean intercept) {
        LinearData data = LinearData.of(x, rows, features, intercept);
        data.checkTargets("y", y);
        Checks.positive("Huber threshold delta", delta);
        return new HuberObjective("L2 Huber regression", data, y.clone(), delta, true);
    }

    /** The multiclass linear SVM dual over β (rows × k); θ = [λ], λ &gt; 0. */
    public static MulticlassSvmDual multiclassSvmDual(double[] x, int rows, int features, int[] labels,
                                                      int classes) {
        LinearData data = LinearData.of(x, rows, features, false);
        data.checkClassLabels(labels, classes);
        return new MulticlassSvmDual(data, labels.clone(), classes);
    }
}
