package io.xgate.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

/** What the harness commands ({@code chaos}, {@code soak}) share: their configuration and their log levels. */
final class HarnessCommands {

    private HarnessCommands() {
    }

    /**
     * The configuration of a harness that runs on the built-in simulator, with the log quieted (see {@link #quiet}),
     * or {@code null} after printing why not (then exit 2).
     */
    static io.xgate.config.GatewayConfig simulated(ConfigOption option, picocli.CommandLine.Model.CommandSpec spec,
                                                   String command) {
        io.xgate.config.GatewayConfig loaded = Lifecycle.load(option, spec);
        if (loaded == null) {
            return null;
        }
        if (!loaded.simulator().enabled()) {
            spec.commandLine().getErr().println("xgate " + command + ": " + loaded.file() + " has simulator.enabled: "
                    + "false; " + command + " runs on the built-in simulator (use conf/xgate.yaml, or enable it)");
            return null;
        }
        quiet();
        return loaded;
    }

    /**
     * Only errors from now on, unless {@code XGATE_LOG_LEVEL} asks for more: a harness that injects faults on purpose
     * would otherwise log a warning for each, and its report counts them.
     */
    static void quiet() {
        if (System.getenv("XGATE_LOG_LEVEL") != null) {
            return;
        }
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.ERROR);
        ((Logger) LoggerFactory.getLogger("io.xgate")).setLevel(Level.ERROR);
        ((Logger) LoggerFactory.getLogger("io.vertx")).setLevel(Level.ERROR);
    }
}
