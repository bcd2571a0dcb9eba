package org.rootgrad.engine.internal;

import org.rootgrad.engine.ArrayKernels;
import org.rootgrad.engine.MatrixKernels;

/**
 * Chooses the kernel implementations once, at class initialisation. A Vector API implementation
 * is used when the {@code jdk.incubator.vector} module is present in the boot layer, the
 * preferred double species has 4 or 8 lanes, its class loads and instantiates, and the
 * system property {@code rootgrad.vector} is not {@code false}; otherwise the scalar twin is.
 * Array and matrix kernels are probed independently, so one missing or broken implementation
 * does not disable the other. The Panama classes are looked up by name so that this class links,
 * and the scalar path works, where the incubator module is absent.
 *
 * <p>All fields are immutable after initialisation; the kernels themselves are stateless, so
 * everything here is safe to share between threads.
 */
public final class KernelProvider {
    private KernelProvider() {}

    public static final ArrayKernels SCALAR_ARRAY = new ScalarArrayKernels();
    public static final MatrixKernels SCALAR_MATRIX = new ScalarMatrixKernels();

    /** The system property that, set to {@code false}, forces the scalar twins. */
    public static final String VECTOR_PROPERTY = "rootgrad.vector";

    private static final boolean VECTOR_REQUESTED =
            !"false".equalsIgnoreCase(System.getProperty(VECTOR_PROPERTY, "true"));

    /** A Vector API implementation, or why there is none. Exactly one field is non-null. */
    private record Probe<T>(T kernels, String unavailable) {
        T orElseThrow() {
            if (kernels == null) {
                throw new UnsupportedOperationException("Vector API kernels unavailable: " + unavailable);
            }
            return kernels;
        }
    }

    private static final Probe<ArrayKernels> PANAMA_ARRAY =
            probe("org.rootgrad.engine.internal.PanamaArrayKernels", ArrayKernels.class);
    private static final Probe<MatrixKernels> PANAMA_MATRIX =
            probe("org.rootgrad.engine.internal.PanamaMatrixKernels", MatrixKernels.class);

    private static final Probe<RowSweepKernels> PANAMA_ROW_SWEEPS =
            probe("org.rootgrad.engine.internal.PanamaRowSweepKernels", RowSweepKernels.class);

    /**
     * The fused row sweeps of the loss kernels (8-lane Vector API only), or null: the loss
     * kernels then compose the array and matrix kernels block by block.
     */
    public static final RowSweepKernels ACTIVE_ROW_SWEEPS = VECTOR_REQUESTED ? PANAMA_ROW_SWEEPS.kernels() : null;

    public static final ArrayKernels ACTIVE_ARRAY =
            VECTOR_REQUESTED && PANAMA_ARRAY.kernels() != null ? PANAMA_ARRAY.kernels() : SCALAR_ARRAY;
    public static final MatrixKernels ACTIVE_MATRIX =
            VECTOR_REQUESTED && PANAMA_MATRIX.kernels() != null ? PANAMA_MATRIX.kernels() : SCALAR_MATRIX;

    /**
     * The Vector API array kernels, whether or not they are active.
     *
     * @throws UnsupportedOperationException naming the reason when they are unavailable
     */
    public static ArrayKernels panamaArray() {
        return PANAMA_ARRAY.orElseThrow();
    }

    /**
     * The Vector API matrix kernels, whether or not they are active.
     *
     * @throws UnsupportedOperationException naming the reason when they are unavailable
     */
    public static MatrixKernels panamaMatrix() {
        return PANAMA_MATRIX.orElseThrow();
    }

    /** Whether the Vector API was requested, i.e. {@code rootgrad.vector} is not {@code false}. */
    public static boolean vectorRequested() {
        return VECTOR_REQUESTED;
    }

    /**
     * One line saying which kernels are active and why, for logs and benchmark reports, e.g.
     * {@code "array=panama(512-bit), matrix=scalar (...)"}.
     */
    public static String description() {
        return "array=" + describe(ACTIVE_ARRAY.name(), PANAMA_ARRAY)
                + ", matrix=" + describe(ACTIVE_MATRIX.name(), PANAMA_MATRIX);
    }

    private static String describe(String active, Probe<?> probe) {
        if (!VECTOR_REQUESTED) {
            return active + " (" + VECTOR_PROPERTY + "=false)";
        }
        return probe.kernels() != null ? active : active + " (" + probe.unavailable() + ")";
    }

    private static <T> Probe<T> probe(String className, Class<T> type) {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            return new Probe<>(null, "module jdk.incubator.vector not resolved; run with "
                    + "--add-modules jdk.incubator.vector");
        }
        try {
            // Loading Lanes first touches the Vector API alone, before any kernel class does.
            int lanes = (int) Class.forName("org.rootgrad.engine.internal.Lanes")
                    .getMethod("preferredDoubleLanes").invoke(null);
            if (lanes != 4 && lanes != 8) {
                // The fixed-order lane sums (see Lanes) are written out for 4 and 8 lanes.
                return new Probe<>(null, "preferred double vector has " + lanes
                        + " lanes; the kernels support 4 (256-bit) or 8 (512-bit)");
            }
            Object kernels = Class.forName(className).getDeclaredConstructor().newInstance();
            return new Probe<>(type.cast(kernels), null);
        } catch (ClassNotFoundException e) {
            return new Probe<>(null, className + " is not built into this engine");
        } catch (ReflectiveOperationException | LinkageError | ClassCastException e) {
            return new Probe<>(null, className + " failed to load: " + e);
        }
    }
}
