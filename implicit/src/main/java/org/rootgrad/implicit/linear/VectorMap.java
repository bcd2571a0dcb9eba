package org.rootgrad.implicit.linear;

/**
 * A linear map between whole vectors, {@code out ← L(in)}: how matrix-free operators and
 * user-supplied preconditioners are written. An implementation must overwrite every element of
 * {@code out}, must not retain either array, and may assume they are distinct. Its thread
 * safety is the implementer's; operators and preconditioners built on it inherit it.
 */
@FunctionalInterface
public interface VectorMap {

    /** out ← L(in). The lengths are fixed by the operator or preconditioner that holds the map. */
    void apply(double[] in, double[] out);
}
