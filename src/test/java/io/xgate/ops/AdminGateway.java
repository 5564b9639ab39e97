package io.xgate.ops;

import io.xgate.Gateway;
import io.xgate.config.ConfigLoader;
import io.xgate.config.GatewayConfig;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A gateway for the admin API's tests: one simulated Binance-dialect venue ({@code binance}, BTC-USDT and
 * ETH-USDT) on a free loopback port, the admin API on a free port with the given extra {@code admin} keys.
 */
final class AdminGateway {

    private AdminGateway() {
    }

    /**
     * @param admin  extra keys of the {@code admin} section, e.g. {@code "headerTimeout: 1s, "}
     * @param top    extra top-level YAML lines (e.g. {@code "eventLoops: 1\n"})
     * @param env    the environment secrets are read from
     */
    static GatewayConfig config(Path dir, String admin, String top, Function<String, String> env) throws IOException {
        Files.createDirectories(dir.resolve("venues"));
        Files.writeString(dir.resolve("xgate.yaml"), "name: admin-test\nvenues: [binance]\n" + top
                + "simulator: {enabled: true, seed: 11, stepInterval: 5ms, publishInterval: 5ms}\n"
                + "admin: {" + admin + "port: 0}\n"
                + "arbitrage: {enabled: false}\n");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Files.writeString(dir.resolve("venues/binance.yaml"), String.join("\n",
                "id: binance",
                "dialect: binance",
                "websocket: {url: \"ws://127.0.0.1:" + port + "/stream\"}",
                "rest: {url: \"http://127.0.0.1:" + port + "\"}",
                "bookDepth: 1000",
                "symbols:",
                "  BTC-USDT: {venueSymbol: BTCUSDT, tickSize: \"0.01\", lotSize: \"0.00001\"}",
                "  ETH-USDT: {venueSymbol: ETHUSDT, tickSize: \"0.01\", lotSize: \"0.0001\"}",
                "fees: {makerBps: 10, takerBps: 10}",
                "rateLimits: [{name: REQUEST_WEIGHT, limit: 600000, interval: 1m}]",
                ""));
        return new ConfigLoader(env).load(dir.resolve("xgate.yaml"));
    }

    static Gateway start(GatewayConfig config) throws Exception {
        return Gateway.start(config).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    static void stop(Gateway g) throws Exception {
        if (g != null) {
            g.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    /** Waits until {@code /health/ready} answers 200 (every venue connected, a symbol LIVE). */
    static void awaitReady(Gateway g) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            RawHttp.Response r = RawHttp.exchange(g.adminPort(), "GET /health/ready HTTP/1.1\r\nHost: x\r\n"
                    + "Connection: close\r\n\r\n");
            if (r.status() == 200) {
                return;
            }
            Thread.sleep(50); // polling an HTTP endpoint: there is no event to wait on from outside
        }
        throw new AssertionError("the gateway did not become ready within 30 s");
    }
}
