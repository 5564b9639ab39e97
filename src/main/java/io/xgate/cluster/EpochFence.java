package io.xgate.cluster;

import io.xgate.event.Event;
import java.util.HashMap;
import java.util.Map;

/**
 * Drops a venue's events published under an epoch lower than the highest seen for that venue: once a new leader has
 * published, an old one that wakes up (a paused process, a healed partition) cannot publish stale books over it.
 *
 * <p>For any subscriber of the cluster's events: the arbitrage verticle, the admin API and {@code xgate tail} use
 * it, and a Java subscriber of its own can too:
 *
 * <pre>{@code
 * EpochFence fence = new EpochFence();
 * vertx.eventBus().<BookTop>consumer(Addresses.top("binance", "BTC-USDT"), m -> {
 *     if (fence.accept(m.body())) {
 *         onTop(m.body());
 *     }
 * });
 * }</pre>
 *
 * <p>Events of epoch 0 (published without high availability) are accepted until an epoch has been seen for the venue.
 * Not thread-safe: one fence per consuming context.
 */
public final class EpochFence {

    private final Map<String, long[]> highest = new HashMap<>();
    private long dropped;

    /** Whether {@code e} is from the venue's current leader (or a newer one, which then becomes the current). */
    public boolean accept(Event e) {
        return accept(e.venue(), e.epoch());
    }

    /** As {@link #accept(Event)}, for a venue and epoch. */
    public boolean accept(String venue, long epoch) {
        long[] h = highest.get(venue);
        if (h == null) {
            highest.put(venue, new long[] {epoch});
            return true;
        }
        if (epoch < h[0]) {
            dropped++;
            return false;
        }
        h[0] = epoch;
        return true;
    }

    /** The highest epoch seen for a venue, or -1. */
    public long highest(String venue) {
        long[] h = highest.get(venue);
        return h == null ? -1 : h[0];
    }

    /** How many events this fence dropped. */
    public long dropped() {
        return dropped;
    }
}
