package io.xgate.cli;

import io.xgate.App;
import io.xgate.config.GatewayConfig;
import io.xgate.perf.SoakHarness;
import io.xgate.sim.ChaosSchedule;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code xgate soak}: the soak harness (see {@link SoakHarness}). */
@Command(name = "soak", mixinStandardHelpOptions = true,
        description = {"Run the gateway on its simulator at a constant offered rate across every venue with a light "
                + "fault schedule; at every checkpoint stop the faults, let the books heal, freeze the market, compare "
                + "every book with the simulator's truth and count the live heap after GC, threads, open files, "
                + "event-bus consumers, timers and meters. Passes when every book was equal at every checkpoint, the "
                + "heap stayed within the tolerance of the first checkpoint's and no count grew. Exit code 1 when a "
                + "check fails."})
public final class SoakCommand implements Callable<Integer> {

    @Mixin
    ConfigOption config;

    @Option(names = "--duration", defaultValue = "1h", converter = DurationConverter.class,
            description = "How long the load runs, checkpoints excluded (default: ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(names = "--rate", defaultValue = "20000",
            description = "Book frames per second offered, all venues together (default: ${DEFAULT-VALUE}).")
    int rate;

    @Option(names = "--sample-every", defaultValue = "1m", converter = DurationConverter.class,
            description = "Time between checkpoints (default: ${DEFAULT-VALUE}).")
    Duration sampleEvery;

    @Option(names = "--every", defaultValue = "30s", converter = DurationConverter.class,
            description = "Mean wait between two faults of one venue (default: ${DEFAULT-VALUE}).")
    Duration every;

    @Option(names = "--seed", description = "Seed of the fault schedule (default: the simulator's seed).")
    Long seed;

    @Option(names = "--heap-tolerance", defaultValue = "10",
            description = "How far, in per cent, the heap after GC may end above the first checkpoint's "
                    + "(default: ${DEFAULT-VALUE}).")
    double heapTolerance;

    @Option(names = "--settle", defaultValue = "60s", converter = DurationConverter.class,
            description = "At a checkpoint, how long the books may take to heal and catch up (default: "
                    + "${DEFAULT-VALUE}).")
    Duration settle;


    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (rate <= 0 || heapTolerance < 0 || sampleEvery.isZero() || duration.compareTo(sampleEvery) < 0) {
            spec.commandLine().getErr().println("xgate soak: --rate must be positive, --heap-tolerance not negative, "
                    + "and --duration at least --sample-every (two checkpoints are compared)");
            return App.EXIT_USAGE;
        }
        GatewayConfig loaded = HarnessCommands.simulated(config, spec, "soak");
        if (loaded == null) {
            return App.EXIT_USAGE;
        }
        long s = seed == null ? loaded.simulator().seed() : seed;
        var out = spec.commandLine().getOut();
        out.printf("soak: %s at %,d book frames/s, a checkpoint every %s, a fault per venue every %s on average "
                + "(seed %d); %d cores, Java %s, -Xmx %d MB%n", duration, rate, sampleEvery, every, s,
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
                Runtime.getRuntime().maxMemory() / 1048576);
        SoakHarness.Report report = new SoakHarness(spec.commandLine().getErr()).run(loaded, new SoakHarness.Options(
                duration, rate, sampleEvery, ChaosSchedule.Settings.defaults(s).every(every), heapTolerance / 100,
                settle));
        report.print(out);
        out.flush();
        return report.failures().isEmpty() ? 0 : App.EXIT_FAILURE;
    }
}
