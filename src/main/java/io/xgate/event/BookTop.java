package io.xgate.event;

import java.util.Arrays;
import java.util.Objects;

/**
 * The best levels of one book after a burst of updates, published on {@code xgate.md.top.<venue>.<SYMBOL>}.
 *
 * <p>Levels are best first (bids high to low, asks low to high), at most the configured depth per side.
 * Only a book whose {@link #syncState()} is {@link SyncState#LIVE} may be trusted.
 *
 * @param venueSeq      the venue sequence of the last update applied, or {@link Event#NO_SEQ}
 * @param venueTsNanos  venue timestamp of the last update applied
 * @param receiveTsNanos receive time of the frame that carried the last update applied
 * @param appliedTsNanos when the last update was applied to the book
 * @param updates       how many updates were applied since the previous {@code BookTop} (burst coalescing)
 * @param epoch          the epoch of the venue leader that published it (high availability); 0 without
 */
public record BookTop(String venue, String symbol, long venueSeq, long venueTsNanos, long receiveTsNanos,
                      long publishTsNanos, long appliedTsNanos, SyncState syncState, int updates, int priceScale,
                      int sizeScale, long[] bidPrices, long[] bidSizes, long[] askPrices, long[] askSizes, long epoch)
        implements Event {

    /** Validates the shape. */
    public BookTop {
        Objects.requireNonNull(venue, "venue");
        Objects.requireNonNull(symbol, "symbol");
        Objects.requireNonNull(syncState, "syncState");
        Levels.check("bids", bidPrices, bidSizes);
        Levels.check("asks", askPrices, askSizes);
        Levels.checkScale("priceScale", priceScale);
        Levels.checkScale("sizeScale", sizeScale);
    }

    /** As published without high availability: epoch 0. */
    public BookTop(String venue, String symbol, long venueSeq, long venueTsNanos, long receiveTsNanos, long publishTsNanos, long appliedTsNanos, SyncState syncState, int updates, int priceScale, int sizeScale, long[] bidPrices, long[] bidSizes, long[] askPrices, long[] askSizes) {
        this(venue, symbol, venueSeq, venueTsNanos, receiveTsNanos, publishTsNanos, appliedTsNanos, syncState, updates, priceScale, sizeScale, bidPrices, bidSizes, askPrices, askSizes, 0L);
    }

    /** This event stamped with a venue leader's {@code epoch} (high availability). */
    public BookTop withEpoch(long epoch) {
        return epoch == this.epoch ? this : new BookTop(venue, symbol, venueSeq, venueTsNanos, receiveTsNanos, publishTsNanos, appliedTsNanos, syncState, updates, priceScale, sizeScale, bidPrices, bidSizes, askPrices, askSizes, epoch);
    }

    @Override
    public EventType type() {
        return EventType.BOOK_TOP;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BookTop t && venue.equals(t.venue) && symbol.equals(t.symbol)
                && venueSeq == t.venueSeq && venueTsNanos == t.venueTsNanos && receiveTsNanos == t.receiveTsNanos
                && publishTsNanos == t.publishTsNanos && appliedTsNanos == t.appliedTsNanos
                && syncState == t.syncState && updates == t.updates && priceScale == t.priceScale
                && sizeScale == t.sizeScale && Levels.equal(bidPrices, t.bidPrices)
                && Levels.equal(bidSizes, t.bidSizes) && Levels.equal(askPrices, t.askPrices)
                && Levels.equal(askSizes, t.askSizes) && epoch == t.epoch;
    }

    @Override
    public int hashCode() {
        int h = Objects.hash(venue, symbol, venueSeq, syncState);
        h = 31 * h + Arrays.hashCode(bidPrices);
        h = 31 * h + Arrays.hashCode(askPrices);
        return h;
    }

    @Override
    public String toString() {
        return "BookTop[" + venue + ' ' + symbol + ' ' + syncState + " seq=" + venueSeq + (epoch == 0 ? "" : " epoch=" + epoch)
                + " bids=" + Levels.text(bidPrices, bidSizes, priceScale, sizeScale)
                + " asks=" + Levels.text(askPrices, askSizes, priceScale, sizeScale) + ']';
    }
}
