package io.xgate.venue.kraken;

import io.xgate.venue.OrderLimitRules;
import java.util.List;

/**
 * Kraken's trading-engine limiter (protocol reference 2.5): a counter per pair, configured as
 * {@code TRADING_PER_PAIR} (its threshold, and the interval it decays by that much over). A new order adds 1;
 * cancelling an order adds by its age, 8 under 5 s down to 0 from 300 s, because cancelling young orders is what
 * the venue discourages.
 *
 * <p>Immutable; called only on the order desk's context.
 */
public final class KrakenOrderLimits implements OrderLimitRules {

    /** The per-pair trading counter, as named in the venue file. */
    public static final String TRADING_PER_PAIR = "TRADING_PER_PAIR";

    private static final List<Cost> NEW_ORDER = List.of(new Cost(TRADING_PER_PAIR, 1, Counting.DECAYING_PER_PAIR));
    /** The documented cancel-cost table: order age below which (ms) → cost. */
    private static final long[] AGE_BELOW = {5_000, 10_000, 15_000, 45_000, 90_000, 300_000};
    private static final long[] CANCEL_COST = {8, 6, 5, 4, 2, 1};

    @Override
    public List<Cost> newOrder() {
        return NEW_ORDER;
    }

    @Override
    public List<Cost> cancel(long orderAgeMillis) {
        return List.of(new Cost(TRADING_PER_PAIR, cancelCost(orderAgeMillis), Counting.DECAYING_PER_PAIR));
    }

    /** What cancelling an order of this age adds to its pair's counter (protocol reference 2.5). */
    public static long cancelCost(long ageMillis) {
        for (int k = 0; k < AGE_BELOW.length; k++) {
            if (ageMillis < AGE_BELOW[k]) {
                return CANCEL_COST[k];
            }
        }
        return 0;
    }
}
