package io.xgate.perf;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.xgate.Gateway;
import io.xgate.config.ConfigLoader;
import io.xgate.event.Addresses;
import io.xgate.event.BookTop;
import io.xgate.event.EpochClock;
import io.xgate.event.Event;
import io.xgate.event.Opportunity;
import io.xgate.event.SyncState;
import io.xgate.event.VenueStatus;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * The end-to-end latency harness: an in-process gateway against the simulator, which offers {@code depthUpdate}
 * frames at a constant rate over two venues of a drivable simulated dialect (Binance's) × two symbols (Kraken frames carry no sequence id to
 * match a frame to its {@code BookTop}; its decode cost is covered by the JMH benchmarks). For every frame it
 * records, with HdrHistogram, the time from the frame's send (corrected for coordinated omission: a frame the
 * simulator sent more than its 1 ms timer granularity late counts from 1 ms after its schedule, so a stalled
 * sender shows as latency; see {@code Simulator.drive}) to the publication of the first {@code BookTop} that
 * includes it, and for every opportunity event, the time from the send of the frame that triggered it to the
 * event's publication. A rate is <em>sustained</em> when the backlog (frames due minus frames seen in a
 * {@code BookTop}) stays under 100 ms of traffic through the second half of the measurement.
 *
 * <p>Run it with {@code java -jar target/xgate.jar latency}; see the README, "Performance".
 */
public final class LatencyHarness {

    /** What one rate measured. */
    public record Result(double offered, double achieved, Histogram toTop, Histogram toOpportunity, long maxBacklog,
                         boolean sustained, Histogram[] stages, Histogram baseline) {
    }

    /** Where a frame's time goes, measured on the last frame of each {@code BookTop} (whose receive time it carries). */
    static final String[] STAGES = {"send -> receive (simulator write, loopback TCP, WebSocket)",
        "receive -> applied (decode, event bus, book)", "applied -> BookTop published (burst end, copy, publish)"};

    private final PrintWriter out;
    private final Duration warmup;
    private final Duration measure;

    private final int eventLoops;
    private final String placement;
    /** Whether the gateway records a journal (every frame, and its BookTops, trades and opportunities). */
    private boolean journal;

    /** @param eventLoops the gateway's {@code eventLoops} (0: Vert.x's default) */
    public LatencyHarness(PrintWriter out, Duration warmup, Duration measure, int eventLoops) {
        this(out, warmup, measure, eventLoops, "venue");
    }

    /**
     * @param eventLoops the gateway's {@code eventLoops} (0: Vert.x's default)
     * @param placement  the gateway's {@code books.placement}: {@code venue} or {@code shared}
     */
    public LatencyHarness(PrintWriter out, Duration warmup, Duration measure, int eventLoops, String placement) {
        this.placement = placement;
        this.out = out;
        this.eventLoops = eventLoops;
        this.warmup = warmup;
        this.measure = measure;
    }

    /** Runs the gateway with its journal on (in a temporary directory, deleted afterwards). */
    public LatencyHarness withJournal(boolean on) {
        this.journal = on;
        return this;
    }

    /**
     * Measures each rate in turn; with {@code search}, then keeps raising the rate by half until one is not
     * sustained (at most {@code maxRate}).
     */
    public List<Result> run(List<Integer> rates, boolean search, int maxRate) throws Exception {
        Path dir = Files.createTempDirectory("xgate-latency");
        Gateway gateway = await(Gateway.start(new ConfigLoader(k -> null).load(writeConfig(dir, eventLoops, placement,
                journal))), 60);
        if (journal) {
            out.printf("journal on: recording into %s%n", dir.resolve("journal"));
        }
        List<Result> results = new ArrayList<>();
        try {
            awaitLive(gateway);
            Recorder recorder = new Recorder();
            await(gateway.vertx().deployVerticle(recorder), 10);
            out.printf("%-10s %-10s | %-38s | %-38s | %s%n", "offered/s", "achieved/s",
                    "frame -> BookTop µs: p50 p99 p99.9 max", "frame -> opportunity µs: p50 p99 p99.9 max (n)",
                    "backlog");
            List<Integer> todo = new ArrayList<>(rates);
            for (int k = 0; k < todo.size(); k++) {
                Result r = measure(gateway, recorder, todo.get(k));
                results.add(r);
                out.println(row(r));
                out.printf("    %-58s p50 %s µs, p99 %s µs%n", "baseline: bare Vert.x WebSocket hop, same rate",
                        micros(r.baseline(), 50), micros(r.baseline(), 99));
                for (int i = 0; i < STAGES.length; i++) {
                    out.printf("    %-58s p50 %s µs, p99 %s µs%n", STAGES[i], micros(r.stages()[i], 50),
                            micros(r.stages()[i], 99));
                }
                out.flush();
                if (search && k == todo.size() - 1 && r.sustained() && todo.get(k) < maxRate) {
                    todo.add(Math.min(maxRate, todo.get(k) * 3 / 2));
                }
            }
            double best = results.stream().filter(Result::sustained).mapToDouble(Result::offered).max().orElse(0);
            out.printf("highest sustained rate: %,.0f messages/s%s%n", best,
                    results.stream().allMatch(Result::sustained) ? " (every rate tried was sustained)" : "");
        } finally {
            await(gateway.stop(), 30);
            if (journal) {
                io.xgate.journal.JournalStatus f = gateway.journal().feedStatus();
                io.xgate.journal.JournalStatus e = gateway.journal().eventsStatus();
                out.printf("journal: feed %,d records (%,d MiB, %,d dropped), events %,d records (%,d dropped)%n",
                        f.recordsWritten(), f.bytesWritten() >> 20, f.dropped(), e.recordsWritten(), e.dropped());
            }
            deleteTree(dir);
        }
        return results;
    }

    /**
     * The platform's floor at this rate, in the same process and run: a bare Vert.x WebSocket server sends a tiny
     * text frame per message on the same 1 ms timer schedule, a bare client on another verticle receives it;
     * send → receive, with no xgate code on either side.
     */
    private Histogram baseline(Gateway gateway, int rate, Duration duration) throws Exception {
        Histogram h = new Histogram(TimeUnit.MINUTES.toNanos(1), 3);
        io.vertx.core.Vertx vertx = gateway.vertx();
        io.vertx.core.http.HttpServer server = vertx.createHttpServer();
        long[] timer = {-1};
        Promise<Void> connected = Promise.promise();
        server.webSocketHandler(ws -> {
            connected.tryComplete();
            long t0 = EpochClock.nanos();
            long[] sent = {0};
            timer[0] = vertx.setPeriodic(1, id -> {
                long due = (long) ((EpochClock.nanos() - t0) / 1_000_000 * (rate / 1_000.0));
                while (sent[0] < due) {
                    ws.writeTextMessage(Long.toString(EpochClock.nanos()));
                    sent[0]++;
                }
            });
        });
        await(server.listen(0, "127.0.0.1"), 10);
        io.vertx.core.http.WebSocketClient client = vertx.createWebSocketClient();
        io.vertx.core.http.WebSocket ws = await(client.connect(server.actualPort(), "127.0.0.1", "/"), 10);
        Object lock = new Object();
        ws.textMessageHandler(text -> {
            long latency = EpochClock.nanos() - Long.parseLong(text);
            synchronized (lock) {
                h.recordValue(Math.max(1, latency));
            }
        });
        await(connected.future(), 10);
        Thread.sleep(duration.toMillis() / 3);
        synchronized (lock) {
            h.reset(); // the first third warms up
        }
        Thread.sleep(duration.toMillis() * 2 / 3);
        vertx.cancelTimer(timer[0]);
        await(client.close(), 10);
        await(server.close(), 10);
        synchronized (lock) {
            return h.copy();
        }
    }

    private Result measure(Gateway gateway, Recorder recorder, int rate) throws Exception {
        Histogram floor = baseline(gateway, rate, measure);
        await(recorder.reset(), 10);
        // a driver at rate 0 sends nothing: it names the streams, so that their tops are followed before any is sent
        await(recorder.streams(await(gateway.simulator().drive(0, 200, 0, recorder::sent), 10)), 10);
        long ackedBefore = recorder.acked.get();
        await(gateway.simulator().drive(rate, 200, 60, recorder::sent), 10);
        long start = EpochClock.nanos();
        Thread.sleep(warmup.toMillis());
        await(recorder.startMeasuring(), 10);
        long measureStart = EpochClock.nanos();
        long ackedAtStart = recorder.acked.get();
        long maxBacklogLateHalf = 0;
        long end = measureStart + measure.toNanos();
        for (long now = EpochClock.nanos(); now < end; now = EpochClock.nanos()) {
            Thread.sleep(250);
            long due = (long) ((EpochClock.nanos() - start) / 1e9 * rate);
            long backlog = Math.max(0, due - (recorder.acked.get() - ackedBefore));
            if (now > measureStart + measure.toNanos() / 2) {
                maxBacklogLateHalf = Math.max(maxBacklogLateHalf, backlog);
            }
        }
        double seconds = (EpochClock.nanos() - measureStart) / 1e9;
        double achieved = (recorder.acked.get() - ackedAtStart) / seconds;
        Histogram[] h = await(recorder.snapshot(), 10);
        Histogram[] stages = java.util.Arrays.copyOfRange(h, 2, 5);
        await(gateway.simulator().stopDriving(), 10);
        long drainUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (recorder.acked.get() < recorder.sent.get() && System.nanoTime() < drainUntil) {
            Thread.sleep(50);
        }
        boolean sustained = maxBacklogLateHalf <= Math.max(100, rate / 10);
        return new Result(rate, achieved, h[0], h[1], maxBacklogLateHalf, sustained, stages, floor);
    }

    private static String row(Result r) {
        return String.format("%-10s %-10s | %-38s | %-38s | %,d%s", String.format("%,.0f", r.offered()),
                String.format("%,.0f", r.achieved()), percentiles(r.toTop(), false),
                percentiles(r.toOpportunity(), true), r.maxBacklog(), r.sustained() ? "" : "  NOT SUSTAINED");
    }

    private static String micros(Histogram h, double percentile) {
        return h.getTotalCount() == 0 ? "-" : String.format("%.0f", h.getValueAtPercentile(percentile) / 1e3);
    }

    private static String percentiles(Histogram h, boolean count) {
        if (h.getTotalCount() == 0) {
            return "-";
        }
        return String.format("%.0f %.0f %.0f %.0f", h.getValueAtPercentile(50) / 1e3, h.getValueAtPercentile(99) / 1e3,
                h.getValueAtPercentile(99.9) / 1e3, h.getMaxValue() / 1e3)
                + (count ? " (" + h.getTotalCount() + ")" : "");
    }

    /**
     * Matches frames to tops and opportunities on its own event loop. The simulator's thread hands it each sent
     * frame through a single-producer single-consumer ring per stream.
     */
    private static final class Recorder extends VerticleBase {

        final AtomicLong sent = new AtomicLong();
        final AtomicLong acked = new AtomicLong();
        /** One per stream, made before any frame is sent; a full ring drops samples (the rate is long lost then). */
        private volatile Ring[] rings = new Ring[0];
        private volatile List<io.xgate.sim.market.DrivenStream> streams = List.of();
        private Histogram toTop = histogram();
        private Histogram toOpportunity = histogram();
        private Histogram[] stages = {histogram(), histogram(), histogram()};

        @Override
        public Future<?> start() {
            vertx.eventBus().<Opportunity>consumer(Addresses.OPPORTUNITY, m -> onOpportunity(m.body()));
            return Future.succeededFuture();
        }

        /** On the simulator's thread. */
        void sent(int stream, long seq, long intended) {
            if (rings[stream].offer(seq, intended)) {
                sent.incrementAndGet();
            }
        }

        /** Follows the tops of the driven streams (once); on this verticle's context, like every handler here. */
        Future<Void> streams(List<io.xgate.sim.market.DrivenStream> names) {
            return onContext(() -> {
                if (streams.isEmpty()) {
                    Ring[] r = new Ring[names.size()];
                    for (int i = 0; i < r.length; i++) {
                        r[i] = new Ring(1 << 18);
                    }
                    rings = r;
                    streams = names;
                    for (int i = 0; i < names.size(); i++) {
                        int s = i;
                        vertx.eventBus().<BookTop>consumer(Addresses.top(names.get(i).venue(), names.get(i).symbol()),
                                m -> onTop(s, m.body()));
                    }
                }
            });
        }

        private void onTop(int stream, BookTop top) {
            Ring r = rings[stream];
            long n = r.drainUpTo(top.venueSeq(), top.publishTsNanos(), toTop);
            long sentAt = r.recentIntended(top.venueSeq());
            if (n > 0 && sentAt != 0) {
                stages[0].recordValue(Math.max(1, top.receiveTsNanos() - sentAt));
                stages[1].recordValue(Math.max(1, top.appliedTsNanos() - top.receiveTsNanos()));
                stages[2].recordValue(Math.max(1, top.publishTsNanos() - top.appliedTsNanos()));
            }
            acked.addAndGet(n);
        }

        private void onOpportunity(Opportunity o) {
            if (o.venueSeq() == Event.NO_SEQ) {
                return;
            }
            List<io.xgate.sim.market.DrivenStream> names = streams;
            for (int i = 0; i < names.size(); i++) {
                if (names.get(i).venue().equals(o.venue()) && names.get(i).symbol().equals(o.symbol())) {
                    long intended = rings[i].recentIntended(o.venueSeq());
                    if (intended != 0) {
                        toOpportunity.recordValue(Math.max(1, o.publishTsNanos() - intended));
                    }
                    return;
                }
            }
        }

        Future<Void> reset() {
            return onContext(() -> {
                toTop = histogram();
                toOpportunity = histogram();
                stages = new Histogram[] {histogram(), histogram(), histogram()};
            });
        }

        Future<Void> startMeasuring() {
            return reset();
        }

        Future<Histogram[]> snapshot() {
            Promise<Histogram[]> p = Promise.promise();
            context.runOnContext(v -> p.complete(new Histogram[] {toTop.copy(), toOpportunity.copy(), stages[0].copy(),
                stages[1].copy(), stages[2].copy()}));
            return p.future();
        }

        private Future<Void> onContext(Runnable r) {
            Promise<Void> p = Promise.promise();
            context.runOnContext(v -> {
                r.run();
                p.complete();
            });
            return p.future();
        }

        private static Histogram histogram() {
            return new Histogram(TimeUnit.MINUTES.toNanos(1), 3);
        }
    }

    /** Single-producer single-consumer ring of (sequence, intended send time); keeps the last popped for lookups. */
    private static final class Ring {
        private final long[] seq;
        private final long[] intended;
        private final int mask;
        private final AtomicLong head = new AtomicLong();
        private final AtomicLong tail = new AtomicLong();
        private long tailCache;
        /** Consumer side: the last entries popped, for opportunity lookups. */
        private final long[] recentSeq = new long[8192];
        private final long[] recentIntended = new long[8192];
        private int recentNext;

        Ring(int capacity) {
            seq = new long[capacity];
            intended = new long[capacity];
            mask = capacity - 1;
        }

        boolean offer(long s, long t) {
            long h = head.get();
            if (h - tailCache >= seq.length) {
                tailCache = tail.get();
                if (h - tailCache >= seq.length) {
                    return false;
                }
            }
            seq[(int) (h & mask)] = s;
            intended[(int) (h & mask)] = t;
            head.lazySet(h + 1);
            return true;
        }

        /** Pops every entry with a sequence up to {@code upTo}, recording {@code publishTs - intended}. */
        long drainUpTo(long upTo, long publishTs, Histogram h) {
            long t = tail.get();
            long hd = head.get();
            long n = 0;
            while (t < hd && seq[(int) (t & mask)] <= upTo) {
                long when = intended[(int) (t & mask)];
                h.recordValue(Math.max(1, publishTs - when));
                recentSeq[recentNext] = seq[(int) (t & mask)];
                recentIntended[recentNext] = when;
                recentNext = (recentNext + 1) & (recentSeq.length - 1);
                t++;
                n++;
            }
            tail.lazySet(t);
            return n;
        }

        long recentIntended(long s) {
            for (int k = 1; k <= recentSeq.length; k++) {
                int i = (recentNext - k) & (recentSeq.length - 1);
                if (recentSeq[i] == s) {
                    return recentIntended[i];
                }
            }
            return 0;
        }
    }

    private static void awaitLive(Gateway g) throws Exception {
        List<Future<?>> live = new ArrayList<>();
        for (String v : List.of("harness-a", "harness-b")) {
            Promise<Void> p = Promise.promise();
            live.add(p.future());
            g.vertx().eventBus().<VenueStatus>consumer(Addresses.status(v), m -> {
                if (m.body().symbols().stream().allMatch(s -> s.state() == SyncState.LIVE)) {
                    p.tryComplete();
                }
            });
        }
        await(Future.all(live), 60);
    }

    private static void deleteTree(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory: left for the OS
        }
    }

    private static Path writeConfig(Path dir, int eventLoops, String placement, boolean journal) throws IOException {
        Files.createDirectories(dir.resolve("venues"));
        Files.writeString(dir.resolve("xgate.yaml"), String.join("\n",
                "name: latency-harness",
                "venues: [harness-a, harness-b]",
                "simulator: {enabled: true, seed: 1, stepInterval: 1h, publishInterval: 1h, noiseBps: 0}",
                "admin: {enabled: false}",
                "books: {instances: 2, topDepth: 10, placement: " + placement + "}",
                "arbitrage: {enabled: true, minNetEdgeBps: 1.0, maxAge: 2s}",
                "statusInterval: 10s",
                journal ? "journal: {enabled: true, dir: \"" + dir.resolve("journal").toString().replace("\\", "/")
                        + "\", events: [" + System.getProperty("xgate.latency.journalEvents", "BOOK_TOP, TRADE, OPPORTUNITY")
                        + "]}" : "",
                "eventLoops: " + eventLoops, ""));
        // a dialect whose frames carry the update id a BookTop reports, so that each frame can be matched
        io.xgate.sim.SimDialect dialect = io.xgate.sim.SimDialects.load().drivable().orElseThrow(() ->
                new IllegalStateException("no simulated dialect can be driven at a constant rate"));
        for (String v : List.of("harness-a", "harness-b")) {
            Files.writeString(dir.resolve("venues/" + v + ".yaml"), dialect.drivableVenueFile(v, freePort()));
        }
        return dir.resolve("xgate.yaml");
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static <T> T await(Future<T> f, int seconds) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(seconds, TimeUnit.SECONDS);
    }
}
