package io.xgate.book;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xgate.event.BookUpdate;
import org.junit.jupiter.api.Test;

/** Worked examples of the book's contract; the differential test covers the rest. */
class OrderBookTest {

    private final OrderBook book = new OrderBook("binance", "BTC-USDT", 2, 8, 4);

    @Test
    void emptyBookHasNoPrices() {
        assertEquals(OrderBook.NO_PRICE, book.bestBid());
        assertEquals(OrderBook.NO_PRICE, book.bestAsk());
        assertFalse(book.isCrossed());
        assertEquals(0, book.stateHash());
        assertEquals(0, book.walkAsks(100, new WalkResult()).filled());
        assertEquals(OrderBook.NO_PRICE, new WalkResult().averagePrice());
    }

    @Test
    void deltasSetAbsoluteSizesAndZeroRemoves() {
        book.setBid(100_00, 5);
        book.setBid(101_00, 7);
        book.setBid(100_00, 9); // absolute, not additive
        book.setAsk(102_00, 3);
        assertEquals(101_00, book.bestBid());
        assertEquals(9, book.bidSize(1));
        assertEquals(0, book.setBid(99_00, 0)); // removing an absent level is not an error
        assertEquals(7, book.setBid(101_00, 0));
        assertEquals(100_00, book.bestBid());
        assertEquals(102_00, book.bestAsk());
    }

    @Test
    void topLevelsAreCopiedBestFirst() {
        for (int i = 1; i <= 5; i++) {
            book.setBid(100_00 - i, i);
            book.setAsk(100_00 + i, 10 * i);
        }
        long[] p = new long[3];
        long[] s = new long[3];
        assertEquals(3, book.topBids(p, s, 3));
        assertArrayEquals(new long[] {99_99, 99_98, 99_97}, p);
        assertArrayEquals(new long[] {1, 2, 3}, s);
        assertEquals(3, book.topAsks(p, s, 10)); // bounded by the arrays
        assertArrayEquals(new long[] {100_01, 100_02, 100_03}, p);
    }

    @Test
    void truncateKeepsTheBestLevels() {
        for (int i = 1; i <= 20; i++) {
            book.setBid(100_00 - i, i);
            book.setAsk(100_00 + i, i);
        }
        OrderBook ten = new OrderBook("x", "y", 2, 8);
        for (int i = 1; i <= 10; i++) {
            ten.setBid(100_00 - i, i);
            ten.setAsk(100_00 + i, i);
        }
        book.truncate(10);
        assertEquals(10, book.bidCount());
        assertEquals(99_90, book.bidPrice(9));
        assertEquals(100_10, book.askPrice(9));
        assertEquals(ten.stateHash(), book.stateHash());
    }

    @Test
    void crossedAndLockedBooksAreDetected() {
        book.setBid(100_00, 1);
        book.setAsk(100_01, 1);
        assertFalse(book.isCrossed());
        book.setAsk(100_00, 1);
        assertTrue(book.isCrossed(), "locked");
        book.setAsk(100_00, 0);
        book.setBid(100_02, 1);
        assertTrue(book.isCrossed(), "crossed");
    }

    @Test
    void walkReportsAverageFilledAndUnfilled() {
        book.setAsk(100_00, 1_00000000);
        book.setAsk(101_00, 2_00000000);
        WalkResult w = book.walkAsks(2_00000000, new WalkResult());
        assertEquals(2_00000000, w.filled());
        assertEquals(0, w.unfilled());
        assertEquals(100_50, w.averagePrice());
        assertEquals(101_00, w.worstPrice());
        assertEquals(2, w.levels());
        book.walkAsks(5_00000000, w);
        assertEquals(3_00000000, w.filled());
        assertEquals(2_00000000, w.unfilled());
        assertEquals(100_67, w.averagePrice()); // 302/3 = 100.666.. rounds half up
    }

    @Test
    void walkNotionalBeyond64BitsIsExact() {
        OrderBook big = new OrderBook("x", "SHIB-USD", 8, 8);
        big.setAsk(9_000_000_000_000L, 9_000_000_000_000L); // 90,000.00000000 x 90,000.00000000
        big.setAsk(9_000_000_000_001L, 9_000_000_000_000L);
        WalkResult w = big.walkAsks(18_000_000_000_000L, new WalkResult());
        assertFalse(w.notionalFitsLong());
        assertEquals(9_000_000_000_001L, w.averagePrice()); // 9e12 + 0.5 rounds half up
    }

    @Test
    void applyBookUpdateSnapshotThenDelta() {
        book.setBid(1, 1);
        book.apply(new BookUpdate("binance", "BTC-USDT", 10, 0, 0, 0, BookUpdate.Kind.SNAPSHOT, 10,
                BookUpdate.NO_CHECKSUM, 2, 8, new long[] {100_00, 99_00}, new long[] {1, 2},
                new long[] {101_00}, new long[] {3}));
        assertEquals(2, book.bidCount());
        book.apply(new BookUpdate("binance", "BTC-USDT", 11, 0, 0, 0, BookUpdate.Kind.DELTA, 11,
                BookUpdate.NO_CHECKSUM, 2, 8, new long[] {100_00, 100_50}, new long[] {0, 4},
                new long[0], new long[0]));
        assertEquals(100_50, book.bestBid());
        assertEquals(99_00, book.bidPrice(1));
        BookUpdate wrongScale = new BookUpdate("binance", "BTC-USDT", 12, 0, 0, 0, BookUpdate.Kind.DELTA, 12,
                BookUpdate.NO_CHECKSUM, 1, 8, new long[0], new long[0], new long[0], new long[0]);
        assertThrows(IllegalArgumentException.class, () -> book.apply(wrongScale));
    }

    @Test
    void steadyStateUpdatesDoNotAllocate() {
        com.sun.management.ThreadMXBean mx =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        for (int i = 0; i < 1000; i++) {
            book.setBid(100_00 - i, 1);
            book.setAsk(100_01 + i, 1);
        }
        long tid = Thread.currentThread().getId();
        long before = mx.getThreadAllocatedBytes(tid);
        for (int r = 0; r < 100_000; r++) {
            int i = r % 997;
            book.setBid(100_00 - i, r % 3 == 0 ? 0 : r);
            book.setAsk(100_01 + i, r % 5 == 0 ? 0 : r);
        }
        long allocated = mx.getThreadAllocatedBytes(tid) - before;
        assertTrue(allocated < 10_000, "200k updates allocated " + allocated + " bytes");
    }

    @Test
    void applyWithAListenerReportsEachLevelsPreviousSizeAndLeavesTheSameBook() {
        OrderBook plain = new OrderBook("binance", "BTC-USDT", 2, 8, 4);
        BookUpdate snap = new BookUpdate("binance", "BTC-USDT", 1, 0, 0, 0, BookUpdate.Kind.SNAPSHOT, 1,
                BookUpdate.NO_CHECKSUM, 2, 8, new long[] {100_00, 99_00}, new long[] {5, 6}, new long[] {101_00},
                new long[] {7});
        BookUpdate delta = new BookUpdate("binance", "BTC-USDT", 2, 0, 0, 0, BookUpdate.Kind.DELTA, 2,
                BookUpdate.NO_CHECKSUM, 2, 8, new long[] {100_00, 98_00}, new long[] {8, 0}, new long[] {101_00,
                102_00}, new long[] {0, 4});
        StringBuilder seen = new StringBuilder();
        LevelListener record = (ask, price, oldSize, newSize) ->
                seen.append(ask ? 'a' : 'b').append(price).append(':').append(oldSize).append("->").append(newSize)
                        .append(' ');
        book.setBid(97_00, 1); // a snapshot clears: this level is gone and reports nothing
        book.apply(snap, record);
        book.apply(delta, record);
        plain.apply(snap);
        plain.apply(delta);
        assertEquals("b10000:0->5 b9900:0->6 a10100:0->7 "
                + "b10000:5->8 b9800:0->0 a10100:7->0 a10200:0->4 ", seen.toString());
        assertEquals(plain.stateHash(), book.stateHash());
        assertEquals(plain.bestAsk(), book.bestAsk());
        assertEquals(8, book.bestBidSize());
        assertEquals(4, book.bestAskSize());
        assertEquals(0, new OrderBook("binance", "BTC-USDT", 2, 8, 4).bestAskSize(), "an empty side");
    }
}
