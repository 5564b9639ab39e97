package io.xgate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Promise;
import io.xgate.Gateway;
import io.xgate.config.ConfigLoader;
import io.xgate.event.Addresses;
import io.xgate.event.SyncState;
import io.xgate.event.VenueStatus;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The REST limiter holds requests back before the venue would: with {@code REQUEST_WEIGHT} at 16 (per day, so
 * that nothing refills during the test), the clock's first round (4 server-time requests of weight 1) and the two
 * start-up snapshots (weight 5 each at limit 100) fit; a resync's third snapshot does not, so it is refused locally
 * with a reason in the venue status, and the simulated venue never counts more than 16.
 */
class RestLimitIntegrationTest {

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
    void theLimitIsRespectedBeforeTheVenueEnforcesIt() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Files.createDirectories(dir.resolve("venues"));
        Files.writeString(dir.resolve("xgate.yaml"), "venues: [binance]\nsimulator: {enabled: true}\nadmin: {port: 0}\n");
        Files.writeString(dir.resolve("venues/binance.yaml"), String.join("\n", "id: binance", "dialect: binance",
                "websocket: {url: \"ws://127.0.0.1:" + port + "/stream\"}",
                "rest: {url: \"http://127.0.0.1:" + port + "\", requestTimeout: 2s}",
                "bookDepth: 100",
                "rateLimits: [{name: REQUEST_WEIGHT, limit: 16, interval: 1d}]",
                "symbols:",
                "  BTC-USDT: {venueSymbol: BTCUSDT, tickSize: \"0.01\", lotSize: \"0.00001\"}",
                "  ETH-USDT: {venueSymbol: ETHUSDT, tickSize: \"0.01\", lotSize: \"0.0001\"}", ""));
        gateway = Gateway.start(new ConfigLoader(k -> null).load(dir.resolve("xgate.yaml")))
                .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);

        Promise<Void> bothLive = Promise.promise();
        Promise<VenueStatus> refused = Promise.promise();
        gateway.vertx().eventBus().<VenueStatus>consumer(Addresses.status("binance"), m -> {
            VenueStatus st = m.body();
            if (st.symbols().stream().allMatch(ss -> ss.state() == SyncState.LIVE)) {
                bothLive.tryComplete();
            }
            if (st.symbols().stream().anyMatch(ss -> ss.reason().contains("REQUEST_WEIGHT limit has"))) {
                refused.tryComplete(st);
            }
        }).completion().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        bothLive.future().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);

        gateway.vertx().eventBus().send(Addresses.resync("binance"), "ETH-USDT");
        VenueStatus st = refused.future().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        String reason = st.symbols().stream().filter(ss -> ss.symbol().equals("ETH-USDT")).findFirst().get().reason();
        // 16 - 10 (two snapshots) - the clock's samples so far (its round of 4 may still be under way): 2 to 5 left
        java.util.regex.Matcher left = java.util.regex.Pattern.compile("has (\\d+) unit\\(s\\) left, it needs 5")
                .matcher(reason);
        assertTrue(left.find() && Integer.parseInt(left.group(1)) >= 2 && Integer.parseInt(left.group(1)) < 5, reason);
        assertEquals(2L, gateway.simulator().snapshotRequests("binance").toCompletionStage().toCompletableFuture()
                .get(10, TimeUnit.SECONDS), "the third snapshot must not have been sent");
        long used = gateway.simulator().usedWeight("binance").toCompletionStage().toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
        assertTrue(used <= 16, "the venue counted " + used + " weight, over the configured 16");
    }
}
