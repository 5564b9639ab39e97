package io.xgate.arb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xgate.config.GatewayConfig;
import io.xgate.config.Instrument;
import io.xgate.config.VenueConfig;
import io.xgate.event.BookTop;
import io.xgate.event.Opportunity;
import io.xgate.event.SyncState;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The arbitrage engine on crafted books: fees, the depth walk, eligibility and the event lifecycle. */
class ArbitrageEngineTest {

    private static final long SECOND = 1_000_000_000L;
    private static final long T0 = 1_700_000_000L * SECOND;

    private final List<Opportunity> events = new ArrayList<>();
    private final List<String> closeReasons = new ArrayList<>();

    /** Venue "a" and "b" quote BTC-USDT at price scale 2, size scale 2; "k" at price scale 1, size scale 4. */
    private ArbitrageEngine engine(double feeA, double feeB, double minNetEdgeBps, Map<String,
            GatewayConfig.SymbolModel> models) {
        GatewayConfig.Arbitrage cfg = new GatewayConfig.Arbitrage(true, minNetEdgeBps, Duration.ofSeconds(2), 1.0,
                0.25, 1.0, 100, models);
        return new ArbitrageEngine(cfg, List.of(venue("a", feeA, 2, 2), venue("b", feeB, 2, 2), venue("k", 0, 1, 4)),
                events::add, (o, reason) -> closeReasons.add(reason));
    }

    private ArbitrageEngine engine(double feeA, double feeB) {
        return engine(feeA, feeB, 1.0, Map.of());
    }

    @Test
    void feesTurnACrossingUnprofitable() {
        // a's ask 100.00, b's bid 100.15: 15 bps gross
        ArbitrageEngine free = engine(0, 0);
        free.onTop(top("a", SyncState.LIVE, T0, new long[] {9_990}, new long[] {100}, new long[] {10_000},
                new long[] {100}), T0);
        free.onTop(top("b", SyncState.LIVE, T0, new long[] {10_015}, new long[] {100}, new long[] {10_020},
                new long[] {100}), T0);
        assertEquals(1, events.size(), "without fees the crossing is an opportunity: " + events);
        assertEquals(15.0, events.get(0).netEdgeBps(), 1e-9);

        events.clear();
        ArbitrageEngine taxed = engine(10, 10); // 20 bps of fees > 15 bps of edge
        taxed.onTop(top("a", SyncState.LIVE, T0, new long[] {9_990}, new long[] {100}, new long[] {10_000},
                new long[] {100}), T0);
        taxed.onTop(top("b", SyncState.LIVE, T0, new long[] {10_015}, new long[] {100}, new long[] {10_020},
                new long[] {100}), T0);
        assertEquals(List.of(), events, "fees eat the edge");
    }

    @Test
    void theDepthWalkStopsAtTheFirstLevelPairBelowTheThreshold() {
        ArbitrageEngine e = engine(5, 5);
        // a's asks: 100.00 x 1, 100.05 x 2, 100.30 x 5; b's bids: 100.40 x 2, 100.20 x 2, 100.00 x 5
        e.onTop(top("a", SyncState.LIVE, T0, new long[] {9_990}, new long[] {100},
                new long[] {10_000, 10_005, 10_030}, new long[] {100, 200, 500}), T0);
        e.onTop(top("b", SyncState.LIVE, T0, new long[] {10_040, 10_020, 10_000}, new long[] {200, 200, 500},
                new long[] {10_050}, new long[] {100}), T0);
        assertEquals(1, events.size(), events.toString());
        Opportunity o = events.get(0);
        assertEquals(Opportunity.Phase.OPEN, o.phase());
        assertEquals("a", o.buyVenue());
        assertEquals("b", o.sellVenue());
        // 1 @ 100.00 + 1 @ 100.05 against 100.40; 1 @ 100.05 against 100.20 (net 5 bps); 100.30 vs 100.20 stops
        assertEquals(30_000, o.quantity(), "3 at the common size scale, 4 (venue k)");
        assertEquals(10_004, o.buyPrice(), "VWAP 100.0333 rounded up");
        assertEquals(10_033, o.sellPrice(), "VWAP 100.3333 rounded down");
        double buy = (100.00 + 2 * 100.05) / 3;
        double sell = (2 * 100.40 + 100.20) / 3;
        assertEquals((sell / buy - 1) * 10_000, o.grossEdgeBps(), 1e-6);
        assertEquals((sell * 0.9995 / (buy * 1.0005) - 1) * 10_000, o.netEdgeBps(), 1e-6);
        assertEquals(3 * (sell * 0.9995 - buy * 1.0005), o.expectedProfit(), 1e-9, "no impact model: no impact");
        double walk = ((buy - 100.00) / 100.00 + (100.40 - sell) / 100.40) * 10_000;
        assertEquals(walk, o.slippageBps(), 1e-6);
    }

    @Test
    void theSquareRootImpactAddsToSlippageAndCostsProfit() {
        ArbitrageEngine e = engine(0, 0, 1.0, Map.of("BTC-USDT", new GatewayConfig.SymbolModel(0.02, 10_000)));
        e.onTop(top("a", SyncState.LIVE, T0, new long[] {9_990}, new long[] {100}, new long[] {10_000},
                new long[] {400}), T0);
        e.onTop(top("b", SyncState.LIVE, T0, new long[] {10_050}, new long[] {400}, new long[] {10_060},
                new long[] {100}), T0);
        Opportunity o = events.get(0);
        double impact = 2 * 1.0 * 0.02 * Math.sqrt(4.0 / 10_000) * 10_000; // both legs: 8 bps
        assertEquals(impact, o.slippageBps(), 1e-9);
        assertEquals(4 * (100.50 - 100.00) - 4 * 100.00 * impact / 10_000, o.expectedProfit(), 1e-9);
    }

    @Test
    void venuesWithDifferentScalesAreComparedOnCommonScales() {
        ArbitrageEngine e = engine(0, 0);
        // k quotes at price scale 1 and size scale 4: ask 100.0 x 0.5000; a's bid 100.50 x 2.00
        e.onTop(top("k", SyncState.LIVE, T0, 1, 4, new long[] {999}, new long[] {10_000}, new long[] {1_000},
                new long[] {5_000}), T0);
        e.onTop(top("a", SyncState.LIVE, T0, new long[] {10_050}, new long[] {200}, new long[] {10_060},
                new long[] {100}), T0);
        Opportunity o = events.get(0);
        assertEquals("k", o.buyVenue());
        assertEquals(2, o.priceScale());
        assertEquals(4, o.sizeScale());
        assertEquals(5_000, o.quantity(), "0.5 at size scale 4");
        assertEquals(10_000, o.buyPrice());
        assertEquals(10_050, o.sellPrice());
    }

    @Test
    void staleAndNonLiveBooksDoNotCount() {
        ArbitrageEngine e = engine(0, 0);
        long[] bid = {10_050};
        long[] size = {100};
        long[] ask = {10_000};
        e.onTop(top("a", SyncState.LIVE, T0, new long[] {9_990}, size, ask, size), T0);
        e.onTop(top("b", SyncState.RESYNCING, T0, bid, size, new long[] {10_060}, size), T0);
        e.onTop(top("b", SyncState.SYNCING, T0, bid, size, new long[] {10_060}, size), T0);
        e.onTop(top("b", SyncState.STALE, T0, bid, size, new long[] {10_060}, size), T0);
        assertEquals(List.of(), events, "a book that is not LIVE is not traded against");
        e.onTop(top("b", SyncState.LIVE, T0 - 3 * SECOND, bid, size, new long[] {10_060}, size), T0);
        assertEquals(List.of(), events, "a book received 3 s ago is older than maxAge 2 s");

        e.onTop(top("b", SyncState.LIVE, T0, bid, size, new long[] {10_060}, size), T0);
        assertEquals(1, events.size());
        e.sweep(T0 + SECOND);
        assertEquals(1, events.size(), "still fresh after 1 s");
        e.sweep(T0 + 2 * SECOND + 1);
        assertEquals(2, events.size(), "the sweep closes it once a book is older than maxAge");
        Opportunity close = events.get(1);
        assertEquals(Opportunity.Phase.CLOSE, close.phase());
        assertEquals(2 * SECOND + 1, close.lifetimeNanos());
        assertTrue(closeReasons.get(0).contains("ms old"), closeReasons.toString());

        e.onTop(top("b", SyncState.LIVE, T0 + 3 * SECOND, bid, size, new long[] {10_060}, size), T0 + 3 * SECOND);
        assertEquals(2, events.size(), "a's book is still old");
        e.onTop(top("a", SyncState.RESYNCING, T0 + 3 * SECOND, new long[] {9_990}, size, ask, size), T0 + 3 * SECOND);
        assertEquals(2, events.size());
    }

    @Test
    void openUpdateCloseWithoutDuplicates() {
        ArbitrageEngine e = engine(0, 0);
        long[] size = {100};
        e.onTop(top("a", SyncState.LIVE, T0, new long[] {9_990}, size, new long[] {10_000}, size), T0);
        for (int i = 0; i < 5; i++) { // the same books again and again
            e.onTop(top("b", SyncState.LIVE, T0 + i, new long[] {10_050}, size, new long[] {10_060}, size), T0 + i);
        }
        assertEquals(1, events.size(), events.toString());
        assertEquals(Opportunity.Phase.OPEN, events.get(0).phase());
        assertEquals(1, e.openCount());

        // 0.2 bps more edge and 10 % more size: below updateEdgeBps 1.0 and updateQuantityRatio 0.25
        e.onTop(top("a", SyncState.LIVE, T0 + 10, new long[] {9_990}, new long[] {110},
                new long[] {10_000}, new long[] {110}), T0 + 10);
        e.onTop(top("b", SyncState.LIVE, T0 + 10, new long[] {10_050}, new long[] {110},
                new long[] {10_060}, size), T0 + 10);
        assertEquals(1, events.size(), "not a material change: " + events);

        e.onTop(top("b", SyncState.LIVE, T0 + 20, new long[] {10_080}, new long[] {110}, new long[] {10_090}, size),
                T0 + 20);
        assertEquals(2, events.size(), "30 bps more edge is material");
        Opportunity update = events.get(1);
        assertEquals(Opportunity.Phase.UPDATE, update.phase());
        assertEquals(events.get(0).id(), update.id());
        assertEquals(T0, update.openedTsNanos());

        e.onTop(top("b", SyncState.LIVE, T0 + 30, new long[] {9_995}, size, new long[] {10_005}, size), T0 + 30);
        assertEquals(3, events.size());
        Opportunity close = events.get(2);
        assertEquals(Opportunity.Phase.CLOSE, close.phase());
        assertEquals(update.id(), close.id());
        assertEquals(30, close.lifetimeNanos());
        assertEquals(update.netEdgeBps(), close.netEdgeBps(), "the close carries the last figures");
        assertTrue(closeReasons.get(0).startsWith("edge gone"), closeReasons.toString());
        assertEquals(0, e.openCount());

        e.onTop(top("b", SyncState.LIVE, T0 + 40, new long[] {9_995}, size, new long[] {10_005}, size), T0 + 40);
        e.sweep(T0 + 50);
        assertEquals(3, events.size(), "nothing after the close");

        e.onTop(top("b", SyncState.LIVE, T0 + 60, new long[] {10_050}, size, new long[] {10_060}, size), T0 + 60);
        assertEquals(4, events.size());
        assertEquals(Opportunity.Phase.OPEN, events.get(3).phase());
        assertTrue(events.get(3).id() > close.id(), "a new opening is a new opportunity");
        assertEquals(2, e.openedCount());
    }

    @Test
    void aSymbolQuotedOnOneVenueIsNotWatched() {
        ArbitrageEngine e = engine(0, 0);
        assertEquals(List.of("BTC-USDT"), e.symbols());
        assertEquals(false, e.onTop(new BookTop("a", "ETH-USDT", 1, T0, T0, T0, T0, SyncState.LIVE, 1, 2, 2,
                new long[0], new long[0], new long[0], new long[0]), T0));
    }

    private static BookTop top(String venue, SyncState state, long receiveTs, long[] bp, long[] bs, long[] ap,
                               long[] as) {
        return top(venue, state, receiveTs, 2, 2, bp, bs, ap, as);
    }

    private static BookTop top(String venue, SyncState state, long receiveTs, int ps, int ss, long[] bp, long[] bs,
                               long[] ap, long[] as) {
        return new BookTop(venue, "BTC-USDT", 1, receiveTs, receiveTs, receiveTs, receiveTs, state, 1, ps, ss, bp, bs,
                ap, as);
    }

    private static VenueConfig venue(String id, double takerBps, int priceScale, int sizeScale) {
        Duration s = Duration.ofSeconds(1);
        Map<String, Instrument> instruments = id.equals("a")
                ? Map.of("BTC-USDT", new Instrument("BTC-USDT", "BTCUSDT", priceScale, 1, sizeScale, 1),
                "ETH-USDT", new Instrument("ETH-USDT", "ETHUSDT", 2, 1, 4, 1))
                : Map.of("BTC-USDT", new Instrument("BTC-USDT", "BTCUSDT", priceScale, 1, sizeScale, 1));
        return new VenueConfig(Path.of(id + ".yaml"), id, "binance",
                new VenueConfig.WebSocket(URI.create("ws://127.0.0.1:1/stream"), s, s, s, s, s, s, 0.2, 1 << 20),
                new VenueConfig.Rest(URI.create("http://127.0.0.1:1"), 1, s, s, s, 1), 100, instruments,
                new VenueConfig.Fees(0, takerBps), List.of(), Map.of(), null);
    }
}
