package io.xgate.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.xgate.Gateway;
import io.xgate.config.ConfigLoader;
import io.xgate.config.GatewayConfig;
import io.xgate.event.Addresses;
import io.xgate.event.BookTop;
import io.xgate.event.BookUpdate;
import io.xgate.event.SyncState;
import io.xgate.event.VenueStatus;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole market-data path on loopback with no faults: the simulator speaks the Binance wire format for two
 * venue instances, the gateway syncs each symbol with snapshot + diff stream, book verticles keep the books.
 * After thousands of updates per symbol the market is frozen; once each book has applied the simulator's last
 * update id, every level of every book must equal the simulator's true book. Waits on events, never on time.
 */
class BinanceFeedIntegrationTest {

    private static final List<String> VENUES = List.of("binance", "binanceus");
    private static final List<String> SYMBOLS = List.of("BTC-USDT", "ETH-USDT");
    private static final int MIN_UPDATES = 2_000;

    @TempDir
    Path dir;

    private Gateway gateway;

    @AfterEach
    void stop() throws Exception {
        if (gateway != null) {
            gateway.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void everyLiveBookEqualsTheSimulatorsTrueBook() throws Exception {
        GatewayConfig config = new ConfigLoader(k -> null).load(writeConfig());
        gateway = Gateway.start(config).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);

        Map<String, long[]> seen = new ConcurrentHashMap<>(); // key -> {updates applied, last seq, live}
        Map<String, List<Object[]>> waiters = new ConcurrentHashMap<>(); // key -> [target seq, promise]
        Promise<Void> enoughUpdates = Promise.promise();
        List<VenueStatus> statuses = new ArrayList<>();
        for (String v : VENUES) {
            gateway.vertx().eventBus().<VenueStatus>consumer(Addresses.status(v), m -> {
                synchronized (statuses) {
                    statuses.add(m.body());
                }
            });
            for (String s : SYMBOLS) {
                String key = v + "/" + s;
                gateway.vertx().eventBus().<BookTop>consumer(Addresses.top(v, s), m -> {
                    BookTop t = m.body();
                    synchronized (seen) {
                        long[] st = seen.computeIfAbsent(key, k -> new long[3]);
                        if (t.syncState() == SyncState.LIVE) {
                            st[0] += t.updates();
                            st[2] = 1;
                        }
                        st[1] = t.venueSeq();
                        if (seen.size() == VENUES.size() * SYMBOLS.size()
                                && seen.values().stream().allMatch(x -> x[0] >= MIN_UPDATES && x[2] == 1)) {
                            enoughUpdates.tryComplete();
                        }
                        for (Object[] w : waiters.getOrDefault(key, List.of())) {
                            if (t.venueSeq() >= (long) w[0] && t.syncState() == SyncState.LIVE) {
                                @SuppressWarnings("unchecked")
                                Promise<Void> p = (Promise<Void>) w[1];
                                p.tryComplete();
                            }
                        }
                    }
                });
            }
        }
        enoughUpdates.future().toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
        gateway.simulator().freeze().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);

        for (String v : VENUES) {
            for (String s : SYMBOLS) {
                String key = v + "/" + s;
                BookUpdate truth = await(gateway.simulator().trueBook(v, s));
                Promise<Void> caughtUp = Promise.promise();
                synchronized (seen) {
                    waiters.computeIfAbsent(key, k -> new ArrayList<>()).add(new Object[] {truth.venueSeq(), caughtUp});
                    if (seen.get(key)[1] >= truth.venueSeq()) {
                        caughtUp.tryComplete();
                    }
                }
                await(caughtUp.future());
                BookUpdate ours = (BookUpdate) await(gateway.vertx().eventBus()
                        .request(Addresses.bookQuery(v, s), "")).body();
                assertEquals(truth.venueSeq(), ours.venueSeq(), key + " last update id");
                assertTrue(truth.bidPrices().length > 10 && truth.askPrices().length > 10, key + " book too thin");
                assertArrayEquals(truth.bidPrices(), ours.bidPrices(), key + " bid prices");
                assertArrayEquals(truth.bidSizes(), ours.bidSizes(), key + " bid sizes");
                assertArrayEquals(truth.askPrices(), ours.askPrices(), key + " ask prices");
                assertArrayEquals(truth.askSizes(), ours.askSizes(), key + " ask sizes");
            }
            assertEquals(2L, await(gateway.simulator().snapshotRequests(v)), v + ": one snapshot per symbol, no resync");
        }
        synchronized (statuses) {
            assertTrue(statuses.stream().flatMap(st -> st.symbols().stream()).allMatch(ss -> ss.resyncs() == 0),
                    "no fault was injected, so no symbol may have resynced");
        }
    }

    private static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    private Path writeConfig() throws IOException {
        Files.createDirectories(dir.resolve("venues"));
        StringBuilder g = new StringBuilder("name: it\nvenues: [binance, binanceus]\n")
                .append("simulator: {enabled: true, seed: 7, stepInterval: 2ms, publishInterval: 2ms}\n")
                .append("books: {instances: 2, topDepth: 10}\n");
        Files.writeString(dir.resolve("xgate.yaml"), g);
        for (String v : VENUES) {
            int port = freePort();
            Files.writeString(dir.resolve("venues/" + v + ".yaml"), String.join("\n",
                    "id: " + v, "dialect: binance",
                    "websocket: {url: \"ws://127.0.0.1:" + port + "/stream\"}",
                    "rest: {url: \"http://127.0.0.1:" + port + "\"}",
                    "bookDepth: 1000",
                    "symbols:",
                    "  BTC-USDT: {venueSymbol: BTCUSDT, tickSize: \"0.01\", lotSize: \"0.00001\"}",
                    "  ETH-USDT: {venueSymbol: ETHUSDT, tickSize: \"0.01\", lotSize: \"0.0001\"}", ""));
        }
        return dir.resolve("xgate.yaml");
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
