package io.xgate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.xgate.Gateway;
import io.xgate.config.ConfigLoader;
import io.xgate.event.Addresses;
import io.xgate.event.BookUpdate;
import io.xgate.event.Event;
import io.xgate.event.OrderReport;
import io.xgate.event.OrderRequest;
import io.xgate.event.Side;
import io.xgate.event.SyncState;
import io.xgate.event.VenueStatus;
import io.xgate.venue.Vectors;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A venue has one REST client and one budget, shared by market data and orders, against the real simulator on the
 * Binance dialect: snapshots and orders spend {@code REQUEST_WEIGHT} at the same time and the venue never counts more
 * than its limit; and a 418 on market data bans the whole client, so the next order is refused here, nothing sent,
 * with the ban's reason and its end. Waits on replies and events, never on time.
 */
class SharedBudgetIntegrationTest {

    /** The venue's weight limit: per day, so that nothing refills during the test. */
    private static final int LIMIT = 400;
    private static final Map<String, String> ENV = Map.of("BINANCE_KEY", "test-binance-api-key-5e21",
            "BINANCE_SECRET", Vectors.BINANCE_SECRET);

    @TempDir
    Path dir;

    private Gateway gateway;

    @AfterEach
    void stop() throws Exception {
        if (gateway != null) {
            await(gateway.stop());
        }
    }

    private void start(String faults) throws Exception {
        int port = SimConfig.freePort();
        Files.createDirectories(dir.resolve("venues"));
        Files.writeString(dir.resolve("xgate.yaml"), "venues: [binance]\nsimulator:\n  enabled: true\n  seed: 11\n"
                + faults + "admin: {port: 0}\narbitrage: {enabled: false}\n");
        Files.writeString(dir.resolve("venues/binance.yaml"), String.join("\n", "id: binance", "dialect: binance",
                "websocket: {url: \"ws://127.0.0.1:" + port + "/stream\"}",
                "rest: {url: \"http://127.0.0.1:" + port + "\", requestTimeout: 2s}",
                "bookDepth: 1000", // a snapshot weighs 50
                "rateLimits: [{name: REQUEST_WEIGHT, limit: " + LIMIT + ", interval: 1d}, "
                        + "{name: ORDERS, limit: 1000, interval: 1s}, {name: ORDERS_DAY, limit: 200000, interval: 1d}]",
                "symbols:",
                "  BTC-USDT: {venueSymbol: BTCUSDT, tickSize: \"0.01\", lotSize: \"0.00001\"}",
                "  ETH-USDT: {venueSymbol: ETHUSDT, tickSize: \"0.01\", lotSize: \"0.0001\"}",
                "credentials: {apiKey: {env: BINANCE_KEY}, apiSecret: {env: BINANCE_SECRET}}",
                "risk:",
                "  symbols:",
                "    BTC-USDT: {maxQuantity: \"0.5\", maxNotional: 50000, priceBandBps: 100, maxOpenOrders: 10000}",
                ""));
        gateway = await(Gateway.start(new ConfigLoader(ENV::get).load(dir.resolve("xgate.yaml"))));
    }

    @Test
    void marketDataAndOrdersSpendOneBudgetAndTheVenueNeverCountsMoreThanItsLimit() throws Exception {
        start("");
        Promise<Void> live = Promise.promise();
        AtomicReference<Promise<String>> settled = new AtomicReference<>(Promise.promise());
        AtomicBoolean resyncing = new AtomicBoolean();
        gateway.vertx().eventBus().<VenueStatus>consumer(Addresses.status("binance"), m -> {
            if (m.body().symbols().stream().allMatch(s -> s.state() == SyncState.LIVE)) {
                live.tryComplete();
            }
            VenueStatus.SymbolStatus eth = m.body().symbols().stream().filter(s -> s.symbol().equals("ETH-USDT"))
                    .findFirst().orElseThrow();
            if (eth.reason().contains("REQUEST_WEIGHT limit has")) {
                settled.get().tryComplete(eth.reason()); // refused here, before the venue would
            } else if (eth.state() != SyncState.LIVE) {
                resyncing.set(true);
            } else if (resyncing.get()) {
                settled.get().tryComplete("LIVE again: " + eth.reason()); // the snapshot went out
            }
        });
        await(live.future()); // so far: server time 1, exchangeInfo 20, two snapshots 50 each
        long bid = touch("BTC-USDT")[0];

        // orders (weight 1 each) and resync snapshots (50 each) together ask for far more than the limit
        List<Future<Message<OrderReport>>> replies = new ArrayList<>();
        for (int k = 0; k < 400; k++) {
            replies.add(place("shared-" + k, bid - 5_000 - k));
            if (k % 50 == 0) {
                // ETH-USDT: the orders trade BTC-USDT, whose book must stay LIVE for the risk checks
                gateway.vertx().eventBus().send(Addresses.resync("binance"), "ETH-USDT");
            }
        }
        int accepted = 0;
        int refusedForWeight = 0;
        for (Future<Message<OrderReport>> f : replies) {
            OrderReport r = await(f).body();
            if (r.status() == OrderReport.Status.ACCEPTED) {
                accepted++;
            } else {
                assertEquals(OrderReport.Source.LOCAL, r.source(), r.toString());
                assertEquals("RATE_LIMITED", r.code(), r.toString());
                assertTrue(r.message().contains("REQUEST_WEIGHT"), r.message());
                refusedForWeight++;
            }
        }
        // one more snapshot once every order is answered: the budget is spent by now, so it must be refused here
        settled.set(Promise.promise());
        resyncing.set(false);
        gateway.vertx().eventBus().send(Addresses.resync("binance"), "ETH-USDT");
        String last = await(settled.get().future());

        long max = await(gateway.simulator().maxUsedWeight("binance"));
        long snapshots = await(gateway.simulator().snapshotRequests("binance"));
        assertTrue(max <= LIMIT, "the venue counted " + max + " weight in one minute, over its limit " + LIMIT);
        assertTrue(accepted > 0 && refusedForWeight > 0, accepted + " accepted, " + refusedForWeight + " refused");
        assertTrue(snapshots > 2, "resync snapshots went out beside the orders: " + snapshots);
        assertTrue(accepted + 50 * snapshots + 21 > LIMIT / 2, "both spent the one budget");
        assertTrue(last.contains("REQUEST_WEIGHT limit has"), "the last snapshot: " + last);
    }

    @Test
    void aBanOnMarketDataRefusesTheNextOrderHereWithTheBansReasonAndEnd() throws Exception {
        start("  faults:\n    binance: {rest418Rate: 1.0}\n");
        List<String> outcomes = new ArrayList<>();
        for (int attempt = 0; attempt < 5; attempt++) {
            Promise<VenueStatus> banned = Promise.promise();
            MessageConsumer<VenueStatus> c = gateway.vertx().eventBus().<VenueStatus>consumer(
                    Addresses.status("binance"), m -> {
                        if (m.body().connection() == VenueStatus.Connection.BANNED) {
                            banned.tryComplete(m.body());
                        }
                    });
            await(c.completion());
            VenueStatus st = await(banned.future()); // a depth snapshot was answered 418, Retry-After 1 s
            await(c.unregister());
            OrderReport r = await(place("during-ban-" + attempt, 6_500_000)).body();
            outcomes.add(r.toString());
            if (r.code().equals("BANNED")) {
                assertEquals(OrderReport.Status.REJECTED, r.status(), r.toString());
                assertEquals(OrderReport.Source.LOCAL, r.source(), r.toString());
                assertTrue(r.message().contains("banned us (HTTP 418) until 20"), r.message());
                assertTrue(r.message().contains("Way too much request weight used"), "the venue's reason: "
                        + r.message());
                assertTrue(st.reason().contains("418"), st.reason());
                assertEquals(0, await(gateway.simulator().orderCounts("binance")).accepted(), "nothing was sent");
                return;
            }
            // the 1 s ban ended before the order arrived (a very slow machine): wait for the next one
        }
        throw new AssertionError("no order was refused for the ban: " + outcomes);
    }

    private Future<Message<OrderReport>> place(String clientId, long price) {
        return gateway.vertx().eventBus().request(Addresses.orders("binance"), new OrderRequest("binance", "BTC-USDT",
                Event.NO_SEQ, Event.NO_TIME, Event.NO_TIME, Event.NO_TIME, OrderRequest.Action.PLACE, clientId,
                Side.BUY, OrderRequest.OrderType.LIMIT, OrderRequest.TimeInForce.GTC, 2, 5, price, 1_000, ""),
                new DeliveryOptions().setSendTimeout(60_000));
    }

    private long[] touch(String symbol) throws Exception {
        BookUpdate b = (BookUpdate) await(gateway.vertx().eventBus().request(Addresses.bookQuery("binance", symbol),
                "")).body();
        return new long[] {b.bidPrices()[0], b.askPrices()[0]};
    }

    private static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }
}
