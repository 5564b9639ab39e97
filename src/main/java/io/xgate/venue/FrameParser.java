package io.xgate.venue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.async.ByteArrayFeeder;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * One long-lived Jackson non-blocking parser per connection, fed one WebSocket frame (one JSON document) at a
 * time. Creating a parser per frame costs about 800 bytes and a measurable share of the decode; feeding a
 * persistent one costs nothing. After any error the parser's state is unknown, so it is replaced.
 *
 * <p>Not thread-safe: owned by the decoder of one connection.
 */
public final class FrameParser {

    private static final JsonFactory JSON = JsonFactory.builder().build();

    private JsonParser parser;
    private ByteArrayFeeder feeder;

    /** A parser ready for its first frame. */
    public FrameParser() {
        replace();
    }

    /**
     * Feeds one frame and returns the parser positioned before its first token. The caller reads exactly one
     * JSON document, then calls {@link #end()}; on any exception it calls {@link #reset()}.
     */
    public JsonParser begin(byte[] frame, int offset, int length) throws IOException {
        if (!feeder.needMoreInput()) {
            replace(); // the previous frame was not read to its end
        }
        feeder.feedInput(frame, offset, offset + length);
        return parser;
    }

    /**
     * Checks that nothing but whitespace followed the document. A non-blocking parser answers
     * {@code NOT_AVAILABLE} after trailing whitespace and after the start of a token alike ({@code {...}n} may go on
     * as {@code null}, {@code {...}"x} as a string); left there, the half-read token would spoil the next frame. So
     * the parser is fed a probe, the document {@code 7}: only a parser that had nothing pending reads it as exactly
     * that number and is then clean again for the next frame.
     */
    public boolean end() throws IOException {
        JsonToken t = parser.nextToken();
        if (t == JsonToken.NOT_AVAILABLE) {
            try {
                feeder.feedInput(PROBE, 0, PROBE.length);
                if (parser.nextToken() == JsonToken.VALUE_NUMBER_INT && parser.getIntValue() == 7
                        && parser.getTextLength() == 1 && parser.nextToken() == JsonToken.NOT_AVAILABLE) {
                    return true;
                }
            } catch (IOException e) {
                // the pending bytes and the probe are no JSON: trailing garbage
            }
        }
        replace();
        return false;
    }

    /** What {@link #end()} feeds after a document: a clean parser reads the number 7 and waits again. */
    private static final byte[] PROBE = {'7', ' '};

    /**
     * The next token of a fed frame. A non-blocking parser answers {@code NOT_AVAILABLE} where a blocking one
     * would fail: inside a document that means the frame was cut short.
     */
    public static JsonToken next(JsonParser p) throws IOException {
        JsonToken t = p.nextToken();
        if (t == JsonToken.NOT_AVAILABLE) {
            throw new FrameException(null, "malformed JSON: the frame ends inside the document");
        }
        return t;
    }

    /** Drops the parser after an error. */
    public void reset() {
        replace();
    }

    private void replace() {
        try {
            if (parser != null) {
                parser.close();
            }
            parser = JSON.createNonBlockingByteArrayParser();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        feeder = (ByteArrayFeeder) parser.getNonBlockingInputFeeder();
    }
}
