package io.xgate.perf;

import io.xgate.Gateway;
import io.xgate.config.GatewayConfig;
import io.xgate.config.VenueConfig;
import io.xgate.sim.ChaosSchedule;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code xgate soak}: the gateway on its simulator at a constant offered rate across every venue
 * ({@code Simulator.cadence}), with a light fault schedule, for a long time. Every {@link Options#sampleEvery} it
 * takes a checkpoint: the faults stop, every book heals, the market freezes, every book is compared with the
 * simulator's truth, and a {@link RuntimeCensus} is taken (live heap after GC, threads, open files, event-bus
 * consumers, timers, meters); then the market and the faults resume. It passes when every checkpoint found every
 * book equal to the truth, the last heap after GC is within {@link Options#heapTolerance} of the first
 * checkpoint's, the gateway's pooled REST connections (counted by the simulated venues) never more than the venues'
 * {@code rest.poolSize} together, and every other count was flat (the open files beside those connections): in the
 * last third of the checkpoints never above the most of the first third by more than what is in flight at a moment
 * (a few open files, timers and threads; no consumer, no meter):
 * a leak climbs past that over the run. Each count is its most frequent value over 25 readings at a checkpoint.
 *
 * <p>Before the load starts, every fault is injected once on every venue ({@code Simulator.prime}): what a fault's
 * first use adds for good (the meter series of a REST status code the client had not met, a lazily built table) is
 * then in the first checkpoint, the baseline, and what grows after it is growth. When the heap after GC rises by
 * more than {@link #HEAP_STEP_REPORTED} between two checkpoints, the progress says which classes grew (the JVM's
 * class histogram), and the report does so from the first checkpoint to the last.
 */
public final class SoakHarness {

    /**
     * @param duration      how long the load runs (checkpoints excluded)
     * @param rate          book frames per second offered, all venues together
     * @param sampleEvery   the time between checkpoints
     * @param schedule      the light fault schedule
     * @param heapTolerance how far the heap after GC may end above the first checkpoint's (0.10: 10 %)
     * @param settle        how long the books may take to heal and catch up at a checkpoint
     */
    public record Options(Duration duration, double rate, Duration sampleEvery, ChaosSchedule.Settings schedule,
                          double heapTolerance, Duration settle) {
    }

    /**
     * One checkpoint.
     *
     * @param elapsed    load time before it
     * @param census     what the gateway held
     * @param books      books equal to the truth, of {@code bookCount}
     * @param bookCount  books compared
     * @param notEqual   what differed, for the books that were not equal or did not heal
     * @param offeredPerSecond book frames per second the simulator's cadence sent (below the rate asked when the
     *                        machine could not keep up: the harness's limit, not the gateway's)
     * @param framesPerSecond messages per second the gateway received since the previous checkpoint (book frames,
     *                        trades, tickers)
     * @param faults     faults injected so far
     * @param rest       the gateway's pooled REST connections open to the simulated venues (the most of the
     *                   readings): bounded by the venues' {@code rest.poolSize} together, {@code restBound}
     * @param restBound  the venues' {@code rest.poolSize} together
     * @param otherFiles open files beside the REST connections (each is two: the gateway's end and the venue's, in
     *                   this process), the most frequent value of the readings: what must stay flat
     */
    public record Checkpoint(Duration elapsed, RuntimeCensus.Sample census, int books, int bookCount,
                             List<String> notEqual, double offeredPerSecond, double framesPerSecond, long faults,
                             int rest, int restBound, long otherFiles) {
    }

    /** Threads a count may be above the early checkpoints' most: the JDK's pool workers come and go. */
    static final long SLACK_THREADS = 2;
    /**
     * Open files beside the REST connections (bounded apart): a reconnect's or a rotation's second socket per venue,
     * both ends, and a handshake in flight.
     */
    static final long SLACK_FILES = 12;
    /** Timers: resync back-offs, clock retries and pong checks in flight. */
    static final long SLACK_TIMERS = 5;
    /** A rise of the heap after GC between two checkpoints from which the progress lines say which classes grew. */
    static final long HEAP_STEP_REPORTED = 256 * 1024;

    /** A soak run's checkpoints, and the verdict. */
    public record Report(List<Checkpoint> checkpoints, double heapTolerance, List<String> unfaulted, long crashes,
                         List<String> crashSamples, List<String> heapGrowth) {

        /** What failed, empty if nothing did. */
        public List<String> failures() {
            List<String> out = new ArrayList<>();
            if (checkpoints.size() < 2) {
                out.add("fewer than two checkpoints: nothing to compare (run longer than --sample-every)");
                return out;
            }
            Checkpoint first = checkpoints.get(0);
            Checkpoint last = checkpoints.get(checkpoints.size() - 1);
            for (Checkpoint c : checkpoints) {
                if (c.books() != c.bookCount()) {
                    out.add("at " + minutes(c.elapsed()) + ": " + (c.bookCount() - c.books())
                            + " books not equal to the truth: " + c.notEqual());
                }
            }
            double heap = (double) last.census().heapAfterGcBytes() / first.census().heapAfterGcBytes() - 1;
            if (heap > heapTolerance) {
                out.add(String.format("heap after GC grew %.1f %% (limit %.0f %%): %d -> %d bytes", heap * 100,
                        heapTolerance * 100, first.census().heapAfterGcBytes(), last.census().heapAfterGcBytes()));
            }
            // a count is flat if the last third of the checkpoints never goes above the most the first third saw,
            // by more than what is in flight at any moment: open files (beside the REST connections) move with a
            // reconnect's sockets, timers with the resync back-offs and clock retries in flight,
            // threads with the JDK's pool workers; a leak climbs past any slack over the hour
            int third = Math.max(1, checkpoints.size() / 3);
            List<Checkpoint> early = checkpoints.subList(0, third);
            List<Checkpoint> late = checkpoints.subList(checkpoints.size() - third, checkpoints.size());
            grew(out, "threads", early, late, c -> c.census().threads(), SLACK_THREADS);
            // the pooled REST connections come and go with the resyncs (kept alive for rest.idleTimeout): bounded,
            // not flat; the rest of the open files must be flat
            for (Checkpoint c : checkpoints) {
                if (c.rest() > c.restBound()) {
                    out.add("at " + minutes(c.elapsed()) + ": " + c.rest() + " REST connections open, more than the "
                            + "venues' pools hold together (" + c.restBound() + "): connections leak");
                }
            }
            grew(out, "open files beside the REST connections", early, late, c -> c.otherFiles(), SLACK_FILES);
            grew(out, "event-bus consumers", early, late, c -> c.census().consumers(), 0);
            grew(out, "timers", early, late, c -> c.census().timers(), SLACK_TIMERS);
            grew(out, "meters", early, late, c -> c.census().meters(), 0);
            if (crashes > 0) {
                out.add(crashes + " uncaught exceptions (gateway or simulator): " + crashSamples);
            }
            if (!unfaulted.isEmpty()) {
                out.add(unfaulted.size() + " breaks no fault explains: " + unfaulted.subList(0,
                        Math.min(5, unfaulted.size())));
            }
            return out;
        }

        private static void grew(List<String> out, String what, List<Checkpoint> early, List<Checkpoint> late,
                                 java.util.function.ToLongFunction<Checkpoint> count, long slack) {
            long before = early.stream().mapToLong(count).max().orElse(0);
            long after = late.stream().mapToLong(count).max().orElse(0);
            if (after > before + slack) {
                out.add(what + " grew: at most " + before + " in the first " + early.size() + " checkpoints, "
                        + after + " in the last " + late.size() + " (" + slack + " allowed for what is in flight)");
            }
        }

        /** Prints the table and the verdict. */
        public void print(PrintWriter out) {
            out.printf("%7s %8s %8s %6s %5s %10s %7s %7s %11s %9s %9s %7s%n", "minute", "heap MB", "threads",
                    "files", "rest", "consumers", "timers", "meters", "books equal", "offered/s", "msgs/s", "faults");
            for (Checkpoint c : checkpoints) {
                RuntimeCensus.Sample s = c.census();
                out.printf("%7s %8.1f %8d %6d %5d %10d %7d %7d %11s %9.0f %9.0f %7d%n", minutes(c.elapsed()),
                        s.heapAfterGcBytes() / 1048576.0, s.threads(), c.otherFiles(), c.rest(), s.consumers(),
                        s.timers(),
                        s.meters(), c.books() + "/" + c.bookCount(), c.offeredPerSecond(), c.framesPerSecond(),
                        c.faults());
            }
            out.println("  files: open files beside the REST connections; rest: the gateway's pooled REST connections "
                    + "(two files each, both ends in this process), at most " + checkpoints.stream()
                    .mapToInt(Checkpoint::restBound).max().orElse(0) + " (the venues' rest.poolSize together)");
            if (!heapGrowth.isEmpty()) {
                out.println("  live heap by class, first to last checkpoint, grew most: " + String.join("; ",
                        heapGrowth));
            }
            List<String> f = failures();
            f.forEach(x -> out.println("  FAILED: " + x));
            out.println(f.isEmpty() ? "soak: PASSED" : "soak: FAILED");
        }

        private static String minutes(Duration d) {
            long s = d.toSeconds();
            return s / 60 + ":" + String.format("%02d", s % 60);
        }
    }

    private final PrintWriter progress;

    /** @param progress where progress lines go (standard error) */
    public SoakHarness(PrintWriter progress) {
        this.progress = progress;
    }

    /**
     * The admin API's histories ({@code analytics.history}) the soak keeps per series: full within minutes, so that
     * the heap after GC compares like with like. At the default 500, the ring of 5 s book bars fills only after 42
     * minutes, 1.7 MB for the default twelve books that are a bound, not a leak, but 7 % of the first minute's heap.
     */
    public static final int HISTORY = 50;

    /** Starts the gateway on its simulator ({@code analytics.history} at most {@link #HISTORY}), soaks it, stops it. */
    public Report run(GatewayConfig config, Options o) throws Exception {
        Gateway gateway = get(Gateway.start(config.withAnalyticsHistory(HISTORY)), 120);
        try {
            return run(gateway, o);
        } finally {
            get(gateway.stop(), 60);
        }
    }

    /** Soaks a started gateway whose simulator serves every venue it runs. */
    public Report run(Gateway gateway, Options o) throws Exception {
        if (gateway.simulator() == null) {
            throw new IllegalArgumentException("soak needs the built-in simulator (simulator.enabled: true)");
        }
        RuntimeCensus census = new RuntimeCensus(gateway.vertx(), gateway.metrics().registry());
        Crashes crashes = Crashes.watch(gateway.vertx(), "soak");
        java.util.Set<String> meters = meterIds(gateway);
        List<Checkpoint> checkpoints = new ArrayList<>();
        // the class histograms go to files, not the heap they measure
        java.nio.file.Path histograms = java.nio.file.Files.createTempDirectory("xgate-soak-histograms-");
        java.nio.file.Path firstHistogram = null;
        java.nio.file.Path lastHistogram = null;
        List<VenueConfig> venues = BookTruth.simulatedVenues(gateway);
        int bookCount = venues.stream().mapToInt(v -> v.instruments().size()).sum();
        try (FaultTracker tracker = new FaultTracker(gateway, 3_000, o.schedule().longest().toMillis());
             BookTruth truth = new BookTruth(gateway)) {
            progress.println("soak: waiting for every book to be LIVE");
            get(tracker.allLive(bookCount), 120);
            census.sample(); // its own first full collection registers the JVM's meter for that kind of pause
            int perRound = get(gateway.simulator().cadence(o.rate()), 10);
            progress.printf("soak: %.0f book frames/s offered (%d books, one frame each per round)%n", o.rate(),
                    perRound);
            get(gateway.simulator().observeFaults(tracker::injected), 10);
            tracker.arm();
            // every fault once before the first checkpoint, so that what a fault's first use adds for good (a REST
            // status code's meter series, say) is in the baseline, and only growth after it counts
            progress.println("soak: priming: every fault once on every venue");
            get(gateway.simulator().prime(o.schedule()), 300);
            get(gateway.simulator().chaos(o.schedule()), 10);
            long loadNanos = 0;
            long frames = frames(gateway, venues);
            long rounds = get(gateway.simulator().cadenceRounds(), 10);
            while (loadNanos < o.duration().toNanos()) {
                long slice = Math.min(o.sampleEvery().toNanos(), o.duration().toNanos() - loadNanos);
                long t0 = System.nanoTime();
                TimeUnit.NANOSECONDS.sleep(slice);
                long ran = System.nanoTime() - t0;
                loadNanos += ran;
                long nowFrames = frames(gateway, venues);
                double fps = (nowFrames - frames) * 1e9 / ran;
                frames = nowFrames;
                long nowRounds = get(gateway.simulator().cadenceRounds(), 10);
                double offered = (nowRounds - rounds) * (double) perRound * 1e9 / ran;
                rounds = nowRounds;
                checkpoints.add(checkpoint(gateway, tracker, truth, census, Duration.ofNanos(loadNanos), bookCount,
                        offered, fps, o));
                Checkpoint c = checkpoints.get(checkpoints.size() - 1);
                java.nio.file.Path histogram = histograms.resolve(String.format("checkpoint-%03d.txt",
                        checkpoints.size()));
                java.nio.file.Files.writeString(histogram, RuntimeCensus.classHistogramText());
                if (checkpoints.size() == 1) {
                    firstHistogram = histogram;
                    progress.println("soak: the live heap by class at each checkpoint goes to " + histograms);
                } else {
                    long step = c.census().heapAfterGcBytes()
                            - checkpoints.get(checkpoints.size() - 2).census().heapAfterGcBytes();
                    if (step > HEAP_STEP_REPORTED) {
                        progress.printf("  heap +%,d KB since the last checkpoint; grew most: %s%n", step / 1024,
                                String.join("; ", grewMost(lastHistogram, histogram)));
                    }
                }
                lastHistogram = histogram;
                progress.printf("soak %s: heap %.1f MB, threads %d, files %d beside %d REST connections, "
                        + "consumers %d, timers %d, meters %d, books equal %d/%d, %.0f frames/s offered, "
                        + "%.0f msgs/s received, %d faults%n",
                        Report.minutes(c.elapsed()), c.census().heapAfterGcBytes() / 1048576.0, c.census().threads(),
                        c.otherFiles(), c.rest(),
                        c.census().consumers(), c.census().timers(), c.census().meters(), c.books(), c.bookCount(),
                        c.offeredPerSecond(), c.framesPerSecond(), c.faults());
                java.util.Set<String> nowMeters = meterIds(gateway);
                java.util.Set<String> added = new java.util.TreeSet<>(nowMeters);
                added.removeAll(meters);
                if (!added.isEmpty() && checkpoints.size() > 1) {
                    progress.println("  new meters since the last checkpoint: " + added);
                }
                meters = nowMeters;
                if (loadNanos < o.duration().toNanos()) {
                    tracker.arm();
                    get(gateway.simulator().resume(), 10);
                }
            }
            Report report = new Report(checkpoints, o.heapTolerance(), tracker.unfaulted(), crashes.count(),
                    crashes.samples(), firstHistogram == null ? List.of() : grewMost(firstHistogram, lastHistogram));
            if (report.failures().isEmpty()) {
                deleteTree(histograms); // a passed run leaves nothing behind; a failed one its evidence
            } else {
                progress.println("soak: the class histograms of the checkpoints stay in " + histograms);
            }
            return report;
        }
    }

    private Checkpoint checkpoint(Gateway gateway, FaultTracker tracker, BookTruth truth, RuntimeCensus census,
                                  Duration elapsed, int bookCount, double offered, double fps, Options o)
            throws Exception {
        get(gateway.simulator().calm(), 10);
        List<String> notEqual = new ArrayList<>();
        try {
            get(tracker.allLive(bookCount), o.settle().toSeconds());
        } catch (java.util.concurrent.TimeoutException e) {
            notEqual.add("not LIVE " + o.settle().toSeconds() + " s after the faults stopped: " + tracker.notLive());
        }
        tracker.disarm();
        truth.forgetTops();
        get(gateway.simulator().freeze(), 60);
        int equal = 0;
        for (BookTruth.Result r : truth.compare(o.settle().toMillis())) {
            if (r.equal()) {
                equal++;
            } else {
                notEqual.add(r.venue() + " " + r.symbol() + ": " + r.detail());
            }
        }
        Steady steady = steady(census, gateway.simulator());
        return new Checkpoint(elapsed, steady.census(), equal, bookCount, notEqual, offered, fps,
                tracker.injectedTotal(), steady.rest(), restBound(gateway), steady.otherFiles());
    }

    /** A checkpoint's census with the REST connections (the most a reading saw) and the open files beside them. */
    private record Steady(RuntimeCensus.Sample census, int rest, long otherFiles) {
    }

    /**
     * The heap after GC, and each count as its most frequent value over 25 readings 20 ms apart: a ping's timer or a
     * REST answer in flight raises a count for a moment, a leak for good. The REST connections are the most a reading
     * saw; the open files beside them count only the readings during which none opened or closed.
     */
    private static Steady steady(RuntimeCensus census, io.xgate.sim.Simulator simulator) throws Exception {
        RuntimeCensus.Sample gc = census.sample();
        List<RuntimeCensus.Sample> readings = new ArrayList<>();
        List<Long> others = new ArrayList<>();
        int restMost = 0;
        for (int i = 0; i < 25; i++) {
            int before = get(simulator.restConnections(), 10);
            RuntimeCensus.Sample counts = census.counts();
            int after = get(simulator.restConnections(), 10);
            readings.add(counts);
            restMost = Math.max(restMost, Math.max(before, after));
            if (before == after) { // no REST connection opened or closed during the reading
                others.add(counts.openFiles() - 2L * before);
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
        RuntimeCensus.Sample s = new RuntimeCensus.Sample(gc.heapAfterGcBytes(),
                (int) mode(readings, RuntimeCensus.Sample::threads), mode(readings, RuntimeCensus.Sample::openFiles),
                mode(readings, RuntimeCensus.Sample::consumers), mode(readings, RuntimeCensus.Sample::timers),
                (int) mode(readings, RuntimeCensus.Sample::meters));
        return new Steady(s, restMost, others.isEmpty() ? gc.openFiles() : mode(others, Long::longValue));
    }

    private static List<String> grewMost(java.nio.file.Path before, java.nio.file.Path after)
            throws java.io.IOException {
        return RuntimeCensus.grewMost(RuntimeCensus.parseClassHistogram(java.nio.file.Files.readString(before)),
                RuntimeCensus.parseClassHistogram(java.nio.file.Files.readString(after)), 8);
    }

    private static <T> long mode(List<T> readings, java.util.function.ToLongFunction<T> count) {
        java.util.Map<Long, Integer> seen = new java.util.TreeMap<>();
        readings.forEach(r -> seen.merge(count.applyAsLong(r), 1, Integer::sum));
        return seen.entrySet().stream().max(java.util.Map.Entry.comparingByValue()).orElseThrow().getKey();
    }

    private void deleteTree(java.nio.file.Path dir) {
        try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.walk(dir)) {
            for (java.nio.file.Path f : (Iterable<java.nio.file.Path>) files.sorted(java.util.Comparator.reverseOrder())
                    ::iterator) {
                java.nio.file.Files.delete(f);
            }
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            progress.println("soak: could not delete " + dir + ": " + e);
        }
    }

    /** The venues' REST pools together: the most REST connections the gateway may hold open. */
    private static int restBound(Gateway gateway) {
        return BookTruth.simulatedVenues(gateway).stream().mapToInt(v -> v.rest().poolSize()).sum();
    }

    private static java.util.Set<String> meterIds(Gateway gateway) {
        java.util.Set<String> out = new java.util.TreeSet<>();
        for (io.micrometer.core.instrument.Meter m : gateway.metrics().registry().getMeters()) {
            StringBuilder b = new StringBuilder(m.getId().getName());
            m.getId().getTags().forEach(t -> b.append(',').append(t.getKey()).append('=').append(t.getValue()));
            out.add(b.toString());
        }
        return out;
    }

    private static long frames(Gateway gateway, List<VenueConfig> venues) {
        long n = 0;
        for (VenueConfig v : venues) {
            n += gateway.metrics().venue(v.id()).messages();
        }
        return n;
    }

    private static <T> T get(io.vertx.core.Future<T> f, long seconds) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(seconds, TimeUnit.SECONDS);
    }
}
