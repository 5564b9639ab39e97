package io.xgate.event;

/** A frame could not be decoded into an event: truncated, corrupt, of an unknown type or format version. */
public final class EventDecodeException extends RuntimeException {

    /** Creates the exception with a message naming what was wrong. */
    public EventDecodeException(String message) {
        super(message);
    }

    /** Creates the exception with a message and the underlying cause. */
    public EventDecodeException(String message, Throwable cause) {
        super(message, cause);
    }
}
