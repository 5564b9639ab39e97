package io.xgate.analytics;

import io.xgate.event.Candle;
import io.xgate.event.Event;
import io.xgate.event.Indicator;
import io.xgate.num.Decimals;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The indicators of one candle series (venue, symbol, candle spec): each completed candle's close, as a
 * {@code double} in quote currency ({@code close / 10^priceScale}), is fed to every configured moving average, and
 * each one that has filled its lookback yields an {@link Indicator} carrying that candle's start and end.
 *
 * <p>Only complete candles are fed, flat ones included (a quiet interval is a bar whose close is the previous
 * close, as a charting package would see it); partial snapshots are not, since an average must see each bar once.
 * No event is produced before an average's lookback is filled. Allocates one {@code Indicator} per average per
 * candle once ready, nothing else. Not thread-safe: the candle builder's owner calls it, typically from its
 * {@link CandleListener}.
 */
public final class IndicatorBuilder {

    private final String spec;
    private final MovingAverage[] averages;
    private final String[] names;
    private final Consumer<Indicator> sink;

    /**
     * A builder for one candle series.
     *
     * @param candleSpec the candle spec's label, which every candle fed must carry
     * @param indicators the indicators configured for it
     * @param sink       receives each indicator value, in the order of {@code indicators}
     */
    public IndicatorBuilder(String candleSpec, List<IndicatorSpec> indicators, Consumer<Indicator> sink) {
        this.spec = Objects.requireNonNull(candleSpec, "candleSpec");
        this.averages = new MovingAverage[indicators.size()];
        this.names = new String[indicators.size()];
        for (int i = 0; i < averages.length; i++) {
            averages[i] = indicators.get(i).create();
            names[i] = indicators.get(i).label();
        }
        this.sink = Objects.requireNonNull(sink, "sink");
    }

    /**
     * Feeds one candle; an incomplete one is ignored.
     *
     * @param publishTsNanos the publish time to stamp on the indicators, epoch nanoseconds
     * @throws IllegalArgumentException if the candle is of another spec
     */
    public void onCandle(Candle candle, long publishTsNanos) {
        if (!candle.complete()) {
            return;
        }
        if (!spec.equals(candle.spec())) {
            throw new IllegalArgumentException("candle of spec " + candle.spec() + " fed to the indicators of " + spec);
        }
        double close = (double) candle.close() / Decimals.pow10(candle.priceScale());
        for (int i = 0; i < averages.length; i++) {
            double v = averages[i].update(close);
            if (averages[i].ready()) {
                sink.accept(new Indicator(candle.venue(), candle.symbol(), Event.NO_SEQ, candle.venueTsNanos(),
                        candle.receiveTsNanos(), publishTsNanos, spec, names[i], v, candle.startNanos(),
                        candle.endNanos()));
            }
        }
    }
}
