package io.xgate.rest;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.EstimationProbe;
import io.github.bucket4j.distributed.AsyncBucketProxy;
import io.github.bucket4j.local.SynchronizationStrategy;
import io.xgate.config.VenueConfig;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A venue's REST limits, enforced before the venue does: one token bucket (Bucket4j) per configured limit
 * class ({@code rateLimits} in the venue file), each holding {@code limit} units and refilling them over
 * {@code interval}. A request costs units of one class (its weight). The buckets are reconciled with what the
 * venue reports it has counted (Binance {@code X-MBX-USED-WEIGHT-1M}), so that other clients of the same IP or
 * a restart cannot make us overrun it.
 *
 * <p>Thread-safe: shared by the venue verticle and the order desk of one venue (through its one
 * {@link VenueHttp}), on their own contexts. The buckets are Bucket4j's {@code SYNCHRONIZED} ones: a lock held
 * for a few dozen nanoseconds by at most two threads, measured at 38 ns per acquire and 0 B against 48 ns and 64 B
 * per acquire for {@code LOCK_FREE} (which copies its state on every compare-and-swap; {@code SigningBenchmark},
 * same run); {@link #reconcile} may, under a race, take a little more than needed, never less.
 *
 * <p><b>Cluster scope.</b> Given {@link ClusterBudgets} (a clustered node), a class with {@code scope: cluster}
 * draws on one bucket in the Hazelcast cluster, shared by every node ({@link #acquire}, asynchronous: nothing blocks
 * the caller's thread; each call bounded by {@link ClusterBudgets#timeout()}). Beside it the class keeps a local
 * mirror, set to what the shared bucket had left at its last answer and refilling at the same rate, from which the
 * synchronous reads ({@link #waitNanos}, {@link #available}, the gauges) answer without a round trip. When a call on
 * the shared bucket fails or times out, the class falls back to a local bucket holding its share of the limit
 * ({@code limit / nodes last seen}), logs it once (WARN), reports {@link #shared} false, and asks the store again
 * every {@link ClusterBudgets#PROBE_INTERVAL}; once it answers, the class takes from the shared bucket what it spent
 * on its share meanwhile and returns to it (INFO). Without {@link ClusterBudgets}, every class is local, as before.
 */
public final class RateLimiter {

    private static final Logger LOG = LoggerFactory.getLogger(RateLimiter.class);

    /** A configured limit class and its bucket (for a shared class: the local mirror of the shared bucket). */
    private static final class LimitClass {
        final VenueConfig.RateLimit config;
        final Bucket bucket;
        volatile long lastAvailable;
        /** The cluster's bucket of this class, or {@code null} for a node-scoped (or unclustered) class. */
        final AsyncBucketProxy shared;
        /** While the shared bucket does not answer: the local share spent instead; else {@code null}. */
        volatile Bucket fallback;
        /** What was taken from {@link #fallback} since it began, to take from the shared bucket on return. */
        final AtomicLong spentOnShare = new AtomicLong();
        final AtomicBoolean probing = new AtomicBoolean();
        volatile long nextProbeNanos;
        /** The units of {@link #fallback}: {@code limit / nodes last seen}, at least 1. */
        volatile long share;

        LimitClass(VenueConfig.RateLimit config, AsyncBucketProxy shared) {
            this.config = config;
            this.bucket = local(config.limit(), config.interval(), config.limit());
            this.lastAvailable = config.limit();
            this.shared = shared;
        }

        /** The bucket the synchronous calls use: the share while falling back, else the bucket (or mirror). */
        Bucket active() {
            Bucket f = fallback;
            return f != null ? f : bucket;
        }
    }

    private final Map<String, LimitClass> classes = new HashMap<>();
    private final String venue;
    private final ClusterBudgets budgets;

    /** The limiter of a venue's configured limit classes, every one local to this node. */
    public RateLimiter(VenueConfig venue) {
        this(venue, null);
    }

    /**
     * The limiter of a venue's configured limit classes: those with {@code scope: cluster} on {@code budgets}'
     * shared buckets, the others local.
     *
     * @param budgets the cluster's budgets, or {@code null} (not clustered): every class local
     */
    public RateLimiter(VenueConfig venue, ClusterBudgets budgets) {
        this.venue = venue.id();
        this.budgets = budgets;
        for (VenueConfig.RateLimit r : venue.rateLimits()) {
            AsyncBucketProxy shared = null;
            if (budgets != null && r.scope() == VenueConfig.RateLimit.Scope.CLUSTER) {
                shared = budgets.bucket(venue.id(), r.name(), BucketConfiguration.builder()
                        .addLimit(b -> b.capacity(r.limit()).refillGreedy(r.limit(), r.interval())).build());
            }
            LimitClass c = new LimitClass(r, shared);
            classes.put(r.name(), c);
            if (shared != null) {
                budgets.gauge(venue.id(), r.name(), c, x -> x.fallback == null ? 1 : 0);
            }
        }
    }

    private static Bucket local(long capacity, Duration interval, long initial) {
        return Bucket.builder()
                .addLimit(b -> b.capacity(capacity).refillGreedy(capacity, interval).initialTokens(initial))
                .withSynchronizationStrategy(SynchronizationStrategy.SYNCHRONIZED)
                .build();
    }

    /**
     * Whether a class draws on the cluster's shared bucket now: true for a cluster-scoped class while the store
     * answers, false while it falls back to its local share, and false for a node-scoped (or unclustered) class.
     */
    public boolean shared(String limitClass) {
        LimitClass c = classes.get(limitClass);
        return c != null && c.shared != null && c.fallback == null;
    }

    /** Whether a class is cluster-scoped on this node (a shared bucket, or its local share while unreachable). */
    public boolean clusterScoped(String limitClass) {
        LimitClass c = classes.get(limitClass);
        return c != null && c.shared != null;
    }

    /**
     * The units a class's bucket holds at most on this node: its {@code limit}, or its share while a
     * cluster-scoped class falls back; {@code Long.MAX_VALUE} if the class is not configured.
     */
    public long capacity(String limitClass) {
        LimitClass c = classes.get(limitClass);
        if (c == null) {
            return Long.MAX_VALUE;
        }
        return c.fallback != null ? c.share : c.config.limit();
    }

    /** Whether a limit class of this name is configured. */
    public boolean limits(String limitClass) {
        return classes.containsKey(limitClass);
    }

    /**
     * Takes {@code cost} units of a class now if they are there, without waiting on anything. For a class on the
     * shared bucket the decision is its local mirror's, and the units are then taken from the shared bucket too,
     * without waiting for its answer (the order desk's own buckets are node-scoped; a cluster-scoped class reaches
     * here only through a venue file that makes an order class {@code cluster}); {@link #acquire} asks the shared
     * bucket itself.
     *
     * @return 0 if taken (or the class is not configured), else the nanoseconds until they will be there (nothing
     *         is taken then); {@code Long.MAX_VALUE} if the cost exceeds the class's capacity
     */
    public long tryAcquire(String limitClass, long cost) {
        LimitClass c = classes.get(limitClass);
        if (c == null) {
            return 0;
        }
        Bucket fallback = c.fallback;
        if (fallback != null) {
            probe(c);
        }
        if (cost > (fallback != null ? c.share : c.config.limit())) {
            return Long.MAX_VALUE;
        }
        if (cost <= 0) {
            return 0;
        }
        if (fallback != null) {
            return takeShare(c, fallback, cost);
        }
        if (c.bucket.tryConsume(cost)) {
            if (c.shared != null) {
                call(c, () -> c.shared.consumeIgnoringRateLimits(cost));
            }
            return 0;
        }
        EstimationProbe probe = c.bucket.estimateAbilityToConsume(cost);
        return Math.max(1, probe.getNanosToWaitForRefill());
    }

    /**
     * {@link #tryAcquire}, asking the cluster's shared bucket for a cluster-scoped class: completes (on a
     * Hazelcast or timer thread for a shared class; at once otherwise) with 0 if taken, else the nanoseconds until
     * the units will be there (nothing taken), {@code Long.MAX_VALUE} if the cost exceeds the capacity. Never fails:
     * a shared bucket that does not answer within {@link ClusterBudgets#timeout()} sends the class to its local
     * share, which answers instead.
     */
    public CompletionStage<Long> acquire(String limitClass, long cost) {
        LimitClass c = classes.get(limitClass);
        if (c == null || c.shared == null || c.fallback != null || cost <= 0 || cost > c.config.limit()) {
            return CompletableFuture.completedFuture(tryAcquire(limitClass, cost));
        }
        return call(c, () -> c.shared.tryConsumeAndReturnRemaining(cost)).handle((ConsumptionProbe p, Throwable e) -> {
            if (e != null) {
                Bucket fallback = fallBack(c, e);
                return cost > c.share ? Long.MAX_VALUE : takeShare(c, fallback, cost);
            }
            budgets.answered();
            mirror(c, p.getRemainingTokens());
            return p.isConsumed() ? 0L : Math.max(1, p.getNanosToWaitForRefill());
        });
    }

    /**
     * Nanoseconds until {@code cost} units of a class will be there, taking nothing: 0 if they are there now (or
     * the class is not configured), {@code Long.MAX_VALUE} if the cost exceeds the class's capacity. A shared class
     * answers from its local mirror (what the shared bucket had at its last answer, refilled since).
     */
    public long waitNanos(String limitClass, long cost) {
        LimitClass c = classes.get(limitClass);
        if (c == null || cost <= 0) {
            return 0;
        }
        Bucket b = c.active();
        if (cost > (b == c.bucket ? c.config.limit() : c.share)) {
            return Long.MAX_VALUE;
        }
        EstimationProbe probe = b.estimateAbilityToConsume(cost);
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
            c.lastAvailable = c.active().getAvailableTokens();
        }
    }

    /** Units a class has left now (a shared class: as last learned), or {@code Long.MAX_VALUE} if not configured. */
    public long available(String limitClass) {
        LimitClass c = classes.get(limitClass);
        return c == null ? Long.MAX_VALUE : c.active().getAvailableTokens();
    }

    /**
     * The venue says it has counted {@code used} units of a class in its current window: we must not believe we
     * have more than {@code limit - used} left. A shared class reconciles the shared bucket (asking it what it
     * has, then taking the excess: two calls, only when the mirror says there may be an excess).
     */
    public void reconcile(String limitClass, long used) {
        LimitClass c = classes.get(limitClass);
        if (c == null) {
            return;
        }
        long shouldHave = Math.max(0, c.config.limit() - used);
        Bucket b = c.active();
        long has = b.getAvailableTokens();
        if (has > shouldHave) {
            b.consumeIgnoringRateLimits(has - shouldHave);
        }
        if (c.shared != null && b == c.bucket && has > shouldHave) {
            call(c, () -> c.shared.getAvailableTokens()).thenCompose(sharedHas -> sharedHas > shouldHave
                    ? call(c, () -> c.shared.consumeIgnoringRateLimits(sharedHas - shouldHave)) : CompletableFuture
                    .completedFuture(0L)).whenComplete((x, e) -> {
                        if (e != null) {
                            fallBack(c, e);
                        }
                    });
        }
    }

    /** Gives back units taken for a request that did not go out after all. */
    public void refund(String limitClass, long units) {
        LimitClass c = classes.get(limitClass);
        if (c == null || units <= 0) {
            return;
        }
        Bucket fallback = c.fallback;
        if (fallback != null) {
            fallback.addTokens(units);
            c.spentOnShare.addAndGet(-units);
            return;
        }
        c.bucket.addTokens(units);
        if (c.shared != null) {
            call(c, () -> c.shared.addTokens(units));
        }
    }

    /**
     * A call on a shared bucket, bounded by the budgets' timeout; one that throws at once (the Hazelcast instance
     * is not active) is a failed call.
     */
    private <T> CompletableFuture<T> call(LimitClass c, java.util.function.Supplier<CompletableFuture<T>> call) {
        try {
            return call.get().orTimeout(budgets.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Sets the mirror to what the shared bucket said it has left. */
    private static void mirror(LimitClass c, long remaining) {
        long has = c.bucket.getAvailableTokens();
        if (has > remaining) {
            c.bucket.consumeIgnoringRateLimits(has - remaining);
        } else if (has < remaining) {
            c.bucket.addTokens(remaining - has);
        }
    }

    private static long takeShare(LimitClass c, Bucket fallback, long cost) {
        if (fallback.tryConsume(cost)) {
            c.spentOnShare.addAndGet(cost);
            return 0;
        }
        return Math.max(1, fallback.estimateAbilityToConsume(cost).getNanosToWaitForRefill());
    }

    /** The shared bucket did not answer: the class's local share, begun (and logged) if it was not already. */
    private Bucket fallBack(LimitClass c, Throwable cause) {
        synchronized (c) {
            Bucket f = c.fallback;
            if (f != null) {
                return f;
            }
            int nodes = budgets.nodesLastSeen();
            long share = Math.max(1, c.config.limit() / nodes);
            c.share = share;
            c.spentOnShare.set(0);
            f = local(share, c.config.interval(), Math.min(share, c.bucket.getAvailableTokens()));
            c.nextProbeNanos = System.nanoTime() + ClusterBudgets.PROBE_INTERVAL.toNanos();
            c.fallback = f;
            LOG.warn("venue {}: the cluster's shared {} budget did not answer ({}); spending a local share of {} "
                    + "per {} ({} / {} node(s) last seen) until it answers again", venue, c.config.name(),
                    describe(cause), share, c.config.interval(), c.config.limit(), nodes);
            return f;
        }
    }

    /** While on the local share: asks the shared bucket, at most once per probe interval, whether it answers. */
    private void probe(LimitClass c) {
        long now = System.nanoTime();
        if (now < c.nextProbeNanos || !c.probing.compareAndSet(false, true)) {
            return;
        }
        call(c, () -> c.shared.getAvailableTokens()).whenComplete((has, e) -> {
            try {
                if (e != null) {
                    c.nextProbeNanos = System.nanoTime() + ClusterBudgets.PROBE_INTERVAL.toNanos();
                    return;
                }
                budgets.answered();
                synchronized (c) {
                    long spent = c.spentOnShare.getAndSet(0);
                    if (spent > 0) {
                        call(c, () -> c.shared.consumeIgnoringRateLimits(spent)); // what this node spent meanwhile
                    }
                    mirror(c, Math.max(0, has - spent));
                    c.fallback = null;
                }
                LOG.info("venue {}: the cluster's shared {} budget answers again ({} left); spending it again",
                        venue, c.config.name(), has);
            } finally {
                c.probing.set(false);
            }
        });
    }

    private static String describe(Throwable e) {
        Throwable t = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
        return t instanceof java.util.concurrent.TimeoutException ? "no answer within the timeout"
                : t.getClass().getSimpleName() + ": " + t.getMessage();
    }
}
