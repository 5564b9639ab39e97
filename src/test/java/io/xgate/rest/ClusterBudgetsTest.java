package io.xgate.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.github.bucket4j.distributed.AsyncBucketProxy;
import io.github.bucket4j.grid.hazelcast.HazelcastProxyManager;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.xgate.cluster.ClusterConfig;
import io.xgate.config.VenueConfig;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cluster-scoped limit classes against a real Hazelcast cluster of two members on loopback (in this JVM): one
 * budget for both, reconciled from either; a store that stops answering sends a class to its local share
 * ({@code limit / nodes last seen}), logged and on the gauge, and back to the shared bucket once it answers.
 */
class ClusterBudgetsTest {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterBudgetsTest.class);
    private static final String W = "REQUEST_WEIGHT";

    private HazelcastInstance a;
    private HazelcastInstance b;

    @AfterEach
    void stop() {
        if (a != null) {
            a.getLifecycleService().terminate();
        }
        if (b != null) {
            b.getLifecycleService().terminate();
        }
    }

    private static VenueConfig venue(VenueConfig.RateLimit.Scope scope, long limit) {
        Duration s = Duration.ofSeconds(1);
        return new VenueConfig(Path.of("x.yaml"), "binance", "binance",
                new VenueConfig.WebSocket(URI.create("ws://127.0.0.1:1/stream"), s, s, s, s, s, s, 0.2, 1 << 20),
                new VenueConfig.Rest(URI.create("http://127.0.0.1:1"), 1, s, s, s, 1), 100, Map.of(),
                new VenueConfig.Fees(10, 10), List.of(new VenueConfig.RateLimit(W, limit, Duration.ofDays(1), scope),
                        new VenueConfig.RateLimit("ORDERS", 10, Duration.ofSeconds(1))), Map.of(), null);
    }

    /** A Hazelcast member as {@link ClusterConfig} configures it, on loopback with a unique cluster name. */
    private static HazelcastInstance member(String cluster, int port) {
        Config config = new Config().setClusterName(cluster);
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.logging.type", "slf4j");
        config.setProperty("hazelcast.wait.seconds.before.join", "0");
        config.getNetworkConfig().setPort(port).setPortAutoIncrement(true);
        config.getNetworkConfig().getInterfaces().setEnabled(true).addInterface("127.0.0.1");
        JoinConfig join = config.getNetworkConfig().getJoin();
        join.getAutoDetectionConfig().setEnabled(false);
        join.getMulticastConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).setMembers(List.of("127.0.0.1:" + port, "127.0.0.1:" + (port + 1)));
        config.getMapConfig(ClusterBudgets.MAP).setBackupCount(1);
        HazelcastProxyManager.addCustomSerializers(config.getSerializationConfig(), ClusterConfig.BUCKET4J_TYPE_ID_BASE);
        return Hazelcast.newHazelcastInstance(config);
    }

    private void cluster() throws Exception {
        String name = "xgate-budget-" + UUID.randomUUID();
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        a = member(name, port);
        b = member(name, port);
        assertEquals(2, a.getCluster().getMembers().size());
    }

    private static long take(RateLimiter l, long cost) throws Exception {
        return l.acquire(W, cost).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void twoNodesDrawOnOneBudgetAndEitherReconcilesIt() throws Exception {
        cluster();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        RateLimiter onA = new RateLimiter(venue(VenueConfig.RateLimit.Scope.CLUSTER, 100),
                ClusterBudgets.hazelcast(a, registry));
        RateLimiter onB = new RateLimiter(venue(VenueConfig.RateLimit.Scope.CLUSTER, 100),
                ClusterBudgets.hazelcast(b, null));
        assertTrue(onA.shared(W) && onA.clusterScoped(W));
        assertFalse(onA.clusterScoped("ORDERS"), "order classes stay each node's own");

        assertEquals(0, take(onA, 60));
        assertTrue(take(onB, 60) > 0, "B sees what A spent");
        assertEquals(0, take(onB, 40));
        assertTrue(take(onA, 1) > 0, "the one budget is spent");
        assertEquals(0, onB.available(W), "the mirror learned it");

        // the venue counted less than we did (a day's limit: nothing refills) never gives anything back...
        onA.reconcile(W, 10);
        assertTrue(take(onB, 1) > 0);
        onA.refund(W, 30);
        // the refund travels to the bucket's member on its own: B's take may reach it first, and then takes nothing
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (take(onB, 30) != 0) {
            assertTrue(System.nanoTime() < deadline, "a refund on one node is there for the other");
            Thread.sleep(5);
        }

        // ...and a venue that counted more than we spent (another client on the IP) takes it from both
        RateLimiter c = new RateLimiter(venueNamed("okx", 1000), ClusterBudgets.hazelcast(a, null));
        RateLimiter d = new RateLimiter(venueNamed("okx", 1000), ClusterBudgets.hazelcast(b, null));
        assertEquals(0, take(c, 100));
        c.reconcile(W, 900); // the mirror says 900 left, the venue 100: the shared bucket gives up 800
        AsyncBucketProxy okx = ClusterBudgets.hazelcast(b, null).bucket("okx", W, io.github.bucket4j.BucketConfiguration
                .builder().addLimit(l -> l.capacity(1000).refillGreedy(1000, Duration.ofDays(1))).build());
        awaitTrue(() -> okx.getAvailableTokens().get(10, TimeUnit.SECONDS) <= 100, "the venue's count reached the "
                + "shared bucket"); // (asynchronously: a read, so that waiting takes nothing)
        assertTrue(take(d, 101) > 0, "d sees the venue's count");
        assertEquals(0, take(d, 100));

        assertEquals(1.0, registry.get("xgate.rate.budget.shared").tag("venue", "binance").tag("class", W).gauge()
                .value());

        // the cost of one call on the shared bucket, on loopback (a member owns half the partitions: half local)
        RateLimiter e = new RateLimiter(venueNamed("bybit", 1_000_000_000L), ClusterBudgets.hazelcast(a, null));
        int n = 2_000;
        for (int i = 0; i < 200; i++) {
            take(e, 1);
        }
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            take(e, 1);
        }
        long perCall = (System.nanoTime() - t0) / n;
        LOG.info("one tryConsume on the shared bucket (Hazelcast on loopback, 2 members): {} us", perCall / 1_000);
        assertTrue(perCall < TimeUnit.MILLISECONDS.toNanos(50), perCall + " ns per call");
    }

    private static VenueConfig venueNamed(String id, long limit) {
        VenueConfig v = venue(VenueConfig.RateLimit.Scope.CLUSTER, limit);
        return new VenueConfig(v.file(), id, v.dialect(), v.websocket(), v.rest(), v.bookDepth(), v.instruments(),
                v.fees(), v.rateLimits(), v.endpointWeights(), v.credentials());
    }

    @Test
    void anUnreachableStoreMeansALocalShareLoggedAndOnTheGaugeUntilItAnswersAgain() throws Exception {
        cluster();
        AtomicBoolean down = new AtomicBoolean();
        AtomicReference<ClusterBudgets> real = new AtomicReference<>(ClusterBudgets.hazelcast(a, null));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        // the real shared bucket, behind a switch: while down, every call hangs (the timeout's path)
        ClusterBudgets budgets = new ClusterBudgets((key, config) -> {
            AsyncBucketProxy bucket = real.get().bucket(key.substring(0, key.indexOf('/')),
                    key.substring(key.indexOf('/') + 1), config);
            return (AsyncBucketProxy) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {AsyncBucketProxy.class}, (proxy, method, args) -> {
                        if (down.get() && method.getReturnType() == CompletableFuture.class) {
                            return new CompletableFuture<>();
                        }
                        return method.invoke(bucket, args);
                    });
        }, () -> a.getCluster().getMembers().size(), Duration.ofMillis(200), registry);
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        ch.qos.logback.classic.Logger log = ((LoggerContext) LoggerFactory.getILoggerFactory())
                .getLogger(RateLimiter.class);
        log.addAppender(logs);
        try {
            RateLimiter l = new RateLimiter(venue(VenueConfig.RateLimit.Scope.CLUSTER, 100), budgets);
            RateLimiter other = new RateLimiter(venue(VenueConfig.RateLimit.Scope.CLUSTER, 100),
                    ClusterBudgets.hazelcast(b, null));
            assertEquals(0, take(l, 10)); // the store answers: 2 nodes seen
            down.set(true);
            assertEquals(0, take(l, 10), "no answer within 200 ms: taken from the local share");
            assertFalse(l.shared(W));
            assertEquals(50, l.capacity(W), "limit / nodes last seen");
            assertEquals(0.0, registry.get("xgate.rate.budget.shared").tag("class", W).gauge().value());
            assertEquals(0, take(l, 35));
            assertTrue(take(l, 10) > 0, "the share is spent: 10 + 35 of its 50 (it began at 50)");
            assertEquals(Long.MAX_VALUE, take(l, 51), "more than the share can never pass while on it");
            List<ILoggingEvent> warns = logs.list.stream().filter(e -> e.getLevel() == ch.qos.logback.classic.Level.WARN)
                    .toList();
            assertEquals(1, warns.size(), "one WARN per transition: " + warns);
            String warn = warns.get(0).getFormattedMessage();
            assertTrue(warn.contains("venue binance") && warn.contains("REQUEST_WEIGHT") && warn.contains("local share of 50")
                    && warn.contains("2 node(s) last seen"), warn);

            down.set(false);
            awaitTrue(() -> {
                take(l, 0);
                l.tryAcquire(W, 1_000); // over the share: takes nothing, but asks the store (once a second)
                return l.shared(W);
            }, "back on the shared bucket");
            assertTrue(logs.list.stream().anyMatch(e -> e.getFormattedMessage().contains("answers again")));
            assertEquals(1.0, registry.get("xgate.rate.budget.shared").tag("class", W).gauge().value());
            // what it spent on its share (45) was taken from the shared bucket: 100 - 10 - 45 = 45 left
            awaitTrue(() -> other.waitNanos(W, 1) >= 0 && take(other, 46) > 0, "the share's spending counted");
            assertEquals(0, take(other, 45));
        } finally {
            log.detachAppender(logs);
        }
    }

    @Test
    void aMemberThatIsGoneFallsBackAtOnce() throws Exception {
        cluster();
        ClusterBudgets budgets = ClusterBudgets.hazelcast(a, null);
        RateLimiter l = new RateLimiter(venue(VenueConfig.RateLimit.Scope.CLUSTER, 90), budgets);
        assertEquals(0, take(l, 1));
        // the store's answer is counted with the members there then, after the take returned: wait for it, or a
        // terminated instance counts itself alone
        awaitTrue(() -> budgets.nodesLastSeen() == 2, "the store answered with both members there");
        a.getLifecycleService().terminate(); // the store is gone from under this node
        a = null;
        assertEquals(0, take(l, 1));
        assertFalse(l.shared(W));
        assertEquals(45, l.capacity(W));
    }

    @Test
    void notClusteredOrNodeScopedIsLocalAsBefore() throws Exception {
        RateLimiter l = new RateLimiter(venue(VenueConfig.RateLimit.Scope.CLUSTER, 100), ClusterBudgets.hazelcast(null,
                null));
        assertFalse(l.clusterScoped(W));
        assertEquals(0, take(l, 100));
        assertTrue(take(l, 1) > 0);
        cluster();
        RateLimiter n = new RateLimiter(venue(VenueConfig.RateLimit.Scope.NODE, 100), ClusterBudgets.hazelcast(a, null));
        RateLimiter m = new RateLimiter(venue(VenueConfig.RateLimit.Scope.NODE, 100), ClusterBudgets.hazelcast(b, null));
        assertFalse(n.clusterScoped(W));
        assertEquals(0, take(n, 100));
        assertEquals(0, take(m, 100), "node scope: each node its own budget");
    }

    @FunctionalInterface
    private interface Check {
        boolean ok() throws Exception;
    }

    private static void awaitTrue(Check c, String what) throws Exception {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!c.ok()) {
            assertTrue(System.nanoTime() < until, what);
            Thread.sleep(20);
        }
    }
}
