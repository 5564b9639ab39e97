package io.xgate.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import io.xgate.Gateway;
import io.xgate.config.ConfigLoader;
import io.xgate.config.GatewayConfig;
import io.xgate.config.Instrument;
import io.xgate.event.Addresses;
import io.xgate.event.BookTop;
import io.xgate.event.BookUpdate;
import io.xgate.event.Event;
import io.xgate.event.OrderReport;
import io.xgate.event.OrderRequest;
import io.xgate.event.Side;
import io.xgate.event.SyncState;
import io.xgate.event.VenueStatus;
import io.xgate.sim.market.OrderCounts;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bybit end to end against the simulated venue: one venue with spot ({@code BTC-USDT}, {@code ETH-USDT}) and a USDT
 * perpetual ({@code BTC-USDT-PERP}) on two connections ({@code /v5/public/spot}, {@code /v5/public/linear}). With
 * Bybit's documented exceptions on every symbol (mid-stream snapshots, {@code u = 1} restarts, the snapshot before
 * the ack) no symbol resyncs; with the faults that break a book (frames cut short, a corrupted best bid caught by
 * {@code orderbook.1} at the same {@code seq}) on ETH-USDT only, plus disconnects and stalls, only ETH-USDT resyncs.
 * After thousands of updates per symbol every LIVE book equals the simulator's true book (its top
 * {@code bookDepth} levels, in base units). Orders on spot and the perpetual: place, fill, cancel, query, a wrong
 * secret (10004) and a stale timestamp (10002) refused with the venue's code, a burst within the limits.
 */
class BybitIntegrationTest {

    private static final List<String> SYMBOLS = List.of("BTC-USDT", "ETH-USDT", "BTC-USDT-PERP");
    private static final int MIN_UPDATES = 2_000;
    private static final int DEPTH = 50;
    private static final String KEY = "test-bybit-api-key-5e1b";
    private static final String SECRET = "VDFZSSPUTKRJMXAVMJXBHEXIPZNZJIZUBVRQ";
    private static final Map<String, String> ENV = Map.of("BYBIT_KEY", KEY, "BYBIT_SECRET", SECRET,
            "OTHER_SECRET", "a-secret-the-venue-does-not-know");

    @TempDir
    Path dir;

    private Gateway gateway;
    private final Map<String, long[]> applied = new HashMap<>();
    private final Map<String, BookTop> latest = new HashMap<>();
    private final List<Object[]> waiters = new ArrayList<>();
    private final List<VenueStatus> statuses = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        if (gateway != null) {
            await(gateway.stop());
        }
    }

    @Test
    void theDocumentedExceptionsCauseNoResyncAndEveryBookEqualsTheTruth() throws Exception {
        start("  faults:\n    bybit: {snapshotRate: 0.01, restartRate: 0.005, earlySnapshotRate: 1, dropRate: 0.05, "
                + "disconnectEvery: 3s}\n", "", List.of());
        waitForUpdates();
        Map<String, Long> counts = await(gateway.simulator().faultCounts("bybit"));
        for (String f : List.of("midSnapshot", "restart", "earlySnapshot", "dropped", "disconnect")) {
            assertTrue(counts.getOrDefault(f, 0L) > 0, "no " + f + " injected: " + counts);
        }
        await(gateway.simulator().freeze());
        assertBooksEqualTheTruth();
        VenueStatus last = lastStatus();
        for (String s : SYMBOLS) {
            assertEquals(0, symbol(last, s).resyncs(), s + ": the documented exceptions (" + counts
                    + ") must cause no resync: " + last);
        }
    }

    @Test
    void eachFaultResyncsOnlyItsSymbolAndEveryBookEqualsTheTruth() throws Exception {
        start("  faults:\n    bybit: {symbols: [ETH-USDT], malformedRate: 0.003, corruptRate: 0.005, "
                + "snapshotRate: 0.01, restartRate: 0.005, earlySnapshotRate: 0.5, disconnectEvery: 3s, "
                + "stallEvery: 2500ms, stallFor: 1s}\n", "", List.of());
        await(status(st -> symbol(st, "ETH-USDT").reason().contains("orderbook.1")));
        await(status(st -> symbol(st, "ETH-USDT").reason().contains("bad frame")));
        await(status(st -> st.connection() == VenueStatus.Connection.DISCONNECTED));
        waitForUpdates();
        Map<String, Long> counts = await(gateway.simulator().faultCounts("bybit"));
        for (String f : List.of("malformed", "corrupted", "midSnapshot", "restart", "disconnect", "stall")) {
            assertTrue(counts.getOrDefault(f, 0L) > 0, "no " + f + " injected: " + counts);
        }
        await(gateway.simulator().freeze());
        assertBooksEqualTheTruth();
        VenueStatus last = lastStatus();
        assertEquals(0, symbol(last, "BTC-USDT").resyncs(), "BTC-USDT was not faulted: " + last);
        assertEquals(0, symbol(last, "BTC-USDT-PERP").resyncs(), "BTC-USDT-PERP was not faulted: " + last);
        assertTrue(symbol(last, "ETH-USDT").resyncs() > 0, "ETH-USDT was faulted: " + last);
    }

    @Test
    void ordersOnSpotAndThePerpetualAndEveryRefusalCarriesTheVenuesCode() throws Exception {
        start("  accounts:\n    bybitx: {apiKey: {env: BYBIT_KEY}, apiSecret: {env: OTHER_SECRET}}\n",
                "credentials: {apiKey: {env: BYBIT_KEY}, apiSecret: {env: BYBIT_SECRET}}\n"
                        + "risk:\n  symbols:\n"
                        + "    BTC-USDT: {maxQuantity: \"0.5\", maxNotional: 50000, priceBandBps: 100, maxOpenOrders: 1000}\n"
                        + "    BTC-USDT-PERP: {maxQuantity: \"0.5\", maxNotional: 50000, priceBandBps: 100, "
                        + "maxOpenOrders: 1000}\n", List.of("bybitx"));
        for (String s : List.of("BTC-USDT", "BTC-USDT-PERP")) {
            Instrument i = instrument("bybit", s);
            long[] touch = touch("bybit", s);
            long step = 500 * i.tick();
            String c = s.endsWith("PERP") ? "p" : "s";
            OrderReport placed = order("bybit", s, OrderRequest.Action.PLACE, c + "-1", touch[0] - 10 * step, i.lot(), "");
            assertEquals(OrderReport.Status.ACCEPTED, placed.status(), placed.toString());
            OrderReport queried = order("bybit", s, OrderRequest.Action.QUERY, c + "-1", 0, 0, "");
            assertEquals(OrderReport.Status.ACCEPTED, queried.status(), queried.toString());
            OrderReport canceled = order("bybit", s, OrderRequest.Action.CANCEL, c + "-1", 0, 0, "");
            assertEquals(OrderReport.Status.CANCELED, canceled.status(), canceled.toString());
            OrderReport again = order("bybit", s, OrderRequest.Action.CANCEL, c + "-1", 0, 0, "");
            assertEquals(List.of(OrderReport.Status.REJECTED, "110001"), List.of(again.status(), again.code()),
                    again.toString());
            OrderReport crossing = order("bybit", s, OrderRequest.Action.PLACE, c + "-2",
                    (touch[1] + touch[1] / 500) / i.tick() * i.tick(), 2 * i.lot(), ""); // 0.2% above: the fast market moves
            assertEquals(OrderReport.Status.ACCEPTED, crossing.status(), crossing.toString());
            OrderReport filled = order("bybit", s, OrderRequest.Action.QUERY, c + "-2", 0, 0, "");
            assertEquals(OrderReport.Status.FILLED, filled.status(), filled.toString());
            assertEquals(2 * i.lot(), filled.filledQuantity(), "base units: " + filled);
        }
        OrderReport forged = order("bybitx", "BTC-USDT", OrderRequest.Action.PLACE, "x-1", touch("bybitx",
                "BTC-USDT")[0] - 50_000, instrument("bybitx", "BTC-USDT").lot(), "");
        assertEquals(List.of(OrderReport.Status.REJECTED, OrderReport.Source.VENUE, "10004"),
                List.of(forged.status(), forged.source(), forged.code()), forged.toString());

        // a stale timestamp, signed correctly: what the gateway never sends
        String body = "{\"category\":\"spot\",\"symbol\":\"BTCUSDT\",\"side\":\"Buy\",\"orderType\":\"Limit\","
                + "\"qty\":\"0.001\",\"price\":\"1\",\"orderLinkId\":\"raw-1\"}";
        String ts = Long.toString(System.currentTimeMillis() - 60_000);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String sign = HexFormat.of().formatHex(mac.doFinal((ts + KEY + "5000" + body).getBytes(StandardCharsets.UTF_8)));
        String url = instrumentVenue("bybit").rest().url() + "/v5/order/create";
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                .header("X-BAPI-API-KEY", KEY).header("X-BAPI-TIMESTAMP", ts).header("X-BAPI-RECV-WINDOW", "5000")
                .header("X-BAPI-SIGN", sign).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(10002, new JsonObject(r.body()).getInteger("retCode"), r.body());

        // a burst of 60 new orders on the perpetual: the venue allows 10 per rolling second (of arrivals), ORDERS
        // 10 per 1.1 s (of sends: the margin covers the network's jitter)
        long[] touch = touch("bybit", "BTC-USDT-PERP");
        Instrument perp = instrument("bybit", "BTC-USDT-PERP");
        List<Future<io.vertx.core.eventbus.Message<OrderReport>>> burst = new ArrayList<>();
        for (int k = 0; k < 60; k++) {
            burst.add(request("bybit", "BTC-USDT-PERP", OrderRequest.Action.PLACE, "burst-" + k,
                    touch[0] - 1_000 * perp.tick() - k * perp.tick(), perp.lot(), ""));
        }
        int accepted = 0;
        for (Future<io.vertx.core.eventbus.Message<OrderReport>> f : burst) {
            OrderReport o = await(f).body();
            assertEquals(OrderReport.Status.ACCEPTED, o.status(), o.toString());
            accepted++;
        }
        OrderCounts seen = await(gateway.simulator().orderCounts("bybit"));
        assertEquals(60, accepted);
        assertTrue(seen.maxPerSecond() <= 10, "the venue counted " + seen.maxPerSecond() + " in one rolling second");
        assertEquals(0, seen.rateLimited(), "the burst stayed within the venue's limits: " + seen);
        assertFalse(gateway.config().venues().get(0).credentials().toString().contains(KEY));
    }

    /**
     * Connections live at most 1 s: both connection groups (spot, linear) rotate make-before-break, each on its own.
     * After every symbol was LIVE once, no status and no BookTop may show anything but LIVE, and the books still equal
     * the truth.
     */
    @Test
    void bothConnectionGroupsRotateWithoutAGap() throws Exception {
        maxConnectionAge = "1s";
        start("", "", List.of());
        List<String> gaps = new ArrayList<>();
        gateway.vertx().eventBus().<VenueStatus>consumer(Addresses.status("bybit"), m -> m.body().symbols().stream()
                .filter(ss -> ss.state() != SyncState.LIVE).forEach(ss -> {
                    synchronized (gaps) {
                        gaps.add(ss.toString());
                    }
                }));
        for (String s : SYMBOLS) {
            gateway.vertx().eventBus().<BookTop>consumer(Addresses.top("bybit", s), m -> {
                if (m.body().syncState() != SyncState.LIVE) {
                    synchronized (gaps) {
                        gaps.add(s + " top " + m.body().syncState());
                    }
                }
            });
        }
        await(status(st -> st.reason().contains("spot: rotated to a new connection (3 so far)")));
        await(status(st -> st.reason().contains("linear: rotated to a new connection (3 so far)")));
        await(gateway.simulator().freeze());
        assertBooksEqualTheTruth();
        synchronized (gaps) {
            assertTrue(gaps.isEmpty(), "a rotation opened a gap: " + gaps);
        }
    }

    // ------------------------------------------------------------------------------------------ harness

    private String maxConnectionAge = "23h";

    private void start(String simulatorExtra, String venueExtra, List<String> extraVenues) throws Exception {
        int port = SimConfig.freePort();
        List<String> venues = new ArrayList<>(List.of("bybit"));
        venues.addAll(extraVenues);
        Files.createDirectories(dir.resolve("venues"));
        Files.writeString(dir.resolve("xgate.yaml"), "name: it\nvenues: " + venues + "\n"
                + "simulator:\n  enabled: true\n  seed: 11\n  stepInterval: 2ms\n  publishInterval: 2ms\n"
                + simulatorExtra + "admin: {port: 0}\nbooks: {instances: 2, topDepth: 10}\n");
        for (String v : venues) {
            int p = v.equals("bybit") ? port : SimConfig.freePort();
            Files.writeString(dir.resolve("venues/" + v + ".yaml"), String.join("\n",
                    "id: " + v,
                    "dialect: bybit",
                    "websocket: {url: \"ws://127.0.0.1:" + p + "/v5/public\", staleAfter: 500ms, "
                            + "reconnectInitialDelay: 50ms, reconnectMaxDelay: 500ms, maxConnectionAge: " + maxConnectionAge
                            + "}",
                    "rest: {url: \"http://127.0.0.1:" + p + "\"}",
                    "bookDepth: " + DEPTH,
                    "symbols:",
                    "  BTC-USDT: {venueSymbol: BTCUSDT, tickSize: \"0.01\", lotSize: \"0.000001\"}",
                    v.equals("bybit") ? "  ETH-USDT: {venueSymbol: ETHUSDT, tickSize: \"0.01\", lotSize: \"0.00001\"}"
                            : "",
                    v.equals("bybit") ? "  BTC-USDT-PERP: {venueSymbol: BTCUSDT, kind: perpetual, contractSize: \"1\", "
                            + "tickSize: \"0.1\", lotSize: \"0.001\"}" : "",
                    "fees: {makerBps: 10, takerBps: 10}",
                    "rateLimits: [{name: IP, limit: 600000, interval: 5s}, {name: ORDERS, limit: 10, interval: 1100ms}]",
                    v.equals("bybit") ? venueExtra : venueExtra.replaceAll("(?m)^.*BTC-USDT-PERP.*\n", ""),
                    ""));
        }
        GatewayConfig config = new ConfigLoader(ENV::get).load(dir.resolve("xgate.yaml"));
        gateway = await(Gateway.start(config));
        listen(venues);
        for (String v : venues) {
            await(status(v, st -> st.symbols().stream().allMatch(ss -> ss.state() == SyncState.LIVE)));
        }
    }

    private io.xgate.config.VenueConfig instrumentVenue(String venue) {
        return gateway.config().venues().stream().filter(v -> v.id().equals(venue)).findFirst().orElseThrow();
    }

    private Instrument instrument(String venue, String symbol) {
        return instrumentVenue(venue).instruments().get(symbol);
    }

    private void waitForUpdates() throws Exception {
        for (String s : SYMBOLS) {
            try {
                await(when(s, top -> applied.get(s)[0] >= MIN_UPDATES));
            } catch (java.util.concurrent.TimeoutException e) {
                throw new AssertionError(s + " did not reach " + MIN_UPDATES + " LIVE updates: " + lastStatus(), e);
            }
        }
    }

    /** Every book equals the simulator's true book's top {@code bookDepth} levels, once it has caught up. */
    private void assertBooksEqualTheTruth() throws Exception {
        for (String s : SYMBOLS) {
            BookUpdate want = SimConfig.top(await(gateway.simulator().trueBook("bybit", s)), DEPTH);
            assertTrue(want.bidPrices().length >= 10 && want.askPrices().length >= 10, s + " book too thin");
            BookUpdate ours = null;
            long deadline = System.currentTimeMillis() + 30_000;
            while (System.currentTimeMillis() < deadline) {
                ours = (BookUpdate) await(gateway.vertx().eventBus().request(Addresses.bookQuery("bybit", s), ""))
                        .body();
                if (same(want, ours)) {
                    break;
                }
                Thread.sleep(50);
            }
            assertArrayEquals(want.bidPrices(), ours.bidPrices(), s + " bid prices");
            assertArrayEquals(want.bidSizes(), ours.bidSizes(), s + " bid sizes (base units)");
            assertArrayEquals(want.askPrices(), ours.askPrices(), s + " ask prices");
            assertArrayEquals(want.askSizes(), ours.askSizes(), s + " ask sizes (base units)");
        }
    }

    private static boolean same(BookUpdate a, BookUpdate b) {
        return Arrays.equals(a.bidPrices(), b.bidPrices()) && Arrays.equals(a.bidSizes(), b.bidSizes())
                && Arrays.equals(a.askPrices(), b.askPrices()) && Arrays.equals(a.askSizes(), b.askSizes());
    }


    private VenueStatus lastStatus() {
        synchronized (statuses) {
            return statuses.stream().filter(st -> st.venue().equals("bybit")).reduce((a, b) -> b).orElseThrow();
        }
    }

    private static VenueStatus.SymbolStatus symbol(VenueStatus st, String symbol) {
        return st.symbols().stream().filter(ss -> ss.symbol().equals(symbol)).findFirst().orElseThrow();
    }

    private final List<Object[]> statusWaiters = new ArrayList<>();

    private Future<Void> status(Predicate<VenueStatus> condition) {
        return status("bybit", condition);
    }

    private Future<Void> status(String venue, Predicate<VenueStatus> condition) {
        Promise<Void> p = Promise.promise();
        synchronized (statuses) {
            if (statuses.stream().anyMatch(st -> st.venue().equals(venue) && condition.test(st))) {
                p.complete();
            } else {
                statusWaiters.add(new Object[] {venue, condition, p});
            }
        }
        return p.future();
    }

    @SuppressWarnings("unchecked")
    private void listen(List<String> venues) {
        for (String v : venues) {
            gateway.vertx().eventBus().<VenueStatus>consumer(Addresses.status(v), m -> {
                synchronized (statuses) {
                    VenueStatus st = m.body();
                    statuses.add(st);
                    statusWaiters.removeIf(w -> {
                        if (w[0].equals(st.venue()) && ((Predicate<VenueStatus>) w[1]).test(st)) {
                            ((Promise<Void>) w[2]).tryComplete();
                            return true;
                        }
                        return false;
                    });
                }
            });
        }
        for (String s : SYMBOLS) {
            applied.put(s, new long[1]);
            gateway.vertx().eventBus().<BookTop>consumer(Addresses.top("bybit", s), m -> {
                BookTop top = m.body();
                if (top.syncState() != SyncState.LIVE) {
                    return;
                }
                synchronized (applied) {
                    applied.get(s)[0] += top.updates();
                    latest.put(s, top);
                    check(s, top);
                }
            });
        }
    }

    private Future<Void> when(String symbol, Predicate<BookTop> condition) {
        Promise<Void> p = Promise.promise();
        synchronized (applied) {
            waiters.add(new Object[] {symbol, condition, p});
            BookTop top = latest.get(symbol);
            if (top != null) {
                check(symbol, top);
            }
        }
        return p.future();
    }

    @SuppressWarnings("unchecked")
    private void check(String key, BookTop top) {
        waiters.removeIf(w -> {
            if (w[0].equals(key) && ((Predicate<BookTop>) w[1]).test(top)) {
                ((Promise<Void>) w[2]).tryComplete();
                return true;
            }
            return false;
        });
    }

    private long[] touch(String venue, String symbol) throws Exception {
        BookUpdate b = (BookUpdate) await(gateway.vertx().eventBus().request(Addresses.bookQuery(venue, symbol), ""))
                .body();
        return new long[] {b.bidPrices()[0], b.askPrices()[0]};
    }

    private OrderReport order(String venue, String symbol, OrderRequest.Action action, String clientId, long price,
                              long quantity, String venueOrderId) throws Exception {
        return await(request(venue, symbol, action, clientId, price, quantity, venueOrderId)).body();
    }

    private Future<io.vertx.core.eventbus.Message<OrderReport>> request(String venue, String symbol,
            OrderRequest.Action action, String clientId, long price, long quantity, String venueOrderId) {
        Instrument i = instrument(venue, symbol);
        return gateway.vertx().eventBus().request(Addresses.orders(venue), new OrderRequest(venue, symbol,
                Event.NO_SEQ, Event.NO_TIME, Event.NO_TIME, Event.NO_TIME, action, clientId, Side.BUY,
                OrderRequest.OrderType.LIMIT, OrderRequest.TimeInForce.GTC, i.priceScale(), i.sizeScale(), price,
                quantity, venueOrderId), new io.vertx.core.eventbus.DeliveryOptions().setSendTimeout(120_000));
    }

    private static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
    }
}
