package io.xgate.cli;

import io.xgate.App;
import io.xgate.Gateway;
import io.xgate.config.GatewayConfig;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code xgate record}: {@code run} with the journal on, so that a session can be replayed and exported. */
@Command(name = "record", mixinStandardHelpOptions = true,
        description = "Run the gateway with the journal on (journal.enabled: true): every venue connection's raw "
                + "traffic and the published events are recorded until Ctrl-C or SIGTERM. Then: xgate replay, "
                + "xgate export, xgate bars.")
public final class RecordCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(RecordCommand.class);

    @Mixin
    ConfigOption config;

    @Option(names = "--journal", paramLabel = "DIR",
            description = "Where to record (default: journal.dir of the configuration, itself 'journal' by default).")
    Path journal;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        GatewayConfig loaded = Lifecycle.load(config, spec);
        if (loaded == null) {
            return App.EXIT_USAGE;
        }
        GatewayConfig c = loaded.withJournal(journal);
        long t0 = System.nanoTime();
        return Lifecycle.runUntilSignalled("gateway", () -> Gateway.start(c), Gateway::stop,
                g -> LOG.info("{} started in {} ms, recording into {}; press Ctrl-C to stop", c.name(),
                        (System.nanoTime() - t0) / 1_000_000, c.journal().dir().toAbsolutePath()), spec);
    }
}
