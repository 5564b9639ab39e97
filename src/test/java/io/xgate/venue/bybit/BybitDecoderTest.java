package io.xgate.venue.bybit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xgate.book.OrderBook;
import io.xgate.config.Instrument;
import io.xgate.venue.Fixtures;
import io.xgate.venue.FrameException;
import io.xgate.venue.SymbolTable;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Bybit v5 decoder on the exact messages of the protocol reference (4.1, 4.2). */
class BybitDecoderTest {

    private final Instrument btc = Fixtures.instrument("BTC-USDT", "BTCUSDT", 2, 6);
    private final BybitDecoder decoder = new BybitDecoder(new SymbolTable(List.of(btc), false));

    @Test
    void orderbookSnapshotDecodes() {
        BybitMessage m = decode(Fixtures.bytes("bybit/orderbookSnapshot.json"));
        assertEquals(BybitMessage.Kind.BOOK_SNAPSHOT, m.kind());
        assertSame(btc, m.instrument());
        assertEquals(50, m.depth());
        assertEquals(2, m.bids().count());
        assertEquals(1_649_350, m.bids().price(0));
        assertEquals(6_000, m.bids().size(0), "0.006 at 6 decimals");
        assertEquals(1_649_300, m.bids().price(1));
        assertEquals(100_000, m.bids().size(1), "0.100");
        assertEquals(1_661_100, m.asks().price(0));
        assertEquals(213_000, m.asks().size(1));
        assertEquals(18_521_288, m.updateId());
        assertEquals(7_961_638_724L, m.seq());
        assertEquals(1_672_304_484_978L * 1_000_000L, m.timestampNanos());
        assertEquals(1_672_304_484_976L * 1_000_000L, m.matchingEngineNanos());
    }

    @Test
    void orderbookDeltaDecodes() {
        BybitMessage m = decode(Fixtures.bytes("bybit/orderbookDelta.json"));
        assertEquals(BybitMessage.Kind.BOOK_DELTA, m.kind());
        assertEquals(5, m.bids().count());
        assertEquals(7, m.asks().count());
        assertEquals(3_024_720, m.bids().price(0));
        assertEquals(30_028_000, m.bids().size(0));
        assertEquals(0, m.bids().size(4), "size 0 deletes the level");
        assertEquals(0, m.asks().size(0));
        assertEquals(4_591_000, m.asks().size(6));
        assertEquals(177_400_507, m.updateId());
        assertEquals(66_544_703_342L, m.seq());
    }

    @Test
    void levelOneIsTheTouch() {
        byte[] f = ("{\"topic\":\"orderbook.1.BTCUSDT\",\"ts\":1672304484978,\"type\":\"snapshot\",\"data\":{\"s\":\"BTCUSDT\","
                + "\"b\":[[\"16493.50\",\"0.006\"]],\"a\":[[\"16611.00\",\"0.029\"]],\"u\":18521288,\"seq\":7961638724},"
                + "\"cts\":1672304484976}").getBytes(StandardCharsets.UTF_8);
        BybitMessage m = decode(f);
        assertEquals(BybitMessage.Kind.TOUCH, m.kind());
        assertEquals(1, m.depth());
        assertEquals(1_649_350, m.bids().price(0));
        assertEquals(1_661_100, m.asks().price(0));
        assertEquals(7_961_638_724L, m.seq(), "compared with the deeper book at the same seq");
    }

    @Test
    void publicTradeDecodes() {
        BybitMessage m = decode(Fixtures.bytes("bybit/publicTrade.json"));
        assertEquals(BybitMessage.Kind.TRADE, m.kind());
        assertEquals(1, m.tradeCount());
        BybitMessage.TradeEntry t = m.trade(0);
        assertEquals(1_657_850, t.price());
        assertEquals(1_000, t.size());
        assertTrue(t.buy());
        assertEquals("20f43950-d8dd-5b31-9112-a178eb6023af", t.tradeId());
        assertEquals(1_672_304_486_865L * 1_000_000L, t.timestampNanos());
        assertEquals(1_783_284_617, t.seq());
        assertFalse(t.blockTrade());
    }

    @Test
    void theFourPongShapesAndTheSubscribeAcks() {
        for (String f : List.of("pongSpot", "pongLinear", "pongOption", "pongPrivate")) {
            BybitMessage m = decode(Fixtures.bytes("bybit/" + f + ".json"));
            assertEquals(BybitMessage.Kind.PONG, m.kind(), f);
            assertTrue(m.success(), f);
        }
        assertEquals("test", decode(Fixtures.bytes("bybit/pongPrivate.json")).requestId());
        for (String f : List.of("subscribeAckSpot", "subscribeAckLinear")) {
            BybitMessage m = decode(Fixtures.bytes("bybit/" + f + ".json"));
            assertEquals(BybitMessage.Kind.RESPONSE, m.kind(), f);
            assertEquals("subscribe", m.op());
            assertTrue(m.success());
            assertNull(m.instrument());
        }
        BybitMessage failed = decode(("{\"success\":false,\"ret_msg\":\"error:handler not found\",\"conn_id\":\"x\","
                + "\"op\":\"subscribe\"}").getBytes(StandardCharsets.UTF_8));
        assertEquals(BybitMessage.Kind.RESPONSE, failed.kind());
        assertFalse(failed.success());
        assertEquals("error:handler not found", failed.returnMessage());
        assertEquals(BybitMessage.Kind.IGNORED, decode(("{\"topic\":\"tickers.BTCUSDT\",\"type\":\"snapshot\","
                + "\"data\":{\"symbol\":\"BTCUSDT\"},\"ts\":1}").getBytes(StandardCharsets.UTF_8)).kind());
    }

    @Test
    void dataBeforeTopicIsDecodedOnASecondPass() {
        BybitMessage m = decode(("{\"data\":{\"s\":\"BTCUSDT\",\"b\":[[\"16493.50\",\"0.006\"]],\"a\":[],\"u\":2,"
                + "\"seq\":3},\"type\":\"delta\",\"topic\":\"orderbook.200.BTCUSDT\",\"ts\":1}")
                .getBytes(StandardCharsets.UTF_8));
        assertEquals(BybitMessage.Kind.BOOK_DELTA, m.kind());
        assertEquals(200, m.depth());
        assertEquals(1_649_350, m.bids().price(0));
    }

    @Test
    void badFramesSayWhatIsWrong() {
        assertFrameError("{\"topic\":\"orderbook.50.DOGEUSDT\",\"type\":\"delta\",\"data\":{}}",
                "unknown symbol 'DOGEUSDT'", "DOGEUSDT");
        assertFrameError(book("delta", "[[\"16493.505\",\"1\"]]", 5), "data.b price", "BTCUSDT");
        assertFrameError(book("delta", "[[\"16493.50\",\"1\",\"2\"]]", 5), "a level must be [price, size]", "BTCUSDT");
        assertFrameError(book("delta", "[[\"16493.50\",1]]", 5), "data.b size: expected a decimal string", "BTCUSDT");
        assertFrameError(book("partial", "[]", 5), "type must be snapshot or delta", "BTCUSDT");
        assertFrameError("{\"topic\":\"orderbook.50.BTCUSDT\",\"type\":\"delta\",\"data\":{\"s\":\"BTCUSDT\",\"b\":[]}}",
                "without data.u", "BTCUSDT");
        assertFrameError("{\"topic\":\"orderbook.50.BTCUSDT\",\"type\":\"delta\",\"data\":{\"s\":\"ETHUSDT\"}}",
                "differs from the topic's symbol", "BTCUSDT");
        assertFrameError("{\"topic\":\"orderbook.x.BTCUSDT\",\"data\":{}}", "expected orderbook.{depth}.{symbol}", null);
        assertFrameError("{\"topic\":\"orderbook.50.BTCUSDT\",\"type\":\"delta\",\"data\":{\"s\":", "malformed JSON",
                "BTCUSDT");
        assertFrameError("{\"hello\":1}", "no topic, no op", null);
    }

    @Test
    void decodingDoesNotAllocate() {
        com.sun.management.ThreadMXBean mx =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        byte[] frame = Fixtures.bytes("bybit/orderbookDelta.json");
        OrderBook book = new OrderBook("bybit", "BTC-USDT", 2, 6);
        long sink = 0;
        for (int i = 0; i < 5_000; i++) {
            sink += apply(book, decode(frame));
        }
        long tid = Thread.currentThread().getId();
        long before = mx.getThreadAllocatedBytes(tid);
        for (int i = 0; i < 100; i++) {
            sink += apply(book, decode(frame));
        }
        long allocated = mx.getThreadAllocatedBytes(tid) - before;
        assertTrue(allocated < 2_000, "100 frames of 12 levels allocated " + allocated + " bytes (" + sink + ")");
    }

    static long apply(OrderBook book, BybitMessage m) {
        for (int i = 0; i < m.bids().count(); i++) {
            book.setBid(m.bids().price(i), m.bids().size(i));
        }
        for (int i = 0; i < m.asks().count(); i++) {
            book.setAsk(m.asks().price(i), m.asks().size(i));
        }
        return book.bestBid();
    }

    private static String book(String type, String bids, long u) {
        return "{\"topic\":\"orderbook.50.BTCUSDT\",\"type\":\"" + type + "\",\"ts\":1,\"data\":{\"s\":\"BTCUSDT\",\"b\":"
                + bids + ",\"a\":[],\"u\":" + u + ",\"seq\":9},\"cts\":1}";
    }

    private BybitMessage decode(byte[] frame) {
        return decoder.decode(frame, 0, frame.length);
    }

    private void assertFrameError(String json, String fragment, String symbol) {
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        FrameException e = assertThrows(FrameException.class, () -> decoder.decode(b, 0, b.length));
        assertTrue(e.getMessage().contains(fragment), "expected '" + fragment + "' in: " + e.getMessage());
        assertEquals(symbol, e.symbol(), e.getMessage());
    }
}
