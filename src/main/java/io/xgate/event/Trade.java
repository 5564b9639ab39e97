package io.xgate.event;

import java.util.Objects;

/**
 * One public trade, published on {@code xgate.md.trade.<venue>.<SYMBOL>}.
 *
 * @param venueSeq the venue's trade id, or {@link Event#NO_SEQ}
 * @param side     the aggressor (taker) side
 * @param price    price mantissa at {@code priceScale}
 * @param size     size mantissa at {@code sizeScale}
 */
public record Trade(String venue, String symbol, long venueSeq, long venueTsNanos, long receiveTsNanos,
                    long publishTsNanos, Side side, long price, long size, int priceScale, int sizeScale)
        implements Event {

    /** Validates non-null fields and scales. */
    public Trade {
        Objects.requireNonNull(venue, "venue");
        Objects.requireNonNull(symbol, "symbol");
        Objects.requireNonNull(side, "side");
        Levels.checkScale("priceScale", priceScale);
        Levels.checkScale("sizeScale", sizeScale);
    }

    @Override
    public EventType type() {
        return EventType.TRADE;
    }
}
