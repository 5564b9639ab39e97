package io.xgate.perf;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import io.vertx.core.Future;
import io.vertx.core.VertxOptions;
import io.xgate.Gateway;
import io.xgate.config.ConfigLoader;
import io.xgate.config.GatewayConfig;
import io.xgate.config.Instrument;
import io.xgate.config.VenueConfig;
import io.xgate.event.Addresses;
import io.xgate.event.BookUpdate;
import io.xgate.event.ResyncCause;
import io.xgate.event.SyncState;
import io.xgate.event.VenueStatus;
import io.xgate.metrics.Metrics;
import io.xgate.sim.fuzz.FuzzMutator;
import io.xgate.sim.fuzz.VenueFuzzer;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fuzz harness through the full runtime: starts a gateway on the in-process simulator with one venue of each
 * chosen dialect (the shipped venue file of that dialect, on free loopback ports), waits until every book is LIVE,
 * has each venue send mutated copies of its own frames ({@link VenueFuzzer}) at a constant rate through its real
 * loopback WebSockets while the normal stream goes on, then stops the fuzzing, freezes the market and waits until
 * every book is LIVE again and equal to the simulator's true book.
 *
 * <p>It counts, per venue: mutants sent (by kind; how many a strict JSON parser refuses), bad frames and resyncs by
 * cause as the gateway counted them, and the protocol failures (exceptions other than a bad frame's); for the run:
 * uncaught exceptions (a Vert.x exception handler), event-loop stalls (the blocked-thread checker at 100 ms,
 * checked every 20 ms: its warnings, counted by a Logback appender on its logger), a venue verticle gone, and the
 * live heap after a full GC before and after. {@link Result#failures()} lists every check that failed.
 */
public final class FuzzHarness {

    private static final Logger LOG = LoggerFactory.getLogger(FuzzHarness.class);
    /** The blocked-thread checker's logger (vertx-core 5.0.10: {@code BlockedThreadChecker.LOGGER_NAME}). */
    public static final String BLOCKED_THREAD_LOGGER = "io.vertx.core.impl.BlockedThreadChecker";
    /** Event-loop stall threshold, ms. */
    public static final long STALL_MILLIS = 100;
    private static final Pattern LOOPBACK_PORT = Pattern.compile("127\\.0\\.0\\.1:(\\d+)");
    private static final Pattern MAX_DELAY = Pattern.compile("reconnectMaxDelay:\\s*[^,}\\s]+");
    private static final Pattern STALE_AFTER = Pattern.compile("staleAfter:\\s*[^,}\\s]+");

    /**
     * What to run.
     *
     * @param venuesDir         where the shipped venue files are ({@code conf/venues}); the first file of each
     *                          dialect is used
     * @param dialects          the dialects to fuzz, in order
     * @param frames            mutants per dialect
     * @param ratePerSecond     mutants per second per dialect
     * @param seed              the simulator's and the mutants' seed
     * @param reconnectMaxDelay if not null, replaces each venue file's {@code reconnectMaxDelay} (it also caps the
     *                          resync back-off: the short test sets it low)
     * @param settle            how long the books may take to be LIVE and right after the fuzzing
     */
    public record Settings(Path venuesDir, List<String> dialects, long frames, double ratePerSecond, long seed,
                           String reconnectMaxDelay, Duration settle) {
        /** Copies the list. */
        public Settings {
            dialects = List.copyOf(dialects);
        }
    }

    /**
     * One venue's figures.
     *
     * @param venue          the venue id
     * @param dialect        its dialect
     * @param fuzz           what its simulated venue sent
     * @param messages       WebSocket messages the gateway received from it
     * @param badFrames      bad frames the gateway counted
     * @param resyncs        resyncs by cause label (only causes that occurred)
     * @param protocolErrors exceptions a protocol threw other than a bad frame's (bugs)
     * @param books          per symbol, whether its book ended LIVE and equal to the truth (and if not, why)
     */
    public record VenueResult(String venue, String dialect, VenueFuzzer.Report fuzz, long messages, long badFrames,
                              Map<String, Long> resyncs, long protocolErrors, Map<String, String> books) {
    }

    /**
     * The run.
     *
     * @param venues      per venue
     * @param crashes     uncaught exceptions (Vert.x exception handler) plus venue verticles gone
     * @param crashSamples the first few crash descriptions
     * @param stalls      blocked-thread warnings for event-loop threads (over {@link #STALL_MILLIS})
     * @param stallSamples the first few warnings
     * @param startupStalls the same during the gateway's start-up (class loading, first compilations): reported,
     *                    not a check
     * @param controlLateMax the worst lateness, ms, of a 10 ms timer on an idle thread of its own during the
     *                    fuzzing: how much the machine itself (other processes, GC pauses) held threads up
     * @param before      census once every book was LIVE, before fuzzing
     * @param after       census at the end
     * @param fuzzSeconds how long the fuzzing took (first to last dialect finished)
     * @param settleSeconds how long the books took to be LIVE and right after the market froze
     * @param failures    the checks that failed (empty: all passed)
     * @param notes       what could not be checked, and why (stalls on an overloaded machine)
     */
    public record Result(List<VenueResult> venues, long crashes, List<String> crashSamples, long stalls,
                         List<String> stallSamples, long startupStalls, long controlLateMax, RuntimeCensus.Sample before, RuntimeCensus.Sample after,
                         double fuzzSeconds, double settleSeconds, List<String> failures, List<String> notes) {
        /** Whether every check passed. */
        public boolean passed() {
            return failures.isEmpty();
        }
    }

    /** Counts the blocked-thread checker's warnings about event-loop threads. */
    private static final class StallCounter extends AppenderBase<ILoggingEvent> {
        final AtomicLong stalls = new AtomicLong();
        final List<String> samples = new CopyOnWriteArrayList<>();

        /** Starts counting again; returns the count so far. */
        long reset() {
            samples.clear();
            return stalls.getAndSet(0);
        }

        @Override
        protected void append(ILoggingEvent e) {
            String m = e.getFormattedMessage();
            if (m != null && m.contains("eventloop")) {
                stalls.incrementAndGet();
                if (samples.size() < 5) {
                    samples.add(m);
                }
            }
        }
    }

    private final Settings settings;
    private final PrintWriter progress;

    /** @param progress where progress lines go (standard error in the CLI) */
    public FuzzHarness(Settings settings, PrintWriter progress) {
        this.settings = settings;
        this.progress = progress;
    }

    /** Runs it; the gateway is stopped and its files deleted before this returns. */
    public Result run() throws Exception {
        Path dir = Files.createTempDirectory("xgate-fuzz");
        Map<String, String> dialectOf = writeConfig(dir);
        GatewayConfig config = new ConfigLoader(k -> null).load(dir.resolve("xgate.yaml"));
        StallCounter stallCounter = new StallCounter();
        ch.qos.logback.classic.Logger checker = (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(
                BLOCKED_THREAD_LOGGER);
        stallCounter.setContext(checker.getLoggerContext());
        stallCounter.start();
        checker.addAppender(stallCounter);
        AtomicLong crashes = new AtomicLong();
        List<String> crashSamples = new CopyOnWriteArrayList<>();
        // the simulator on a thread of its own: its load (the mutants) cannot hold up a gateway event loop, so the
        // stalls counted are the gateway's (the simulator's thread is checked at Vert.x's 2 s limit of such loops)
        Gateway gateway = await(Gateway.start(config, java.util.function.UnaryOperator.identity(),
                new Gateway.Harness(o -> o.setMaxEventLoopExecuteTime(STALL_MILLIS)
                        .setMaxEventLoopExecuteTimeUnit(TimeUnit.MILLISECONDS).setBlockedThreadCheckInterval(20)
                        .setBlockedThreadCheckIntervalUnit(TimeUnit.MILLISECONDS).setWarningExceptionTime(STALL_MILLIS)
                        .setWarningExceptionTimeUnit(TimeUnit.MILLISECONDS), true)), 60);
        gateway.vertx().exceptionHandler(t -> {
            crashes.incrementAndGet();
            LOG.error("fuzz: uncaught exception on {}", Thread.currentThread().getName(), t);
            if (crashSamples.size() < 5) {
                crashSamples.add(Thread.currentThread().getName() + ": " + t);
            }
        });
        try {
            return fuzz(gateway, config, dialectOf, stallCounter, crashes, crashSamples);
        } finally {
            checker.detachAppender(stallCounter);
            await(gateway.stop(), 30);
            deleteTree(dir);
        }
    }

    private Result fuzz(Gateway gateway, GatewayConfig config, Map<String, String> dialectOf, StallCounter stalls,
                        AtomicLong crashes, List<String> crashSamples) throws Exception {
        Map<String, VenueStatus> statuses = new ConcurrentHashMap<>();
        for (VenueConfig v : config.venues()) {
            gateway.vertx().eventBus().<VenueStatus>localConsumer(Addresses.status(v.id()),
                    m -> statuses.put(v.id(), m.body()));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!allLive(config, statuses)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the books were not LIVE within 60 s of the start: " + statuses);
            }
            Thread.sleep(100);
        }
        int deployments = gateway.vertx().deploymentIDs().size();
        long startupStalls = stalls.reset(); // class loading and the JIT's first compilations: not the fuzzing's
        // the machine's own noise: an idle thread that sleeps 10 ms at a time and notes how late it wakes
        AtomicLong controlLate = new AtomicLong();
        Thread control = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                long t = System.nanoTime();
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    return;
                }
                long late = (System.nanoTime() - t) / 1_000_000 - 10;
                controlLate.accumulateAndGet(late, Math::max);
            }
        }, "fuzz-noise-control");
        control.setDaemon(true);
        control.start();
        RuntimeCensus census = new RuntimeCensus(gateway.vertx(), gateway.metrics().registry());
        RuntimeCensus.Sample before = census.sample();
        progress.printf("fuzz: every book LIVE; heap after GC %.1f MiB; sending %,d mutants per dialect at %,.0f/s%n",
                before.heapAfterGcBytes() / 1048576.0, settings.frames(), settings.ratePerSecond());
        progress.flush();
        long start = System.nanoTime();
        List<Future<VenueFuzzer.Report>> done = new ArrayList<>();
        for (VenueConfig v : config.venues()) {
            done.add(gateway.simulator().fuzz(v.id(), new VenueFuzzer.Plan(settings.frames(), settings.ratePerSecond(),
                    settings.seed() * 31 + v.id().hashCode())));
        }
        // the fuzzing is given ten times its planned duration and a minute (a busy machine sends slower than asked):
        // a gateway that cannot take them at all shows as fewer frames than asked, not as a harness that never ends
        long planned = (long) (settings.frames() / settings.ratePerSecond() * 1e9);
        long fuzzDeadline = start + 10 * planned + TimeUnit.SECONDS.toNanos(60);
        long nextProgress = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!Future.all(done).isComplete() && System.nanoTime() < fuzzDeadline) {
            Thread.sleep(50);
            if (System.nanoTime() >= nextProgress) {
                nextProgress += TimeUnit.SECONDS.toNanos(5);
                StringBuilder line = new StringBuilder("fuzz:");
                for (VenueConfig v : config.venues()) {
                    // a busy simulator may answer late: progress is skipped, never the run
                    VenueFuzzer.Report r;
                    try {
                        r = await(gateway.simulator().fuzzReport(v.id()), 60);
                    } catch (java.util.concurrent.TimeoutException e) {
                        r = null;
                    }
                    line.append(String.format(" %s %s", dialectOf.get(v.id()), r == null ? "?" : String.format("%,d",
                            r.sent())));
                }
                progress.printf("%s sent (of %,d each), %.0f s%n", line, settings.frames(),
                        (System.nanoTime() - start) / 1e9);
                progress.flush();
            }
        }
        await(gateway.simulator().stopFuzzing(), 60);
        double fuzzSeconds = (System.nanoTime() - start) / 1e9;
        progress.printf("fuzz: sending stopped after %.1f s; freezing the market%n", fuzzSeconds);
        progress.flush();
        await(gateway.simulator().freeze(), 60);
        long settleStart = System.nanoTime();
        Map<String, Map<String, String>> books = settle(gateway, config, statuses);
        double settleSeconds = (System.nanoTime() - settleStart) / 1e9;
        RuntimeCensus.Sample after = census.sample();
        int gone = deployments - gateway.vertx().deploymentIDs().size();
        if (gone > 0) {
            crashes.addAndGet(gone);
            crashSamples.add(gone + " verticle deployment(s) gone");
        }

        List<VenueResult> venues = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        for (VenueConfig v : config.venues()) {
            VenueFuzzer.Report r = await(gateway.simulator().fuzzReport(v.id()), 60);
            Metrics.Venue m = gateway.metrics().venue(v.id());
            Map<String, Long> resyncs = new LinkedHashMap<>();
            for (ResyncCause c : ResyncCause.values()) {
                if (m.resyncs(c.label()) > 0) {
                    resyncs.put(c.label(), m.resyncs(c.label()));
                }
            }
            VenueResult vr = new VenueResult(v.id(), dialectOf.get(v.id()), r, m.messages(), m.badFrames(), resyncs,
                    m.protocolFailures(), books.get(v.id()));
            venues.add(vr);
            check(vr, failures);
        }
        if (crashes.get() > 0) {
            failures.add(crashes.get() + " crash(es): " + crashSamples);
        }
        List<String> notes = new ArrayList<>();
        if (stalls.stalls.get() > 0) {
            String what = stalls.stalls.get() + " event-loop stall(s) over " + STALL_MILLIS + " ms: " + stalls.samples;
            if (controlLate.get() >= STALL_MILLIS) {
                // an idle thread that does nothing but sleep was held up as long: the machine (other processes on
                // its cores, a GC pause) stopped the threads, which a stall count cannot tell from a slow handler
                notes.add(what + "; not counted as a failure: an idle thread was itself held up " + controlLate.get()
                        + " ms meanwhile (an overloaded machine); run it again on a quiet one");
            } else {
                failures.add(what);
            }
        }
        control.interrupt();
        return new Result(venues, crashes.get(), List.copyOf(crashSamples), stalls.stalls.get(),
                List.copyOf(stalls.samples), startupStalls, controlLate.get(), before, after, fuzzSeconds, settleSeconds,
                failures, notes);
    }

    /** The per-venue checks. */
    private void check(VenueResult v, List<String> failures) {
        VenueFuzzer.Report f = v.fuzz();
        if (f.sent() < settings.frames()) {
            failures.add(v.venue() + ": sent " + f.sent() + " mutants, fewer than the " + settings.frames() + " asked"
                    + " (the gateway did not take them fast enough: " + f.backpressured() + " turns backpressured)");
        }
        if (v.protocolErrors() > 0) {
            failures.add(v.venue() + ": " + v.protocolErrors() + " protocol failure(s) (exceptions other than a bad "
                    + "frame's; see the log)");
        }
        // every mutant a strict parser refuses must be a bad frame, and so must every frame about a symbol the venue
        // does not list (each dialect refuses one); no message counts twice
        if (v.badFrames() < f.notJson() + f.unknownSymbol()) {
            failures.add(v.venue() + ": " + f.notJson() + " mutants were no JSON and " + f.unknownSymbol() + " named "
                    + "an unknown symbol, but only " + v.badFrames() + " bad frames were counted: some vanished");
        }
        if (v.badFrames() > f.sent()) {
            failures.add(v.venue() + ": " + v.badFrames() + " bad frames counted for " + f.sent() + " mutants");
        }
        v.books().forEach((symbol, state) -> {
            if (!state.equals("ok")) {
                failures.add(v.venue() + " " + symbol + ": " + state);
            }
        });
    }

    /**
     * Waits until every book is LIVE and equal to the truth, cut to the venue's depth, twice in a row one second
     * apart (a check with a tolerance, Kraken's ticker, may still resync a book after a first match); per venue and
     * symbol "ok", or what was wrong at the deadline.
     */
    private Map<String, Map<String, String>> settle(Gateway gateway, GatewayConfig config,
                                                    Map<String, VenueStatus> statuses) throws Exception {
        long deadline = System.nanoTime() + settings.settle().toNanos();
        int inARow = 0;
        Map<String, Map<String, String>> last;
        while (true) {
            last = new LinkedHashMap<>();
            boolean all = true;
            for (VenueConfig v : config.venues()) {
                Map<String, String> books = new LinkedHashMap<>();
                for (Instrument i : v.instruments().values()) {
                    String state = bookState(gateway, v, i, statuses.get(v.id()));
                    books.put(i.symbol(), state);
                    all &= state.equals("ok");
                }
                last.put(v.id(), books);
            }
            inARow = all ? inARow + 1 : 0;
            if (inARow >= 2 || System.nanoTime() > deadline) {
                return last;
            }
            Thread.sleep(all ? 1_000 : 250);
        }
    }

    private static String bookState(Gateway gateway, VenueConfig v, Instrument i, VenueStatus status)
            throws Exception {
        SyncState state = status == null ? null : status.symbols().stream().filter(s -> s.symbol().equals(i.symbol()))
                .map(VenueStatus.SymbolStatus::state).findFirst().orElse(null);
        if (state != SyncState.LIVE) {
            return "not LIVE (" + state + ")";
        }
        int depth = v.bookDepth();
        BookUpdate truth = BookTruth.cut(await(gateway.simulator().trueBook(v.id(), i.symbol()), 60), depth);
        BookUpdate ours = BookTruth.cut((BookUpdate) await(gateway.vertx().eventBus().request(
                Addresses.bookQuery(v.id(), i.symbol()), ""), 10).body(), depth);
        if (!Arrays.equals(truth.bidPrices(), ours.bidPrices()) || !Arrays.equals(truth.bidSizes(), ours.bidSizes())
                || !Arrays.equals(truth.askPrices(), ours.askPrices())
                || !Arrays.equals(truth.askSizes(), ours.askSizes())) {
            return "LIVE but not the true book (" + ours.bidPrices().length + "/" + ours.askPrices().length
                    + " levels against " + truth.bidPrices().length + "/" + truth.askPrices().length + ")";
        }
        return truth.bidPrices().length == 0 || truth.askPrices().length == 0 ? "empty true book" : "ok";
    }

    private static boolean allLive(GatewayConfig config, Map<String, VenueStatus> statuses) {
        for (VenueConfig v : config.venues()) {
            VenueStatus s = statuses.get(v.id());
            if (s == null || s.symbols().size() < v.instruments().size()
                    || !s.symbols().stream().allMatch(x -> x.state() == SyncState.LIVE)) {
                return false;
            }
        }
        return true;
    }

    /** Writes the gateway file and one venue file per dialect; returns each venue's dialect. */
    private Map<String, String> writeConfig(Path dir) throws IOException {
        Files.createDirectories(dir.resolve("venues"));
        Map<String, String> dialectOf = new LinkedHashMap<>();
        List<Path> files;
        try (var list = Files.list(settings.venuesDir())) {
            files = list.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        for (String dialect : settings.dialects()) {
            Path file = null;
            for (Path p : files) {
                if (Pattern.compile("(?m)^dialect:\\s*" + Pattern.quote(dialect) + "\\s*$").matcher(
                        Files.readString(p)).find() && (file == null || p.getFileName().toString().equals(dialect
                        + ".yaml"))) {
                    file = p;
                }
            }
            if (file == null) {
                throw new IllegalArgumentException("no venue file of dialect " + dialect + " in " + settings.venuesDir());
            }
            String id = file.getFileName().toString().replace(".yaml", "");
            String text = Files.readString(file);
            Matcher m = LOOPBACK_PORT.matcher(text);
            Map<String, Integer> ports = new LinkedHashMap<>();
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                int port = ports.computeIfAbsent(m.group(1), k -> freePort());
                m.appendReplacement(out, "127.0.0.1:" + port);
            }
            m.appendTail(out);
            text = out.toString();
            // the market is frozen at the end: a quiet book would turn STALE (intact, but not LIVE) after staleAfter
            text = STALE_AFTER.matcher(text).replaceAll("staleAfter: 1h");
            if (settings.reconnectMaxDelay() != null) {
                text = MAX_DELAY.matcher(text).replaceAll("reconnectMaxDelay: " + settings.reconnectMaxDelay());
            }
            Files.writeString(dir.resolve("venues/" + id + ".yaml"), text);
            dialectOf.put(id, dialect);
        }
        Files.writeString(dir.resolve("xgate.yaml"), String.join("\n",
                "name: fuzz-harness",
                "venues: [" + String.join(", ", dialectOf.keySet()) + "]",
                "venuesDir: venues",
                "simulator: {enabled: true, seed: " + settings.seed() + ", host: 127.0.0.1, noiseBps: 0.5}",
                "admin: {enabled: true, host: 127.0.0.1, port: 0}",
                "books: {instances: 2, topDepth: 10}",
                "arbitrage: {enabled: true, minNetEdgeBps: 1.0, maxAge: 2s}",
                "analytics: {enabled: true, candles: [1s, 1m]}",
                "statusInterval: 10s", ""));
        return dialectOf;
    }

    /** The table, one row per venue, then the run's figures and the verdict. */
    public static void print(Result r, PrintWriter out) {
        out.printf("%-10s %-8s %12s %12s %12s %12s %-40s %9s %s%n", "venue", "dialect", "mutants", "not JSON",
                "bad frames", "messages", "resyncs by cause", "proto err", "books LIVE = truth");
        for (VenueResult v : r.venues()) {
            String resyncs = v.resyncs().isEmpty() ? "0" : v.resyncs().entrySet().stream()
                    .map(e -> e.getKey() + " " + String.format("%,d", e.getValue()))
                    .collect(java.util.stream.Collectors.joining(", "));
            long ok = v.books().values().stream().filter("ok"::equals).count();
            out.printf("%-10s %-8s %,12d %,12d %,12d %,12d %-40s %9d %d/%d%n", v.venue(), v.dialect(), v.fuzz().sent(),
                    v.fuzz().notJson(), v.badFrames(), v.messages(), resyncs, v.protocolErrors(), ok, v.books().size());
        }
        out.println();
        out.println("mutants by kind, per venue (withheld: valid frames with another sequence, not sent; unknown: "
                + "well-formed frames for an unlisted symbol):");
        for (VenueResult v : r.venues()) {
            StringBuilder kinds = new StringBuilder();
            for (FuzzMutator.Kind k : FuzzMutator.Kind.values()) {
                kinds.append(String.format(" %s %,d", k.name().toLowerCase(java.util.Locale.ROOT),
                        v.fuzz().byKind().getOrDefault(k, 0L)));
            }
            out.printf("  %-10s%s; unknown-symbol JSON %,d; withheld %,d; backpressured turns %,d; connections %d; "
                    + "%.1f s (%,.0f/s)%n", v.venue(), kinds, v.fuzz().unknownSymbol(), v.fuzz().withheld(),
                    v.fuzz().backpressured(), v.fuzz().connections(), v.fuzz().elapsedNanos() / 1e9,
                    v.fuzz().sent() / Math.max(1e-9, v.fuzz().elapsedNanos() / 1e9));
        }
        out.println();
        out.printf("crashes: %d%s%n", r.crashes(), r.crashSamples().isEmpty() ? "" : " " + r.crashSamples());
        out.printf("event-loop stalls over %d ms: %d%s (during start-up, not counted: %d; the machine's own worst "
                + "delay of an idle thread meanwhile: %d ms)%n", STALL_MILLIS, r.stalls(),
                r.stallSamples().isEmpty() ? "" : " " + r.stallSamples(), r.startupStalls(), r.controlLateMax());
        out.printf("heap after GC: %.1f MiB before, %.1f MiB after; threads %d -> %d; open files %d -> %d; "
                + "consumers %d -> %d; timers %d -> %d%n", r.before().heapAfterGcBytes() / 1048576.0,
                r.after().heapAfterGcBytes() / 1048576.0, r.before().threads(), r.after().threads(),
                r.before().openFiles(), r.after().openFiles(), r.before().consumers(), r.after().consumers(),
                r.before().timers(), r.after().timers());
        out.printf("fuzzing %.1f s; books LIVE and equal to the truth %.1f s after the market froze%n", r.fuzzSeconds(),
                r.settleSeconds());
        r.notes().forEach(n -> out.println("NOTE: " + n));
        if (r.passed()) {
            out.println("all checks passed");
        } else {
            out.println("FAILED:");
            r.failures().forEach(f -> out.println("  " + f));
        }
        out.flush();
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory: left for the OS
        }
    }

    private static <T> T await(Future<T> f, int seconds) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(seconds, TimeUnit.SECONDS);
    }
}
