package io.xgate.order;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.http.HttpServer;
import io.xgate.config.Instrument;
import io.xgate.config.Secret;
import io.xgate.config.VenueConfig;
import io.xgate.event.Addresses;
import io.xgate.event.BookTop;
import io.xgate.event.Event;
import io.xgate.event.EventCodec;
import io.xgate.event.EventMessageCodec;
import io.xgate.event.OrderReport;
import io.xgate.event.OrderRequest;
import io.xgate.event.Side;
import io.xgate.event.SyncState;
import io.xgate.rest.VenueHttp;
import io.xgate.venue.Vectors;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The order desk keeps its own view of the venue's clock, from the offsets the venue verticle publishes on
 * {@code xgate.ctl.clock.<venue>}: a signed timestamp is the venue's time (0 offset before the first sample).
 */
class OrderDeskClockTest {

    private static final long OFFSET = 3_600_000; // the venue is an hour ahead

    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void signedTimestampsUseTheLastPublishedOffset() throws Exception {
        EventMessageCodec.register(vertx.eventBus(), new EventCodec(2048, EventCodec.DEFAULT_MAX_BODY));
        java.util.concurrent.LinkedBlockingQueue<Long> timestamps = new java.util.concurrent.LinkedBlockingQueue<>();
        HttpServer server = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(b -> {
            String ts = b.toString().replaceAll(".*&timestamp=([0-9]+).*", "$1");
            timestamps.add(Long.parseLong(ts));
            req.response().setStatusCode(200).end("{\"orderId\":7,\"status\":\"NEW\"}");
        })).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        Duration s = Duration.ofSeconds(2);
        Instrument btc = new Instrument("BTC-USDT", "BTCUSDT", 2, 1, 5, 1);
        VenueConfig v = new VenueConfig(Path.of("v.yaml"), "v", "binance",
                new VenueConfig.WebSocket(URI.create("ws://127.0.0.1:1/x"), s, s, s, s, s, s, 0.2, 1 << 20),
                new VenueConfig.Rest(URI.create("http://127.0.0.1:" + server.actualPort()), 2, s, s, s, 8), 100,
                Map.of("BTC-USDT", btc), new VenueConfig.Fees(10, 10), List.of(), Map.of(),
                new VenueConfig.Credentials(new Secret("key".toCharArray(), "test"),
                        new Secret(Vectors.BINANCE_SECRET.toCharArray(), "test")),
                new VenueConfig.Risk(false, Map.of("BTC-USDT", new VenueConfig.SymbolRisk(50_000, 30_000, 100, 10))));
        vertx.deployVerticle(new OrderVerticle(v, new VenueHttp(vertx, v, Map.of()))).toCompletionStage()
                .toCompletableFuture().get(10, TimeUnit.SECONDS);
        long now = System.nanoTime();
        vertx.eventBus().publish(Addresses.top("v", "BTC-USDT"), new BookTop("v", "BTC-USDT", 1, now, now, now, now,
                SyncState.LIVE, 1, 2, 5, new long[] {6_499_900}, new long[] {100}, new long[] {6_500_100},
                new long[] {100}));

        long before = System.currentTimeMillis();
        assertEquals(OrderReport.Status.ACCEPTED, place("c-1").status());
        long unknownClock = timestamps.poll(10, TimeUnit.SECONDS);
        assertTrue(unknownClock >= before && unknownClock <= System.currentTimeMillis(),
                "before the first sample the offset is 0: " + unknownClock);

        // delivered in order on the desk's context, before the next order
        vertx.eventBus().publish(Addresses.clock("v"), OFFSET, new DeliveryOptions().setLocalOnly(true));
        before = System.currentTimeMillis();
        assertEquals(OrderReport.Status.ACCEPTED, place("c-2").status());
        long venueTime = timestamps.poll(10, TimeUnit.SECONDS);
        assertTrue(venueTime >= before + OFFSET && venueTime <= System.currentTimeMillis() + OFFSET,
                "the venue's time: " + (venueTime - before) + " ms ahead");
    }

    private OrderReport place(String clientId) throws Exception {
        Promise<OrderReport> p = Promise.promise();
        vertx.eventBus().<OrderReport>request(Addresses.orders("v"), new OrderRequest("v", "BTC-USDT", Event.NO_SEQ,
                Event.NO_TIME, Event.NO_TIME, Event.NO_TIME, OrderRequest.Action.PLACE, clientId, Side.BUY,
                OrderRequest.OrderType.LIMIT, OrderRequest.TimeInForce.GTC, 2, 5, 6_500_000, 1_000, ""))
                .onComplete(ar -> {
                    if (ar.succeeded()) {
                        p.complete(ar.result().body());
                    } else {
                        p.fail(ar.cause());
                    }
                });
        return p.future().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
