package io.xgate.cli;

import io.xgate.App;
import io.xgate.perf.FuzzHarness;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code xgate fuzz}: the fuzz harness through the full runtime (see {@link FuzzHarness}). */
@Command(name = "fuzz", mixinStandardHelpOptions = true,
        description = {"Fuzz a running gateway through real loopback WebSockets: each simulated venue (one per "
                + "dialect) sends mutated copies of its own frames at a constant rate besides its normal stream; "
                + "then the market freezes and every book must come back LIVE and equal to the simulator's. Prints "
                + "a table per venue; exits 1 if a check fails (crashes, event-loop stalls over 100 ms, protocol "
                + "failures, frames that vanished, books not right, fewer frames than asked)."})
public final class FuzzCommand implements Callable<Integer> {

    @Option(names = "--frames", defaultValue = "1000000",
            description = "Mutated frames per dialect (default: ${DEFAULT-VALUE}).")
    long frames;

    @Option(names = "--dialects", split = ",", defaultValue = "binance,kraken,okx,bybit",
            description = "Dialects to fuzz, one venue each (default: ${DEFAULT-VALUE}).")
    List<String> dialects;

    @Option(names = "--rate", defaultValue = "10000",
            description = "Mutated frames per second per dialect (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the market and the mutants (default: "
            + "${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--venues-dir", defaultValue = "conf/venues",
            description = "Where the venue files are; the first of each dialect is used, on free ports "
                    + "(default: ${DEFAULT-VALUE}).")
    Path venuesDir;

    @Option(names = "--settle", defaultValue = "120",
            description = "Seconds the books may take to be LIVE and right after the fuzzing (default: "
                    + "${DEFAULT-VALUE}; the venue files' reconnectMaxDelay caps each resync's back-off).")
    int settleSeconds;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (frames < 0 || rate <= 0 || dialects.isEmpty() || settleSeconds <= 0) {
            spec.commandLine().getErr().println("xgate fuzz: --frames must be >= 0, --rate and --settle positive, "
                    + "--dialects not empty");
            return App.EXIT_USAGE;
        }
        if (!Files.isDirectory(venuesDir)) {
            spec.commandLine().getErr().println("xgate fuzz: no venue files in " + venuesDir.toAbsolutePath()
                    + " (run from the repository, or give --venues-dir)");
            return App.EXIT_USAGE;
        }
        // an opportunity per garbage touch would be most of the log
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("io.xgate.arb"))
                .setLevel(ch.qos.logback.classic.Level.WARN);
        java.io.PrintWriter out = spec.commandLine().getOut();
        out.printf("fuzz harness: %,d mutated frames per dialect (%s) at %,.0f/s, seed %d, %d cores, Java %s%n", frames,
                String.join(",", dialects), rate, seed, Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"));
        out.flush();
        long t0 = System.nanoTime();
        FuzzHarness.Result r = new FuzzHarness(new FuzzHarness.Settings(venuesDir, dialects, frames, rate, seed, null,
                Duration.ofSeconds(settleSeconds)), spec.commandLine().getErr()).run();
        FuzzHarness.print(r, out);
        out.printf("total %.0f s%n", (System.nanoTime() - t0) / 1e9);
        out.flush();
        return r.passed() ? 0 : App.EXIT_FAILURE;
    }
}
