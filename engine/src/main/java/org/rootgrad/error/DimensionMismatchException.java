package org.rootgrad.error;

/**
 * An array length, offset, shape or size does not fit what the operation needs.
 *
 * <p>Thread safety: immutable once constructed (its fields are final); safe to pass between threads.
 */
public class DimensionMismatchException extends RootgradException {
    private static final long serialVersionUID = 1L;

    public DimensionMismatchException(String message) {
        super(message);
    }
}
