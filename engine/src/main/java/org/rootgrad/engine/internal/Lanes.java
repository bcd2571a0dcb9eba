package org.rootgrad.engine.internal;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Holder of the Vector API species and shuffle constants, kept apart so that
 * {@link KernelProvider} can probe the Vector API (by loading this class) before any kernel
 * touches it.
 *
 * <p>The three shuffles define the one order in which every Panama kernel sums the lanes of a
 * vector: v + v[i ^ L/2], then + v[i ^ L/4], then (8 lanes) + v[i ^ 1], then lane 0. Lane-wise
 * additions and rearranges are exact or exactly rounded, so the Vector API's Java fallback (the
 * interpreter and C1) and C2's instructions produce the same bits, which
 * {@code reduceLanes(ADD)} does not promise: its order is unspecified, and HotSpot's fallback
 * adds sequentially while C2 adds in a tree.
 */
public final class Lanes {
    private Lanes() {}

    public static final VectorSpecies<Double> DOUBLE = DoubleVector.SPECIES_PREFERRED;

    /** Lane i takes lane i ^ (L/2): the upper and lower halves swapped. */
    static final VectorShuffle<Double> SWAP_HALVES = xorShuffle(DOUBLE.length() / 2);
    /** Lane i takes lane i ^ (L/4). */
    static final VectorShuffle<Double> SWAP_QUARTERS = xorShuffle(Math.max(1, DOUBLE.length() / 4));
    /** Lane i takes lane i ^ (L/8); used only with 8 lanes. */
    static final VectorShuffle<Double> SWAP_EIGHTHS = xorShuffle(Math.max(1, DOUBLE.length() / 8));

    private static VectorShuffle<Double> xorShuffle(int distance) {
        return VectorShuffle.fromOp(DOUBLE, i -> i ^ distance);
    }

    /** Number of double lanes of the preferred species on this CPU. */
    public static int preferredDoubleLanes() {
        return DOUBLE.length();
    }
}
