package io.xgate.analytics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xgate.book.OrderBook;
import io.xgate.event.BookBar;
import io.xgate.event.BookUpdate;
import io.xgate.event.Event;
import io.xgate.event.Side;
import io.xgate.event.SyncState;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Book-feature bars on crafted update sequences, every expected figure computed by hand (the working is in the
 * comments). The book is at price scale 2 and size scale 0 around a mid of 100.00, where one tick (0.01) is exactly
 * 1 bp of the mid: a level {@code n} ticks from the mid is {@code n} bps away. With twice the mid {@code mid2 =
 * bid + ask} and {@code d = 2 * distance}, a level is below a band's bound of U bps (U = 1, 2, 3, 5, 10) iff
 * {@code d * 10000 < U * mid2}, that is iff {@code d} is below [2, 4, 6, 10, 20] for mid2 = 20000 and below
 * [3, 5, 7, 11, 21] for mid2 = 20001 or 20002 (the least integers at or above U * mid2 / 10000). Mids, spreads and the
 * microprice come out at scale 2 + 4 = 6.
 */
class BookFeaturesTest {

    private static final long S = 1_000_000_000L;
    private static final long MS = 1_000_000L;
    /** A whole second, so a 1 s bar starts here. */
    private static final long T = 1_700_000_000L * S;

    private final OrderBook book = new OrderBook("binance", "BTC-USDT", 2, 0, 16);
    private final List<BookBar> bars = new ArrayList<>();
    private final BookFeatures f = new BookFeatures(book, S, bars::add);
    private long seq;

    private static long[] levels(long... pairs) {
        return pairs;
    }

    private BookUpdate update(BookUpdate.Kind kind, long[] bids, long[] asks, long ts) {
        long[] all = new long[bids.length + asks.length];
        System.arraycopy(bids, 0, all, 0, bids.length);
        System.arraycopy(asks, 0, all, bids.length, asks.length);
        seq++;
        return new BookUpdate("binance", "BTC-USDT", seq, ts - 5 * MS, ts, ts, kind, seq, BookUpdate.NO_CHECKSUM, 2,
                0, all, bids.length / 2);
    }

    /** An update applied at {@code ts}, the book's state after it {@code state}. */
    private void feed(BookUpdate.Kind kind, long[] bids, long[] asks, long ts, SyncState state) {
        f.apply(update(kind, bids, asks, ts), ts);
        f.onState(state, ts);
    }

    private void snapshot(long[] bids, long[] asks, long ts) {
        feed(BookUpdate.Kind.SNAPSHOT, bids, asks, ts, SyncState.LIVE);
    }

    private void delta(long[] bids, long[] asks, long ts) {
        feed(BookUpdate.Kind.DELTA, bids, asks, ts, SyncState.LIVE);
    }

    private static final long[] NONE = new long[0];

    @Test
    void everyFeatureOfOneLiveBar() {
        // T: bids 99.99x10 99.98x20 99.97x5, asks 100.01x8 100.02x4 100.06x30. mid2 20000 (100.00), spread 2.
        snapshot(levels(9999, 10, 9998, 20, 9997, 5), levels(10001, 8, 10002, 4, 10006, 30), T);
        // +200 ms: 99.99 10 -> 15, a modification at d = 20000 - 19998 = 2: band b1_2 (exactly 1 bp), flow +5.
        // OFI, bid at the same price: +15 - 10 = +5; ask unchanged: -8 + 8 = 0.             OFI 5
        delta(levels(9999, 15), NONE, T + 200 * MS);
        // +400 ms: bid 100.00 x3, an add (new price) at d = 0: b0_1, flow +3. Bid up: +3.    OFI 8
        // mid2 20001 (100.005), spread 1.
        delta(levels(10000, 3), NONE, T + 400 * MS);
        // +600 ms (mid before 20001, thresholds 3 5 7 11 21): ask 100.01 8 -> 0, a cancel at d = 20002 - 20001 = 1,
        // b0_1, flow -8; ask 100.02 4 -> 6, a modification at d = 3, b1_2, flow +2.
        // Ask up 100.01 -> 100.02: + previous ask size 8; bid unchanged 0.                  OFI 16
        // mid2 20002 (100.01), spread 2.
        delta(NONE, levels(10001, 0, 10002, 6), T + 600 * MS);
        // trades: buy 5, sell 2, unknown 1 (volume only)
        f.onTrade(Side.BUY, 5, T + 700 * MS);
        f.onTrade(Side.SELL, 2, T + 750 * MS);
        f.onTrade(Side.UNKNOWN, 1, T + 760 * MS);
        // +800 ms (mid before 20002): bid 100.00 3 -> 0, a cancel at d = 20002 - 20000 = 2, b0_1, flow -3.
        // Bid down 100.00 -> 99.99: - previous bid size 3; ask unchanged 0.                 OFI 13
        // touch 99.99x15 / 100.02x6: mid2 20001 (100.005), spread 3.
        delta(levels(10000, 0), NONE, T + 800 * MS);
        // +900 ms (mid before 20001): bid 99.90 x100 an add at d = 21, beyond 10 bps (no band); 99.98 20 -> 20 the
        // same size (nothing); ask 100.04 x7 an add at d = 20008 - 20001 = 7, b3_5, flow +7; ask 100.50 -> 0 absent
        // (nothing). Touch unchanged: OFI 0.
        delta(levels(9990, 100, 9998, 20), levels(10004, 7, 10050, 0), T + 900 * MS);
        assertTrue(bars.isEmpty(), "the bar closes on the clock, not before");
        f.onClock(T + S);

        assertEquals(1, bars.size());
        BookBar b = bars.get(0);
        assertEquals("binance", b.venue());
        assertEquals(T, b.startNanos());
        assertEquals(T + S, b.endNanos());
        assertEquals(T + S, b.receiveTsNanos());
        assertEquals(6, b.venueSeq(), "the last update counted");
        assertEquals(T + 900 * MS - 5 * MS, b.venueTsNanos());
        assertEquals(2, b.priceScale());
        assertEquals(0, b.sizeScale());
        assertEquals(6, b.midScale());
        assertTrue(b.live());
        assertEquals(0, b.resyncs());
        assertEquals(S, b.liveNanos());
        // mids 100.00, high 100.01, low 100.00, close 100.005
        assertEquals(100_000_000L, b.midOpen());
        assertEquals(100_010_000L, b.midHigh());
        assertEquals(100_000_000L, b.midLow());
        assertEquals(100_005_000L, b.midClose());
        // spread 2 for 400 ms, 1 for 200, 2 for 200, 3 for 200: (800 + 200 + 400 + 600) / 1000 = 2 ticks = 0.02
        assertEquals(20_000L, b.spreadMean());
        assertEquals(30_000L, b.spreadMax());
        assertEquals(30_000L, b.spreadEnd());
        // (99.99 * 6 + 100.02 * 15) / 21 = 210024 / 21 ticks = 100.0114285714... -> 100.011429
        assertEquals(100_011_429L, b.microprice());
        // end book, mid2 20001 (thresholds 3 5 7 11 21): bids 99.99x15 d 3 b1_2, 99.98x20 d 5 b2_3, 99.97x5 d 7
        // b3_5, 99.90 d 21 beyond; asks 100.02x6 d 3 b1_2, 100.04x7 d 7 b3_5, 100.06x30 d 11 b5_10
        assertArrayEquals(new long[] {0, 15, 20, 5, 0}, b.bidDepth());
        assertArrayEquals(new long[] {0, 6, 0, 7, 30}, b.askDepth());
        assertArrayEquals(new long[] {3 - 3, 5, 0, 0, 0}, b.bidFlow());
        assertArrayEquals(new long[] {-8, 2, 0, 7, 0}, b.askFlow());
        assertEquals(13, b.ofi());
        assertEquals(8, b.tradeVolume());
        assertEquals(5, b.buyVolume());
        assertEquals(2, b.sellVolume());
        assertEquals(3, b.signedVolume());
        assertEquals(3, b.tradeCount());
        assertEquals(6, b.messages(), "the snapshot and five deltas");
        assertEquals(3, b.adds(), "100.00, 99.90, 100.04");
        assertEquals(2, b.cancels(), "100.01 removed, 100.00 removed");
        assertEquals(2, b.modifications(), "99.99 up, 100.02 up");
        // bids 15 20 5 100: mean 35, variance (400 + 225 + 900 + 4225) / 4 = 1437.5, wall (100 - 35) / sd
        assertEquals(65 / Math.sqrt(1437.5), b.bidWallZ(), 1e-12);
        assertEquals(1.714389, b.bidWallZ(), 1e-6);
        // asks 6 7 30: mean 43/3, wall (30 - 43/3) / sd = 1.413254
        assertEquals(1.413254, b.askWallZ(), 1e-6);
    }

    @Test
    void orderFlowImbalanceFollowsTheTouchBothWays() {
        snapshot(levels(9999, 10), levels(10001, 10), T);
        long ofi = 0;
        // ask down 100.01 -> 100.00 x4: - new ask size 4 (the old ask level stays, behind)
        delta(NONE, levels(10000, 4), T + 100 * MS);
        ofi += -4;
        // ask same price, size 4 -> 1: - 1 + 4 = +3
        delta(NONE, levels(10000, 1), T + 200 * MS);
        ofi += 3;
        // bid same price, size 10 -> 7: 7 - 10 = -3
        delta(levels(9999, 7), NONE, T + 300 * MS);
        ofi += -3;
        // both sides in one update: bid 99.98 x6 added and 99.99 removed, so the bid goes down to 99.98: - previous
        // bid size 7; ask 100.00 removed, so the ask goes up to 100.01 x10: + previous ask size 1
        delta(levels(9998, 6, 9999, 0), levels(10000, 0), T + 400 * MS);
        ofi += -7 + 1;
        // bid up 99.98 -> 99.99 x2: + 2
        delta(levels(9999, 2), NONE, T + 500 * MS);
        ofi += 2;
        // a level away from the touch changes nothing: 0
        delta(levels(9990, 50), levels(10010, 50), T + 600 * MS);
        f.onClock(T + S);
        assertEquals(-8, ofi);
        assertEquals(ofi, bars.get(0).ofi());
    }

    @Test
    void flowUsesTheMidBeforeTheUpdate() {
        snapshot(levels(9999, 10), levels(10001, 10), T); // mid2 20000, thresholds 2 4 6 10 20
        // The ask leaves 100.01 for 100.11 (mid after 100.05), and a bid 99.91 x4 arrives: 18 from twice the mid
        // before (b5_10); after it would be 28, beyond 10 bps. The removed ask at d 2 is b1_2; the new ask at d 22 is
        // beyond.
        delta(levels(9991, 4), levels(10001, 0, 10011, 1), T + 100 * MS);
        f.onClock(T + S);
        BookBar b = bars.get(0);
        assertArrayEquals(new long[] {0, 0, 0, 0, 4}, b.bidFlow());
        assertArrayEquals(new long[] {0, -10, 0, 0, 0}, b.askFlow());
        assertEquals(2, b.adds(), "99.91 and 100.11");
        assertEquals(1, b.cancels(), "100.01 removed");
    }

    @Test
    void aBarSpanningAResyncCoversOnlyItsLiveTime() {
        snapshot(levels(9999, 10), levels(10001, 10), T); // mid2 20000, spread 2
        // +100 ms: bid 10 -> 12, modification, b1_2 +2, OFI +2
        delta(levels(9999, 12), NONE, T + 100 * MS);
        // +300 ms: a bid at 100.02 crosses the book: the owner's check fails, the state after it is RESYNCING. The
        // update counts for nothing; one resync.
        feed(BookUpdate.Kind.DELTA, levels(10002, 1), NONE, T + 300 * MS, SyncState.RESYNCING);
        f.onTrade(Side.BUY, 4, T + 350 * MS); // not LIVE: not counted
        // +600 ms: the new snapshot, LIVE again: bids 99.98x7, asks 100.03x9: mid2 20001, spread 5; no OFI for it
        snapshot(levels(9998, 7), levels(10003, 9), T + 600 * MS);
        f.onTrade(Side.SELL, 3, T + 700 * MS);
        // +800 ms: ask 9 -> 5 at d = 20006 - 20001 = 5, thresholds 3 5 7 11 21: b2_3, cancel, flow -4;
        // ask same price, size down: - 5 + 9 = +4. OFI 2 + 4 = 6
        delta(NONE, levels(10003, 5), T + 800 * MS);
        f.onClock(T + S);
        BookBar b = bars.get(0);
        assertFalse(b.live());
        assertEquals(1, b.resyncs());
        assertEquals(700 * MS, b.liveNanos(), "0..300 ms and 600..1000 ms");
        assertEquals(4, b.messages(), "two snapshots and two deltas; the crossing delta is not counted");
        assertEquals(1, b.modifications());
        assertEquals(1, b.cancels());
        assertEquals(0, b.adds());
        assertArrayEquals(new long[] {0, 2, 0, 0, 0}, b.bidFlow());
        assertArrayEquals(new long[] {0, 0, -4, 0, 0}, b.askFlow());
        assertEquals(6, b.ofi());
        assertEquals(1, b.tradeCount());
        assertEquals(3, b.tradeVolume());
        assertEquals(-3, b.signedVolume());
        // spread 2 for 300 ms, 5 for 400 ms: 2600 / 700 = 3.7142857 ticks -> 0.037143
        assertEquals(37_143L, b.spreadMean());
        assertEquals(50_000L, b.spreadMax());
        assertEquals(50_000L, b.spreadEnd());
        assertEquals(100_000_000L, b.midOpen());
        assertEquals(100_005_000L, b.midHigh());
        assertEquals(100_000_000L, b.midLow());
        assertEquals(100_005_000L, b.midClose());
        // (99.98 * 5 + 100.03 * 7) / 12 = 120011 / 12 ticks = 100.0091666.. -> 100.009167
        assertEquals(100_009_167L, b.microprice());
        assertArrayEquals(new long[] {0, 0, 7, 0, 0}, b.bidDepth());
        assertArrayEquals(new long[] {0, 0, 5, 0, 0}, b.askDepth());
        assertEquals(0.0, b.bidWallZ(), "one level: nothing stands out");

        // the next bar: nothing happens, LIVE throughout; its mids are the book's as it stands
        f.onClock(T + 2 * S);
        BookBar quiet = bars.get(1);
        assertTrue(quiet.live());
        assertEquals(0, quiet.resyncs());
        assertEquals(S, quiet.liveNanos());
        assertEquals(0, quiet.messages());
        assertEquals(Event.NO_SEQ, quiet.venueSeq());
        assertEquals(100_005_000L, quiet.midOpen());
        assertEquals(100_005_000L, quiet.midClose());
        assertEquals(50_000L, quiet.spreadMean());
        assertEquals(0, quiet.ofi());

        // the book leaves LIVE at 2.5 s and stays out: the bar has no end figures
        f.onState(SyncState.STALE, T + 2500 * MS);
        f.onClock(T + 4 * S);
        BookBar broken = bars.get(2);
        assertFalse(broken.live());
        assertEquals(1, broken.resyncs());
        assertEquals(500 * MS, broken.liveNanos());
        assertEquals(100_005_000L, broken.midClose(), "the last LIVE mid");
        assertEquals(50_000L, broken.spreadMean());
        assertEquals(0, broken.spreadEnd());
        assertEquals(0, broken.microprice());
        assertArrayEquals(new long[5], broken.bidDepth());
        assertTrue(Double.isNaN(broken.askWallZ()));
        BookBar dead = bars.get(3);
        assertFalse(dead.live());
        assertEquals(0, dead.resyncs());
        assertEquals(0, dead.liveNanos());
        assertEquals(0, dead.midOpen(), "no LIVE mid in the bar");
        assertEquals(0, dead.spreadMean());
    }

    @Test
    void barsStartWithTheFirstLiveMomentAndAreAlignedToTheEpoch() {
        // an update while the book is not LIVE yet: nothing starts
        feed(BookUpdate.Kind.SNAPSHOT, levels(9999, 10), levels(10001, 10), T + 100 * MS, SyncState.SYNCING);
        f.onClock(T + 3 * S);
        assertTrue(bars.isEmpty());
        // LIVE at 3.25 s, by the venue's word: the bar [3 s, 4 s) starts, not LIVE for all of it
        f.onState(SyncState.LIVE, T + 3250 * MS);
        f.onClock(T + 4 * S - 1);
        assertTrue(bars.isEmpty());
        // an update exactly at the boundary belongs to the next bar, and closes this one first
        delta(levels(9999, 11), NONE, T + 4 * S);
        assertEquals(1, bars.size());
        BookBar first = bars.get(0);
        assertEquals(T + 3 * S, first.startNanos());
        assertFalse(first.live());
        assertEquals(750 * MS, first.liveNanos());
        assertEquals(0, first.messages());
        assertEquals(100_000_000L, first.midOpen(), "the book's mid from the LIVE moment");
        assertArrayEquals(new long[] {0, 10, 0, 0, 0}, first.bidDepth(), "before the update at the boundary");
        f.onClock(T + 5 * S);
        BookBar second = bars.get(1);
        assertTrue(second.live());
        assertEquals(1, second.messages());
        assertEquals(1, second.ofi());
        assertArrayEquals(new long[] {0, 11, 0, 0, 0}, second.bidDepth());
    }

    @Test
    void aSnapshotResetsTheRestingSizesAndAddsNoFlow() {
        snapshot(levels(9999, 10), levels(10001, 10), T);
        delta(levels(9999, 12), NONE, T + 100 * MS); // OFI +2, flow +2
        snapshot(levels(9999, 1, 9998, 3), levels(10001, 50), T + 200 * MS); // replaces the book, no flow, no OFI
        delta(levels(9999, 2), NONE, T + 300 * MS); // OFI +1, flow +1
        f.onClock(T + S);
        BookBar b = bars.get(0);
        assertArrayEquals(new long[] {0, 3, 0, 0, 0}, b.bidFlow());
        assertArrayEquals(new long[5], b.askFlow());
        assertEquals(3, b.ofi());
        assertEquals(4, b.messages());
        assertEquals(2, b.modifications());
        assertEquals(0, b.adds());
        assertArrayEquals(new long[] {0, 2, 3, 0, 0}, b.bidDepth());
        assertArrayEquals(new long[] {0, 50, 0, 0, 0}, b.askDepth());
    }

    @Test
    void restingSizesReadEveryLevelWithinTenBasisPoints() {
        // a fine book: price scale 4, mid 100.0000, 1 bp = 100 ticks; 300 bid levels one tick apart within 3 bps
        OrderBook fine = new OrderBook("binance", "BTC-USDT", 4, 0, 512);
        List<BookBar> out = new ArrayList<>();
        BookFeatures ff = new BookFeatures(fine, S, out::add);
        long[] bids = new long[600];
        for (int i = 0; i < 300; i++) {
            bids[2 * i] = 999_999 - i;
            bids[2 * i + 1] = 1;
        }
        BookUpdate snap = new BookUpdate("binance", "BTC-USDT", 1, T, T, T, BookUpdate.Kind.SNAPSHOT, 1,
                BookUpdate.NO_CHECKSUM, 4, 0, concat(bids, new long[] {1_000_001, 1}), 300);
        ff.apply(snap, T);
        ff.onState(SyncState.LIVE, T);
        ff.onClock(T + S);
        // mid2 2000000, thresholds 200 400 600 1000 2000 on d = 2000000 - 2p = 2 (i + 1): i 0..98 in b0_1 (d < 200),
        // 99..198 in b1_2, 199..298 in b2_3, 299 in b3_5
        assertArrayEquals(new long[] {99, 100, 100, 1, 0}, out.get(0).bidDepth());
        // the midScale shrinks for no one here: 4 + 4 = 8
        assertEquals(8, out.get(0).midScale());
        assertEquals(10_000_000_000L, out.get(0).midOpen());
    }

    private static long[] concat(long[] a, long[] b) {
        long[] out = new long[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void wallZScoreIsZeroWithoutSpreadAndTheLargestOutlierOtherwise() {
        assertEquals(0.0, BookFeatures.wallZ(new long[] {5, 5, 5}, 3));
        assertEquals(0.0, BookFeatures.wallZ(new long[] {5}, 1));
        // 1 1 1 9: mean 3, variance (4 + 4 + 4 + 36) / 4 = 12, wall 6 / sqrt(12)
        assertEquals(6 / Math.sqrt(12), BookFeatures.wallZ(new long[] {1, 1, 1, 9}, 4), 1e-15);
    }

    @Test
    void perUpdateWorkAllocatesNothing() {
        snapshot(levels(9999, 10, 9998, 10), levels(10001, 10, 10002, 10), T);
        BookUpdate[] deltas = new BookUpdate[64];
        for (int i = 0; i < deltas.length; i++) {
            deltas[i] = update(BookUpdate.Kind.DELTA, levels(9999 - (i % 5), 1 + i, 9990, i % 3),
                    levels(10001 + (i % 4), 2 + i), T);
        }
        com.sun.management.ThreadMXBean mx =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().getId();
        for (int round = 0; round < 2; round++) {
            long before = mx.getThreadAllocatedBytes(tid);
            for (int i = 0; i < 200_000; i++) {
                long ts = T + 1 + i; // all inside the first bar
                f.apply(deltas[i & 63], ts);
                f.onState(SyncState.LIVE, ts);
            }
            long allocated = mx.getThreadAllocatedBytes(tid) - before;
            if (round == 1) {
                assertTrue(allocated < 10_000, "200k updates allocated " + allocated + " bytes");
            }
        }
        assertTrue(bars.isEmpty());
    }

    @Test
    void aClockGapEmitsEveryBarAndALongOneIsSkippedAndCounted() {
        snapshot(levels(9999, 10), levels(10001, 10), T);
        f.onClock(T + 3500 * MS);
        assertEquals(3, bars.size(), "[0, 1), [1, 2), [2, 3)");
        for (int k = 0; k < 3; k++) {
            assertEquals(T + k * S, bars.get(k).startNanos());
            assertTrue(bars.get(k).live());
        }
        assertEquals(1, bars.get(0).messages());
        assertEquals(0, bars.get(2).messages());
        bars.clear();
        // a suspended machine: 20,000 bars later. The first 10,000 are emitted, the rest skipped (counted) up to the
        // bar in progress, then the bars go on
        f.onClock(T + 20_003 * S + 1);
        assertEquals(BookFeatures.MAX_CATCH_UP, bars.size());
        assertEquals(20_003 - 3 - BookFeatures.MAX_CATCH_UP, f.skippedBars());
        assertEquals(T + 10_002 * S, bars.get(bars.size() - 1).startNanos(), "the first 10,000 of the gap");
        f.onClock(T + 20_004 * S);
        assertEquals(T + 20_003 * S, bars.get(bars.size() - 1).startNanos());
    }

    @Test
    void anUpdateWithoutAStateAfterItCountsWithTheStateUnchanged() {
        snapshot(levels(9999, 10), levels(10001, 10), T);
        f.apply(update(BookUpdate.Kind.DELTA, levels(9999, 12), NONE, T + 100 * MS), T + 100 * MS); // no onState
        f.onTrade(Side.BUY, 1, T + 200 * MS);
        f.onClock(T + S);
        assertEquals(2, bars.get(0).messages());
        assertEquals(2, bars.get(0).ofi());
        assertEquals(1, bars.get(0).tradeCount());
    }
}
