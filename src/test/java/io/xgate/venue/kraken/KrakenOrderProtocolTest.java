package io.xgate.venue.kraken;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

/** Kraken order requests (nonce first, API-Sign over path and body) and its replies normalized. */
class KrakenOrderProtocolTest {

    private static final Instrument BTC = new Instrument("BTC-USDT", "BTC/USDT", 1, 1, 8, 1);

    private static VenueConfig venue() {
        Duration s = Duration.ofSeconds(1);
        return new VenueConfig(Path.of("v.yaml"), "v", "kraken",
                new VenueConfig.WebSocket(URI.create("ws://127.0.0.1:1/x"), s, s, s, s, s, s, 0.2, 1 << 20),
                new VenueConfig.Rest(URI.create("http://127.0.0.1:1"), 1, s, s, s, 1), 10, Map.of("BTC-USDT", BTC),
                new VenueConfig.Fees(10, 10), List.of(), Map.of(), new VenueConfig.Credentials(
                        new Secret("k".toCharArray(), "env K"), new Secret(Vectors.KRAKEN_SECRET.toCharArray(),
                        "env S")));
    }

    private static OrderRequest request(OrderRequest.Action action) {
        return new OrderRequest("v", "BTC-USDT", Event.NO_SEQ, Event.NO_TIME, Event.NO_TIME, Event.NO_TIME, action,
                "c-1", Side.SELL, OrderRequest.OrderType.LIMIT, OrderRequest.TimeInForce.GTC, 1, 8, 650_000,
                125_000_000, "");
    }

    private static VenueHttp.Reply reply(int status, String body) {
        return new VenueHttp.Reply(status, "", MultiMap.caseInsensitiveMultiMap(), Buffer.buffer(body));
    }

    @Test
    void requestsStartWithAStrictlyIncreasingNonceAndAreSigned() {
        KrakenOrderProtocol p = new KrakenOrderProtocol(venue());
        long venueNow = 1616492376594L;
        OrderProtocol.WireRequest w = p.build(request(OrderRequest.Action.PLACE), BTC, null, venueNow);
        assertEquals(HttpMethod.POST, w.method());
        assertEquals("/0/private/AddOrder", w.pathAndQuery());
        long nonce = Long.parseLong(w.body().substring(6, w.body().indexOf('&')));
        assertTrue(nonce >= venueNow * 1_000, "microseconds of the venue's time at least: " + nonce);
        assertEquals("nonce=" + nonce + "&ordertype=limit&type=sell&volume=1.25000000&pair=BTC%2FUSDT&price=65000.0"
                + "&cl_ord_id=c-1", w.body());
        assertEquals(new KrakenSigner(null, new Secret(Vectors.KRAKEN_SECRET.toCharArray(), "t"))
                .sign("/0/private/AddOrder", nonce, w.body()), w.headers().get("API-Sign"));
        OrderProtocol.WireRequest next = p.build(request(OrderRequest.Action.QUERY), BTC, "O1", venueNow);
        assertTrue(Long.parseLong(next.body().substring(6, next.body().indexOf('&'))) > nonce, next.body());
        assertEquals("CALL_COUNTER", next.limitClass(), "QueryOrders counts on the REST call counter");
        assertEquals("", w.limitClass(), "AddOrder counts on the trading counter only");
    }

    @Test
    void repliesAreNormalized() {
        KrakenOrderProtocol p = new KrakenOrderProtocol(venue());
        OrderRequest place = request(OrderRequest.Action.PLACE);
        OrderProtocol.Outcome limited = p.read(place, BTC, null, reply(200,
                "{\"error\":[\"EOrder:Rate limit exceeded\"],\"result\":{}}"));
        assertEquals(OrderReport.Status.REJECTED, limited.status());
        assertEquals("EOrder:Rate limit exceeded", limited.code());
        assertEquals(1_000, limited.pauseNewOrdersMillis());
        OrderProtocol.Outcome accepted = p.read(place, BTC, null, reply(200, "{\"error\":[],\"result\":{\"descr\":"
                + "{\"order\":\"sell 1.25 BTC/USDT @ limit 65000.0\"},\"txid\":[\"OUF4EM-FRGI2-MQMWZD\"]}}"));
        assertEquals(OrderReport.Status.ACCEPTED, accepted.status());
        assertEquals("OUF4EM-FRGI2-MQMWZD", accepted.venueOrderId());
        OrderProtocol.Outcome canceled = p.read(request(OrderRequest.Action.CANCEL), BTC, "OUF4EM-FRGI2-MQMWZD",
                reply(200, "{\"error\":[],\"result\":{\"count\":1}}"));
        assertEquals(OrderReport.Status.CANCELED, canceled.status());
        assertEquals("OUF4EM-FRGI2-MQMWZD", canceled.venueOrderId());
        assertEquals(OrderReport.Status.UNKNOWN, p.read(place, BTC, null, reply(502, "")).status());
        assertEquals("BAD_ANSWER", p.read(place, BTC, null, reply(200, "not json")).code());
    }
}
