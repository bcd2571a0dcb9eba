package org.rootgrad.error;

/**
 * A matrix or operator that must be positive definite is not: a Cholesky factorisation met a
 * non-positive pivot, or conjugate gradients met a direction of non-positive curvature.
 *
 * <p>Thread safety: immutable once constructed (its fields are final); safe to pass between threads.
 */
public class IndefiniteOperatorException extends RootgradException {
    private static final long serialVersionUID = 1L;

    private final int index;
    private final double value;

    public IndefiniteOperatorException(String message, int index, double value) {
        super(message);
        this.index = index;
        this.value = value;
    }

    /** The pivot (or iteration) at which positive definiteness failed. */
    public int index() {
        return index;
    }

    /** The offending pivot or curvature value. */
    public double value() {
        return value;
    }
}
