package org.rootgrad.solvers.constrained;

import org.rootgrad.engine.linalg.LU;
import org.rootgrad.error.SingularOperatorException;
import org.rootgrad.error.Status;
import org.rootgrad.implicit.RootFunction;

/**
 * The exact inverse of a block-diagonal KKT Jacobian (a dense block, the identity elsewhere) by an
 * LU factorisation of the dense block alone: what active-set reduction saves in a direct solve is
 * the cube of the coordinates it removes. Conditions that do not expose a block are materialised
 * column by column from their products. The factorisation is remade when the block's size
 * changes (a new active set), otherwise reused: per thread.
 */
final class BlockLuInverse implements KktInverse {
    private final int dimension;
    private final int[] index;
    private double[] rb;
    private double[] zb;
    private int size;
    private LU lu;
    private double[] matrix;
    private double[] unit;
    private double[] column;

    BlockLuInverse(int dimension) {
        this.dimension = dimension;
        this.index = new int[dimension];
    }

    /**
     * Factors ∂zF of {@code condition} at its current linearisation point.
     *
     * @throws SingularOperatorException if the block is singular (a degenerate active set or
     *         linearly dependent active constraints: the derivative does not exist)
     */
    void factor(String solver, RootFunction condition) {
        if (condition instanceof DenseKktBlock block) {
            size = block.blockSize();
            block.blockIndices(index);
            ensure(size);
            block.blockMatrix(matrix);
        } else {
            size = dimension;
            for (int i = 0; i < size; i++) {
                index[i] = i;
            }
            ensure(size);
            if (unit == null) {
                unit = new double[dimension];
                column = new double[dimension];
            }
            for (int j = 0; j < size; j++) {
                java.util.Arrays.fill(unit, 0);
                unit[j] = 1;
                condition.jvpX(unit, column);
                for (int i = 0; i < size; i++) {
                    matrix[i * size + j] = column[i];
                }
            }
        }
        if (!lu.tryFactor(matrix, 0, Math.max(1, size))) {
            throw new SingularOperatorException(solver + ": the KKT matrix at the solution is "
                    + (lu.status() == Status.NON_FINITE ? "not finite" : "singular")
                    + " (a degenerate active set or linearly dependent active constraints: "
                    + "the solution is not differentiable there)", lu.failedPivot());
        }
    }

    private void ensure(int s) {
        if (lu == null || lu.size() != s) {
            lu = new LU(s);
            matrix = new double[s * s];
            rb = new double[s];
            zb = new double[s];
        }
    }

    /** The size of the last factored block. */
    int blockSize() {
        return size;
    }

    @Override
    public void solve(double[] r, double[] z) {
        apply(r, z, false);
    }

    @Override
    public void solveTranspose(double[] r, double[] z) {
        apply(r, z, true);
    }

    private void apply(double[] r, double[] z, boolean transpose) {
        System.arraycopy(r, 0, z, 0, dimension); // identity outside the block
        for (int k = 0; k < size; k++) {
            rb[k] = r[index[k]];
        }
        if (size > 0) {
            if (transpose) {
                lu.solveTranspose(rb, zb);
            } else {
                lu.solve(rb, zb);
            }
        }
        for (int k = 0; k < size; k++) {
            z[index[k]] = zb[k];
        }
    }
}
