package io.xgate.venue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * {@link FrameParser#end()}: a non-blocking parser answers {@code NOT_AVAILABLE} after {@code {...}n} as after
 * {@code {...} }; found by the OKX scanner differential, where a frame with a trailing {@code n} was accepted and
 * its half-read token then spoiled the next, valid frame.
 */
class FrameParserTrailingDataTest {

    private final FrameParser frames = new FrameParser();

    @Test
    void trailingWhitespaceIsAcceptedAndTrailingBytesAreNot() throws Exception {
        assertTrue(read("{\"a\":1}"));
        assertTrue(read("{\"a\":1} \r\n\t"));
        for (String bad : new String[] {"{\"a\":1}n", "{\"a\":1} t", "{\"a\":1}1", "{\"a\":1}\"}", "{\"a\":1}-"}) {
            assertFalse(read(bad), bad);
            assertTrue(read("{\"a\":1}"), "the frame after " + bad + " reads as if it came first");
        }
    }

    @Test
    void offsetsCountAcrossFramesAndWithinAnOffsetFrame() throws Exception {
        for (int k = 0; k < 50; k++) {
            assertTrue(read("{\"a\":" + k + "}"));
        }
        byte[] b = "xx{\"a\":1}n yy".getBytes(StandardCharsets.UTF_8);
        assertFalse(read(b, 2, 8));
        assertTrue(read(b, 2, 7));
    }

    private boolean read(String frame) throws Exception {
        byte[] b = frame.getBytes(StandardCharsets.UTF_8);
        return read(b, 0, b.length);
    }

    private boolean read(byte[] b, int offset, int length) throws Exception {
        JsonParser p = frames.begin(b, offset, length);
        assertEquals(JsonToken.START_OBJECT, FrameParser.next(p));
        assertEquals(JsonToken.FIELD_NAME, FrameParser.next(p));
        FrameParser.next(p);
        assertEquals(JsonToken.END_OBJECT, FrameParser.next(p));
        return frames.end();
    }
}
