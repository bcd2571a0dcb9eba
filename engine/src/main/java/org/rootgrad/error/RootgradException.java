package org.rootgrad.error;

/**
 * Base of every exception Rootgrad throws on purpose. Catch this to handle any failure the
 * library reports (bad input, a solve that did not converge, a singular or indefinite operator)
 * without also catching programming errors in the caller.
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
