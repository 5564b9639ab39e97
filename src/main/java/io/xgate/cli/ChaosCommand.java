package io.xgate.cli;

import io.xgate.App;
import io.xgate.config.GatewayConfig;
import io.xgate.perf.ChaosHarness;
import io.xgate.sim.ChaosSchedule;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code xgate chaos}: the chaos harness (see {@link ChaosHarness}). */
@Command(name = "chaos", mixinStandardHelpOptions = true,
        description = {"Run the gateway on its simulator under a random, seeded storm of every fault the simulator "
                + "has, on every venue and symbol at once, with connections rotating; then freeze the market and "
                + "report per venue and fault class: faults injected, books broken, resyncs, time to LIVE again, "
                + "breaks no fault explains (must be 0), and whether every book equals the simulator's truth (must "
                + "be all). Exit code 1 when a check fails."})
public final class ChaosCommand implements Callable<Integer> {

    @Mixin
    ConfigOption config;

    @Option(names = "--duration", defaultValue = "10m", converter = DurationConverter.class,
            description = "How long faults are injected (default: ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(names = "--seed", description = "Seed of the fault schedule (default: the simulator's seed).")
    Long seed;

    @Option(names = "--every", defaultValue = "2s", converter = DurationConverter.class,
            description = "Mean wait between two faults of one venue (default: ${DEFAULT-VALUE}).")
    Duration every;

    @Option(names = "--rotate-every", defaultValue = "45s", converter = DurationConverter.class,
            description = "Every venue's websocket.maxConnectionAge at most this (default: ${DEFAULT-VALUE}).")
    Duration rotateEvery;

    @Option(names = "--window", defaultValue = "3s", converter = DurationConverter.class,
            description = "How long before a break a fault may be its cause (default: ${DEFAULT-VALUE}).")
    Duration window;

    @Option(names = "--settle", defaultValue = "120s", converter = DurationConverter.class,
            description = "After the freeze, how long each book may take to be LIVE and equal to the truth "
                    + "(default: ${DEFAULT-VALUE}).")
    Duration settle;


    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        GatewayConfig loaded = HarnessCommands.simulated(config, spec, "chaos");
        if (loaded == null) {
            return App.EXIT_USAGE;
        }
        long s = seed == null ? loaded.simulator().seed() : seed;
        ChaosSchedule.Settings schedule = ChaosSchedule.Settings.defaults(s).every(every);
        var out = spec.commandLine().getOut();
        out.printf("chaos: %s of faults, one per venue every %s on average (seed %d), connections rotating every %s;"
                + " %d cores, Java %s%n", duration, every, s, rotateEvery, Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"));
        ChaosHarness.Report report = new ChaosHarness(spec.commandLine().getErr())
                .run(loaded, new ChaosHarness.Options(duration, schedule, rotateEvery, window, settle));
        report.print(out);
        out.flush();
        return report.passed() ? 0 : App.EXIT_FAILURE;
    }
}
