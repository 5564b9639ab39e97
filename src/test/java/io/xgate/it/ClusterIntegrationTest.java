package io.xgate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import io.xgate.Gateway;
import io.xgate.cluster.ClusterConfig;
import io.xgate.config.ConfigLoader;
import io.xgate.config.GatewayConfig;
import io.xgate.event.Addresses;
import io.xgate.event.BookTop;
import io.xgate.event.EventCodec;
import io.xgate.event.EventMessageCodec;
import io.xgate.event.Opportunity;
import io.xgate.event.SyncState;
import io.xgate.event.VenueStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two nodes of a real Hazelcast cluster on loopback: node A runs the simulator, the venues, the books and
 * arbitrage; node B is a bare clustered Vert.x with xgate's codec, as a strategy in another JVM would be. B
 * receives A's venue status, BookTops and opportunities, decoded from msgpack; A's book updates, the hot path,
 * never leave A. Waits on events, never on time.
 */
class ClusterIntegrationTest {

    @TempDir
    Path dir;

    private Gateway a;
    private Vertx b;

    @AfterEach
    void stop() throws Exception {
        if (b != null) {
            await(b.close());
        }
        if (a != null) {
            await(a.stop());
        }
    }

    @Test
    void anotherNodeReceivesTopsStatusAndOpportunitiesButNotTheHotPath() throws Exception {
        String cluster = "xgate-it-" + UUID.randomUUID();
        Path conf = SimConfig.write(dir, "", "23h");
        Files.writeString(conf, Files.readString(conf) + "cluster: {enabled: true, name: " + cluster
                + ", host: 127.0.0.1, port: 0}\n");
        GatewayConfig config = new ConfigLoader(k -> null).load(conf);
        a = await(Gateway.start(config));

        b = await(Vertx.builder().with(ClusterConfig.eventBus(new VertxOptions(), config.cluster()))
                .withClusterManager(new HazelcastClusterManager(ClusterConfig.hazelcast(config.cluster())))
                .buildClustered());
        EventMessageCodec.register(b.eventBus(), new EventCodec(2048, EventCodec.DEFAULT_MAX_BODY));

        AtomicInteger remoteBookUpdates = new AtomicInteger();
        AtomicInteger liveTops = new AtomicInteger();
        Promise<Void> manyTops = Promise.promise();
        Promise<Void> krakenLive = Promise.promise();
        Promise<Opportunity> opened = Promise.promise();
        await(Future.all(
                b.eventBus().consumer(Addresses.book("binance", "BTC-USDT"), m -> remoteBookUpdates.incrementAndGet())
                        .completion(),
                b.eventBus().<BookTop>consumer(Addresses.top("binance", "BTC-USDT"), m -> {
                    if (m.body().syncState() == SyncState.LIVE && m.body().bidPrices().length > 0
                            && liveTops.incrementAndGet() == 50) {
                        manyTops.tryComplete();
                    }
                }).completion(),
                b.eventBus().<VenueStatus>consumer(Addresses.status("kraken"), m -> {
                    if (m.body().symbols().stream().allMatch(s -> s.state() == SyncState.LIVE)) {
                        krakenLive.tryComplete();
                    }
                }).completion(),
                b.eventBus().<Opportunity>consumer(Addresses.OPPORTUNITY, m -> {
                    if (m.body().phase() == Opportunity.Phase.OPEN && m.body().sellVenue().equals("binance")) {
                        opened.tryComplete(m.body());
                    }
                }).completion()));

        await(manyTops.future());
        a.simulator().dislocate("binance", "BTC-USDT", 60, Duration.ofSeconds(3));
        Opportunity o = await(opened.future());
        assertEquals("BTC-USDT", o.symbol());
        assertTrue(o.netEdgeBps() > 0, o.toString());
        assertEquals(0, remoteBookUpdates.get(), "book updates are published local-only: the hot path stays on A");
        // venue status is published cluster-wide (a change after B joined, or the next one)
        a.vertx().eventBus().send(Addresses.resync("kraken"), "ETH-USDT");
        await(krakenLive.future());
    }

    private static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(90, TimeUnit.SECONDS);
    }
}
