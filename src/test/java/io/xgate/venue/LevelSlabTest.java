package io.xgate.venue;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.xgate.event.BookUpdate;
import io.xgate.event.EventCodec;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The slab the decoders put a delta's levels in: slices of shared chunks that are never written again, so that an
 * event built on one is the same event, in every way a consumer can see, as one that owns its exact array.
 */
class LevelSlabTest {

    @Test
    void slicesFollowEachOtherInAChunkAndANewChunkStartsWhenOneIsFull() {
        LevelSlab slab = new LevelSlab(10);
        assertEquals(0, slab.reserve(4));
        long[] first = slab.store();
        assertEquals(20, first.length, "a chunk of 10 pairs");
        assertEquals(4, slab.reserve(5));
        assertSame(first, slab.store());
        assertEquals(9, slab.reserve(1), "the chunk's last pair");
        assertEquals(0, slab.reserve(2), "full: a new chunk");
        assertNotSame(first, slab.store());
        assertEquals(2, slab.reserve(0));
        assertEquals(0, slab.reserve(11), "larger than a chunk: an array of its own");
        assertEquals(22, slab.store().length);
        long[] own = slab.store();
        assertEquals(0, slab.reserve(1), "and the next one starts a new chunk");
        assertNotSame(own, slab.store());
        assertThrows(IllegalArgumentException.class, () -> new LevelSlab(0));
    }

    @Test
    void anUpdateOnASliceIsTheUpdateThatOwnsItsArrayAndStaysSoWhileMoreAreWritten() throws Exception {
        LevelSlab slab = new LevelSlab(7); // small: the 200 updates below cross many chunks
        List<BookUpdate> sliced = new ArrayList<>();
        List<BookUpdate> owning = new ArrayList<>();
        for (int n = 0; n < 200; n++) {
            int bids = n % 3;
            int asks = n % 4;
            long[] exact = new long[2 * (bids + asks)];
            for (int i = 0; i < exact.length; i++) {
                exact[i] = 1_000L * n + i;
            }
            int start = slab.reserve(bids + asks);
            System.arraycopy(exact, 0, slab.store(), 2 * start, exact.length);
            sliced.add(update(n, slab.store(), start, bids + asks, bids));
            owning.add(new BookUpdate("binance", "BTC-USDT", n, 1, 2, 3, BookUpdate.Kind.DELTA, n,
                    BookUpdate.NO_CHECKSUM, 2, 8, exact, bids));
        }
        EventCodec codec = new EventCodec();
        for (int n = 0; n < 200; n++) {
            BookUpdate s = sliced.get(n);
            BookUpdate o = owning.get(n);
            assertEquals(o, s, "update " + n);
            assertEquals(o.hashCode(), s.hashCode());
            assertEquals(o.toString(), s.toString());
            assertArrayEquals(o.levels(), s.levels());
            assertArrayEquals(o.bidPrices(), s.bidPrices());
            assertArrayEquals(o.askSizes(), s.askSizes());
            assertEquals(o.askCount(), s.askCount());
            for (int i = 0; i < o.askCount(); i++) {
                assertEquals(o.askPrice(i), s.askPrice(i));
            }
            assertArrayEquals(codec.encode(o), codec.encode(s), "the same bytes on the wire");
            assertEquals(o, codec.decode(codec.encode(s)));
        }
    }

    @Test
    void aSliceOutsideItsStoreOrMoreBidsThanLevelsIsRefused() {
        long[] store = new long[10];
        assertThrows(IllegalArgumentException.class, () -> update(0, store, 3, 3, 0));
        assertThrows(IllegalArgumentException.class, () -> update(0, store, -1, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> update(0, store, 0, 2, 3));
        assertThrows(IllegalArgumentException.class, () -> new BookUpdate("binance", "BTC-USDT", 0, 1, 2, 3,
                BookUpdate.Kind.DELTA, 0, BookUpdate.NO_CHECKSUM, 2, 8, new long[3], 0));
        assertEquals(5, update(0, store, 0, 5, 5).bidCount());
    }

    private static BookUpdate update(long seq, long[] store, int start, int pairs, int bids) {
        return new BookUpdate("binance", "BTC-USDT", seq, 1, 2, 3, BookUpdate.Kind.DELTA, seq,
                BookUpdate.NO_CHECKSUM, 2, 8, store, start, pairs, bids);
    }
}
