package io.xgate.venue;

/**
 * A venue frame that cannot be understood: malformed JSON, wrong types, an unknown symbol or message. The
 * message says what was wrong; the caller logs it with the venue, counts it and skips the frame (and resyncs
 * the symbol when the frame may have touched its book, see {@link #symbol()}).
 */
public final class FrameException extends RuntimeException {

    private final String symbol;

    /**
     * @param symbol the venue symbol the frame was about, if known, else {@code null}
     * @param message what was wrong
     */
    public FrameException(String symbol, String message) {
        super(message, null, false, false);
        this.symbol = symbol;
    }

    /** The venue symbol the frame was about, or {@code null} if it could not be told. */
    public String symbol() {
        return symbol;
    }
}
