package io.xgate.perf;

import io.xgate.Gateway;
import io.xgate.config.GatewayConfig;
import io.xgate.config.VenueConfig;
import io.xgate.event.ResyncCause;
import io.xgate.sim.ChaosSchedule;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * {@code xgate chaos}: the gateway on its simulator under a random, seeded storm of every fault the simulator has,
 * on every venue and symbol at once ({@link ChaosSchedule}), with connections rotating every
 * {@link Options#rotateEvery}. At the end the simulated market freezes and the harness reports per venue and fault
 * class: faults injected, books broken and resyncs caused, the time to LIVE again (p50, p99, max), the breaks no
 * fault explains (must be none), and whether every book is LIVE and equal to the simulator's truth (must be all).
 */
public final class ChaosHarness {

    /**
     * @param duration    how long the faults are injected
     * @param schedule    the fault schedule
     * @param rotateEvery every venue's {@code websocket.maxConnectionAge} at most this (rotations are part of the
     *                    storm: they must break no book)
     * @param window      how long before a break a fault may be its cause
     * @param settle      after the freeze, how long each book may take to be LIVE and equal to the truth
     */
    public record Options(Duration duration, ChaosSchedule.Settings schedule, Duration rotateEvery, Duration window,
                          Duration settle) {
    }

    /**
     * What a chaos run found.
     *
     * @param rows       per venue, per fault class, what it did
     * @param unfaulted  breaks and resyncs that no fault explains
     * @param open       books broken by a fault and not LIVE again within the settle time after the faults stopped
     * @param notLive    books not LIVE then
     * @param books      every book compared with the truth after the freeze
     * @param rotations  per venue, connection rotations
     * @param causes     per venue, resyncs by cause (the gateway's {@code xgate_resyncs_total})
     * @param badFrames  per venue, frames the gateway could not read
     * @param crashes    exceptions nothing handled, gateway or simulator (must be none)
     * @param crashSamples the first few of them
     */
    public record Report(Map<String, Map<String, FaultTracker.Row>> rows, List<String> unfaulted, List<String> open,
                         List<String> notLive, List<BookTruth.Result> books, Map<String, Long> rotations,
                         Map<String, Map<String, Long>> causes, Map<String, Long> badFrames, long crashes,
                         List<String> crashSamples) {

        /** Whether every check passed: no unfaulted break, every book LIVE again and equal to the truth. */
        public boolean passed() {
            return crashes == 0 && unfaulted.isEmpty() && open.isEmpty() && notLive.isEmpty() && books.stream().allMatch(BookTruth.Result::equal);
        }

        /** Prints the tables and the verdict. */
        public void print(PrintWriter out) {
            out.printf("%-10s %-19s %8s %6s %7s %8s %7s %7s  %s%n", "venue", "fault", "injected", "breaks",
                    "resyncs", "LIVE p50", "p99", "max ms", "resync causes");
            rows.forEach((venue, byFault) -> byFault.forEach((fault, r) -> {
                List<Long> t = r.toLiveMillis();
                out.printf("%-10s %-19s %8d %6d %7d %8s %7s %7s  %s%n", venue, fault, r.injected(), r.breaks(),
                        r.resyncs(), pct(t, 50), pct(t, 99), t.isEmpty() ? "-" : String.valueOf(t.get(t.size() - 1)),
                        r.causes().isEmpty() ? "" : r.causes());
            }));
            out.println();
            out.printf("%-10s %9s %10s  %s%n", "venue", "rotations", "bad frames", "resyncs by cause");
            causes.forEach((venue, byCause) -> out.printf("%-10s %9d %10d  %s%n", venue,
                    rotations.getOrDefault(venue, 0L), badFrames.getOrDefault(venue, 0L), byCause));
            out.println();
            long equal = books.stream().filter(BookTruth.Result::equal).count();
            out.printf("books equal to the simulator's truth after the freeze: %d of %d%n", equal, books.size());
            books.stream().filter(b -> !b.equal()).forEach(b -> out.printf("  NOT EQUAL %s %s: %s%n", b.venue(),
                    b.symbol(), b.detail()));
            out.printf("uncaught exceptions (gateway or simulator): %d%n", crashes);
            crashSamples.forEach(c -> out.println("  " + c));
            out.printf("breaks and resyncs no fault explains: %d%n", unfaulted.size());
            unfaulted.stream().limit(20).forEach(u -> out.println("  " + u));
            out.printf("books broken by a fault and not LIVE again once the faults stopped: %d%n", open.size());
            open.forEach(o -> out.println("  " + o));
            out.printf("books not LIVE once the faults stopped: %d%n", notLive.size());
            notLive.forEach(o -> out.println("  " + o));
            out.println(passed() ? "chaos: PASSED" : "chaos: FAILED");
        }

        private static String pct(List<Long> sorted, double p) {
            if (sorted.isEmpty()) {
                return "-";
            }
            int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
            return String.valueOf(sorted.get(Math.max(0, Math.min(sorted.size() - 1, i))));
        }
    }

    private final PrintWriter progress;

    /** @param progress where progress lines go (standard error) */
    public ChaosHarness(PrintWriter progress) {
        this.progress = progress;
    }

    /** Starts the gateway on its simulator, runs the storm, freezes, compares, stops the gateway. */
    public Report run(GatewayConfig config, Options o) throws Exception {
        GatewayConfig c = config.withMaxConnectionAge(o.rotateEvery());
        Gateway gateway = get(Gateway.start(c), 120);
        try {
            return run(gateway, o);
        } finally {
            get(gateway.stop(), 60);
        }
    }

    /** Runs the storm on a started gateway whose simulator serves every venue it runs. */
    public Report run(Gateway gateway, Options o) throws Exception {
        if (gateway.simulator() == null) {
            throw new IllegalArgumentException("chaos needs the built-in simulator (simulator.enabled: true)");
        }
        Crashes crashes = Crashes.watch(gateway.vertx(), "chaos");
        try (FaultTracker tracker = new FaultTracker(gateway, o.window().toMillis(),
                o.schedule().longest().toMillis());
             BookTruth truth = new BookTruth(gateway)) {
            progress.println("chaos: waiting for every book to be LIVE");
            awaitAllLive(tracker, gateway);
            get(gateway.simulator().observeFaults(tracker::injected), 10);
            tracker.arm();
            get(gateway.simulator().chaos(o.schedule()), 10);
            long start = System.nanoTime();
            long end = start + o.duration().toNanos();
            long total = o.duration().toSeconds();
            for (long now = System.nanoTime(); now < end; now = System.nanoTime()) {
                TimeUnit.NANOSECONDS.sleep(Math.min(end - now, TimeUnit.SECONDS.toNanos(10)));
                long s = (System.nanoTime() - start) / 1_000_000_000;
                progress.printf("chaos %d:%02d / %d:%02d: %d faults injected, %d breaks, %d unfaulted, not LIVE now: %d%n",
                        s / 60, s % 60, total / 60, total % 60, tracker.injectedTotal(), tracker.breaksTotal(),
                        tracker.unfaulted().size(), tracker.notLive().size());
            }
            progress.println("chaos: faults off, the market still moving; waiting for every book to be LIVE again");
            get(gateway.simulator().calm(), 10);
            List<String> stuck = List.of();
            try {
                get(tracker.allLive(0), o.settle().toSeconds());
            } catch (java.util.concurrent.TimeoutException e) {
                stuck = tracker.notLive();
            }
            List<String> open = tracker.open();
            tracker.disarm();
            progress.println("chaos: freezing the market; comparing every book with the truth");
            truth.forgetTops();
            get(gateway.simulator().freeze(), 60);
            List<BookTruth.Result> books = truth.compare(o.settle().toMillis());
            Map<String, Map<String, Long>> causes = new TreeMap<>();
            Map<String, Long> bad = new TreeMap<>();
            for (VenueConfig v : BookTruth.simulatedVenues(gateway)) {
                Map<String, Long> byCause = new TreeMap<>();
                for (ResyncCause rc : ResyncCause.values()) {
                    long n = gateway.metrics().venue(v.id()).resyncs(rc.label());
                    if (n > 0) {
                        byCause.put(rc.label(), n);
                    }
                }
                causes.put(v.id(), byCause);
                bad.put(v.id(), gateway.metrics().venue(v.id()).badFrames());
            }
            Map<String, Map<String, FaultTracker.Row>> rows = tracker.rows();
            return new Report(rows, tracker.unfaulted(), open, stuck, books, tracker.rotations(), causes, bad,
                    crashes.count(), crashes.samples());
        }
    }

    private static void awaitAllLive(FaultTracker tracker, Gateway gateway) throws Exception {
        int expected = BookTruth.simulatedVenues(gateway).stream().mapToInt(v -> v.instruments().size()).sum();
        try {
            get(tracker.allLive(expected), 120);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("not every book became LIVE within 120 s: " + tracker.notLive(), e);
        }
    }

    private static <T> T get(io.vertx.core.Future<T> f, long seconds) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(seconds, TimeUnit.SECONDS);
    }
}
