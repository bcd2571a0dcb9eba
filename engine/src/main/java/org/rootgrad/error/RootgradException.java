package org.rootgrad.error;

/**
 * Base of every exception Rootgrad throws on purpose. Catch this to handle any failure the
 * library reports (bad input, a solve that did not converge, a singular or indefinite operator)
 * without also catching programming errors in the caller.
 *
 * <p>Thread safety: immutable once constructed (its fields are final); safe to pass between threads.
 */
public class RootgradException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public RootgradException(String message) {
        super(message);
    }

    public RootgradException(String message, Throwable cause) {
        super(message, cause);
    }
}
