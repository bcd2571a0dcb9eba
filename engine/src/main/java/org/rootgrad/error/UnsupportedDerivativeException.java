package org.rootgrad.error;

/**
 * A derivative was requested that an operation cannot provide (e.g. a custom primitive without a second-order rule).
 *
 * <p>Thread safety: immutable once constructed (its fields are final); safe to pass between threads.
 */
public class UnsupportedDerivativeException extends RootgradException {
    private static final long serialVersionUID = 1L;

    public UnsupportedDerivativeException(String message) {
        super(message);
    }
}
