package io.xgate.analytics;

/**
 * The trades of one bar, kept when {@link CandleBuilder.Options#storeTrades()} is on: parallel arrays in arrival
 * order, at most {@link CandleBuilder.Options#maxStoredTrades()} of them; {@link #notStored()} counts the bar's
 * trades beyond that bound (they are in the bar's aggregates, not here). A fresh copy per emitted bar, owned by
 * the receiver; {@link #NONE} when trades are not stored.
 *
 * @param venueTsNanos venue timestamps, epoch nanoseconds
 * @param prices       price mantissas at the candle's price scale
 * @param sizes        size mantissas at the candle's size scale
 * @param aggressorBuy whether each trade's aggressor bought
 * @param notStored    trades of the bar beyond the bound
 */
public record BarTrades(long[] venueTsNanos, long[] prices, long[] sizes, boolean[] aggressorBuy, long notStored) {

    /** No trades (trades not stored, or a bar without trades). */
    public static final BarTrades NONE = new BarTrades(new long[0], new long[0], new long[0], new boolean[0], 0);

    /** Checks that the arrays are parallel. */
    public BarTrades {
        int n = venueTsNanos.length;
        if (prices.length != n || sizes.length != n || aggressorBuy.length != n) {
            throw new IllegalArgumentException("trade arrays of different lengths");
        }
    }

    /** How many trades are stored. */
    public int size() {
        return venueTsNanos.length;
    }
}
