package io.xgate.cli;

import io.xgate.App;
import io.xgate.perf.LatencyHarness;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code xgate latency}: the end-to-end latency harness (see {@link LatencyHarness}). */
@Command(name = "latency", mixinStandardHelpOptions = true,
        description = {"Measure end-to-end latency on the built-in simulator: frame send -> BookTop published, and "
                + "frame send -> opportunity published, at constant offered rates (HdrHistogram, corrected for "
                + "coordinated omission); then raise the rate until the backlog grows."})
public final class LatencyCommand implements Callable<Integer> {

    @Option(names = "--rates", split = ",", defaultValue = "1000,10000,50000",
            description = "Offered rates in messages per second, in order (default: ${DEFAULT-VALUE}).")
    List<Integer> rates;

    @Option(names = "--warmup", defaultValue = "5", description = "Warm-up seconds per rate (default: ${DEFAULT-VALUE}).")
    int warmupSeconds;

    @Option(names = "--measure", defaultValue = "10",
            description = "Measured seconds per rate (default: ${DEFAULT-VALUE}).")
    int measureSeconds;

    @Option(names = "--no-search", description = "Only the given rates; do not search for the highest sustained rate.")
    boolean noSearch;

    @Option(names = "--max-rate", defaultValue = "400000",
            description = "Stop the search at this rate (default: ${DEFAULT-VALUE}).")
    int maxRate;

    @Option(names = "--event-loops", defaultValue = "0",
            description = "The gateway's eventLoops (default: 0, Vert.x's default of twice the cores).")
    int eventLoops;

    @Option(names = "--books", defaultValue = "venue",
            description = "books.placement: venue (each venue's books on its event loop) or shared (book "
                    + "verticles of their own); default: ${DEFAULT-VALUE}.")
    String placement;

    @Option(names = "--journal",
            description = "Measure each rate with the journal off and on (recording every frame and the BookTops, "
                    + "trades and opportunities), alternating --rounds times in this run, and print the ratios.")
    boolean journal;

    @Option(names = "--rounds", defaultValue = "3",
            description = "With --journal: how many times off and on alternate (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--cluster",
            description = "Instead: cross-node BookTop delivery between two clustered nodes (real Hazelcast on loopback) "
                    + "at the given --rates (default then 10000,50000,100000), --measure seconds each.")
    boolean cluster;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (rates.stream().anyMatch(r -> r <= 0) || warmupSeconds < 0 || measureSeconds < 2) {
            spec.commandLine().getErr().println("xgate latency: rates must be positive and --measure at least 2 s");
            return App.EXIT_USAGE;
        }
        if (cluster) {
            List<Integer> r = rates.equals(List.of(1000, 10000, 50000)) ? List.of(10_000, 50_000, 100_000) : rates;
            spec.commandLine().getOut().printf("cross-node BookTop delivery: %d measured seconds per rate after 2 s of "
                    + "warm-up, %d cores, Java %s%n", measureSeconds, Runtime.getRuntime().availableProcessors(),
                    System.getProperty("java.version"));
            new io.xgate.perf.ClusterBench(spec.commandLine().getOut()).run(r, measureSeconds);
            return 0;
        }
        // one line per opportunity would be most of the output at these rates
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("io.xgate.arb"))
                .setLevel(ch.qos.logback.classic.Level.WARN);
        spec.commandLine().getOut().printf("latency harness: %d warm-up + %d measured seconds per rate, %d cores, "
                + "Java %s%n", warmupSeconds, measureSeconds, Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"));
        try {
            java.io.PrintWriter out = spec.commandLine().getOut();
            if (journal) {
                // off and on alternate, --rounds times: this machine's noise moves between runs, so each round's
                // ratio compares two runs a few seconds apart, and the median ratio is the figure
                java.util.List<java.util.List<LatencyHarness.Result>> offs = new java.util.ArrayList<>();
                java.util.List<java.util.List<LatencyHarness.Result>> ons = new java.util.ArrayList<>();
                for (int round = 1; round <= rounds; round++) {
                    out.printf("--- round %d of %d: journal off%n", round, rounds);
                    offs.add(new LatencyHarness(out, Duration.ofSeconds(warmupSeconds),
                            Duration.ofSeconds(measureSeconds), eventLoops, placement).run(rates, false, maxRate));
                    out.printf("--- round %d of %d: journal on%n", round, rounds);
                    ons.add(new LatencyHarness(out, Duration.ofSeconds(warmupSeconds),
                            Duration.ofSeconds(measureSeconds), eventLoops, placement).withJournal(true)
                            .run(rates, false, maxRate));
                }
                out.println("--- journal on / off, frame -> BookTop, per round, and the median of the rounds");
                for (int i = 0; i < rates.size(); i++) {
                    double[][] r = new double[3][rounds];
                    StringBuilder line = new StringBuilder(String.format("%,9d/s", rates.get(i)));
                    for (int k = 0; k < rounds; k++) {
                        var a = offs.get(k).get(i);
                        var b = ons.get(k).get(i);
                        r[0][k] = ratio(b.toTop(), a.toTop(), 50);
                        r[1][k] = ratio(b.toTop(), a.toTop(), 99);
                        r[2][k] = ratio(b.toTop(), a.toTop(), 99.9);
                        line.append(String.format("   [p50 %.2fx p99 %.2fx p99.9 %.2fx]", r[0][k], r[1][k], r[2][k]));
                    }
                    line.append(String.format("   median: p50 %.2fx p99 %.2fx p99.9 %.2fx", median(r[0]), median(r[1]),
                            median(r[2])));
                    out.println(line);
                }
                return 0;
            }
            new LatencyHarness(out, Duration.ofSeconds(warmupSeconds),
                    Duration.ofSeconds(measureSeconds), eventLoops, placement).run(rates, !noSearch, maxRate);
            return 0;
        } catch (java.util.concurrent.TimeoutException e) {
            spec.commandLine().getErr().println("xgate latency: the gateway or simulator stopped answering (overloaded "
                    + "beyond recovery); lower --max-rate");
            return App.EXIT_FAILURE;
        }
    }

    private static double median(double[] v) {
        double[] c = v.clone();
        java.util.Arrays.sort(c);
        return c.length % 2 == 1 ? c[c.length / 2] : (c[c.length / 2 - 1] + c[c.length / 2]) / 2;
    }

    private static double ratio(org.HdrHistogram.Histogram on, org.HdrHistogram.Histogram off, double percentile) {
        return (double) on.getValueAtPercentile(percentile) / Math.max(1, off.getValueAtPercentile(percentile));
    }
}
