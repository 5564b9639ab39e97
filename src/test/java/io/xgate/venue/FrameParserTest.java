package io.xgate.venue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The long-lived parser: one document per frame, nothing of a frame leaking into the next. */
class FrameParserTest {

    private final FrameParser frames = new FrameParser();

    /** Reads one object frame to its end; answers whether only whitespace followed it. */
    private boolean read(String text) throws IOException {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        JsonParser p = frames.begin(b, 0, b.length);
        assertEquals(JsonToken.START_OBJECT, FrameParser.next(p));
        p.skipChildren();
        return frames.end();
    }

    @Test
    void aFrameFollowedByWhitespaceIsFine() throws IOException {
        assertTrue(read("{\"a\":1}"));
        assertTrue(read("{\"a\":1} \n"));
        assertTrue(read("{\"b\":[1,2]}"));
    }

    /** Found by the Binance scanner's differential test: the parser took {@code 5} for the start of a number. */
    @Test
    void anUnfinishedTokenAfterTheDocumentIsTrailingDataAndDoesNotLeakIntoTheNextFrame() throws IOException {
        for (String trailing : new String[] {"5", " 12", "t", "\"abc}", "-", "{"}) {
            assertFalse(read("{\"a\":1}" + trailing), trailing);
            assertTrue(read("{\"next\":2}"), "the frame after " + trailing);
        }
    }

    @Test
    void framesAtAnOffsetInALargerArrayAreReadInPlace() throws IOException {
        byte[] b = "xx{\"a\":1}5yy{\"b\":2}zz".getBytes(StandardCharsets.UTF_8);
        JsonParser p = frames.begin(b, 2, 8);
        assertEquals(JsonToken.START_OBJECT, FrameParser.next(p));
        p.skipChildren();
        assertFalse(frames.end());
        p = frames.begin(b, 12, 7);
        assertEquals(JsonToken.START_OBJECT, FrameParser.next(p));
        p.skipChildren();
        assertTrue(frames.end());
    }
}
