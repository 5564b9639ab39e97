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
import java.util.Set;
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
 * dialect is made to reconnect 1,000 times (the simulated venue closes its WebSockets, alternately
 * as soon as the gateway says it connected and once every book is LIVE again), while another venue rotates its
 * connection at least 100 times through {@code websocket.maxConnectionAge} (make-before-break). Reconnects and
 * rotations are counted from the gateway's own meters ({@code xgate_ws_disconnects_total},
 * {@code xgate_ws_connects_total}, {@code xgate_ws_rotations_total}). Before and after, with every book LIVE, a {@link RuntimeCensus} counts the
 * event-bus consumers, pending Vert.x timers, open file descriptors (the sockets), threads and meters: each must be
 * what it was.
 *
 * <p>The rotating venue keeps rotating (its {@code maxConnectionAge} cannot be switched off), and a rotation holds a
 * second socket pair and a REST request's timer for the milliseconds it takes (and a one-shot timer leaves the count
 * for the instant its handler runs). So each census is the usual value of every count over {@value #SAMPLES} samples
 * 20 ms apart (two seconds, eight rotations; longer than OKX's 1 s bootstrap timer after each subscription): a transient moves a count for a moment, a leak moves its usual value.
 */
class ReconnectLeakTest {

    private static final Logger LOG = LoggerFactory.getLogger(ReconnectLeakTest.class);

    static final int RECONNECTS = Integer.getInteger("xgate.it.leak.reconnects", 1_000);
    static final int ROTATIONS = Integer.getInteger("xgate.it.leak.rotations", 100);
    static final int SAMPLES = 100;
    static final String COMMON_POOL = "ForkJoinPool.commonPool-worker";

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
        Usual before = usual(census);
        Snapshot detailBefore = new Snapshot(census, metrics.registry());
        long connectsBefore = total(metrics, Metrics.Venue::connects, false);
        long rotationsBefore = total(metrics, Metrics.Venue::rotations, true);
        LOG.info("census before: {}; heap after GC {} MB", before, heapBefore.heapAfterGcBytes() >> 20);

        long stormStarted = System.nanoTime();
        drivers.forEach(Driver::start);
        await(Eventually.holds(gateway.vertx(), () -> drivers.stream().allMatch(Driver::done)
                && total(metrics, Metrics.Venue::rotations, true) - rotationsBefore >= ROTATIONS));
        long stormMillis = (System.nanoTime() - stormStarted) / 1_000_000;
        drivers.forEach(Driver::stop);

        await(steady());
        RuntimeCensus.Sample heapAfter = census.sample();
        Usual after = usual(census);
        Snapshot detailAfter = new Snapshot(census, metrics.registry());
        LOG.info("census after: {}; heap after GC {} MB", after, heapAfter.heapAfterGcBytes() >> 20);
        Map<String, String> achieved = new LinkedHashMap<>();
        for (Venue v : VENUES) {
            Metrics.Venue m = metrics.venue(v.id());
            achieved.put(v.id(), v.rotates() ? m.rotations() + " rotations (" + (m.rotations() - rotationsBefore)
                    + " between the censuses)" : m.disconnects() + " reconnects (" + m.connects() + " connects)");
        }
        StringBuilder usualTimers = new StringBuilder();
        Snapshot.diff(usualTimers, "timer", before.timersByOrigin(), after.timersByOrigin());
        Snapshot.diff(usualTimers, "open file", ints(before.usualFilesByKind()), ints(after.usualFilesByKind()));
        LOG.info("reconnect leak test: {} in {} ms (whole test {} ms so far)\n  before: {}\n  after:  {}\n  "
                        + "heap after GC: {} -> {} MB\n  changed (one sample each): {}\n  timers and files at the usual counts:{}", achieved,
                stormMillis,
                (System.nanoTime() - started) / 1_000_000, before, after, heapBefore.heapAfterGcBytes() >> 20,
                heapAfter.heapAfterGcBytes() >> 20, detailBefore.diff(detailAfter),
                usualTimers.length() == 0 ? " the same" : usualTimers + "\n  before: " + before.timersByOrigin()
                        + "\n  after: " + after.timersByOrigin());

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
        long connects = total(metrics, Metrics.Venue::connects, false) - connectsBefore;
        assertTrue(connects >= (long) RECONNECTS * drivers.size(), connects + " connects between the censuses");
        long rotations = total(metrics, Metrics.Venue::rotations, true) - rotationsBefore;
        assertTrue(rotations >= ROTATIONS, rotations + " rotations between the censuses");
        String why = "\n  before: " + before + "\n  after:  " + after + "\n  changed (one sample each): "
                + detailBefore.diff(detailAfter) + "\n  timers and files at the usual counts:" + usualTimers;
        assertEquals(before.consumers, after.consumers, "event-bus consumers" + why);
        assertEquals(before.timers, after.timers, "Vert.x timers" + why);
        // open files by kind: every kind as it was, except the sockets of the venues' REST pools (poolSize 1): a
        // pooled connection closes (a request timed out on this loaded machine, the venue closed it) and is opened
        // again only by the next request, so each end of it is there or not. A venue's sockets (either end) may
        // differ by that one connection and nothing else may differ; a socket per reconnect is thousands.
        Set<String> venuePorts = new java.util.HashSet<>();
        gateway.config().venues().forEach(v -> venuePorts.add(":" + v.rest().url().getPort()));
        TreeSet<String> kinds = new TreeSet<>(before.usualFilesByKind().keySet());
        kinds.addAll(after.usualFilesByKind().keySet());
        for (String kind : kinds) {
            long x = before.usualFilesByKind().getOrDefault(kind, 0L);
            long y = after.usualFilesByKind().getOrDefault(kind, 0L);
            boolean restPool = venuePorts.stream().anyMatch(port -> kind.equals("tcp -> " + port)
                    || kind.equals("tcp " + port + " <- peer"));
            assertTrue(restPool ? Math.abs(x - y) <= 1 : x == y, "open files: " + kind + " " + x + " -> " + y
                    + " (usual counts)" + why);
        }
        assertEquals(before.threads, after.threads, "threads (" + COMMON_POOL + " not counted)" + why);
        // meters: by identity (name and tags), stricter than a count. The one family allowed to grow: Micrometer's
        // JVM GC timers, one series per (gc, action, cause)
        // the first time the JVM reports a collection of that kind: a closed set of the JVM's, never per connection
        TreeSet<String> added = new TreeSet<>(detailAfter.meterIds);
        added.removeAll(detailBefore.meterIds);
        TreeSet<String> removed = new TreeSet<>(detailBefore.meterIds);
        removed.removeAll(detailAfter.meterIds);
        assertTrue(removed.isEmpty() && added.stream().allMatch(id -> id.startsWith("jvm.gc.pause{")),
                "meters added " + added + ", removed " + removed + why);
    }

    // ------------------------------------------------------------------------------------------------ census

    /**
     * The usual value (the most frequent; the lower of a tie) of each count over {@link #SAMPLES} samples 20 ms apart,
     * its range for the report, and the pending timers by origin at a sample that had the usual number.
     */
    private record Usual(long consumers, long timers, long openFiles, long threads, long meters, String range,
                         SortedMap<String, Integer> timersByOrigin, SortedMap<String, Integer> openFilesByKind,
                         SortedMap<String, Long> usualFilesByKind) {
        @Override
        public String toString() {
            return "consumers " + consumers + ", timers " + timers + ", open fds " + openFiles + ", threads "
                    + threads + ", meters " + meters + " (range: " + range + ")";
        }
    }

    private static Usual usual(RuntimeCensus census) throws InterruptedException {
        String[] names = {"consumers", "timers", "open fds", "threads", "meters"};
        List<List<Long>> values = new ArrayList<>();
        for (int j = 0; j < names.length; j++) {
            values.add(new ArrayList<>());
        }
        Map<Long, SortedMap<String, Integer>> timersAt = new TreeMap<>();
        Map<Long, SortedMap<String, Integer>> filesAt = new TreeMap<>();
        List<SortedMap<String, Integer>> filesEach = new ArrayList<>();
        for (int k = 0; k < SAMPLES; k++) {
            RuntimeCensus.Sample s = census.counts();
            // the timers and files counted from the same read that names them, so that the two agree
            SortedMap<String, Integer> timers = census.timersByOrigin();
            long t = timers.values().stream().mapToLong(Integer::longValue).sum();
            timersAt.putIfAbsent(t, timers);
            SortedMap<String, Integer> files = RuntimeCensus.openFilesByKind();
            long f = files.isEmpty() ? s.openFiles() : files.values().stream().mapToLong(Integer::longValue).sum();
            filesAt.putIfAbsent(f, files);
            filesEach.add(files);
            // the JDK's common pool starts workers on demand (Caffeine's maintenance, a CompletableFuture) and ends
            // them after 60 s idle: at most its parallelism, never per connection; not counted
            long threads = RuntimeCensus.threadsByName().entrySet().stream()
                    .filter(e -> !e.getKey().startsWith(COMMON_POOL)).mapToLong(Map.Entry::getValue).sum();
            long[] n = {s.consumers(), t, f, threads, s.meters()};
            for (int j = 0; j < n.length; j++) {
                values.get(j).add(n[j]);
            }
            Thread.sleep(20); // a sampling cadence, not a wait for something to happen
        }
        long[] mode = new long[names.length];
        StringBuilder range = new StringBuilder();
        for (int j = 0; j < names.length; j++) {
            TreeMap<Long, Integer> histogram = new TreeMap<>();
            values.get(j).forEach(v -> histogram.merge(v, 1, Integer::sum));
            int best = 0;
            for (Map.Entry<Long, Integer> e : histogram.entrySet()) {
                if (e.getValue() > best) {
                    best = e.getValue();
                    mode[j] = e.getKey();
                }
            }
            range.append(j == 0 ? "" : ", ").append(names[j]).append(' ').append(histogram.firstKey()).append('-')
                    .append(histogram.lastKey());
        }
        TreeSet<String> kinds = new TreeSet<>();
        filesEach.forEach(m -> kinds.addAll(m.keySet()));
        SortedMap<String, Long> usualFiles = new TreeMap<>();
        for (String kind : kinds) {
            List<Long> counts = new ArrayList<>();
            filesEach.forEach(m -> counts.add((long) m.getOrDefault(kind, 0)));
            usualFiles.put(kind, mode(counts));
        }
        return new Usual(mode[0], mode[1], mode[2], mode[3], mode[4], range.toString(), timersAt.get(mode[1]),
                filesAt.get(mode[2]), usualFiles);
    }

    private static SortedMap<String, Integer> ints(SortedMap<String, Long> counts) {
        SortedMap<String, Integer> out = new TreeMap<>();
        counts.forEach((k, v) -> out.put(k, v.intValue()));
        return out;
    }

    /** The most frequent value, the lower of a tie. */
    private static long mode(List<Long> values) {
        TreeMap<Long, Integer> histogram = new TreeMap<>();
        values.forEach(v -> histogram.merge(v, 1, Integer::sum));
        long mode = 0;
        int best = 0;
        for (Map.Entry<Long, Integer> e : histogram.entrySet()) {
            if (e.getValue() > best) {
                best = e.getValue();
                mode = e.getKey();
            }
        }
        return mode;
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

        static void diff(StringBuilder out, String what, SortedMap<String, Integer> a,
                                 SortedMap<String, Integer> b) {
            // a consumer's digits folded (a connection's number in an address), so that a leak per connection is one
            // line; a timer's are not (a lambda's number tells the lambda that set it)
            SortedMap<String, int[]> both = new TreeMap<>();
            boolean fold = what.equals("consumer");
            a.forEach((k, n) -> both.computeIfAbsent(fold ? k.replaceAll("\\d+", "#") : k, x -> new int[2])[0] += n);
            b.forEach((k, n) -> both.computeIfAbsent(fold ? k.replaceAll("\\d+", "#") : k, x -> new int[2])[1] += n);
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

    /**
     * Every venue CONNECTED with every book LIVE, by the last status each published, and its last clock round's best
     * round trip within 100 ms: a slower round (a JVM warming up, the storm's load) asks for another after 10 s, a
     * timer of the venue's that would come and go between the two censuses.
     */
    private Future<Void> steady() {
        return Eventually.holds(gateway.vertx(), () -> VENUES.stream().allMatch(v -> {
            VenueStatus st = last.get(v.id());
            io.micrometer.core.instrument.Gauge rtt = gateway.metrics().registry().find("xgate.clock.rtt")
                    .tag("venue", v.id()).gauge();
            return st != null && st.connection() == VenueStatus.Connection.CONNECTED
                    && st.symbols().stream().allMatch(ss -> ss.state() == SyncState.LIVE)
                    && rtt != null && rtt.value() >= 0 && rtt.value() <= 0.100;
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
     * connections live 250 ms (a rotation's few busy milliseconds are then a small part of the census's samples),
     * the others' an hour. One REST connection per venue. A ping every 20 s as by default, and every hour on Kraken
     * (whose interval has no cap): a closed connection's next ping, were it left scheduled, would outlast the test
     * and hold that connection. 2 s for the pong: the pong check of
     * an application ping (Kraken, Bybit) is a timer of its own that stays for {@code pongTimeout} whether the pong
     * came or not, so that a census would otherwise count one or two per connection by the connection's age.
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
                "websocket: {url: \"ws://127.0.0.1:" + port + path + "\", staleAfter: 500ms, pongTimeout: 2s, "
                        + (v.dialect().equals("kraken") ? "pingInterval: 1h, " : "") + "reconnectInitialDelay: 1ms, reconnectMaxDelay: 2ms, maxConnectionAge: "
                        + (v.rotates() ? "250ms" : "1h") + "}",
                // one pooled REST connection that never idles out: a pool of 4 holds 1 to 4 as requests come and go
                "rest: {url: \"http://127.0.0.1:" + port + "\", poolSize: 1, idleTimeout: 1h, maxWaitQueue: 1000}"));
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
