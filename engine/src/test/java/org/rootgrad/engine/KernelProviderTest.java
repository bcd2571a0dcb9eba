package org.rootgrad.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;
import org.rootgrad.engine.internal.KernelProvider;

/**
 * The active implementation follows the {@code rootgrad.vector} property. Surefire runs the
 * engine's tests twice (see engine/pom.xml): once by default, where this machine must use the
 * Vector API kernels, and once with {@code -Drootgrad.vector=false}, where the scalar twins must
 * be active although the Vector API is present.
 */
class KernelProviderTest {

    private static boolean vectorDisabledByProperty() {
        return "false".equalsIgnoreCase(System.getProperty(KernelProvider.VECTOR_PROPERTY));
    }

    @Test
    void scalarTwinIsActiveWhenThePropertyDisablesTheVectorApi() {
        assumeTrue(vectorDisabledByProperty(), "this run leaves the Vector API enabled");
        assertSame(ArrayKernels.scalar(), ArrayKernels.active());
        assertEquals("scalar", ArrayKernels.active().name());
        assertTrue(KernelProvider.description().startsWith("array=scalar (rootgrad.vector=false)"),
                KernelProvider.description());
    }

    @Test
    void vectorApiKernelsAreActiveOtherwiseWhereverTheModuleIsResolved() {
        assumeTrue(!vectorDisabledByProperty(), "this run disables the Vector API");
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            // Without the module the twins must be active (and the reason is logged).
            assertSame(ArrayKernels.scalar(), ArrayKernels.active());
            assertTrue(KernelProvider.description().contains("jdk.incubator.vector"), KernelProvider.description());
            return;
        }
        // Every x86-64 CPU with AVX2 or AVX-512, and every aarch64 one, has >= 4 lanes of double.
        assertSame(ArrayKernels.panama(), ArrayKernels.active());
        assertEquals("panama(" + 64 * Implementations.lanes() + "-bit)", ArrayKernels.active().name());
        assertTrue(KernelProvider.description().startsWith("array=panama("), KernelProvider.description());
    }

    @Test
    void panamaIsTheSameInstanceWhetherActiveOrNot() {
        assumeTrue(Implementations.panama().isPresent(), () -> Implementations.panamaUnavailableReason());
        assertSame(ArrayKernels.panama(), ArrayKernels.panama());
        assertEquals(ArrayKernels.panama().getClass().getSimpleName(), "PanamaArrayKernels");
    }
}
