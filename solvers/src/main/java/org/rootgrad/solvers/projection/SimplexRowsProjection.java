package org.rootgrad.solvers.projection;

/**
 * Projection of a rows × cols matrix (row-major, n = rows·cols) onto the product of simplices
 * {X ≥ 0, each row sums to s}: every row is projected onto the simplex {x ≥ 0, Σx = s}
 * independently, with one shared total θ = [s], s ≥ 0. This is the feasible set of the multiclass
 * SVM dual (each sample's dual variables on the probability simplex).
 *
 * <p>With S_r the support of row r and m_r its indicator, ∂ᵥP is block diagonal with blocks
 * diag(m_r) − m_r m_rᵀ/|S_r|, and ∂P/∂s has rows m_r/|S_r|. Each row follows
 * {@link SimplexProjection}'s conventions (a coordinate at the threshold is outside the support;
 * for s = 0 the support is the row's first largest element).
 */
final class SimplexRowsProjection extends AbstractProjection {
    private final int rows;
    private final int cols;
    private final SimplexThreshold threshold;
    private final double[] row;
    /** Indicator of the supports, rows × cols. */
    private final double[] support;
    /** 1/|S_r| per row. */
    private final double[] inverseSupportSize;

    SimplexRowsProjection(int rows, int cols) {
        super("simplex-rows projection", checkedSize(rows, cols), 1);
        this.rows = rows;
        this.cols = cols;
        this.threshold = new SimplexThreshold(cols);
        this.row = new double[cols];
        this.support = new double[rows * cols];
        this.inverseSupportSize = new double[rows];
    }

    private static int checkedSize(int rows, int cols) {
        org.rootgrad.error.Checks.atLeastOne("simplex-rows projection rows", rows);
        org.rootgrad.error.Checks.atLeastOne("simplex-rows projection cols", cols);
        long size = (long) rows * cols;
        if (size > Integer.MAX_VALUE) {
            throw org.rootgrad.error.InvalidOptionException.of("simplex-rows projection size rows·cols",
                    size, "<= " + Integer.MAX_VALUE);
        }
        return (int) size;
    }

    @Override
    void checkParameters(double[] theta) {
        radius("simplex total s", theta, 0);
    }

    @Override
    void doProject(double[] v, double[] theta, double[] out) {
        double total = theta[0];
        if (total == 0) {
            K.fill(n, 0.0, out, 0);
            return;
        }
        for (int r = 0; r < rows; r++) {
            int off = r * cols;
            System.arraycopy(v, off, row, 0, cols); // out may be v
            double tau = threshold.threshold(row, cols, total);
            for (int c = 0; c < cols; c++) {
                out[off + c] = Math.max(row[c] - tau, 0.0);
            }
        }
    }

    @Override
    void doLinearize(double[] v, double[] theta) {
        double total = theta[0];
        K.fill(n, 0.0, support, 0);
        for (int r = 0; r < rows; r++) {
            int off = r * cols;
            System.arraycopy(v, off, row, 0, cols);
            if (total == 0) {
                support[off + SimplexThreshold.firstArgMax(row, cols)] = 1.0;
                inverseSupportSize[r] = 1.0;
                continue;
            }
            double tau = threshold.threshold(row, cols, total);
            int count = 0;
            for (int c = 0; c < cols; c++) {
                if (row[c] > tau) {
                    support[off + c] = 1.0;
                    count++;
                }
            }
            inverseSupportSize[r] = 1.0 / count;
        }
    }

    @Override
    void doJvpV(double[] dv, double[] out) {
        for (int r = 0; r < rows; r++) {
            int off = r * cols;
            double mean = K.dot(cols, support, off, dv, off) * inverseSupportSize[r];
            for (int c = 0; c < cols; c++) {
                out[off + c] = support[off + c] * (dv[off + c] - mean);
            }
        }
    }

    @Override
    void doJvpTheta(double[] dTheta, double[] out) {
        for (int r = 0; r < rows; r++) {
            int off = r * cols;
            double scale = dTheta[0] * inverseSupportSize[r];
            for (int c = 0; c < cols; c++) {
                out[off + c] = scale * support[off + c];
            }
        }
    }

    @Override
    void doVjpTheta(double[] w, double[] out) {
        double sum = 0;
        for (int r = 0; r < rows; r++) {
            int off = r * cols;
            sum += K.dot(cols, support, off, w, off) * inverseSupportSize[r];
        }
        out[0] = sum;
    }

    /** Block diagonal with a rank-one term per block: symmetric, no diagonal description. */
    @Override
    public JacobianStructure jacobianStructure() {
        return rows == 1 ? JacobianStructure.DIAGONAL_MINUS_RANK_ONE : JacobianStructure.SYMMETRIC;
    }

    @Override
    void doJacobianDiagonal(double[] d) {
        K.copy(n, support, 0, d, 0); // only reached for one row
    }

    @Override
    double doJacobianRankOne(double[] u) {
        K.copy(n, support, 0, u, 0); // only reached for one row
        return inverseSupportSize[0];
    }

    @Override
    public Projection fork() {
        return new SimplexRowsProjection(rows, cols);
    }
}
