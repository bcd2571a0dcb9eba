package org.rootgrad.engine;

import org.rootgrad.error.Checks;
import org.rootgrad.error.DimensionMismatchException;
import org.rootgrad.error.InvalidOptionException;
import org.rootgrad.error.NonFiniteException;

/**
 * A row-major matrix X (rows × cols) in single precision, for products that need about seven
 * digits, such as the Hessian-vector products of an inexact Newton inner solve: a pass over it
 * reads half the bytes of X. Entry (i, j) is stored as fl(xᵢⱼ·2⁻ᵉ), with 2ᵉ the power of two at
 * or below max|xᵢⱼ|: every stored entry is below 2 in magnitude, so that no product of the
 * kernels overflows, and an entry below 2⁻¹²⁶ of the largest loses precision (it becomes
 * subnormal, or zero). Rows are stored back to back, unpadded, when they are at least
 * {@value #PAD} floats (one 512-bit vector) wide: the kernels load a row's last {@value #PAD}
 * columns for its tail, and padding every row to whole vectors cost a pass 12% more bytes at
 * 100 columns (28% at 50); narrower rows are padded with zeros to {@value #PAD}. The products
 * live in {@link LossKernels}.
 *
 * <p>Immutable once built: shareable between threads.
 */
public final class SinglePrecisionRows {
    /** Rows narrower than this many floats are padded with zeros to it. */
    public static final int PAD = 16;

    final int rows;
    final int cols;
    final int ld;
    final int exponent;
    final float[] data;

    private SinglePrecisionRows(int rows, int cols, int ld, int exponent, float[] data) {
        this.rows = rows;
        this.cols = cols;
        this.ld = ld;
        this.exponent = exponent;
        this.data = data;
    }

    /**
     * The single-precision copy of the rows × cols matrix at {@code x[xOff + i·ldx + j]}.
     *
     * @throws DimensionMismatchException if the matrix does not lie within x
     * @throws NonFiniteException     if an entry is NaN or infinite
     * @throws InvalidOptionException if the padded copy would exceed an array's 2³¹ − 1 elements
     */
    public static SinglePrecisionRows of(int rows, int cols, double[] x, int xOff, int ldx) {
        Checks.matrix("x", x, xOff, rows, cols, ldx);
        int ld = Math.max(cols, PAD);
        long size = (long) rows * ld;
        if (size > Integer.MAX_VALUE) {
            throw InvalidOptionException.of("rows·max(cols, " + PAD + ")", size, "<= " + Integer.MAX_VALUE);
        }
        double largest = 0;
        for (int i = 0; i < rows; i++) {
            int row = xOff + i * ldx;
            for (int j = 0; j < cols; j++) {
                double v = x[row + j];
                if (!Double.isFinite(v)) {
                    throw new NonFiniteException("x[" + i + ", " + j + "] is " + v + "; it must be finite");
                }
                largest = Math.max(largest, Math.abs(v));
            }
        }
        int exponent = largest == 0 ? 0 : Math.getExponent(largest);
        double scale = Math.scalb(1.0, -exponent); // exact: a power of two within double's range
        float[] data = new float[(int) size];
        for (int i = 0; i < rows; i++) {
            int row = xOff + i * ldx;
            for (int j = 0; j < cols; j++) {
                data[i * ld + j] = (float) (x[row + j] * scale);
            }
        }
        return new SinglePrecisionRows(rows, cols, ld, exponent, data);
    }

    /** The number of rows. */
    public int rows() {
        return rows;
    }

    /** The number of columns. */
    public int cols() {
        return cols;
    }

    /** Floats per stored row: cols, or {@value #PAD} for narrower rows. */
    public int leadingDimension() {
        return ld;
    }

    /** e, the power of two the stored entries are scaled by: xᵢⱼ ≈ 2ᵉ·stored. */
    public int exponent() {
        return exponent;
    }

    /** Entry (i, j) as the products see it: 2ᵉ·fl(xᵢⱼ·2⁻ᵉ). */
    public double get(int i, int j) {
        if (i < 0 || i >= rows || j < 0 || j >= cols) {
            throw new DimensionMismatchException(
                    "entry (" + i + ", " + j + ") is outside the " + rows + "×" + cols + " matrix");
        }
        return Math.scalb((double) data[i * ld + j], exponent);
    }

    /** Bytes held by the copy. */
    public long bytes() {
        return (long) data.length * Float.BYTES;
    }
}
