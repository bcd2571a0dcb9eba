package org.rootgrad.engine;

import org.rootgrad.engine.internal.KernelProvider;
import org.rootgrad.engine.internal.RowSweepKernels;

/**
 * Unchecked one-pass kernels for the classic empirical losses of linear models, shared by the
 * tape's fused loss ops and by hand-written objectives so that both run the very same code.
 *
 * <p>Every kernel walks the data matrix X once. With the 512-bit Vector API kernels, the logistic,
 * least-squares and Gram kernels sweep X in blocks of 32 rows, groups of eight: the eight dot
 * products (sharing each load of w), the nonlinearity on the eight margins as one vector, then
 * the update with the block's rows while they are in L1, each column panel of the output held
 * in registers over the block; softmax goes group by group with one dot product and one update
 * per class. Otherwise X goes in blocks of rows small enough to stay in cache (a
 * matrix product for the block, the element-wise math on the block's margins or logits through
 * {@link ArrayKernels}, so that exp and log run vectorised, then the update) or row by row. That is what makes a fused
 * value-and-gradient cost about one pass over X. All losses are means
 * over the n rows. Matrices are row-major: row i of X starts at {@code xOff + i*ldx}; a weight
 * matrix W (p×k) is contiguous with leading dimension k. Blocked kernels take a {@code work}
 * array of {@link #logisticWorkLength} or {@link #softmaxWorkLength} elements.
 *
 * <ul>
 *   <li>binary logistic: L(w) = (1/n) Σᵢ log(1 + exp(−yᵢ·xᵢᵀw)), labels yᵢ (usually ±1);</li>
 *   <li>least squares: L(w) = (1/(2n)) Σᵢ (xᵢᵀw − bᵢ)²;</li>
 *   <li>softmax cross-entropy: L(W) = (1/n) Σᵢ [logΣ_c exp(zᵢc) − zᵢ,labelᵢ] with zᵢ = Wᵀxᵢ.</li>
 * </ul>
 *
 * <p>Like {@link ArrayKernels}, these kernels never check their arguments and never allocate;
 * outputs must not overlap inputs. Stateless and thread-safe; each call uses
 * {@link ArrayKernels#active()} and {@link MatrixKernels#active()} for its inner products.
 */
public final class LossKernels {
    private LossKernels() {}

    /** The fused row sweeps, or null where they are unavailable (see {@link KernelProvider}). */
    private static final RowSweepKernels SWEEPS = KernelProvider.ACTIVE_ROW_SWEEPS;

    // ---- binary logistic --------------------------------------------------------------------

    /** Rows per block: about 16 KiB of X, between 8 and 256 rows (never more than n). */
    static int blockRows(int n, int p) {
        int rows = Math.max(8, Math.min(256, 2048 / Math.max(1, p)));
        return Math.max(1, Math.min(n, rows));
    }

    /** Rows per softmax block: the packed matrix products amortise their packing over more rows. */
    static int softmaxBlockRows(int n, int p) {
        int rows = Math.max(8, Math.min(SOFTMAX_ROWS, SOFTMAX_ROWS * 64 / Math.max(1, p)));
        return Math.max(1, Math.min(n, rows));
    }

    static final int SOFTMAX_ROWS = 256;

    /** Length of the {@code work} array the logistic kernels need for an n×p matrix. */
    public static int logisticWorkLength(int n, int p) {
        return Math.max(RowSweepKernels.WORK, 2 * blockRows(n, p));
    }

    /**
     * Writes the block's negated margins uᵢ = −yᵢ·xᵢᵀw at {@code u} and their softplus at
     * {@code sp}, and returns Σ softplus(uᵢ) over the block.
     */
    private static double logisticBlock(int b, int p, double[] x, int rowOff, int ldx, double[] w,
                                        int wOff, double[] y, int yOff, double[] work, int u, int sp) {
        ArrayKernels k = ArrayKernels.active();
        MatrixKernels m = MatrixKernels.active();
        m.gemv(b, p, -1, x, rowOff, ldx, w, wOff, 0, work, u);
        k.mul(b, work, u, y, yOff, work, u);
        k.softplus(b, work, u, work, sp);
        return k.sum(b, work, sp);
    }

    /**
     * Returns the mean logistic loss (1/n) Σᵢ softplus(−yᵢ·xᵢᵀw) for X n×p and w, y of lengths p
     * and n. Accurate for any finite margin (no overflow of exp). {@code work} needs
     * {@link #logisticWorkLength}(n, p) elements.
     */
    public static double logisticLoss(int n, int p, double[] x, int xOff, int ldx,
                                      double[] w, int wOff, double[] y, int yOff,
                                      double[] work, int workOff) {
        if (SWEEPS != null) {
            return n == 0 ? 0 : SWEEPS.logistic(n, p, x, xOff, ldx, w, wOff, y, yOff, null, 0, null, 0, work, workOff)
                    * (1.0 / n);
        }
        int rows = blockRows(n, p);
        double sum = 0;
        for (int start = 0; start < n; start += rows) {
            int b = Math.min(rows, n - start);
            sum += logisticBlock(b, p, x, xOff + start * ldx, ldx, w, wOff, y, yOff + start,
                    work, workOff, workOff + rows);
        }
        return n == 0 ? 0 : sum * (1.0 / n); // as the fused pass, to the bit
    }

    /**
     * One pass over X: returns the mean logistic loss, overwrites {@code gradient} (length p) with
     * its gradient (1/n) Σᵢ −yᵢ σ(−yᵢmᵢ) xᵢ, where mᵢ = xᵢᵀw, and, when {@code curvature} is not
     * null, writes the Hessian row weights dᵢ = yᵢ² σ(−yᵢmᵢ)σ(yᵢmᵢ) / n (length n), so that
     * ∇²L = Xᵀ diag(d) X (see {@link #weightedGramVector}). {@code work} needs
     * {@link #logisticWorkLength}(n, p) elements.
     */
    public static double logisticLossGradient(int n, int p, double[] x, int xOff, int ldx,
                                              double[] w, int wOff, double[] y, int yOff,
                                              double[] gradient, int gradientOff,
                                              double[] curvature, int curvatureOff,
                                              double[] work, int workOff) {
        ArrayKernels k = ArrayKernels.active();
        MatrixKernels m = MatrixKernels.active();
        k.fill(p, 0, gradient, gradientOff);
        if (n == 0) {
            return 0;
        }
        double invN = 1.0 / n;
        if (SWEEPS != null) {
            return SWEEPS.logistic(n, p, x, xOff, ldx, w, wOff, y, yOff, gradient, gradientOff,
                    curvature, curvatureOff, work, workOff) * invN;
        }
        int rows = blockRows(n, p);
        int u = workOff;
        int s = workOff + rows;
        double sum = 0;
        for (int start = 0; start < n; start += rows) {
            int b = Math.min(rows, n - start);
            int rowOff = xOff + start * ldx;
            int yb = yOff + start;
            sum += logisticBlock(b, p, x, rowOff, ldx, w, wOff, y, yb, work, u, s);
            logisticSlopes(b, invN, y, yb, work, u, s, curvature, curvatureOff + start);
            m.gemvT(b, p, 1, x, rowOff, ldx, work, s, 1, gradient, gradientOff);
        }
        return sum * invN;
    }

    /**
     * From the negated margins uᵢ at work[u..u+count): work[s + i] ← ∂L/∂mᵢ = −yᵢσ(uᵢ)/n, and,
     * when {@code curvature} is not null, curvature[cOff + i] ← yᵢ²σ(uᵢ)σ(−uᵢ)/n (work[u..) is
     * overwritten).
     */
    private static void logisticSlopes(int count, double invN, double[] y, int yOff, double[] work, int u, int s,
                                       double[] curvature, int cOff) {
        ArrayKernels k = ArrayKernels.active();
        k.sigmoid(count, work, u, work, s); // sᵢ = σ(uᵢ) = softplus'(uᵢ)
        if (curvature != null) {
            // σ(u)σ(−u), both factors accurate in the tails (1 − σ(u) would cancel)
            k.scal(count, -1, work, u);
            k.sigmoid(count, work, u, work, u);
            for (int i = 0; i < count; i++) {
                double yi = y[yOff + i];
                curvature[cOff + i] = yi * yi * work[s + i] * work[u + i] * invN;
            }
        }
        for (int i = 0; i < count; i++) {
            work[s + i] *= -y[yOff + i] * invN; // ∂L/∂mᵢ = −yᵢσ(uᵢ)/n
        }
    }

    // ---- least squares ----------------------------------------------------------------------

    /** Returns (1/(2n)) Σᵢ (xᵢᵀw − bᵢ)² for X n×p, w of length p and b of length n. */
    public static double leastSquaresLoss(int n, int p, double[] x, int xOff, int ldx,
                                          double[] w, int wOff, double[] b, int bOff) {
        if (SWEEPS != null) {
            return n == 0 ? 0 : 0.5 * SWEEPS.leastSquares(n, p, x, xOff, ldx, w, wOff, b, bOff, null, 0) * (1.0 / n);
        }
        ArrayKernels k = ArrayKernels.active();
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double r = k.dot(p, x, xOff + i * ldx, w, wOff) - b[bOff + i];
            sum += r * r;
        }
        return n == 0 ? 0 : 0.5 * sum * (1.0 / n);
    }

    /**
     * One pass over X: returns (1/(2n)) Σᵢ rᵢ² with rᵢ = xᵢᵀw − bᵢ and overwrites
     * {@code gradient} (length p) with (1/n) Xᵀr. The Hessian is (1/n) XᵀX (see {@link #gramVector}).
     */
    public static double leastSquaresLossGradient(int n, int p, double[] x, int xOff, int ldx,
                                                  double[] w, int wOff, double[] b, int bOff,
                                                  double[] gradient, int gradientOff) {
        ArrayKernels k = ArrayKernels.active();
        k.fill(p, 0, gradient, gradientOff);
        if (n == 0) {
            return 0;
        }
        double invN = 1.0 / n;
        if (SWEEPS != null) {
            return 0.5 * SWEEPS.leastSquares(n, p, x, xOff, ldx, w, wOff, b, bOff, gradient, gradientOff) * invN;
        }
        double sum = 0;
        for (int i = 0; i < n; i++) {
            int row = xOff + i * ldx;
            double r = k.dot(p, x, row, w, wOff) - b[bOff + i];
            sum += r * r;
            k.axpy(p, r * invN, x, row, gradient, gradientOff);
        }
        return 0.5 * sum * invN;
    }

    // ---- narrow X, column-major ---------------------------------------------------------------

    /**
     * The widest X for which {@link #narrow} holds. Below it a row of X is one or two vectors,
     * and the row sweeps spend more on each row's sum across lanes and on the column tail than on
     * multiply-adds; the column-major kernels run along the rows instead, on the matrix-vector
     * kernels. Measured (Gram-vector product, 512-bit vectors): 2.3× at n = 200 and p = 8, 1.5×
     * at p = 16, 1.8× at p = 24, 1.0× at p = 32; 1.1–3.2× up to p = 24 at n = 100 … 3000.
     */
    public static final int NARROW_COLUMNS = 24;

    /** Whether n×p X takes the column-major kernels ({@code *Columns}): p ≤ {@value #NARROW_COLUMNS}. */
    public static boolean narrow(int p) {
        return p <= NARROW_COLUMNS;
    }

    /** Length of the {@code work} array of the column-major kernels for n rows. */
    public static int columnsWorkLength(int n) {
        return 2 * n;
    }

    /**
     * {@link #logisticLoss} from Xᵀ, the transpose of X (p×n, row-major: column j of X at
     * {@code xt[xtOff + j·n]}): the margins in one transposed matrix-vector product, then the
     * losses on all n at once; {@code work} needs {@link #columnsWorkLength}(n) elements. The
     * same operations as {@link #logisticLossGradientColumns}'s value, to the bit.
     */
    public static double logisticLossColumns(int n, int p, double[] xt, int xtOff, double[] w, int wOff,
                                             double[] y, int yOff, double[] work, int workOff) {
        if (n == 0) {
            return 0;
        }
        return negatedMarginLosses(n, p, xt, xtOff, w, wOff, y, yOff, work, workOff) * (1.0 / n);
    }

    /**
     * {@link #logisticLossGradient} from Xᵀ (as {@link #logisticLossColumns}): the margins by one
     * matrix-vector product, the losses, slopes and curvature weights on all n at once, the
     * gradient by another product; {@code work} needs {@link #columnsWorkLength}(n) elements.
     */
    public static double logisticLossGradientColumns(int n, int p, double[] xt, int xtOff, double[] w, int wOff,
                                                     double[] y, int yOff, double[] gradient, int gradientOff,
                                                     double[] curvature, int curvatureOff,
                                                     double[] work, int workOff) {
        ArrayKernels k = ArrayKernels.active();
        if (n == 0) {
            k.fill(p, 0, gradient, gradientOff);
            return 0;
        }
        double invN = 1.0 / n;
        int u = workOff;
        int s = workOff + n;
        double sum = negatedMarginLosses(n, p, xt, xtOff, w, wOff, y, yOff, work, workOff);
        logisticSlopes(n, invN, y, yOff, work, u, s, curvature, curvatureOff);
        MatrixKernels.active().gemv(p, n, 1.0, xt, xtOff, n, work, s, 0.0, gradient, gradientOff);
        return sum * invN;
    }

    /** work[u..u+n) ← uᵢ = −yᵢ·xᵢᵀw, work[u+n..) ← softplus(uᵢ); returns Σ softplus(uᵢ). */
    private static double negatedMarginLosses(int n, int p, double[] xt, int xtOff, double[] w, int wOff,
                                              double[] y, int yOff, double[] work, int u) {
        ArrayKernels k = ArrayKernels.active();
        MatrixKernels.active().gemvT(p, n, -1.0, xt, xtOff, n, w, wOff, 0.0, work, u);
        k.mul(n, work, u, y, yOff, work, u);
        k.softplus(n, work, u, work, u + n);
        return k.sum(n, work, u + n);
    }

    /**
     * {@link #leastSquaresLoss} from Xᵀ (as {@link #logisticLossColumns}): the residuals by one
     * matrix-vector product; {@code work} needs {@link #columnsWorkLength}(n) elements. The same
     * operations as {@link #leastSquaresLossGradientColumns}'s value, to the bit.
     */
    public static double leastSquaresLossColumns(int n, int p, double[] xt, int xtOff, double[] w, int wOff,
                                                 double[] b, int bOff, double[] work, int workOff) {
        if (n == 0) {
            return 0;
        }
        return 0.5 * residuals(n, p, xt, xtOff, w, wOff, b, bOff, work, workOff) * (1.0 / n);
    }

    /**
     * {@link #leastSquaresLossGradient} from Xᵀ: the residuals r = Xw − b by one matrix-vector
     * product, the gradient (1/n)Xᵀr by another; {@code work} needs
     * {@link #columnsWorkLength}(n) elements.
     */
    public static double leastSquaresLossGradientColumns(int n, int p, double[] xt, int xtOff, double[] w,
                                                         int wOff, double[] b, int bOff, double[] gradient,
                                                         int gradientOff, double[] work, int workOff) {
        if (n == 0) {
            ArrayKernels.active().fill(p, 0, gradient, gradientOff);
            return 0;
        }
        double invN = 1.0 / n;
        double squares = residuals(n, p, xt, xtOff, w, wOff, b, bOff, work, workOff);
        MatrixKernels.active().gemv(p, n, invN, xt, xtOff, n, work, workOff, 0.0, gradient, gradientOff);
        return 0.5 * squares * invN;
    }

    /** work[r..r+n) ← Xw − b; returns its squared norm. */
    private static double residuals(int n, int p, double[] xt, int xtOff, double[] w, int wOff, double[] b,
                                    int bOff, double[] work, int r) {
        ArrayKernels k = ArrayKernels.active();
        MatrixKernels.active().gemvT(p, n, 1.0, xt, xtOff, n, w, wOff, 0.0, work, r);
        k.sub(n, work, r, b, bOff, work, r);
        return k.dot(n, work, r, work, r);
    }

    /**
     * out ← out + α Xᵀ diag(d) X v from Xᵀ (as {@link #logisticLossColumns}; d null means
     * dᵢ = 1): X v by one matrix-vector product into work, the weights, then Xᵀ by another;
     * {@code work} needs n elements.
     */
    public static void weightedGramVectorColumns(int n, int p, double alpha, double[] xt, int xtOff,
                                                 double[] d, int dOff, double[] v, int vOff,
                                                 double[] out, int outOff, double[] work, int workOff) {
        if (n == 0) {
            return;
        }
        MatrixKernels m = MatrixKernels.active();
        m.gemvT(p, n, 1.0, xt, xtOff, n, v, vOff, 0.0, work, workOff);
        if (d != null) {
            ArrayKernels.active().mul(n, d, dOff, work, workOff, work, workOff);
        }
        m.gemv(p, n, alpha, xt, xtOff, n, work, workOff, 1.0, out, outOff);
    }

    // ---- Gram products (Hessian-vector products of the losses above) --------------------------

    /**
     * out ← out + α Σᵢ dᵢ (xᵢᵀv) xᵢ = out + α Xᵀ diag(d) X v, in one pass over X (n×p); v and out
     * have length p, d length n.
     */
    public static void weightedGramVector(int n, int p, double alpha, double[] x, int xOff, int ldx,
                                          double[] d, int dOff, double[] v, int vOff,
                                          double[] out, int outOff) {
        if (SWEEPS != null) {
            SWEEPS.gram(n, p, alpha, x, xOff, ldx, d, dOff, v, vOff, out, outOff);
            return;
        }
        ArrayKernels k = ArrayKernels.active();
        for (int i = 0; i < n; i++) {
            int row = xOff + i * ldx;
            double t = alpha * d[dOff + i] * k.dot(p, x, row, v, vOff);
            k.axpy(p, t, x, row, out, outOff);
        }
    }

    /** The length of the float {@code work} array the single-precision Gram products of x need. */
    public static int gramVectorWorkLength(SinglePrecisionRows x) {
        return 2 * x.ld + RowSweepKernels.SINGLE_WORK;
    }

    /**
     * out ← out + α Xᵀ diag(d) X v from the single-precision copy of X, in one pass over it (half
     * the bytes of the double product): v and d are scaled by powers of two to below 2 in
     * magnitude and rounded to float, each dot product and each column of a block of 32 rows'
     * update are summed in float, and each block's update is scaled back and added to out in
     * double. The error is a few tens of units of 2⁻²⁴ relative to α|X|ᵀ|D||X||v| (the scalar
     * twin sums a dot product's p products in sequence): for Hessian products of inexact Newton
     * inner solves, whose tolerances are far above it, not for derivatives meant to be exact.
     * d null means dᵢ = 1; v and out have length x.cols(), d length x.rows(); {@code work} needs
     * {@link #gramVectorWorkLength} floats. When v or d is zero, out is left as it is.
     */
    public static void weightedGramVector(SinglePrecisionRows x, double alpha, double[] d, int dOff,
                                          double[] v, int vOff, double[] out, int outOff,
                                          float[] work, int workOff) {
        int dExponent = d == null ? 0 : weightsExponent(x.rows, d, dOff);
        weightedGramVector(x, alpha, d, dOff, dExponent, v, vOff, out, outOff, work, workOff);
    }

    /** What {@link #weightsExponent} returns for weights that are all zero. */
    public static final int ZERO_WEIGHTS = Integer.MIN_VALUE;

    /**
     * The exponent e with 2ᵉ ≤ max|dᵢ| &lt; 2ᵉ⁺¹ (over i &lt; n), or {@link #ZERO_WEIGHTS}: the power of
     * two by which the single-precision {@link #weightedGramVector} scales d. Callers that take
     * many products with the same d, as the inner solve of a Newton step does, find it once and
     * pass it to the overload that takes it, instead of every product reading d once more
     * (1.6 µs of a 90 µs product at 10000 × 100).
     */
    public static int weightsExponent(int n, double[] d, int dOff) {
        if (n == 0) {
            return ZERO_WEIGHTS;
        }
        double dMax = Math.abs(d[dOff + ArrayKernels.active().iamax(n, d, dOff)]);
        return dMax == 0 ? ZERO_WEIGHTS : Math.getExponent(dMax);
    }

    /**
     * {@link #weightedGramVector(SinglePrecisionRows, double, double[], int, double[], int, double[], int, float[], int)}
     * with d's {@link #weightsExponent} given (ignored when d is null). The scaling by it is exact
     * whatever its value; the exponent of max|dᵢ| is what keeps the float products in range.
     */
    public static void weightedGramVector(SinglePrecisionRows x, double alpha, double[] d, int dOff, int dExponent,
                                          double[] v, int vOff, double[] out, int outOff,
                                          float[] work, int workOff) {
        int n = x.rows;
        int p = x.cols;
        int ld = x.ld;
        if (n == 0 || p == 0) {
            return;
        }
        ArrayKernels k = ArrayKernels.active();
        double vMax = Math.abs(v[vOff + k.iamax(p, v, vOff)]);
        if (vMax == 0) {
            return;
        }
        int ev = Math.getExponent(vMax);
        double vScale = Math.scalb(1.0, -ev); // a power of two: the scaling is exact
        for (int j = 0; j < p; j++) {
            work[workOff + j] = (float) (v[vOff + j] * vScale);
        }
        for (int j = p; j < ld; j++) {
            work[workOff + j] = 0;
        }
        int ed = 0;
        double dScale = 1;
        if (d != null) {
            if (dExponent == ZERO_WEIGHTS) {
                return;
            }
            ed = dExponent;
            dScale = Math.scalb(1.0, -ed);
        }
        double c = Math.scalb(alpha, ev + ed + 2 * x.exponent);
        if (SWEEPS != null) {
            SWEEPS.gramSingle(n, p, ld, x.data, d, dOff, dScale, c, out, outOff, work, workOff);
            return;
        }
        // the scalar twin: row by row, each dot product summed in sequence
        float[] xs = x.data;
        for (int i = 0; i < n; i++) {
            int row = i * ld;
            float dot = 0;
            for (int j = 0; j < p; j++) {
                dot = Math.fma(xs[row + j], work[workOff + j], dot);
            }
            float w = (float) ((d == null ? dScale : dScale * d[dOff + i]) * dot);
            for (int j = 0; j < p; j++) {
                out[outOff + j] = Math.fma(c, (double) (w * xs[row + j]), out[outOff + j]);
            }
        }
    }

    /** {@link #weightedGramVector(SinglePrecisionRows, double, double[], int, double[], int, double[], int, float[], int)} with dᵢ = 1: out ← out + α XᵀX v. */
    public static void gramVector(SinglePrecisionRows x, double alpha, double[] v, int vOff, double[] out, int outOff,
                                  float[] work, int workOff) {
        weightedGramVector(x, alpha, null, 0, v, vOff, out, outOff, work, workOff);
    }

    /** The {@code work} length {@link #weightedGram} needs for p columns. */
    public static int weightedGramWorkLength(int p) {
        int w = RowSweepKernels.gramWidth(p);
        return 24 * RowSweepKernels.GRAM_ROWS + w * w;
    }

    /**
     * out (p×p, row-major, leading dimension p) ← Xᵀ diag(c) X = Σᵢ cᵢ xᵢxᵢᵀ, the dense Hessian
     * of a loss whose per-sample curvatures are c (n ≥ 0; out is zero for n = 0). Rows go in
     * blocks of {@value RowSweepKernels#GRAM_ROWS}; each panel of sixteen columns of a block is
     * packed, scaled by cᵢ, into {@code work}, and each 8×16 tile of the lower triangle in its
     * columns is then summed over the block in registers. n·p²/2 multiply-adds; {@code work} needs
     * {@link #weightedGramWorkLength}(p) elements.
     */
    public static void weightedGram(int n, int p, double[] x, int xOff, int ldx, double[] c, int cOff,
                                    double[] out, int outOff, double[] work, int workOff) {
        if (n == 0) {
            ArrayKernels.active().fill(p * p, 0.0, out, outOff);
            return;
        }
        if (SWEEPS != null) {
            SWEEPS.weightedGram(n, p, x, xOff, ldx, c, cOff, out, outOff, work, workOff);
            return;
        }
        // the scalar twin: each entry of the lower triangle in row order, then mirrored
        for (int a = 0; a < p; a++) {
            for (int b = 0; b <= a; b++) {
                double s = 0;
                for (int i = 0; i < n; i++) {
                    int row = xOff + i * ldx;
                    s += c[cOff + i] * x[row + a] * x[row + b];
                }
                out[outOff + a * p + b] = s;
                out[outOff + b * p + a] = s;
            }
        }
    }

    /** The float {@code work} length the single-precision {@link #weightedGram(SinglePrecisionRows, double[], int, int, double[], int, float[], int)} needs. */
    public static int weightedGramWorkLength(SinglePrecisionRows x) {
        return RowSweepKernels.SINGLE_GRAM_WORK;
    }

    /**
     * out (p×p, row-major, leading dimension p) ← Xᵀ diag(c) X from the single-precision copy
     * of X, for a Hessian meant to precondition, not to be exact: c is scaled by 2^−cExponent
     * (its {@link #weightsExponent}, so that the floats stay in range) and rounded to float;
     * each product fl(c̃ᵢ·x̃ᵢb) is multiplied by x̃ᵢa and added in float over the rows of a block
     * of {@value RowSweepKernels#GRAM_ROWS} (one rounding per row, an FMA), and the blocks are
     * scaled back and summed in double. The error is a few units of 2⁻²⁴·√(block) relative to
     * (|X|ᵀ|C||X|)ab; the vector kernel and the scalar twin round the same operations in the
     * same order and agree to the last bit. For cExponent {@link #ZERO_WEIGHTS} (or n = 0) out
     * is zero; c has length x.rows(); {@code work} needs {@link #weightedGramWorkLength(SinglePrecisionRows)}
     * floats.
     */
    public static void weightedGram(SinglePrecisionRows x, double[] c, int cOff, int cExponent,
                                    double[] out, int outOff, float[] work, int workOff) {
        int n = x.rows;
        int p = x.cols;
        if (n == 0 || cExponent == ZERO_WEIGHTS) {
            ArrayKernels.active().fill(p * p, 0.0, out, outOff);
            return;
        }
        double inverse = Math.scalb(1.0, -cExponent); // powers of two: the scalings are exact
        double outScale = Math.scalb(1.0, cExponent + 2 * x.exponent);
        if (SWEEPS != null) {
            SWEEPS.weightedGramSingle(n, p, x.ld, x.data, c, cOff, inverse, outScale,
                    out, outOff, work, workOff);
        } else {
            weightedGramSingleTwin(n, p, x.ld, x.data, c, cOff, inverse, outScale, out, outOff);
        }
    }

    /**
     * The scalar twin of {@link RowSweepKernels#weightedGramSingle} (same arguments, no work):
     * entry by entry of the lower triangle, a block's rows summed in sequence, then mirrored. A
     * method of its own so that the tests compare it with the vector kernel in one JVM.
     */
    static void weightedGramSingleTwin(int n, int p, int ld, float[] xs, double[] c, int cOff, double cScale,
                                       double s, double[] out, int outOff) {
        ArrayKernels.active().fill(p * p, 0.0, out, outOff);
        for (int i0 = 0; i0 < n; i0 += RowSweepKernels.GRAM_ROWS) {
            int end = Math.min(n, i0 + RowSweepKernels.GRAM_ROWS);
            for (int a = 0; a < p; a++) {
                for (int b = 0; b <= a; b++) {
                    float sum = 0;
                    for (int i = i0; i < end; i++) {
                        float ci = (float) (c[cOff + i] * cScale);
                        sum = Math.fma(ci * xs[i * ld + b], xs[i * ld + a], sum);
                    }
                    out[outOff + a * p + b] += s * sum;
                }
            }
        }
        for (int a = 0; a < p; a++) {
            for (int b = 0; b < a; b++) {
                out[outOff + b * p + a] = out[outOff + a * p + b];
            }
        }
    }

    /** out ← out + α Σᵢ (xᵢᵀv) xᵢ = out + α XᵀX v, in one pass over X (n×p). */
    public static void gramVector(int n, int p, double alpha, double[] x, int xOff, int ldx,
                                  double[] v, int vOff, double[] out, int outOff) {
        if (SWEEPS != null) {
            SWEEPS.gram(n, p, alpha, x, xOff, ldx, null, 0, v, vOff, out, outOff);
            return;
        }
        ArrayKernels k = ArrayKernels.active();
        for (int i = 0; i < n; i++) {
            int row = xOff + i * ldx;
            double t = alpha * k.dot(p, x, row, v, vOff);
            k.axpy(p, t, x, row, out, outOff);
        }
    }

    // ---- softmax cross-entropy --------------------------------------------------------------

    /** Length of the {@code work} array the softmax kernels need for X n×p and k classes. */
    public static int softmaxWorkLength(int n, int p, int k) {
        return softmaxBlockRows(n, p) * k;
    }

    /**
     * The block's logits XᵦW into its rows of {@code probabilities}, turned into probabilities in
     * place; returns Σ over the block of logΣexp(zᵢ) − zᵢ,labelᵢ, shifted by each row's maximum.
     */
    private static double softmaxBlock(int b, int p, int k, double[] x, int rowOff, int ldx,
                                       double[] w, int wOff, int[] labels, int labelsOff,
                                       double[] pr, int prOff) {
        ArrayKernels a = ArrayKernels.active();
        MatrixKernels m = MatrixKernels.active();
        m.gemm(false, false, b, k, p, 1, x, rowOff, ldx, w, wOff, k, 0, pr, prOff, k);
        double sum = 0;
        for (int r = 0; r < b; r++) {
            int row = prOff + r * k;
            double max = a.max(k, pr, row);
            for (int c = 0; c < k; c++) {
                pr[row + c] -= max;
            }
            sum -= pr[row + labels[labelsOff + r]];
        }
        a.exp(b * k, pr, prOff, pr, prOff);
        for (int r = 0; r < b; r++) {
            int row = prOff + r * k;
            double total = a.sum(k, pr, row);
            a.scal(k, 1 / total, pr, row);
            sum += Math.log(total);
        }
        return sum;
    }

    /**
     * Returns the mean softmax cross-entropy for X n×p, W p×k (row-major, contiguous) and integer
     * labels in [0, k), and writes the class probabilities πᵢ = softmax(Wᵀxᵢ) into
     * {@code probabilities} (n×k, row-major).
     */
    public static double softmaxCrossEntropy(int n, int p, int k, double[] x, int xOff, int ldx,
                                             double[] w, int wOff, int[] labels, int labelsOff,
                                             double[] probabilities, int probabilitiesOff) {
        if (SWEEPS != null) {
            return n == 0 ? 0 : SWEEPS.softmax(n, p, k, x, xOff, ldx, w, wOff, labels, labelsOff, probabilities,
                    probabilitiesOff, null, 0) * (1.0 / n);
        }
        int rows = softmaxBlockRows(n, p);
        double sum = 0;
        for (int start = 0; start < n; start += rows) {
            int b = Math.min(rows, n - start);
            sum += softmaxBlock(b, p, k, x, xOff + start * ldx, ldx, w, wOff, labels,
                    labelsOff + start, probabilities, probabilitiesOff + start * k);
        }
        return n == 0 ? 0 : sum * (1.0 / n); // as the fused pass, to the bit
    }

    /**
     * One pass over X: returns the mean softmax cross-entropy, writes the class probabilities
     * (n×k) and overwrites {@code gradient} (p×k, row-major) with (1/n) Σᵢ xᵢ (πᵢ − e_labelᵢ)ᵀ.
     * {@code work} needs {@link #softmaxWorkLength}(n, p, k) elements.
     */
    public static double softmaxCrossEntropyGradient(int n, int p, int k, double[] x, int xOff,
                                                     int ldx, double[] w, int wOff,
                                                     int[] labels, int labelsOff,
                                                     double[] probabilities, int probabilitiesOff,
                                                     double[] gradient, int gradientOff,
                                                     double[] work, int workOff) {
        MatrixKernels m = MatrixKernels.active();
        ArrayKernels a = ArrayKernels.active();
        a.fill(p * k, 0, gradient, gradientOff);
        if (n == 0) {
            return 0;
        }
        double invN = 1.0 / n;
        if (SWEEPS != null) {
            return SWEEPS.softmax(n, p, k, x, xOff, ldx, w, wOff, labels, labelsOff, probabilities, probabilitiesOff,
                    gradient, gradientOff) * invN;
        }
        int rows = softmaxBlockRows(n, p);
        double sum = 0;
        for (int start = 0; start < n; start += rows) {
            int b = Math.min(rows, n - start);
            int rowOff = xOff + start * ldx;
            int prOff = probabilitiesOff + start * k;
            sum += softmaxBlock(b, p, k, x, rowOff, ldx, w, wOff, labels, labelsOff + start,
                    probabilities, prOff);
            a.copy(b * k, probabilities, prOff, work, workOff); // π − e_label
            for (int r = 0; r < b; r++) {
                work[workOff + r * k + labels[labelsOff + start + r]] -= 1;
            }
            m.gemm(true, false, p, k, b, invN, x, rowOff, ldx, work, workOff, k, 1,
                    gradient, gradientOff, k);
        }
        return sum * invN;
    }

    /**
     * out ← out + α ∇²L · V in one pass over X, for the mean softmax cross-entropy at the point
     * whose class probabilities are given (as written by {@link #softmaxCrossEntropy} or
     * {@link #softmaxCrossEntropyGradient}): out += (α/n) Σᵢ xᵢ (πᵢ∘żᵢ − πᵢ(πᵢᵀżᵢ))ᵀ with
     * żᵢ = Vᵀxᵢ. V and out are p×k; {@code work} needs {@link #softmaxWorkLength}(n, p, k)
     * elements.
     */
    public static void softmaxCrossEntropyHessianVector(int n, int p, int k, double alpha,
                                                        double[] x, int xOff, int ldx,
                                                        double[] probabilities, int probabilitiesOff,
                                                        double[] v, int vOff, double[] out, int outOff,
                                                        double[] work, int workOff) {
        if (n == 0) {
            return;
        }
        if (SWEEPS != null) {
            SWEEPS.softmaxHessianVector(n, p, k, alpha, x, xOff, ldx, probabilities, probabilitiesOff, v, vOff,
                    out, outOff);
            return;
        }
        MatrixKernels m = MatrixKernels.active();
        ArrayKernels a = ArrayKernels.active();
        double scale = alpha / n;
        int rows = softmaxBlockRows(n, p);
        for (int start = 0; start < n; start += rows) {
            int b = Math.min(rows, n - start);
            int rowOff = xOff + start * ldx;
            m.gemm(false, false, b, k, p, 1, x, rowOff, ldx, v, vOff, k, 0, work, workOff, k);
            for (int r = 0; r < b; r++) {
                int pi = probabilitiesOff + (start + r) * k;
                int z = workOff + r * k;
                double s = a.dot(k, probabilities, pi, work, z);
                for (int c = 0; c < k; c++) {
                    work[z + c] = probabilities[pi + c] * (work[z + c] - s);
                }
            }
            m.gemm(true, false, p, k, b, scale, x, rowOff, ldx, work, workOff, k, 1, out, outOff, k);
        }
    }
}
