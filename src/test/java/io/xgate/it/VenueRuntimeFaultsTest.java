package io.xgate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.xgate.Gateway;
import io.xgate.config.ConfigLoader;
import io.xgate.event.Addresses;
import io.xgate.event.SyncState;
import io.xgate.event.VenueStatus;
import io.xgate.metrics.Metrics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The venue runtime against venues that misbehave at the connection level, served by the simulator's faults: a
 * venue that accepts the WebSocket and drops it at once (the back-off must grow, never reset by the successful
 * connects), one that accepts TCP and never answers the upgrade (the handshake deadline), and messages of 2 MiB
 * (used) and 20 MiB (above {@code websocket.maxMessageBytes}: skipped and counted, the connection and the other
 * symbol's book stay).
 */
class VenueRuntimeFaultsTest {

    private static final Pattern RECONNECT = Pattern.compile("reconnecting in (\\d+) ms \\(attempt (\\d+) since");

    @TempDir
    Path dir;

    private Gateway gateway;
    private StatusWatch statuses;

    @AfterEach
    void stop() throws Exception {
        if (gateway != null) {
            gateway.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void aFlappingVenueBacksOffToTheCapWhileTheOthersStayLive() throws Exception {
        start("  faults:\n    binanceus: {flapFor: 1h}\n", "");
        // SimConfig: reconnectInitialDelay 50ms, reconnectMaxDelay 500ms, jitter 0.2 (added, never taken off)
        await(status("binanceus", st -> attemptDelays(st.venue()).size() >= 8));
        TreeMap<Integer, Long> delays = attemptDelays("binanceus");
        for (var e : delays.entrySet()) {
            long base = Math.min(50L << (e.getKey() - 1), 500);
            assertTrue(e.getValue() >= base && e.getValue() <= Math.round(base * 1.2) + 1,
                    "attempt " + e.getKey() + " waited " + e.getValue() + " ms; the back-off says " + base
                            + " ms plus up to 20 %: " + delays);
        }
        // the first status or two may come before the watch is attached; from then on, the attempts only climb: a
        // successful connect that the venue dropped at once never resets the back-off
        List<Integer> attempts = new ArrayList<>(delays.keySet());
        for (int k = 1; k < attempts.size(); k++) {
            assertEquals(attempts.get(k - 1) + 1, attempts.get(k), "consecutive attempts: " + delays);
        }
        int previous = 0;
        for (VenueStatus st : statuses.all()) {
            Matcher m = RECONNECT.matcher(st.reason());
            if (st.venue().equals("binanceus") && m.find()) {
                int attempt = Integer.parseInt(m.group(2));
                assertTrue(attempt >= previous, "the back-off went back from attempt " + previous + " to " + attempt);
                previous = attempt;
            }
        }
        long flaps = await(gateway.simulator().faultCounts("binanceus")).getOrDefault("flap", 0L);
        // the venue counts a connection a moment before its status says so: one or two in flight either way
        int reconnects = attemptDelays("binanceus").lastKey();
        assertTrue(flaps >= 8 && flaps <= reconnects + 2, "the venue saw " + flaps + " connections for "
                + reconnects + " reconnects");
        for (String v : List.of("binance", "kraken")) {
            await(status(v, st -> st.symbols().stream().allMatch(ss -> ss.state() == SyncState.LIVE)));
        }
        for (VenueStatus st : statuses.all()) {
            if (st.venue().equals("binanceus") && st.connection() == VenueStatus.Connection.DISCONNECTED) {
                assertTrue(st.symbols().stream().allMatch(ss -> ss.state() == SyncState.DOWN),
                        "nothing is LIVE on a venue that is disconnected (a late snapshot must not count): " + st);
            }
        }
    }

    @Test
    void aHandshakeBlackHoleIsAbandonedAfterConnectTimeoutAndRetried() throws Exception {
        start("  faults:\n    kraken: {handshakeBlackHole: 1}\n", "connectTimeout: 500ms, ");
        long started = System.nanoTime();
        await(status("kraken", st -> st.reason().contains(
                "connect failed: no WebSocket handshake within websocket.connectTimeout (500 ms)")));
        long failedAfterMs = (System.nanoTime() - started) / 1_000_000;
        await(status("kraken", st -> st.connection() == VenueStatus.Connection.CONNECTED
                && st.symbols().stream().allMatch(ss -> ss.state() == SyncState.LIVE)));
        assertEquals(1L, await(gateway.simulator().faultCounts("kraken")).get("handshakeBlackHole"));
        assertTrue(failedAfterMs < 10_000, "the attempt was abandoned after " + failedAfterMs + " ms");
        // and its socket let go: the venue never closes a swallowed handshake, so only the client can (a gateway
        // that did not held one socket per black hole for its life: the hour-long soak's open files climbed)
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (await(gateway.simulator().swallowedHandshakesClosed("kraken")) < 1 && System.nanoTime() < until) {
            Thread.sleep(20);
        }
        assertEquals(1L, await(gateway.simulator().swallowedHandshakesClosed("kraken")),
                "the swallowed handshake's connection is closed by the client");
    }

    @Test
    void aTwoMegabyteMessageIsUsedAndATwentyMegabyteOneIsSkippedWithoutLosingTheOtherBook() throws Exception {
        // every second, so that some arrive while the book is LIVE (one skipped before the snapshot is covered by it)
        start("  faults:\n    binance: {symbols: [BTC-USDT], largeMessageBytes: 2097152, largeMessageEvery: 1s}\n"
                + "    binanceus: {symbols: [BTC-USDT], largeMessageBytes: 20971520, largeMessageEvery: 1s}\n", "");
        Metrics.Venue binance = gateway.metrics().venue("binance");
        Metrics.Venue binanceus = gateway.metrics().venue("binanceus");
        await(eventually(() -> binanceus.badFrames() >= 3));
        await(eventually(() -> counted("binance", "largeMessage") >= 3));
        // the skipped message was a BTC-USDT book update: the next one breaks its sequence rule, and it resyncs
        await(status("binanceus", st -> st.symbols().stream().allMatch(ss -> ss.state() == SyncState.LIVE
                && (ss.symbol().equals("BTC-USDT") ? ss.resyncs() >= 1 : ss.resyncs() == 0))));
        await(status("binance", st -> st.symbols().stream().allMatch(ss -> ss.state() == SyncState.LIVE)));
        assertEquals(0, binance.badFrames(), "2 MiB is within websocket.maxMessageBytes (16 MiB): used");
        for (VenueStatus st : statuses.all()) {
            if (st.venue().equals("binance")) {
                assertTrue(st.symbols().stream().allMatch(ss -> ss.resyncs() == 0), "binance: " + st);
            }
            if (st.venue().equals("binanceus")) {
                assertTrue(st.connection() != VenueStatus.Connection.DISCONNECTED,
                        "the connection stays: " + st);
                assertEquals(0, st.symbols().stream().filter(ss -> ss.symbol().equals("ETH-USDT"))
                        .findFirst().orElseThrow().resyncs(), "the other symbol's book stays: " + st);
            }
        }
        assertTrue(binanceus.resyncs("gap") >= 1, "the hole in BTC-USDT's sequence was found");
        assertEquals(0, binanceus.resyncs("bad_frame") + binanceus.resyncs("other"), "by its own rule, not a guess");
    }

    private long counted(String venue, String fault) {
        try {
            return await(gateway.simulator().faultCounts(venue)).getOrDefault(fault, 0L);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Per attempt number, the delay a venue status announced before it. */
    private TreeMap<Integer, Long> attemptDelays(String venue) {
        TreeMap<Integer, Long> out = new TreeMap<>();
        for (VenueStatus st : statuses.all()) {
            Matcher m = RECONNECT.matcher(st.reason());
            if (st.venue().equals(venue) && m.find()) {
                out.put(Integer.parseInt(m.group(2)), Long.parseLong(m.group(1)));
            }
        }
        return out;
    }

    private void start(String simulatorExtra, String websocketExtra) throws Exception {
        Path file = SimConfig.write(dir, simulatorExtra, "1h");
        if (!websocketExtra.isEmpty()) {
            for (String v : SimConfig.VENUES) {
                Path venue = dir.resolve("venues/" + v + ".yaml");
                Files.writeString(venue, Files.readString(venue).replace("staleAfter: 500ms, ",
                        "staleAfter: 500ms, " + websocketExtra));
            }
        }
        gateway = Gateway.start(new ConfigLoader(k -> null).load(file)).toCompletionStage().toCompletableFuture()
                .get(60, TimeUnit.SECONDS);
        statuses = new StatusWatch(gateway.vertx(), SimConfig.VENUES);
    }

    /** Completes when a venue status (already seen, or later) satisfies the condition. */
    private Future<Void> status(String venue, Predicate<VenueStatus> condition) {
        return statuses.when(venue, condition);
    }

    private Future<Void> eventually(BooleanSupplier condition) {
        return Eventually.holds(gateway.vertx(), condition);
    }

    private static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(90, TimeUnit.SECONDS);
    }
}
