package org.rootgrad.solvers.objective;

import org.rootgrad.autodiff.Objective;
import org.rootgrad.engine.ArrayKernels;
import org.rootgrad.engine.MatrixKernels;
import org.rootgrad.error.Checks;
import org.rootgrad.error.InvalidOptionException;
import org.rootgrad.error.NonFiniteException;
import org.rootgrad.solvers.projection.Projection;

/**
 * The dual of the multiclass linear SVM (Crammer–Singer, without intercept), as JAXopt's
 * {@code multiclass_linear_svm_dual}: for X (n×p), one-hot labels Y (n×k) and the dual variable
 * β (n×k, row-major, flattened),
 * <pre>
 *   f(β; λ) = (1/(2λ))‖Xᵀ(Y − β)‖²_F + ⟨β, Y − 1⟩,   θ = [λ], λ &gt; 0,
 * </pre>
 * to be minimised with every row of β on the probability simplex ({@link #constraint()}). The
 * primal weights are W = Xᵀ(Y − β)/λ ({@link #primalWeights}). ∇f = −(1/λ)XV + Y − 1 with
 * V = Xᵀ(Y − β); the Hessian is XXᵀ⊗I/λ (applied as X(XᵀD)/λ, two gemms) and
 * ∂(∇f)/∂λ = XV/λ².
 *
 * <p>Validation: lengths and the range of λ at every call (O(1)); X finite and labels in
 * [0, k) at construction. X is held by reference. Not thread-safe (scratch matrices):
 * {@link #fork()} for another thread.
 */
public final class MulticlassSvmDual implements Objective {
    private static final ArrayKernels K = ArrayKernels.active();
    private static final MatrixKernels M = MatrixKernels.active();

    private final LinearData data;
    private final int[] labels;
    private final int n;
    private final int p;
    private final int k;
    private final int size;
    /** (Y − β) scratch, n×k. */
    private final double[] residual;
    /** V = Xᵀ(Y − β), p×k. */
    private final double[] v;
    /** X·V at the linearisation point, n×k. */
    private final double[] xv;
    private final double[] hessianScratch;
    private double pointLambda;
    private boolean linearized;

    MulticlassSvmDual(LinearData data, int[] labels, int classes) {
        this.data = data;
        this.labels = labels;
        this.n = data.rows;
        this.p = data.cols;
        this.k = classes;
        this.size = n * classes;
        this.residual = new double[size];
        this.v = new double[p * classes];
        this.xv = new double[size];
        this.hessianScratch = new double[p * classes];
    }

    /** The number of samples n. */
    public int samples() {
        return n;
    }

    /** The number of classes k. */
    public int classes() {
        return k;
    }

    /**
     * The feasible set: every row of β (n×k) on the simplex {x ≥ 0, Σx = s}, as
     * {@link Projection#simplexRows}(n, k) with θ = [s]; the SVM dual needs s = 1, so a projected
     * gradient solver on this objective takes θ = [λ, 1]. A new instance per call.
     */
    public Projection constraint() {
        return Projection.simplexRows(n, k);
    }

    @Override
    public int dimension() {
        return size;
    }

    @Override
    public int parameterDimension() {
        return 1;
    }

    private static double lambda(double[] theta) {
        Checks.length("theta", theta, 1);
        return checkLambda(theta[0]);
    }

    private static double checkLambda(double lambda) {
        if (!Double.isFinite(lambda)) {
            throw new NonFiniteException("theta", 0, lambda);
        }
        if (!(lambda > 0)) {
            throw InvalidOptionException.of("SVM regularisation λ (theta[0])", lambda, "> 0");
        }
        return lambda;
    }

    /** V ← Xᵀ(Y − β) and returns ⟨β, Y − 1⟩. */
    private double dualVariables(double[] beta) {
        double linear = 0;
        for (int i = 0; i < n; i++) {
            int row = i * k;
            int label = labels[i];
            for (int c = 0; c < k; c++) {
                double b = beta[row + c];
                double y = c == label ? 1.0 : 0.0;
                residual[row + c] = y - b;
                linear += b * (y - 1.0);
            }
        }
        M.gemm(true, false, p, k, n, 1.0, data.x, 0, p, residual, 0, k, 0.0, v, 0, k);
        return linear;
    }

    @Override
    public double value(double[] beta, double[] theta) {
        Checks.length("beta", beta, size);
        double lambda = lambda(theta);
        double linear = dualVariables(beta);
        return 0.5 / lambda * K.dot(p * k, v, 0, v, 0) + linear;
    }

    @Override
    public double valueAndGradient(double[] beta, double[] theta, double[] gradient) {
        Checks.length("beta", beta, size);
        Checks.length("gradient", gradient, size);
        double lambda = lambda(theta);
        double linear = dualVariables(beta);
        K.fill(size, -1.0, gradient, 0);
        for (int i = 0; i < n; i++) {
            gradient[i * k + labels[i]] = 0.0;
        }
        M.gemm(false, false, n, k, p, -1.0 / lambda, data.x, 0, p, v, 0, k, 1.0, gradient, 0, k);
        return 0.5 / lambda * K.dot(p * k, v, 0, v, 0) + linear;
    }

    @Override
    public void linearize(double[] beta, double[] theta) {
        Checks.length("beta", beta, size);
        double lambda = lambda(theta);
        linearized = false;
        dualVariables(beta);
        M.gemm(false, false, n, k, p, 1.0, data.x, 0, p, v, 0, k, 0.0, xv, 0, k);
        pointLambda = lambda;
        linearized = true;
    }

    private void requireLinearized() {
        if (!linearized) {
            throw new InvalidOptionException("multiclass SVM dual: second-order products need a point: call linearize(β, θ) first");
        }
    }

    /** out ← X(XᵀD)/λ. */
    @Override
    public void hessianVector(double[] direction, double[] out) {
        requireLinearized();
        Checks.length("v", direction, size);
        Checks.length("out", out, size);
        M.gemm(true, false, p, k, n, 1.0, data.x, 0, p, direction, 0, k, 0.0, hessianScratch, 0, k);
        M.gemm(false, false, n, k, p, 1.0 / pointLambda, data.x, 0, p, hessianScratch, 0, k, 0.0, out, 0, k);
    }

    /** out ← u₀·XV/λ². */
    @Override
    public void mixedVector(double[] u, double[] out) {
        requireLinearized();
        Checks.length("u", u, 1);
        Checks.length("out", out, size);
        K.copy(size, xv, 0, out, 0);
        K.scal(size, u[0] / (pointLambda * pointLambda), out, 0);
    }

    /** out₀ ← ⟨XV, w⟩/λ². */
    @Override
    public void mixedTransposeVector(double[] w, double[] out) {
        requireLinearized();
        Checks.length("w", w, size);
        Checks.length("out", out, 1);
        out[0] = K.dot(size, xv, 0, w, 0) / (pointLambda * pointLambda);
    }

    /**
     * The primal weights W = Xᵀ(Y − β)/λ (p×k, row-major) of a dual point β.
     *
     * @throws org.rootgrad.error.DimensionMismatchException if a length is wrong
     * @throws InvalidOptionException if λ ≤ 0
     */
    public void primalWeights(double[] beta, double lambda, double[] weights) {
        Checks.length("beta", beta, size);
        Checks.length("weights", weights, p * k);
        checkLambda(lambda);
        dualVariables(beta);
        K.copy(p * k, v, 0, weights, 0);
        K.scal(p * k, 1.0 / lambda, weights, 0);
    }

    @Override
    public MulticlassSvmDual fork() {
        return new MulticlassSvmDual(data, labels, k);
    }

    @Override
    public String toString() {
        return "multiclass SVM dual (" + n + " samples, " + p + " features, " + k + " classes, θ = [λ])";
    }
}
