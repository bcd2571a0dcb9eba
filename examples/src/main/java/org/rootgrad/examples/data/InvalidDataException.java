package org.rootgrad.examples.data;

import org.rootgrad.error.RootgradException;

/** A data file that cannot be read as a numeric table; the message says where and why. */
public class InvalidDataException extends RootgradException {
    private static final long serialVersionUID = 1L;

    public InvalidDataException(String message) {
        super(message);
    }

    public InvalidDataException(String message, Throwable cause) {
        super(message, cause);
    }
}
