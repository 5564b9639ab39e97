package io.xgate.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.xgate.config.ConfigLoader;
import io.xgate.config.GatewayConfig;
import io.xgate.event.Addresses;
import io.xgate.event.Candle;
import io.xgate.event.EpochClock;
import io.xgate.event.Event;
import io.xgate.event.EventCodec;
import io.xgate.event.EventMessageCodec;
import io.xgate.event.Indicator;
import io.xgate.event.Side;
import io.xgate.event.Trade;
import io.xgate.metrics.Metrics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The analytics verticle on scripted trades published on the bus: time bars close on the clock with no further trade,
 * a trade without a venue timestamp goes by its receive time, late and refused trades are counted, tick bars feed
 * their indicators, and partial bars are published flagged incomplete.
 */
class AnalyticsVerticleTest {

    private static final String VENUE = String.join("\n",
            "id: binance",
            "dialect: binance",
            "websocket: {url: ws://127.0.0.1:9101/stream}",
            "rest: {url: http://127.0.0.1:9101}",
            "symbols:",
            "  BTC-USDT: {venueSymbol: BTCUSDT, tickSize: \"0.01\", lotSize: \"0.00001\"}",
            "");

    @TempDir
    Path dir;

    private Vertx vertx;
    private final Metrics metrics = Metrics.inMemory();
    private final List<Candle> candles = new CopyOnWriteArrayList<>();
    private final List<Indicator> indicators = new CopyOnWriteArrayList<>();

    @BeforeEach
    void deploy() throws Exception {
        Files.writeString(dir.resolve("xgate.yaml"), "venues: [binance]\nanalytics:\n  candles: [200ms, t3]\n"
                + "  indicators: {t3: [SMA(2)]}\n  grace: 50ms\n  partialInterval: 50ms\n");
        Files.createDirectories(dir.resolve("venues"));
        Files.writeString(dir.resolve("venues/binance.yaml"), VENUE);
        GatewayConfig config = new ConfigLoader(k -> null).load(dir.resolve("xgate.yaml"));
        vertx = Vertx.vertx();
        EventMessageCodec.register(vertx.eventBus(), new EventCodec(2048, EventCodec.DEFAULT_MAX_BODY));
        for (String spec : List.of("200ms", "t3")) {
            vertx.eventBus().<Candle>consumer(Addresses.candle("binance", "BTC-USDT", spec), m -> candles.add(m.body()));
        }
        vertx.eventBus().<Indicator>consumer(Addresses.indicator("binance", "BTC-USDT", "t3"),
                m -> indicators.add(m.body()));
        await(vertx.deployVerticle(new AnalyticsVerticle(config, metrics)));
    }

    @AfterEach
    void close() throws Exception {
        await(vertx.close());
    }

    @Test
    void barsCloseOnTheClockAndEveryTradeIsPlacedOrCounted() throws Exception {
        // the trades go early into a 200 ms bar, so that a partial of it (every 50 ms) comes before it closes: with
        // the clock's phase left to chance, trades 25 ms before a bar's end saw it close before any partial
        while (EpochClock.nanos() % 200_000_000L > 40_000_000L) {
            Thread.onSpinWait();
        }
        long now = EpochClock.nanos();
        publish(now, now, 10_000, 2); // 100.00 x 0.00002
        publish(Event.NO_TIME, now, 10_100, 3); // no venue time: by its receive time, in the same bar
        publish(now, now, 10_200, 5); // completes the first t3 bar
        publish(now, now, 10_000, 1, 5); // other scales: refused
        long bar = Math.floorDiv(now, 200_000_000L) * 200_000_000L;

        Candle closed = waitFor(() -> candles.stream().filter(c -> c.spec().equals("200ms") && c.complete()
                && c.startNanos() == bar).findFirst().orElse(null));
        assertEquals(3, closed.tradeCount(), closed.toString());
        assertEquals(10, closed.volume());
        assertEquals(bar + 200_000_000L, closed.endNanos());
        assertTrue(closed.receiveTsNanos() >= closed.endNanos() + 50_000_000L, "closed on the clock after the grace");
        assertTrue(candles.stream().anyMatch(c -> !c.complete() && c.spec().equals("200ms") && c.tradeCount() == 3),
                "a partial bar before it closed: " + candles);
        assertEquals(1, metrics.venue("binance").invalidTrades());

        publish(bar - 10_000_000_000L, now, 10_000, 1); // ten seconds late: its bar has long closed
        waitFor(() -> metrics.venue("binance").lateTrades() == 1 ? true : null);

        // tick bars ignore lateness: the late trade opened the second t3 bar, these two complete it (its close is
        // the latest by venue time, 104.00) and the third opens a third
        publish(now, now, 10_400, 1);
        publish(now, now, 10_400, 1);
        publish(now, now, 10_400, 1);
        Indicator sma = waitFor(() -> indicators.isEmpty() ? null : indicators.get(0));
        assertEquals("SMA(2)", sma.name());
        assertEquals((102.00 + 104.00) / 2, sma.value(), 1e-9);
        List<Candle> ticks = candles.stream().filter(c -> c.spec().equals("t3") && c.complete()).toList();
        assertEquals(2, ticks.size(), ticks.toString());
        assertEquals(ticks.get(1).startNanos(), sma.candleStartNanos());
        assertEquals(1, indicators.size(), "nothing before the lookback is filled");
    }

    private void publish(long venueTs, long receiveTs, long price, long size) {
        publish(venueTs, receiveTs, price, size, 2);
    }

    private void publish(long venueTs, long receiveTs, long price, long size, int priceScale) {
        vertx.eventBus().publish(Addresses.trade("binance", "BTC-USDT"), new Trade("binance", "BTC-USDT",
                Event.NO_SEQ, venueTs, receiveTs, receiveTs, Side.BUY, price, size, priceScale, 5));
    }

    /** The first non-null {@code found}, checked every 10 ms on a Vert.x timer (the events arrive on the loop). */
    private <T> T waitFor(java.util.function.Supplier<T> found) throws Exception {
        CompletableFuture<T> f = new CompletableFuture<>();
        long timer = vertx.setPeriodic(10, id -> {
            T t = found.get();
            if (t != null) {
                f.complete(t);
            }
        });
        try {
            return f.get(10, TimeUnit.SECONDS);
        } finally {
            vertx.cancelTimer(timer);
        }
    }

    private static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
}
