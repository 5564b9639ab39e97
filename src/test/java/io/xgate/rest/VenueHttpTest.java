package io.xgate.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.xgate.config.VenueConfig;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The one REST client of a venue, against a real HTTP server on loopback: configured endpoint weights replace the
 * documented ones, every answer (orders' too) is reconciled with the usage header, and a 418 bans every later
 * request, which then fails here without reaching the server.
 */
class VenueHttpTest {

    private final Vertx vertx = Vertx.vertx();
    private final AtomicInteger served = new AtomicInteger();

    @AfterEach
    void close() throws Exception {
        await(vertx.close());
    }

    private VenueHttp start(int status, long usedWeight, Map<String, Integer> weights) throws Exception {
        HttpServer server = await(vertx.createHttpServer().requestHandler(req -> {
            served.incrementAndGet();
            req.response().setStatusCode(status).putHeader("X-MBX-USED-WEIGHT-1M", Long.toString(usedWeight))
                    .putHeader("Retry-After", "30").end("{\"code\":-1003,\"msg\":\"IP banned\"}");
        }).listen(0, "127.0.0.1"));
        Duration s = Duration.ofSeconds(2);
        VenueConfig v = new VenueConfig(Path.of("v.yaml"), "v", "binance",
                new VenueConfig.WebSocket(URI.create("ws://127.0.0.1:1/x"), s, s, s, s, s, s, 0.2, 1 << 20),
                new VenueConfig.Rest(URI.create("http://127.0.0.1:" + server.actualPort()), 2, s, s, s, 8), 100,
                Map.of(), new VenueConfig.Fees(10, 10),
                List.of(new VenueConfig.RateLimit("REQUEST_WEIGHT", 100, Duration.ofDays(1))), weights, null);
        return new VenueHttp(vertx, v, Map.of("X-MBX-USED-WEIGHT-1M", "REQUEST_WEIGHT"));
    }

    @Test
    void configuredWeightsReplaceTheDocumentedOnes() throws Exception {
        VenueHttp http = start(200, 0, Map.of("GET /api/v3/depth", 30));
        assertEquals(30, http.weight("GET /api/v3/depth", 5));
        assertEquals(4, http.weight("GET /api/v3/order", 4), "not configured: the documented default");
        await(http.get("/api/v3/depth?symbol=BTCUSDT&limit=100", "REQUEST_WEIGHT", 5));
        assertEquals(70, http.limiter().available("REQUEST_WEIGHT"), "the configured 30, not the documented 5");
        await(http.send(HttpMethod.POST, "/api/v3/order", Map.of(), "a=1", "REQUEST_WEIGHT", 1));
        assertEquals(69, http.limiter().available("REQUEST_WEIGHT"));
    }

    @Test
    void everyAnswerIsReconciledWithTheVenuesCount() throws Exception {
        VenueHttp http = start(400, 90, Map.of());
        VenueHttp.Reply r = await(http.send(HttpMethod.POST, "/api/v3/order", Map.of(), "a=1", "REQUEST_WEIGHT", 1));
        assertEquals(400, r.status(), "an order's error reply comes back for the order protocol to read");
        assertEquals(10, http.limiter().available("REQUEST_WEIGHT"), "the venue says 90 of 100 are used");
    }

    @Test
    void aBanStopsEveryLaterRequestHere() throws Exception {
        VenueHttp http = start(418, 1, Map.of());
        assertEquals(418, await(http.send(HttpMethod.GET, "/api/v3/depth?symbol=X", Map.of(), "", "REQUEST_WEIGHT",
                5)).status());
        VenueHttp.Standing s = http.standing();
        assertEquals(VenueHttp.State.BANNED, s.state());
        assertTrue(s.untilMillis() > System.currentTimeMillis() + 20_000, "Retry-After 30 s: " + s);
        assertTrue(s.reason().contains("IP banned"), s.reason());
        ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> await(http.send(HttpMethod.POST, "/api/v3/order", Map.of(), "a=1", "REQUEST_WEIGHT", 1)));
        RestException refused = (RestException) e.getCause();
        assertEquals(418, refused.status());
        assertTrue(refused.getMessage().contains("banned by the venue (418) until 20"), refused.getMessage());
        assertEquals(1, served.get(), "the order never reached the venue");
    }

    private static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
