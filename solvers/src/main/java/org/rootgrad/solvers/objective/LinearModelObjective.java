package org.rootgrad.solvers.objective;

import org.rootgrad.engine.ArrayKernels;
import org.rootgrad.engine.LossKernels;
import org.rootgrad.engine.MatrixKernels;
import org.rootgrad.engine.SinglePrecisionRows;
import org.rootgrad.error.Checks;
import org.rootgrad.error.DimensionMismatchException;
import org.rootgrad.error.InvalidOptionException;

/**
 * f(w, θ) = (1/n) Σᵢ φᵢ(aᵢᵀw) + (λ/2)‖w_pen‖² for a linear model with rows aᵢ of the design
 * matrix A (X with the optional intercept column) and a per-sample loss φᵢ: the checks, the
 * ridge term, and the whole {@link CoordinateObjective} machinery, which needs only φ′, φ″ on the
 * sample vector z = Aw and a bound on φ″. Subclasses write value, gradient and Hessian products
 * on the one-pass {@link org.rootgrad.engine.LossKernels}.
 *
 * <p>Coordinate state: z = Ax (residual-like, kept under updates), φ′(z) and φ″(z) recomputed
 * lazily after a move; the tangent keeps ż = Aẋ; the adjoint keeps x̄ = x̄ₑ + Aᵀz̄ with a sample
 * space part z̄, so adding c·∇ₓ(∂ⱼf) = (c/n)·Aᵀ(φ″∘Aⱼ) + cλeⱼ costs O(rows).
 */
abstract class LinearModelObjective implements CoordinateObjective {
    static final ArrayKernels K = ArrayKernels.active();
    static final MatrixKernels M = MatrixKernels.active();

    final String name;
    final LinearData data;
    final int n;
    final int d;
    final L2Penalty penalty;
    final double inverseRows;

    /**
     * Xᵀ (the column-major copy that the coordinate methods share) where X is
     * {@link LossKernels#narrow narrow}, for the column-major loss and Hessian kernels; else null.
     */
    final double[] transposed;
    /** The column-major kernels' work array ({@link LossKernels#columnsWorkLength}), or null. */
    final double[] columnsWork;

    private final double[] point;
    private double pointLambda;
    private boolean linearized;

    // coordinate state, allocated by the first startCoordinates
    private double[] columns;
    private double[] columnSquaredNorms;
    private double[] cx;
    private double[] z;
    private double[] first;
    private double[] second;
    private double[] scratch;
    private boolean firstStale;
    private boolean secondStale;
    private double coordinateLambda;
    private double[] cxDot;
    private double[] zDot;
    private double lambdaDot;
    private double[] xBar;
    private double[] zBar;
    /** Sample-space scratch of {@link #hessianVectorOnSubset}, made on its first call. */
    private double[] subsetSamples;
    /** The work array of the single-precision Hessian products, made on their first call. */
    private float[] singlePrecisionWork;

    LinearModelObjective(String name, LinearData data, boolean l2) {
        this.name = name;
        this.data = data;
        this.n = data.rows;
        this.d = data.cols;
        this.penalty = new L2Penalty(l2, data.features);
        this.inverseRows = 1.0 / data.rows;
        this.point = new double[d];
        this.transposed = LossKernels.narrow(d) ? data.columns() : null;
        this.columnsWork = transposed != null ? new double[LossKernels.columnsWorkLength(n)] : null;
    }

    // ---- the loss part, written by subclasses (arguments already checked) ----------------------

    /** (1/n) Σ φᵢ(aᵢᵀw). */
    abstract double lossValue(double[] w);

    /** Overwrites g with the loss gradient and returns the loss. */
    abstract double lossValueAndGradient(double[] w, double[] g);

    /** Stores what loss Hessian products at w need. */
    abstract void lossLinearize(double[] w);

    /** out ← ∇²loss·v at the linearisation point. */
    abstract void lossHessianVector(double[] v, double[] out);

    /** out ← ∇²loss·v at the linearisation point from the single-precision rows. */
    abstract void lossSinglePrecisionHessianVector(SinglePrecisionRows rows, double[] v, double[] out, float[] work);

    /**
     * out ← ∇²loss (d×d, row-major) at the linearisation point and true, or false when the loss
     * does not form its Hessian (the default).
     */
    boolean lossHessian(double[] out) {
        return false;
    }

    /**
     * out ← the loss Hessian (d×d, row-major) at the linearisation point from the single-precision
     * rows, and true; false where the loss does not form it so (the default).
     */
    boolean lossSinglePrecisionHessian(SinglePrecisionRows rows, double[] out) {
        return false;
    }

    /** What {@link #lossSinglePrecisionHessian} costs in loss Hessian-vector products; +∞ where it does not form it. */
    double lossSinglePrecisionHessianCost() {
        return Double.POSITIVE_INFINITY;
    }

    /**
     * t ← c∘t with c the per-sample weights of the loss Hessian at the linearisation point
     * (∇²loss = Aᵀdiag(c)A): what {@link #hessianVectorOnSubset} needs.
     */
    abstract void scaleByCurvature(double[] t);

    /** out ← φᵢ′(zᵢ) for every sample. */
    abstract void sampleFirstDerivatives(double[] z, double[] out);

    /** out ← φᵢ″(zᵢ) for every sample. */
    abstract void sampleSecondDerivatives(double[] z, double[] out);

    /** sup φ″ over samples and arguments. */
    abstract double curvatureBound();

    /** A new instance on the same data, for {@link #fork()}. */
    abstract LinearModelObjective copy();

    // ---- Objective --------------------------------------------------------------------------

    @Override
    public final int dimension() {
        return d;
    }

    @Override
    public final int parameterDimension() {
        return penalty.parameterDimension();
    }

    @Override
    public final double value(double[] w, double[] theta) {
        Checks.length("w", w, d);
        double lambda = penalty.lambda(theta);
        return lossValue(w) + penalty.value(lambda, w);
    }

    @Override
    public final double valueAndGradient(double[] w, double[] theta, double[] gradient) {
        Checks.length("w", w, d);
        Checks.length("gradient", gradient, d);
        double lambda = penalty.lambda(theta);
        double v = lossValueAndGradient(w, gradient);
        penalty.addScaled(lambda, w, gradient);
        return v + penalty.value(lambda, w);
    }

    @Override
    public final void linearize(double[] w, double[] theta) {
        Checks.length("w", w, d);
        double lambda = penalty.lambda(theta);
        linearized = false;
        System.arraycopy(w, 0, point, 0, d);
        pointLambda = lambda;
        lossLinearize(w);
        linearized = true;
    }

    private void requireLinearized() {
        if (!linearized) {
            throw new InvalidOptionException(name + ": second-order products need a point: call linearize(w, θ) first");
        }
    }

    @Override
    public final void hessianVector(double[] v, double[] out) {
        requireLinearized();
        Checks.length("v", v, d);
        Checks.length("out", out, d);
        lossHessianVector(v, out);
        penalty.addScaled(pointLambda, v, out);
    }

    /**
     * The Hessian product of {@link #hessianVector} on the single-precision copy of A (made on
     * the first call and shared by forks: 4 bytes an entry), for the least
     * squares, logistic and Huber losses; the penalty is added in double.
     */
    @Override
    public final boolean singlePrecisionHessianVector(double[] v, double[] out) {
        requireLinearized();
        Checks.length("v", v, d);
        Checks.length("out", out, d);
        SinglePrecisionRows rows = data.singlePrecisionRows();
        if (singlePrecisionWork == null) {
            singlePrecisionWork = new float[LossKernels.gramVectorWorkLength(rows)];
        }
        lossSinglePrecisionHessianVector(rows, v, out, singlePrecisionWork);
        penalty.addScaled(pointLambda, v, out);
        return true;
    }

    /**
     * The dense Hessian Aᵀdiag(c)A + λI_pen in one weighted Gram product (n·d² flops; for least
     * squares a Gram matrix computed once and copied), where the loss forms it: least squares,
     * ridge, logistic and Huber regression.
     */
    @Override
    public final boolean hessian(double[] out) {
        requireLinearized();
        Checks.length("out", out, d * d);
        if (!lossHessian(out)) {
            return false;
        }
        addPenaltyDiagonal(out);
        return true;
    }

    /** out (d×d) += λI_pen at the linearisation point. */
    private void addPenaltyDiagonal(double[] out) {
        if (penalty.active) {
            for (int j = 0; j < penalty.penalised; j++) {
                out[j * d + j] += pointLambda;
            }
        }
    }

    /**
     * The Hessian of {@link #hessian} with the loss part from the single-precision copy of A (made
     * on the first call and shared by forks: 4 bytes an entry), where the loss forms it: the
     * logistic and Huber losses (least squares forms its exact Hessian by a copy). The penalty's
     * diagonal is added in double.
     */
    @Override
    public final boolean singlePrecisionHessian(double[] out) {
        requireLinearized();
        Checks.length("out", out, d * d);
        if (!(lossSinglePrecisionHessianCost() < Double.POSITIVE_INFINITY)
                || !lossSinglePrecisionHessian(data.singlePrecisionRows(), out)) {
            return false;
        }
        addPenaltyDiagonal(out);
        return true;
    }

    @Override
    public final double singlePrecisionHessianCost() {
        return lossSinglePrecisionHessianCost();
    }

    /** {@link #lossHessianCost()}: the penalty's diagonal is free by comparison. */
    @Override
    public final double hessianCost() {
        return lossHessianCost();
    }

    /**
     * What {@link #lossHessian} costs in loss Hessian-vector products (2·rows·d multiply-adds
     * each); +∞ where it does not form the Hessian.
     */
    double lossHessianCost() {
        return Double.POSITIVE_INFINITY;
    }

    /** (Aᵀdiag(c)A v)_S from the columns of A in S: 2·rows·|S| flops. */
    @Override
    public final void hessianVectorOnSubset(int[] indices, int count, double[] v, double[] out) {
        requireLinearized();
        Checks.length("v", v, d);
        Checks.length("out", out, d);
        if (indices == null || count < 0 || count > indices.length) {
            throw new DimensionMismatchException("indices must hold count = " + count + " entries, has "
                    + (indices == null ? "none (null)" : indices.length));
        }
        double[] cols = data.columns();
        if (subsetSamples == null) {
            subsetSamples = new double[n];
        }
        double[] t = subsetSamples;
        K.fill(n, 0.0, t, 0);
        for (int a = 0; a < count; a++) {
            int j = indices[a];
            if (v[j] != 0) {
                K.axpy(n, v[j], cols, j * n, t, 0);
            }
        }
        scaleByCurvature(t);
        for (int a = 0; a < count; a++) {
            int j = indices[a];
            double s = K.dot(n, cols, j * n, t, 0);
            out[j] = penalisedCoordinate(j) ? s + pointLambda * v[j] : s;
        }
    }

    /**
     * Σᵢ cᵢ·A_ij² (+ λ on penalised coordinates): one pass over the rows of A, each row's squares
     * added to all d sums at once (no column-major copy of the data).
     */
    @Override
    public final void hessianDiagonal(double[] out) {
        requireLinearized();
        Checks.length("out", out, d);
        if (subsetSamples == null) {
            subsetSamples = new double[n];
        }
        double[] c = subsetSamples;
        K.fill(n, 1.0, c, 0);
        scaleByCurvature(c);
        double[] a = data.x;
        K.fill(d, 0.0, out, 0);
        for (int i = 0; i < n; i++) {
            double ci = c[i];
            int row = i * d;
            for (int j = 0; j < d; j++) {
                double aij = a[row + j];
                out[j] += ci * aij * aij;
            }
        }
        for (int j = 0; j < d; j++) {
            if (penalisedCoordinate(j)) {
                out[j] += pointLambda;
            }
        }
    }

    @Override
    public final void mixedVector(double[] u, double[] out) {
        requireLinearized();
        penalty.checkParameterVector("u", u);
        Checks.length("out", out, d);
        penalty.mixedVector(point, u, out);
    }

    @Override
    public final void mixedTransposeVector(double[] w, double[] out) {
        requireLinearized();
        Checks.length("w", w, d);
        penalty.checkParameterVector("out", out);
        penalty.mixedTransposeVector(point, w, out);
    }

    @Override
    public final CoordinateObjective fork() {
        return copy();
    }

    // ---- coordinates ------------------------------------------------------------------------

    @Override
    public final void startCoordinates(double[] x, double[] theta) {
        Checks.length("x", x, d);
        double lambda = penalty.lambda(theta);
        if (cx == null) {
            columns = data.columns();
            columnSquaredNorms = data.columnSquaredNorms();
            cx = new double[d];
            z = new double[n];
            first = new double[n];
            second = new double[n];
            scratch = new double[n];
            cxDot = new double[d];
            zDot = new double[n];
            xBar = new double[d];
            zBar = new double[n];
        }
        coordinateLambda = lambda;
        System.arraycopy(x, 0, cx, 0, d);
        M.gemv(n, d, 1.0, data.x, 0, d, x, 0, 0.0, z, 0);
        firstStale = true;
        secondStale = true;
    }

    private boolean penalisedCoordinate(int j) {
        return penalty.active && j < penalty.penalised;
    }

    @Override
    public final double coordinateGradient(int j) {
        requireCoordinates();
        if (firstStale) {
            sampleFirstDerivatives(z, first);
            firstStale = false;
        }
        double g = K.dot(n, columns, j * n, first, 0) * inverseRows;
        return penalisedCoordinate(j) ? g + coordinateLambda * cx[j] : g;
    }

    @Override
    public final double coordinateLipschitz(int j) {
        requireCoordinates();
        double l = curvatureBound() * columnSquaredNorms[j] * inverseRows;
        return penalisedCoordinate(j) ? l + coordinateLambda : l;
    }

    @Override
    public final void updateCoordinate(int j, double delta) {
        requireCoordinates();
        cx[j] += delta;
        K.axpy(n, delta, columns, j * n, z, 0);
        firstStale = true;
        secondStale = true;
    }

    private void requireCoordinates() {
        if (cx == null) {
            throw new InvalidOptionException(name + ": call startCoordinates(x, θ) first");
        }
    }

    @Override
    public final void startTangent(double[] xDot, double[] thetaDot) {
        requireCoordinates();
        Checks.length("xDot", xDot, d);
        penalty.checkParameterVector("thetaDot", thetaDot);
        System.arraycopy(xDot, 0, cxDot, 0, d);
        M.gemv(n, d, 1.0, data.x, 0, d, xDot, 0, 0.0, zDot, 0);
        lambdaDot = penalty.active ? thetaDot[0] : 0.0;
    }

    private void ensureSecond() {
        if (secondStale) {
            sampleSecondDerivatives(z, second);
            secondStale = false;
        }
    }

    @Override
    public final double coordinateGradientTangent(int j) {
        requireCoordinates();
        ensureSecond();
        K.mul(n, second, 0, zDot, 0, scratch, 0);
        double t = K.dot(n, columns, j * n, scratch, 0) * inverseRows;
        return penalisedCoordinate(j) ? t + coordinateLambda * cxDot[j] + lambdaDot * cx[j] : t;
    }

    @Override
    public final void updateTangent(int j, double deltaDot) {
        requireCoordinates();
        cxDot[j] += deltaDot;
        K.axpy(n, deltaDot, columns, j * n, zDot, 0);
    }

    @Override
    public final void copyTangent(double[] out) {
        requireCoordinates();
        Checks.length("out", out, d);
        System.arraycopy(cxDot, 0, out, 0, d);
    }

    @Override
    public final void startAdjoint(double[] xBarStart) {
        requireCoordinates();
        Checks.length("xBar", xBarStart, d);
        System.arraycopy(xBarStart, 0, xBar, 0, d);
        K.fill(n, 0.0, zBar, 0);
    }

    @Override
    public final double coordinateAdjoint(int j) {
        requireCoordinates();
        return xBar[j] + K.dot(n, columns, j * n, zBar, 0);
    }

    @Override
    public final void setCoordinateAdjoint(int j, double value) {
        requireCoordinates();
        xBar[j] = value - K.dot(n, columns, j * n, zBar, 0);
    }

    @Override
    public final void addGradientCoordinateAdjoint(int j, double c, double[] thetaBar) {
        requireCoordinates();
        ensureSecond();
        double s = c * inverseRows;
        int col = j * n;
        for (int i = 0; i < n; i++) {
            zBar[i] += s * second[i] * columns[col + i];
        }
        if (penalisedCoordinate(j)) {
            xBar[j] += c * coordinateLambda;
            thetaBar[0] += c * cx[j];
        }
    }

    @Override
    public String toString() {
        return name + " (" + n + " rows, " + d + " weights" + (penalty.active ? ", θ = [λ]" : "") + ")";
    }
}
