package org.rootgrad.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.rootgrad.engine.internal.KernelProvider;

/**
 * Every Vector API kernel returns the same bits whether the Vector API runs as its Java
 * fallback or as C2's intrinsics. {@link TierProbe} runs every array, matrix and loss kernel on
 * fixed inputs:
 *
 * <ul>
 *   <li>once in a child JVM started with {@code -Xint}: everything is interpreted, so every
 *       vector operation runs the Java fallback ({@code reduceLanes(ADD)} would add lanes
 *       sequentially there and {@code lanewise(EXP)} call {@link Math#exp} per lane);</li>
 *   <li>and once in a child JVM with C2 only ({@code -XX:-TieredCompilation -Xbatch}, so that
 *       compilation is synchronous and no other test's profile pollutes it), after warm-up, in a
 *       window of runs that allocated nothing: the fallback boxes every vector on the heap, and
 *       so does C1, so a run that allocates nothing executed every vector operation in
 *       C2-compiled code (SVML and tree reductions, were they used).</li>
 * </ul>
 *
 * The two result arrays must be equal bit for bit (NaNs as one value, see below). The C2-only
 * child also checks the kernels' robustness: without C1's profiles, C2 boxes every vector whose
 * class it cannot prove (PanamaArrayKernels explains when), on every call, so that child never
 * reaches an allocation-free window (exit status 2) unless every kernel avoids such vectors.
 */
class TierIndependenceTest {

    @Test
    void interpretedAndC2CompiledKernelsGiveTheSameBits() throws Exception {
        Implementations.get(Implementations.PANAMA); // skips where the Vector API is absent
        List<String> interpreted = runChild("interpreted", "-Xint");
        List<String> compiledRun = runChild("compiled", "-XX:-TieredCompilation", "-Xbatch");

        TierProbe probe = new TierProbe(ArrayKernels.panama(), MatrixKernels.panama()); // for labels
        assertEquals(probe.length(), interpreted.size(), "results printed by the interpreted run");
        assertEquals(probe.length(), compiledRun.size(), "results printed by the compiled run");
        for (int i = 0; i < probe.length(); i++) {
            double expected = Double.longBitsToDouble(Long.parseUnsignedLong(interpreted.get(i), 16));
            double compiled = Double.longBitsToDouble(Long.parseUnsignedLong(compiledRun.get(i), 16));
            // Bits compared as doubleToLongBits does: every NaN is one NaN. Java specifies no NaN
            // payload or sign, and they do differ between tiers even in scalar code (Math.fma's
            // Java fallback returns the canonical NaN, the FMA instruction propagates an operand's).
            if (Double.doubleToLongBits(compiled) != Double.doubleToLongBits(expected)) {
                int at = i;
                assertEquals(expected, compiled, () -> probe.labelOf(at) + ": interpreted " + expected
                        + " vs compiled " + compiled + " (bits differ)");
                assertEquals(Double.doubleToLongBits(expected), Double.doubleToLongBits(compiled),
                        () -> probe.labelOf(at) + ": the sign of zero differs");
            }
        }
    }

    private static List<String> runChild(String mode, String... jvmFlags) throws IOException, InterruptedException {
        String launcher = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String vector = System.getProperty(KernelProvider.VECTOR_PROPERTY, "true");
        List<String> command = new ArrayList<>(List.of(launcher));
        command.addAll(List.of(jvmFlags));
        command.addAll(List.of("--add-modules", "jdk.incubator.vector", "-D" + KernelProvider.VECTOR_PROPERTY + "=" + vector,
                "-cp", System.getProperty("java.class.path"), TierProbe.class.getName(), mode));
        ProcessBuilder pb = new ProcessBuilder(command);
        Path errors = Files.createTempFile("tier-probe-" + mode, ".err");
        pb.redirectError(errors.toFile());
        Process child = pb.start();
        String output;
        try (InputStream in = child.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
        assertTrue(child.waitFor(300, TimeUnit.SECONDS), mode + " probe timed out");
        String stderr = Files.readString(errors);
        Files.deleteIfExists(errors);
        assertEquals(0, child.exitValue(), mode + " probe failed: " + stderr.lines()
                .filter(l -> !l.startsWith("WARNING")).reduce("", (a, b) -> a + b + "\n"));
        return output.lines().toList();
    }
}
