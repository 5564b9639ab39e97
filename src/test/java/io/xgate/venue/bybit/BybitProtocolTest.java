package io.xgate.venue.bybit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xgate.config.Instrument;
import io.xgate.config.VenueConfig;
import io.xgate.event.BookUpdate;
import io.xgate.event.Trade;
import io.xgate.event.VenueTouch;
import io.xgate.venue.ConnectionGroup;
import io.xgate.venue.Fixtures;
import io.xgate.venue.InstrumentMetadata;
import io.xgate.venue.RecordingSession;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Bybit protocol on the exact messages of protocol reference 4.1/4.2, through a recording session: a snapshot
 * before the subscribe ack is kept, any later snapshot resets the book without a resync, {@code u == 1} overwrites,
 * a stale {@code u} is dropped, book updates and {@code orderbook.1} touches carry the same {@code seq}, trades go
 * out in base units, and a resync resubscribes the book alone.
 */
class BybitProtocolTest {

    private final Instrument btc = new Instrument("BTC-USDT", "BTCUSDT", 2, 1, 3, 1);

    @Test
    void aSnapshotBeforeTheAckIsKeptAndMakesTheBookLive() {
        RecordingSession s = new RecordingSession();
        BybitProtocol p = protocol(venue(btc));
        p.onOpen(s);
        assertTrue(s.sent.get(0).contains("\"op\":\"subscribe\"") && s.sent.get(0).contains("orderbook.50.BTCUSDT")
                && s.sent.get(0).contains("orderbook.1.BTCUSDT") && s.sent.get(0).contains("publicTrade.BTCUSDT"),
                s.sent.toString());
        assertTrue(s.sent.stream().anyMatch(m -> m.contains("\"op\":\"ping\"")), "a ping at once: " + s.sent);
        frame(p, s, Fixtures.bytes("bybit/orderbookSnapshot.json"));
        frame(p, s, Fixtures.bytes("bybit/subscribeAckSpot.json"));
        BookUpdate u = (BookUpdate) s.published.get(0);
        assertEquals(BookUpdate.Kind.SNAPSHOT, u.kind());
        assertEquals(7961638724L, u.venueSeq(), "the cross sequence seq is the book's venue sequence");
        assertArrayEquals(new long[] {1649350, 1649300}, u.bidPrices());
        assertArrayEquals(new long[] {6, 100}, u.bidSizes());
        assertTrue(s.facts.get(s.facts.size() - 1).startsWith("LIVE BTC-USDT snapshot"), s.facts.toString());
        assertTrue(s.facts.stream().noneMatch(f -> f.startsWith("BROKEN")), s.facts.toString());
    }

    @Test
    void deltasApplyStaleOnesAreDroppedAndAnySnapshotResetsWithoutAResync() {
        RecordingSession s = new RecordingSession();
        BybitProtocol p = protocol(venue(btc));
        p.onOpen(s);
        frame(p, s, Fixtures.bytes("bybit/orderbookDelta.json"));
        assertTrue(s.published.isEmpty(), "a delta before any snapshot is dropped");
        frame(p, s, Fixtures.bytes("bybit/orderbookSnapshot.json"));
        frame(p, s, Fixtures.bytes("bybit/orderbookDelta.json"));
        BookUpdate d = (BookUpdate) s.published.get(1);
        assertEquals(BookUpdate.Kind.DELTA, d.kind());
        assertEquals(66544703342L, d.venueSeq());
        assertEquals(0, d.askSizes()[0], "size 0 deletes");
        frame(p, s, Fixtures.bytes("bybit/orderbookDelta.json"));
        assertEquals(2, s.published.size(), "the same u again is stale: dropped");
        // a snapshot mid-stream (even with a lower u) resets the book: no resync
        frame(p, s, Fixtures.bytes("bybit/orderbookSnapshot.json"));
        assertEquals(BookUpdate.Kind.SNAPSHOT, ((BookUpdate) s.published.get(2)).kind());
        // u == 1: the venue restarted: the message overwrites the book, as a snapshot
        frame(p, s, text("{\"topic\":\"orderbook.50.BTCUSDT\",\"type\":\"delta\",\"ts\":1687940967466,\"data\":{"
                + "\"s\":\"BTCUSDT\",\"b\":[[\"30247.20\",\"30.028\"]],\"a\":[[\"30248.70\",\"1\"]],\"u\":1,"
                + "\"seq\":66544703400},\"cts\":1687940967464}"));
        BookUpdate restart = (BookUpdate) s.published.get(3);
        assertEquals(BookUpdate.Kind.SNAPSHOT, restart.kind());
        assertArrayEquals(new long[] {3024720}, restart.bidPrices());
        frame(p, s, text("{\"topic\":\"orderbook.50.BTCUSDT\",\"type\":\"delta\",\"ts\":1687940967467,\"data\":{"
                + "\"s\":\"BTCUSDT\",\"b\":[[\"30247.20\",\"2\"]],\"a\":[],\"u\":2,\"seq\":66544703401},"
                + "\"cts\":1687940967465}"));
        assertEquals(BookUpdate.Kind.DELTA, ((BookUpdate) s.published.get(4)).kind(), "u 2 follows the restart");
        assertTrue(s.facts.stream().noneMatch(f -> f.startsWith("BROKEN")), s.facts.toString());
        assertEquals(1, s.facts.stream().filter(f -> f.startsWith("LIVE")).count(), "LIVE once: " + s.facts);
    }

    @Test
    void theLevelOneBookIsTheTouchAtTheSameSeqAndTradesAreBaseUnits() {
        RecordingSession s = new RecordingSession();
        BybitProtocol p = protocol(venue(btc));
        p.onOpen(s);
        frame(p, s, Fixtures.bytes("bybit/orderbookSnapshot.json"));
        frame(p, s, text("{\"topic\":\"orderbook.1.BTCUSDT\",\"ts\":1672304484978,\"type\":\"snapshot\",\"data\":{"
                + "\"s\":\"BTCUSDT\",\"b\":[[\"16493.50\",\"0.006\"]],\"a\":[[\"16611.00\",\"0.029\"]],"
                + "\"u\":18521288,\"seq\":7961638724},\"cts\":1672304484976}"));
        VenueTouch t = (VenueTouch) s.published.get(1);
        assertEquals(List.of(7961638724L, 1649350L, 6L, 1661100L, 29L),
                List.of(t.venueSeq(), t.bidPrice(), t.bidSize(), t.askPrice(), t.askSize()));
        frame(p, s, Fixtures.bytes("bybit/publicTrade.json"));
        Trade tr = (Trade) s.published.get(2);
        assertEquals(List.of(1657850L, 1L, 1783284617L), List.of(tr.price(), tr.size(), tr.venueSeq()));
    }

    @Test
    void aBadBookFrameBreaksItsSymbolAndAResyncResubscribesThatBookAlone() {
        RecordingSession s = new RecordingSession();
        BybitProtocol p = protocol(venue(btc));
        p.onOpen(s);
        frame(p, s, Fixtures.bytes("bybit/orderbookSnapshot.json"));
        frame(p, s, text("{\"topic\":\"orderbook.50.BTCUSDT\",\"type\":\"delta\",\"ts\":1,\"data\":{\"s\":"));
        assertTrue(s.facts.stream().anyMatch(f -> f.startsWith("BROKEN BTC-USDT BAD_FRAME")), s.facts.toString());
        s.sent.clear();
        p.resync(btc, s);
        assertEquals(2, s.sent.size(), s.sent.toString());
        assertTrue(s.sent.get(0).contains("\"op\":\"unsubscribe\"") && s.sent.get(0).contains("orderbook.50.BTCUSDT"));
        assertTrue(s.sent.get(1).contains("\"op\":\"subscribe\"") && !s.sent.get(1).contains("publicTrade"));
        frame(p, s, Fixtures.bytes("bybit/orderbookDelta.json"));
        assertEquals(1, s.published.size(), "deltas before the new snapshot are dropped");
    }

    @Test
    void pongsOfEitherMarketAnswerThePing() {
        for (String f : List.of("pongSpot", "pongLinear")) {
            RecordingSession s = new RecordingSession();
            BybitProtocol p = protocol(venue(btc));
            p.onOpen(s);
            frame(p, s, Fixtures.bytes("bybit/" + f + ".json"));
            assertTrue(s.facts.stream().noneMatch(x -> x.startsWith("RECONNECT")), f + ": " + s.facts);
        }
    }

    @Test
    void sizesInContractsOtherThanOneBaseUnitAreConverted() {
        // a hypothetical linear instrument of 0.01 BTC per contract (Bybit linear itself is 1)
        Instrument perp = new Instrument("BTC-USDT-PERP", "BTCUSDT", 2, 1, 3, 1, Instrument.Kind.PERPETUAL, 10);
        RecordingSession s = new RecordingSession();
        BybitProtocol p = protocol(venue(perp));
        p.onOpen(s);
        frame(p, s, text("{\"topic\":\"orderbook.50.BTCUSDT\",\"type\":\"snapshot\",\"ts\":1,\"data\":{\"s\":\"BTCUSDT\","
                + "\"b\":[[\"100.00\",\"3\"]],\"a\":[[\"101.00\",\"5\"]],\"u\":5,\"seq\":9},\"cts\":1}"));
        BookUpdate u = (BookUpdate) s.published.get(0);
        assertArrayEquals(new long[] {30}, u.bidSizes(), "3 contracts of 0.01 = 0.030 BTC");
    }

    @Test
    void oneGroupPerCategoryOnItsOwnEndpoint() {
        Instrument perp = new Instrument("BTC-USDT-PERP", "BTCUSDT", 1, 1, 3, 1, Instrument.Kind.PERPETUAL, 1000);
        Map<String, Instrument> both = new LinkedHashMap<>();
        both.put(btc.symbol(), btc);
        both.put(perp.symbol(), perp);
        List<ConnectionGroup> g = new BybitDialect().connectionGroups(venue(both));
        assertEquals(2, g.size());
        assertEquals("ws://127.0.0.1:1/v5/public/spot", g.get(0).venue().websocket().url().toString());
        assertEquals("ws://127.0.0.1:1/v5/public/linear", g.get(1).venue().websocket().url().toString());
        assertEquals(List.of("BTC-USDT-PERP"), List.copyOf(g.get(1).venue().instruments().keySet()));
    }

    private static BybitProtocol protocol(VenueConfig v) {
        return new BybitProtocol(v, new InstrumentMetadata("bybit", Duration.ofHours(1)));
    }

    private static void frame(BybitProtocol p, RecordingSession s, byte[] b) {
        p.onMessage(b, b.length, 1, s);
    }

    private static byte[] text(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static VenueConfig venue(Instrument i) {
        return venue(Map.of(i.symbol(), i));
    }

    static VenueConfig venue(Map<String, Instrument> instruments) {
        Duration s = Duration.ofSeconds(1);
        return new VenueConfig(Path.of("bybit.yaml"), "bybit", "bybit",
                new VenueConfig.WebSocket(URI.create("ws://127.0.0.1:1/v5/public"), s, s, s, s, s, s, 0.2, 1 << 20),
                new VenueConfig.Rest(URI.create("http://127.0.0.1:1"), 1, s, s, s, 1), 50, instruments,
                new VenueConfig.Fees(0, 10), List.of(), Map.of(), null);
    }
}
