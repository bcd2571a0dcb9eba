package org.rootgrad.bench.engine;

import static jdk.incubator.vector.VectorOperators.ADD;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.CompilerControl;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.rootgrad.engine.ArrayKernels;

/**
 * What limits the Vector API dot product at L1-resident sizes? Heap arrays are only 8-byte
 * aligned, so most 64-byte loads straddle two cache lines, and the Vector API cannot peel to an
 * alignment it cannot see. This class measures, at n = 1000 (16 kB, in L1):
 * <ul>
 *   <li>{@code dot_kernel}: the engine's kernel (512-bit, 4 accumulators) at element offsets
 *       0..7 into both arrays: the offsets that align one of the two arrays show the cost of
 *       the other's split loads;
 *   <li>{@code dot_width256} and {@code dot_unroll8}: the same loop on 256-bit vectors, and
 *       with 8 accumulators;
 *   <li>{@code dot_kernelAlign64}: the kernel in a JVM started with
 *       {@code -XX:ObjectAlignmentInBytes=64}, where every array's data starts 16 bytes past a
 *       64-byte boundary, so offset 6 aligns both arrays;
 *   <li>{@code dot_segment512} and {@code dot_segment256}: 64-byte-aligned off-heap segments,
 *       the best case for loads.
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class DotAlignmentBenchmark {

    private static final VectorSpecies<Double> S512 = DoubleVector.SPECIES_512;
    private static final VectorSpecies<Double> S256 = DoubleVector.SPECIES_256;

    /** Two heap arrays and a common element offset into both. */
    @State(Scope.Thread)
    public static class Heap {
        @Param({"1000"})
        int n;

        @Param({"0", "1", "2", "3", "4", "5", "6", "7"})
        int offset;

        double[] x;
        double[] y;
        ArrayKernels kernels;

        @Setup
        public void setUp() {
            SplittableRandom random = new SplittableRandom(7);
            x = random.doubles(n + 8, -1, 1).toArray();
            y = random.doubles(n + 8, -1, 1).toArray();
            kernels = ArrayKernels.panama();
        }
    }

    /** Two 64-byte-aligned off-heap segments. */
    @State(Scope.Thread)
    public static class OffHeap {
        @Param({"1000"})
        int n;

        Arena arena;
        MemorySegment x;
        MemorySegment y;

        @Setup
        public void setUp() {
            arena = Arena.ofConfined();
            x = arena.allocate(ValueLayout.JAVA_DOUBLE.byteSize() * n, 64);
            y = arena.allocate(ValueLayout.JAVA_DOUBLE.byteSize() * n, 64);
            SplittableRandom random = new SplittableRandom(7);
            for (int i = 0; i < n; i++) {
                x.setAtIndex(ValueLayout.JAVA_DOUBLE, i, random.nextDouble(-1, 1));
                y.setAtIndex(ValueLayout.JAVA_DOUBLE, i, random.nextDouble(-1, 1));
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            arena.close();
        }
    }

    @Benchmark
    public double dot_kernel(Heap h) {
        return h.kernels.dot(h.n, h.x, h.offset, h.y, h.offset);
    }

    @Benchmark
    @Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-XX:ObjectAlignmentInBytes=64"})
    public double dot_kernelAlign64(Heap h) {
        return h.kernels.dot(h.n, h.x, h.offset, h.y, h.offset);
    }

    @Benchmark
    public double dot_width256(Heap h) {
        return dot4(S256, h.n, h.x, h.offset, h.y, h.offset);
    }

    @Benchmark
    public double dot_unroll8(Heap h) {
        return dot8(h.n, h.x, h.offset, h.y, h.offset);
    }

    @Benchmark
    public double dot_segment512(OffHeap s) {
        return dotSegment(S512, s.n, s.x, s.y);
    }

    @Benchmark
    public double dot_segment256(OffHeap s) {
        return dotSegment(S256, s.n, s.x, s.y);
    }

    /**
     * The kernel's loop on any species: 4 accumulators, then a vector and a scalar tail. Forced
     * inline so that the species is a constant in each caller (else every vector is boxed;
     * gc.alloc.rate.norm shows it).
     */
    @CompilerControl(CompilerControl.Mode.INLINE)
    private static double dot4(VectorSpecies<Double> s, int n, double[] x, int xOff, double[] y, int yOff) {
        int l = s.length();
        DoubleVector a0 = DoubleVector.zero(s), a1 = a0, a2 = a0, a3 = a0;
        int i = 0;
        for (int b = n - n % (4 * l); i < b; i += 4 * l) {
            a0 = DoubleVector.fromArray(s, x, xOff + i).fma(DoubleVector.fromArray(s, y, yOff + i), a0);
            a1 = DoubleVector.fromArray(s, x, xOff + i + l).fma(DoubleVector.fromArray(s, y, yOff + i + l), a1);
            a2 = DoubleVector.fromArray(s, x, xOff + i + 2 * l).fma(DoubleVector.fromArray(s, y, yOff + i + 2 * l), a2);
            a3 = DoubleVector.fromArray(s, x, xOff + i + 3 * l).fma(DoubleVector.fromArray(s, y, yOff + i + 3 * l), a3);
        }
        a0 = a0.add(a1).add(a2.add(a3));
        for (int b = s.loopBound(n); i < b; i += l) {
            a0 = DoubleVector.fromArray(s, x, xOff + i).fma(DoubleVector.fromArray(s, y, yOff + i), a0);
        }
        double sum = a0.reduceLanes(ADD);
        for (; i < n; i++) {
            sum = Math.fma(x[xOff + i], y[yOff + i], sum);
        }
        return sum;
    }

    /** 512-bit, 8 accumulators: two FMA pipes × 4 cycles of latency in flight. */
    private static double dot8(int n, double[] x, int xOff, double[] y, int yOff) {
        DoubleVector a0 = DoubleVector.zero(S512), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
        int i = 0;
        for (int b = n - n % 64; i < b; i += 64) {
            a0 = DoubleVector.fromArray(S512, x, xOff + i).fma(DoubleVector.fromArray(S512, y, yOff + i), a0);
            a1 = DoubleVector.fromArray(S512, x, xOff + i + 8).fma(DoubleVector.fromArray(S512, y, yOff + i + 8), a1);
            a2 = DoubleVector.fromArray(S512, x, xOff + i + 16).fma(DoubleVector.fromArray(S512, y, yOff + i + 16), a2);
            a3 = DoubleVector.fromArray(S512, x, xOff + i + 24).fma(DoubleVector.fromArray(S512, y, yOff + i + 24), a3);
            a4 = DoubleVector.fromArray(S512, x, xOff + i + 32).fma(DoubleVector.fromArray(S512, y, yOff + i + 32), a4);
            a5 = DoubleVector.fromArray(S512, x, xOff + i + 40).fma(DoubleVector.fromArray(S512, y, yOff + i + 40), a5);
            a6 = DoubleVector.fromArray(S512, x, xOff + i + 48).fma(DoubleVector.fromArray(S512, y, yOff + i + 48), a6);
            a7 = DoubleVector.fromArray(S512, x, xOff + i + 56).fma(DoubleVector.fromArray(S512, y, yOff + i + 56), a7);
        }
        a0 = a0.add(a1).add(a2.add(a3)).add(a4.add(a5).add(a6.add(a7)));
        for (int b = S512.loopBound(n); i < b; i += 8) {
            a0 = DoubleVector.fromArray(S512, x, xOff + i).fma(DoubleVector.fromArray(S512, y, yOff + i), a0);
        }
        double sum = a0.reduceLanes(ADD);
        for (; i < n; i++) {
            sum = Math.fma(x[xOff + i], y[yOff + i], sum);
        }
        return sum;
    }

    @CompilerControl(CompilerControl.Mode.INLINE)
    private static double dotSegment(VectorSpecies<Double> s, int n, MemorySegment x, MemorySegment y) {
        int l = s.length();
        long step = 8L * l;
        ByteOrder order = ByteOrder.nativeOrder();
        DoubleVector a0 = DoubleVector.zero(s), a1 = a0, a2 = a0, a3 = a0;
        long i = 0;
        for (long b = 8L * (n - n % (4 * l)); i < b; i += 4 * step) {
            a0 = DoubleVector.fromMemorySegment(s, x, i, order).fma(DoubleVector.fromMemorySegment(s, y, i, order), a0);
            a1 = DoubleVector.fromMemorySegment(s, x, i + step, order)
                    .fma(DoubleVector.fromMemorySegment(s, y, i + step, order), a1);
            a2 = DoubleVector.fromMemorySegment(s, x, i + 2 * step, order)
                    .fma(DoubleVector.fromMemorySegment(s, y, i + 2 * step, order), a2);
            a3 = DoubleVector.fromMemorySegment(s, x, i + 3 * step, order)
                    .fma(DoubleVector.fromMemorySegment(s, y, i + 3 * step, order), a3);
        }
        a0 = a0.add(a1).add(a2.add(a3));
        for (long b = 8L * s.loopBound(n); i < b; i += step) {
            a0 = DoubleVector.fromMemorySegment(s, x, i, order).fma(DoubleVector.fromMemorySegment(s, y, i, order), a0);
        }
        double sum = a0.reduceLanes(ADD);
        for (long j = i / 8; j < n; j++) {
            sum = Math.fma(x.getAtIndex(ValueLayout.JAVA_DOUBLE, j), y.getAtIndex(ValueLayout.JAVA_DOUBLE, j), sum);
        }
        return sum;
    }
}
