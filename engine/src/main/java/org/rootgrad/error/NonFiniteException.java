package org.rootgrad.error;

/**
 * A NaN or an infinity: in an input (the message names the argument and the first bad index) or
 * produced inside a computation (the message names the stage that produced it).
 *
 * <p>Thread safety: immutable once constructed (its fields are final); safe to pass between threads.
 */
public class NonFiniteException extends RootgradException {
    private static final long serialVersionUID = 1L;

    private final String argument;
    private final int index;

    public NonFiniteException(String argument, int index, double value) {
        super(argument + "[" + index + "] is " + value + "; inputs must be finite");
        this.argument = argument;
        this.index = index;
    }

    public NonFiniteException(String message) {
        super(message);
        this.argument = null;
        this.index = -1;
    }

    /** The argument that held the bad value, or {@code null} when it was produced internally. */
    public String argument() {
        return argument;
    }

    /** The first bad index within {@link #argument()}, or -1 when it was produced internally. */
    public int index() {
        return index;
    }
}
