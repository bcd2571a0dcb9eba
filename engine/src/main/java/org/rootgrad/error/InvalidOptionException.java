package org.rootgrad.error;

/**
 * An option or scalar parameter is out of its valid range (a negative tolerance, λ ≤ 0, ...), or
 * a call that the object's state does not allow yet: a solve before a successful factorisation,
 * a product before {@code linearize}, a derivative before {@code run}, an input never set.
 *
 * <p>Thread safety: immutable once constructed (its fields are final); safe to pass between threads.
 */
public class InvalidOptionException extends RootgradException {
    private static final long serialVersionUID = 1L;

    public InvalidOptionException(String message) {
        super(message);
    }

    /** "{@code name} must be {@code requirement}, got {@code value}". */
    public static InvalidOptionException of(String name, Object value, String requirement) {
        return new InvalidOptionException(name + " must be " + requirement + ", got " + value);
    }
}
