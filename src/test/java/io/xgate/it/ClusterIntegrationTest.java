package io.xgate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

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

    /**
     * Node roles and failover, as in the Kubernetes topology: node A runs the simulator, the venues and the books;
     * node B runs only arbitrage and the admin API, and a {@code xgate tail} process follows opportunities. B finds
     * an opportunity from A's books and tail prints it; when A stops, B's readiness says the venues are lost; when A
     * returns, B is ready again.
     */
    @Test
    void anArbitrageOnlyNodeFollowsTheVenueNodeThroughItsDeparture() throws Exception {
        String cluster = "xgate-it-" + UUID.randomUUID();
        Path aConf = SimConfig.write(dir, "", "23h");
        String clusterYaml = "cluster: {enabled: true, name: " + cluster + ", host: 127.0.0.1, port: 0}\n";
        String base = Files.readString(aConf);
        Files.writeString(aConf, base + clusterYaml + "arbitrage: {enabled: false}\n");
        Path bConf = dir.resolve("b.yaml");
        Files.writeString(bConf, base.replace("  enabled: true\n", "  enabled: false\n") + clusterYaml
                + "node: {venues: []}\n");
        GatewayConfig aConfig = new ConfigLoader(k -> null).load(aConf);
        GatewayConfig bConfig = new ConfigLoader(k -> null).load(bConf);
        assertTrue(bConfig.localVenues().isEmpty());
        a = await(Gateway.start(aConfig));
        Gateway nodeB = await(Gateway.start(bConfig));
        Process tail = null;
        try {
            Promise<Opportunity> opened = Promise.promise();
            await(nodeB.vertx().eventBus().<Opportunity>consumer(Addresses.OPPORTUNITY, m -> {
                if (m.body().phase() == Opportunity.Phase.OPEN && m.body().sellVenue().equals("binance")) {
                    opened.tryComplete(m.body());
                }
            }).completion());
            Path javaBin = Path.of(System.getProperty("java.home"), "bin", "java");
            tail = new ProcessBuilder(javaBin.toString(), "-cp", System.getProperty("java.class.path"), "io.xgate.App",
                    "tail", "xgate.arb.opportunity", "--config", bConf.toString()).start();
            java.util.concurrent.BlockingQueue<String> lines = new java.util.concurrent.LinkedBlockingQueue<>();
            Process t = tail;
            Thread reader = new Thread(() -> {
                try (java.io.BufferedReader r = new java.io.BufferedReader(new java.io.InputStreamReader(
                        t.getInputStream(), java.nio.charset.StandardCharsets.UTF_8))) {
                    for (String line; (line = r.readLine()) != null; ) {
                        lines.add(line);
                    }
                } catch (java.io.IOException ignored) {
                    // the process ended
                }
            });
            reader.setDaemon(true);
            reader.start();
            java.io.BufferedReader err = new java.io.BufferedReader(new java.io.InputStreamReader(t.getErrorStream(),
                    java.nio.charset.StandardCharsets.UTF_8));
            for (String line = err.readLine(); ; line = err.readLine()) {
                assertTrue(line != null, "tail ended before following its addresses");
                if (line.startsWith("xgate tail: following")) {
                    break;
                }
            }
            awaitReady(nodeB, 200);
            a.simulator().dislocate("binance", "BTC-USDT", 60, Duration.ofSeconds(3));
            Opportunity o = await(opened.future());
            assertEquals("binance", o.sellVenue());
            String line = lines.poll(60, TimeUnit.SECONDS);
            assertTrue(line != null && line.startsWith("{\"type\":\"OPPORTUNITY\"") && line.contains("\"phase\":\"OPEN\""),
                    "tail printed: " + line);

            await(a.stop());
            a = null;
            String down = awaitReady(nodeB, 503);
            assertTrue(down.contains("binance: no status for") && down.contains("its node may be gone"), down);

            a = await(Gateway.start(aConfig));
            awaitReady(nodeB, 200);
        } finally {
            if (tail != null) {
                tail.destroyForcibly();
            }
            await(nodeB.stop());
        }
    }

    /**
     * Polls a node's readiness until it answers {@code status}; returns the body. A poll, not an event: "LOST" is
     * defined by elapsed silence (no venue status for 6 s), so there is no event to wait for, and readiness is the
     * admin verticle's own state, reached after the status events this test could see.
     */
    private static String awaitReady(Gateway g, int status) throws Exception {
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        long start = System.nanoTime();
        long until = start + TimeUnit.SECONDS.toNanos(60);
        // each answer that differs from the one before, with when: a failure shows how readiness moved, not only
        // where it ended (a status that came late and then stopped, or never came)
        java.util.List<String> changes = new java.util.ArrayList<>();
        String previous = null;
        while (true) {
            java.net.http.HttpResponse<String> r = http.send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://127.0.0.1:" + g.adminPort() + "/health/ready")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == status) {
                return r.body();
            }
            String seen = r.statusCode() + " " + r.body().replaceAll("\\d+ ms", "# ms");
            if (!seen.equals(previous)) {
                changes.add("+" + (System.nanoTime() - start) / 1_000_000 + " ms: " + r.statusCode() + " " + r.body());
                previous = seen;
            }
            if (System.nanoTime() >= until) {
                fail("readiness stayed " + r.statusCode() + ": " + r.body() + "\nits answers as they changed: "
                        + String.join("\n", changes.subList(Math.max(0, changes.size() - 12), changes.size())));
            }
            Thread.sleep(100);
        }
    }

    private static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(90, TimeUnit.SECONDS);
    }
}
