package io.xgate.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xgate.config.VenueConfig;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

    private static VenueConfig venue(List<VenueConfig.RateLimit> limits) {
        Duration s = Duration.ofSeconds(1);
        return new VenueConfig(Path.of("x.yaml"), "binance", "binance",
                new VenueConfig.WebSocket(URI.create("ws://127.0.0.1:1/stream"), s, s, s, s, s, s, 0.2, 1 << 20),
                new VenueConfig.Rest(URI.create("http://127.0.0.1:1"), 1, s, s, s, 1), 100, Map.of(),
                new VenueConfig.Fees(10, 10), limits, Map.of(), null);
    }

    @Test
    void takesWhatIsThereAndSaysHowLongToWaitForTheRest() {
        RateLimiter l = new RateLimiter(venue(List.of(new VenueConfig.RateLimit("REQUEST_WEIGHT", 100,
                Duration.ofMinutes(1)))));
        assertEquals(0, l.tryAcquire("REQUEST_WEIGHT", 60));
        assertEquals(40, l.available("REQUEST_WEIGHT"));
        long wait = l.tryAcquire("REQUEST_WEIGHT", 50);
        // 10 more units at 100 per minute: about 6 seconds
        assertTrue(wait > Duration.ofSeconds(5).toNanos() && wait <= Duration.ofSeconds(6).toNanos(), "wait " + wait);
        assertEquals(40, l.available("REQUEST_WEIGHT"), "a refused request takes nothing");
        assertEquals(Long.MAX_VALUE, l.tryAcquire("REQUEST_WEIGHT", 101), "more than the capacity can never pass");
    }

    @Test
    void unconfiguredClassesAreNotLimited() {
        RateLimiter l = new RateLimiter(venue(List.of()));
        assertEquals(0, l.tryAcquire("REQUEST_WEIGHT", 1_000_000));
        assertEquals(Long.MAX_VALUE, l.available("REQUEST_WEIGHT"));
    }

    @Test
    void theVenuesCountWins() {
        RateLimiter l = new RateLimiter(venue(List.of(new VenueConfig.RateLimit("REQUEST_WEIGHT", 6000,
                Duration.ofMinutes(1)))));
        l.tryAcquire("REQUEST_WEIGHT", 5);
        l.reconcile("REQUEST_WEIGHT", 5_990); // another client on our IP used most of the minute
        assertEquals(10, l.available("REQUEST_WEIGHT"));
        l.reconcile("REQUEST_WEIGHT", 1); // the venue counting less never gives us more than we think we have
        assertEquals(10, l.available("REQUEST_WEIGHT"));
    }
}
