package org.rootgrad.engine.internal;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Holder of the Vector API species constant, kept apart so that {@link KernelProvider} can probe
 * the Vector API (by loading this class) before any kernel touches it.
 *
 * <p>Every Panama kernel sums the lanes of a vector in one fixed order, a tree of scalar adds
 * on the extracted lanes: ((v₀ + v₁) + (v₂ + v₃)) + ((v₄ + v₅) + (v₆ + v₇)) for 8 lanes,
 * (v₀ + v₁) + (v₂ + v₃) for 4. Lane extraction is exact and the adds exactly rounded, so the
 * Vector API's Java fallback (interpreter, C1) and C2's code give the same bits, which
 * {@code reduceLanes(ADD)} does not promise (its order is unspecified: HotSpot's fallback adds
 * sequentially, C2 in a tree of its own). Written out with extracts, it also costs no more than
 * {@code reduceLanes(ADD)} (measured: dot at n = 1000, 52 ns either way), where a tree of
 * constant {@code rearrange}s measured 15 ns more per call. Hence the kernels support 4 or 8
 * lanes only.
 */
public final class Lanes {
    private Lanes() {}

    public static final VectorSpecies<Double> DOUBLE = DoubleVector.SPECIES_PREFERRED;

    /** Number of double lanes of the preferred species on this CPU. */
    public static int preferredDoubleLanes() {
        return DOUBLE.length();
    }
}
