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
    /** The current frame, and where it starts in the parser's cumulative byte count. */
    private byte[] frame;
    private int frameOffset;
    private int frameEnd;
    private long frameStart;
    private long fed;

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
        this.frameOffset = offset;
        this.frameEnd = offset + length;
        this.frameStart = fed;
        fed += length;
        return parser;
    }

    /**
     * Checks that nothing but whitespace followed the document. The parser answering "not available" is not
     * enough: it says so too in the middle of a token that the frame leaves unfinished ({@code {...}5}, a number
     * that might go on), and that token would then swallow the start of the next frame. So the bytes after the
     * document are read here.
     */
    public boolean end() throws IOException {
        long documentEnd = parser.currentLocation().getByteOffset();
        JsonToken t = parser.nextToken();
        if (t == JsonToken.NOT_AVAILABLE && whitespaceFrom(documentEnd)) {
            return true;
        }
        replace();
        return false;
    }

    private boolean whitespaceFrom(long cumulativeOffset) {
        long from = frameOffset + (cumulativeOffset - frameStart);
        if (from < frameOffset || from > frameEnd) {
            return false; // not where this frame is: be safe
        }
        for (int i = (int) from; i < frameEnd; i++) {
            byte c = frame[i];
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                return false;
            }
        }
        return true;
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
            fed = 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        feeder = (ByteArrayFeeder) parser.getNonBlockingInputFeeder();
    }
}
