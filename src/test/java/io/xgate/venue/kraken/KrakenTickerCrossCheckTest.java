package io.xgate.venue.kraken;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.xgate.config.Instrument;
import io.xgate.config.VenueConfig;
import io.xgate.event.BookTop;
import io.xgate.event.BookUpdate;
import io.xgate.event.SyncState;
import io.xgate.event.Trade;
import io.xgate.venue.FeedSession;
import io.xgate.venue.InstrumentMetadata;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Kraken's {@code ticker} (bbo) against the book's published touch: subscribed with {@code event_trigger: bbo};
 * a brief disagreement (the channels are not sequenced together) is tolerated, one that outlasts the tolerance
 * resyncs the symbol, and agreement in between restarts the clock.
 */
class KrakenTickerCrossCheckTest {

    private static final long MS = 1_000_000L;
    private final Instrument btc = new Instrument("BTC-USD", "BTC/USD", 1, 1, 8, 1);
    private long now = 1_000 * MS;
    private final List<String> sent = new ArrayList<>();
    private final List<String> states = new ArrayList<>();

    @Test
    void aLastingDisagreementResyncsAndABriefOneDoesNot() {
        KrakenProtocol p = new KrakenProtocol(venue(), new InstrumentMetadata("kraken", Duration.ofHours(1)), () -> now);
        FeedSession session = session();
        p.onOpen(session);
        assertTrue(sent.stream().anyMatch(m -> m.contains("\"channel\":\"ticker\"") && m.contains("\"event_trigger\":\"bbo\"")
                && m.contains("BTC/USD")), sent.toString());
        frame(p, session, "{\"channel\":\"book\",\"type\":\"snapshot\",\"data\":[{\"symbol\":\"BTC/USD\",\"bids\":"
                + "[{\"price\":45283.5,\"qty\":0.1}],\"asks\":[{\"price\":45285.2,\"qty\":0.2}],\"checksum\":0,"
                + "\"timestamp\":\"2023-10-06T17:35:55.440295Z\"}]}");
        assertEquals("LIVE", last());

        frame(p, session, ticker("45283.5", "0.1", "45285.2", "0.2"));
        p.onTop(top(452835, 10_000_000, 452852, 20_000_000), session);
        assertEquals("LIVE", last(), "they agree");

        p.onTop(top(452836, 10_000_000, 452852, 20_000_000), session); // the book moved first
        now += 1_000 * MS;
        frame(p, session, ticker("45283.6", "0.1", "45285.2", "0.2")); // the ticker caught up
        now += 5_000 * MS;
        p.onTop(top(452836, 10_000_000, 452852, 20_000_000), session);
        assertEquals("LIVE", last(), "a disagreement that ended restarts the clock");

        p.onTop(top(452837, 10_000_000, 452852, 20_000_000), session);
        now += 1_999 * MS;
        p.onTop(top(452837, 10_000_000, 452852, 20_000_000), session);
        assertEquals("LIVE", last(), "within the tolerance");
        now += 1 * MS;
        p.onTop(top(452837, 10_000_000, 452852, 20_000_000), session);
        assertEquals("RESYNCING", last());
        assertTrue(states.get(states.size() - 1).contains("differed from the ticker (bbo) for 2000 ms: book 0.1@45283.7"),
                states.toString());
        assertTrue(sent.get(sent.size() - 1).contains("\"method\":\"unsubscribe\""), sent.toString());
    }

    private String last() {
        String s = states.get(states.size() - 1);
        return s.substring(0, s.indexOf(' '));
    }

    private static String ticker(String bid, String bidQty, String ask, String askQty) {
        return "{\"channel\":\"ticker\",\"type\":\"update\",\"data\":[{\"symbol\":\"BTC/USD\",\"bid\":" + bid
                + ",\"bid_qty\":" + bidQty + ",\"ask\":" + ask + ",\"ask_qty\":" + askQty + ",\"last\":45284.0,"
                + "\"volume\":1.5,\"vwap\":45280.1,\"low\":45000.0,\"high\":45300.0,\"change\":10.0,"
                + "\"change_pct\":0.02,\"timestamp\":\"2023-10-06T17:35:55.440295Z\"}]}";
    }

    private BookTop top(long bid, long bidQty, long ask, long askQty) {
        return new BookTop("kraken", "BTC-USD", -1, 0, now, now, now, SyncState.LIVE, 1, 1, 8, new long[] {bid},
                new long[] {bidQty}, new long[] {ask}, new long[] {askQty});
    }

    private static void frame(KrakenProtocol p, FeedSession s, String json) {
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        p.onMessage(b, b.length, 0, s);
    }

    private FeedSession session() {
        return new FeedSession() {
            @Override
            public void publish(BookUpdate update) {
            }

            @Override
            public void publish(Trade trade) {
            }

            @Override
            public void state(Instrument instrument, SyncState state, String reason) {
                states.add(state + " " + reason);
            }

            @Override
            public void send(String text) {
                sent.add(text);
            }

            @Override
            public Future<Buffer> get(String pathAndQuery, String limitClass, long cost) {
                return Future.failedFuture("no REST here");
            }

            @Override
            public void reconnect(String reason) {
                states.add("RECONNECT " + reason);
            }

            @Override
            public long resyncDelayMillis(Instrument instrument) {
                return 0;
            }

            @Override
            public void badFrame(String venueSymbol, String reason) {
                states.add("BADFRAME " + reason);
            }

            @Override
            public void later(long millis, Runnable action) {
                // timers (pings, resubscribe) are not run here
            }

            @Override
            public long nowNanos() {
                return now;
            }

            @Override
            public String venue() {
                return "kraken";
            }
        };
    }

    private VenueConfig venue() {
        Duration s = Duration.ofSeconds(1);
        return new VenueConfig(Path.of("kraken.yaml"), "kraken", "kraken",
                new VenueConfig.WebSocket(URI.create("ws://127.0.0.1:1/v2"), s, s, s, s, s, s, 0.2, 1 << 20),
                new VenueConfig.Rest(URI.create("http://127.0.0.1:1"), 1, s, s, s, 1), 10, Map.of("BTC-USD", btc),
                new VenueConfig.Fees(0, 26), List.of(), Map.of(), null);
    }
}
