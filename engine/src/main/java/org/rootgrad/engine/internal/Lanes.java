package org.rootgrad.engine.internal;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Holder of the Vector API species constants, kept apart so that {@link KernelProvider} can probe
 * the Vector API (by loading this class) before any kernel touches it.
 */
public final class Lanes {
    private Lanes() {}

    public static final VectorSpecies<Double> DOUBLE = DoubleVector.SPECIES_PREFERRED;

    /** Number of double lanes of the preferred species on this CPU. */
    public static int preferredDoubleLanes() {
        return DOUBLE.length();
    }
}
