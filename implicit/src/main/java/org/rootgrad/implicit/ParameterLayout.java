package org.rootgrad.implicit;

import java.util.Arrays;
import org.rootgrad.autodiff.Function;
import org.rootgrad.autodiff.Tensor;
import org.rootgrad.error.Checks;
import org.rootgrad.error.DimensionMismatchException;

/**
 * How several tensors (λ, a data matrix X, targets y, ...) make one parameter vector θ: their
 * elements one after the other, in the given order, each tensor flattened row-major, so part k
 * occupies θ[offset(k) .. offset(k) + size(k)). This is the convention of every multi-part θ in
 * Rootgrad: a solution node's {@code thetaParts} ({@link ImplicitDiff#node}), the θ inputs of a
 * recorded condition ({@link RootFunction#gradientOf(Function, int, int...)},
 * {@link RootFunction#fromTape}, {@link FixedPointMap#fromTape}), and hence the θ a solver
 * function or a solution map receives. Derivatives with respect to θ (a VJP's θ̄) come in the
 * same layout, which is how gradients with respect to data inputs leave a tape.
 *
 * <p>Thread safety: immutable, shareable.
 */
public final class ParameterLayout {
    private final int[] sizes;
    private final int[] offsets;
    private final String[] names;
    private final int dimension;

    private ParameterLayout(int[] sizes, String[] names) {
        this.sizes = sizes;
        this.names = names;
        this.offsets = new int[sizes.length];
        long total = 0;
        for (int k = 0; k < sizes.length; k++) {
            Checks.nonNegative("sizes[" + k + "]", sizes[k]);
            offsets[k] = (int) total;
            total += sizes[k];
        }
        if (total > Integer.MAX_VALUE) {
            throw new DimensionMismatchException("the parts have " + total + " elements in all; at most "
                    + Integer.MAX_VALUE + " fit in one array");
        }
        this.dimension = (int) total;
    }

    /** Parts of the given sizes, named "part 0", "part 1", .... */
    public static ParameterLayout of(int... sizes) {
        if (sizes == null) {
            throw new DimensionMismatchException("sizes is null");
        }
        String[] names = new String[sizes.length];
        for (int k = 0; k < sizes.length; k++) {
            names[k] = "part " + k;
        }
        return new ParameterLayout(sizes.clone(), names);
    }

    /** The layout of these tensors, in order (e.g. a node's {@code thetaParts}). */
    public static ParameterLayout of(Tensor... parts) {
        if (parts == null) {
            throw new DimensionMismatchException("parts is null");
        }
        int[] sizes = new int[parts.length];
        for (int k = 0; k < parts.length; k++) {
            if (parts[k] == null) {
                throw new DimensionMismatchException("parts[" + k + "] is null");
            }
            sizes[k] = parts[k].size();
        }
        return of(sizes);
    }

    /**
     * The layout of the given inputs of a recorded function, in order, named as recorded.
     *
     * @throws org.rootgrad.error.InvalidOptionException if an index is not an input of f
     */
    public static ParameterLayout ofInputs(Function f, int... inputs) {
        if (f == null || inputs == null) {
            throw new DimensionMismatchException(f == null ? "function is null" : "inputs is null");
        }
        int[] sizes = new int[inputs.length];
        String[] names = new String[inputs.length];
        for (int k = 0; k < inputs.length; k++) {
            sizes[k] = f.inputSize(inputs[k]);
            names[k] = f.inputName(inputs[k]);
        }
        return new ParameterLayout(sizes, names);
    }

    /** The number of parts. */
    public int parts() {
        return sizes.length;
    }

    /** m, the total number of elements. */
    public int dimension() {
        return dimension;
    }

    /** The number of elements of part k. */
    public int size(int part) {
        checkPart(part);
        return sizes[part];
    }

    /** Where part k starts in θ. */
    public int offset(int part) {
        checkPart(part);
        return offsets[part];
    }

    /** The name of part k (the input's name for {@link #ofInputs}). */
    public String name(int part) {
        checkPart(part);
        return names[part];
    }

    /**
     * θ ← the parts, one after the other.
     *
     * @throws DimensionMismatchException unless there are {@link #parts()} arrays of the right
     *         sizes and θ has {@link #dimension()} elements
     */
    public void pack(double[][] parts, double[] theta) {
        if (parts == null || parts.length != sizes.length) {
            throw new DimensionMismatchException("parts has " + (parts == null ? "null" : parts.length)
                    + " arrays; the layout has " + sizes.length);
        }
        Checks.length("theta", theta, dimension);
        for (int k = 0; k < sizes.length; k++) {
            Checks.length(names[k], parts[k], sizes[k]);
            System.arraycopy(parts[k], 0, theta, offsets[k], sizes[k]);
        }
    }

    /** A new θ holding the parts (allocates; see {@link #pack(double[][], double[])}). */
    public double[] pack(double[]... parts) {
        double[] theta = new double[dimension];
        pack(parts, theta);
        return theta;
    }

    /**
     * out ← part k of θ.
     *
     * @throws DimensionMismatchException unless θ has {@link #dimension()} and out
     *         {@link #size(int) size(part)} elements
     */
    public void unpack(double[] theta, int part, double[] out) {
        checkPart(part);
        Checks.length("theta", theta, dimension);
        Checks.length("out", out, sizes[part]);
        System.arraycopy(theta, offsets[part], out, 0, sizes[part]);
    }

    /** A new array holding part k of θ (allocates). */
    public double[] part(double[] theta, int part) {
        checkPart(part);
        double[] out = new double[sizes[part]];
        unpack(theta, part, out);
        return out;
    }

    /** Layouts are equal when their part sizes are (names are labels only). */
    private void checkPart(int part) {
        if (part < 0 || part >= sizes.length) {
            throw new DimensionMismatchException("part index " + part + " is out of range; the layout has "
                    + sizes.length + " parts");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ParameterLayout other && Arrays.equals(sizes, other.sizes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(sizes);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("θ = [");
        for (int k = 0; k < sizes.length; k++) {
            sb.append(k == 0 ? "" : ", ").append(names[k]).append(" (").append(sizes[k]).append(')');
        }
        return sb.append("], m = ").append(dimension).toString();
    }
}
