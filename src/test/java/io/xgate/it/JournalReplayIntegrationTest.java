package io.xgate.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.xgate.Gateway;
import io.xgate.book.OrderBook;
import io.xgate.config.ConfigLoader;
import io.xgate.config.GatewayConfig;
import io.xgate.event.Addresses;
import io.xgate.event.BookTop;
import io.xgate.event.BookUpdate;
import io.xgate.event.Event;
import io.xgate.event.EventCodec;
import io.xgate.event.ResyncCause;
import io.xgate.event.SyncState;
import io.xgate.event.VenueStatus;
import io.xgate.journal.FeedRecords;
import io.xgate.journal.JournalReader;
import io.xgate.journal.Replayer;
import io.xgate.journal.TopCheck;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The journal's determinism: a gateway records a simulated session with every fault class (gaps, bad frames, bad
 * checksums, disconnects, the venue's shutdown notices and connection rotations, rate limits and bans), the market is
 * frozen and every book catches up with the simulator's truth; then the recording is replayed in-process. The replay
 * must reproduce live exactly: every recorded {@code BookTop} (sequence, receive time, state, levels) at the same
 * update count, the same resyncs by cause, the same bad frames, and final books equal to the truth. Waits on
 * events, never on time.
 */
class JournalReplayIntegrationTest {

    private static final List<String> VENUES = SimConfig.VENUES;
    private static final List<String> SYMBOLS = List.of("BTC-USDT", "ETH-USDT");

    @TempDir
    Path dir;

    private Gateway gateway;

    @AfterEach
    void stop() throws Exception {
        if (gateway != null) {
            await(gateway.stop());
        }
    }

    @Test
    void aReplayReproducesTheRecordedBookTopsResyncsAndFinalBooks() throws Exception {
        Path file = SimConfig.write(dir, "  faults:\n"
                + "    binance: {symbols: [ETH-USDT], dropRate: 0.01, malformedRate: 0.005, rest429Rate: 0.2, "
                + "shutdownEvery: 3s}\n"
                + "    binanceus: {disconnectEvery: 2s, symbols: [BTC-USDT], largeMessageBytes: 262144, "
                + "largeMessageEvery: 1s}\n"
                + "    kraken: {symbols: [ETH-USDT], dropRate: 0.01, badChecksumRate: 0.01, malformedRate: 0.005, "
                + "disconnectEvery: 3s}\n", "1500ms");
        // binanceus skips messages above 128 KiB: the simulator's 256 KiB ones are bad frames, recorded by their size
        Path binanceus = dir.resolve("venues/binanceus.yaml");
        Files.writeString(binanceus, Files.readString(binanceus).replace("staleAfter: 500ms,",
                "staleAfter: 500ms, maxMessageBytes: 131072,"));
        Path journal = dir.resolve("journal");
        Files.writeString(file, Files.readString(file) + "journal: {enabled: true, dir: \"" + journal
                + "\", events: [BOOK_TOP, TRADE]}\n");
        GatewayConfig config = new ConfigLoader(k -> null).load(file);
        gateway = await(Gateway.start(config));
        StatusWatch statuses = new StatusWatch(gateway.vertx(), VENUES);
        Map<String, long[]> liveUpdates = new ConcurrentHashMap<>();
        for (String v : VENUES) {
            for (String s : SYMBOLS) {
                long[] n = new long[1];
                liveUpdates.put(v + "/" + s, n);
                gateway.vertx().eventBus().<BookTop>consumer(Addresses.top(v, s), m -> {
                    if (m.body().syncState() == SyncState.LIVE) {
                        synchronized (n) {
                            n[0] += m.body().updates();
                        }
                    }
                });
            }
        }
        // every fault class has shown its effect (each its own resync cause), and each venue rotated or reconnected
        for (String[] vc : new String[][] {{"binance", "gap"}, {"binance", "bad_frame"}, {"kraken", "checksum"}}) {
            await(Eventually.holds(gateway.vertx(), () -> gateway.metrics().venue(vc[0]).resyncs(vc[1]) > 0));
        }
        await(statuses.when("binance", st -> st.reason().contains("rotated to a new connection (2 so far)")));
        await(statuses.when("binanceus", st -> st.connection() == VenueStatus.Connection.DISCONNECTED));
        await(statuses.when("kraken", st -> st.connection() == VenueStatus.Connection.DISCONNECTED));
        for (String k : liveUpdates.keySet()) {
            long[] n = liveUpdates.get(k);
            await(Eventually.holds(gateway.vertx(), () -> {
                synchronized (n) {
                    return n[0] >= 1_000;
                }
            }));
        }
        await(gateway.simulator().freeze());
        Map<String, BookUpdate> truth = new HashMap<>();
        for (String v : VENUES) {
            for (String s : SYMBOLS) {
                BookUpdate t = await(gateway.simulator().trueBook(v, s));
                BookUpdate want = v.equals("kraken") ? SimConfig.top(t, SimConfig.KRAKEN_DEPTH) : t;
                truth.put(v + "/" + s, want);
                // the live book caught up with the frozen market: checked again after each of its tops until it did
                for (int i = 0; !sameLevels(liveBook(v, s), want); i++) {
                    assertTrue(i < 10_000, v + " " + s + ": the live book never caught up with the truth");
                    await(nextTop(v, s));
                }
            }
        }
        Map<String, Map<String, Long>> liveResyncs = new HashMap<>();
        Map<String, Long> liveBadFrames = new HashMap<>();
        for (String v : VENUES) {
            Map<String, Long> m = new HashMap<>();
            for (ResyncCause c : ResyncCause.values()) {
                long n = gateway.metrics().venue(v).resyncs(c.label());
                if (n > 0) {
                    m.put(c.label(), n);
                }
            }
            liveResyncs.put(v, m);
            liveBadFrames.put(v, gateway.metrics().venue(v).badFrames());
        }
        await(gateway.stop());
        gateway = null;

        // the recorded tops, then the replay held to them
        TopCheck check = new TopCheck(true);
        EventCodec codec = new EventCodec();
        JournalReader.open(journal, FeedRecords.EVENTS).readAll((type, ts, buf, off, len) -> {
            if (type == FeedRecords.EVENT) {
                Event e = codec.decode(buf, off, len);
                if (e instanceof BookTop t) {
                    check.recorded(t);
                }
            }
        });
        Replayer replayer = new Replayer(Replayer.Options.all(), new Replayer.Listener() {
            @Override
            public void top(BookTop top) {
                check.replayed(top);
            }
        });
        JournalReader.open(journal, FeedRecords.FEED).readAll(replayer::record);
        check.finish();
        assertEquals(0, replayer.gaps(), "the journal dropped nothing");
        for (Replayer.VenueResult r : replayer.results()) {
            assertEquals(List.of(), r.divergences(), r.venue() + ": the replay did what the recording says");
            assertEquals(liveResyncs.get(r.venue()), r.resyncs(), r.venue() + ": the same resyncs, by cause");
            assertEquals(liveBadFrames.get(r.venue()), r.badFrames(), r.venue() + ": the same bad frames");
            for (String s : SYMBOLS) {
                OrderBook b = replayer.book(r.venue(), s);
                BookUpdate want = truth.get(r.venue() + "/" + s);
                assertTrue(sameLevels(levels(b, b.bidCount(), b.askCount()), want),
                        r.venue() + " " + s + ": the replayed book equals the simulator's truth at the freeze");
            }
        }
        assertTrue(liveResyncs.get("binance").getOrDefault("gap", 0L) > 0, "gaps were replayed");
        assertTrue(liveResyncs.get("kraken").getOrDefault("checksum", 0L) > 0, "bad checksums were replayed");
        assertTrue(liveBadFrames.get("binanceus") > 0, "binanceus skipped its oversize messages (bad frames, replayed "
                + "from their SKIPPED records)");
        assertEquals(List.of(), check.mismatches(), check.summary());
        assertEquals(0, check.mismatched(), check.summary());
        assertEquals(0, check.unreached(), check.summary());
        assertTrue(check.matched() > 5_000, check.summary());
        assertTrue(check.unaligned() * 100 <= check.matched(), "at most 1 % unaligned: " + check.summary());

        // and in another JVM, as a user replays it: nothing may depend on this process (hash codes of enums, say)
        Path javaBin = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(javaBin.toString(), "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                "io.xgate.App", "replay", "--journal", journal.toString()).redirectErrorStream(false).start();
        p.getErrorStream().transferTo(java.io.OutputStream.nullOutputStream());
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "xgate replay did not end");
        assertEquals(0, p.exitValue(), "xgate replay exits 0 (no divergence, no mismatch): " + out);
        assertTrue(out.contains(" 0 differ,") && out.contains(" 0 not reached,"), out);
    }

    private Future<Void> nextTop(String v, String s) {
        io.vertx.core.Promise<Void> p = io.vertx.core.Promise.promise();
        var consumer = gateway.vertx().eventBus().<BookTop>consumer(Addresses.top(v, s));
        consumer.handler(m -> {
            consumer.unregister();
            p.tryComplete();
        });
        return p.future();
    }

    private BookUpdate liveBook(String v, String s) {
        try {
            return (BookUpdate) await(gateway.vertx().eventBus().request(Addresses.bookQuery(v, s), "")).body();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static BookUpdate levels(OrderBook b, int bids, int asks) {
        int nb = Math.min(bids, b.bidCount());
        int na = Math.min(asks, b.askCount());
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


    private static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
    }
}
