package io.xgate.order;

import io.xgate.config.VenueConfig;
import io.xgate.rest.RateLimiter;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * A venue's order rate limits, kept before the venue enforces them, with one rule for when they bind:
 * <b>cancels go before new orders</b>. A request that cannot go now waits in the throttle's queue; {@link #drain}
 * sends what the limits allow, every waiting cancel first.
 *
 * <ul>
 *   <li><b>Binance</b>: a new order takes one of {@code ORDERS} (per second) and {@code ORDERS_DAY}, and every
 *       request one of {@code REQUEST_WEIGHT}; a cancel takes request weight only. Binance counts orders per
 *       fixed window of the clock; a bucket that refills continuously can pass nearly twice the limit inside one
 *       such window, so {@code ORDERS} is kept as a sliding window instead (never more than the limit in any
 *       interval, however the venue's windows fall).</li>
 *   <li><b>Kraken</b>: the trading engine's counter per pair (configured as {@code TRADING_PER_PAIR}: threshold
 *       and the interval it decays over): a new order adds 1; a cancel adds by the order's age, 8 under 5 s down to
 *       0 from 300 s (protocol reference 2.5).</li>
 * </ul>
 *
 * <p>Owned by one verticle; not thread-safe.
 */
public final class OrderThrottle {

    /** A request waiting for the limits. */
    public interface Request {
        /** Sends it: called once, when the limits allow. */
        void send();
    }

    private static final String[] NEW_ORDER_CLASSES = {"REQUEST_WEIGHT", "ORDERS", "ORDERS_DAY"};
    private static final String[] CANCEL_CLASSES = {"REQUEST_WEIGHT"};
    private static final String[] NEW_ORDER_CLASSES_SLIDING = {"REQUEST_WEIGHT", "ORDERS_DAY"};

    private final boolean kraken;
    private final RateLimiter limiter;
    /** Binance ORDERS: the send times of the last {@code limit} new orders (a ring), or {@code null}. */
    private final long[] recentOrders;
    private final long ordersIntervalNanos;
    private int recentNext;
    private final VenueConfig.RateLimit pairLimit;
    private final LongSupplier nanoTime;
    private final Map<String, double[]> pairCounters = new HashMap<>();
    private final ArrayDeque<Object[]> cancels = new ArrayDeque<>();
    private final ArrayDeque<Object[]> places = new ArrayDeque<>();

    /** @param nanoTime the clock the Kraken counters decay by ({@code System::nanoTime}; tests pass their own) */
    public OrderThrottle(VenueConfig venue, LongSupplier nanoTime) {
        this.kraken = "kraken".equals(venue.dialect());
        this.limiter = new RateLimiter(venue);
        this.pairLimit = venue.rateLimits().stream().filter(l -> l.name().equals("TRADING_PER_PAIR")).findFirst()
                .orElse(null);
        this.nanoTime = nanoTime;
        VenueConfig.RateLimit orders = venue.rateLimits().stream().filter(l -> l.name().equals("ORDERS")).findFirst()
                .orElse(null);
        this.recentOrders = kraken || orders == null || orders.limit() > 100_000 ? null : new long[(int) orders.limit()];
        this.ordersIntervalNanos = orders == null ? 0 : orders.interval().toNanos();
        if (recentOrders != null) {
            java.util.Arrays.fill(recentOrders, Long.MIN_VALUE / 2);
        }
    }

    /** Kraken's cost of cancelling an order of this age (protocol reference 2.5). */
    public static int krakenCancelCost(long ageMillis) {
        if (ageMillis < 5_000) {
            return 8;
        } else if (ageMillis < 10_000) {
            return 6;
        } else if (ageMillis < 15_000) {
            return 5;
        } else if (ageMillis < 45_000) {
            return 4;
        } else if (ageMillis < 90_000) {
            return 2;
        } else if (ageMillis < 300_000) {
            return 1;
        }
        return 0;
    }

    /** Queues a new order on {@code pair}; sends it at once if the limits allow and nothing waits before it. */
    public void place(String pair, Request r) {
        places.addLast(new Object[] {pair, 1L, r});
        drain();
    }

    /** Queues a cancel of an order of {@code ageMillis}; it goes before every waiting new order. */
    public void cancel(String pair, long ageMillis, Request r) {
        cancels.addLast(new Object[] {pair, kraken ? (long) krakenCancelCost(ageMillis) : 0L, r});
        drain();
    }

    /** Requests waiting now. */
    public int waiting() {
        return cancels.size() + places.size();
    }

    /**
     * Sends every waiting request the limits allow, cancels first, each queue in order.
     *
     * @return nanoseconds until the next waiting request could go (0 if none waits)
     */
    public long drain() {
        long wait = drain(cancels, false);
        if (!cancels.isEmpty()) {
            return wait; // new orders wait behind cancels
        }
        return drain(places, true);
    }

    private long drain(ArrayDeque<Object[]> queue, boolean newOrder) {
        while (!queue.isEmpty()) {
            Object[] head = queue.peekFirst();
            long wait = tryTake((String) head[0], (Long) head[1], newOrder);
            if (wait > 0) {
                return wait;
            }
            queue.pollFirst();
            ((Request) head[2]).send();
        }
        return 0;
    }

    /** Takes what one request costs, all or nothing; returns 0 if taken, else nanoseconds to wait. */
    private long tryTake(String pair, long pairCost, boolean newOrder) {
        if (kraken) {
            if (pairLimit == null || pairCost == 0) {
                return 0;
            }
            double[] c = pairCounters.computeIfAbsent(pair, k -> new double[] {0, nanoTime.getAsLong()});
            long now = nanoTime.getAsLong();
            double decayPerNano = (double) pairLimit.limit() / pairLimit.interval().toNanos();
            c[0] = Math.max(0, c[0] - (now - (long) c[1]) * decayPerNano);
            c[1] = now;
            if (c[0] + pairCost <= pairLimit.limit()) {
                c[0] += pairCost;
                return 0;
            }
            return Math.max(1, (long) ((c[0] + pairCost - pairLimit.limit()) / decayPerNano));
        }
        if (newOrder && recentOrders != null) {
            long oldest = recentOrders[recentNext];
            long now = nanoTime.getAsLong();
            if (now - oldest < ordersIntervalNanos) {
                return Math.max(1, oldest + ordersIntervalNanos - now);
            }
        }
        String[] classes = newOrder ? (recentOrders != null ? NEW_ORDER_CLASSES_SLIDING : NEW_ORDER_CLASSES)
                : CANCEL_CLASSES;
        boolean[] taken = new boolean[classes.length];
        long wait = 0;
        for (int k = 0; k < classes.length; k++) {
            if (limiter.available(classes[k]) < 1) {
                long w = limiter.tryAcquire(classes[k], 1); // takes nothing while short...
                taken[k] = w == 0; // ...unless a refill landed in between
                wait = Math.max(wait, w);
            }
        }
        if (wait > 0) {
            for (int k = 0; k < classes.length; k++) {
                if (taken[k]) {
                    limiter.refund(classes[k], 1);
                }
            }
            return wait;
        }
        for (int k = 0; k < classes.length; k++) {
            if (!taken[k]) {
                limiter.tryAcquire(classes[k], 1);
            }
        }
        if (newOrder && recentOrders != null) {
            recentOrders[recentNext] = nanoTime.getAsLong();
            recentNext = (recentNext + 1) % recentOrders.length;
        }
        return 0;
    }
}
