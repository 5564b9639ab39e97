package io.xgate.venue;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.xgate.config.Instrument;
import io.xgate.config.VenueConfig;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A symbol that keeps breaking is resynced with growing delays, so a persistent fault cannot become a storm. */
class ResyncBackoffTest {

    @Test
    void threeFreeResyncsThenExponentialBackoffToTheCap() {
        Duration s = Duration.ofSeconds(1);
        Instrument eth = new Instrument("ETH-USDT", "ETHUSDT", 2, 1, 4, 1);
        Instrument btc = new Instrument("BTC-USDT", "BTCUSDT", 2, 1, 5, 1);
        VenueConfig v = new VenueConfig(Path.of("binance.yaml"), "binance", "binance",
                new VenueConfig.WebSocket(URI.create("ws://127.0.0.1:1/stream"), s, s, s, s,
                        Duration.ofMillis(100), Duration.ofMillis(1_000), 0.2, 1 << 20),
                new VenueConfig.Rest(URI.create("http://127.0.0.1:1"), 1, s, s, s, 1), 100,
                Map.of("ETH-USDT", eth, "BTC-USDT", btc), new VenueConfig.Fees(10, 10), List.of(), Map.of(), null);
        VenueVerticle venue = new VenueVerticle(v, Dialects.of(v));
        long[] delays = new long[9];
        for (int k = 0; k < delays.length; k++) {
            delays[k] = venue.resyncDelayMillis(eth);
        }
        assertEquals(List.of(0L, 0L, 0L, 200L, 400L, 800L, 1_000L, 1_000L, 1_000L),
                java.util.Arrays.stream(delays).boxed().toList());
        assertEquals(0, venue.resyncDelayMillis(btc), "another symbol is not held back");
    }
}
