package io.xgate.rest;

import com.hazelcast.core.HazelcastInstance;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.distributed.AsyncBucketProxy;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.AsyncProxyManager;
import io.github.bucket4j.grid.hazelcast.Bucket4jHazelcast;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.function.BiFunction;
import java.util.function.IntSupplier;
import java.util.function.ToDoubleFunction;

/**
 * Where the cluster-scoped limit classes ({@code scope: cluster}) keep their one budget: Bucket4j buckets in the
 * Hazelcast map {@value #MAP} of this node's cluster, keyed {@code venue/class}, so that every node of the cluster
 * (a leader, its standbys, any other node behind the same IP) draws on one bucket per venue and class. Each call is
 * asynchronous (Bucket4j's async proxy: a Hazelcast entry processor on the key's owner) and bounded by
 * {@link #timeout()}; past it, or on any failure, the limiter falls back to a local share
 * ({@link RateLimiter}).
 *
 * <p>Also counts the cluster's members while the store answers: the share of a fallback is the limit divided by
 * the nodes last seen. Thread-safe.
 */
public final class ClusterBudgets {

    /** The Hazelcast map of the shared buckets. */
    public static final String MAP = "xgate.budget";
    /** How long one call on the shared bucket may take before the limiter falls back to its local share. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(500);
    /** How often, while on its local share, a limit class asks whether the store answers again. */
    public static final Duration PROBE_INTERVAL = Duration.ofSeconds(1);

    private final BiFunction<String, BucketConfiguration, AsyncBucketProxy> buckets;
    private final IntSupplier members;
    private final Duration timeout;
    private final MeterRegistry registry;
    private volatile int nodesLastSeen = 1;

    /**
     * @param buckets  the shared bucket of a key ({@code venue/class}), created with the configuration if absent
     * @param members  the cluster's member count now (read after each answer of the store)
     * @param timeout  the bound of one call on a shared bucket
     * @param registry where the {@code xgate.rate.budget.shared} gauges go, or {@code null}
     */
    public ClusterBudgets(BiFunction<String, BucketConfiguration, AsyncBucketProxy> buckets, IntSupplier members,
                          Duration timeout, MeterRegistry registry) {
        this.buckets = buckets;
        this.members = members;
        this.timeout = timeout;
        this.registry = registry;
    }

    /**
     * The budgets of a clustered node, in its Hazelcast instance's map {@value #MAP}; {@code null} if the node is
     * not clustered ({@code hazelcast} is {@code null}): then every class keeps a local bucket, as without scopes.
     * An idle entry expires once its bucket would be full again.
     */
    public static ClusterBudgets hazelcast(HazelcastInstance hazelcast, MeterRegistry registry) {
        if (hazelcast == null) {
            return null;
        }
        AsyncProxyManager<String> proxies = Bucket4jHazelcast.<String>entryProcessorBasedBuilder(hazelcast.getMap(MAP))
                .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(
                        Duration.ofSeconds(10)))
                .build().asAsync();
        return new ClusterBudgets((key, config) -> proxies.builder().build(key, config),
                () -> hazelcast.getCluster().getMembers().size(), DEFAULT_TIMEOUT, registry);
    }

    /** The shared bucket of a venue's limit class. */
    AsyncBucketProxy bucket(String venue, String limitClass, BucketConfiguration config) {
        return buckets.apply(venue + '/' + limitClass, config);
    }

    /** The bound of one call on a shared bucket. */
    public Duration timeout() {
        return timeout;
    }

    /** The store answered: remember how many nodes the cluster has (the divisor of a later fallback). */
    void answered() {
        try {
            nodesLastSeen = Math.max(1, members.getAsInt());
        } catch (RuntimeException e) {
            // the member list is not there (the instance is going down): keep the last count
        }
    }

    /** The cluster's member count when the store last answered (1 before it ever did). */
    public int nodesLastSeen() {
        return nodesLastSeen;
    }

    /** Registers {@code xgate.rate.budget.shared{venue,class}}: 1 while the class draws on the shared bucket. */
    <T> void gauge(String venue, String limitClass, T owner, ToDoubleFunction<T> shared) {
        if (registry != null) {
            Gauge.builder("xgate.rate.budget.shared", owner, shared)
                    .description("1 while a cluster-scoped limit class draws on the cluster's shared budget, 0 while "
                            + "on its local share (the store unreachable)")
                    .tag("venue", venue).tag("class", limitClass).register(registry);
        }
    }
}
