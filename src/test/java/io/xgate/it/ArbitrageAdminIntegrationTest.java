package io.xgate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Promise;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.xgate.Gateway;
import io.xgate.config.ConfigLoader;
import io.xgate.event.Addresses;
import io.xgate.event.Opportunity;
import io.xgate.event.SyncState;
import io.xgate.event.VenueStatus;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway end to end on the simulator, seen from outside: the simulator dislocates one venue; an opportunity
 * opens within a second, closes after the dislocation ends, and the admin API shows it; every admin endpoint
 * answers, including its 404, 400, 405 and 503 cases. Waits on events, never on time.
 */
class ArbitrageAdminIntegrationTest {

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
    void aDislocationOpensAndClosesAnOpportunityAndTheAdminApiShowsEverything() throws Exception {
        gateway = await(Gateway.start(new ConfigLoader(k -> null).load(SimConfig.write(dir, "", "23h"))));
        awaitAllLive();

        assertEquals(200, get("/health/live").statusCode());
        HttpResponse<String> ready = get("/health/ready");
        assertEquals(200, ready.statusCode(), ready.body());
        assertEquals("UP", new JsonObject(ready.body()).getString("status"));

        JsonArray venues = venuesWithClocks();
        assertEquals(SimConfig.VENUES, venues.stream().map(v -> ((JsonObject) v).getString("venue")).toList());
        for (Object o : venues) {
            JsonObject v = (JsonObject) o;
            assertEquals("CONNECTED", v.getString("connection"), v.encode());
            assertEquals(2, v.getJsonArray("symbols").size());
            assertTrue(v.getJsonObject("counters").getLong("messages") > 0, v.encode());
        }

        JsonObject book = json(get("/api/books/binance/BTC-USDT?depth=5"), 200);
        assertEquals("LIVE", book.getString("syncState"));
        JsonArray bids = book.getJsonArray("bids");
        JsonArray asks = book.getJsonArray("asks");
        assertEquals(5, bids.size());
        assertEquals(5, asks.size());
        assertTrue(new java.math.BigDecimal(bids.getJsonArray(0).getString(0))
                .compareTo(new java.math.BigDecimal(bids.getJsonArray(1).getString(0))) > 0, "bids best first");
        assertTrue(new java.math.BigDecimal(bids.getJsonArray(0).getString(0))
                .compareTo(new java.math.BigDecimal(asks.getJsonArray(0).getString(0))) < 0, "not crossed");
        assertEquals(2, bids.getJsonArray(0).getString(0).split("\\.")[1].length(), "price at the tick's scale");
        assertEquals(10, json(get("/api/books/kraken/ETH-USDT"), 200).getJsonArray("bids").size(), "depth 10 default");

        assertTrue(json(get("/api/books/nowhere/BTC-USDT"), 404).getString("error").contains("unknown venue 'nowhere'"));
        assertTrue(json(get("/api/books/binance/DOGE-USDT"), 404).getString("error")
                .contains("has no symbol 'DOGE-USDT'"));
        assertTrue(json(get("/api/books/binance/BTC-USDT?depth=lots"), 400).getString("error").contains("depth"));
        assertTrue(json(get("/api/nothing"), 404).getString("error").contains("no such endpoint"));
        HttpResponse<String> post = http.send(HttpRequest.newBuilder(uri("/api/venues"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(405, post.statusCode(), post.body());
        assertTrue(new JsonObject(post.body()).getString("error").contains("read-only"));

        // the dislocation: binance quotes BTC-USDT 60 bps above the others for 3 s
        List<Opportunity> events = new ArrayList<>();
        Promise<Opportunity> opened = Promise.promise();
        Promise<Opportunity> closed = Promise.promise();
        gateway.vertx().eventBus().<Opportunity>consumer(Addresses.OPPORTUNITY, m -> {
            Opportunity o = m.body();
            synchronized (events) {
                events.add(o);
            }
            if (o.phase() == Opportunity.Phase.OPEN && o.sellVenue().equals("binance")
                    && o.buyVenue().equals("binanceus")) {
                opened.tryComplete(o);
            }
            Opportunity first = opened.future().result();
            if (o.phase() == Opportunity.Phase.CLOSE && first != null && o.id() == first.id()) {
                closed.tryComplete(o);
            }
        }).completion().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        long dislocatedAt = io.xgate.event.EpochClock.nanos();
        await(gateway.simulator().dislocate("binance", "BTC-USDT", 60, Duration.ofSeconds(3)));
        Opportunity open = await(opened.future());
        assertTrue(open.openedTsNanos() - dislocatedAt < 1_000_000_000L, "opened "
                + (open.openedTsNanos() - dislocatedAt) / 1_000_000 + " ms after the dislocation");
        assertEquals("BTC-USDT", open.symbol());
        assertTrue(open.grossEdgeBps() > 40 && open.grossEdgeBps() < 80, "gross edge " + open.grossEdgeBps());
        assertTrue(open.netEdgeBps() >= 1.0 && open.netEdgeBps() < open.grossEdgeBps() - 19.9,
                "net of 20 bps of taker fees: " + open.netEdgeBps());
        assertTrue(open.quantity() > 0 && open.expectedProfit() > 0, open.toString());

        // the admin API has its own event loop: it hears the same OPEN, but not necessarily before this consumer did
        JsonObject listed = json(get("/api/opportunities"), 200);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!ids(listed.getJsonArray("open")).contains(open.id()) && System.nanoTime() < deadline) {
            Thread.sleep(20);
            listed = json(get("/api/opportunities"), 200);
        }
        assertTrue(ids(listed.getJsonArray("open")).contains(open.id()), listed.encodePrettily());
        assertTrue(listed.getLong("found") >= 1);

        Opportunity close = await(closed.future());
        assertTrue(close.lifetimeNanos() >= 2_000_000_000L, "the dislocation lasted 3 s, the opportunity "
                + close.lifetimeNanos() / 1_000_000 + " ms");
        synchronized (events) {
            long opens = events.stream().filter(e -> e.id() == open.id() && e.phase() == Opportunity.Phase.OPEN).count();
            long closes = events.stream().filter(e -> e.id() == open.id() && e.phase() == Opportunity.Phase.CLOSE)
                    .count();
            assertEquals(1, opens, "one OPEN: " + events);
            assertEquals(1, closes, "one CLOSE: " + events);
            Set<String> distinct = new HashSet<>();
            for (Opportunity e : events) {
                assertTrue(distinct.add(e.id() + "/" + e.phase() + "/" + e.quantity() + "/" + e.netEdgeBps()),
                        "a duplicate event: " + e);
            }
        }
        JsonObject after = json(get("/api/opportunities"), 200);
        assertFalse(ids(after.getJsonArray("open")).contains(open.id()), after.encodePrettily());
        assertTrue(ids(after.getJsonArray("recentlyClosed")).contains(open.id()), after.encodePrettily());

        HttpResponse<String> metrics = get("/metrics");
        assertEquals(200, metrics.statusCode());
        assertTrue(metrics.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
        for (String stage : List.of("venue_to_receive", "receive_to_decoded", "decoded_to_applied", "applied_to_top",
                "top_to_opportunity")) {
            assertTrue(metrics.body().contains("xgate_stage_latency_seconds_bucket{stage=\"" + stage
                    + "\",venue=\"kraken\""), "no " + stage + " histogram");
        }
        for (String meter : List.of("xgate_ws_messages_total{venue=\"binance\"}", "xgate_ws_bytes_total",
                "xgate_ratelimit_available{limit=\"REQUEST_WEIGHT\",venue=\"binance\"}", "vertx_eventbus_pending",
                "xgate_checksum_failures_total{venue=\"kraken\"}", "xgate_clock_offset_seconds{venue=\"kraken\"}")) {
            assertTrue(metrics.body().contains(meter), "no " + meter);
        }
    }

    /** A venue that cannot connect keeps readiness at 503, and says which venue and why. */
    @Test
    void readinessIs503UntilEveryVenueIsLive() throws Exception {
        Path conf = SimConfig.write(dir, "", "23h");
        // no simulator: nothing listens on the venues' ports
        Files.writeString(conf, Files.readString(conf).replace("  enabled: true\n", "  enabled: false\n"));
        gateway = await(Gateway.start(new ConfigLoader(k -> null).load(conf)));
        Promise<Void> refused = Promise.promise();
        gateway.vertx().eventBus().<VenueStatus>consumer(Addresses.status("kraken"), m -> {
            if (m.body().connection() == VenueStatus.Connection.DISCONNECTED) {
                refused.tryComplete();
            }
        });
        await(refused.future());
        HttpResponse<String> ready = get("/health/ready");
        assertEquals(503, ready.statusCode(), ready.body());
        JsonObject body = new JsonObject(ready.body());
        assertEquals("DOWN", body.getString("status"));
        assertTrue(body.getString("reason").contains("kraken: DISCONNECTED"), body.encode());
        assertEquals(200, get("/health/live").statusCode(), "alive even when not ready");
    }

    /** A start-up that cannot bind the admin port fails at once and says why (it once hung instead). */
    @Test
    void aTakenAdminPortFailsTheStartWithAReason() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Path conf = SimConfig.write(dir, "", "23h");
            Files.writeString(conf, Files.readString(conf).replace("admin: {port: 0}", "admin: {port: "
                    + taken.getLocalPort() + "}"));
            java.util.concurrent.ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(
                    java.util.concurrent.ExecutionException.class,
                    () -> await(Gateway.start(new ConfigLoader(k -> null).load(conf))));
            assertTrue(e.getCause().getMessage().contains("admin API cannot listen on 127.0.0.1:" + taken.getLocalPort()),
                    e.getCause().getMessage());
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

    /** {@code /api/venues} once every venue's clock has been sampled (one request each at start-up). */
    private JsonArray venuesWithClocks() throws Exception {
        for (String v : SimConfig.VENUES) {
            gateway.metrics().venue(v).clock().whenKnown().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
        JsonArray venues = json(get("/api/venues"), 200).getJsonArray("venues");
        for (Object o : venues) {
            JsonObject clock = ((JsonObject) o).getJsonObject("clock");
            // the simulator shares our clock: Binance answers in ms, Kraken in whole seconds
            assertTrue(clock != null && Math.abs(clock.getLong("offsetMs")) <= 1_000, o.toString());
            assertTrue(clock.getLong("rttMs") >= 0, o.toString());
        }
        return venues;
    }

    private static List<Long> ids(JsonArray a) {
        return a.stream().map(o -> ((JsonObject) o).getLong("id")).toList();
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + gateway.adminPort() + path);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonObject json(HttpResponse<String> r, int status) {
        assertEquals(status, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        return new JsonObject(r.body());
    }

    private static <T> T await(io.vertx.core.Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }
}
