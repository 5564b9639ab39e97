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

    private static final java.io.OutputStream NOWHERE = java.io.OutputStream.nullOutputStream();

    private JsonParser parser;
    private ByteArrayFeeder feeder;
    private byte[] frame;
    private int frameEnd;

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
        this.frame = frame;
        this.frameEnd = offset + length;
        return parser;
    }

    /**
     * Checks that nothing but whitespace followed the document. The bytes are checked, not only the next token:
     * after a partial token at the frame's end ({@code {...}0}, {@code {...}"a}) the non-blocking parser answers
     * {@code NOT_AVAILABLE} and waits for the rest, which it would then read from the next frame.
     */
    public boolean end() throws IOException {
        // the bytes not yet read (the parser's releaseBuffered counts them without moving; it writes nowhere)
        for (int i = frameEnd - parser.releaseBuffered(NOWHERE); i < frameEnd; i++) {
            byte c = frame[i];
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                replace();
                return false;
            }
        }
        JsonToken t = parser.nextToken();
        if (t == JsonToken.NOT_AVAILABLE) {
            return true;
        }
        replace();
        return false;
    }

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
