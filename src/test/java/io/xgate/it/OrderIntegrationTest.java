package io.xgate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import io.xgate.Gateway;
import io.xgate.config.ConfigLoader;
import io.xgate.config.GatewayConfig;
import io.xgate.config.Secret;
import io.xgate.event.Addresses;
import io.xgate.event.BookUpdate;
import io.xgate.event.Event;
import io.xgate.event.OrderReport;
import io.xgate.event.OrderRequest;
import io.xgate.event.Side;
import io.xgate.event.SyncState;
import io.xgate.event.VenueStatus;
import io.xgate.sim.market.OrderCounts;
import io.xgate.venue.binance.BinanceSigner;
import io.xgate.venue.kraken.KrakenSigner;
import io.xgate.venue.Vectors;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The order path end to end against the simulator's order endpoints: place, query, cancel and fill on both
 * dialects, signed as each venue documents it; refusals by the venue (a wrong key's signature, a stale timestamp,
 * a reused nonce) and by the gateway's own risk rules (never sent); a burst within the venue's limits as the
 * simulator counts them, with its 429s honoured; and not one secret in the logs. Waits on replies, never on time.
 */
class OrderIntegrationTest {

    private static final String BINANCE_KEY = "test-binance-api-key-7f3a";
    private static final String KRAKEN_KEY = "test-kraken-api-key-91cd";
    private static final String OTHER_SECRET = "a-different-secret-the-venue-does-not-know";
    private static final Map<String, String> ENV = Map.of("BINANCE_KEY", BINANCE_KEY, "BINANCE_SECRET",
            Vectors.BINANCE_SECRET, "KRAKEN_KEY", KRAKEN_KEY, "KRAKEN_SECRET", Vectors.KRAKEN_SECRET,
            "OTHER_SECRET", OTHER_SECRET);

    @TempDir
    Path dir;

    private Gateway gateway;
    private int orderIds;

    @AfterEach
    void stop() throws Exception {
        if (gateway != null) {
            await(gateway.stop());
        }
    }

    private void start(String simulatorExtra, String binanceOrderLimit) throws Exception {
        Path conf = SimConfig.write(dir, "  accounts:\n    binanceus: {apiKey: {env: BINANCE_KEY}, apiSecret: "
                + "{env: OTHER_SECRET}}\n" + simulatorExtra, "23h");
        String risk = "risk:\n  symbols:\n"
                + "    BTC-USDT: {maxQuantity: \"0.5\", maxNotional: 50000, priceBandBps: 100, maxOpenOrders: 1000}\n"
                + "    ETH-USDT: {maxQuantity: \"5\", maxNotional: 50000, priceBandBps: 100, maxOpenOrders: 1000}\n";
        for (String v : List.of("binance", "binanceus")) {
            Path f = dir.resolve("venues/" + v + ".yaml");
            Files.writeString(f, Files.readString(f).replaceAll("rateLimits: .*\n", "rateLimits: [{name: "
                    + "REQUEST_WEIGHT, limit: 600000, interval: 1m}, {name: ORDERS, limit: " + binanceOrderLimit
                    + ", interval: 1s}, {name: ORDERS_DAY, limit: 200000, interval: 1d}]\n")
                    + "credentials: {apiKey: {env: BINANCE_KEY}, apiSecret: {env: BINANCE_SECRET}}\n" + risk);
        }
        Path k = dir.resolve("venues/kraken.yaml");
        Files.writeString(k, Files.readString(k) + "rateLimits: [{name: TRADING_PER_PAIR, limit: 60, interval: 60s}]\n"
                + "credentials: {apiKey: {env: KRAKEN_KEY}, apiSecret: {env: KRAKEN_SECRET}}\n" + risk);
        GatewayConfig config = new ConfigLoader(ENV::get).load(conf);
        gateway = await(Gateway.start(config));
        List<Future<?>> live = new ArrayList<>();
        for (String v : SimConfig.VENUES) {
            Promise<Void> p = Promise.promise();
            live.add(p.future());
            gateway.vertx().eventBus().<VenueStatus>consumer(Addresses.status(v), m -> {
                if (m.body().symbols().stream().allMatch(s -> s.state() == SyncState.LIVE)) {
                    p.tryComplete();
                }
            });
        }
        await(Future.all(live));
    }

    @Test
    void placeQueryCancelFillAndEveryRefusalSaysWhy() throws Exception {
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        ch.qos.logback.classic.Logger root = ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger("ROOT");
        root.addAppender(logs);
        try {
            start("", "50");
            long[] touch = touch("binance", "BTC-USDT");
            long bid = touch[0];
            long ask = touch[1];

            OrderReport placed = order("binance", OrderRequest.Action.PLACE, "b-1", Side.BUY, bid - 5_000, 1_000, "");
            assertEquals(OrderReport.Status.ACCEPTED, placed.status(), placed.toString());
            assertFalse(placed.venueOrderId().isEmpty());
            assertEquals(OrderReport.Status.ACCEPTED,
                    order("binance", OrderRequest.Action.QUERY, "b-1", Side.BUY, 0, 0, "").status());
            OrderReport canceled = order("binance", OrderRequest.Action.CANCEL, "b-1", Side.BUY, 0, 0, "");
            assertEquals(OrderReport.Status.CANCELED, canceled.status(), canceled.toString());
            // 20.00 above the ask: the fast simulated market may move a few dollars before the order arrives
            OrderReport filled = order("binance", OrderRequest.Action.PLACE, "b-2", Side.BUY, ask + 2_000, 1_000, "");
            assertEquals(OrderReport.Status.FILLED, filled.status(), filled.toString());
            assertEquals(1_000, filled.filledQuantity());
            assertTrue(filled.averagePrice() > 0 && filled.averagePrice() <= ask + 2_000, filled.toString());

            OrderCounts before = await(gateway.simulator().orderCounts("binance"));
            OrderReport band = order("binance", OrderRequest.Action.PLACE, "b-3", Side.BUY, bid * 95 / 100, 1_000, "");
            assertEquals(OrderReport.Source.LOCAL, band.source());
            assertEquals("PRICE_BAND", band.code(), band.toString());
            OrderReport big = order("binance", OrderRequest.Action.PLACE, "b-4", Side.BUY, bid, 60_000, "");
            assertEquals("MAX_QUANTITY", big.code(), big.toString());
            assertEquals(before.accepted(), await(gateway.simulator().orderCounts("binance")).accepted(),
                    "orders refused by the risk rules never reach the venue");

            OrderReport forged = order("binanceus", OrderRequest.Action.PLACE, "u-1", Side.BUY, bid - 5_000, 1_000, "");
            assertEquals(OrderReport.Status.REJECTED, forged.status());
            assertEquals(OrderReport.Source.VENUE, forged.source());
            assertEquals("-1022", forged.code(), forged.toString());
            assertTrue(forged.message().contains("Signature for this request is not valid"), forged.message());

            long[] kTouch = touch("kraken", "BTC-USDT");
            OrderReport kPlaced = order("kraken", OrderRequest.Action.PLACE, "k-1", Side.SELL, kTouch[1] + 500,
                    100_000, "");
            assertEquals(OrderReport.Status.ACCEPTED, kPlaced.status(), kPlaced.toString());
            assertTrue(kPlaced.venueOrderId().startsWith("O"), kPlaced.toString());
            assertEquals(OrderReport.Status.ACCEPTED,
                    order("kraken", OrderRequest.Action.QUERY, "k-1", Side.SELL, 0, 0, "").status());
            assertEquals(OrderReport.Status.CANCELED,
                    order("kraken", OrderRequest.Action.CANCEL, "k-1", Side.SELL, 0, 0, "").status());

            // what the simulated venues do with requests the gateway would never send
            HttpClient http = HttpClient.newHttpClient();
            String binanceUrl = gateway.config().venues().get(0).rest().url().toString();
            BinanceSigner signer = new BinanceSigner(null, new Secret(Vectors.BINANCE_SECRET.toCharArray(), "test"));
            String stale = "symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.00100&price=1.00"
                    + "&newClientOrderId=raw-1&recvWindow=5000&timestamp=" + (System.currentTimeMillis() - 60_000);
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(binanceUrl + "/api/v3/order"))
                    .header("X-MBX-APIKEY", BINANCE_KEY).header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(stale + "&signature=" + signer.sign(stale))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(400, r.statusCode(), r.body());
            assertEquals(-1021, new JsonObject(r.body()).getInteger("code"), r.body());

            String krakenUrl = gateway.config().venues().get(2).rest().url().toString();
            KrakenSigner kSigner = new KrakenSigner(null, new Secret(Vectors.KRAKEN_SECRET.toCharArray(), "test"));
            long nonce = kSigner.nextNonce() + 60_000_000L; // above every nonce the gateway used
            String body = "nonce=" + nonce + "&txid=NONE";
            String sign = kSigner.sign("/0/private/QueryOrders", nonce, body);
            List<String> answers = new ArrayList<>();
            for (int k = 0; k < 2; k++) {
                answers.add(http.send(HttpRequest.newBuilder(URI.create(krakenUrl + "/0/private/QueryOrders"))
                        .header("API-Key", KRAKEN_KEY).header("API-Sign", sign)
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString())
                        .body());
            }
            assertTrue(answers.get(0).contains("EOrder:Unknown order"), answers.toString());
            assertTrue(answers.get(1).contains("EAPI:Invalid nonce"), "a reused nonce: " + answers);
        } finally {
            root.detachAppender(logs);
        }
        List<String> lines = new ArrayList<>();
        for (ILoggingEvent e : logs.list) {
            lines.add(e.getFormattedMessage() + (e.getThrowableProxy() == null ? "" : e.getThrowableProxy().getMessage()));
        }
        assertTrue(lines.size() > 20, "the run logged: " + lines.size());
        assertTrue(lines.stream().anyMatch(l -> l.contains("order API")), "orders were set up and logged");
        for (String secret : List.of(Vectors.BINANCE_SECRET, Vectors.KRAKEN_SECRET, OTHER_SECRET, BINANCE_KEY,
                KRAKEN_KEY)) {
            assertTrue(lines.stream().noneMatch(l -> l.contains(secret)), "a secret in the logs");
        }
        assertFalse(gateway.config().venues().get(0).toString().contains(Vectors.BINANCE_SECRET));
        assertFalse(gateway.config().venues().get(0).credentials().toString().contains(BINANCE_KEY));
    }

    @Test
    void aBurstOf500OrdersStaysWithinTheVenuesLimitsAndItsRateLimitsAreHonoured() throws Exception {
        start("  faults:\n    binance: {order429Rate: 0.02}\n", "100");
        long[] touch = touch("binance", "BTC-USDT");
        List<Future<io.vertx.core.eventbus.Message<OrderReport>>> replies = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int k = 0; k < 500; k++) {
            replies.add(request("binance", OrderRequest.Action.PLACE, "burst-" + k, Side.BUY, touch[0] - 5_000 - k,
                    1_000, ""));
        }
        int accepted = 0;
        int rateLimited = 0;
        for (Future<io.vertx.core.eventbus.Message<OrderReport>> f : replies) {
            OrderReport r = await(f).body();
            if (r.status() == OrderReport.Status.ACCEPTED) {
                accepted++;
            } else {
                assertTrue(r.code().equals("-1015") || r.code().equals("RATE_LIMITED"), r.toString());
                rateLimited++;
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        OrderCounts seen = await(gateway.simulator().orderCounts("binance"));
        assertEquals(500, accepted + rateLimited);
        assertTrue(seen.maxPerSecond() <= 100, "the venue counted " + seen.maxPerSecond() + " new orders in one second, over its 100");
        assertTrue(seen.rateLimited() > 0, "the fault injected no 429");
        assertEquals(0, seen.retryAfterIgnored(), "orders sent inside a Retry-After window");
        assertTrue(accepted >= 300, "accepted " + accepted + " of 500 in " + seconds + " s");
    }

    /** The best bid and ask of a LIVE book, from its verticle. */
    /** Post-only (time in force 4): a limit order that rests, or that the venue refuses because it would take. */
    @Test
    void postOnlyOrdersRestOrAreRefusedByTheVenue() throws Exception {
        start("", "50");
        for (String venue : List.of("binance", "kraken")) {
            long[] touch = touch(venue, "BTC-USDT");
            long dollars = venue.equals("kraken") ? 10 : 100; // mantissa units of one dollar at the tick's scale
            OrderReport taking = await(request(venue, OrderRequest.Action.PLACE, venue + "-po-1", Side.BUY,
                    touch[1] + 20 * dollars, 1_000, "", OrderRequest.TimeInForce.POST_ONLY)).body();
            assertEquals(OrderReport.Status.REJECTED, taking.status(), taking.toString());
            assertEquals(OrderReport.Source.VENUE, taking.source(), "the venue refused it, by its own rule");
            assertEquals(venue.equals("kraken") ? "EOrder:Post only order" : "-2010", taking.code(), taking.toString());
            OrderReport resting = await(request(venue, OrderRequest.Action.PLACE, venue + "-po-2", Side.BUY,
                    touch[0] - 50 * dollars, 1_000, "", OrderRequest.TimeInForce.POST_ONLY)).body();
            assertEquals(OrderReport.Status.ACCEPTED, resting.status(), resting.toString());
            assertEquals(OrderReport.Status.CANCELED,
                    order(venue, OrderRequest.Action.CANCEL, venue + "-po-2", Side.BUY, 0, 0, "").status());
        }
    }

    private long[] touch(String venue, String symbol) throws Exception {
        BookUpdate b = (BookUpdate) await(gateway.vertx().eventBus().request(Addresses.bookQuery(venue, symbol), ""))
                .body();
        return new long[] {b.bidPrices()[0], b.askPrices()[0]};
    }

    private OrderReport order(String venue, OrderRequest.Action action, String clientId, Side side, long price,
                              long quantity, String venueOrderId) throws Exception {
        return await(request(venue, action, clientId, side, price, quantity, venueOrderId)).body();
    }

    private Future<io.vertx.core.eventbus.Message<OrderReport>> request(String venue, OrderRequest.Action action,
            String clientId, Side side, long price, long quantity, String venueOrderId) {
        return request(venue, action, clientId, side, price, quantity, venueOrderId, OrderRequest.TimeInForce.GTC);
    }

    private Future<io.vertx.core.eventbus.Message<OrderReport>> request(String venue, OrderRequest.Action action,
            String clientId, Side side, long price, long quantity, String venueOrderId,
            OrderRequest.TimeInForce timeInForce) {
        var instrument = gateway.config().venues().stream().filter(v -> v.id().equals(venue)).findFirst().orElseThrow()
                .instruments().get("BTC-USDT");
        orderIds++;
        return gateway.vertx().eventBus().request(Addresses.orders(venue), new OrderRequest(venue, "BTC-USDT",
                Event.NO_SEQ, Event.NO_TIME, Event.NO_TIME, Event.NO_TIME, action, clientId, side,
                OrderRequest.OrderType.LIMIT, timeInForce, instrument.priceScale(),
                instrument.sizeScale(), price, quantity, venueOrderId),
                new io.vertx.core.eventbus.DeliveryOptions().setSendTimeout(120_000));
    }

    private static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
    }
}
