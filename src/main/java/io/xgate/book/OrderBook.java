package io.xgate.book;

import io.xgate.event.BookUpdate;

/**
 * An L2 order book for one (venue, symbol): price levels with aggregate sizes, as fixed-point {@code long}
 * mantissas at {@link #priceScale()} and {@link #sizeScale()}.
 *
 * <p>Updates set a level's absolute size; size 0 removes the level, and removing an absent level is not an
 * error. The book never allocates per update in steady state (see {@link LadderSide} for the layout). It checks
 * nothing about the venue's sequencing: that is the venue runtime's job. It does say when it is crossed
 * ({@link #isCrossed()}), and it keeps an order-independent {@link #stateHash()} in O(1) per change so that two
 * books can be compared cheaply.
 *
 * <p><b>Threading:</b> not thread-safe. A book is owned by exactly one Vert.x context (one verticle) and only
 * ever touched from it.
 */
public final class OrderBook {

    /** Returned for a best price of an empty side, and by walks that filled nothing. */
    public static final long NO_PRICE = Long.MIN_VALUE;

    private final String venue;
    private final String symbol;
    private final int priceScale;
    private final int sizeScale;
    private final LadderSide bids;
    private final LadderSide asks;
    /** Scratch for {@link LadderSide#level}. */
    private final long[] level = new long[2];

    /**
     * @param priceScale decimals of price mantissas (from the tick size)
     * @param sizeScale  decimals of size mantissas (from the lot size)
     * @param expectedLevels levels per side to pre-allocate for
     */
    public OrderBook(String venue, String symbol, int priceScale, int sizeScale, int expectedLevels) {
        this.venue = venue;
        this.symbol = symbol;
        this.priceScale = priceScale;
        this.sizeScale = sizeScale;
        this.bids = new LadderSide(false, expectedLevels);
        this.asks = new LadderSide(true, expectedLevels);
    }

    /** A book pre-allocated for 1,024 levels per side. */
    public OrderBook(String venue, String symbol, int priceScale, int sizeScale) {
        this(venue, symbol, priceScale, sizeScale, 1024);
    }

    public String venue() {
        return venue;
    }

    public String symbol() {
        return symbol;
    }

    public int priceScale() {
        return priceScale;
    }

    public int sizeScale() {
        return sizeScale;
    }

    // ------------------------------------------------------------------------------------------------ updates

    /** Empties both sides. */
    public void clear() {
        bids.clear();
        asks.clear();
    }

    /** Sets a bid level's absolute size (0 removes it); returns the previous size (0 if absent). */
    public long setBid(long price, long size) {
        return bids.set(price, size);
    }

    /** Sets an ask level's absolute size (0 removes it); returns the previous size (0 if absent). */
    public long setAsk(long price, long size) {
        return asks.set(price, size);
    }

    /**
     * Replaces the book with the given levels (any order; a repeated price keeps its last size; size 0 is
     * skipped).
     */
    public void applySnapshot(long[] bidPrices, long[] bidSizes, int bidCount,
                              long[] askPrices, long[] askSizes, int askCount) {
        clear();
        for (int i = 0; i < bidCount; i++) {
            bids.set(bidPrices[i], bidSizes[i]);
        }
        for (int i = 0; i < askCount; i++) {
            asks.set(askPrices[i], askSizes[i]);
        }
    }

    /**
     * Applies a {@link BookUpdate}: a snapshot replaces the book, a delta sets each level in order. The update's
     * scales must be the book's.
     *
     * @throws IllegalArgumentException if the scales differ (the caller has mixed up instruments)
     */
    public void apply(BookUpdate u) {
        if (u.priceScale() != priceScale || u.sizeScale() != sizeScale) {
            throw new IllegalArgumentException("update for " + u.venue() + " " + u.symbol() + " has scales "
                    + u.priceScale() + "/" + u.sizeScale() + ", book has " + priceScale + "/" + sizeScale);
        }
        if (u.kind() == BookUpdate.Kind.SNAPSHOT) {
            clear();
        }
        final long[] levels = u.levelStore();
        final int start = 2 * u.levelStart();
        final int bidEnd = start + 2 * u.bidCount();
        final int end = start + 2 * u.levelCount();
        for (int i = start; i < bidEnd; i += 2) {
            bids.set(levels[i], levels[i + 1]);
        }
        for (int i = bidEnd; i < end; i += 2) {
            asks.set(levels[i], levels[i + 1]);
        }
    }

    /**
     * Applies a {@link BookUpdate} as {@link #apply(BookUpdate)} does, telling {@code listener} of every level it
     * sets with its previous size (a snapshot clears the book first, so its levels report a previous size of 0
     * unless a price repeats). Allocates nothing; the plain {@link #apply(BookUpdate)} is unchanged and does not
     * pay for the calls.
     *
     * @throws IllegalArgumentException if the scales differ (the caller has mixed up instruments)
     */
    public void apply(BookUpdate u, LevelListener listener) {
        if (u.priceScale() != priceScale || u.sizeScale() != sizeScale) {
            throw new IllegalArgumentException("update for " + u.venue() + " " + u.symbol() + " has scales "
                    + u.priceScale() + "/" + u.sizeScale() + ", book has " + priceScale + "/" + sizeScale);
        }
        if (u.kind() == BookUpdate.Kind.SNAPSHOT) {
            clear();
        }
        final long[] levels = u.levelStore();
        final int start = 2 * u.levelStart();
        final int bidEnd = start + 2 * u.bidCount();
        final int end = start + 2 * u.levelCount();
        for (int i = start; i < bidEnd; i += 2) {
            long p = levels[i];
            long s = levels[i + 1];
            listener.onLevel(false, p, bids.set(p, s), s);
        }
        for (int i = bidEnd; i < end; i += 2) {
            long p = levels[i];
            long s = levels[i + 1];
            listener.onLevel(true, p, asks.set(p, s), s);
        }
    }

    /** Keeps only the best {@code depth} levels on each side (Kraken: the subscribed depth). */
    public void truncate(int depth) {
        if (depth < 0) {
            throw new IllegalArgumentException("depth " + depth);
        }
        bids.truncate(depth);
        asks.truncate(depth);
    }

    // ------------------------------------------------------------------------------------------------ queries

    public int bidCount() {
        return bids.count();
    }

    public int askCount() {
        return asks.count();
    }

    /** Best bid price, or {@link #NO_PRICE} if there are no bids. */
    public long bestBid() {
        return bids.count() == 0 ? NO_PRICE : bids.bestPrice();
    }

    /** Best ask price, or {@link #NO_PRICE} if there are no asks. */
    public long bestAsk() {
        return asks.count() == 0 ? NO_PRICE : asks.bestPrice();
    }

    /** Size at the best bid, or 0 if there are no bids. O(1). */
    public long bestBidSize() {
        return bids.count() == 0 ? 0 : bids.bestSize();
    }

    /** Size at the best ask, or 0 if there are no asks. O(1). */
    public long bestAskSize() {
        return asks.count() == 0 ? 0 : asks.bestSize();
    }

    /** Price of the i-th best bid (0 = best); {@code i < bidCount()}. O(i): use {@link #topBids} for many. */
    public long bidPrice(int i) {
        checkIndex(i, bids.count());
        bids.level(i, level);
        return level[0];
    }

    /** Size of the i-th best bid; {@code i < bidCount()}. */
    public long bidSize(int i) {
        checkIndex(i, bids.count());
        bids.level(i, level);
        return level[1];
    }

    /** Price of the i-th best ask (0 = best); {@code i < askCount()}. O(i): use {@link #topAsks} for many. */
    public long askPrice(int i) {
        checkIndex(i, asks.count());
        asks.level(i, level);
        return level[0];
    }

    /** Size of the i-th best ask; {@code i < askCount()}. */
    public long askSize(int i) {
        checkIndex(i, asks.count());
        asks.level(i, level);
        return level[1];
    }

    /** Copies up to {@code max} best bids (high to low) into the arrays; returns the count copied. */
    public int topBids(long[] prices, long[] sizes, int max) {
        return bids.copyTop(prices, sizes, Math.min(max, Math.min(prices.length, sizes.length)));
    }

    /** Copies up to {@code max} best asks (low to high) into the arrays; returns the count copied. */
    public int topAsks(long[] prices, long[] sizes, int max) {
        return asks.copyTop(prices, sizes, Math.min(max, Math.min(prices.length, sizes.length)));
    }

    /** Whether both sides are non-empty and the best bid is at or above the best ask (crossed or locked). */
    public boolean isCrossed() {
        return bids.count() > 0 && asks.count() > 0 && bids.bestPrice() >= asks.bestPrice();
    }

    /**
     * Walks the asks from the best for {@code quantity} (what a market buy would consume) into {@code out}.
     */
    public WalkResult walkAsks(long quantity, WalkResult out) {
        return walk(asks, quantity, out);
    }

    /** Walks the bids from the best for {@code quantity} (what a market sell would consume) into {@code out}. */
    public WalkResult walkBids(long quantity, WalkResult out) {
        return walk(bids, quantity, out);
    }

    private WalkResult walk(LadderSide side, long quantity, WalkResult out) {
        if (quantity < 0) {
            throw new IllegalArgumentException("quantity " + quantity);
        }
        out.reset();
        out.priceScale = priceScale;
        side.walk(quantity, out);
        return out;
    }

    /**
     * An order-independent hash of the whole book: the sum (mod 2^64) over all levels of
     * {@link #levelHash(boolean, long, long)}. Two books with the same levels have the same hash. O(levels):
     * computed on demand so that updates do not pay for it.
     */
    public long stateHash() {
        return bids.hash() + asks.hash();
    }

    /**
     * The per-level term of {@link #stateHash()}: {@code fmix64(fmix64(price ^ salt) ^ size)}, with salt 0 for
     * bids and {@code 0x5bd1e9955bd1e995} for asks, where fmix64 is MurmurHash3's 64-bit finalizer.
     */
    public static long levelHash(boolean ask, long price, long size) {
        return BookSide.fmix(BookSide.fmix(price ^ BookSide.salt(ask)) ^ size);
    }

    private static void checkIndex(int i, int count) {
        if (i < 0 || i >= count) {
            throw new IndexOutOfBoundsException("level " + i + " of " + count);
        }
    }

    @Override
    public String toString() {
        return "OrderBook[" + venue + ' ' + symbol + " bids=" + bids.count() + " asks=" + asks.count() + " best="
                + bestBid() + '/' + bestAsk() + ']';
    }
}
