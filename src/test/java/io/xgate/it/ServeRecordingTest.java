package io.xgate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.xgate.Gateway;
import io.xgate.book.OrderBook;
import io.xgate.config.ConfigLoader;
import io.xgate.event.Addresses;
import io.xgate.event.BookTop;
import io.xgate.event.BookUpdate;
import io.xgate.event.SyncState;
import io.xgate.event.VenueStatus;
import io.xgate.journal.FeedRecords;
import io.xgate.journal.JournalReader;
import io.xgate.journal.RecordingServer;
import io.xgate.journal.Replayer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code xgate replay --serve} end to end: a gateway records a simulated session on every dialect (Binance twice,
 * Kraken, OKX, Bybit with its two endpoints) with gaps (REST resyncs), bad checksums (resubscriptions), venue
 * disconnects and connection rotations; the market is frozen and every book settles; the gateway stops. The
 * recording's final books come from the in-process {@link Replayer}. Then the recording is served at 10x its pace by a
 * {@link RecordingServer} on the recorded ports, a second gateway (simulator off, the same venue files) connects to
 * it, and once every venue's served stream has ended each of its books must equal the recording's final book, level
 * for level. Waits on events, never on time.
 */
class ServeRecordingTest {

    private static final List<String> VENUES = List.of("binance", "binanceus", "kraken", "okx", "bybit");
    private static final Map<String, List<String>> SYMBOLS = Map.of(
            "binance", List.of("BTC-USDT", "ETH-USDT"), "binanceus", List.of("BTC-USDT", "ETH-USDT"),
            "kraken", List.of("BTC-USDT", "ETH-USDT"), "okx", List.of("BTC-USDT", "ETH-USDT", "BTC-USDT-PERP"),
            "bybit", List.of("BTC-USDT", "ETH-USDT", "BTC-USDT-PERP"));
    /** The venues whose books are compared with the simulator's truth before the recording stops. */
    private static final List<String> TRUTH = SimConfig.VENUES;

    @TempDir
    Path dir;

    private Gateway gateway;
    private Vertx serverVertx;
    private RecordingServer server;

    @AfterEach
    void stop() throws Exception {
        if (gateway != null) {
            await(gateway.stop());
        }
        if (server != null) {
            await(server.close());
        }
        if (serverVertx != null) {
            await(serverVertx.close());
        }
    }

    @Test
    void aSecondGatewayOnTheServedRecordingEndsWithTheRecordedBooks() throws Exception {
        Path recorded = dir.resolve("recorded");
        Path journal = dir.resolve("journal");
        Path file = writeConfig(recorded, journal, "1500ms");
        gateway = await(Gateway.start(new ConfigLoader(k -> null).load(file)));
        StatusWatch statuses = new StatusWatch(gateway.vertx(), VENUES);
        Map<String, long[]> liveUpdates = countLiveUpdates(gateway);
        // each fault has shown its effect: a REST resync, a resubscription, disconnects and rotations
        await(Eventually.holds(gateway.vertx(), () -> gateway.metrics().venue("binance").resyncs("gap") > 0));
        await(Eventually.holds(gateway.vertx(), () -> gateway.metrics().venue("kraken").resyncs("checksum") > 0));
        await(statuses.when("binance", st -> st.reason().contains("rotated to a new connection (2 so far)")));
        await(statuses.when("binanceus", st -> st.connection() == VenueStatus.Connection.DISCONNECTED));
        await(statuses.when("kraken", st -> st.connection() == VenueStatus.Connection.DISCONNECTED));
        await(statuses.when("bybit", st -> st.connection() == VenueStatus.Connection.DISCONNECTED));
        for (String k : liveUpdates.keySet()) {
            long[] n = liveUpdates.get(k);
            await(Eventually.holds(gateway.vertx(), () -> {
                synchronized (n) {
                    return n[0] >= 500;
                }
            }));
        }
        // the market stops; every book settles (to the truth where it is simply comparable), then the gateway stops
        await(gateway.simulator().freeze());
        for (String v : TRUTH) {
            for (String s : SYMBOLS.get(v)) {
                BookUpdate t = await(gateway.simulator().trueBook(v, s));
                BookUpdate want = v.equals("kraken") ? SimConfig.top(t, SimConfig.KRAKEN_DEPTH) : t;
                for (int i = 0; !sameLevels(book(gateway, v, s), want); i++) {
                    assertTrue(i < 10_000, v + " " + s + ": the live book never caught up with the truth");
                    await(nextTop(gateway, v, s));
                }
            }
        }
        for (String v : VENUES) {
            await(statuses.when(v, st -> st.connection() == VenueStatus.Connection.CONNECTED
                    && st.symbols().stream().allMatch(x -> x.state() == SyncState.LIVE)));
        }
        await(gateway.stop());
        gateway = null;

        // the recording's final books, in-process
        Replayer replayer = new Replayer(Replayer.Options.all(), new Replayer.Listener() {
        });
        JournalReader.open(journal, FeedRecords.FEED).readAll(replayer::record);
        assertEquals(0, replayer.gaps(), "the journal dropped nothing");
        Map<String, BookUpdate> recordedBooks = new HashMap<>();
        Map<String, Map<String, Long>> recordedResyncs = new HashMap<>();
        for (Replayer.VenueResult r : replayer.results()) {
            recordedResyncs.put(r.venue(), r.resyncs());
            assertEquals(List.of(), r.divergences(), r.venue() + ": the replay did what the recording says");
            for (Replayer.BookResult b : r.books()) {
                OrderBook ob = replayer.book(r.venue(), b.symbol());
                recordedBooks.put(r.venue() + "/" + b.symbol(), levels(ob));
            }
        }
        assertEquals(3 * 2 + 2 * 3, recordedBooks.size(), recordedBooks.keySet().toString());

        // served at 10x the recorded pace on the recorded ports; a second gateway on the same venue files, simulator
        // off. (At max speed a gateway slowed by a loaded machine can ask for a snapshot after the stream has passed
        // the recorded answer and end on another one: seen in 1 of 3 runs here under CI load; README, Roadmap.)
        serverVertx = Vertx.vertx();
        server = await(RecordingServer.open(journal, RecordingServer.Options.of(10)).start(serverVertx));
        assertEquals(VENUES, server.venues().stream().map(RecordingServer.ServedVenue::venue).toList());
        Path served = dir.resolve("served");
        gateway = await(Gateway.start(new ConfigLoader(k -> null).load(writeServedConfig(recorded, served))));
        await(server.ended());
        List<String> differ = new ArrayList<>();
        for (String v : VENUES) {
            for (String s : SYMBOLS.get(v)) {
                BookUpdate want = recordedBooks.get(v + "/" + s);
                assertNotNull(want, v + " " + s);
                // the served stream has ended; the book settles once the gateway has read what is in flight
                BookUpdate have = book(gateway, v, s);
                while (!sameLevels(have, want)) {
                    try {
                        await(nextTop(gateway, v, s), 10);
                    } catch (TimeoutException e) {
                        break;
                    }
                    have = book(gateway, v, s);
                }
                if (!sameLevels(have, want)) {
                    differ.add(v + " " + s + ": served gateway " + describe(have) + ", recording " + describe(want));
                }
            }
        }
        List<JsonObject> stats = new ArrayList<>();
        for (String v : VENUES) {
            stats.add(await(server.stats(v)));
        }
        Map<String, Map<String, Long>> servedResyncs = new HashMap<>();
        for (String v : VENUES) {
            Map<String, Long> m = new java.util.LinkedHashMap<>();
            for (io.xgate.event.ResyncCause c : io.xgate.event.ResyncCause.values()) {
                long n = gateway.metrics().venue(v).resyncs(c.label());
                if (n > 0) {
                    m.put(c.label(), n);
                }
            }
            servedResyncs.put(v, m);
        }
        assertEquals(List.of(), differ, "every book of the served gateway equals the recording's final book; "
                + "server: " + stats + "; resyncs recorded " + recordedResyncs + ", served " + servedResyncs);
        // the same bytes in the same order make the same resyncs (the gateway never ran ahead of the recording)
        assertEquals(recordedResyncs, servedResyncs, "the served gateway resynced as the recording did");
        // what the gateway received is the recorded active stream, and what a rotation added: nothing of a standby
        // before its promotion but where the rules say so (spliced, or a rotation served from its start)
        Map<String, Long> active = activeMessages(journal);
        for (int k = 0; k < VENUES.size(); k++) {
            String v = VENUES.get(k);
            JsonObject st = stats.get(k);
            assertEquals(0L, st.getLong("waitsTimedOut"), "the gateway asked what the recording did: " + st);
            assertEquals(0L, st.getLong("restAfterLastAnswer"), "every REST answer was current: " + st);
            assertTrue(active.get(v) > 1_000, v + ": " + active.get(v) + " messages on active connections");
            long want = active.get(v) + st.getLong("standbyMessagesSpliced") + st.getLong("standbyMessagesServedFromStart");
            try {
                await(Eventually.holds(gateway.vertx(), () -> gateway.metrics().venue(v).messages() >= want), 10);
            } catch (TimeoutException e) {
                // the assertion below says what it got
            }
            assertEquals(want, gateway.metrics().venue(v).messages(), v + ": the gateway received the recorded "
                    + "active stream (" + active.get(v) + " messages) and the rotations' (" + st + ")");
        }
    }

    // ------------------------------------------------------------------------------------------------ helpers

    /**
     * Per venue, the recorded messages of the connection that was active when they came (the one opened active, or
     * promoted, until it closed), read from the journal independently of the server.
     */
    private static Map<String, Long> activeMessages(Path journal) throws Exception {
        Map<String, Long> counts = new HashMap<>();
        Map<String, String> groupOf = new HashMap<>();
        Map<String, Integer> activeOf = new HashMap<>();
        FeedRecords.Reader r = new FeedRecords.Reader();
        JournalReader.open(journal, FeedRecords.FEED).readAll((type, ts, buf, off, len) -> {
            if (type != FeedRecords.CONNECTION && type != FeedRecords.MESSAGE) {
                return;
            }
            r.of(buf, off, len);
            String v = r.str();
            int conn = r.u32();
            if (type == FeedRecords.CONNECTION) {
                int event = r.u8();
                String group = r.str();
                if (event == 1 || event == 2) {
                    groupOf.put(v + "#" + conn, v + "/" + group);
                }
                String g = groupOf.get(v + "#" + conn);
                if (event == 1 || event == 3) {
                    activeOf.put(g, conn);
                } else if (event == 4 && activeOf.get(g) != null && activeOf.get(g) == conn) {
                    activeOf.remove(g);
                }
            } else {
                Integer a = activeOf.get(groupOf.get(v + "#" + conn));
                if (a != null && a == conn) {
                    counts.merge(v, 1L, Long::sum);
                }
            }
        });
        return counts;
    }

    /** The recording gateway's configuration: SimConfig's venues with faults, plus OKX and Bybit. */
    private static Path writeConfig(Path dir, Path journal, String maxConnectionAge) throws Exception {
        Path file = SimConfig.write(dir, "  faults:\n"
                + "    binance: {symbols: [ETH-USDT], dropRate: 0.002}\n"
                + "    binanceus: {disconnectEvery: 2s}\n"
                + "    kraken: {symbols: [ETH-USDT], badChecksumRate: 0.002, disconnectEvery: 3s}\n"
                + "    bybit: {disconnectEvery: 3s}\n", maxConnectionAge);
        String text = Files.readString(file).replace("venues: [binance, binanceus, kraken]",
                "venues: [binance, binanceus, kraken, okx, bybit]");
        Files.writeString(file, text + "journal: {enabled: true, dir: \"" + journal + "\"}\n");
        int okx = SimConfig.freePort();
        Files.writeString(dir.resolve("venues/okx.yaml"), String.join("\n",
                "id: okx",
                "dialect: okx",
                "websocket: {url: \"ws://127.0.0.1:" + okx + "/ws/v5/public\", staleAfter: 500ms, "
                        + "reconnectInitialDelay: 50ms, reconnectMaxDelay: 500ms, maxConnectionAge: "
                        + maxConnectionAge + "}",
                "rest: {url: \"http://127.0.0.1:" + okx + "\"}",
                "bookDepth: 400",
                "symbols:",
                "  BTC-USDT: {venueSymbol: BTC-USDT, tickSize: \"0.1\", lotSize: \"0.00000001\"}",
                "  ETH-USDT: {venueSymbol: ETH-USDT, tickSize: \"0.01\", lotSize: \"0.000001\"}",
                "  BTC-USDT-PERP: {venueSymbol: BTC-USDT-SWAP, kind: perpetual, contractSize: \"0.01\", "
                        + "tickSize: \"0.1\", lotSize: \"0.0001\"}",
                "fees: {makerBps: 8, takerBps: 10}",
                "rateLimits: [{name: MARKET_BOOKS, limit: 4000, interval: 2s}, {name: ORDERS, limit: 60, "
                        + "interval: 2200ms}]",
                ""));
        int bybit = SimConfig.freePort();
        Files.writeString(dir.resolve("venues/bybit.yaml"), String.join("\n",
                "id: bybit",
                "dialect: bybit",
                "websocket: {url: \"ws://127.0.0.1:" + bybit + "/v5/public\", staleAfter: 500ms, "
                        + "reconnectInitialDelay: 50ms, reconnectMaxDelay: 500ms, maxConnectionAge: "
                        + maxConnectionAge + "}",
                "rest: {url: \"http://127.0.0.1:" + bybit + "\"}",
                "bookDepth: 50",
                "symbols:",
                "  BTC-USDT: {venueSymbol: BTCUSDT, tickSize: \"0.01\", lotSize: \"0.000001\"}",
                "  ETH-USDT: {venueSymbol: ETHUSDT, tickSize: \"0.01\", lotSize: \"0.00001\"}",
                "  BTC-USDT-PERP: {venueSymbol: BTCUSDT, kind: perpetual, contractSize: \"1\", tickSize: \"0.1\", "
                        + "lotSize: \"0.001\"}",
                "fees: {makerBps: 10, takerBps: 10}",
                "rateLimits: [{name: IP, limit: 600000, interval: 5s}, {name: ORDERS, limit: 10, interval: 1100ms}]",
                ""));
        return file;
    }

    /**
     * The served gateway's configuration: the recorded venue files (so the recorded URLs and ports), the simulator
     * off, no journal, and no rotation of its own during the test.
     */
    private static Path writeServedConfig(Path recorded, Path dir) throws Exception {
        Files.createDirectories(dir.resolve("venues"));
        String main = Files.readString(recorded.resolve("xgate.yaml"));
        main = main.replace("  enabled: true\n", "  enabled: false\n").replaceAll("(?m)^journal:.*\n", "");
        Files.writeString(dir.resolve("xgate.yaml"), main);
        for (String v : VENUES) {
            String venue = Files.readString(recorded.resolve("venues/" + v + ".yaml"));
            Files.writeString(dir.resolve("venues/" + v + ".yaml"), venue.replace("maxConnectionAge: 1500ms",
                    "maxConnectionAge: 1h"));
        }
        return dir.resolve("xgate.yaml");
    }

    private static Map<String, long[]> countLiveUpdates(Gateway g) {
        Map<String, long[]> counts = new ConcurrentHashMap<>();
        for (String v : VENUES) {
            for (String s : SYMBOLS.get(v)) {
                long[] n = new long[1];
                counts.put(v + "/" + s, n);
                g.vertx().eventBus().<BookTop>consumer(Addresses.top(v, s), m -> {
                    if (m.body().syncState() == SyncState.LIVE) {
                        synchronized (n) {
                            n[0] += m.body().updates();
                        }
                    }
                });
            }
        }
        return counts;
    }

    private static Future<Void> nextTop(Gateway g, String v, String s) {
        Promise<Void> p = Promise.promise();
        var consumer = g.vertx().eventBus().<BookTop>consumer(Addresses.top(v, s));
        consumer.handler(m -> {
            consumer.unregister();
            p.tryComplete();
        });
        return p.future();
    }

    private static BookUpdate book(Gateway g, String v, String s) throws Exception {
        return (BookUpdate) await(g.vertx().eventBus().request(Addresses.bookQuery(v, s), "")).body();
    }

    private static BookUpdate levels(OrderBook b) {
        int nb = b.bidCount();
        int na = b.askCount();
        long[] bp = new long[nb];
        long[] bs = new long[nb];
        long[] ap = new long[na];
        long[] as = new long[na];
        b.topBids(bp, bs, nb);
        b.topAsks(ap, as, na);
        return new BookUpdate(b.venue(), b.symbol(), 0, 0, 0, 0, BookUpdate.Kind.SNAPSHOT, 0, BookUpdate.NO_CHECKSUM,
                b.priceScale(), b.sizeScale(), bp, bs, ap, as);
    }

    private static boolean sameLevels(BookUpdate a, BookUpdate b) {
        return Arrays.equals(a.bidPrices(), b.bidPrices()) && Arrays.equals(a.bidSizes(), b.bidSizes())
                && Arrays.equals(a.askPrices(), b.askPrices()) && Arrays.equals(a.askSizes(), b.askSizes());
    }

    private static String describe(BookUpdate b) {
        return b.bidPrices().length + "/" + b.askPrices().length + " levels, best "
                + (b.bidPrices().length == 0 ? "-" : b.bidPrices()[0]) + " / "
                + (b.askPrices().length == 0 ? "-" : b.askPrices()[0]);
    }


    private static <T> T await(Future<T> f) throws Exception {
        return await(f, 120);
    }

    private static <T> T await(Future<T> f, long seconds) throws Exception {
        try {
            return f.toCompletionStage().toCompletableFuture().get(seconds, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof Exception x ? x : e;
        }
    }
}
