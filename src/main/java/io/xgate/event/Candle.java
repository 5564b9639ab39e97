package io.xgate.event;

import java.util.Objects;

/**
 * One bar of trades (a candle) for a venue and symbol, published on {@code xgate.an.candle.<venue>.<SYMBOL>.<spec>}.
 *
 * <p>The header follows the other events: {@link #venueSeq()} is {@link Event#NO_SEQ} (a bar has no venue
 * sequence), {@link #venueTsNanos()} is the venue timestamp of the bar's last trade ({@link Event#NO_TIME} for a
 * bar without trades), {@link #receiveTsNanos()} is when xgate built the bar (closed it, or took the partial
 * snapshot) and {@link #publishTsNanos()} when it was published.
 *
 * <p>A <b>time bar</b> ({@code 1s}, {@code 1m}, ...) covers {@code [startNanos, endNanos)}, aligned to the Unix epoch
 * (UTC). A <b>tick, volume or value bar</b> ({@code t100}, {@code v10}, {@code n250000}) covers its trades:
 * {@code startNanos} is its first trade's timestamp and {@code endNanos} its last one's (inclusive).
 *
 * <p>A bar without trades (a time bar over a quiet interval) is flat at the previous bar's close: open, high,
 * low, close and VWAP all equal that close, every volume and the notional are 0, {@code tradeCount} is 0 and the
 * trade times are {@link Event#NO_TIME}.
 *
 * @param spec              the candle spec as configured ({@code 1m}, {@code t100}, {@code v10}, {@code n250000})
 * @param startNanos        start of the bar, epoch nanoseconds (see above)
 * @param endNanos          end of the bar, epoch nanoseconds (exclusive for time bars)
 * @param complete          {@code true} for a closed bar, {@code false} for a partial (in-progress) snapshot
 * @param priceScale        scale of {@code open, high, low, close, vwap}
 * @param sizeScale         scale of {@code volume, buyVolume, sellVolume}
 * @param open              price of the earliest trade (by venue timestamp, ties by arrival)
 * @param high              highest trade price
 * @param low               lowest trade price
 * @param close             price of the latest trade (by venue timestamp, ties by arrival)
 * @param vwap              notional / volume at {@code priceScale}, rounded half-even from the exact quotient
 * @param volume            sum of trade sizes
 * @param buyVolume         sum of sizes of trades whose aggressor bought
 * @param sellVolume        sum of sizes of trades whose aggressor sold (or is unknown)
 * @param notional          sum of {@code price * size}, mantissa at {@code notionalScale}
 * @param notionalScale     {@code priceScale + sizeScale} whenever the exact sum fits a {@code long} (the normal
 *                          case); otherwise the largest smaller scale at which it fits, rounded half-even
 * @param tradeCount        number of trades in the bar
 * @param firstTradeTsNanos venue timestamp of the earliest trade, or {@link Event#NO_TIME}
 * @param lastTradeTsNanos  venue timestamp of the latest trade, or {@link Event#NO_TIME}
 * @param epoch          the epoch of the venue leader that published it (high availability); 0 without
 */
public record Candle(String venue, String symbol, long venueSeq, long venueTsNanos, long receiveTsNanos,
                     long publishTsNanos, String spec, long startNanos, long endNanos, boolean complete,
                     int priceScale, int sizeScale, long open, long high, long low, long close, long vwap,
                     long volume, long buyVolume, long sellVolume, long notional, int notionalScale,
                     long tradeCount, long firstTradeTsNanos, long lastTradeTsNanos, long epoch) implements Event {

    /** Validates non-null fields and scales. */
    public Candle {
        Objects.requireNonNull(venue, "venue");
        Objects.requireNonNull(symbol, "symbol");
        Objects.requireNonNull(spec, "spec");
        Levels.checkScale("priceScale", priceScale);
        Levels.checkScale("sizeScale", sizeScale);
        if (notionalScale < 0 || notionalScale > priceScale + sizeScale) {
            throw new IllegalArgumentException(
                    "notionalScale " + notionalScale + " outside 0.." + (priceScale + sizeScale));
        }
    }

    /** As published without high availability: epoch 0. */
    public Candle(String venue, String symbol, long venueSeq, long venueTsNanos, long receiveTsNanos, long publishTsNanos, String spec, long startNanos, long endNanos, boolean complete, int priceScale, int sizeScale, long open, long high, long low, long close, long vwap, long volume, long buyVolume, long sellVolume, long notional, int notionalScale, long tradeCount, long firstTradeTsNanos, long lastTradeTsNanos) {
        this(venue, symbol, venueSeq, venueTsNanos, receiveTsNanos, publishTsNanos, spec, startNanos, endNanos, complete, priceScale, sizeScale, open, high, low, close, vwap, volume, buyVolume, sellVolume, notional, notionalScale, tradeCount, firstTradeTsNanos, lastTradeTsNanos, 0L);
    }

    /** This event stamped with a venue leader's {@code epoch} (high availability). */
    public Candle withEpoch(long epoch) {
        return epoch == this.epoch ? this : new Candle(venue, symbol, venueSeq, venueTsNanos, receiveTsNanos, publishTsNanos, spec, startNanos, endNanos, complete, priceScale, sizeScale, open, high, low, close, vwap, volume, buyVolume, sellVolume, notional, notionalScale, tradeCount, firstTradeTsNanos, lastTradeTsNanos, epoch);
    }

    @Override
    public EventType type() {
        return EventType.CANDLE;
    }
}
