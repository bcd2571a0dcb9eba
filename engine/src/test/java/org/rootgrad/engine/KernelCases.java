package org.rootgrad.engine;

import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * Parameter source shared by the kernel tests: every implementation × every awkward size ×
 * two offset layouts (all zero, and distinct non-zero offsets so that the arrays are misaligned
 * relative to each other).
 */
final class KernelCases {
    private KernelCases() {}

    /** Offsets of up to four array arguments, in argument order. */
    record Offsets(int a, int b, int c, int d) {
        @Override
        public String toString() {
            return "offsets " + a + "," + b + "," + c + "," + d;
        }
    }

    static final Offsets ZERO = new Offsets(0, 0, 0, 0);
    static final Offsets SHIFTED = new Offsets(1, 3, 2, 5);

    /** Arguments (String implementation, int n, Offsets offsets). */
    static Stream<Arguments> cases() {
        return Implementations.NAMES.stream().flatMap(impl -> java.util.Arrays.stream(Implementations.sizes())
                .boxed()
                .flatMap(n -> Stream.of(ZERO, SHIFTED).map(o -> Arguments.of(impl, n, o))));
    }
}
