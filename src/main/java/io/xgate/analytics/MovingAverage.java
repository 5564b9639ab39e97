package io.xgate.analytics;

/**
 * A moving average fed one value at a time, with TA-Lib's conventions, for strategies in the same process and
 * for the analytics verticle's indicators over candle closes.
 *
 * <pre>{@code
 * MovingAverage ema = MovingAverage.create("EMA", 20);
 * double v = ema.update(close);   // NaN until ema.ready()
 * }</pre>
 *
 * <p>Conventions (TA-Lib's {@code TA_SMA}, {@code TA_WMA}, {@code TA_EMA}, {@code TA_DEMA}, {@code TA_TEMA} in their
 * default compatibility, with no unstable period):
 * <ul>
 *   <li>{@code SMA}: the mean of the last {@code n} values; lookback {@code n-1}.</li>
 *   <li>{@code WMA}: weights {@code 1..n}, the newest value weighted {@code n}, divided by {@code n(n+1)/2};
 *       lookback {@code n-1}.</li>
 *   <li>{@code EMA}: {@code k = 2/(n+1)}, {@code ema = (x - ema)*k + ema}, seeded with the SMA of its first {@code n}
 *       inputs; lookback {@code n-1}.</li>
 *   <li>{@code DEMA}: {@code 2*EMA - EMA(EMA)}; {@code EMA(EMA)} is an EMA fed the first EMA's values from its first
 *       one on, seeded the same way; lookback {@code 2(n-1)}.</li>
 *   <li>{@code TEMA}: {@code EMA3 + (3*EMA1 - 3*EMA2)} over three chained EMAs; lookback {@code 3(n-1)}.</li>
 * </ul>
 * {@link #update} returns {@code NaN} while the lookback is not yet filled, i.e. for the first {@link #lookback()}
 * values, and the average from then on.
 *
 * <p>Every update is O(1) and allocates nothing: the ring buffers are allocated by {@link #create}. SMA and WMA
 * keep compensated running sums (TwoSum, and exact products by FMA), so they do not drift over long series
 * (TA-Lib's batch functions keep plain running sums; the results agree to within rounding). Periods are {@code 1..100000}, TA-Lib's upper
 * bound; period 1 is the identity, as in TA-Lib's regression tests. Inputs must be finite.
 *
 * <p>Not thread-safe: one owner feeds it.
 */
public interface MovingAverage {

    /** The largest period accepted, TA-Lib's bound for these functions. */
    int MAX_PERIOD = 100_000;

    /**
     * A new moving average.
     *
     * @param kind   {@code SMA}, {@code EMA}, {@code WMA}, {@code DEMA} or {@code TEMA}, case-insensitive
     * @param period the number of values averaged, {@code 1..}{@value #MAX_PERIOD}
     * @throws IllegalArgumentException for an unknown kind or a period out of range, naming what is accepted
     */
    static MovingAverage create(String kind, int period) {
        return MovingAverages.create(kind, period, MovingAverages.Seed.SMA);
    }

    /**
     * Feeds the next value and returns the average including it, or {@code NaN} while the lookback is not filled.
     *
     * @throws IllegalArgumentException if {@code value} is NaN or infinite
     */
    double update(double value);

    /** Whether the lookback is filled: the last {@link #update} returned a number. */
    boolean ready();

    /** How many values are consumed before the first average: {@code update} returns NaN that many times. */
    int lookback();

    /** The kind, upper case ({@code EMA}). */
    String kind();

    /** The period. */
    int period();

    /** The indicator's name as configured and published: {@code EMA(20)}. */
    default String name() {
        return kind() + "(" + period() + ")";
    }

    /** Forgets every value fed, as if just created. */
    void reset();
}
