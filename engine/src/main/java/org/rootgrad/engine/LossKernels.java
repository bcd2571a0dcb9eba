package org.rootgrad.engine;

/**
 * Unchecked one-pass kernels for the classic empirical losses of linear models, shared by the
 * tape's fused loss ops and by hand-written objectives so that both run the very same code.
 *
 * <p>Every kernel walks the data matrix X once, row by row (a dot product, then an update while
 * the row is still in cache), which is what makes a fused value-and-gradient cost about one pass
 * over X. All losses are means over the n rows. Matrices are row-major: row i of X starts at
 * {@code xOff + i*ldx}; a weight matrix W (p×k) is contiguous with leading dimension k.
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

    // ---- binary logistic --------------------------------------------------------------------

    /**
     * Returns the mean logistic loss (1/n) Σᵢ softplus(−yᵢ·xᵢᵀw) for X n×p and w, y of lengths p
     * and n. Accurate for any finite margin (no overflow of exp).
     */
    public static double logisticLoss(int n, int p, double[] x, int xOff, int ldx,
                                      double[] w, int wOff, double[] y, int yOff) {
        ArrayKernels k = ArrayKernels.active();
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double u = -y[yOff + i] * k.dot(p, x, xOff + i * ldx, w, wOff);
            sum += softplus(u);
        }
        return n == 0 ? 0 : sum * (1.0 / n); // as the fused pass, to the bit
    }

    /**
     * One pass over X: returns the mean logistic loss, overwrites {@code gradient} (length p) with
     * its gradient (1/n) Σᵢ −yᵢ σ(−yᵢmᵢ) xᵢ, where mᵢ = xᵢᵀw, and, when {@code curvature} is not
     * null, writes the Hessian row weights dᵢ = yᵢ² σ(−yᵢmᵢ)(1 − σ(−yᵢmᵢ)) / n (length n), so that
     * ∇²L = Xᵀ diag(d) X (see {@link #weightedGramVector}).
     */
    public static double logisticLossGradient(int n, int p, double[] x, int xOff, int ldx,
                                              double[] w, int wOff, double[] y, int yOff,
                                              double[] gradient, int gradientOff,
                                              double[] curvature, int curvatureOff) {
        ArrayKernels k = ArrayKernels.active();
        k.fill(p, 0, gradient, gradientOff);
        if (n == 0) {
            return 0;
        }
        double invN = 1.0 / n;
        double sum = 0;
        for (int i = 0; i < n; i++) {
            int row = xOff + i * ldx;
            double yi = y[yOff + i];
            double u = -yi * k.dot(p, x, row, w, wOff);
            double e = Math.exp(-Math.abs(u));
            sum += Math.max(u, 0) + Math.log1p(e);
            double s = u >= 0 ? 1 / (1 + e) : e / (1 + e); // σ(u), both tails accurate
            k.axpy(p, -yi * s * invN, x, row, gradient, gradientOff);
            if (curvature != null) {
                double onePlus = 1 + e;
                curvature[curvatureOff + i] = yi * yi * (e / (onePlus * onePlus)) * invN;
            }
        }
        return sum * invN;
    }

    // ---- least squares ----------------------------------------------------------------------

    /** Returns (1/(2n)) Σᵢ (xᵢᵀw − bᵢ)² for X n×p, w of length p and b of length n. */
    public static double leastSquaresLoss(int n, int p, double[] x, int xOff, int ldx,
                                          double[] w, int wOff, double[] b, int bOff) {
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
        double sum = 0;
        for (int i = 0; i < n; i++) {
            int row = xOff + i * ldx;
            double r = k.dot(p, x, row, w, wOff) - b[bOff + i];
            sum += r * r;
            k.axpy(p, r * invN, x, row, gradient, gradientOff);
        }
        return 0.5 * sum * invN;
    }

    // ---- Gram products (Hessian-vector products of the losses above) --------------------------

    /**
     * out ← out + α Σᵢ dᵢ (xᵢᵀv) xᵢ = out + α Xᵀ diag(d) X v, in one pass over X (n×p); v and out
     * have length p, d length n.
     */
    public static void weightedGramVector(int n, int p, double alpha, double[] x, int xOff, int ldx,
                                          double[] d, int dOff, double[] v, int vOff,
                                          double[] out, int outOff) {
        ArrayKernels k = ArrayKernels.active();
        for (int i = 0; i < n; i++) {
            int row = xOff + i * ldx;
            double t = alpha * d[dOff + i] * k.dot(p, x, row, v, vOff);
            k.axpy(p, t, x, row, out, outOff);
        }
    }

    /** out ← out + α Σᵢ (xᵢᵀv) xᵢ = out + α XᵀX v, in one pass over X (n×p). */
    public static void gramVector(int n, int p, double alpha, double[] x, int xOff, int ldx,
                                  double[] v, int vOff, double[] out, int outOff) {
        ArrayKernels k = ArrayKernels.active();
        for (int i = 0; i < n; i++) {
            int row = xOff + i * ldx;
            double t = alpha * k.dot(p, x, row, v, vOff);
            k.axpy(p, t, x, row, out, outOff);
        }
    }

    // ---- softmax cross-entropy --------------------------------------------------------------

    /**
     * Returns the mean softmax cross-entropy for X n×p, W p×k (row-major, contiguous) and integer
     * labels in [0, k), and writes the class probabilities πᵢ = softmax(Wᵀxᵢ) into
     * {@code probabilities} (n×k, row-major), which it also uses as scratch.
     */
    public static double softmaxCrossEntropy(int n, int p, int k, double[] x, int xOff, int ldx,
                                             double[] w, int wOff, int[] labels, int labelsOff,
                                             double[] probabilities, int probabilitiesOff) {
        MatrixKernels m = MatrixKernels.active();
        double sum = 0;
        for (int i = 0; i < n; i++) {
            int zOff = probabilitiesOff + i * k;
            m.gemvT(p, k, 1, w, wOff, k, x, xOff + i * ldx, 0, probabilities, zOff);
            sum += softmaxRow(k, probabilities, zOff, labels[labelsOff + i]);
        }
        return n == 0 ? 0 : sum * (1.0 / n); // as the fused pass, to the bit
    }

    /**
     * One pass over X: returns the mean softmax cross-entropy, writes the class probabilities
     * (n×k) and overwrites {@code gradient} (p×k, row-major) with (1/n) Σᵢ xᵢ (πᵢ − e_labelᵢ)ᵀ.
     */
    public static double softmaxCrossEntropyGradient(int n, int p, int k, double[] x, int xOff,
                                                     int ldx, double[] w, int wOff,
                                                     int[] labels, int labelsOff,
                                                     double[] probabilities, int probabilitiesOff,
                                                     double[] gradient, int gradientOff) {
        MatrixKernels m = MatrixKernels.active();
        ArrayKernels a = ArrayKernels.active();
        a.fill(p * k, 0, gradient, gradientOff);
        if (n == 0) {
            return 0;
        }
        double invN = 1.0 / n;
        double sum = 0;
        for (int i = 0; i < n; i++) {
            int row = xOff + i * ldx;
            int zOff = probabilitiesOff + i * k;
            int label = labels[labelsOff + i];
            m.gemvT(p, k, 1, w, wOff, k, x, row, 0, probabilities, zOff);
            sum += softmaxRow(k, probabilities, zOff, label);
            m.ger(p, k, invN, x, row, probabilities, zOff, gradient, gradientOff, k);
            // the − e_label part of (π − e_label): one column of the gradient
            for (int j = 0; j < p; j++) {
                gradient[gradientOff + j * k + label] -= invN * x[row + j];
            }
        }
        return sum * invN;
    }

    /**
     * out ← out + α ∇²L · V in one pass over X, for the mean softmax cross-entropy at the point
     * whose class probabilities are given (as written by {@link #softmaxCrossEntropy} or
     * {@link #softmaxCrossEntropyGradient}): out += (α/n) Σᵢ xᵢ (πᵢ∘żᵢ − πᵢ(πᵢᵀżᵢ))ᵀ with
     * żᵢ = Vᵀxᵢ. V and out are p×k; {@code work} needs k elements.
     */
    public static void softmaxCrossEntropyHessianVector(int n, int p, int k, double alpha,
                                                        double[] x, int xOff, int ldx,
                                                        double[] probabilities, int probabilitiesOff,
                                                        double[] v, int vOff, double[] out, int outOff,
                                                        double[] work, int workOff) {
        if (n == 0) {
            return;
        }
        MatrixKernels m = MatrixKernels.active();
        ArrayKernels a = ArrayKernels.active();
        double scale = alpha / n;
        for (int i = 0; i < n; i++) {
            int row = xOff + i * ldx;
            int piOff = probabilitiesOff + i * k;
            m.gemvT(p, k, 1, v, vOff, k, x, row, 0, work, workOff);
            double s = a.dot(k, probabilities, piOff, work, workOff);
            for (int c = 0; c < k; c++) {
                work[workOff + c] = probabilities[piOff + c] * (work[workOff + c] - s);
            }
            m.ger(p, k, scale, x, row, work, workOff, out, outOff, k);
        }
    }

    /**
     * Turns the logits z (k elements at off) into probabilities in place and returns the row's
     * cross-entropy logΣexp(z) − z[label], shifted by the maximum so nothing overflows.
     */
    private static double softmaxRow(int k, double[] z, int off, int label) {
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < k; c++) {
            max = Math.max(max, z[off + c]);
        }
        double picked = z[off + label];
        double total = 0;
        for (int c = 0; c < k; c++) {
            double e = Math.exp(z[off + c] - max);
            z[off + c] = e;
            total += e;
        }
        double inv = 1 / total;
        for (int c = 0; c < k; c++) {
            z[off + c] *= inv;
        }
        return max + Math.log(total) - picked;
    }

    /** log(1 + eᵘ) without overflow. */
    private static double softplus(double u) {
        return Math.max(u, 0) + Math.log1p(Math.exp(-Math.abs(u)));
    }
}
