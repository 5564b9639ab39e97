package io.xgate.venue.bybit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
import io.xgate.venue.SigningTool;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Bybit orders (protocol reference 4.3-4.5): the body signed with the venue's time, category by kind, the venue's
 * retCode and retMsg in refusals, 10006 pausing until the reset timestamp, a query read into a fill, lots checked
 * locally; and {@code xgate sign --dialect bybit} on the self-generated vectors of 4.3.
 */
class BybitOrderProtocolTest {

    static final String SECRET = "VDFZSSPUTKRJMXAVMJXBHEXIPZNZJIZUBVRQ";
    private static final Instrument SPOT = new Instrument("BTC-USDT", "BTCUSDT", 2, 1, 6, 1);
    private static final Instrument PERP = new Instrument("BTC-USDT-PERP", "BTCUSDT", 1, 1, 3, 1,
            Instrument.Kind.PERPETUAL, 1000);

    @Test
    void aNewOrderIsSignedOverItsExactBodyWithTheVenuesTime() {
        BybitOrderProtocol p = new BybitOrderProtocol(venue());
        OrderProtocol.WireRequest w = p.build(request(OrderRequest.Action.PLACE, 15600_00, 100_000), SPOT, null,
                1658385579423L);
        assertEquals(HttpMethod.POST, w.method());
        assertEquals("/v5/order/create", w.pathAndQuery());
        assertEquals("{\"category\":\"spot\",\"symbol\":\"BTCUSDT\",\"side\":\"Buy\",\"orderType\":\"Limit\","
                + "\"qty\":\"0.1\",\"price\":\"15600\",\"timeInForce\":\"GTC\",\"orderLinkId\":\"c-1\"}", w.body());
        assertEquals("1658385579423", w.headers().get("X-BAPI-TIMESTAMP"));
        assertEquals("5000", w.headers().get("X-BAPI-RECV-WINDOW"));
        assertEquals("XXXXXXXXXX", w.headers().get("X-BAPI-API-KEY"));
        assertEquals(BybitSigner.signWhole(new Secret(SECRET.toCharArray(), "t"), "1658385579423XXXXXXXXXX5000"
                + w.body()), w.headers().get("X-BAPI-SIGN"));
        OrderProtocol.WireRequest perp = p.build(request(OrderRequest.Action.PLACE, 650_000, 1_000), PERP, null, 1);
        assertTrue(perp.body().startsWith("{\"category\":\"linear\""), perp.body());
        assertTrue(perp.body().contains("\"qty\":\"1\""), "linear quantities are base units: " + perp.body());
        OrderProtocol.WireRequest q = p.build(request(OrderRequest.Action.QUERY, 0, 0), SPOT, "123", 7);
        assertEquals("/v5/order/realtime?category=spot&symbol=BTCUSDT&orderId=123", q.pathAndQuery());
    }

    @Test
    void aQuantityThatIsNotWholeLotsIsRefusedLocally() {
        Instrument lots = new Instrument("ETH-USDT", "ETHUSDT", 2, 1, 5, 10);
        assertThrows(IllegalArgumentException.class, () -> new BybitOrderProtocol(venue())
                .build(request(OrderRequest.Action.PLACE, 100, 15), lots, null, 1));
    }

    @Test
    void repliesCarryTheVenuesCodeAndTooManyVisitsPausesUntilTheReset() {
        BybitOrderProtocol p = new BybitOrderProtocol(venue());
        OrderRequest place = request(OrderRequest.Action.PLACE, 100, 1);
        OrderProtocol.Outcome ok = p.read(place, SPOT, null, reply(200, "{\"retCode\":0,\"retMsg\":\"OK\",\"result\":"
                + "{\"orderId\":\"1321003749386327552\",\"orderLinkId\":\"spot-test-postonly\"},\"retExtInfo\":{},"
                + "\"time\":1672211918471}"));
        assertEquals(OrderReport.Status.ACCEPTED, ok.status());
        assertEquals("1321003749386327552", ok.venueOrderId());
        OrderProtocol.Outcome bad = p.read(place, SPOT, null, reply(200, "{\"retCode\":10004,\"retMsg\":\"error sign!\","
                + "\"result\":{},\"retExtInfo\":{},\"time\":1}"));
        assertEquals(List.of(OrderReport.Status.REJECTED, "10004", "error sign!"),
                List.of(bad.status(), bad.code(), bad.message()));
        long reset = System.currentTimeMillis() + 700;
        OrderProtocol.Outcome busy = p.read(place, SPOT, null, reply(200, "{\"retCode\":10006,\"retMsg\":\"Too many "
                + "visits!\",\"result\":{},\"retExtInfo\":{},\"time\":1}", "X-Bapi-Limit-Reset-Timestamp",
                Long.toString(reset)));
        assertEquals("10006", busy.code());
        assertTrue(busy.pauseNewOrdersMillis() > 400 && busy.pauseNewOrdersMillis() <= 700, busy.toString());
        OrderProtocol.Outcome query = p.read(request(OrderRequest.Action.QUERY, 0, 0), SPOT, "9", reply(200,
                "{\"retCode\":0,\"retMsg\":\"OK\",\"result\":{\"list\":[{\"orderId\":\"9\",\"orderStatus\":\"Filled\","
                        + "\"cumExecQty\":\"0.1\",\"avgPrice\":\"15600.5\"}]},\"time\":1}"));
        assertEquals(List.of(OrderReport.Status.FILLED, 100_000L, 1_560_050L),
                List.of(query.status(), query.filledQuantity(), query.averagePrice()));
        assertEquals(OrderReport.Status.UNKNOWN, p.read(place, SPOT, null, reply(502, "")).status());
        assertEquals("403", p.read(place, SPOT, null, reply(403, "access too frequent")).code());
    }

    @Test
    void theSigningToolReproducesTheSelfGeneratedVectors() {
        Secret secret = new Secret(SECRET.toCharArray(), "test");
        SigningTool t = new BybitDialect().signing();
        assertEquals("efa02766068b9b28c70b29d2738c5e9fea0cd47e2419f63f9e0246eaeb1f3897", t.sign(new SigningTool.Input(
                "1658384314791XXXXXXXXXX5000category=option&symbol=BTC-29JUL22-25000-C", null, null), secret).value());
        assertEquals("0823d1c0375493de2390d9aaba3a4562ae50892a4f227f736885dbfd2132d2e2", t.sign(new SigningTool.Input(
                "1658385579423XXXXXXXXXX5000{\"category\": \"option\"}", null, null), secret).value());
        assertThrows(IllegalArgumentException.class, () -> t.sign(new SigningTool.Input("category=spot", null, null),
                secret));
    }

    private static OrderRequest request(OrderRequest.Action action, long price, long qty) {
        return new OrderRequest("v", "BTC-USDT", Event.NO_SEQ, Event.NO_TIME, Event.NO_TIME, Event.NO_TIME, action,
                "c-1", Side.BUY, OrderRequest.OrderType.LIMIT, OrderRequest.TimeInForce.GTC, 2, 6, price, qty, "");
    }

    private static VenueHttp.Reply reply(int status, String body, String... headers) {
        MultiMap h = MultiMap.caseInsensitiveMultiMap();
        for (int k = 0; k < headers.length; k += 2) {
            h.add(headers[k], headers[k + 1]);
        }
        return new VenueHttp.Reply(status, "status " + status, h, Buffer.buffer(body));
    }

    private static VenueConfig venue() {
        Duration s = Duration.ofSeconds(1);
        return new VenueConfig(Path.of("bybit.yaml"), "bybit", "bybit",
                new VenueConfig.WebSocket(URI.create("ws://127.0.0.1:1/v5/public"), s, s, s, s, s, s, 0.2, 1 << 20),
                new VenueConfig.Rest(URI.create("http://127.0.0.1:1"), 1, s, s, s, 1), 50, Map.of("BTC-USDT", SPOT),
                new VenueConfig.Fees(10, 10), List.of(), Map.of(), new VenueConfig.Credentials(
                        new Secret("XXXXXXXXXX".toCharArray(), "env K"), new Secret(SECRET.toCharArray(), "env S")));
    }
}
