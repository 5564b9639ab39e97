package io.xgate.event;

import java.util.Objects;

/**
 * The venue's own best bid and offer for a symbol, from a channel other than the book (Binance
 * {@code bookTicker}, Kraken {@code ticker} with {@code event_trigger: bbo}). It travels down the book's address
 * with the book's updates, in order, so that the book verticle can hold the book against it: the venue verticle
 * reports what the venue says, the book verticle owns the check.
 *
 * <p>{@link #venueSeq()} is the book update id the touch describes when the venue aligns the two (Binance's
 * {@code u}), or {@link Event#NO_SEQ} when it does not (Kraken). A size of 0 with a price of 0 means that side
 * is empty.
 */
public record VenueTouch(String venue, String symbol, long venueSeq, long venueTsNanos, long receiveTsNanos,
                         long publishTsNanos, long bidPrice, long bidSize, long askPrice, long askSize,
                         int priceScale, int sizeScale) implements Event {

    /** Validates the shape. */
    public VenueTouch {
        Objects.requireNonNull(venue, "venue");
        Objects.requireNonNull(symbol, "symbol");
        Levels.checkScale("priceScale", priceScale);
        Levels.checkScale("sizeScale", sizeScale);
    }

    @Override
    public EventType type() {
        return EventType.VENUE_TOUCH;
    }
}
