package org.rootgrad.engine.internal;

/**
 * One-pass sweeps over the rows of a data matrix X (n×p, row-major, leading dimension ldx) for
 * the loss kernels of {@link org.rootgrad.engine.LossKernels}: each group of rows is read once
 * from memory for its dot products with a vector, the per-row nonlinearity is applied to the
 * group's dot products, and, while the rows are still in L1, the rows are added to the output
 * with the resulting weights. Unchecked like every kernel; outputs must not overlap inputs.
 * Implementations are stateless and thread-safe.
 */
public interface RowSweepKernels {

    /** Scratch elements the logistic sweep needs in {@code work}. */
    int WORK = 104;

    /** Rows of X per block of {@link #weightedGram}: the block stays in L2, one packed panel of it in L1. */
    int GRAM_ROWS = 256;

    /** The width of {@link #weightedGram}'s accumulator: p rounded up to 16, a whole number of tiles. */
    static int gramWidth(int p) {
        return (p + 15) / 16 * 16;
    }

    /**
     * Σᵢ softplus(−yᵢ·xᵢᵀw) (not divided by n); when {@code gradient} is not null adds
     * (1/n) Σᵢ −yᵢ σ(−yᵢxᵢᵀw) xᵢ to it, and when {@code curvature} is not null writes
     * yᵢ² σ(u)σ(−u)/n at its row i.
     */
    double logistic(int n, int p, double[] x, int xOff, int ldx, double[] w, int wOff, double[] y, int yOff,
                    double[] gradient, int gradientOff, double[] curvature, int curvatureOff,
                    double[] work, int workOff);

    /**
     * Σᵢ (xᵢᵀw − bᵢ)² (not halved or divided); when {@code gradient} is not null adds
     * (1/n) Σᵢ (xᵢᵀw − bᵢ) xᵢ to it.
     */
    double leastSquares(int n, int p, double[] x, int xOff, int ldx, double[] w, int wOff, double[] b, int bOff,
                        double[] gradient, int gradientOff);

    /**
     * Softmax cross-entropy of X (n×p) with weights W (p×k, row-major, contiguous) and labels in
     * [0, k): returns Σᵢ [log Σ_c exp(zᵢc) − zᵢ,labelᵢ] with zᵢ = Wᵀxᵢ (not divided by n), writes
     * the probabilities πᵢ (n×k, row-major), and when {@code gradient} (p×k) is not null adds
     * (1/n) Σᵢ xᵢ (πᵢ − e_labelᵢ)ᵀ to it.
     */
    double softmax(int n, int p, int k, double[] x, int xOff, int ldx, double[] w, int wOff, int[] labels,
                   int labelsOff, double[] probabilities, int probabilitiesOff, double[] gradient, int gradientOff);

    /**
     * out (p×k) ← out + (α/n) Σᵢ xᵢ (πᵢ∘żᵢ − πᵢ(πᵢᵀżᵢ))ᵀ with żᵢ = Vᵀxᵢ, for n ≥ 1: the softmax
     * cross-entropy's Hessian times V at the point whose probabilities are given.
     */
    void softmaxHessianVector(int n, int p, int k, double alpha, double[] x, int xOff, int ldx,
                              double[] probabilities, int probabilitiesOff, double[] v, int vOff,
                              double[] out, int outOff);

    /**
     * out (p×p, row-major, leading dimension p) ← Σᵢ cᵢ xᵢxᵢᵀ = Xᵀ diag(c) X, symmetric, for
     * n ≥ 1, using {@code work} (at least {@link org.rootgrad.engine.LossKernels#weightedGramWorkLength}
     * elements from workOff).
     */
    void weightedGram(int n, int p, double[] x, int xOff, int ldx, double[] c, int cOff, double[] out, int outOff,
                      double[] work, int workOff);

    /** Scratch floats {@link #gramSingle} needs in {@code work} beyond twice the ld. */
    int SINGLE_WORK = 80;

    /**
     * out ← out + c·Σᵢ fl(s·dᵢ·(x̃ᵢᵀṽ))·x̃ᵢ for the n float rows x̃ᵢ at x[i·ld] (ld = p ≥ 16, or
     * ld = 16 > p with the rows zero beyond column p) and ṽ at work[workOff, workOff + ld) (zero
     * beyond p): the dot products
     * and the update of each block of rows summed in single precision, then added to out (length
     * p) in double. dᵢ = 1 when d is null; work[workOff + ld, workOff + 2·ld + {@link #SINGLE_WORK})
     * is scratch.
     */
    void gramSingle(int n, int p, int ld, float[] x, double[] d, int dOff, double s, double c,
                    double[] out, int outOff, float[] work, int workOff);

    /** Scratch floats {@link #weightedGramSingle} needs: a scaled panel of 32 columns of a block of rows, and an 8×32 tile. */
    int SINGLE_GRAM_WORK = 32 * GRAM_ROWS + 256;

    /**
     * out (p×p, leading dimension p) ← s·Σ_blocks fl(Σ_{i in block} fl(fl(cᵢ·cScale)·x̃ᵢb)·x̃ᵢa),
     * symmetric, over the n float rows x̃ᵢ at x[i·ld] (ld = p ≥ 16, or ld = 16 > p with the rows
     * zero beyond column p), for n ≥ 1: each block of {@link #GRAM_ROWS} rows summed in float,
     * one FMA per row in row order, then scaled by s and added in double. {@code work} needs
     * {@link #SINGLE_GRAM_WORK} floats.
     */
    void weightedGramSingle(int n, int p, int ld, float[] x, double[] c, int cOff, double cScale, double s,
                            double[] out, int outOff, float[] work, int workOff);

    /** out ← out + α Σᵢ dᵢ (xᵢᵀv) xᵢ, with dᵢ = 1 when {@code d} is null. */
    void gram(int n, int p, double alpha, double[] x, int xOff, int ldx, double[] d, int dOff,
              double[] v, int vOff, double[] out, int outOff);
}
