package io.xgate.order;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.xgate.config.Instrument;
import io.xgate.config.Secret;
import io.xgate.config.VenueConfig;
import io.xgate.event.Addresses;
import io.xgate.event.BookTop;
import io.xgate.event.BookUpdate;
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
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Every pre-trade risk rule, through the real order verticle: the order is refused with the rule's name, and the
 * venue (a counting HTTP server standing in for it) never sees a request.
 */
class RiskNeverSendsTest {

    private Vertx vertx = Vertx.vertx();
    private final AtomicInteger requests = new AtomicInteger();

    @AfterEach
    void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private VenueConfig venue(int port, boolean killSwitch, int maxOpen) {
        Duration s = Duration.ofSeconds(2);
        Instrument btc = new Instrument("BTC-USDT", "BTCUSDT", 2, 1, 5, 1);
        Instrument eth = new Instrument("ETH-USDT", "ETHUSDT", 2, 1, 4, 1);
        return new VenueConfig(Path.of("v.yaml"), "v", "binance",
                new VenueConfig.WebSocket(URI.create("ws://127.0.0.1:1/x"), s, s, s, s, s, s, 0.2, 1 << 20),
                new VenueConfig.Rest(URI.create("http://127.0.0.1:" + port), 2, s, s, s, 8),
                100, Map.of("BTC-USDT", btc, "ETH-USDT", eth), new VenueConfig.Fees(10, 10), List.of(), Map.of(),
                new VenueConfig.Credentials(new Secret("key".toCharArray(), "test"),
                        new Secret(Vectors.BINANCE_SECRET.toCharArray(), "test")),
                new VenueConfig.Risk(killSwitch, Map.of("BTC-USDT",
                        new VenueConfig.SymbolRisk(50_000, 30_000, 100, maxOpen))));
    }

    private OrderReport place(String symbol, long price, long qty) throws Exception {
        return vertx.eventBus().<OrderReport>request(Addresses.orders("v"), new OrderRequest("v", symbol,
                Event.NO_SEQ, Event.NO_TIME, Event.NO_TIME, Event.NO_TIME, OrderRequest.Action.PLACE, "c-" + price + "-"
                + qty, Side.BUY, OrderRequest.OrderType.LIMIT, OrderRequest.TimeInForce.GTC, 2,
                symbol.equals("BTC-USDT") ? 5 : 4, price, qty, "")).toCompletionStage().toCompletableFuture()
                .get(10, TimeUnit.SECONDS).body();
    }

    private void start(boolean killSwitch, int maxOpen, boolean withBook) throws Exception {
        EventMessageCodec.register(vertx.eventBus(), new EventCodec(2048, EventCodec.DEFAULT_MAX_BODY));
        HttpServer server = vertx.createHttpServer().requestHandler(req -> {
            requests.incrementAndGet();
            req.response().setStatusCode(500).end();
        }).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        VenueConfig v = venue(server.actualPort(), killSwitch, maxOpen);
        vertx.deployVerticle(new OrderVerticle(v, new VenueHttp(vertx, v, Map.of())))
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        if (withBook) { // a LIVE book: mid 65,000.00
            long now = System.nanoTime();
            vertx.eventBus().publish(Addresses.top("v", "BTC-USDT"), new BookTop("v", "BTC-USDT", 1, now, now, now,
                    now, SyncState.LIVE, 1, 2, 5, new long[] {6_499_900}, new long[] {100}, new long[] {6_500_100},
                    new long[] {100}));
        }
    }

    private static void refused(OrderReport r, String rule) {
        assertEquals(OrderReport.Status.REJECTED, r.status(), r.toString());
        assertEquals(OrderReport.Source.LOCAL, r.source(), r.toString());
        assertEquals(rule, r.code(), r.toString());
    }

    @Test
    void everyRuleRefusesBeforeAnythingIsSent() throws Exception {
        start(false, 0, true);
        // the BookTop reaches the verticle before the first order: both go through the same event loop in order
        refused(place("ETH-USDT", 320_000, 10), "NO_LIMITS");
        refused(place("BTC-USDT", 6_500_000, 50_001), "MAX_QUANTITY");
        refused(place("BTC-USDT", 6_600_000, 1_000), "PRICE_BAND");
        refused(place("BTC-USDT", 6_500_000, 50_000), "MAX_NOTIONAL"); // 0.5 BTC at 65,000 = 32,500 > 30,000
        refused(place("BTC-USDT", 6_500_000, 1_000), "MAX_OPEN_ORDERS"); // maxOpenOrders 0
        assertEquals(0, requests.get(), "a refused order never reaches the venue");
    }

    @Test
    void theKillSwitchRefusesEveryNewOrder() throws Exception {
        start(true, 10, false);
        refused(place("BTC-USDT", 6_500_000, 1_000), "KILL_SWITCH");
        assertEquals(0, requests.get());
    }

    /**
     * No top has reached the desk yet, but the book is LIVE (its first top is on the way): the desk asks the book,
     * takes its touch as the reference, and the order goes on to the next rule; a book that is not LIVE is refused.
     */
    @Test
    void withoutATopTheDeskAsksTheBookItself() throws Exception {
        start(false, 0, false);
        vertx.eventBus().<String>consumer(Addresses.bookQuery("v", "BTC-USDT"), m -> m.reply(new BookUpdate("v",
                "BTC-USDT", 1, 0, 0, 0, BookUpdate.Kind.SNAPSHOT, 1, BookUpdate.NO_CHECKSUM, 2, 5,
                new long[] {6_499_900}, new long[] {100}, new long[] {6_500_100}, new long[] {100}),
                new io.vertx.core.eventbus.DeliveryOptions().addHeader("syncState", "LIVE")))
                .completion().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        refused(place("BTC-USDT", 6_600_000, 1_000), "PRICE_BAND"); // against the book's mid, 65,000.00
        close();
        vertx = Vertx.vertx();
        start(false, 0, false);
        vertx.eventBus().<String>consumer(Addresses.bookQuery("v", "BTC-USDT"), m -> m.reply(new BookUpdate("v",
                "BTC-USDT", 1, 0, 0, 0, BookUpdate.Kind.SNAPSHOT, 1, BookUpdate.NO_CHECKSUM, 2, 5,
                new long[] {6_499_900}, new long[] {100}, new long[] {6_500_100}, new long[] {100}),
                new io.vertx.core.eventbus.DeliveryOptions().addHeader("syncState", "RESYNCING")))
                .completion().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        refused(place("BTC-USDT", 6_600_000, 1_000), "NO_REFERENCE_PRICE");
        assertEquals(0, requests.get());
    }

    @Test
    void noLiveBookMeansNoReferencePrice() throws Exception {
        start(false, 10, false);
        refused(place("BTC-USDT", 6_500_000, 1_000), "NO_REFERENCE_PRICE");
        assertEquals(0, requests.get());
    }
}
