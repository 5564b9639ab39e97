package io.xgate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.xgate.Gateway;
import io.xgate.config.ConfigLoader;
import io.xgate.event.Addresses;
import io.xgate.event.Candle;
import io.xgate.event.EpochClock;
import io.xgate.event.Event;
import io.xgate.event.Indicator;
import io.xgate.event.SyncState;
import io.xgate.event.Trade;
import io.xgate.event.VenueStatus;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Candles and indicators live on the simulator, for every venue and symbol: 1 s candles (and ETH's own {@code t50}
 * tick bars) and SMA(3) / EMA(3) over the 1 s closes are published on their addresses, aligned to whole seconds and
 * contiguous; over the measured window the complete candles' volumes and trade counts equal the trades the gateway
 * published (the simulator's trades as received), per venue and symbol; the admin endpoints serve them (200, 404,
 * 400). The window lasts {@code -Dxgate.it.analytics.seconds} (default 10; the acceptance run is 120).
 */
class AnalyticsIntegrationTest {

    private static final Logger LOG = LoggerFactory.getLogger(AnalyticsIntegrationTest.class);
    private static final long SECOND = 1_000_000_000L;
    private static final List<String> SYMBOLS = List.of("BTC-USDT", "ETH-USDT");

    @TempDir
    Path dir;

    private Gateway gateway;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @AfterEach
    void stop() throws Exception {
        if (gateway != null) {
            gateway.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void candlesAndIndicatorsForEveryVenueAndSymbolAddUpToTheTradesAndAreServed() throws Exception {
        int seconds = Integer.getInteger("xgate.it.analytics.seconds", 10);
        Path conf = SimConfig.write(dir, "", "23h");
        Files.writeString(conf, Files.readString(conf) + "analytics:\n  candles: [1s]\n"
                + "  symbols: {ETH-USDT: {candles: [1s, t50]}}\n  indicators: {1s: [SMA(3), EMA(3)]}\n"
                + "  partialInterval: 200ms\n  history: 500\n  bookBars: 1s\n");
        gateway = await(Gateway.start(new ConfigLoader(k -> null).load(conf)));
        awaitAllLive();

        Map<String, Queue<Trade>> trades = new ConcurrentHashMap<>();
        Map<String, Queue<Candle>> candles = new ConcurrentHashMap<>();
        Map<String, Queue<Indicator>> indicators = new ConcurrentHashMap<>();
        Map<String, Queue<io.xgate.event.BookBar>> bookBars = new ConcurrentHashMap<>();
        List<Future<?>> registered = new ArrayList<>();
        for (String v : SimConfig.VENUES) {
            for (String s : SYMBOLS) {
                String key = v + " " + s;
                trades.put(key, new ConcurrentLinkedQueue<>());
                indicators.put(key, new ConcurrentLinkedQueue<>());
                registered.add(gateway.vertx().eventBus().<Trade>consumer(Addresses.trade(v, s),
                        m -> trades.get(key).add(m.body())).completion());
                bookBars.put(key, new ConcurrentLinkedQueue<>());
                registered.add(gateway.vertx().eventBus().<io.xgate.event.BookBar>consumer(Addresses.bookBar(v, s),
                        m -> bookBars.get(key).add(m.body())).completion());
                for (String spec : s.equals("ETH-USDT") ? List.of("1s", "t50") : List.of("1s")) {
                    candles.put(key + " " + spec, new ConcurrentLinkedQueue<>());
                    registered.add(gateway.vertx().eventBus().<Candle>consumer(Addresses.candle(v, s, spec),
                            m -> candles.get(key + " " + spec).add(m.body())).completion());
                }
                registered.add(gateway.vertx().eventBus().<Indicator>consumer(Addresses.indicator(v, s, "1s"),
                        m -> indicators.get(key).add(m.body())).completion());
            }
        }
        await(Future.all(registered));
        // the window starts at a whole second after every consumer is in place, and lasts `seconds`
        long t0 = (EpochClock.nanos() / SECOND + 2) * SECOND;
        long t1 = t0 + seconds * SECOND;
        long started = System.nanoTime();
        await(Eventually.holds(gateway.vertx(), () -> candles.entrySet().stream()
                .filter(e -> e.getKey().endsWith(" 1s"))
                .allMatch(e -> e.getValue().stream().anyMatch(c -> c.complete() && c.startNanos() >= t1 - SECOND))),
                seconds + 60);
        LOG.info("analytics window of {} s observed in {} ms", seconds, (System.nanoTime() - started) / 1_000_000);

        for (String v : SimConfig.VENUES) {
            for (String s : SYMBOLS) {
                String key = v + " " + s;
                List<Candle> all = new ArrayList<>(candles.get(key + " 1s"));
                TreeMap<Long, Candle> complete = new TreeMap<>();
                for (Candle c : all) {
                    assertEquals(0, c.startNanos() % SECOND, "aligned to the second: " + c);
                    assertEquals(c.startNanos() + SECOND, c.endNanos(), "one second long: " + c);
                    assertEquals("1s", c.spec());
                    if (c.complete() && c.startNanos() >= t0 && c.startNanos() < t1) {
                        assertTrue(complete.put(c.startNanos(), c) == null, "one complete bar per second: " + c);
                    }
                }
                assertEquals(seconds, complete.size(), key + ": a complete bar for every second of the window "
                        + complete.keySet());
                assertTrue(all.stream().anyMatch(c -> !c.complete()), key + ": partial updates published");
                long volume = 0;
                long count = 0;
                for (Trade t : trades.get(key)) {
                    long ts = t.venueTsNanos() == Event.NO_TIME ? t.receiveTsNanos() : t.venueTsNanos();
                    if (ts >= t0 && ts < t1) {
                        volume += t.size();
                        count++;
                    }
                }
                long candleVolume = complete.values().stream().mapToLong(Candle::volume).sum();
                long candleCount = complete.values().stream().mapToLong(Candle::tradeCount).sum();
                long late = gateway.metrics().venue(v).lateTrades();
                assertTrue(count > seconds, key + ": the simulator traded (" + count + " trades)");
                assertEquals(volume, candleVolume, key + ": candle volumes = the trades' (" + count + " trades, "
                        + late + " late trades on " + v + ")");
                assertEquals(count, candleCount, key + ": candle trade counts");

                // book-feature bars beside the books: one per second, aligned like the candles, LIVE throughout
                // (no fault is injected), their trade counts those of the same second's candle
                TreeMap<Long, io.xgate.event.BookBar> bars = new TreeMap<>();
                for (io.xgate.event.BookBar b : bookBars.get(key)) {
                    assertEquals(0, b.startNanos() % SECOND, "aligned to the second: " + b);
                    assertEquals(b.startNanos() + SECOND, b.endNanos(), "one second long: " + b);
                    if (b.startNanos() >= t0 && b.startNanos() < t1) {
                        assertTrue(bars.put(b.startNanos(), b) == null, "one bar per second: " + b);
                    }
                }
                assertEquals(seconds, bars.size(), key + ": a book bar for every second " + bars.keySet());
                // the bars count the book's trades by receive time, at the book (the same trades, a hop later)
                long received = trades.get(key).stream().filter(t -> t.receiveTsNanos() >= t0
                        && t.receiveTsNanos() < t1).count();
                long barTrades = bars.values().stream().mapToLong(io.xgate.event.BookBar::tradeCount).sum();
                assertTrue(Math.abs(barTrades - received) <= Math.max(3, received / 20), key + ": book bars counted "
                        + barTrades + " trades, " + received + " were received in the window");
                for (io.xgate.event.BookBar b : bars.values()) {
                    assertTrue(b.live() && b.resyncs() == 0 && b.liveNanos() == SECOND, key + " LIVE: " + b);
                    assertTrue(b.messages() > 0 && b.midLow() > 0 && b.midLow() <= b.midHigh(), key + ": " + b);
                    assertTrue(b.spreadMax() >= b.spreadEnd() && b.spreadEnd() > 0, key + ": spreads " + b);
                }

                List<Indicator> ind = new ArrayList<>(indicators.get(key));
                for (String name : List.of("SMA(3)", "EMA(3)")) {
                    List<Indicator> in = ind.stream().filter(i -> i.name().equals(name)
                            && i.candleStartNanos() >= t0 && i.candleStartNanos() < t1).toList();
                    assertEquals(seconds, in.size(), key + " " + name + ": one value per complete candle");
                    for (Indicator i : in) {
                        assertNotNull(complete.get(i.candleStartNanos()), "computed on a published candle: " + i);
                        assertEquals(i.candleStartNanos() + SECOND, i.candleEndNanos());
                        assertEquals("1s", i.spec());
                    }
                }
                // SMA(3) of the last bar of the window: the mean of the last three closes
                Indicator sma = ind.stream().filter(i -> i.name().equals("SMA(3)") && i.candleStartNanos() == t1 - SECOND)
                        .findFirst().orElseThrow();
                double scale = Math.pow(10, complete.lastEntry().getValue().priceScale());
                double mean = (complete.get(t1 - SECOND).close() + complete.get(t1 - 2 * SECOND).close()
                        + complete.get(t1 - 3 * SECOND).close()) / 3.0 / scale;
                assertEquals(mean, sma.value(), mean * 1e-12, key + " SMA(3)");
            }
            List<Candle> ticks = candles.get(v + " ETH-USDT t50").stream().filter(Candle::complete).toList();
            assertFalse(ticks.isEmpty(), v + ": t50 bars");
            ticks.forEach(c -> assertEquals(50, c.tradeCount(), "a t50 bar: " + c));
        }

        // the admin API: book bars
        JsonObject bb = json(get("/api/bookbars/binance/BTC-USDT?limit=2"), 200);
        assertEquals(2, bb.getJsonArray("bookBars").size(), bb.encode());
        assertEquals(Boolean.TRUE, bb.getJsonArray("bookBars").getJsonObject(1).getBoolean("live"), bb.encode());
        assertTrue(json(get("/api/bookbars/nowhere/BTC-USDT"), 404).getString("error").contains("unknown venue"));
        assertEquals(400, get("/api/bookbars/binance/BTC-USDT?limit=0").statusCode());

        // the admin API
        JsonObject body = json(get("/api/candles/binance/BTC-USDT?spec=1s&limit=3"), 200);
        JsonArray served = body.getJsonArray("candles");
        assertEquals(3, served.size(), body.encodePrettily());
        assertTrue(served.getJsonObject(0).getLong("startNs") < served.getJsonObject(2).getLong("startNs"),
                "newest last");
        JsonObject last = served.getJsonObject(2);
        assertEquals(0, last.getLong("startNs") % SECOND);
        assertEquals(2, last.getString("close").split("\\.")[1].length(), "a decimal string at the price scale");
        assertEquals(5, last.getString("volume").split("\\.")[1].length(), "a decimal string at the size scale");
        new BigDecimal(last.getString("vwap"));
        assertTrue(last.getBoolean("complete"));
        int byDefault = json(get("/api/candles/kraken/ETH-USDT?spec=1s"), 200).getJsonArray("candles").size();
        assertTrue(byDefault >= Math.min(seconds, 100) && byDefault <= 100, "the default limit, 100: " + byDefault);
        assertEquals("1s", json(get("/api/candles/kraken/ETH-USDT"), 200).getString("spec"), "the first spec");
        assertFalse(json(get("/api/candles/kraken/ETH-USDT?spec=t50"), 200).getJsonArray("candles").isEmpty());
        JsonObject ind = json(get("/api/indicators/binance/BTC-USDT?spec=1s&limit=5"), 200);
        for (String name : List.of("SMA(3)", "EMA(3)")) {
            JsonArray values = ind.getJsonObject("indicators").getJsonArray(name);
            assertEquals(5, values.size(), ind.encodePrettily());
            assertTrue(values.getJsonObject(4).getDouble("value") > 0);
            assertEquals(0, values.getJsonObject(4).getLong("candleStartNs") % SECOND);
        }
        assertTrue(json(get("/api/candles/nowhere/BTC-USDT"), 404).getString("error")
                .contains("unknown venue 'nowhere'; venues: [binance, binanceus, kraken]"));
        assertTrue(json(get("/api/candles/binance/DOGE-USDT"), 404).getString("error")
                .contains("its symbols: [BTC-USDT, ETH-USDT]"));
        assertTrue(json(get("/api/candles/binance/BTC-USDT?spec=5m"), 404).getString("error")
                .contains("its specs: [1s]"));
        assertTrue(json(get("/api/indicators/kraken/ETH-USDT?spec=t50"), 404).getString("error")
                .contains("its specs: [1s]"));
        assertTrue(json(get("/api/candles/binance/BTC-USDT?spec=1x"), 400).getString("error")
                .contains("unknown duration unit 'x'"));
        for (String bad : List.of("0", "many", "501")) {
            assertTrue(json(get("/api/candles/binance/BTC-USDT?limit=" + bad), 400).getString("error")
                    .contains("limit must be a whole number from 1 to 500"));
        }
        assertTrue(json(get("/api/indicators/binance/BTC-USDT?limit=-1"), 400).getString("error").contains("limit"));
        String metrics = get("/metrics").body();
        for (String meter : List.of("xgate_analytics_late_trades_total{venue=\"kraken\"}",
                "xgate_analytics_forced_closes_total{venue=\"binance\"}",
                "xgate_analytics_invalid_trades_total{venue=\"binanceus\"}")) {
            assertTrue(metrics.contains(meter), "no " + meter);
        }
    }

    private void awaitAllLive() throws Exception {
        List<Promise<Void>> live = new ArrayList<>();
        for (String v : SimConfig.VENUES) {
            Promise<Void> p = Promise.promise();
            live.add(p);
            gateway.vertx().eventBus().<VenueStatus>consumer(Addresses.status(v), m -> {
                if (m.body().connection() == VenueStatus.Connection.CONNECTED
                        && m.body().symbols().stream().allMatch(s -> s.state() == SyncState.LIVE)) {
                    p.tryComplete();
                }
            });
        }
        for (Promise<Void> p : live) {
            await(p.future());
        }
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.adminPort() + path)).GET()
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonObject json(HttpResponse<String> r, int status) {
        assertEquals(status, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        return new JsonObject(r.body());
    }

    private static <T> T await(Future<T> f) throws Exception {
        return await(f, 60);
    }

    private static <T> T await(Future<T> f, long seconds) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(seconds, TimeUnit.SECONDS);
    }
}
