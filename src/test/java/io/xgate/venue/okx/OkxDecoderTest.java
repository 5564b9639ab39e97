package io.xgate.venue.okx;

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

/** The OKX v5 decoder on the exact messages of the protocol reference (3.1). */
class OkxDecoderTest {

    private final Instrument btc = Fixtures.instrument("BTC-USDT", "BTC-USDT", 2, 8);
    private final Instrument bchSwap = Fixtures.instrument("BCH-USDT-SWAP", "BCH-USDT-SWAP", 2, 2);
    private final OkxDecoder decoder = new OkxDecoder(new SymbolTable(List.of(btc, bchSwap), false));

    @Test
    void booksSnapshotDecodes() {
        OkxMessage m = decode(Fixtures.bytes("okx/booksSnapshot.json"));
        assertEquals(OkxMessage.Kind.BOOK_SNAPSHOT, m.kind());
        assertEquals("books", m.channel());
        assertSame(btc, m.instrument());
        assertEquals(8, m.asks().count());
        assertEquals(8, m.bids().count());
        assertEquals(847_698, m.asks().price(0));
        assertEquals(41_500_000_000L, m.asks().size(0), "415 at 8 decimals");
        assertEquals(847_700, m.asks().price(1), "8477 is 8477.00");
        assertEquals(847_530, m.bids().price(3), "8475.3 is 8475.30");
        assertEquals(844_600, m.bids().price(7));
        assertEquals(9_500_000_000L, m.bids().size(7));
        assertEquals(1_597_026_383_085L * 1_000_000L, m.timestampNanos());
        assertEquals(-855_196_043L, m.checksum());
        assertEquals(-1, m.prevSeqId());
        assertEquals(123_456, m.seqId());
    }

    @Test
    void booksUpdateDecodesIncludingTheKeepalive() {
        OkxMessage m = decode(update(123_456, 123_457, "[[\"8476.98\",\"0\",\"0\",\"0\"]]", "[]", 0));
        assertEquals(OkxMessage.Kind.BOOK_UPDATE, m.kind());
        assertEquals(123_456, m.prevSeqId());
        assertEquals(123_457, m.seqId());
        assertEquals(1, m.bids().count());
        assertEquals(0, m.asks().count());
        assertEquals(0, m.bids().size(0), "size 0 deletes the level");
        assertFalse(OkxChecksum.present(m.checksum()));

        OkxMessage k = decode(update(15, 15, "[]", "[]", 0));
        assertEquals(OkxMessage.Kind.BOOK_UPDATE, k.kind());
        assertEquals(k.prevSeqId(), k.seqId());
        assertEquals(0, k.bids().count() + k.asks().count());
    }

    @Test
    void swapBboTbtSizesStayInContracts() {
        OkxMessage m = decode(Fixtures.bytes("okx/bboTbt.json"));
        assertEquals(OkxMessage.Kind.BBO, m.kind());
        assertSame(bchSwap, m.instrument());
        assertEquals(11_106, m.asks().price(0));
        assertEquals(5_515_400, m.asks().size(0), "55154 contracts at the instrument's 2 decimals");
        assertEquals(11_105, m.bids().price(0));
        assertEquals(5_774_500, m.bids().size(0));
        assertEquals(363_996_337, m.seqId());
        assertEquals(0, m.checksum(), "bbo-tbt carries no checksum");
        assertEquals(1_670_324_386_802L * 1_000_000L, m.timestampNanos());
    }

    @Test
    void tradesDecode() {
        OkxMessage m = decode(Fixtures.bytes("okx/trades.json"));
        assertEquals(OkxMessage.Kind.TRADE, m.kind());
        assertEquals(1, m.tradeCount());
        OkxMessage.TradeEntry t = m.trade(0);
        assertEquals(4_221_990, t.price());
        assertEquals(12_060_306, t.size());
        assertTrue(t.buy());
        assertEquals(130_639_474, t.tradeId());
        assertEquals(3, t.count());
        assertEquals(1234, t.seqId());
        assertEquals(1_630_048_897_897L * 1_000_000L, t.timestampNanos());
    }

    @Test
    void eventsNoticeAndPong() {
        OkxMessage ack = decode(Fixtures.bytes("okx/subscribeAck.json"));
        assertEquals(OkxMessage.Kind.SUBSCRIBED, ack.kind());
        assertEquals("books", ack.channel());
        assertSame(btc, ack.instrument());
        assertEquals("1512", ack.requestId());
        assertEquals("a4d3ae55", ack.connectionId());

        OkxMessage err = decode(Fixtures.bytes("okx/subscribeError.json"));
        assertEquals(OkxMessage.Kind.ERROR, err.kind());
        assertEquals("60012", err.code());
        assertEquals("Invalid request: {...}", err.errorMessage());
        assertNull(err.instrument());

        OkxMessage notice = decode(Fixtures.bytes("okx/notice.json"));
        assertEquals(OkxMessage.Kind.NOTICE, notice.kind());
        assertTrue(notice.serviceUpgrade());

        assertEquals(OkxMessage.Kind.PONG, decode("pong".getBytes(StandardCharsets.US_ASCII)).kind());
        assertEquals(OkxMessage.Kind.PONG, decode("pong\n".getBytes(StandardCharsets.US_ASCII)).kind());
        assertEquals(OkxMessage.Kind.IGNORED, decode(Fixtures.bytes("okx/tickers.json")).kind());
        assertEquals(OkxMessage.Kind.LOGIN,
                decode("{\"event\":\"login\",\"code\":\"0\",\"msg\":\"\",\"connId\":\"a4d3ae55\"}".getBytes(
                        StandardCharsets.UTF_8)).kind());
    }

    @Test
    void dataBeforeArgIsDecodedOnASecondPass() {
        OkxMessage m = decode(("{\"data\":[{\"asks\":[[\"8477\",\"7\",\"0\",\"2\"]],\"bids\":[],\"ts\":\"1\","
                + "\"checksum\":0,\"prevSeqId\":1,\"seqId\":2}],\"action\":\"update\","
                + "\"arg\":{\"channel\":\"books\",\"instId\":\"BTC-USDT\"}}").getBytes(StandardCharsets.UTF_8));
        assertEquals(OkxMessage.Kind.BOOK_UPDATE, m.kind());
        assertEquals(847_700, m.asks().price(0));
        assertEquals(700_000_000L, m.asks().size(0));
    }

    @Test
    void badFramesSayWhatIsWrong() {
        assertFrameError("{\"arg\":{\"channel\":\"books\",\"instId\":\"DOGE-USDT\"},\"data\":[]}",
                "unknown instrument 'DOGE-USDT'", "DOGE-USDT");
        assertFrameError(new String(update(1, 2, "[[\"8476.981\",\"1\",\"0\",\"1\"]]", "[]", 0),
                StandardCharsets.UTF_8), "bids price", "BTC-USDT");
        assertFrameError(new String(update(1, 2, "[[\"8476.98\",\"1\"]]", "[]", 0), StandardCharsets.UTF_8),
                "[price, size, \"0\", numOrders]", "BTC-USDT");
        assertFrameError(new String(update(1, 2, "[[8476.98,\"1\",\"0\",\"1\"]]", "[]", 0), StandardCharsets.UTF_8),
                "bids price: expected a decimal string", "BTC-USDT");
        assertFrameError(new String(update(1, 2, "[]", "[[\"1\",\"-1\",\"0\",\"1\"]]", 0), StandardCharsets.UTF_8),
                "asks size: negative", "BTC-USDT");
        assertFrameError("{\"arg\":{\"channel\":\"books\",\"instId\":\"BTC-USDT\"},\"action\":\"partial\","
                + "\"data\":[{\"asks\":[],\"bids\":[],\"seqId\":1,\"prevSeqId\":1}]}", "action must be snapshot or update",
                "BTC-USDT");
        assertFrameError("{\"arg\":{\"channel\":\"books\",\"instId\":\"BTC-USDT\"},\"action\":\"update\","
                + "\"data\":[{\"asks\":[],\"bids\":[],\"seqId\":\"1\",\"prevSeqId\":1}]}", "seqId: expected an integer",
                "BTC-USDT");
        assertFrameError("{\"arg\":{\"channel\":\"books\",\"instId\":\"BTC-USDT\"},\"action\":\"update\","
                + "\"data\":[{\"asks\":[],\"bids\":[],\"prevSeqId\":1}]}", "without seqId", "BTC-USDT");
        assertFrameError("{\"arg\":{\"channel\":\"books\",\"instId\":\"BTC-USDT\"},\"action\":\"update\","
                + "\"data\":[{\"asks\":[],\"bids\":[],\"seqId\":1,\"prevSeqId\":1},{}]}", "exactly one book entry",
                "BTC-USDT");
        assertFrameError("{\"arg\":{\"channel\":\"books\",\"instId\":\"BTC-USDT\"},\"action\":\"update\",\"data\":[",
                "malformed JSON", "BTC-USDT");
        assertFrameError("ping", "malformed JSON", null);
        assertFrameError("{\"foo\":1}", "neither a channel push (arg) nor an event", null);
    }

    @Test
    void decodingDoesNotAllocate() {
        com.sun.management.ThreadMXBean mx =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        byte[] frame = Fixtures.bytes("okx/booksSnapshot.json");
        byte[] trades = Fixtures.bytes("okx/trades.json");
        OrderBook book = new OrderBook("okx", "BTC-USDT", 2, 8);
        OkxChecksum checksum = new OkxChecksum();
        long sink = 0;
        for (int i = 0; i < 5_000; i++) {
            sink += applyAndHash(frame, book, checksum) + decode(trades).trade(0).price();
        }
        long tid = Thread.currentThread().getId();
        long before = mx.getThreadAllocatedBytes(tid);
        for (int i = 0; i < 100; i++) {
            sink += applyAndHash(frame, book, checksum) + decode(trades).trade(0).price();
        }
        long allocated = mx.getThreadAllocatedBytes(tid) - before;
        assertTrue(allocated < 2_000, "100 frames of 16 levels allocated " + allocated + " bytes (" + sink + ")");
    }

    private long applyAndHash(byte[] frame, OrderBook book, OkxChecksum checksum) {
        OkxMessage m = decode(frame);
        OkxChecksumTest.apply(book, m);
        return checksum.compute(book);
    }

    static byte[] update(long prevSeqId, long seqId, String bids, String asks, long checksum) {
        return ("{\"arg\":{\"channel\":\"books\",\"instId\":\"BTC-USDT\"},\"action\":\"update\",\"data\":[{\"asks\":"
                + asks + ",\"bids\":" + bids + ",\"ts\":\"1597026383085\",\"checksum\":" + checksum + ",\"prevSeqId\":"
                + prevSeqId + ",\"seqId\":" + seqId + "}]}").getBytes(StandardCharsets.UTF_8);
    }

    private OkxMessage decode(byte[] frame) {
        return decoder.decode(frame, 0, frame.length);
    }

    private void assertFrameError(String json, String fragment, String symbol) {
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        FrameException e = assertThrows(FrameException.class, () -> decoder.decode(b, 0, b.length));
        assertTrue(e.getMessage().contains(fragment), "expected '" + fragment + "' in: " + e.getMessage());
        assertEquals(symbol, e.symbol(), e.getMessage());
    }
}
