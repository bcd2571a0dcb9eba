package org.rootgrad.engine;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import java.util.Optional;
import org.rootgrad.engine.internal.Lanes;

/**
 * The two {@link ArrayKernels} implementations under test. Tests that need the Vector API one ask
 * for it through {@link #get(String)}, which skips the test with an assumption (reported as
 * skipped, never as passed) where {@code jdk.incubator.vector} is unavailable.
 */
final class Implementations {
    private Implementations() {}

    static final String SCALAR = "scalar";
    static final String PANAMA = "panama";
    static final List<String> NAMES = List.of(SCALAR, PANAMA);

    private static final Optional<ArrayKernels> PANAMA_KERNELS;
    private static final String PANAMA_UNAVAILABLE;

    static {
        ArrayKernels kernels = null;
        String reason = null;
        try {
            kernels = ArrayKernels.panama();
        } catch (UnsupportedOperationException e) {
            reason = e.getMessage();
        }
        PANAMA_KERNELS = Optional.ofNullable(kernels);
        PANAMA_UNAVAILABLE = reason;
    }

    static Optional<ArrayKernels> panama() {
        return PANAMA_KERNELS;
    }

    static String panamaUnavailableReason() {
        return PANAMA_UNAVAILABLE;
    }

    /** The named implementation; for "panama" skips the calling test if it is unavailable. */
    static ArrayKernels get(String name) {
        if (SCALAR.equals(name)) {
            return ArrayKernels.scalar();
        }
        assumeTrue(PANAMA_KERNELS.isPresent(), () -> PANAMA_UNAVAILABLE);
        return PANAMA_KERNELS.get();
    }

    /** Lanes of the preferred double vector, or 8 (AVX-512's count) where the Vector API is absent. */
    static int lanes() {
        return PANAMA_KERNELS.isPresent() ? Lanes.preferredDoubleLanes() : 8;
    }

    /**
     * The awkward sizes every kernel is tested on: empty, tiny, around one vector, around the
     * scalar-loop threshold (two vectors) and the four-vector unrolled stride, a prime, and two
     * primes past the L1-resident sizes with every kind of tail.
     */
    static int[] sizes() {
        int l = lanes();
        return java.util.stream.IntStream.of(0, 1, 2, 3, l - 1, l, l + 1, 2 * l - 1, 2 * l, 2 * l + 1,
                        4 * l - 1, 4 * l, 5 * l + 3, 31, 1021, 4099)
                .distinct().sorted().toArray();
    }
}
