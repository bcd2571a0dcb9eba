package org.rootgrad.autodiff;

import org.rootgrad.error.DimensionMismatchException;

/**
 * The shape of a tensor on the tape: a scalar (rank 0), a vector of n elements (rank 1) or a
 * row-major matrix of rows×cols elements (rank 2). Data is always a flat {@code double[]} of
 * {@link #size()} elements; element (i, j) of a matrix is at {@code i*cols + j}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param rank 0, 1 or 2
 * @param rows 1 for a scalar, n for a vector, the number of rows for a matrix
 * @param cols 1 for scalars and vectors, the number of columns for a matrix
 */
public record Shape(int rank, int rows, int cols) {

    private static final Shape SCALAR = new Shape(0, 1, 1);

    /**
     * @throws DimensionMismatchException if the rank is not 0, 1 or 2, a size is negative, or a
     *     scalar or vector has a column count other than 1
     */
    public Shape {
        if (rank < 0 || rank > 2) {
            throw new DimensionMismatchException("tensor rank must be 0, 1 or 2, got " + rank);
        }
        if (rows < 0 || cols < 0) {
            throw new DimensionMismatchException(
                    "tensor sizes must be non-negative, got " + rows + "×" + cols);
        }
        if ((rank == 0 && (rows != 1 || cols != 1)) || (rank == 1 && cols != 1)) {
            throw new DimensionMismatchException("a rank-" + rank + " shape cannot be " + rows
                    + "×" + cols);
        }
        if ((long) rows * cols > Integer.MAX_VALUE) {
            throw new DimensionMismatchException(
                    "tensor of " + rows + "×" + cols + " elements is too large");
        }
    }

    /** The scalar shape []. */
    public static Shape scalar() {
        return SCALAR;
    }

    /** A vector of n elements, [n]. */
    public static Shape vector(int n) {
        return new Shape(1, n, 1);
    }

    /** A row-major rows×cols matrix. */
    public static Shape matrix(int rows, int cols) {
        return new Shape(2, rows, cols);
    }

    /**
     * From dimensions: {@code of()} is a scalar, {@code of(n)} a vector, {@code of(r, c)} a matrix.
     *
     * @throws DimensionMismatchException for more than two dimensions or negative sizes
     */
    public static Shape of(int... dims) {
        return switch (dims.length) {
            case 0 -> SCALAR;
            case 1 -> vector(dims[0]);
            case 2 -> matrix(dims[0], dims[1]);
            default -> throw new DimensionMismatchException(
                    "tensors have at most 2 dimensions, got " + dims.length);
        };
    }

    /** Number of elements: 1 for a scalar, n for a vector, rows·cols for a matrix. */
    public int size() {
        return rows * cols;
    }

    /** True when the tensor holds exactly one element, whatever its rank. */
    public boolean isScalarLike() {
        return size() == 1;
    }

    /** "[]", "[n]" or "[rows×cols]". */
    @Override
    public String toString() {
        return switch (rank) {
            case 0 -> "[]";
            case 1 -> "[" + rows + "]";
            default -> "[" + rows + "×" + cols + "]";
        };
    }
}
