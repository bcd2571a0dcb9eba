package org.rootgrad.error;

/**
 * A matrix or operator is singular (to working precision) where an inverse was needed.
 *
 * <p>Thread safety: immutable once constructed (its fields are final); safe to pass between threads.
 */
public class SingularOperatorException extends RootgradException {
    private static final long serialVersionUID = 1L;

    private final int index;

    public SingularOperatorException(String message, int index) {
        super(message);
        this.index = index;
    }

    /** The pivot or iteration at which singularity was detected, or -1 if unknown. */
    public int index() {
        return index;
    }
}
