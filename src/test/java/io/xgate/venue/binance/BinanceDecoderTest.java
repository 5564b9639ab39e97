package io.xgate.venue.binance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xgate.config.Instrument;
import io.xgate.venue.FrameException;
import io.xgate.venue.Fixtures;
import io.xgate.venue.SymbolTable;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Binance decoder on the exact messages of the protocol reference (section 1.1). */
class BinanceDecoderTest {

    private final Instrument bnbbtc = Fixtures.instrument("BNB-BTC", "BNBBTC", 8, 3);
    private final Instrument bnbusdt = Fixtures.instrument("BNB-USDT", "BNBUSDT", 4, 3);
    private final BinanceDecoder decoder = new BinanceDecoder(new SymbolTable(List.of(bnbbtc, bnbusdt), true));

    @Test
    void depthUpdate() {
        BinanceMessage m = decode(Fixtures.bytes("binance/depthUpdate.json"));
        assertEquals(BinanceMessage.Kind.DEPTH_UPDATE, m.kind());
        assertSame(bnbbtc, m.instrument());
        assertEquals(1_672_515_782_136_000_000L, m.eventTimeNanos());
        assertEquals(157, m.firstUpdateId());
        assertEquals(160, m.lastUpdateId());
        assertEquals(1, m.bids().count());
        assertEquals(240_000, m.bids().price(0)); // 0.0024 at scale 8
        assertEquals(10_000, m.bids().size(0)); // 10 at scale 3
        assertEquals(260_000, m.asks().price(0));
        assertEquals(100_000, m.asks().size(0));
    }

    @Test
    void combinedStreamWrapperAndPartialDepthTakeTheSymbolFromTheStream() {
        String partial = new String(Fixtures.bytes("binance/partialDepth.json"), StandardCharsets.UTF_8).trim();
        BinanceMessage m = decode(("{\"stream\":\"bnbbtc@depth5@100ms\",\"data\":" + partial + "}")
                .getBytes(StandardCharsets.UTF_8));
        assertEquals(BinanceMessage.Kind.DEPTH_SNAPSHOT, m.kind());
        assertSame(bnbbtc, m.instrument());
        assertEquals(160, m.lastUpdateId());
        String depth = new String(Fixtures.bytes("binance/depthUpdate.json"), StandardCharsets.UTF_8);
        m = decode(("{\"stream\":\"bnbbtc@depth@100ms\",\"data\":" + depth + "}").getBytes(StandardCharsets.UTF_8));
        assertEquals(BinanceMessage.Kind.DEPTH_UPDATE, m.kind());
        assertEquals(160, m.lastUpdateId());
    }

    @Test
    void fieldOrderIsNotReliedOn() {
        byte[] levelsFirst = "{\"b\":[[\"0.0024\",\"10\"]],\"a\":[],\"e\":\"depthUpdate\",\"U\":1,\"u\":2,\"s\":\"BNBBTC\"}"
                .getBytes(StandardCharsets.UTF_8);
        BinanceMessage m = decode(levelsFirst);
        assertEquals(BinanceMessage.Kind.DEPTH_UPDATE, m.kind());
        assertEquals(240_000, m.bids().price(0));
        assertEquals(0, m.asks().count());
    }

    @Test
    void tradeBookTickerAndIgnoredTypes() {
        BinanceMessage t = decode(Fixtures.bytes("binance/trade.json"));
        assertEquals(BinanceMessage.Kind.TRADE, t.kind());
        assertEquals(12345, t.tradeId());
        assertEquals(100_000, t.price()); // 0.001 at scale 8
        assertEquals(100_000, t.quantity());
        assertTrue(t.buyerIsMaker());
        assertEquals(1_672_515_782_136_000_000L, t.tradeTimeNanos());

        BinanceMessage b = decode(Fixtures.bytes("binance/bookTicker.json"));
        assertEquals(BinanceMessage.Kind.BOOK_TICKER, b.kind());
        assertSame(bnbusdt, b.instrument());
        assertEquals(400_900_217, b.lastUpdateId());
        assertEquals(253_519, b.bids().price(0));
        assertEquals(31_210, b.bids().size(0));
        assertEquals(253_652, b.asks().price(0));
        assertEquals(40_660, b.asks().size(0));

        assertEquals(BinanceMessage.Kind.IGNORED, decode(Fixtures.bytes("binance/aggTrade.json")).kind());
    }

    @Test
    void restSnapshot() {
        byte[] body = Fixtures.bytes("binance/depthSnapshot.json");
        BinanceMessage m = decoder.decodeSnapshot(body, 0, body.length, bnbbtc);
        assertEquals(BinanceMessage.Kind.DEPTH_SNAPSHOT, m.kind());
        assertEquals(1_027_024, m.lastUpdateId());
        assertEquals(400_000_000, m.bids().price(0));
        assertEquals(431_000, m.bids().size(0));
        assertEquals(400_000_200, m.asks().price(0));
    }

    @Test
    void controlMessages() {
        BinanceMessage r = decode(Fixtures.bytes("binance/subscribeResult.json"));
        assertEquals(BinanceMessage.Kind.RESPONSE, r.kind());
        assertEquals(1, r.requestId());
        assertEquals(0, r.errorCode());
        BinanceMessage err = decode("{\"code\": 2, \"msg\": \"Invalid request: missing field `method` at line 1 column 73\"}"
                .getBytes(StandardCharsets.UTF_8));
        assertEquals(2, err.errorCode());
        assertTrue(err.errorMessage().startsWith("Invalid request"));
        assertEquals(BinanceMessage.Kind.SERVER_SHUTDOWN,
                decode("{\"e\":\"serverShutdown\",\"E\":1770123456789}".getBytes(StandardCharsets.UTF_8)).kind());
        assertEquals(BinanceMessage.Kind.SERVER_SHUTDOWN, decode(
                "{\"stream\":\"!serverShutdown\",\"data\":{\"e\":\"serverShutdown\",\"E\":1770123456789}}"
                        .getBytes(StandardCharsets.UTF_8)).kind());
    }

    @Test
    void badFramesSayWhatIsWrong() {
        assertFrameError("{\"e\":\"depthUpdate\"", "malformed JSON", null);
        assertFrameError("[1,2]", "expected a JSON object", null);
        assertFrameError("{\"e\":\"depthUpdate\",\"s\":\"DOGEUSDT\",\"U\":1,\"u\":2}", "unknown symbol 'DOGEUSDT'",
                "DOGEUSDT");
        assertFrameError("{\"e\":\"depthUpdate\",\"s\":\"BNBBTC\",\"U\":1,\"u\":2,\"b\":[[\"abc\",\"1\"]]}",
                "b: bad price", "BNBBTC");
        assertFrameError("{\"e\":\"depthUpdate\",\"s\":\"BNBBTC\",\"U\":1,\"u\":2,\"b\":[[\"0.000000001\",\"1\"]]}",
                "more than 8 decimal", "BNBBTC");
        assertFrameError("{\"e\":\"depthUpdate\",\"s\":\"BNBBTC\",\"U\":\"x\",\"u\":2}", "field U: expected an integer",
                "BNBBTC");
        assertFrameError("{\"e\":\"depthUpdate\",\"s\":\"BNBBTC\",\"U\":5,\"u\":2}", "bad update ids", "BNBBTC");
        assertFrameError("{\"e\":\"depthUpdate\",\"U\":1,\"u\":2,\"b\":[[\"1\",\"1\"]]}", "levels without a known symbol",
                null);
    }

    @Test
    void decodingReusesItsBuffersPerLevel() {
        com.sun.management.ThreadMXBean mx =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        StringBuilder sb = new StringBuilder("{\"e\":\"depthUpdate\",\"E\":1,\"s\":\"BNBBTC\",\"U\":1,\"u\":2,\"b\":[");
        for (int i = 0; i < 200; i++) {
            sb.append(i == 0 ? "" : ",").append("[\"0.00").append(1000 + i).append("\",\"").append(i).append(".5\"]");
        }
        byte[] frame = sb.append("],\"a\":[]}").toString().getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < 5_000; i++) {
            decode(frame);
        }
        long tid = Thread.currentThread().getId();
        long before = mx.getThreadAllocatedBytes(tid);
        decode(frame);
        long perFrame = mx.getThreadAllocatedBytes(tid) - before;
        assertTrue(perFrame < 64, "a 200-level frame allocated " + perFrame + " bytes");
    }

    private BinanceMessage decode(byte[] frame) {
        return decoder.decode(frame, 0, frame.length);
    }

    private void assertFrameError(String json, String fragment, String symbol) {
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        FrameException e = assertThrows(FrameException.class, () -> decoder.decode(b, 0, b.length));
        assertTrue(e.getMessage().contains(fragment), "expected '" + fragment + "' in: " + e.getMessage());
        assertEquals(symbol, e.symbol(), e.getMessage());
    }
}
