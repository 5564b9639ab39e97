package io.xgate.cli;

import io.vertx.core.Future;
import io.xgate.Gateway;
import io.xgate.config.ConfigLoader;
import io.xgate.config.GatewayConfig;
import io.xgate.event.Addresses;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * One short real recording shared by the export tests: the gateway on the simulator (binance on the Binance dialect,
 * kraken on Kraken's v2 with a book depth of 10 and bad checksums, so that books are truncated and restart from
 * mid-stream snapshots), the journal on; recorded until kraken resynced on checksums a few times and both venues
 * published enough trades, then the gateway is stopped (which closes the journal).
 */
final class ExportRecording {

    static final int KRAKEN_DEPTH = 10;
    private static Path journal;

    private ExportRecording() {
    }

    /** The recording's journal directory (recorded once per JVM). */
    static synchronized Path journal() throws Exception {
        if (journal == null) {
            Path dir = Files.createTempDirectory("xgate-export-test");
            journal = record(dir);
        }
        return journal;
    }

    private static Path record(Path dir) throws Exception {
        Files.createDirectories(dir.resolve("venues"));
        Path j = dir.resolve("journal");
        Files.writeString(dir.resolve("xgate.yaml"), "name: export-test\nvenues: [binance, kraken]\n"
                + "simulator:\n  enabled: true\n  seed: 7\n  stepInterval: 2ms\n  publishInterval: 2ms\n"
                + "  faults:\n    kraken: {badChecksumRate: 0.01}\n"
                + "admin: {port: 0}\n"
                + "books: {instances: 2, topDepth: " + KRAKEN_DEPTH + "}\n"
                + "journal: {enabled: true, dir: \"" + j + "\", events: [BOOK_TOP, TRADE]}\n");
        for (String v : new String[] {"binance", "kraken"}) {
            int port = freePort();
            boolean kraken = v.equals("kraken");
            Files.writeString(dir.resolve("venues/" + v + ".yaml"), String.join("\n",
                    "id: " + v,
                    "dialect: " + (kraken ? "kraken" : "binance"),
                    "websocket: {url: \"ws://127.0.0.1:" + port + (kraken ? "/v2" : "/stream") + "\", staleAfter: "
                            + "500ms, reconnectInitialDelay: 50ms, reconnectMaxDelay: 500ms}",
                    "rest: {url: \"http://127.0.0.1:" + port + "\"}",
                    "bookDepth: " + (kraken ? KRAKEN_DEPTH : 1000),
                    "symbols:",
                    kraken ? "  BTC-USDT: {venueSymbol: BTC/USDT, tickSize: \"0.1\", lotSize: \"0.00000001\"}"
                            : "  BTC-USDT: {venueSymbol: BTCUSDT, tickSize: \"0.01\", lotSize: \"0.00001\"}",
                    kraken ? "  ETH-USDT: {venueSymbol: ETH/USDT, tickSize: \"0.01\", lotSize: \"0.00000001\"}"
                            : "  ETH-USDT: {venueSymbol: ETHUSDT, tickSize: \"0.01\", lotSize: \"0.0001\"}",
                    "fees: {makerBps: 10, takerBps: 10}",
                    kraken ? "" : "rateLimits: [{name: REQUEST_WEIGHT, limit: 600000, interval: 1m}]",
                    ""));
        }
        GatewayConfig config = new ConfigLoader(k -> null).load(dir.resolve("xgate.yaml"));
        Gateway gateway = await(Gateway.start(config));
        AtomicLong binanceTrades = new AtomicLong();
        AtomicLong krakenTrades = new AtomicLong();
        // the trades' receive times span the recording: at least 3 s of it, so that 1 s bars close in it
        AtomicLong firstTrade = new AtomicLong();
        AtomicLong lastTrade = new AtomicLong();
        for (String s : new String[] {"BTC-USDT", "ETH-USDT"}) {
            gateway.vertx().eventBus().<io.xgate.event.Trade>consumer(Addresses.trade("binance", s), m -> {
                firstTrade.compareAndSet(0, m.body().receiveTsNanos());
                lastTrade.accumulateAndGet(m.body().receiveTsNanos(), Math::max);
            });
            gateway.vertx().eventBus().consumer(Addresses.trade("binance", s), m -> binanceTrades.incrementAndGet());
            gateway.vertx().eventBus().consumer(Addresses.trade("kraken", s), m -> krakenTrades.incrementAndGet());
        }
        try {
            until(() -> gateway.metrics().venue("kraken").resyncs("checksum") >= 3, "kraken checksum resyncs");
            until(() -> binanceTrades.get() >= 200 && krakenTrades.get() >= 200, "trades on both venues");
            until(() -> firstTrade.get() > 0 && lastTrade.get() - firstTrade.get() >= 3_000_000_000L,
                    "trades over 3 s");
        } finally {
            await(gateway.stop());
        }
        return j;
    }

    /** Waits for a condition on the gateway's counters (checked every 20 ms, at most 120 s). */
    private static void until(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the recording never showed " + what);
            }
            Thread.sleep(20);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
    }
}
