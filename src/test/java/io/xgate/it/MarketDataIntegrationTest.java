package io.xgate.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.xgate.Gateway;
import io.xgate.config.ConfigLoader;
import io.xgate.config.GatewayConfig;
import io.xgate.event.Addresses;
import io.xgate.event.BookTop;
import io.xgate.event.BookUpdate;
import io.xgate.event.SyncState;
import io.xgate.event.VenueStatus;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole market-data path on loopback with no faults: the simulator speaks the Binance wire format for two
 * venue instances and Kraken's v2 for a third; the gateway syncs each symbol (Binance: REST snapshot + diff
 * stream; Kraken: snapshot + updates whose checksums are verified after every message) and book verticles keep
 * the books. After thousands of updates per symbol the market is frozen; once each book has caught up, every
 * level must equal the simulator's true book (for Kraken, its top {@code bookDepth} levels: the view Kraken
 * serves). No symbol may have resynced. Waits on events, never on time.
 */
class MarketDataIntegrationTest {

    private static final List<String> VENUES = SimConfig.VENUES;
    private static final List<String> SYMBOLS = List.of("BTC-USDT", "ETH-USDT");
    private static final int MIN_UPDATES = 2_000;
    private static final int KRAKEN_DEPTH = SimConfig.KRAKEN_DEPTH;

    @TempDir
    Path dir;

    private Gateway gateway;
    /** Per venue/symbol: updates applied while LIVE, and the latest BookTop. Guarded by itself. */
    private final Map<String, long[]> applied = new HashMap<>();
    private final Map<String, BookTop> latest = new HashMap<>();
    /** Conditions on a venue/symbol's BookTops that a test step waits for. Guarded by {@link #applied}. */
    private final List<Object[]> waiters = new ArrayList<>();
    private StatusWatch statuses;

    @AfterEach
    void stop() throws Exception {
        if (gateway != null) {
            gateway.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void everyLiveBookEqualsTheSimulatorsTrueBook() throws Exception {
        start("");
        for (String v : VENUES) {
            for (String s : SYMBOLS) {
                await(when(v, s, top -> applied.get(v + "/" + s)[0] >= MIN_UPDATES));
            }
        }
        await(gateway.simulator().freeze());
        assertBooksEqualTheTruth();
        assertTrue(statuses.all().stream().flatMap(st -> st.symbols().stream()).allMatch(ss -> ss.resyncs() == 0),
                "no fault was injected, so no symbol may have resynced");
        for (String v : List.of("binance", "binanceus")) {
            assertEquals(2L, await(gateway.simulator().snapshotRequests(v)), v + ": one snapshot per symbol");
        }
    }

    /**
     * Every fault the simulator has, at once. Per-message faults (drops, malformed frames, bad checksums) hit
     * ETH-USDT only, so BTC-USDT must never resync. The test waits until each fault has shown its effect in the
     * venue status (a resync, a ban, a stale feed, a reconnect), then freezes the market and requires every book
     * to equal the truth again, and the simulator to have seen no request inside a Retry-After window.
     */
    @Test
    void everyFaultIsHealedAndOnlyTheAffectedSymbolResyncs() throws Exception {
        start("  faults:\n"
                + "    binance: {symbols: [ETH-USDT], dropRate: 0.01, malformedRate: 0.005, rest429Rate: 0.3, "
                + "rest418Rate: 0.2, shutdownEvery: 3s}\n"
                + "    binanceus: {disconnectEvery: 2s, stallEvery: 2500ms, stallFor: 1500ms}\n"
                + "    kraken: {symbols: [ETH-USDT], dropRate: 0.01, badChecksumRate: 0.01, malformedRate: 0.005, "
                + "disconnectEvery: 3s}\n");
        await(status("binance", st -> symbol(st, "ETH-USDT").state() == SyncState.RESYNCING));
        await(status("binance", st -> st.connection() == VenueStatus.Connection.BANNED));
        await(status("binance", st -> st.reason().contains("serverShutdown")));
        await(status("binanceus", st -> symbol(st, "BTC-USDT").state() == SyncState.STALE));
        await(status("binanceus", st -> st.connection() == VenueStatus.Connection.DISCONNECTED));
        await(status("kraken", st -> symbol(st, "ETH-USDT").state() == SyncState.RESYNCING));
        await(status("kraken", st -> st.connection() == VenueStatus.Connection.DISCONNECTED));
        for (String v : VENUES) {
            for (String s : SYMBOLS) {
                try {
                    await(when(v, s, top -> applied.get(v + "/" + s)[0] >= MIN_UPDATES));
                } catch (java.util.concurrent.TimeoutException e) {
                    StringBuilder b = new StringBuilder();
                    synchronized (applied) {
                        applied.forEach((k, n) -> b.append(k).append('=').append(n[0]).append(' '));
                    }
                    throw new AssertionError(v + " " + s + " did not reach " + MIN_UPDATES + " LIVE updates; "
                            + "updates applied while LIVE: " + b, e);
                }
            }
        }
        await(gateway.simulator().freeze());
        assertBooksEqualTheTruth();

        Map<String, Long> binance = await(gateway.simulator().faultCounts("binance"));
        Map<String, Long> binanceus = await(gateway.simulator().faultCounts("binanceus"));
        Map<String, Long> kraken = await(gateway.simulator().faultCounts("kraken"));
        for (String f : List.of("dropped", "malformed", "rest429", "rest418", "serverShutdown")) {
            assertTrue(binance.getOrDefault(f, 0L) > 0, "binance: no " + f + " injected: " + binance);
        }
        for (String f : List.of("disconnect", "stall")) {
            assertTrue(binanceus.getOrDefault(f, 0L) > 0, "binanceus: no " + f + " injected: " + binanceus);
        }
        for (String f : List.of("dropped", "badChecksum", "malformed", "disconnect")) {
            assertTrue(kraken.getOrDefault(f, 0L) > 0, "kraken: no " + f + " injected: " + kraken);
        }
        assertEquals(0L, binance.getOrDefault("retryAfterIgnored", 0L), "requests sent inside a Retry-After window");
        // each fault class shows its own cause: Binance's dropped updates break the sequence and its malformed frames
        // (which name their stream) are bad frames of that symbol; Kraken's drops (no sequence) and bad checksums fail
        // the checksum, and its malformed frames, which name no symbol, are counted and touch no book
        for (String[] vc : new String[][] {{"binance", "gap"}, {"binance", "bad_frame"}, {"kraken", "checksum"}}) {
            await(Eventually.holds(gateway.vertx(), () -> gateway.metrics().venue(vc[0]).resyncs(vc[1]) > 0));
        }
        assertTrue(gateway.metrics().venue("kraken").badFrames() > 0, "kraken's malformed frames were counted");
        for (String v : List.of("binance", "kraken")) {
            VenueStatus last = statuses.last(v);
            assertEquals(0, symbol(last, "BTC-USDT").resyncs(), v + " BTC-USDT was not faulted: " + last);
            assertTrue(symbol(last, "ETH-USDT").resyncs() > 0, v + " ETH-USDT was faulted: " + last);
        }
    }

    /**
     * Connections live at most 1 s: every venue rotates again and again, make-before-break. After the first time
     * every symbol is LIVE, no status may show a symbol anything but LIVE and no BookTop may be other than LIVE:
     * rotations must not open a gap. The books still equal the truth at the end.
     */
    @Test
    void booksStayLiveAcrossRotations() throws Exception {
        maxConnectionAge = "1s";
        start("");
        for (String v : VENUES) {
            await(status(v, st -> st.symbols().stream().allMatch(ss -> ss.state() == SyncState.LIVE)));
        }
        List<String> gaps = new ArrayList<>();
        for (String v : VENUES) {
            gateway.vertx().eventBus().<VenueStatus>consumer(Addresses.status(v), m -> {
                m.body().symbols().stream().filter(ss -> ss.state() != SyncState.LIVE).forEach(ss -> {
                    synchronized (gaps) {
                        gaps.add(v + " " + ss);
                    }
                });
            });
            for (String s : SYMBOLS) {
                gateway.vertx().eventBus().<BookTop>consumer(Addresses.top(v, s), m -> {
                    if (m.body().syncState() != SyncState.LIVE) {
                        synchronized (gaps) {
                            gaps.add(v + " " + s + " top " + m.body().syncState());
                        }
                    }
                });
            }
        }
        for (String v : VENUES) {
            await(status(v, st -> st.reason().contains("rotated to a new connection (3 so far)")));
        }
        await(gateway.simulator().freeze());
        assertBooksEqualTheTruth();
        synchronized (gaps) {
            assertTrue(gaps.isEmpty(), "a rotation opened a gap: " + gaps);
        }
    }

    /**
     * Binance sends no checksum: an update whose sizes are wrong but whose sequence is intact passes every
     * sequence rule. The bookTicker cross-check must catch it at the touch (the ticker's {@code u} is the book's
     * update id) and resync that symbol only.
     */
    @Test
    void aCorruptedTouchIsCaughtByTheBookTickerCrossCheck() throws Exception {
        start("  faults:\n    binance: {symbols: [ETH-USDT], corruptRate: 0.05}\n");
        await(status("binance", st -> symbol(st, "ETH-USDT").reason().contains("differs from bookTicker")));
        Map<String, Long> counts = await(gateway.simulator().faultCounts("binance"));
        assertTrue(counts.getOrDefault("corrupted", 0L) > 0, "no corruption injected: " + counts);
        VenueStatus last = statuses.last("binance");
        assertEquals(0, symbol(last, "BTC-USDT").resyncs(), "BTC-USDT was not corrupted: " + last);
        assertTrue(gateway.metrics().venue("binance").resyncs("cross_check") > 0, "found by the touch check");
        assertEquals(0, gateway.metrics().venue("binance").resyncs("gap"), "the sequence was intact");
    }

    private String maxConnectionAge = "23h";

    private void start(String faults) throws Exception {
        GatewayConfig config = new ConfigLoader(k -> null).load(writeConfig(faults));
        gateway = Gateway.start(config).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        listen();
    }

    private static VenueStatus.SymbolStatus symbol(VenueStatus st, String symbol) {
        return st.symbols().stream().filter(ss -> ss.symbol().equals(symbol)).findFirst().orElseThrow();
    }

    /** Completes when a venue status (already seen, or later) satisfies the condition. */
    private Future<Void> status(String venue, Predicate<VenueStatus> condition) {
        return statuses.when(venue, condition);
    }

    private void assertBooksEqualTheTruth() throws Exception {
        for (String v : VENUES) {
            for (String s : SYMBOLS) {
                String key = v + "/" + s;
                boolean kraken = v.equals("kraken");
                BookUpdate truth = await(gateway.simulator().trueBook(v, s));
                if (kraken) {
                    // no sequence numbers: caught up when a LIVE top (which holds the whole depth-10 book) is the truth
                    BookUpdate want = SimConfig.top(truth, KRAKEN_DEPTH);
                    await(when(v, s, top -> Arrays.equals(top.bidPrices(), want.bidPrices())
                            && Arrays.equals(top.bidSizes(), want.bidSizes())
                            && Arrays.equals(top.askPrices(), want.askPrices())
                            && Arrays.equals(top.askSizes(), want.askSizes())));
                    truth = want;
                } else {
                    long last = truth.venueSeq();
                    await(when(v, s, top -> top.venueSeq() >= last));
                }
                BookUpdate ours = (BookUpdate) await(gateway.vertx().eventBus()
                        .request(Addresses.bookQuery(v, s), "")).body();
                if (!kraken) {
                    assertEquals(truth.venueSeq(), ours.venueSeq(), key + " last update id");
                }
                assertTrue(truth.bidPrices().length >= 10 && truth.askPrices().length >= 10, key + " book too thin");
                assertArrayEquals(truth.bidPrices(), ours.bidPrices(), key + " bid prices");
                assertArrayEquals(truth.bidSizes(), ours.bidSizes(), key + " bid sizes");
                assertArrayEquals(truth.askPrices(), ours.askPrices(), key + " ask prices");
                assertArrayEquals(truth.askSizes(), ours.askSizes(), key + " ask sizes");
            }
        }
    }

    /** Records every LIVE BookTop and venue status, and completes the waiters whose condition holds. */
    private void listen() {
        statuses = new StatusWatch(gateway.vertx(), VENUES);
        for (String v : VENUES) {
            for (String s : SYMBOLS) {
                String key = v + "/" + s;
                applied.put(key, new long[1]);
                gateway.vertx().eventBus().<BookTop>consumer(Addresses.top(v, s), m -> {
                    BookTop top = m.body();
                    if (top.syncState() != SyncState.LIVE) {
                        return;
                    }
                    synchronized (applied) {
                        applied.get(key)[0] += top.updates();
                        latest.put(key, top);
                        check(key, top);
                    }
                });
            }
        }
    }

    /** Completes when a LIVE BookTop of venue/symbol (the latest already seen, or a later one) satisfies it. */
    private Future<Void> when(String venue, String symbol, Predicate<BookTop> condition) {
        Promise<Void> p = Promise.promise();
        String key = venue + "/" + symbol;
        synchronized (applied) {
            waiters.add(new Object[] {key, condition, p});
            BookTop top = latest.get(key);
            if (top != null) {
                check(key, top);
            }
        }
        return p.future();
    }

    @SuppressWarnings("unchecked")
    private void check(String key, BookTop top) {
        waiters.removeIf(w -> {
            if (w[0].equals(key) && ((Predicate<BookTop>) w[1]).test(top)) {
                ((Promise<Void>) w[2]).tryComplete();
                return true;
            }
            return false;
        });
    }


    private static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
    }

    private Path writeConfig(String faults) throws IOException {
        return SimConfig.write(dir, faults, maxConnectionAge);
    }
}
