package org.rootgrad.implicit.linear;

import org.rootgrad.engine.ArrayKernels;
import org.rootgrad.engine.MatrixKernels;
import org.rootgrad.error.Checks;
import org.rootgrad.error.DimensionMismatchException;

/**
 * A dense row-major matrix as an operator, held by reference: element (i, j) is
 * {@code data()[offset() + i*leadingDimension() + j]}. Products run on the engine's gemv
 * kernels; block products stream the matrix once for all vectors; the CG curvature product
 * and the residual use the fused {@code gemvDot} and {@code residual} kernels.
 *
 * <p>Direct solvers read the matrix through {@link #data()}, {@link #offset()} and
 * {@link #leadingDimension()}.
 *
 * <p>Thread safety: a view without state, safe to share while nobody writes to the array.
 */
public final class DenseOperator implements LinearOperator {
    private static final ArrayKernels V = ArrayKernels.active();
    private static final MatrixKernels M = MatrixKernels.active();

    private final int rows;
    private final int cols;
    private final double[] a;
    private final int offset;
    private final int ld;
    private final Structure structure;

    DenseOperator(int rows, int cols, double[] a, int offset, int ld, Structure structure) {
        Checks.matrix("a", a, offset, rows, cols, ld);
        if (structure == null) {
            throw new DimensionMismatchException("structure is null");
        }
        if (structure.isSymmetric() && rows != cols) {
            throw new DimensionMismatchException(
                    "a " + rows + "×" + cols + " matrix cannot be " + structure);
        }
        this.rows = rows;
        this.cols = cols;
        this.a = a;
        this.offset = offset;
        this.ld = ld;
        this.structure = structure;
    }

    @Override
    public int rows() {
        return rows;
    }

    @Override
    public int cols() {
        return cols;
    }

    @Override
    public Structure structure() {
        return structure;
    }

    /** The backing array (not a copy). */
    public double[] data() {
        return a;
    }

    /** The index of element (0, 0) in {@link #data()}. */
    public int offset() {
        return offset;
    }

    /** The distance between the starts of consecutive rows in {@link #data()}. */
    public int leadingDimension() {
        return ld;
    }

    /** Element (i, j), unchecked. */
    public double get(int i, int j) {
        return a[offset + i * ld + j];
    }

    @Override
    public void apply(double[] x, double[] y) {
        M.gemv(rows, cols, 1, a, offset, ld, x, 0, 0, y, 0);
    }

    @Override
    public void applyTranspose(double[] x, double[] y) {
        M.gemvT(rows, cols, 1, a, offset, ld, x, 0, 0, y, 0);
    }

    @Override
    public double applyDot(double[] x, double[] y) {
        return M.gemvDot(rows, cols, a, offset, ld, x, 0, y, 0, x, 0);
    }

    @Override
    public double residual(double[] x, double[] b, double[] r) {
        return M.residual(rows, cols, a, offset, ld, x, 0, b, 0, r, 0);
    }

    /** Reads each row once and takes its dot product with all k vectors while it is in cache. */
    @Override
    public void applyBlock(int k, double[][] x, double[][] y) {
        if (k == 1) {
            apply(x[0], y[0]);
            return;
        }
        for (int i = 0; i < rows; i++) {
            int row = offset + i * ld;
            for (int j = 0; j < k; j++) {
                y[j][i] = V.dot(cols, a, row, x[j], 0);
            }
        }
    }

    /** Reads each row once and adds its multiple to all k outputs while it is in cache. */
    @Override
    public void applyTransposeBlock(int k, double[][] x, double[][] y) {
        if (k == 1) {
            applyTranspose(x[0], y[0]);
            return;
        }
        for (int j = 0; j < k; j++) {
            V.fill(cols, 0, y[j], 0);
        }
        for (int i = 0; i < rows; i++) {
            int row = offset + i * ld;
            for (int j = 0; j < k; j++) {
                V.axpy(cols, x[j][i], a, row, y[j], 0);
            }
        }
    }

    @Override
    public String toString() {
        return "dense " + rows + "×" + cols + " (" + structure + ")";
    }
}
