package io.xgate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.eventbus.MessageConsumer;
import io.xgate.Gateway;
import io.xgate.config.ConfigLoader;
import io.xgate.event.Addresses;
import io.xgate.event.SyncState;
import io.xgate.event.VenueStatus;
import io.xgate.metrics.Metrics;
import io.xgate.perf.RuntimeCensus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leaks across reconnects: a real gateway against the real simulator on loopback sockets. One venue of each
 * dialect is made to reconnect {@value #RECONNECTS} times (the simulated venue closes its WebSockets, alternately
 * as soon as the gateway says it connected and once every book is LIVE again), while another venue rotates its
 * connection {@value #ROTATIONS} times through {@code websocket.maxConnectionAge} (make-before-break). Reconnects and
 * rotations are counted from the gateway's own meters ({@code xgate_ws_connects_total},
 * {@code xgate_ws_rotations_total}). Before and after, with every book LIVE, a {@link RuntimeCensus} counts the
 * event-bus consumers, pending Vert.x timers, open file descriptors (the sockets), threads and meters: each must be
 * what it was.
 *
 * <p>The rotating venue keeps rotating (its {@code maxConnectionAge} cannot be switched off), and a rotation holds a
 * second socket pair and a few timers for the milliseconds it takes. So each census is the floor of every count over
 * {@value #SAMPLES} samples 20 ms apart (a second, several rotations): a transient raises a count for a moment, a
 * leak raises its floor.
 */
class ReconnectLeakTest {

    private static final Logger LOG = LoggerFactory.getLogger(ReconnectLeakTest.class);

    static final int RECONNECTS = Integer.getInteger("xgate.it.leak.reconnects", 1_000);
    static final int ROTATIONS = Integer.getInteger("xgate.it.leak.rotations", 100);
    static final int SAMPLES = 50;

    /** One venue of the test: its dialect, and whether it is made to reconnect or left to rotate. */
    private record Venue(String id, String dialect, boolean rotates) {
    }

    private static final List<Venue> VENUES = List.of(
            new Venue("binance", "binance", false),
            new Venue("kraken", "kraken", false),
            new Venue("okx", "okx", false),
            new Venue("bybit", "bybit", false),
            new Venue("binanceus", "binance", true));

    @TempDir
    Path dir;

    private Gateway gateway;
    private final Map<String, VenueStatus> last = new ConcurrentHashMap<>();
    private final List<MessageConsumer<VenueStatus>> consumers = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        if (gateway != null) {
            gateway.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void reconnectsAndRotationsLeaveNothingBehind() throws Exception {
        long started = System.nanoTime();
        gateway = Gateway.start(new ConfigLoader(k -> null).load(write())).toCompletionStage().toCompletableFuture()
                .get(60, TimeUnit.SECONDS);
        Metrics metrics = gateway.metrics();
        // the test's own consumers and drivers exist before the first census and after the last
        List<Driver> drivers = new ArrayList<>();
        for (Venue v : VENUES) {
            Driver d = v.rotates() ? null : new Driver(v.id(), metrics.venue(v.id()));
            if (d != null) {
                drivers.add(d);
            }
            consumers.add(gateway.vertx().eventBus().<VenueStatus>consumer(Addresses.status(v.id()), m -> {
                last.put(v.id(), m.body());
                if (d != null) {
                    d.onStatus(m.body());
                }
            }));
        }
        RuntimeCensus census = new RuntimeCensus(gateway.vertx(), metrics.registry());
        await(steady());
        RuntimeCensus.Sample heapBefore = census.sample(); // first: the collections it runs may add GC meters
        Floor before = floor(census);
        Snapshot detailBefore = new Snapshot(census, metrics.registry());
        long connectsBefore = total(metrics, Metrics.Venue::connects, false);
        long rotationsBefore = total(metrics, Metrics.Venue::rotations, true);
        LOG.info("census before: {}; heap after GC {} MB", before, heapBefore.heapAfterGcBytes() >> 20);

        long stormStarted = System.nanoTime();
        drivers.forEach(Driver::start);
        await(Eventually.holds(gateway.vertx(), () -> drivers.stream().allMatch(Driver::done)
                && VENUES.stream().filter(Venue::rotates)
                .allMatch(v -> metrics.venue(v.id()).rotations() >= ROTATIONS)));
        long stormMillis = (System.nanoTime() - stormStarted) / 1_000_000;
        drivers.forEach(Driver::stop);

        await(steady());
        RuntimeCensus.Sample heapAfter = census.sample();
        Floor after = floor(census);
        Snapshot detailAfter = new Snapshot(census, metrics.registry());
        LOG.info("census after: {}; heap after GC {} MB", after, heapAfter.heapAfterGcBytes() >> 20);
        Map<String, String> achieved = new LinkedHashMap<>();
        for (Venue v : VENUES) {
            Metrics.Venue m = metrics.venue(v.id());
            achieved.put(v.id(), v.rotates() ? m.rotations() + " rotations" : m.disconnects() + " reconnects ("
                    + m.connects() + " connects)");
        }
        LOG.info("reconnect leak test: {} in {} ms (whole test {} ms so far)\n  before: {}\n  after:  {}\n  "
                        + "heap after GC: {} -> {} MB\n  changed: {}", achieved, stormMillis,
                (System.nanoTime() - started) / 1_000_000, before, after, heapBefore.heapAfterGcBytes() >> 20,
                heapAfter.heapAfterGcBytes() >> 20, detailBefore.diff(detailAfter));

        for (Venue v : VENUES) {
            Metrics.Venue m = metrics.venue(v.id());
            if (v.rotates()) {
                assertTrue(m.rotations() >= ROTATIONS, v.id() + " rotated " + m.rotations() + " times");
            } else {
                // each connection lost is followed by a reconnect: the venue is CONNECTED again (steady())
                assertTrue(m.disconnects() >= RECONNECTS, v.id() + " lost its connection " + m.disconnects()
                        + " times");
                assertTrue(m.connects() > m.disconnects(), v.id() + ": " + m.connects() + " connects for "
                        + m.disconnects() + " connections lost");
            }
        }
        assertTrue(total(metrics, Metrics.Venue::connects, false) - connectsBefore >= (long) RECONNECTS
                * drivers.size());
        assertTrue(total(metrics, Metrics.Venue::rotations, true) - rotationsBefore >= ROTATIONS);
        String why = "\n  before: " + before + "\n  after:  " + after + "\n  changed: "
                + detailBefore.diff(detailAfter);
        assertEquals(before.consumers, after.consumers, "event-bus consumers" + why);
        assertEquals(before.timers, after.timers, "Vert.x timers" + why);
        assertEquals(before.openFiles, after.openFiles, "open file descriptors (sockets)" + why);
        assertEquals(before.threads, after.threads, "threads" + why);
        // meters: by identity (name and tags), stricter than a count. The one family allowed to grow: Micrometer's JVM GC timers, one series per (gc, action, cause)
        // the first time the JVM reports a collection of that kind: a closed set of the JVM's, never per connection
        TreeSet<String> added = new TreeSet<>(detailAfter.meterIds);
        added.removeAll(detailBefore.meterIds);
        TreeSet<String> removed = new TreeSet<>(detailBefore.meterIds);
        removed.removeAll(detailAfter.meterIds);
        assertTrue(removed.isEmpty() && added.stream().allMatch(id -> id.startsWith("jvm.gc.pause{")),
                "meters added " + added + ", removed " + removed + why);
    }

    // ------------------------------------------------------------------------------------------------ census

    /** The floor (and the ceiling, for the report) of each count over {@link #SAMPLES} samples 20 ms apart. */
    private record Floor(long consumers, long timers, long openFiles, long threads, long meters, String ceiling) {
        @Override
        public String toString() {
            return "consumers " + consumers + ", timers " + timers + ", open fds " + openFiles + ", threads "
                    + threads + ", meters " + meters + " (highest: " + ceiling + ")";
        }
    }

    private static Floor floor(RuntimeCensus census) throws InterruptedException {
        long[] low = {Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE};
        long[] high = new long[5];
        for (int k = 0; k < SAMPLES; k++) {
            RuntimeCensus.Sample s = census.counts();
            long[] n = {s.consumers(), s.timers(), s.openFiles(), s.threads(), s.meters()};
            for (int j = 0; j < n.length; j++) {
                low[j] = Math.min(low[j], n[j]);
                high[j] = Math.max(high[j], n[j]);
            }
            Thread.sleep(20); // a sampling cadence, not a wait for something to happen
        }
        return new Floor(low[0], low[1], low[2], low[3], low[4], "consumers " + high[0] + ", timers " + high[1]
                + ", open fds " + high[2] + ", threads " + high[3] + ", meters " + high[4]);
    }

    /** What the census can name: consumers by address, timers by origin, meters by name, threads by name. */
    private static final class Snapshot {
        final SortedMap<String, Integer> consumers;
        final SortedMap<String, Integer> timers;
        final SortedMap<String, Integer> meters;
        final SortedMap<String, Integer> threads;
        /** Every meter's name and tags. */
        final TreeSet<String> meterIds = new TreeSet<>();

        Snapshot(RuntimeCensus census, io.micrometer.core.instrument.MeterRegistry registry) {
            registry.getMeters().forEach(m -> meterIds.add(m.getId().getName() + "{" + m.getId().getTags().stream()
                    .map(t -> t.getKey() + "=" + t.getValue()).reduce((a, b) -> a + "," + b).orElse("") + "}"));
            consumers = census.consumersByAddress();
            timers = census.timersByOrigin();
            meters = census.metersByName();
            threads = RuntimeCensus.threadsByName();
        }

        String diff(Snapshot later) {
            StringBuilder out = new StringBuilder();
            diff(out, "consumer", consumers, later.consumers);
            diff(out, "timer", timers, later.timers);
            diff(out, "meter", meters, later.meters);
            diff(out, "thread", threads, later.threads);
            later.meterIds.stream().filter(id -> !meterIds.contains(id)).limit(LINES).forEach(id -> out.append(
                    "\n    new meter ").append(id));
            return out.length() == 0 ? "nothing by name" : out.toString();
        }

        /** At most this many lines per kind of difference. */
        private static final int LINES = 12;

        private static void diff(StringBuilder out, String what, SortedMap<String, Integer> a,
                                 SortedMap<String, Integer> b) {
            // digits folded (a connection's number in an address), so that a leak per connection is one line
            SortedMap<String, int[]> both = new TreeMap<>();
            a.forEach((k, n) -> both.computeIfAbsent(k.replaceAll("\\d+", "#"), x -> new int[2])[0] += n);
            b.forEach((k, n) -> both.computeIfAbsent(k.replaceAll("\\d+", "#"), x -> new int[2])[1] += n);
            int shown = 0;
            int more = 0;
            for (Map.Entry<String, int[]> e : both.entrySet()) {
                int[] n = e.getValue();
                if (n[0] == n[1]) {
                    continue;
                }
                if (shown++ < LINES) {
                    out.append("\n    ").append(what).append(' ').append(e.getKey()).append(": ").append(n[0])
                            .append(" -> ").append(n[1]);
                } else {
                    more++;
                }
            }
            if (more > 0) {
                out.append("\n    (").append(more).append(" more ").append(what).append(" lines)");
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ drivers

    /**
     * Makes one venue reconnect: on each new connection (its {@code connects} meter moved), has the simulated venue
     * close it, alternately as soon as the gateway reports it connected (its subscriptions and REST requests in
     * flight) and once every book of it is LIVE. Runs on the status consumer's event loop.
     */
    private final class Driver {
        private final String venue;
        private final Metrics.Venue meters;
        private volatile boolean running;
        /** The connects count at the last close asked for: the next close waits for a new connection. */
        private long closedAt = -1;
        private long disconnectsAt;
        private int cycle;

        Driver(String venue, Metrics.Venue meters) {
            this.venue = venue;
            this.meters = meters;
        }

        synchronized void start() {
            running = true;
            closedAt = -1;
            onStatus(last.get(venue));
        }

        void stop() {
            running = false;
        }

        boolean done() {
            return meters.disconnects() >= RECONNECTS;
        }

        synchronized void onStatus(VenueStatus st) {
            if (!running || st == null || done() || st.connection() != VenueStatus.Connection.CONNECTED) {
                return;
            }
            long connects = meters.connects();
            if (connects == closedAt) {
                if (meters.disconnects() == disconnectsAt) {
                    // the close came before the venue knew the connection: ask again
                    gateway.simulator().disconnect(venue);
                }
                return;
            }
            boolean allLive = st.symbols().stream().allMatch(ss -> ss.state() == SyncState.LIVE);
            if (cycle % 2 == 0 || allLive) {
                cycle++;
                closedAt = connects;
                disconnectsAt = meters.disconnects();
                gateway.simulator().disconnect(venue);
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ helpers

    /** Every venue CONNECTED with every book LIVE, by the last status each published. */
    private Future<Void> steady() {
        return Eventually.holds(gateway.vertx(), () -> VENUES.stream().allMatch(v -> {
            VenueStatus st = last.get(v.id());
            return st != null && st.connection() == VenueStatus.Connection.CONNECTED
                    && st.symbols().stream().allMatch(ss -> ss.state() == SyncState.LIVE);
        }));
    }

    private static long total(Metrics metrics, ToLongFunction<Metrics.Venue> count, boolean rotating) {
        return VENUES.stream().filter(v -> v.rotates() == rotating).mapToLong(v -> count.applyAsLong(
                metrics.venue(v.id()))).sum();
    }

    private Path write() throws java.io.IOException {
        Files.createDirectories(dir.resolve("venues"));
        StringBuilder ids = new StringBuilder();
        for (Venue v : VENUES) {
            ids.append(ids.length() == 0 ? "" : ", ").append(v.id());
            Files.writeString(dir.resolve("venues/" + v.id() + ".yaml"), venueFile(v, SimConfig.freePort()));
        }
        Files.writeString(dir.resolve("xgate.yaml"), "name: leak\nvenues: [" + ids + "]\n"
                + "simulator:\n  enabled: true\n  seed: 7\n  stepInterval: 5ms\n  publishInterval: 5ms\n"
                + "admin: {port: 0}\n");
        return dir.resolve("xgate.yaml");
    }

    /**
     * A venue file: reconnects after 1-2 ms (the back-off still doubles, to its 2 ms cap); the rotating venue's
     * connections live 100 ms, the others' an hour. Keep-alive as by default (a ping every 20 s, 10 s for the pong):
     * what a closed connection leaves behind until then is still there when the test looks.
     */
    private static String venueFile(Venue v, int port) {
        String path = switch (v.dialect()) {
            case "kraken" -> "/v2";
            case "okx" -> "/ws/v5/public";
            case "bybit" -> "/v5/public";
            default -> "/stream";
        };
        List<String> lines = new ArrayList<>(List.of(
                "id: " + v.id(),
                "dialect: " + v.dialect(),
                "websocket: {url: \"ws://127.0.0.1:" + port + path + "\", staleAfter: 500ms, "
                        + "reconnectInitialDelay: 1ms, reconnectMaxDelay: 2ms, maxConnectionAge: "
                        + (v.rotates() ? "100ms" : "1h") + "}",
                "rest: {url: \"http://127.0.0.1:" + port + "\"}"));
        switch (v.dialect()) {
            case "kraken" -> lines.addAll(List.of("bookDepth: 10", "symbols:",
                    "  BTC-USDT: {venueSymbol: BTC/USDT, tickSize: \"0.1\", lotSize: \"0.00000001\"}",
                    "  ETH-USDT: {venueSymbol: ETH/USDT, tickSize: \"0.01\", lotSize: \"0.00000001\"}",
                    "fees: {makerBps: 10, takerBps: 40}"));
            case "okx" -> lines.addAll(List.of("bookDepth: 400", "symbols:",
                    "  BTC-USDT: {venueSymbol: BTC-USDT, tickSize: \"0.1\", lotSize: \"0.00000001\"}",
                    "  BTC-USDT-PERP: {venueSymbol: BTC-USDT-SWAP, kind: perpetual, contractSize: \"0.01\", "
                            + "tickSize: \"0.1\", lotSize: \"0.0001\"}",
                    "fees: {makerBps: 8, takerBps: 10}",
                    "rateLimits: [{name: MARKET_BOOKS, limit: 400000, interval: 2s}, {name: PUBLIC, limit: 400000, "
                            + "interval: 2s}]"));
            case "bybit" -> lines.addAll(List.of("bookDepth: 50", "symbols:",
                    "  BTC-USDT: {venueSymbol: BTCUSDT, tickSize: \"0.01\", lotSize: \"0.000001\"}",
                    "  BTC-USDT-PERP: {venueSymbol: BTCUSDT, kind: perpetual, contractSize: \"1\", "
                            + "tickSize: \"0.1\", lotSize: \"0.001\"}",
                    "fees: {makerBps: 10, takerBps: 10}",
                    "rateLimits: [{name: IP, limit: 600000, interval: 5s}]"));
            default -> lines.addAll(List.of("bookDepth: 1000", "symbols:",
                    "  BTC-USDT: {venueSymbol: BTCUSDT, tickSize: \"0.01\", lotSize: \"0.00001\"}",
                    "  ETH-USDT: {venueSymbol: ETHUSDT, tickSize: \"0.01\", lotSize: \"0.0001\"}",
                    "fees: {makerBps: 10, takerBps: 10}",
                    // every reconnect costs exchangeInfo (20) and two snapshots (2 x 50)
                    "rateLimits: [{name: REQUEST_WEIGHT, limit: 6000000, interval: 1m}]"));
        }
        lines.add("");
        return String.join("\n", lines);
    }

    private static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
    }
}
