package io.xgate.sim.market;

/**
 * Request weight counted per clock minute across every REST request of one simulated venue (market data and orders
 * alike: one budget), with the highest count any minute reached. Owned by the simulator's context.
 */
public final class RequestWeight {

    private long minute = -1;
    private long used;
    private long max;

    /** Adds a request's weight; returns the weight used in the current minute, this request included. */
    public long add(long weight, long nowMillis) {
        roll(nowMillis);
        used += weight;
        max = Math.max(max, used);
        return used;
    }

    /** The weight used in the current minute. */
    public long used(long nowMillis) {
        roll(nowMillis);
        return used;
    }

    /** The highest weight counted in any one minute so far. */
    public long max() {
        return max;
    }

    /** Whole seconds until the current minute ends (at least 1): the {@code Retry-After} of a refusal. */
    public static long secondsToNextMinute(long nowMillis) {
        return Math.max(1, (60_000 - nowMillis % 60_000 + 999) / 1_000);
    }

    private void roll(long nowMillis) {
        long m = nowMillis / 60_000;
        if (m != minute) {
            minute = m;
            used = 0;
        }
    }
}
