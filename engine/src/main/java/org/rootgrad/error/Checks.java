package org.rootgrad.error;

/**
 * Argument checks shared by the public entry points of every module. Each check runs once at an
 * API boundary (O(n) at most) and throws a typed {@link RootgradException} that names the
 * argument; inner loops never re-check.
 *
 * <p>Thread safety: stateless; every method may be called from any thread.
 */
public final class Checks {
    private Checks() {}

    /** Throws unless {@code array.length == expected}. */
    public static void length(String name, double[] array, int expected) {
        if (array == null) {
            throw new DimensionMismatchException(name + " is null; expected length " + expected);
        }
        if (array.length != expected) {
            throw new DimensionMismatchException(
                    name + " has length " + array.length + "; expected " + expected);
        }
    }

    /** Throws unless {@code array.length >= required}. */
    public static void atLeast(String name, double[] array, int required) {
        if (array == null) {
            throw new DimensionMismatchException(name + " is null; needs length >= " + required);
        }
        if (array.length < required) {
            throw new DimensionMismatchException(
                    name + " has length " + array.length + "; needs length >= " + required);
        }
    }

    /** Throws unless {@code size >= 0}. */
    public static void nonNegative(String name, int size) {
        if (size < 0) {
            throw new DimensionMismatchException(name + " must be >= 0, got " + size);
        }
    }

    /**
     * Throws unless {@code array[offset .. offset + (count-1)*stride]} lies within the array, for a
     * strided view of {@code count} elements (stride 1 for a plain vector).
     */
    public static void range(String name, double[] array, int offset, int count, int stride) {
        if (array == null) {
            throw new DimensionMismatchException(name + " is null");
        }
        if (count < 0) {
            throw new DimensionMismatchException(name + ": size must be >= 0, got " + count);
        }
        if (offset < 0) {
            throw new DimensionMismatchException(name + ": offset must be >= 0, got " + offset);
        }
        if (count == 0) {
            return;
        }
        long last = offset + (long) (count - 1) * stride;
        if (last >= array.length) {
            throw new DimensionMismatchException(name + ": needs index " + last + " (offset "
                    + offset + ", " + count + " elements) but has length " + array.length);
        }
    }

    /**
     * Throws unless a row-major {@code rows × cols} matrix with leading dimension {@code ld} at
     * {@code offset} lies within {@code array} and {@code ld >= cols}.
     */
    public static void matrix(String name, double[] array, int offset, int rows, int cols, int ld) {
        if (array == null) {
            throw new DimensionMismatchException(name + " is null");
        }
        if (rows < 0 || cols < 0) {
            throw new DimensionMismatchException(
                    name + ": shape must be non-negative, got " + rows + "×" + cols);
        }
        if (ld < Math.max(1, cols)) {
            throw new DimensionMismatchException(
                    name + ": leading dimension " + ld + " is less than its " + cols + " columns");
        }
        if (offset < 0) {
            throw new DimensionMismatchException(name + ": offset must be >= 0, got " + offset);
        }
        if (rows == 0 || cols == 0) {
            return;
        }
        long last = offset + (long) (rows - 1) * ld + cols - 1;
        if (last >= array.length) {
            throw new DimensionMismatchException(name + ": a " + rows + "×" + cols
                    + " matrix at offset " + offset + " with leading dimension " + ld
                    + " needs index " + last + " but the array has length " + array.length);
        }
    }

    /** Throws {@link NonFiniteException} naming the first NaN or infinite element. */
    public static void finite(String name, double[] array) {
        finite(name, array, 0, array.length);
    }

    /** Throws {@link NonFiniteException} naming the first NaN or infinite element of a range. */
    public static void finite(String name, double[] array, int offset, int length) {
        for (int i = 0; i < length; i++) {
            double v = array[offset + i];
            if (!Double.isFinite(v)) {
                throw new NonFiniteException(name, i, v);
            }
        }
    }

    /**
     * Throws {@link NonFiniteException} naming the first NaN of {@code array}; infinities pass
     * (for arguments where ±∞ has a meaning, such as bounds packed into a parameter vector).
     */
    public static void notNaN(String name, double[] array) {
        for (int i = 0; i < array.length; i++) {
            if (Double.isNaN(array[i])) {
                throw new NonFiniteException(name, i, array[i]);
            }
        }
    }

    /** Throws {@link NonFiniteException} unless {@code value} is finite. */
    public static void finite(String name, double value) {
        if (!Double.isFinite(value)) {
            throw new NonFiniteException(name + " is " + value + "; it must be finite");
        }
    }

    /** Throws {@link InvalidOptionException} unless {@code value > 0} and finite. */
    public static void positive(String name, double value) {
        if (!(value > 0) || value == Double.POSITIVE_INFINITY) {
            throw InvalidOptionException.of(name, value, "positive and finite");
        }
    }

    /** Throws {@link InvalidOptionException} unless {@code value >= 0} and finite. */
    public static void nonNegative(String name, double value) {
        if (!(value >= 0) || value == Double.POSITIVE_INFINITY) {
            throw InvalidOptionException.of(name, value, "non-negative and finite");
        }
    }

    /** Throws {@link InvalidOptionException} unless {@code value >= 1}. */
    public static void atLeastOne(String name, int value) {
        if (value < 1) {
            throw InvalidOptionException.of(name, value, ">= 1");
        }
    }
}
