package io.xgate.venue.binance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.xgate.config.Instrument;
import io.xgate.config.Secret;
import io.xgate.config.VenueConfig;
import io.xgate.event.Event;
import io.xgate.event.OrderReport;
import io.xgate.event.OrderRequest;
import io.xgate.event.Side;
import io.xgate.rest.VenueHttp;
import io.xgate.venue.OrderProtocol;
import io.xgate.venue.Vectors;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Binance order requests as the protocol reference documents them, and every kind of reply normalized. */
class BinanceOrderProtocolTest {

    private static final Instrument BTC = new Instrument("BTC-USDT", "BTCUSDT", 2, 1, 5, 1);
    private static final String KEY = "key-value-binance-1";

    private static VenueConfig venue() {
        Duration s = Duration.ofSeconds(1);
        return new VenueConfig(Path.of("v.yaml"), "v", "binance",
                new VenueConfig.WebSocket(URI.create("ws://127.0.0.1:1/x"), s, s, s, s, s, s, 0.2, 1 << 20),
                new VenueConfig.Rest(URI.create("http://127.0.0.1:1"), 1, s, s, s, 1), 100, Map.of("BTC-USDT", BTC),
                new VenueConfig.Fees(10, 10), List.of(), Map.of(), new VenueConfig.Credentials(
                        new Secret(KEY.toCharArray(), "env K"), new Secret(Vectors.BINANCE_SECRET.toCharArray(),
                        "env S")));
    }

    private static OrderRequest request(OrderRequest.Action action) {
        return new OrderRequest("v", "BTC-USDT", Event.NO_SEQ, Event.NO_TIME, Event.NO_TIME, Event.NO_TIME, action,
                "c-1", Side.BUY, OrderRequest.OrderType.LIMIT, OrderRequest.TimeInForce.GTC, 2, 5, 6_500_000, 1_000, "");
    }

    private static VenueHttp.Reply reply(int status, String body, String... headers) {
        MultiMap h = MultiMap.caseInsensitiveMultiMap();
        for (int k = 0; k < headers.length; k += 2) {
            h.add(headers[k], headers[k + 1]);
        }
        return new VenueHttp.Reply(status, "status " + status, h, Buffer.buffer(body));
    }

    @Test
    void aNewOrderIsSignedOverItsBodyWithTheVenuesTime() {
        BinanceOrderProtocol p = new BinanceOrderProtocol(venue());
        OrderProtocol.WireRequest w = p.build(request(OrderRequest.Action.PLACE), BTC, null, 1499827319559L);
        assertEquals(HttpMethod.POST, w.method());
        assertEquals("/api/v3/order", w.pathAndQuery());
        assertEquals("symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&price=65000.00&quantity=0.01000"
                + "&newClientOrderId=c-1&recvWindow=5000&timestamp=1499827319559", w.body().substring(0,
                w.body().indexOf("&signature=")));
        String signed = w.body().substring(0, w.body().indexOf("&signature="));
        assertEquals(new BinanceSigner(null, new Secret(Vectors.BINANCE_SECRET.toCharArray(), "t")).sign(signed),
                w.body().substring(w.body().indexOf("&signature=") + 11));
        assertEquals(KEY, w.headers().get("X-MBX-APIKEY"));
        assertEquals("REQUEST_WEIGHT", w.limitClass());
        assertEquals(1, w.cost());
        assertEquals("POST /api/v3/order", w.endpoint());
        assertFalse(w.toString().contains(KEY) || p.toString().contains(Vectors.BINANCE_SECRET), w + " " + p);
    }

    @Test
    void cancelAndQueryNameTheOrderInTheQueryString() {
        BinanceOrderProtocol p = new BinanceOrderProtocol(venue());
        OrderProtocol.WireRequest cancel = p.build(request(OrderRequest.Action.CANCEL), BTC, "28", 1L);
        assertEquals(HttpMethod.DELETE, cancel.method());
        assertTrue(cancel.pathAndQuery().startsWith("/api/v3/order?symbol=BTCUSDT&orderId=28&recvWindow=5000"
                + "&timestamp=1&signature="), cancel.pathAndQuery());
        assertEquals(1, cancel.cost());
        OrderProtocol.WireRequest query = p.build(request(OrderRequest.Action.QUERY), BTC, null, 1L);
        assertEquals(HttpMethod.GET, query.method());
        assertTrue(query.pathAndQuery().contains("&origClientOrderId=c-1&"), query.pathAndQuery());
        assertEquals(4, query.cost(), "GET /api/v3/order weighs 4");
    }

    @Test
    void repliesAreNormalized() {
        BinanceOrderProtocol p = new BinanceOrderProtocol(venue());
        OrderRequest place = request(OrderRequest.Action.PLACE);
        OrderProtocol.Outcome filled = p.read(place, BTC, null, reply(200, "{\"orderId\":28,\"status\":\"FILLED\","
                + "\"executedQty\":\"0.01000000\",\"fills\":[{\"price\":\"65001.50000000\",\"qty\":\"0.01\"}]}"));
        assertEquals(new OrderProtocol.Outcome(OrderReport.Status.FILLED, "28", "", "FILLED", 1_000, 6_500_150, 0),
                filled);
        OrderProtocol.Outcome tooMany = p.read(place, BTC, null, reply(429, "{\"code\":-1015,\"msg\":\"Too many new "
                + "orders.\"}", "Retry-After", "2"));
        assertEquals(OrderReport.Status.REJECTED, tooMany.status());
        assertEquals("-1015", tooMany.code());
        assertEquals(2_000, tooMany.pauseNewOrdersMillis(), "new orders wait for Retry-After");
        assertTrue(tooMany.message().contains("nothing more is sent for 2000 ms"), tooMany.message());
        OrderProtocol.Outcome refused = p.read(place, BTC, null, reply(400, "{\"code\":-2010,\"msg\":\"Account has "
                + "insufficient balance.\"}"));
        assertEquals(OrderProtocol.Outcome.rejected("-2010", "Account has insufficient balance."), refused);
        assertEquals(OrderReport.Status.UNKNOWN, p.read(place, BTC, null, reply(503, "")).status(),
                "5xx: the order may exist");
        assertEquals(OrderReport.Status.UNKNOWN, p.read(place, BTC, null, reply(200, "<html>")).status(),
                "an unreadable answer says nothing certain");
    }
}
