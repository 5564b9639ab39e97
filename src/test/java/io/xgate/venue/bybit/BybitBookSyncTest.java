package io.xgate.venue.bybit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xgate.book.OrderBook;
import io.xgate.config.Instrument;
import io.xgate.venue.Fixtures;
import io.xgate.venue.SymbolTable;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Bybit's order-book rules (protocol reference 4.2) on its documented messages. */
class BybitBookSyncTest {

    private final Instrument btc = Fixtures.instrument("BTC-USDT", "BTCUSDT", 2, 6);
    private final BybitDecoder decoder = new BybitDecoder(new SymbolTable(List.of(btc), false));
    private final BybitBookSync sync = new BybitBookSync();
    private final OrderBook book = new OrderBook("bybit", "BTC-USDT", 2, 6);

    @Test
    void snapshotThenDeltaThenAnySnapshotResetsTheBook() {
        assertEquals(BybitBookSync.Result.SNAPSHOT, feed(Fixtures.bytes("bybit/orderbookSnapshot.json")));
        assertEquals(2, book.bidCount());
        assertEquals(BybitBookSync.Result.APPLIED, feed(Fixtures.bytes("bybit/orderbookDelta.json")));
        assertEquals(177_400_507, sync.lastUpdateId());
        assertEquals(3_024_720, book.bestBid());
        // Bybit re-sends a snapshot after a problem on its side, even with an older u: it always wins
        assertEquals(BybitBookSync.Result.SNAPSHOT, feed(Fixtures.bytes("bybit/orderbookSnapshot.json")));
        assertEquals(18_521_288, sync.lastUpdateId());
        assertEquals(1_649_350, book.bestBid());
        assertEquals(2, book.bidCount(), "the delta's levels are gone");
        assertEquals(2, book.askCount());
    }

    @Test
    void aSnapshotBeforeTheSubscribeAckIsKept() {
        assertEquals(BybitBookSync.Result.SNAPSHOT, feed(Fixtures.bytes("bybit/orderbookSnapshot.json")));
        BybitMessage ack = decoder.decode(Fixtures.bytes("bybit/subscribeAckSpot.json"), 0,
                Fixtures.bytes("bybit/subscribeAckSpot.json").length);
        assertEquals(BybitMessage.Kind.RESPONSE, ack.kind());
        assertTrue(sync.hasBook());
        assertEquals(BybitBookSync.Result.APPLIED, feed(Fixtures.bytes("bybit/orderbookDelta.json")));
    }

    @Test
    void updateIdOneMeansTheVenueRestartedOverwrite() {
        feed(Fixtures.bytes("bybit/orderbookSnapshot.json"));
        feed(Fixtures.bytes("bybit/orderbookDelta.json"));
        byte[] restarted = new String(Fixtures.bytes("bybit/orderbookDelta.json"), StandardCharsets.UTF_8)
                .replace("\"u\":177400507", "\"u\":1").getBytes(StandardCharsets.UTF_8);
        assertEquals(BybitBookSync.Result.RESTART, feed(restarted));
        assertEquals(1, sync.lastUpdateId());
        assertEquals(4, book.bidCount(), "only the restart message's non-zero levels remain");
        assertEquals(BybitBookSync.Result.APPLIED, sync.onDelta(2));
    }

    @Test
    void staleUpdateIdsAreDropped() {
        feed(Fixtures.bytes("bybit/orderbookSnapshot.json"));
        assertEquals(BybitBookSync.Result.APPLIED, feed(Fixtures.bytes("bybit/orderbookDelta.json")));
        long best = book.bestBid();
        assertEquals(BybitBookSync.Result.STALE, feed(Fixtures.bytes("bybit/orderbookDelta.json")), "same u");
        assertEquals(BybitBookSync.Result.STALE, sync.onDelta(177_400_506L), "lower u");
        assertEquals(best, book.bestBid());
        assertEquals(BybitBookSync.Result.APPLIED, sync.onDelta(177_400_510L), "u may jump: no gap rule is documented");
    }

    @Test
    void aDeltaBeforeAnySnapshotHasNothingToApplyTo() {
        assertEquals(BybitBookSync.Result.NO_SNAPSHOT, feed(Fixtures.bytes("bybit/orderbookDelta.json")));
        assertEquals(0, book.bidCount());
    }

    @Test
    void onlyTheServedDepths() {
        for (int d : new int[] {1, 50, 200, 1000}) {
            assertEquals(d, BybitBookSync.validateDepth(d));
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BybitBookSync.validateDepth(25));
        assertEquals("Bybit order-book depth 25 is not one of 1, 50, 200, 1000", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> BybitBookSync.validateDepth(500));
    }

    /** Decodes, runs the rules, and does to the book what they say. */
    private BybitBookSync.Result feed(byte[] frame) {
        BybitMessage m = decoder.decode(frame, 0, frame.length);
        BybitBookSync.Result r = sync.on(m);
        if (r == BybitBookSync.Result.SNAPSHOT || r == BybitBookSync.Result.RESTART) {
            book.clear();
        }
        if (r == BybitBookSync.Result.SNAPSHOT || r == BybitBookSync.Result.RESTART
                || r == BybitBookSync.Result.APPLIED) {
            BybitDecoderTest.apply(book, m);
        }
        return r;
    }
}
