package io.xgate.order;

import io.xgate.config.VenueConfig;
import io.xgate.rest.RateLimiter;
import io.xgate.venue.OrderLimitRules;
import io.xgate.venue.OrderLimitRules.Cost;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * A venue's order rate limits, kept before the venue enforces them, with one rule for when they bind:
 * <b>cancels go before new orders</b>. What each request costs, and in which limit classes, comes from the
 * dialect's {@link OrderLimitRules}; the throttle keeps the counts, by how each class counts
 * ({@link OrderLimitRules.Counting}): buckets of the venue's one {@link RateLimiter} (shared with market data),
 * sliding windows of send times, decaying counters per pair. A class the venue file does not configure is not
 * limited.
 *
 * <p>A request that cannot go now waits in the throttle's queue; {@link #drain} sends what the limits allow, every
 * waiting cancel first, each queue in order. A request whose wait would exceed {@code rest.requestTimeout} (or
 * that costs more than a limit itself) is refused at once with the numbers, rather than held for minutes.
 *
 * <p>Owned by the order desk: called only on its context; not thread-safe (the shared limiter is).
 */
public final class OrderThrottle {

    /** A request waiting for the limits. */
    public interface Request {
        /** Sends it: called once, when the limits allow. */
        void send();

        /** It will not be sent: the limits would hold it longer than a request may wait; {@code reason} says why. */
        void refuse(String reason);
    }

    /** A request in a queue, with what it costs. */
    private record Waiting(String pair, List<Cost> costs, Request request) {
    }

    /** How long the head of a queue must wait, and the cost that makes it wait. */
    private record Hold(long nanos, Cost cost) {
        static final Hold NONE = new Hold(0, null);
    }

    /** A sliding window: the send times of the last {@code limit} requests of a class (a ring). */
    private static final class SendTimes {
        final long[] times;
        final long intervalNanos;
        int next;

        SendTimes(VenueConfig.RateLimit limit) {
            times = new long[(int) Math.min(limit.limit(), 1_000_000)];
            Arrays.fill(times, Long.MIN_VALUE / 2);
            intervalNanos = limit.interval().toNanos();
        }

        long waitNanos(long now) {
            long oldest = times[next];
            return now - oldest < intervalNanos ? Math.max(1, oldest + intervalNanos - now) : 0;
        }

        void record(long now) {
            times[next] = now;
            next = (next + 1) % times.length;
        }
    }

    /** A counter of one pair in one class, decaying by {@code limit} per {@code interval}. */
    private static final class PairCounter {
        final double limit;
        final double decayPerNano;
        double level;
        long at;

        PairCounter(VenueConfig.RateLimit limit, long now) {
            this.limit = limit.limit();
            this.decayPerNano = (double) limit.limit() / limit.interval().toNanos();
            this.at = now;
        }

        long waitNanos(long units, long now) {
            if (units > limit) {
                return Long.MAX_VALUE;
            }
            level = Math.max(0, level - (now - at) * decayPerNano);
            at = now;
            return level + units <= limit ? 0 : Math.max(1, (long) ((level + units - limit) / decayPerNano));
        }
    }

    /** The key of a per-pair counter. */
    private record PairClass(String limitClass, String pair) {
    }

    private final RateLimiter limiter;
    private final OrderLimitRules rules;
    private final Map<String, VenueConfig.RateLimit> configured = new HashMap<>();
    private final LongSupplier nanoTime;
    private final long maxWaitNanos;
    private final Map<String, SendTimes> windows = new HashMap<>();
    private final Map<PairClass, PairCounter> counters = new HashMap<>();
    private final ArrayDeque<Waiting> cancels = new ArrayDeque<>();
    private final ArrayDeque<Waiting> places = new ArrayDeque<>();

    /**
     * @param limiter  the venue's one limiter (its REST client's), whose buckets market data spends too
     * @param rules    the dialect's costs
     * @param nanoTime the clock of the windows and counters ({@code System::nanoTime}; tests pass their own)
     */
    public OrderThrottle(VenueConfig venue, RateLimiter limiter, OrderLimitRules rules, LongSupplier nanoTime) {
        this.limiter = limiter;
        this.rules = rules;
        this.nanoTime = nanoTime;
        this.maxWaitNanos = venue.rest().requestTimeout().toNanos();
        for (VenueConfig.RateLimit l : venue.rateLimits()) {
            configured.put(l.name(), l);
        }
    }

    /** Queues a new order on {@code pair}; sends it at once if the limits allow and nothing waits before it. */
    public void place(String pair, Request r) {
        places.addLast(new Waiting(pair, rules.newOrder(), r));
        drain();
    }

    /** Queues a cancel of an order of {@code ageMillis} on {@code pair}; it goes before every waiting new order. */
    public void cancel(String pair, long ageMillis, Request r) {
        cancels.addLast(new Waiting(pair, rules.cancel(ageMillis), r));
        drain();
    }

    /** Requests waiting now. */
    public int waiting() {
        return cancels.size() + places.size();
    }

    /**
     * Sends every waiting request the limits allow, cancels first, each queue in order; refuses those that would
     * wait too long.
     *
     * @return nanoseconds until the next waiting request could go (0 if none waits)
     */
    public long drain() {
        long wait = drain(cancels);
        if (!cancels.isEmpty()) {
            return wait; // new orders wait behind cancels
        }
        return drain(places);
    }

    private long drain(ArrayDeque<Waiting> queue) {
        while (!queue.isEmpty()) {
            Waiting head = queue.peekFirst();
            Hold hold = tryTake(head);
            if (hold.nanos() > maxWaitNanos) {
                queue.pollFirst();
                head.request().refuse(why(head, hold));
                continue;
            }
            if (hold.nanos() > 0) {
                return hold.nanos();
            }
            queue.pollFirst();
            head.request().send();
        }
        return 0;
    }

    /** Takes what one request costs, all or nothing. */
    private Hold tryTake(Waiting w) {
        long now = nanoTime.getAsLong();
        Hold hold = Hold.NONE;
        for (Cost c : w.costs()) {
            VenueConfig.RateLimit limit = configured.get(c.limitClass());
            if (limit == null || c.units() <= 0) {
                continue;
            }
            long wait = switch (c.counting()) {
                case REST_BUDGET, BUCKET -> limiter.waitNanos(c.limitClass(), c.units());
                case SLIDING_WINDOW -> window(limit).waitNanos(now);
                case DECAYING_PER_PAIR -> counter(limit, w.pair(), now).waitNanos(c.units(), now);
            };
            if (wait > hold.nanos()) {
                hold = new Hold(wait, c);
            }
        }
        if (hold.nanos() > 0) {
            return hold;
        }
        // commit: the buckets first, the only step another context (none, for the order-only classes) could race
        List<Cost> taken = new java.util.ArrayList<>(2);
        for (Cost c : w.costs()) {
            if (c.counting() != OrderLimitRules.Counting.BUCKET || !configured.containsKey(c.limitClass())) {
                continue;
            }
            long wait = limiter.tryAcquire(c.limitClass(), c.units());
            if (wait > 0) {
                taken.forEach(t -> limiter.refund(t.limitClass(), t.units()));
                return new Hold(wait, c);
            }
            taken.add(c);
        }
        for (Cost c : w.costs()) {
            VenueConfig.RateLimit limit = configured.get(c.limitClass());
            if (limit == null || c.units() <= 0) {
                continue;
            }
            switch (c.counting()) {
                case SLIDING_WINDOW -> window(limit).record(now);
                case DECAYING_PER_PAIR -> counter(limit, w.pair(), now).level += c.units();
                default -> {
                    // REST_BUDGET: the REST client spends it as the request goes out; BUCKET: taken above
                }
            }
        }
        return Hold.NONE;
    }

    private SendTimes window(VenueConfig.RateLimit limit) {
        return windows.computeIfAbsent(limit.name(), k -> new SendTimes(limit));
    }

    private PairCounter counter(VenueConfig.RateLimit limit, String pair, long now) {
        return counters.computeIfAbsent(new PairClass(limit.name(), pair), k -> new PairCounter(limit, now));
    }

    private String why(Waiting w, Hold hold) {
        Cost c = hold.cost();
        VenueConfig.RateLimit limit = configured.get(c.limitClass());
        String after = hold.nanos() == Long.MAX_VALUE ? "" : "; the next are in " + hold.nanos() / 1_000_000 + " ms";
        String what = switch (c.counting()) {
            case REST_BUDGET, BUCKET -> "the " + c.limitClass() + " limit has " + limiter.available(c.limitClass())
                    + " unit(s) left, it needs " + c.units() + (hold.nanos() == Long.MAX_VALUE
                    ? ", more than the limit itself" : after);
            case SLIDING_WINDOW -> "the " + c.limitClass() + " limit (" + limit.limit() + " per " + limit.interval()
                    + ") allows the next in " + hold.nanos() / 1_000_000 + " ms";
            case DECAYING_PER_PAIR -> "the " + c.limitClass() + " counter of " + w.pair() + " (threshold "
                    + limit.limit() + ", decaying over " + limit.interval() + ") has no room for " + c.units() + " more"
                    + after;
        };
        return what + ", beyond the request timeout of " + maxWaitNanos / 1_000_000 + " ms; not sent";
    }
}
