package io.xgate.event;

import java.util.Objects;

/**
 * One public trade, published on {@code xgate.md.trade.<venue>.<SYMBOL>}.
 *
 * @param venueSeq the venue's trade id, or {@link Event#NO_SEQ}
 * @param side     the aggressor (taker) side
 * @param price    price mantissa at {@code priceScale}
 * @param size     size mantissa at {@code sizeScale}
 * @param epoch          the epoch of the venue leader that published it (high availability); 0 without
 */
public record Trade(String venue, String symbol, long venueSeq, long venueTsNanos, long receiveTsNanos,
                    long publishTsNanos, Side side, long price, long size, int priceScale, int sizeScale, long epoch)
        implements Event {

    /** Validates non-null fields and scales. */
    public Trade {
        Objects.requireNonNull(venue, "venue");
        Objects.requireNonNull(symbol, "symbol");
        Objects.requireNonNull(side, "side");
        Levels.checkScale("priceScale", priceScale);
        Levels.checkScale("sizeScale", sizeScale);
    }

    /** As published without high availability: epoch 0. */
    public Trade(String venue, String symbol, long venueSeq, long venueTsNanos, long receiveTsNanos, long publishTsNanos, Side side, long price, long size, int priceScale, int sizeScale) {
        this(venue, symbol, venueSeq, venueTsNanos, receiveTsNanos, publishTsNanos, side, price, size, priceScale, sizeScale, 0L);
    }

    /** This event stamped with a venue leader's {@code epoch} (high availability). */
    public Trade withEpoch(long epoch) {
        return epoch == this.epoch ? this : new Trade(venue, symbol, venueSeq, venueTsNanos, receiveTsNanos, publishTsNanos, side, price, size, priceScale, sizeScale, epoch);
    }

    @Override
    public EventType type() {
        return EventType.TRADE;
    }
}
