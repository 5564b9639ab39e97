package io.xgate.venue.kraken;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xgate.config.Instrument;
import io.xgate.config.VenueConfig;
import io.xgate.order.OrderThrottle;
import io.xgate.rest.RateLimiter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Kraken's trading counter through the dialect-free throttle: per pair, a young order's cancel costs more (the
 * documented table), and cancels go first.
 */
class KrakenOrderLimitsTest {

    private static VenueConfig venue(List<VenueConfig.RateLimit> limits) {
        Duration s = Duration.ofSeconds(1);
        return new VenueConfig(Path.of("v.yaml"), "v", "kraken",
                new VenueConfig.WebSocket(URI.create("ws://127.0.0.1:1/x"), s, s, s, s, s, s, 0.2, 1 << 20),
                new VenueConfig.Rest(URI.create("http://127.0.0.1:1"), 1, s, s, Duration.ofSeconds(10), 1), 10,
                Map.of("BTC-USDT", new Instrument("BTC-USDT", "XBT/USD", 1, 1, 8, 1)), new VenueConfig.Fees(10, 10),
                limits, Map.of(), null);
    }

    private static OrderThrottle.Request request(String name, List<String> log) {
        return new OrderThrottle.Request() {
            @Override
            public void send() {
                log.add(name);
            }

            @Override
            public void refuse(String reason) {
                log.add(name + " refused: " + reason);
            }
        };
    }

    @Test
    void countsPerPairChargesYoungCancelsMoreAndSendsCancelsFirst() {
        long[] now = {1_000_000_000L};
        VenueConfig v = venue(List.of(new VenueConfig.RateLimit("TRADING_PER_PAIR", 10, Duration.ofSeconds(10))));
        OrderThrottle t = new OrderThrottle(v, new RateLimiter(v), new KrakenOrderLimits(), () -> now[0]);
        List<String> sent = new ArrayList<>();
        for (int k = 0; k < 10; k++) {
            t.place("XBT/USD", request("place" + k, sent));
        }
        t.place("ETH/USD", request("other pair", sent));
        assertEquals(11, sent.size(), "the counter is per pair");
        t.place("XBT/USD", request("place10", sent));
        t.cancel("XBT/USD", 2_000, request("cancel young", sent));
        assertEquals(11, sent.size(), "XBT/USD is at its threshold");
        now[0] += 7_000_000_000L; // decays 1/s: 3 used
        t.drain();
        assertEquals(11, sent.size(), "a cancel of a 2 s old order costs 8: 3 + 8 > 10");
        now[0] += 1_000_000_000L; // 2 used
        t.drain();
        assertEquals(List.of("cancel young"), sent.subList(11, sent.size()), "the cancel goes first");
        now[0] += 1_000_000_000L; // 9 used
        t.drain();
        assertEquals("place10", sent.get(sent.size() - 1));
        assertEquals(0, t.waiting());
    }

    @Test
    void aCostBeyondTheThresholdIsRefusedNotHeld() {
        VenueConfig v = venue(List.of(new VenueConfig.RateLimit("TRADING_PER_PAIR", 5, Duration.ofSeconds(10))));
        OrderThrottle t = new OrderThrottle(v, new RateLimiter(v), new KrakenOrderLimits(), System::nanoTime);
        List<String> log = new ArrayList<>();
        t.cancel("XBT/USD", 0, request("cancel", log));
        assertTrue(log.get(0).startsWith("cancel refused: the TRADING_PER_PAIR counter of XBT/USD"), log.get(0));
        assertEquals(0, t.waiting());
    }

    @Test
    void theDocumentedCancelCostTable() {
        long[][] table = {{0, 8}, {4_999, 8}, {5_000, 6}, {9_999, 6}, {10_000, 5}, {14_999, 5}, {15_000, 4},
            {44_999, 4}, {45_000, 2}, {89_999, 2}, {90_000, 1}, {299_999, 1}, {300_000, 0}, {86_400_000, 0}};
        for (long[] row : table) {
            assertEquals(row[1], KrakenOrderLimits.cancelCost(row[0]), "age " + row[0] + " ms");
            assertEquals(row[1], new KrakenOrderLimits().cancel(row[0]).get(0).units());
        }
        assertEquals(1, new KrakenOrderLimits().newOrder().get(0).units());
    }
}
