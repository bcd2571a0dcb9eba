package org.rootgrad.engine.internal;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Holder of the Vector API species constant, kept apart so that {@link KernelProvider} can probe
 * the Vector API (by loading this class) before any kernel touches it.
 *
 * <p>Every Panama kernel sums the lanes of a vector in a fixed order, never with
 * {@code reduceLanes(ADD)}, whose order is unspecified (HotSpot's Java fallback adds
 * sequentially, C2 in a tree of its own), so that results do not depend on the JIT tier. One
 * vector (dot, sum, ...) is summed by a tree of scalar adds on the extracted lanes:
 * ((v₀ + v₁) + (v₂ + v₃)) + ((v₄ + v₅) + (v₆ + v₇)) for 8 lanes, (v₀ + v₁) + (v₂ + v₃) for 4;
 * this costs no more than {@code reduceLanes(ADD)} (dot at n = 1000: 52 ns either way), where a
 * tree of constant {@code rearrange}s measured 15 ns more per call. Several rows at once (gemv,
 * the loss sweeps) are summed by a transposing tree of rearranges, blends and lane-wise adds,
 * which leaves each row's sum in its own lane with a quarter of the operations. Lane extraction,
 * rearranges and blends are exact and the adds exactly rounded, so the Java fallback
 * (interpreter, C1) and C2 give the same bits. The kernels support 4 or 8 lanes.
 */
public final class Lanes {
    private Lanes() {}

    public static final VectorSpecies<Double> DOUBLE = DoubleVector.SPECIES_PREFERRED;

    /** Number of double lanes of the preferred species on this CPU. */
    public static int preferredDoubleLanes() {
        return DOUBLE.length();
    }
}
