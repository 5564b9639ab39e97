package io.xgate.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.spi.cluster.RegistrationInfo;
import io.xgate.config.GatewayConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two real clustered Vert.x nodes on Hazelcast: a warm address is answered from memory (the callback runs before
 * {@code getRegistrations} returns, no Hazelcast call), its answer follows the other node's consumers as they come and
 * go, and a publish to it reaches them; an address not warmed goes to Hazelcast as before.
 */
class WarmClusterManagerTest {

    private Vertx a;
    private Vertx b;
    private WarmClusterManager manager;

    @AfterEach
    void close() throws Exception {
        for (Vertx v : new Vertx[] {b, a}) {
            if (v != null) {
                v.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            }
        }
    }

    private static Vertx node(GatewayConfig.Cluster c, WarmClusterManager m) throws Exception {
        return Vertx.builder().with(ClusterConfig.eventBus(new VertxOptions(), c)).withClusterManager(m)
                .buildClustered().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }

    /** The answer and whether it came before the call returned. */
    private record Answer(List<RegistrationInfo> registrations, boolean fromMemory) {
    }

    private Answer ask(String address) throws Exception {
        CompletableFuture<List<RegistrationInfo>> f = new CompletableFuture<>();
        manager.getRegistrations(address, (list, err) -> {
            if (err != null) {
                f.completeExceptionally(err);
            } else {
                f.complete(list);
            }
        });
        boolean memory = f.isDone();
        return new Answer(f.get(30, TimeUnit.SECONDS), memory);
    }

    private Answer until(String address, int registrations) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            Answer x = ask(address);
            if (x.registrations().size() == registrations || System.nanoTime() > deadline) {
                return x;
            }
            Thread.sleep(20);
        }
    }

    @Test
    void aWarmAddressIsAnsweredFromMemoryAndFollowsTheConsumers() throws Exception {
        GatewayConfig.Cluster c = new GatewayConfig.Cluster(true, "xgate-warm-" + UUID.randomUUID(), "127.0.0.1", 0,
                5701, List.of("127.0.0.1"), (Path) null);
        manager = new WarmClusterManager(ClusterConfig.hazelcast(c));
        a = node(c, manager);
        b = node(c, new WarmClusterManager(ClusterConfig.hazelcast(c)));
        String address = "xgate.md.top.binance.BTC-USDT";
        String cold = "xgate.md.top.kraken.BTC-USDT";

        manager.warm(List.of(address));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (manager.warmAddresses() < 1 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(1, manager.warmAddresses());
        Answer empty = ask(address);
        assertTrue(empty.fromMemory(), "a warm address is answered without Hazelcast");
        assertTrue(empty.registrations().isEmpty(), "nobody subscribes yet");
        assertTrue(!ask(cold).fromMemory(), "an address not warmed goes to Hazelcast");

        // B subscribes: A's warm answer follows, from memory, and A's publish reaches B
        CompletableFuture<Object> got = new CompletableFuture<>();
        MessageConsumer<Object> consumer = b.eventBus().consumer(address, m -> got.complete(m.body()));
        consumer.completion().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        Answer one = until(address, 1);
        assertEquals(1, one.registrations().size(), "B's consumer reached A's warm answer");
        assertTrue(one.fromMemory());
        a.eventBus().publish(address, "hello");
        assertEquals("hello", got.get(30, TimeUnit.SECONDS));

        // B goes away: the answer is empty again, still from memory
        consumer.unregister().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        Answer none = until(address, 0);
        assertEquals(0, none.registrations().size(), "B's consumer left A's warm answer");
        assertTrue(none.fromMemory());
    }
}
