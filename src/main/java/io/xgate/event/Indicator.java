package io.xgate.event;

import java.util.Objects;

/**
 * One value of an indicator computed over candle closes, published on
 * {@code xgate.an.indicator.<venue>.<SYMBOL>.<spec>} after the candle it was computed on.
 *
 * <p>The header follows the other events: {@link #venueSeq()} is {@link Event#NO_SEQ}, {@link #venueTsNanos()}
 * is the candle's {@link Candle#venueTsNanos()}, {@link #receiveTsNanos()} the candle's
 * {@link Candle#receiveTsNanos()} (when the candle was built) and {@link #publishTsNanos()} when this was
 * published.
 *
 * <p>The value is a {@code double} in quote currency (a price, not a mantissa): moving averages are computed in
 * binary floating point as TA-Lib does, so that they compare with TA-Lib's to its precision; a mantissa would
 * suggest an exactness they do not have. No value is published before the indicator's lookback is filled.
 *
 * @param spec             the candle spec the indicator runs on ({@code 1m})
 * @param name             the indicator as configured, normalized ({@code EMA(20)})
 * @param value            the indicator's value, quote currency
 * @param candleStartNanos {@link Candle#startNanos()} of the candle whose close was the latest input
 * @param candleEndNanos   {@link Candle#endNanos()} of that candle
 * @param epoch          the epoch of the venue leader that published it (high availability); 0 without
 */
public record Indicator(String venue, String symbol, long venueSeq, long venueTsNanos, long receiveTsNanos,
                        long publishTsNanos, String spec, String name, double value, long candleStartNanos,
                        long candleEndNanos, long epoch) implements Event {

    /** Validates non-null fields. */
    public Indicator {
        Objects.requireNonNull(venue, "venue");
        Objects.requireNonNull(symbol, "symbol");
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(name, "name");
    }

    /** As published without high availability: epoch 0. */
    public Indicator(String venue, String symbol, long venueSeq, long venueTsNanos, long receiveTsNanos, long publishTsNanos, String spec, String name, double value, long candleStartNanos, long candleEndNanos) {
        this(venue, symbol, venueSeq, venueTsNanos, receiveTsNanos, publishTsNanos, spec, name, value, candleStartNanos, candleEndNanos, 0L);
    }

    /** This event stamped with a venue leader's {@code epoch} (high availability). */
    public Indicator withEpoch(long epoch) {
        return epoch == this.epoch ? this : new Indicator(venue, symbol, venueSeq, venueTsNanos, receiveTsNanos, publishTsNanos, spec, name, value, candleStartNanos, candleEndNanos, epoch);
    }

    @Override
    public EventType type() {
        return EventType.INDICATOR;
    }
}
