package org.rootgrad.engine.internal;

import java.util.Optional;
import org.rootgrad.engine.ArrayKernels;
import org.rootgrad.engine.MatrixKernels;

/**
 * Chooses the kernel implementations once, at class initialisation. The Vector API ones are used
 * when the {@code jdk.incubator.vector} module is present in the boot layer, the preferred
 * double species has at least 4 lanes, and the system property {@code rootgrad.vector} is not
 * {@code false}; otherwise the scalar twins are. The Panama classes are looked up by name so
 * that this class links, and the scalar path works, where the incubator module is absent.
 */
public final class KernelProvider {
    private KernelProvider() {}

    public static final ArrayKernels SCALAR_ARRAY = new ScalarArrayKernels();
    public static final MatrixKernels SCALAR_MATRIX = new ScalarMatrixKernels();

    private static final String PANAMA_ARRAY = "org.rootgrad.engine.internal.PanamaArrayKernels";
    private static final String PANAMA_MATRIX = "org.rootgrad.engine.internal.PanamaMatrixKernels";

    /** Why the Vector API is unavailable, or empty when it is available. */
    private static final Optional<String> PANAMA_UNAVAILABLE = probePanama();
    private static final boolean VECTOR_REQUESTED =
            !"false".equalsIgnoreCase(System.getProperty("rootgrad.vector", "true"));

    public static final ArrayKernels ACTIVE_ARRAY = VECTOR_REQUESTED && PANAMA_UNAVAILABLE.isEmpty()
            ? (ArrayKernels) instantiate(PANAMA_ARRAY) : SCALAR_ARRAY;
    public static final MatrixKernels ACTIVE_MATRIX = VECTOR_REQUESTED && PANAMA_UNAVAILABLE.isEmpty()
            ? (MatrixKernels) instantiate(PANAMA_MATRIX) : SCALAR_MATRIX;

    public static ArrayKernels panamaArray() {
        requirePanama();
        return ACTIVE_ARRAY != SCALAR_ARRAY ? ACTIVE_ARRAY : (ArrayKernels) instantiate(PANAMA_ARRAY);
    }

    public static MatrixKernels panamaMatrix() {
        requirePanama();
        return ACTIVE_MATRIX != SCALAR_MATRIX ? ACTIVE_MATRIX : (MatrixKernels) instantiate(PANAMA_MATRIX);
    }

    /** One line saying which kernels are active and why, for logs and benchmark reports. */
    public static String description() {
        if (!VECTOR_REQUESTED) {
            return "scalar (rootgrad.vector=false)";
        }
        return PANAMA_UNAVAILABLE.map(reason -> "scalar (" + reason + ")")
                .orElseGet(() -> ACTIVE_ARRAY.name());
    }

    private static void requirePanama() {
        PANAMA_UNAVAILABLE.ifPresent(reason -> {
            throw new UnsupportedOperationException("Vector API kernels unavailable: " + reason);
        });
    }

    private static Optional<String> probePanama() {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            return Optional.of("module jdk.incubator.vector not resolved; run with "
                    + "--add-modules jdk.incubator.vector");
        }
        try {
            int lanes = (int) Class.forName("org.rootgrad.engine.internal.Lanes")
                    .getMethod("preferredDoubleLanes").invoke(null);
            if (lanes < 4) {
                return Optional.of("preferred double vector has only " + lanes + " lanes");
            }
            Class.forName(PANAMA_ARRAY);
            Class.forName(PANAMA_MATRIX);
            return Optional.empty();
        } catch (ReflectiveOperationException | LinkageError e) {
            return Optional.of("Vector API kernels failed to load: " + e);
        }
    }

    private static Object instantiate(String className) {
        try {
            return Class.forName(className).getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot instantiate " + className, e);
        }
    }
}
