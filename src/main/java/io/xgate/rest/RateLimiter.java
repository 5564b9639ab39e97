package io.xgate.rest;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.EstimationProbe;
import io.github.bucket4j.local.SynchronizationStrategy;
import io.xgate.config.VenueConfig;
import java.util.HashMap;
import java.util.Map;

/**
 * A venue's REST limits, enforced before the venue does: one token bucket (Bucket4j) per configured limit
 * class ({@code rateLimits} in the venue file), each holding {@code limit} units and refilling them over
 * {@code interval}. A request costs units of one class (its weight). The buckets are reconciled with what the
 * venue reports it has counted (Binance {@code X-MBX-USED-WEIGHT-1M}), so that other clients of the same IP or
 * a restart cannot make us overrun it.
 *
 * <p>Thread-safe: shared by the venue verticle and the order desk of one venue (through its one
 * {@link VenueHttp}), on their own contexts. The buckets are Bucket4j's lock-free ones (compare-and-swap), so taking
 * units never blocks an event loop; {@link #reconcile} may, under a race, take a little more than needed, never
 * less.
 */
public final class RateLimiter {

    /** A configured limit class and its bucket. */
    private static final class LimitClass {
        final VenueConfig.RateLimit config;
        final Bucket bucket;
        volatile long lastAvailable;

        LimitClass(VenueConfig.RateLimit config) {
            this.config = config;
            this.bucket = Bucket.builder()
                    .addLimit(b -> b.capacity(config.limit()).refillGreedy(config.limit(), config.interval()))
                    .withSynchronizationStrategy(SynchronizationStrategy.LOCK_FREE)
                    .build();
            this.lastAvailable = config.limit();
        }
    }

    private final Map<String, LimitClass> classes = new HashMap<>();

    /** The limiter of a venue's configured limit classes. */
    public RateLimiter(VenueConfig venue) {
        for (VenueConfig.RateLimit r : venue.rateLimits()) {
            classes.put(r.name(), new LimitClass(r));
        }
    }

    /** Whether a limit class of this name is configured. */
    public boolean limits(String limitClass) {
        return classes.containsKey(limitClass);
    }

    /**
     * Takes {@code cost} units of a class now if they are there.
     *
     * @return 0 if taken (or the class is not configured), else the nanoseconds until they will be there (nothing
     *         is taken then); {@code Long.MAX_VALUE} if the cost exceeds the class's capacity
     */
    public long tryAcquire(String limitClass, long cost) {
        LimitClass c = classes.get(limitClass);
        if (c == null) {
            return 0;
        }
        if (cost > c.config.limit()) {
            return Long.MAX_VALUE;
        }
        if (cost <= 0 || c.bucket.tryConsume(cost)) {
            return 0;
        }
        EstimationProbe probe = c.bucket.estimateAbilityToConsume(cost);
        return Math.max(1, probe.getNanosToWaitForRefill());
    }

    /**
     * Nanoseconds until {@code cost} units of a class will be there, taking nothing: 0 if they are there now (or
     * the class is not configured), {@code Long.MAX_VALUE} if the cost exceeds the class's capacity.
     */
    public long waitNanos(String limitClass, long cost) {
        LimitClass c = classes.get(limitClass);
        if (c == null || cost <= 0) {
            return 0;
        }
        if (cost > c.config.limit()) {
            return Long.MAX_VALUE;
        }
        EstimationProbe probe = c.bucket.estimateAbilityToConsume(cost);
        return probe.canBeConsumed() ? 0 : Math.max(1, probe.getNanosToWaitForRefill());
    }

    /**
     * Units a class had left when {@link #publishAvailable()} last ran (a periodic task of the venue verticle):
     * cheap to read from any thread (metrics).
     */
    public long lastAvailable(String limitClass) {
        LimitClass c = classes.get(limitClass);
        return c == null ? Long.MAX_VALUE : c.lastAvailable;
    }

    /** Refreshes what {@link #lastAvailable} reports (the venue verticle does, every second). */
    public void publishAvailable() {
        for (LimitClass c : classes.values()) {
            c.lastAvailable = c.bucket.getAvailableTokens();
        }
    }

    /** Units a class has left now, or {@code Long.MAX_VALUE} if it is not configured. */
    public long available(String limitClass) {
        LimitClass c = classes.get(limitClass);
        return c == null ? Long.MAX_VALUE : c.bucket.getAvailableTokens();
    }

    /**
     * The venue says it has counted {@code used} units of a class in its current window: we must not believe we
     * have more than {@code limit - used} left.
     */
    public void reconcile(String limitClass, long used) {
        LimitClass c = classes.get(limitClass);
        if (c == null) {
            return;
        }
        long shouldHave = Math.max(0, c.config.limit() - used);
        long has = c.bucket.getAvailableTokens();
        if (has > shouldHave) {
            c.bucket.consumeIgnoringRateLimits(has - shouldHave);
        }
    }

    /** Gives back units taken for a request that did not go out after all. */
    public void refund(String limitClass, long units) {
        LimitClass c = classes.get(limitClass);
        if (c != null && units > 0) {
            c.bucket.addTokens(units);
        }
    }
}
