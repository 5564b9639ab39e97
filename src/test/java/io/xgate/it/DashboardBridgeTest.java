package io.xgate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.xgate.Gateway;
import io.xgate.config.ConfigLoader;
import io.xgate.event.Addresses;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard's SockJS event-bus bridge seen by a real client (a WebSocket speaking the bridge's JSON frames on
 * SockJS's raw WebSocket transport, {@code /eventbus/websocket}), against the gateway on the simulator: it lets out
 * the dashboard's addresses, conflates tops to at most 10 per second, refuses every inbound message and every
 * subscription to an address that is not the dashboard's, and nothing refused reaches the event bus.
 */
class DashboardBridgeTest {

    @TempDir
    Path dir;

    private Gateway gateway;
    private WebSocketClient client;

    @AfterEach
    void stop() throws Exception {
        if (client != null) {
            await(client.close());
        }
        if (gateway != null) {
            await(gateway.stop());
        }
    }

    @Test
    void theBridgeLetsOutOnlyTheDashboardAddressesAndLetsNothingIn() throws Exception {
        gateway = await(Gateway.start(new ConfigLoader(k -> null).load(SimConfig.write(dir, "", "23h"))));
        // every message put on the event bus, seen as it is sent (synchronously, on the sender's thread): a message
        // the bridge let in would be here before the bridge answered the browser
        List<String> fromBrowsers = new ArrayList<>();
        gateway.vertx().eventBus().addOutboundInterceptor(dc -> {
            Object body = dc.message().body();
            if (body != null && String.valueOf(body).contains("a browser")) {
                synchronized (fromBrowsers) {
                    fromBrowsers.add(dc.message().address() + ": " + body);
                }
            }
            dc.next();
        });

        client = gateway.vertx().createWebSocketClient();
        BlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();
        WebSocket ws = await(client.connect(new WebSocketConnectOptions().setHost("127.0.0.1")
                .setPort(gateway.adminPort()).setURI("/eventbus/websocket")));
        // the raw transport writes the bridge's JSON as binary messages
        ws.handler(b -> frames.add(new JsonObject(b.toString())));

        // a public address: its messages come, as JSON
        ws.writeTextMessage(register("xgate.dash.venues"));
        JsonObject venues = next(frames, f -> "rec".equals(f.getString("type")));
        assertEquals("xgate.dash.venues", venues.getString("address"));
        assertEquals(SimConfig.VENUES.size(), venues.getJsonObject("body").getJsonArray("venues").size(), venues.encode());

        // the book's tops are conflated: 21 in a row span at least 2 s (the simulator publishes every 2 ms)
        ws.writeTextMessage(register("xgate.dash.top.binance.BTC-USDT"));
        long first = 0;
        for (int i = 0; i <= 20; i++) {
            JsonObject top = next(frames, f -> "xgate.dash.top.binance.BTC-USDT".equals(f.getString("address")));
            assertEquals("BTC-USDT", top.getJsonObject("body").getString("symbol"));
            if (i == 0) {
                first = System.nanoTime();
            }
        }
        long spanMillis = (System.nanoTime() - first) / 1_000_000;
        assertTrue(spanMillis >= 1_800, "20 intervals of tops in " + spanMillis + " ms: more than 10 a second");

        // subscriptions to anything else are refused: an event-bus address, and one with the dashboard's prefix that
        // no venue or symbol has
        for (String a : List.of("xgate.md.top.binance.BTC-USDT", Addresses.OPPORTUNITY, "xgate.dash.top.binance.DOGE-USDT",
                "xgate.dash.x")) {
            ws.writeTextMessage(register(a));
            JsonObject err = next(frames, f -> "err".equals(f.getString("type")), "the refusal of register " + a);
            assertTrue(List.of("access_denied", "rejected").contains(err.getString("body")), a + ": " + err.encode());
        }
        // and nothing inbound passes: send or publish, to an event-bus address or to the dashboard's own
        for (String type : List.of("send", "publish")) {
            for (String a : List.of(Addresses.OPPORTUNITY, Addresses.orders("binance"), Addresses.resync("binance"),
                    "xgate.dash.venues", "xgate.dash.top.binance.BTC-USDT")) {
                ws.writeTextMessage(new JsonObject().put("type", type).put("address", a)
                        .put("body", new JsonObject().put("from", "a browser")).encode());
                JsonObject err = next(frames, f -> "err".equals(f.getString("type")), "the refusal of " + type + " " + a);
                assertEquals("rejected", err.getString("body"), type + " " + a + ": " + err.encode());
            }
        }
        synchronized (fromBrowsers) {
            assertTrue(fromBrowsers.isEmpty(), "let in: " + fromBrowsers);
        }
        // and no refused subscription delivered anything: only the two public addresses ever came
        ws.writeTextMessage(new JsonObject().put("type", "ping").encode());
        next(frames, f -> "xgate.dash.venues".equals(f.getString("address")));
        for (JsonObject f : frames) {
            assertTrue(f.getString("address") == null || f.getString("address").startsWith("xgate.dash.venues")
                    || f.getString("address").equals("xgate.dash.top.binance.BTC-USDT"), f.encode());
        }
    }

    private static String register(String address) {
        return new JsonObject().put("type", "register").put("address", address).encode();
    }

    /** The next frame that matches, skipping others; fails after 15 s. */
    private static JsonObject next(BlockingQueue<JsonObject> frames, Predicate<JsonObject> match) throws Exception {
        return next(frames, match, "a matching frame");
    }

    private static JsonObject next(BlockingQueue<JsonObject> frames, Predicate<JsonObject> match, String what)
            throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < end) {
            JsonObject f = frames.poll(end - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (f != null && match.test(f)) {
                return f;
            }
            if (f != null && "rec".equals(f.getString("type"))) {
                String a = f.getString("address");
                assertTrue(a.equals("xgate.dash.venues") || a.equals("xgate.dash.top.binance.BTC-USDT"),
                        "a message from an address never granted: " + f.encode());
            }
        }
        assertNotNull(null, "no " + what + " in 15 s");
        return null;
    }

    private static <T> T await(io.vertx.core.Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }
}
