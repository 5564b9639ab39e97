package io.xgate.it;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes a gateway configuration for integration tests: three simulated venues (binance and binanceus on the
 * Binance dialect, kraken on Kraken's v2) on free loopback ports, a fast simulated market, and the admin API on a
 * free port.
 */
final class SimConfig {

    static final List<String> VENUES = List.of("binance", "binanceus", "kraken");
    static final int KRAKEN_DEPTH = 10;

    private SimConfig() {
    }

    /**
     * @param extra            more YAML under {@code simulator:} (indented two spaces), e.g. faults
     * @param maxConnectionAge every venue's {@code websocket.maxConnectionAge}
     * @return the gateway file
     */
    static Path write(Path dir, String extra, String maxConnectionAge) throws IOException {
        Files.createDirectories(dir.resolve("venues"));
        Files.writeString(dir.resolve("xgate.yaml"), "name: it\nvenues: [binance, binanceus, kraken]\n"
                + "simulator:\n  enabled: true\n  seed: 7\n  stepInterval: 2ms\n  publishInterval: 2ms\n" + extra
                + "admin: {port: 0}\n"
                + "books: {instances: 2, topDepth: " + KRAKEN_DEPTH + "}\n");
        for (String v : VENUES) {
            int port = freePort();
            boolean kraken = v.equals("kraken");
            Files.writeString(dir.resolve("venues/" + v + ".yaml"), String.join("\n",
                    "id: " + v,
                    "dialect: " + (kraken ? "kraken" : "binance"),
                    "websocket: {url: \"ws://127.0.0.1:" + port + (kraken ? "/v2" : "/stream") + "\", staleAfter: 500ms, "
                            + "reconnectInitialDelay: 50ms, reconnectMaxDelay: 500ms, maxConnectionAge: "
                            + maxConnectionAge + "}",
                    "rest: {url: \"http://127.0.0.1:" + port + "\"}",
                    "bookDepth: " + (kraken ? KRAKEN_DEPTH : 1000),
                    "symbols:",
                    kraken ? "  BTC-USDT: {venueSymbol: BTC/USDT, tickSize: \"0.1\", lotSize: \"0.00000001\"}"
                            : "  BTC-USDT: {venueSymbol: BTCUSDT, tickSize: \"0.01\", lotSize: \"0.00001\"}",
                    kraken ? "  ETH-USDT: {venueSymbol: ETH/USDT, tickSize: \"0.01\", lotSize: \"0.00000001\"}"
                            : "  ETH-USDT: {venueSymbol: ETHUSDT, tickSize: \"0.01\", lotSize: \"0.0001\"}",
                    "fees: {makerBps: 10, takerBps: " + (kraken ? 40 : 10) + "}",
                    // the market runs 50 times faster than a real one, and so may the resyncs the faults cause
                    kraken ? "" : "rateLimits: [{name: REQUEST_WEIGHT, limit: 600000, interval: 1m}]",
                    ""));
        }
        return dir.resolve("xgate.yaml");
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** A book cut to its best {@code depth} levels per side (the view a depth-limited venue serves). */
    static io.xgate.event.BookUpdate top(io.xgate.event.BookUpdate b, int depth) {
        int nb = Math.min(depth, b.bidPrices().length);
        int na = Math.min(depth, b.askPrices().length);
        return new io.xgate.event.BookUpdate(b.venue(), b.symbol(), b.venueSeq(), b.venueTsNanos(),
                b.receiveTsNanos(), b.publishTsNanos(), b.kind(), b.firstSeq(), b.checksum(), b.priceScale(),
                b.sizeScale(), java.util.Arrays.copyOf(b.bidPrices(), nb), java.util.Arrays.copyOf(b.bidSizes(), nb),
                java.util.Arrays.copyOf(b.askPrices(), na), java.util.Arrays.copyOf(b.askSizes(), na));
    }
}
