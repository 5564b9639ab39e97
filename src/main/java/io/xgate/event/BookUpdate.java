package io.xgate.event;

import java.util.Arrays;
import java.util.Objects;

/**
 * A snapshot or a delta of one venue's L2 book for one symbol, published on
 * {@code xgate.md.book.<venue>.<SYMBOL>}.
 *
 * <p>Prices and sizes are mantissas at {@link #priceScale()} and {@link #sizeScale()}. In a delta, a size is
 * the level's new absolute size and 0 removes the level; levels are applied in array order. Bids and asks are
 * in the order the venue sent them.
 *
 * <p>The levels travel in one array, as they do on the wire: {@code [bidPrice0, bidSize0, bidPrice1, ...,
 * askPrice0, askSize0, ...]}, the first {@link #bidCount()} pairs being bids. That array may be a slice of a larger
 * one, {@link #levelStore()} from pair {@link #levelStart()} on, for {@link #levelCount()} pairs: the venue decoders
 * write the levels of many frames one after another into shared chunks (a {@code LevelSlab}), so that an update is
 * one allocation, the event, and not two. Read the levels with {@link #bidPrice(int)} and its siblings, or the
 * store and its start on the hot path; {@link #levels()} is the exact array, a copy when the update is a slice. The
 * per-side arrays of schema 1 ({@link #bidPrices()} ...) are still there, as copies for the edges (admin JSON,
 * tests), not for the hot path. The levels are the event's: nobody writes to them after construction, and a
 * store's pairs belong to one event each.
 *
 * @param firstSeq   the first venue sequence covered by this update (Binance {@code U}), or {@link Event#NO_SEQ}
 * @param venueSeq   the last venue sequence covered (Binance {@code u}), or {@link Event#NO_SEQ}
 * @param checksum   the venue's book checksum after this update, or {@link #NO_CHECKSUM}
 * @param levelStore the array holding the levels, bids then asks, each level a (price, size) pair
 * @param levelStart the pair in {@code levelStore} where the levels begin (its index is {@code 2 * levelStart})
 * @param levelCount how many pairs the update carries, bids and asks together
 * @param bidCount   how many of those pairs are bids
 */
public record BookUpdate(String venue, String symbol, long venueSeq, long venueTsNanos, long receiveTsNanos,
                         long publishTsNanos, Kind kind, long firstSeq, long checksum, int priceScale,
                         int sizeScale, long[] levelStore, int levelStart, int levelCount, int bidCount)
        implements Event {

    /** Whether the update replaces the book or changes it. Wire codes are part of the public contract. */
    public enum Kind {
        SNAPSHOT(1),
        DELTA(2);

        private final int code;

        Kind(int code) {
            this.code = code;
        }

        /** The wire code. */
        public int code() {
            return code;
        }

        /** The kind for a wire code, or {@code null}. */
        public static Kind ofCode(int code) {
            return code == 1 ? SNAPSHOT : code == 2 ? DELTA : null;
        }
    }

    /** {@link #checksum()} when the update carries none. Checksums are 32-bit, so this never collides. */
    public static final long NO_CHECKSUM = Long.MIN_VALUE;

    /** Validates the shape: non-null strings, a slice inside its store, a bid count inside it, scales in range. */
    public BookUpdate {
        Objects.requireNonNull(venue, "venue");
        Objects.requireNonNull(symbol, "symbol");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(levelStore, "levels");
        if (levelStart < 0 || levelCount < 0 || 2L * ((long) levelStart + levelCount) > levelStore.length) {
            throw new IllegalArgumentException("levels: pairs " + levelStart + " to " + ((long) levelStart
                    + levelCount) + " are not inside an array of " + levelStore.length + " entries");
        }
        if (bidCount < 0 || bidCount > levelCount) {
            throw new IllegalArgumentException("levels: " + levelCount + " pair(s) cannot hold " + bidCount
                    + " bid(s)");
        }
        Levels.checkScale("priceScale", priceScale);
        Levels.checkScale("sizeScale", sizeScale);
    }

    /**
     * An update that owns its exact array of levels.
     *
     * @param levels   bids then asks, each level a (price, size) pair; the length is exactly 2 × (bids + asks)
     * @param bidCount how many of the pairs in {@code levels} are bids
     */
    public BookUpdate(String venue, String symbol, long venueSeq, long venueTsNanos, long receiveTsNanos,
                      long publishTsNanos, Kind kind, long firstSeq, long checksum, int priceScale, int sizeScale,
                      long[] levels, int bidCount) {
        this(venue, symbol, venueSeq, venueTsNanos, receiveTsNanos, publishTsNanos, kind, firstSeq, checksum,
                priceScale, sizeScale, levels, 0, pairs(levels, bidCount), bidCount);
    }

    private static int pairs(long[] levels, int bidCount) {
        Objects.requireNonNull(levels, "levels");
        if ((levels.length & 1) != 0) {
            throw new IllegalArgumentException("levels: " + levels.length + " entries cannot hold " + bidCount
                    + " bid(s) as (price, size) pairs");
        }
        return levels.length >>> 1;
    }

    /** An update from per-side arrays (schema 1's shape): packs them into one array. */
    public BookUpdate(String venue, String symbol, long venueSeq, long venueTsNanos, long receiveTsNanos,
                      long publishTsNanos, Kind kind, long firstSeq, long checksum, int priceScale, int sizeScale,
                      long[] bidPrices, long[] bidSizes, long[] askPrices, long[] askSizes) {
        this(venue, symbol, venueSeq, venueTsNanos, receiveTsNanos, publishTsNanos, kind, firstSeq, checksum,
                priceScale, sizeScale, pack(bidPrices, bidSizes, askPrices, askSizes), bidPrices.length);
    }

    private static long[] pack(long[] bidPrices, long[] bidSizes, long[] askPrices, long[] askSizes) {
        Levels.check("bids", bidPrices, bidSizes);
        Levels.check("asks", askPrices, askSizes);
        long[] out = new long[2 * (bidPrices.length + askPrices.length)];
        int j = 0;
        for (int i = 0; i < bidPrices.length; i++) {
            out[j++] = bidPrices[i];
            out[j++] = bidSizes[i];
        }
        for (int i = 0; i < askPrices.length; i++) {
            out[j++] = askPrices[i];
            out[j++] = askSizes[i];
        }
        return out;
    }

    @Override
    public EventType type() {
        return EventType.BOOK_UPDATE;
    }

    /** Whether a checksum came with this update. */
    public boolean hasChecksum() {
        return checksum != NO_CHECKSUM;
    }

    /** How many ask levels the update carries. */
    public int askCount() {
        return levelCount - bidCount;
    }

    /**
     * The levels as one exact array of (price, size) pairs, bids first: the store itself when the update owns it
     * whole, else a copy of its slice (for the edges; the hot path reads {@link #levelStore()} from
     * {@link #levelStart()}).
     */
    public long[] levels() {
        return levelStart == 0 && levelStore.length == 2 * levelCount ? levelStore
                : Arrays.copyOfRange(levelStore, 2 * levelStart, 2 * (levelStart + levelCount));
    }

    /** The price of bid level {@code i}, {@code 0 <= i < bidCount()}. */
    public long bidPrice(int i) {
        return levelStore[2 * (levelStart + i)];
    }

    /** The size of bid level {@code i}. */
    public long bidSize(int i) {
        return levelStore[2 * (levelStart + i) + 1];
    }

    /** The price of ask level {@code i}, {@code 0 <= i < askCount()}. */
    public long askPrice(int i) {
        return levelStore[2 * (levelStart + bidCount + i)];
    }

    /** The size of ask level {@code i}. */
    public long askSize(int i) {
        return levelStore[2 * (levelStart + bidCount + i) + 1];
    }

    /** The bid prices, as a new array (for the edges; the hot path reads {@link #bidPrice(int)}). */
    public long[] bidPrices() {
        return column(0, bidCount, 0);
    }

    /** The bid sizes, as a new array. */
    public long[] bidSizes() {
        return column(0, bidCount, 1);
    }

    /** The ask prices, as a new array. */
    public long[] askPrices() {
        return column(bidCount, askCount(), 0);
    }

    /** The ask sizes, as a new array. */
    public long[] askSizes() {
        return column(bidCount, askCount(), 1);
    }

    private long[] column(int firstLevel, int count, int which) {
        long[] out = new long[count];
        for (int i = 0; i < count; i++) {
            out[i] = levelStore[2 * (levelStart + firstLevel + i) + which];
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BookUpdate u && venue.equals(u.venue) && symbol.equals(u.symbol)
                && venueSeq == u.venueSeq && venueTsNanos == u.venueTsNanos && receiveTsNanos == u.receiveTsNanos
                && publishTsNanos == u.publishTsNanos && kind == u.kind && firstSeq == u.firstSeq
                && checksum == u.checksum && priceScale == u.priceScale && sizeScale == u.sizeScale
                && bidCount == u.bidCount && levelCount == u.levelCount
                && Arrays.equals(levelStore, 2 * levelStart, 2 * (levelStart + levelCount), u.levelStore,
                2 * u.levelStart, 2 * (u.levelStart + u.levelCount));
    }

    @Override
    public int hashCode() {
        int h = Objects.hash(venue, symbol, venueSeq, kind, firstSeq, checksum, bidCount);
        for (int i = 2 * levelStart, end = 2 * (levelStart + levelCount); i < end; i++) {
            h = 31 * h + Long.hashCode(levelStore[i]);
        }
        return h;
    }

    @Override
    public String toString() {
        return "BookUpdate[" + kind + ' ' + venue + ' ' + symbol + " seq=" + firstSeq + ".." + venueSeq
                + (hasChecksum() ? " checksum=" + checksum : "")
                + " bids=" + Levels.text(bidPrices(), bidSizes(), priceScale, sizeScale)
                + " asks=" + Levels.text(askPrices(), askSizes(), priceScale, sizeScale) + ']';
    }
}
