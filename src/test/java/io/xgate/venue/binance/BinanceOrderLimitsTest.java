package io.xgate.venue.binance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xgate.config.Instrument;
import io.xgate.config.VenueConfig;
import io.xgate.order.OrderThrottle;
import io.xgate.rest.RateLimiter;
import io.xgate.venue.OrderLimitRules;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Binance's order limits through the dialect-free throttle: {@code ORDERS} as a sliding window binds new orders but
 * not cancels; {@code REQUEST_WEIGHT} is the venue's one budget, shared with market data; the weights are the venue
 * file's where it names them.
 */
class BinanceOrderLimitsTest {

    private static final Instrument BTC = new Instrument("BTC-USDT", "BTCUSDT", 2, 1, 5, 1);

    private static VenueConfig venue(List<VenueConfig.RateLimit> limits, Map<String, Integer> weights) {
        Duration s = Duration.ofSeconds(1);
        return new VenueConfig(Path.of("v.yaml"), "v", "binance",
                new VenueConfig.WebSocket(URI.create("ws://127.0.0.1:1/x"), s, s, s, s, s, s, 0.2, 1 << 20),
                new VenueConfig.Rest(URI.create("http://127.0.0.1:1"), 1, s, s, Duration.ofSeconds(10), 1), 100,
                Map.of("BTC-USDT", BTC), new VenueConfig.Fees(10, 10), limits, weights, null);
    }

    /** A request that records what became of it. */
    private static OrderThrottle.Request request(String name, List<String> log, Runnable onSend) {
        return new OrderThrottle.Request() {
            @Override
            public void send() {
                onSend.run();
                log.add(name);
            }

            @Override
            public void refuse(String reason) {
                log.add(name + " refused: " + reason);
            }
        };
    }

    @Test
    void ordersPerIntervalBindNewOrdersButNotCancels() {
        long[] now = {1_000_000_000L};
        VenueConfig v = venue(List.of(new VenueConfig.RateLimit("REQUEST_WEIGHT", 6_000, Duration.ofMinutes(1)),
                new VenueConfig.RateLimit("ORDERS", 10, Duration.ofSeconds(1)),
                new VenueConfig.RateLimit("ORDERS_DAY", 200_000, Duration.ofDays(1))), Map.of());
        RateLimiter shared = new RateLimiter(v);
        OrderThrottle t = new OrderThrottle(v, shared, new BinanceOrderLimits(v), () -> now[0]);
        List<String> sent = new ArrayList<>();
        for (int k = 0; k < 12; k++) {
            t.place("BTCUSDT", request("place" + k, sent, () -> { }));
        }
        assertEquals(10, sent.size(), "ten orders per interval");
        assertEquals(2, t.waiting());
        t.cancel("BTCUSDT", 1_000, request("cancel", sent, () -> { }));
        assertEquals("cancel", sent.get(10), "a cancel does not wait behind throttled new orders");
        assertEquals(2, t.waiting());
        long wait = t.drain();
        assertTrue(wait > 0 && wait <= 1_000_000_000L, "the new orders wait for the window to slide: " + wait);
        now[0] += wait;
        t.drain();
        assertEquals(List.of("place10", "place11"), sent.subList(11, 13));
        assertEquals(200_000 - 12, shared.available("ORDERS_DAY"), "each new order took one of ORDERS_DAY");
        assertEquals(6_000, shared.available("REQUEST_WEIGHT"), "the REST client spends the weight, not the throttle");
    }

    @Test
    void requestWeightIsOneBudgetSharedWithMarketData() {
        VenueConfig v = venue(List.of(new VenueConfig.RateLimit("REQUEST_WEIGHT", 12, Duration.ofDays(1))),
                Map.of());
        RateLimiter shared = new RateLimiter(v);
        OrderThrottle t = new OrderThrottle(v, shared, new BinanceOrderLimits(v), System::nanoTime);
        assertEquals(0, shared.tryAcquire("REQUEST_WEIGHT", 11), "market data spends 11 of 12");
        List<String> log = new ArrayList<>();
        Runnable spend = () -> shared.tryAcquire("REQUEST_WEIGHT", 1); // what the REST client does as it sends
        t.place("BTCUSDT", request("first", log, spend));
        t.place("BTCUSDT", request("second", log, spend));
        assertEquals("first", log.get(0));
        assertTrue(log.get(1).startsWith("second refused: the REQUEST_WEIGHT limit has 0 unit(s) left, it needs 1"),
                log.get(1));
        assertTrue(log.get(1).contains("beyond the request timeout of 10000 ms; not sent"), log.get(1));
        assertEquals(0, t.waiting(), "nothing is held for a day");
    }

    @Test
    void configuredEndpointWeightsReplaceTheDocumentedOnes() {
        OrderLimitRules documented = new BinanceOrderLimits(venue(List.of(), Map.of()));
        OrderLimitRules configured = new BinanceOrderLimits(venue(List.of(), Map.of("POST /api/v3/order", 3,
                "DELETE /api/v3/order", 2)));
        assertEquals(new OrderLimitRules.Cost("REQUEST_WEIGHT", 1, OrderLimitRules.Counting.REST_BUDGET),
                documented.newOrder().get(2));
        assertEquals(3, configured.newOrder().stream().filter(c -> c.limitClass().equals("REQUEST_WEIGHT"))
                .findFirst().orElseThrow().units());
        assertEquals(List.of(new OrderLimitRules.Cost("REQUEST_WEIGHT", 2, OrderLimitRules.Counting.REST_BUDGET)),
                configured.cancel(0));
    }
}
