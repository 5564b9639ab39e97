package io.xgate.venue.binance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xgate.config.Instrument;
import io.xgate.event.BookUpdate;
import io.xgate.venue.Fixtures;
import io.xgate.venue.SymbolTable;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Binance's documented local-book recipe (protocol reference 1.2), step by step. */
class BinanceBookSyncTest {

    private final Instrument btc = Fixtures.instrument("BTC-USDT", "BTCUSDT", 2, 5);
    private final BinanceDecoder decoder = new BinanceDecoder(new SymbolTable(List.of(btc), true));
    private final BinanceBookSync sync = new BinanceBookSync("binance", btc, 1000);

    private BinanceMessage delta(long firstId, long lastId) {
        byte[] b = ("{\"e\":\"depthUpdate\",\"E\":1,\"s\":\"BTCUSDT\",\"U\":" + firstId + ",\"u\":" + lastId
                + ",\"b\":[[\"100.00\",\"" + lastId + "\"]],\"a\":[]}").getBytes(StandardCharsets.UTF_8);
        return decoder.decode(b, 0, b.length);
    }

    private BinanceMessage snapshot(long lastUpdateId) {
        byte[] b = ("{\"lastUpdateId\":" + lastUpdateId + ",\"bids\":[[\"99.00\",\"1\"]],\"asks\":[[\"101.00\",\"1\"]]}")
                .getBytes(StandardCharsets.UTF_8);
        return decoder.decodeSnapshot(b, 0, b.length, btc);
    }

    @Test
    void buffersThenDropsWhatTheSnapshotCoversThenFollows() {
        assertNull(sync.onDelta(delta(100, 105), 0));
        assertEquals(BinanceBookSync.Result.BUFFERED, sync.result());
        sync.onDelta(delta(106, 110), 0);
        sync.onDelta(delta(111, 112), 0);
        List<BookUpdate> out = sync.onSnapshot(snapshot(107), 0);
        assertEquals(BinanceBookSync.Result.SYNCED, sync.result());
        assertEquals(3, out.size(), "snapshot, then the straddling event 106..110, then 111..112");
        assertEquals(BookUpdate.Kind.SNAPSHOT, out.get(0).kind());
        assertEquals(107, out.get(0).venueSeq());
        assertEquals(106, out.get(1).firstSeq());
        assertEquals(112, out.get(2).venueSeq());
        assertTrue(sync.isLive());
        BookUpdate next = sync.onDelta(delta(113, 120), 0);
        assertEquals(BinanceBookSync.Result.APPLIED, sync.result());
        assertEquals(113, next.firstSeq());
        assertEquals(120, next.venueSeq());
    }

    @Test
    void aSnapshotOlderThanTheFirstBufferedEventIsFetchedAgain() {
        sync.onDelta(delta(100, 105), 0);
        assertTrue(sync.onSnapshot(snapshot(99), 0).isEmpty());
        assertEquals(BinanceBookSync.Result.SNAPSHOT_TOO_OLD, sync.result());
        assertFalse(sync.isLive());
        assertEquals(2, sync.onSnapshot(snapshot(102), 0).size(), "a newer snapshot then syncs");
        assertEquals(BinanceBookSync.Result.SYNCED, sync.result());
    }

    @Test
    void aGapAfterSyncIsReportedAndStopsTheBook() {
        sync.onSnapshot(snapshot(100), 0);
        assertEquals(101, sync.onDelta(delta(101, 101), 0).venueSeq());
        assertNull(sync.onDelta(delta(103, 104), 0)); // 102 is missing
        assertEquals(BinanceBookSync.Result.GAP, sync.result());
        assertEquals("gap: expected U=102, got U=103 u=104", sync.reason());
        assertFalse(sync.isLive());
        assertNull(sync.onDelta(delta(105, 106), 0), "after a gap nothing is applied until the next snapshot");
        assertEquals(BinanceBookSync.Result.BUFFERED, sync.result());
    }

    @Test
    void staleEventsAreDroppedAndTheFirstEventMustStraddleTheSnapshot() {
        sync.onSnapshot(snapshot(100), 0);
        assertNull(sync.onDelta(delta(90, 100), 0));
        assertEquals(BinanceBookSync.Result.STALE, sync.result());
        assertNull(sync.onDelta(delta(102, 105), 0), "101 would be lost");
        assertEquals(BinanceBookSync.Result.GAP, sync.result());
        assertTrue(sync.reason().startsWith("first event after the snapshot does not straddle it"), sync.reason());
    }

    @Test
    void bufferedEventsThatDoNotStraddleFailTheSync() {
        sync.onDelta(delta(100, 105), 0);
        sync.onDelta(delta(110, 115), 0); // 106..109 lost on the way
        List<BookUpdate> out = sync.onSnapshot(snapshot(107), 0);
        assertTrue(out.isEmpty());
        assertEquals(BinanceBookSync.Result.GAP, sync.result());
        assertFalse(sync.isLive());
        assertEquals(0, sync.buffered());
    }

    @Test
    void scannedDeltasShareTheConnectionsSlabAndKeepTheirLevelsWhileTheScannerReadsOn() {
        // the scanner reads levels into its own scratch buffer, reused frame after frame: the sync must copy each
        // published delta's levels out of it (into the slab), or an earlier event would change under its consumer
        io.xgate.venue.LevelSlab slab = new io.xgate.venue.LevelSlab();
        BinanceBookSync live = new BinanceBookSync("binance", btc, 1000, slab);
        BinanceScanner scanner = new BinanceScanner(List.of(btc));
        BinanceMessage m = new BinanceMessage();
        live.onSnapshot(snapshot(99), 0);
        List<BookUpdate> out = new java.util.ArrayList<>();
        for (int n = 0; n < 50; n++) {
            byte[] b = ("{\"e\":\"depthUpdate\",\"E\":1,\"s\":\"BTCUSDT\",\"U\":" + (100 + n) + ",\"u\":"
                    + (100 + n) + ",\"b\":[[\"" + (100 + n) + ".00\",\"1.5\"]],\"a\":[[\"" + (200 + n)
                    + ".00\",\"0\"],[\"300.00\",\"" + n + "\"]]}").getBytes(StandardCharsets.UTF_8);
            assertTrue(scanner.scan(b, 0, b.length, m), "the scanner reads this shape");
            out.add(live.onDelta(m, 0));
            assertEquals(BinanceBookSync.Result.APPLIED, live.result());
        }
        for (int n = 0; n < 50; n++) {
            BookUpdate u = out.get(n);
            assertArrayEquals(new long[] {(100 + n) * 100L, 150_000, (200 + n) * 100L, 0, 30_000, n * 100_000L},
                    u.levels(), "delta " + n);
            assertEquals(1, u.bidCount());
            assertSame(slab.store(), u.levelStore(), "one chunk for them all, not an array each");
            assertEquals(3 * n, u.levelStart());
        }
    }
}
