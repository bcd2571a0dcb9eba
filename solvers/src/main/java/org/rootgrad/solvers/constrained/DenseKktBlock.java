package org.rootgrad.solvers.constrained;

/**
 * A condition whose Jacobian ∂zF at the linearisation point is, up to a permutation, block
 * diagonal: a dense block on some coordinates and the identity on the others (the fixed
 * coordinates and inactive multipliers of an active-set form). A direct derivative factors the
 * block only.
 */
interface DenseKktBlock {

    /** The size of the dense block. */
    int blockSize();

    /** The coordinates of z the block covers, ascending; {@code out} has at least blockSize elements. */
    void blockIndices(int[] out);

    /** Writes the block of ∂zF (blockSize × blockSize, row-major) at the linearisation point. */
    void blockMatrix(double[] out);
}
