package io.xgate.analytics;

import io.xgate.event.Candle;

/** Receives the bars a {@link CandleBuilder} completes, on the builder's owner thread, in bar order. */
@FunctionalInterface
public interface CandleListener {

    /**
     * A bar is complete.
     *
     * @param candle the bar ({@link Candle#complete()} is {@code true})
     * @param trades its trades when the builder stores them, else {@link BarTrades#NONE}
     */
    void onCandle(Candle candle, BarTrades trades);
}
