package io.xgate.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.json.JsonObject;
import io.xgate.config.ConfigLoader;
import io.xgate.config.GatewayConfig;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The simulator's connection and REST fault modes, seen from a bare client on loopback: a flapping venue, a
 * handshake black hole, one large single-frame message, the shared REST weight budget with its 429, and the 418
 * ban answer.
 */
class SimulatorFaultsTest {

    @TempDir
    Path dir;

    private Vertx vertx;
    private Simulator simulator;
    private final Map<String, Integer> ports = new java.util.HashMap<>();

    @BeforeEach
    void start() throws Exception {
        Files.createDirectories(dir.resolve("venues"));
        Files.writeString(dir.resolve("xgate.yaml"), "venues: [binance, binanceus, kraken]\n"
                + "simulator:\n  enabled: true\n  stepInterval: 5ms\n  publishInterval: 5ms\n  faults:\n"
                + "    binance: {symbols: [BTC-USDT], largeMessageBytes: 300000, weightLimit: 30}\n"
                + "    binanceus: {flapFor: 1h, rest418Rate: 1}\n"
                + "    kraken: {handshakeBlackHole: 1}\n");
        for (String v : new String[] {"binance", "binanceus", "kraken"}) {
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            ports.put(v, port);
            boolean kraken = v.equals("kraken");
            Files.writeString(dir.resolve("venues/" + v + ".yaml"), String.join("\n", "id: " + v,
                    "dialect: " + (kraken ? "kraken" : "binance"),
                    "websocket: {url: \"ws://127.0.0.1:" + port + (kraken ? "/v2" : "/stream") + "\"}",
                    "rest: {url: \"http://127.0.0.1:" + port + "\"}", "symbols:",
                    kraken ? "  BTC-USDT: {venueSymbol: BTC/USDT, tickSize: \"0.1\", lotSize: \"0.00000001\"}"
                            : "  BTC-USDT: {venueSymbol: BTCUSDT, tickSize: \"0.01\", lotSize: \"0.00001\"}", ""));
        }
        GatewayConfig config = new ConfigLoader(k -> null).load(dir.resolve("xgate.yaml"));
        vertx = Vertx.vertx();
        simulator = new Simulator(config);
        await(vertx.deployVerticle(simulator));
    }

    @AfterEach
    void stop() throws Exception {
        await(vertx.close());
    }

    @Test
    void aFlappingVenueClosesEveryConnectionAtOnce() throws Exception {
        Promise<Void> closed = Promise.promise();
        client().connect(ports.get("binanceus"), "127.0.0.1", "/stream?streams=btcusdt@depth@100ms")
                .onSuccess(ws -> ws.closeHandler(v -> closed.tryComplete()))
                .onFailure(e -> closed.tryComplete());
        await(closed.future());
        assertTrue(await(simulator.faultCounts("binanceus")).getOrDefault("flap", 0L) >= 1);
    }

    @Test
    void theHandshakeBlackHoleNeverAnswersThenLetsTheNextOneIn() throws Exception {
        Promise<String> first = Promise.promise();
        client().connect(new WebSocketConnectOptions().setPort(ports.get("kraken")).setHost("127.0.0.1")
                        .setURI("/v2").setTimeout(1_000))
                .onSuccess(ws -> first.fail("the upgrade was answered"))
                .onFailure(e -> first.complete(e.getMessage()));
        String why = await(first.future());
        assertTrue(why != null, "the first upgrade timed out unanswered");
        WebSocket second = await(client().connect(ports.get("kraken"), "127.0.0.1", "/v2"));
        second.close();
        assertEquals(1L, await(simulator.faultCounts("kraken")).get("handshakeBlackHole"));
    }

    @Test
    void aLargeMessageLeavesAsOneValidFrame() throws Exception {
        Promise<WebSocketFrame> large = Promise.promise();
        // the handler is set on the connection's own context, before it delivers any frame: set from this thread
        // after the connect completed, it could miss a large message sent at once
        await(client().connect(ports.get("binance"), "127.0.0.1", "/stream?streams=btcusdt@depth@100ms")
                .onSuccess(ws -> ws.frameHandler(f -> {
                    if (f.isText() && f.textData().length() >= 300_000) {
                        large.tryComplete(f);
                    }
                })));
        WebSocketFrame f = await(large.future());
        assertTrue(f.isFinal(), "one frame, not fragmented");
        JsonObject data = new JsonObject(f.textData()).getJsonObject("data");
        assertEquals("depthUpdate", data.getString("e"));
        assertEquals("BTCUSDT", data.getString("s"));
        assertEquals(1L, await(simulator.faultCounts("binance")).get("largeMessage"));
    }

    @Test
    void everyRestRequestCountsAgainstOneWeightBudget() throws Exception {
        long now = System.currentTimeMillis();
        if (60_000 - now % 60_000 < 5_000) { // the sequence below must fit in one clock minute
            Thread.sleep(60_000 - now % 60_000 + 100);
        }
        HttpClient http = vertx.createHttpClient();
        int port = ports.get("binance");
        assertEquals("20", get(http, port, HttpMethod.GET, "/api/v3/exchangeInfo").getHeader("X-MBX-USED-WEIGHT-1M"));
        assertEquals("21", get(http, port, HttpMethod.GET, "/api/v3/time").getHeader("X-MBX-USED-WEIGHT-1M"));
        assertEquals("26", get(http, port, HttpMethod.GET, "/api/v3/depth?symbol=BTCUSDT&limit=100")
                .getHeader("X-MBX-USED-WEIGHT-1M"));
        HttpClientResponse order = get(http, port, HttpMethod.GET, "/api/v3/order?symbol=BTCUSDT&orderId=1");
        assertEquals(401, order.statusCode(), "unsigned: -2015");
        assertEquals("30", order.getHeader("X-MBX-USED-WEIGHT-1M"), "GET /api/v3/order weighs 4");
        HttpClientResponse refused = get(http, port, HttpMethod.GET, "/api/v3/time");
        assertEquals(429, refused.statusCode());
        assertTrue(Integer.parseInt(refused.getHeader("Retry-After")) >= 1);
        assertEquals(-1003, new JsonObject(await(refused.body())).getInteger("code"));
        assertEquals(31L, await(simulator.maxUsedWeight("binance")));
        assertEquals(31L, await(simulator.usedWeight("binance")));
    }

    @Test
    void aBanIsAnswered418WithRetryAfterAndBinancesBody() throws Exception {
        HttpClientResponse r = get(vertx.createHttpClient(), ports.get("binanceus"), HttpMethod.GET,
                "/api/v3/depth?symbol=BTCUSDT&limit=100");
        assertEquals(418, r.statusCode());
        assertTrue(Integer.parseInt(r.getHeader("Retry-After")) >= 1);
        JsonObject body = new JsonObject(await(r.body()));
        assertEquals(-1003, body.getInteger("code"));
        assertTrue(body.getString("msg").contains("IP banned until"), body.encode());
    }

    private WebSocketClient client() {
        return vertx.createWebSocketClient(new WebSocketClientOptions().setMaxFrameSize(1 << 22)
                .setMaxMessageSize(1 << 22));
    }

    private static HttpClientResponse get(HttpClient http, int port, HttpMethod method, String uri) throws Exception {
        return await(http.request(method, port, "127.0.0.1", uri).compose(r -> r.send()).compose(r -> r.body()
                .map(b -> r)));
    }

    private static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

}
