package io.xgate.num;

/**
 * A decimal text could not be turned into a mantissa at the requested scale.
 *
 * <p>Thrown only on the error path; it carries no stack trace, so a flood of bad input from a venue costs
 * little. The message names the text and the reason.
 */
public final class DecimalParseException extends NumberFormatException {

    /** Why a text was refused. */
    public enum Reason {
        /** Not a decimal number (empty, stray characters, no digits, bad exponent). */
        MALFORMED,
        /** A non-zero digit lies beyond the scale, so the value would be rounded. */
        TOO_MANY_DECIMALS,
        /** The value at that scale does not fit in a {@code long}. */
        OVERFLOW,
        /** The scale itself is outside {@code 0..}{@link Decimals#MAX_SCALE}. */
        BAD_SCALE
    }

    private final Reason reason;

    DecimalParseException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    /** The reason the text was refused. */
    public Reason reason() {
        return reason;
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
