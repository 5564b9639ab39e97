package io.xgate.venue;

import java.util.List;

/**
 * Part of the {@link Dialect} SPI: what a venue's order requests cost, and in which limit classes. The dialect-free
 * order throttle ({@code io.xgate.order.OrderThrottle}) keeps the counts and decides when a request may go; a class
 * the venue file does not configure ({@code rateLimits}) is not limited.
 *
 * <p>Threading: made once per order desk and called only on the order desk's context.
 */
public interface OrderLimitRules {

    /** How a limit class counts. */
    enum Counting {
        /**
         * The venue's REST budget (Binance {@code REQUEST_WEIGHT}), shared with market data: spent by the venue's one
         * REST client when the request goes out; the throttle only holds the request until the units are there.
         */
        REST_BUDGET,
        /** A token bucket of the venue's one limiter, taken by the throttle (Binance {@code ORDERS_DAY}). */
        BUCKET,
        /**
         * At most {@code limit} requests in any {@code interval}, kept as the send times of the last {@code limit}
         * (Binance {@code ORDERS}: the venue counts per fixed clock window, which a continuously refilling bucket
         * can overrun nearly twice inside one window; a sliding window never can).
         */
        SLIDING_WINDOW,
        /**
         * A counter per pair that rises by each request's cost and decays by {@code limit} per {@code interval}; a
         * request waits while counter + cost would pass {@code limit} (Kraken {@code TRADING_PER_PAIR}).
         */
        DECAYING_PER_PAIR
    }

    /**
     * What a request costs in one limit class.
     *
     * @param limitClass the class, as named in the venue file's {@code rateLimits}
     * @param units      the cost (0: free in that class)
     * @param counting   how the class counts
     */
    record Cost(String limitClass, long units, Counting counting) {
    }

    /** What a new order costs. */
    List<Cost> newOrder();

    /** What cancelling an order placed {@code orderAgeMillis} ago costs (0 if its age is unknown). */
    List<Cost> cancel(long orderAgeMillis);
}
