package io.xgate.venue.okx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.xgate.book.BookRules;
import io.xgate.book.OrderBook;
import io.xgate.config.ConfigException;
import io.xgate.config.Instrument;
import io.xgate.config.Secret;
import io.xgate.config.VenueConfig;
import io.xgate.event.BookUpdate;
import io.xgate.event.OrderReport;
import io.xgate.event.OrderRequest;
import io.xgate.event.Side;
import io.xgate.event.Trade;
import io.xgate.event.VenueTouch;
import io.xgate.rest.VenueHttp;
import io.xgate.venue.InstrumentMetadata;
import io.xgate.venue.OrderProtocol;
import io.xgate.venue.RecordingSession;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The OKX market-data protocol through a recording session, from the exact JSON of protocol reference 3.1-3.2a, the
 * dialect's book rules (checksum over a base-unit SWAP book), and the order protocol's requests and replies.
 */
class OkxProtocolTest {

    static final Instrument BTC = new Instrument("BTC-USDT", "BTC-USDT", 2, 1, 8, 1);
    /** BTC-USDT-SWAP: tick 0.1, lot 0.0001 BTC (0.01 contracts), contract 0.01 BTC. */
    static final Instrument PERP = new Instrument("BTC-USDT-PERP", "BTC-USDT-SWAP", 1, 1, 4, 1,
            Instrument.Kind.PERPETUAL, 100);

    /** A session whose REST answers and timers the test controls. */
    static final class Session extends RecordingSession {
        final List<Runnable> timers = new ArrayList<>();
        final List<String> gets = new ArrayList<>();
        String restBody;

        @Override
        public Future<Buffer> get(String pathAndQuery, String limitClass, long cost) {
            gets.add(pathAndQuery + " " + limitClass + " " + cost);
            return pathAndQuery.startsWith("/api/v5/market/books") && restBody != null
                    ? Future.succeededFuture(Buffer.buffer(restBody)) : Future.failedFuture("no REST here");
        }

        @Override
        public void later(long millis, Runnable action) {
            timers.add(action);
        }

        void runTimers() {
            List<Runnable> now = new ArrayList<>(timers);
            timers.clear();
            now.forEach(Runnable::run);
        }
    }

    private static String books(String action, String inst, long prev, long seq, String bids, String asks,
                                long checksum) {
        return "{\"arg\":{\"channel\":\"books\",\"instId\":\"" + inst + "\"},\"action\":\"" + action + "\",\"data\":[{"
                + "\"asks\":[" + asks + "],\"bids\":[" + bids + "],\"ts\":\"1597026383085\",\"checksum\":" + checksum
                + ",\"prevSeqId\":" + prev + ",\"seqId\":" + seq + "}]}";
    }

    private static void frame(OkxProtocol p, RecordingSession s, String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        p.onMessage(b, b.length, 0, s);
    }

    private static List<String> broken(RecordingSession s) {
        return s.facts.stream().filter(f -> f.startsWith("BROKEN")).toList();
    }

    /** The document's worked example: -1→10, 10→15, 15→15 (keepalive), 15→3 (reset), 3→5: no resync at all. */
    @Test
    void theDocumentedSequenceExampleIsAcceptedWithoutAResync() {
        OkxProtocol p = new OkxProtocol(venue(null), metadata());
        Session s = new Session();
        p.onOpen(s);
        assertTrue(s.sent.get(0).contains("\"op\":\"subscribe\"") && s.sent.get(0).contains("bbo-tbt")
                && s.sent.get(0).contains("BTC-USDT-SWAP"), s.sent.toString());
        String lvl = "[\"8476.97\",\"256\",\"0\",\"12\"]";
        frame(p, s, books("snapshot", "BTC-USDT", -1, 10, lvl, "[\"8476.98\",\"415\",\"0\",\"13\"]", -855196043));
        frame(p, s, books("update", "BTC-USDT", 10, 15, "[\"8476.5\",\"1\",\"0\",\"1\"]", "", 0));
        frame(p, s, books("update", "BTC-USDT", 15, 15, "", "", 0));
        frame(p, s, books("update", "BTC-USDT", 15, 3, "[\"8476.5\",\"2\",\"0\",\"1\"]", "", 0));
        frame(p, s, books("update", "BTC-USDT", 3, 5, "[\"8476.5\",\"0\",\"0\",\"0\"]", "", 0));
        assertEquals(List.of(), broken(s));
        assertEquals(1, p.keepalives());
        assertEquals(1, p.resets());
        List<BookUpdate> out = s.published.stream().map(BookUpdate.class::cast).toList();
        assertEquals(List.of(10L, 15L, 3L, 5L), out.stream().map(BookUpdate::venueSeq).toList(),
                "the keepalive publishes nothing");
        assertEquals(-855196043L, out.get(0).checksum(), "a non-zero checksum goes down to be verified");
        assertEquals(BookUpdate.NO_CHECKSUM, out.get(1).checksum(), "checksum 0 means none (3.2a)");

        frame(p, s, books("update", "BTC-USDT", 6, 7, "[\"8476.5\",\"1\",\"0\",\"1\"]", "", 0));
        assertEquals(1, broken(s).size(), s.facts.toString());
        assertTrue(broken(s).get(0).startsWith("BROKEN BTC-USDT GAP expected prevSeqId 5"), broken(s).toString());
        int sent = s.sent.size();
        p.resync(BTC, s);
        assertEquals(List.of("{\"op\":\"unsubscribe\",\"args\":[{\"channel\":\"books\",\"instId\":\"BTC-USDT\"}]}",
                "{\"op\":\"subscribe\",\"args\":[{\"channel\":\"books\",\"instId\":\"BTC-USDT\"}]}"),
                s.sent.subList(sent, s.sent.size()), "only that symbol's books are resubscribed");
    }

    /**
     * A storm of resyncs spends the connection's 480 subscribe requests an hour (the fuzz harness did, in five
     * minutes): the connection is replaced, since the budget is per connection, rather than leaving the book unsynced
     * for up to an hour.
     */
    @Test
    void aSpentSubscribeBudgetReplacesTheConnectionInsteadOfWaitingAnHour() {
        OkxProtocol p = new OkxProtocol(venue(null), metadata());
        Session s = new Session();
        p.onOpen(s);
        while (s.sent.size() < OkxProtocol.OPS_PER_HOUR - 1) { // the subscribe on open, then two a resync
            p.resync(BTC, s);
        }
        assertEquals(OkxProtocol.OPS_PER_HOUR - 1, s.sent.size());
        assertTrue(s.facts.stream().noneMatch(f -> f.startsWith("RECONNECT")), s.facts.toString());
        p.resync(BTC, s); // its unsubscribe is the 480th; its subscribe finds the budget spent
        assertEquals(OkxProtocol.OPS_PER_HOUR, s.sent.size(), "nothing beyond the budget goes out");
        List<String> reconnects = s.facts.stream().filter(f -> f.startsWith("RECONNECT")).toList();
        assertEquals(1, reconnects.size(), s.facts.toString());
        assertTrue(reconnects.get(0).contains("480 subscribe requests in the last hour"), reconnects.toString());
        s.runTimers();
        assertEquals(OkxProtocol.OPS_PER_HOUR, s.sent.stream().filter(t -> t.contains("\"op\"")).count(),
                "no request waits on the old connection for room");
        p.onClose();
        p.onOpen(s); // the new connection: a budget of its own
        assertTrue(s.sent.get(s.sent.size() - 1).contains("\"op\":\"subscribe\""));
    }

    /** SWAP books, touches and trades are in contracts: published in base units, exactly. */
    @Test
    void swapSizesAreConvertedToBaseUnits() {
        OkxProtocol p = new OkxProtocol(venue(null), metadata());
        Session s = new Session();
        p.onOpen(s);
        frame(p, s, books("snapshot", "BTC-USDT-SWAP", -1, 100, "[\"111.0\",\"57745\",\"0\",\"2\"]",
                "[\"111.1\",\"0.5\",\"0\",\"2\"]", 0));
        BookUpdate u = (BookUpdate) s.published.get(0);
        assertEquals(577_4500L, u.bidSizes()[0], "57745 contracts of 0.01 BTC = 577.45 BTC");
        assertEquals(50L, u.askSizes()[0], "0.5 contracts = 0.005 BTC");
        frame(p, s, "{\"arg\":{\"channel\":\"bbo-tbt\",\"instId\":\"BTC-USDT-SWAP\"},\"data\":[{\"asks\":[[\"111.1\","
                + "\"55154\",\"0\",\"2\"]],\"bids\":[[\"111.0\",\"57745\",\"0\",\"2\"]],\"ts\":\"1670324386802\","
                + "\"seqId\":100}]}");
        VenueTouch t = (VenueTouch) s.published.get(1);
        assertEquals(List.of(100L, 5_515_400L, 5_774_500L), List.of(t.venueSeq(), t.askSize(), t.bidSize()));
        frame(p, s, "{\"arg\":{\"channel\":\"trades\",\"instId\":\"BTC-USDT-SWAP\"},\"data\":[{\"instId\":"
                + "\"BTC-USDT-SWAP\",\"tradeId\":\"130639474\",\"px\":\"42219.9\",\"sz\":\"3\",\"side\":\"buy\","
                + "\"ts\":\"1630048897897\",\"count\":\"3\",\"source\":\"0\",\"seqId\":1234}]}");
        Trade tr = (Trade) s.published.get(2);
        assertEquals(List.of(300L, 130639474L), List.of(tr.size(), tr.venueSeq()), "3 contracts = 0.03 BTC");
        assertEquals(Side.BUY, tr.side());
    }

    /** No in-band snapshot after the ack: REST bootstrap, covered updates dropped, the straddling one kept. */
    @Test
    void withoutAnInBandSnapshotTheBookStartsFromRest() {
        OkxProtocol p = new OkxProtocol(venue(null), metadata());
        Session s = new Session();
        p.onOpen(s);
        s.timers.clear(); // the keep-alive loop
        frame(p, s, "{\"id\":\"1512\",\"event\":\"subscribe\",\"arg\":{\"channel\":\"books\",\"instId\":\"BTC-USDT\"},"
                + "\"connId\":\"a4d3ae55\"}");
        frame(p, s, books("update", "BTC-USDT", 18, 20, "[\"100.0\",\"1\",\"0\",\"1\"]", "", 0));
        frame(p, s, books("update", "BTC-USDT", 20, 22, "[\"100.1\",\"1\",\"0\",\"1\"]", "", 0));
        frame(p, s, books("update", "BTC-USDT", 22, 25, "[\"100.2\",\"1\",\"0\",\"1\"]", "", 0));
        assertTrue(s.published.isEmpty());
        s.restBody = "{\"code\":\"0\",\"msg\":\"\",\"data\":[{\"asks\":[[\"101\",\"2\",\"0\",\"1\"]],\"bids\":[[\"99\","
                + "\"3\",\"0\",\"1\"]],\"ts\":\"1597026383085\",\"seqId\":21}]}";
        s.runTimers();
        assertTrue(s.gets.contains("/api/v5/market/books?instId=BTC-USDT&sz=400 MARKET_BOOKS 1"), s.gets.toString());
        assertEquals(List.of(21L, 22L, 25L), s.published.stream().map(e -> ((BookUpdate) e).venueSeq()).toList());
        assertTrue(s.facts.get(s.facts.size() - 1).startsWith("LIVE BTC-USDT REST snapshot seqId 21"),
                s.facts.toString());
        assertEquals(1, p.restBootstraps());
        assertEquals(List.of(), broken(s));
    }

    @Test
    void pingPongAndTheServiceUpgradeNotice() {
        OkxProtocol p = new OkxProtocol(venue(null), metadata());
        Session s = new Session();
        p.onOpen(s);
        frame(p, s, "pong");
        frame(p, s, "{\"event\":\"notice\",\"code\":\"64008\",\"msg\":\"The connection will soon be closed for a "
                + "service upgrade. Please reconnect.\",\"connId\":\"a4d3ae55\"}");
        assertTrue(s.facts.stream().anyMatch(f -> f.startsWith("ROTATE OKX notice 64008")), s.facts.toString());
    }

    /** The book verticle's checksum over a SWAP book held in base units: written back in contracts (C5's text). */
    @Test
    void theChecksumOfABaseUnitSwapBookIsTheVenuesInContracts() {
        BookRules rules = new OkxDialect().bookRules(venue(null));
        assertEquals(OkxDialect.BOOK_LEVELS, rules.truncateDepth());
        assertTrue(rules.touch().sameSequence());
        OrderBook book = new OrderBook("okx", "BTC-USDT-PERP", 1, 4);
        // C5's levels in contracts (7, 9, 6, 8) held as base units of 0.01 BTC per contract
        book.apply(new BookUpdate("okx", "BTC-USDT-PERP", 1, 0, 0, 0, BookUpdate.Kind.SNAPSHOT, -1,
                BookUpdate.NO_CHECKSUM, 1, 4, new long[] {33661, 33660}, new long[] {700, 600},
                new long[] {33668, 33680}, new long[] {900, 800}));
        assertEquals(-1_881_014_294L, rules.checksum().get().applyAsLong(book));
        OrderBook spot = new OrderBook("okx", "BTC-USDT", 1, 8);
        spot.apply(new BookUpdate("okx", "BTC-USDT", 1, 0, 0, 0, BookUpdate.Kind.SNAPSHOT, -1,
                BookUpdate.NO_CHECKSUM, 1, 8, new long[] {33661, 33660}, new long[] {7_0000_0000L, 6_0000_0000L},
                new long[] {33668, 33680}, new long[] {9_0000_0000L, 8_0000_0000L}));
        assertEquals(-1_881_014_294L, rules.checksum().get().applyAsLong(spot));
    }

    @Test
    void venueFileRules() {
        OkxDialect d = new OkxDialect();
        VenueConfig.Credentials noPass = new VenueConfig.Credentials(new Secret("k".toCharArray(), "test"),
                new Secret("s".toCharArray(), "test"));
        ConfigException e = assertThrows(ConfigException.class, () -> d.check(venue(noPass), (key, problem) ->
                new ConfigException(Path.of("okx.yaml"), 1, key, problem)));
        assertTrue(e.getMessage().contains("credentials.passphrase") && e.getMessage().contains("is required"), e.getMessage());
        d.check(venue(credentials("s")), (key, problem) -> new ConfigException(Path.of("okx.yaml"), 1, key, problem));
    }

    /** 3.4's self-generated vector through the order protocol: the spot example body, signed as documented. */
    @Test
    void ordersAreSignedAsDocumented() {
        OkxOrderProtocol p = new OkxOrderProtocol(venue(credentials("22582BD0CFF14C41EDBF1AB98506286D")));
        Instrument spot = new Instrument("BTC-USDT", "BTC-USDT", 2, 1, 0, 1);
        OrderRequest r = place(spot, "b15", OrderRequest.TimeInForce.GTC, 215, 2);
        OrderProtocol.WireRequest w = p.build(r, spot, null, 1_607_418_537_715L); // 2020-12-08T09:08:57.715Z
        assertEquals("{\"instId\":\"BTC-USDT\",\"tdMode\":\"cash\",\"clOrdId\":\"b15\",\"side\":\"buy\","
                + "\"ordType\":\"limit\",\"px\":\"2.15\",\"sz\":\"2\"}", w.body());
        assertEquals("2020-12-08T09:08:57.715Z", w.headers().get("OK-ACCESS-TIMESTAMP"));
        assertEquals("dI6rrL9rXW/HdaPKJ/6LC1OgvH4/PYju6R3CqixMTNQ=", w.headers().get("OK-ACCESS-SIGN"));
        assertEquals("pass", w.headers().get("OK-ACCESS-PASSPHRASE"));
        assertTrue(!w.toString().contains("pass") && !w.toString().contains("dI6rr"), w.toString());
    }

    @Test
    void swapQuantitiesAreWholeContractsOrRefusedLocally() {
        OkxOrderProtocol p = new OkxOrderProtocol(venue(credentials("s")));
        OrderProtocol.WireRequest w = p.build(place(PERP, "a1", OrderRequest.TimeInForce.IOC, 650_000, 200), PERP,
                null, 0);
        assertTrue(w.body().contains("\"tdMode\":\"cross\"") && w.body().contains("\"ordType\":\"ioc\"")
                && w.body().contains("\"sz\":\"2\""), w.body());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> p.build(
                place(PERP, "a2", OrderRequest.TimeInForce.GTC, 650_000, 150), PERP, null, 0));
        assertTrue(e.getMessage().contains("0.015 base units is not a whole number of contracts of 0.01"),
                e.getMessage());
    }

    @Test
    void repliesBySCodeAndTheDocumentedErrors() {
        OkxOrderProtocol p = new OkxOrderProtocol(venue(credentials("s")));
        OrderRequest r = place(PERP, "a1", OrderRequest.TimeInForce.GTC, 650_000, 200);
        OrderProtocol.Outcome ok = p.read(r, PERP, null, reply(200, "{\"code\":\"0\",\"msg\":\"\",\"data\":[{"
                + "\"clOrdId\":\"oktswap6\",\"ordId\":\"312269865356374016\",\"tag\":\"\",\"ts\":\"1695190491421\","
                + "\"sCode\":\"0\",\"sMsg\":\"\",\"subCode\":\"\"}],\"inTime\":\"1695190491421339\","
                + "\"outTime\":\"1695190491423240\"}"));
        assertEquals(OrderReport.Status.ACCEPTED, ok.status());
        assertEquals("312269865356374016", ok.venueOrderId());
        OrderProtocol.Outcome item = p.read(r, PERP, null, reply(200, "{\"code\":\"1\",\"msg\":\"failed\",\"data\":[{"
                + "\"ordId\":\"\",\"sCode\":\"51008\",\"sMsg\":\"Insufficient balance\"}]}"));
        assertEquals(List.of(OrderReport.Status.REJECTED, "51008", "Insufficient balance"),
                List.of(item.status(), item.code(), item.message()));
        OrderProtocol.Outcome limited = p.read(r, PERP, null, reply(429, "{\"code\":\"50011\",\"msg\":\"Too Many "
                + "Requests\",\"data\":[]}"));
        assertEquals("50011", limited.code());
        assertEquals(2_000, limited.pauseNewOrdersMillis());
        OrderProtocol.Outcome stale = p.read(r, PERP, null, reply(401, "{\"code\":\"50102\",\"msg\":\"Timestamp "
                + "request expired\",\"data\":[]}"));
        assertTrue(stale.code().equals("50102") && stale.message().contains("check the clock"), stale.message());
        OrderProtocol.Outcome filled = p.read(query(PERP), PERP, "7", reply(200, "{\"code\":\"0\",\"msg\":\"\","
                + "\"data\":[{\"ordId\":\"7\",\"state\":\"filled\",\"accFillSz\":\"2\",\"avgPx\":\"65000.1\"}]}"));
        assertEquals(List.of(OrderReport.Status.FILLED, 200L, 650_001L), List.of(filled.status(),
                filled.filledQuantity(), filled.averagePrice()), "2 contracts = 0.02 BTC");
        assertEquals(OrderReport.Status.UNKNOWN, p.read(r, PERP, null, reply(502, "")).status());
    }

    @Test
    void theSigningToolReproducesTheVectors() {
        OkxSigningTool t = new OkxSigningTool();
        Secret secret = new Secret("22582BD0CFF14C41EDBF1AB98506286D".toCharArray(), "test");
        assertEquals("HiZhvSfMtWJA3uUIVXV3a/bSXNPCWvYFXoGCVS8V4zY=", t.sign(new io.xgate.venue.SigningTool.Input(
                "2020-12-08T09:08:57.715ZGET/api/v5/account/balance?ccy=BTC", null, null), secret).value());
        assertEquals("+LdIr8lkkvhr5hoA3g9TMC0+uQJ849ftAcocA/ouu4M=", t.sign(new io.xgate.venue.SigningTool.Input(
                "1538054050GET/users/self/verify", null, null), secret).value());
        assertThrows(IllegalArgumentException.class, () -> t.sign(new io.xgate.venue.SigningTool.Input(
                "GET/api/v5/account/balance", null, null), secret));
    }

    private static VenueHttp.Reply reply(int status, String body) {
        return new VenueHttp.Reply(status, "", io.vertx.core.MultiMap.caseInsensitiveMultiMap(), Buffer.buffer(body));
    }

    private static OrderRequest place(Instrument i, String id, OrderRequest.TimeInForce tif, long price, long qty) {
        return new OrderRequest("okx", i.symbol(), -1, 0, 0, 0, OrderRequest.Action.PLACE, id, Side.BUY,
                OrderRequest.OrderType.LIMIT, tif, i.priceScale(), i.sizeScale(), price, qty, "");
    }

    private static OrderRequest query(Instrument i) {
        return new OrderRequest("okx", i.symbol(), -1, 0, 0, 0, OrderRequest.Action.QUERY, "a1", Side.BUY,
                OrderRequest.OrderType.LIMIT, OrderRequest.TimeInForce.GTC, i.priceScale(), i.sizeScale(), 0, 0, "7");
    }

    private static VenueConfig.Credentials credentials(String secret) {
        return new VenueConfig.Credentials(new Secret("key".toCharArray(), "test"),
                new Secret(secret.toCharArray(), "test"), new Secret("pass".toCharArray(), "test"));
    }

    private static InstrumentMetadata metadata() {
        return new InstrumentMetadata("okx", Duration.ofHours(1));
    }

    static VenueConfig venue(VenueConfig.Credentials credentials) {
        Duration s = Duration.ofSeconds(1);
        Map<String, Instrument> symbols = new LinkedHashMap<>();
        symbols.put(BTC.symbol(), BTC);
        symbols.put(PERP.symbol(), PERP);
        return new VenueConfig(Path.of("okx.yaml"), "okx", "okx",
                new VenueConfig.WebSocket(URI.create("ws://127.0.0.1:1/ws/v5/public"), s, s, s, s, s, s, 0.2, 1 << 20),
                new VenueConfig.Rest(URI.create("http://127.0.0.1:1"), 1, s, s, s, 1), 400, symbols,
                new VenueConfig.Fees(8, 10), List.of(), Map.of(), credentials);
    }
}
