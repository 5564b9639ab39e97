package io.xgate.venue.kraken;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xgate.config.Instrument;
import io.xgate.config.VenueConfig;
import io.xgate.event.BookUpdate;
import io.xgate.event.Event;
import io.xgate.event.VenueTouch;
import io.xgate.venue.InstrumentMetadata;
import io.xgate.venue.RecordingSession;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Kraken protocol reports facts and passes the ticker down: it subscribes the ticker with
 * {@code event_trigger: bbo}, turns each ticker into a {@link VenueTouch} (no sequence: Kraken shares none between
 * the channels), drops book updates until the snapshot, and reports a bad book frame as broken.
 */
class KrakenProtocolTest {

    private final Instrument btc = new Instrument("BTC-USD", "BTC/USD", 1, 1, 8, 1);

    @Test
    void theTickerGoesDownAsTheVenuesTouch() {
        KrakenProtocol p = new KrakenProtocol(venue(), new InstrumentMetadata("kraken", Duration.ofHours(1)));
        RecordingSession s = new RecordingSession();
        p.onOpen(s);
        assertTrue(s.sent.stream().anyMatch(m -> m.contains("\"channel\":\"ticker\"")
                && m.contains("\"event_trigger\":\"bbo\"") && m.contains("BTC/USD")), s.sent.toString());
        assertTrue(s.facts.get(0).startsWith("SUBSCRIBING BTC-USD"), s.facts.toString());

        frame(p, s, "{\"channel\":\"book\",\"type\":\"update\",\"data\":[{\"symbol\":\"BTC/USD\",\"bids\":"
                + "[{\"price\":45283.5,\"qty\":0.1}],\"asks\":[],\"checksum\":1,"
                + "\"timestamp\":\"2023-10-06T17:35:55.440295Z\"}]}");
        assertTrue(s.published.isEmpty(), "an update before the snapshot is dropped");
        frame(p, s, "{\"channel\":\"book\",\"type\":\"snapshot\",\"data\":[{\"symbol\":\"BTC/USD\",\"bids\":"
                + "[{\"price\":45283.5,\"qty\":0.1}],\"asks\":[{\"price\":45285.2,\"qty\":0.2}],\"checksum\":0,"
                + "\"timestamp\":\"2023-10-06T17:35:55.440295Z\"}]}");
        assertTrue(s.facts.get(s.facts.size() - 1).startsWith("LIVE BTC-USD"), s.facts.toString());
        assertEquals(BookUpdate.Kind.SNAPSHOT, ((BookUpdate) s.published.get(0)).kind());

        frame(p, s, "{\"channel\":\"ticker\",\"type\":\"update\",\"data\":[{\"symbol\":\"BTC/USD\",\"bid\":45283.5,"
                + "\"bid_qty\":0.1,\"ask\":45285.2,\"ask_qty\":0.2,\"last\":45284.0,\"volume\":1.5,\"vwap\":45280.1,"
                + "\"low\":45000.0,\"high\":45300.0,\"change\":10.0,\"change_pct\":0.02,"
                + "\"timestamp\":\"2023-10-06T17:35:55.440295Z\"}]}");
        VenueTouch t = (VenueTouch) s.published.get(1);
        assertEquals(List.of(452835L, 10_000_000L, 452852L, 20_000_000L, Event.NO_SEQ),
                List.of(t.bidPrice(), t.bidSize(), t.askPrice(), t.askSize(), t.venueSeq()));

        frame(p, s, "{\"channel\":\"book\",\"type\":\"update\",\"data\":[{\"symbol\":\"BTC/USD\",\"bids\":"
                + "[{\"price\":\"oops\",\"qty\":0.1}],\"asks\":[],\"checksum\":1,"
                + "\"timestamp\":\"2023-10-06T17:35:55.440295Z\"}]}");
        assertTrue(s.facts.stream().anyMatch(f -> f.startsWith("BROKEN BTC-USD BAD_FRAME")), s.facts.toString());
        p.resync(btc, s);
        assertTrue(s.sent.get(s.sent.size() - 2).contains("\"method\":\"unsubscribe\"")
                && s.sent.get(s.sent.size() - 1).contains("\"method\":\"subscribe\""), s.sent.toString());
    }

    @Test
    void updatesShareTheConnectionsSlabAndKeepTheirLevels() {
        // the decoder's level buffers are reused frame after frame: each published update must hold its own levels
        KrakenProtocol p = new KrakenProtocol(venue(), new InstrumentMetadata("kraken", Duration.ofHours(1)));
        RecordingSession s = new RecordingSession();
        p.onOpen(s);
        frame(p, s, "{\"channel\":\"book\",\"type\":\"snapshot\",\"data\":[{\"symbol\":\"BTC/USD\",\"bids\":"
                + "[{\"price\":45283.5,\"qty\":0.1}],\"asks\":[{\"price\":45285.2,\"qty\":0.2}],\"checksum\":0,"
                + "\"timestamp\":\"2023-10-06T17:35:55.440295Z\"}]}");
        for (int n = 1; n <= 20; n++) {
            frame(p, s, "{\"channel\":\"book\",\"type\":\"update\",\"data\":[{\"symbol\":\"BTC/USD\",\"bids\":"
                    + "[{\"price\":4528" + (n % 10) + ".5,\"qty\":" + n + "}],\"asks\":[],\"checksum\":0,"
                    + "\"timestamp\":\"2023-10-06T17:35:55.440295Z\"}]}");
        }
        assertEquals(21, s.published.size(), s.facts.toString());
        BookUpdate first = (BookUpdate) s.published.get(1);
        for (int n = 1; n <= 20; n++) {
            BookUpdate u = (BookUpdate) s.published.get(n);
            assertEquals(List.of(452805L + 10L * (n % 10), n * 100_000_000L, 1, 0),
                    List.of(u.bidPrice(0), u.bidSize(0), u.bidCount(), u.askCount()), "update " + n);
            assertTrue(u.levelStore() == first.levelStore(), "one chunk for them all, not an array each");
        }
    }

    private static void frame(KrakenProtocol p, RecordingSession s, String json) {
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        p.onMessage(b, b.length, 0, s);
    }

    private VenueConfig venue() {
        Duration s = Duration.ofSeconds(1);
        return new VenueConfig(Path.of("kraken.yaml"), "kraken", "kraken",
                new VenueConfig.WebSocket(URI.create("ws://127.0.0.1:1/v2"), s, s, s, s, s, s, 0.2, 1 << 20),
                new VenueConfig.Rest(URI.create("http://127.0.0.1:1"), 1, s, s, s, 1), 10, Map.of("BTC-USD", btc),
                new VenueConfig.Fees(0, 26), List.of(), Map.of(), null);
    }
}
