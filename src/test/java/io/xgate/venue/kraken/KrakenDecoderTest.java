package io.xgate.venue.kraken;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xgate.book.OrderBook;
import io.xgate.config.Instrument;
import io.xgate.venue.FrameException;
import io.xgate.venue.Fixtures;
import io.xgate.venue.SymbolTable;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Kraken v2 decoder and checksum on the exact messages and vectors of the protocol reference (2.1-2.3). */
class KrakenDecoderTest {

    // MATIC/USD: price_precision 4, qty_precision 8; BTC/USD: 1 and 8; ALGO/USD: 5 and 8
    private final Instrument matic = Fixtures.instrument("MATIC-USD", "MATIC/USD", 4, 8);
    private final Instrument algo = Fixtures.instrument("ALGO-USD", "ALGO/USD", 5, 8);
    private final KrakenDecoder decoder = new KrakenDecoder(new SymbolTable(List.of(matic, algo), false));

    @Test
    void bookSnapshotDecodesAndItsChecksumMatchesTheVenues() {
        KrakenMessage m = decode(Fixtures.bytes("kraken/bookSnapshot.json"));
        assertEquals(KrakenMessage.Kind.BOOK_SNAPSHOT, m.kind());
        assertEquals(1, m.bookCount());
        KrakenMessage.Book b = m.book(0);
        assertSame(matic, b.instrument());
        assertEquals(10, b.bids().count());
        assertEquals(5666, b.bids().price(0));
        assertEquals(483_175_496_356L, b.bids().size(0));
        assertEquals(5660, b.bids().price(6), "0.566 is 0.5660 at the pair's precision");
        assertEquals(1_809_715_470_000L, b.bids().size(6), "18097.1547 at 8 decimals");
        assertEquals(2_439_117_997L, b.checksum());
        Instant ts = Instant.parse("2023-10-06T17:35:55.440295Z");
        assertEquals(ts.getEpochSecond() * 1_000_000_000L + ts.getNano(), b.timestampNanos());

        OrderBook book = new OrderBook("kraken", "MATIC-USD", 4, 8);
        apply(book, b);
        assertEquals(2_439_117_997L, new KrakenChecksum().compute(book), "our CRC32 of the book = the venue's");
    }

    @Test
    void theDocumentedUpdateOnTheDocumentedSnapshotGivesItsChecksum() {
        OrderBook book = new OrderBook("kraken", "MATIC-USD", 4, 8);
        apply(book, decode(Fixtures.bytes("kraken/bookSnapshot.json")).book(0));
        KrakenMessage.Book u = decode(Fixtures.bytes("kraken/bookUpdate.json")).book(0);
        apply(book, u);
        book.truncate(10);
        assertEquals(2_114_181_697L, u.checksum());
        assertEquals(u.checksum(), new KrakenChecksum().compute(book));
    }

    @Test
    void bookUpdateDecodes() {
        KrakenMessage m = decode(Fixtures.bytes("kraken/bookUpdate.json"));
        assertEquals(KrakenMessage.Kind.BOOK_UPDATE, m.kind());
        KrakenMessage.Book b = m.book(0);
        assertEquals(1, b.bids().count());
        assertEquals(5657, b.bids().price(0));
        assertEquals(109_839_475_580L, b.bids().size(0));
        assertEquals(0, b.asks().count());
        assertEquals(2_114_181_697L, b.checksum());
    }

    /** The official vector C1 from Kraken's v2 checksum guide: BTC/USD, 10 levels a side, 3310070434. */
    @Test
    void officialChecksumVectorC1() {
        OrderBook book = new OrderBook("kraken", "BTC-USD", 1, 8);
        String[] bids = ("45283.5 0.10000000 | 45283.4 1.54582015 | 45282.1 0.10000000 | 45281.0 0.10000000 | "
                + "45280.3 1.54592586 | 45279.0 0.07990000 | 45277.6 0.03310103 | 45277.5 0.30000000 | "
                + "45277.3 1.54602737 | 45276.6 0.15445238").split(" \\| ");
        String[] asks = ("45285.2 0.00100000 | 45286.4 1.54571953 | 45286.6 1.54571109 | 45289.6 1.54560911 | "
                + "45290.2 0.15890660 | 45291.8 1.54553491 | 45294.7 0.04454749 | 45296.1 0.35380000 | "
                + "45297.5 0.09945542 | 45299.5 0.18772827").split(" \\| ");
        for (String l : bids) {
            String[] pq = l.split(" ");
            book.setBid(io.xgate.num.Decimals.parse(pq[0], 1), io.xgate.num.Decimals.parse(pq[1], 8));
        }
        for (String l : asks) {
            String[] pq = l.split(" ");
            book.setAsk(io.xgate.num.Decimals.parse(pq[0], 1), io.xgate.num.Decimals.parse(pq[1], 8));
        }
        assertEquals(3_310_070_434L, new KrakenChecksum().compute(book));
        book.setBid(452_835L, 10_000_001L);
        assertFalse(new KrakenChecksum().compute(book) == 3_310_070_434L, "a changed level changes the checksum");
    }

    @Test
    void tradesTickerAndControlMessages() {
        KrakenMessage t = decode(Fixtures.bytes("kraken/tradeSnapshot.json"));
        assertEquals(KrakenMessage.Kind.TRADE, t.kind());
        assertEquals(2, t.tradeCount());
        assertTrue(t.trade(0).buy());
        assertEquals(5147, t.trade(0).price());
        assertEquals(642_346_326_000L, t.trade(0).quantity());
        assertEquals(4_665_846, t.trade(0).tradeId());
        KrakenMessage u = decode(Fixtures.bytes("kraken/tradeUpdate.json"));
        assertFalse(u.trade(0).buy());
        assertEquals(4_000_000_000L, u.trade(0).quantity(), "40.0");

        KrakenMessage tick = decode(Fixtures.bytes("kraken/ticker.json"));
        assertEquals(KrakenMessage.Kind.TICKER, tick.kind());
        assertEquals(10_025, tick.book(0).bids().price(0));
        assertEquals(74_000_000_000L, tick.book(0).bids().size(0));
        assertEquals(10_036, tick.book(0).asks().price(0));

        KrakenMessage ack = decode(Fixtures.bytes("kraken/subscribeAck.json"));
        assertEquals(KrakenMessage.Kind.RESPONSE, ack.kind());
        assertEquals("subscribe", ack.method());
        assertTrue(ack.success());
        assertEquals(KrakenMessage.Kind.HEARTBEAT, decode("{\"channel\": \"heartbeat\"}".getBytes(StandardCharsets.UTF_8))
                .kind());
        KrakenMessage pong = decode(("{\"method\":\"pong\",\"req_id\":101,\"time_in\":\"2023-09-24T14:10:23.799685Z\","
                + "\"time_out\":\"2023-09-24T14:10:23.799703Z\"}").getBytes(StandardCharsets.UTF_8));
        assertEquals("pong", pong.method());
        assertEquals(101, pong.requestId());
    }

    @Test
    void badFramesSayWhatIsWrong() {
        assertFrameError("{\"channel\":\"book\",\"type\":\"update\",\"data\":[{\"symbol\":\"DOGE/USD\"}]}",
                "unknown symbol 'DOGE/USD'");
        assertFrameError("{\"channel\":\"book\",\"type\":\"update\",\"data\":[{\"symbol\":\"MATIC/USD\","
                + "\"bids\":[{\"price\":0.56661,\"qty\":1}]}]}", "more than 4 decimal");
        assertFrameError("{\"channel\":\"book\",\"type\":\"update\",\"data\":[{\"symbol\":\"MATIC/USD\","
                + "\"bids\":[{\"price\":true,\"qty\":1}]}]}", "bids.price: expected a number");
        assertFrameError("{\"channel\":\"book\",\"type\":\"weird\",\"data\":[]}", "unknown type 'weird'");
        assertFrameError("{\"channel\":\"book\",\"data\":{}}", "data must be a list");
        assertFrameError("{\"channel\":", "malformed JSON");
    }

    @Test
    void decodingAndChecksummingDoNotAllocate() {
        com.sun.management.ThreadMXBean mx =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        byte[] frame = Fixtures.bytes("kraken/bookSnapshot.json");
        OrderBook book = new OrderBook("kraken", "MATIC-USD", 4, 8);
        KrakenChecksum checksum = new KrakenChecksum();
        long sink = 0;
        for (int i = 0; i < 5_000; i++) {
            apply(book, decode(frame).book(0));
            sink += checksum.compute(book);
        }
        long tid = Thread.currentThread().getId();
        // the least of three windows: a compilation finishing on this thread can allocate in one of them (2,720 B
        // once in CI); an allocation per frame (100 x >= 16 B) shows in every one
        long allocated = Long.MAX_VALUE;
        for (int window = 0; window < 3; window++) {
            long before = mx.getThreadAllocatedBytes(tid);
            for (int i = 0; i < 100; i++) {
                apply(book, decode(frame).book(0));
                sink += checksum.compute(book);
            }
            allocated = Math.min(allocated, mx.getThreadAllocatedBytes(tid) - before);
        }
        assertTrue(allocated < 1_600, "100 frames of 20 levels allocated " + allocated + " bytes (" + sink + ")");
    }

    private static void apply(OrderBook book, KrakenMessage.Book b) {
        for (int i = 0; i < b.bids().count(); i++) {
            book.setBid(b.bids().price(i), b.bids().size(i));
        }
        for (int i = 0; i < b.asks().count(); i++) {
            book.setAsk(b.asks().price(i), b.asks().size(i));
        }
    }

    private KrakenMessage decode(byte[] frame) {
        return decoder.decode(frame, 0, frame.length);
    }

    private void assertFrameError(String json, String fragment) {
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        FrameException e = assertThrows(FrameException.class, () -> decoder.decode(b, 0, b.length));
        assertTrue(e.getMessage().contains(fragment), "expected '" + fragment + "' in: " + e.getMessage());
    }

    /** A partial token after the document is trailing data, and leaves nothing behind for the next frame. */
    @Test
    void aPartialTokenAfterTheDocumentIsRefusedAndDoesNotSpillIntoTheNextFrame() {
        byte[] ok = Fixtures.bytes("kraken/bookUpdate.json");
        for (String tail : List.of("0", "1", "\"a", "tr", "-", " 0", "\n\"}")) {
            byte[] bad = (new String(ok, StandardCharsets.UTF_8).trim() + tail).getBytes(StandardCharsets.UTF_8);
            assertThrows(FrameException.class, () -> decode(bad), tail);
            assertEquals(KrakenMessage.Kind.BOOK_UPDATE, decode(ok).kind(), "after " + tail);
        }
        byte[] padded = new byte[ok.length + 8];
        System.arraycopy(ok, 0, padded, 4, ok.length);
        for (int k = 0; k < 3; k++) {
            assertEquals(KrakenMessage.Kind.BOOK_UPDATE, decoder.decode(padded, 4, ok.length).kind(), "at an offset");
        }
    }
}
