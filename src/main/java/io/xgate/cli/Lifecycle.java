package io.xgate.cli;

import io.vertx.core.Future;
import io.xgate.App;
import io.xgate.config.ConfigException;
import io.xgate.config.ConfigLoader;
import io.xgate.config.GatewayConfig;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Model.CommandSpec;

/** What the long-running commands share: loading the configuration, and running until SIGINT or SIGTERM. */
final class Lifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(Lifecycle.class);

    private Lifecycle() {
    }

    /** The configuration, or {@code null} after printing the one-line error (the caller exits with usage). */
    static GatewayConfig load(ConfigOption option, CommandSpec spec) {
        return load(option, spec, new ConfigLoader());
    }

    /**
     * As {@link #load(ConfigOption, CommandSpec)} for a command that uses no secret ({@code tail}): the trading
     * credentials need not be in its environment.
     */
    static GatewayConfig loadWithoutSecrets(ConfigOption option, CommandSpec spec) {
        return load(option, spec, ConfigLoader.withoutSecrets(System::getenv));
    }

    private static GatewayConfig load(ConfigOption option, CommandSpec spec, ConfigLoader loader) {
        try {
            return loader.load(option.file());
        } catch (ConfigException e) {
            spec.commandLine().getErr().println("xgate: configuration error: " + e.getMessage());
            return null;
        }
    }

    /**
     * Whether start-up's own rules ({@link io.xgate.Gateway#validate}) accept {@code c}; if not, the one-line error
     * is printed (the caller exits with usage), as for an error in the files.
     */
    static boolean validate(GatewayConfig c, CommandSpec spec) {
        try {
            io.xgate.Gateway.validate(c);
            return true;
        } catch (ConfigException e) {
            spec.commandLine().getErr().println("xgate: configuration error: " + e.getMessage());
            return false;
        }
    }

    /**
     * Starts something, then blocks until SIGINT or SIGTERM has stopped it. The shutdown hook is registered
     * before anything starts, so a signal at any moment stops what did start.
     *
     * @return the exit code
     */
    static <T> int runUntilSignalled(String what, Supplier<Future<T>> start, Function<T, Future<?>> stop,
                                     Consumer<T> started, CommandSpec spec) throws InterruptedException {
        CompletableFuture<T> starting = new CompletableFuture<>();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            int exit = -1; // -1: nothing of ours ran (start-up failed): the exit code main chose stands
            try {
                T running = starting.get(60, TimeUnit.SECONDS);
                stop.apply(running).toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
                exit = 0;
            } catch (ExecutionException e) {
                // start-up failed and was reported; nothing to stop
            } catch (Exception e) {
                LOG.error("{}: shutdown did not complete", what, e);
                exit = App.EXIT_FAILURE;
            } finally {
                // last: the JVM may halt as soon as this hook ends, and the async log's worker is a daemon
                io.xgate.metrics.CountingAsyncAppender.flushAndStopLogging();
                stopped.countDown();
            }
            exitAfterSignal(exit);
        }, "xgate-shutdown"));
        start.get().onComplete(ar -> {
            if (ar.succeeded()) {
                starting.complete(ar.result());
            } else {
                starting.completeExceptionally(ar.cause());
            }
        });
        try {
            started.accept(starting.get(60, TimeUnit.SECONDS));
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            spec.commandLine().getErr().println("xgate: " + what + " could not start: "
                    + (e.getCause() == null ? e : e.getCause().getMessage()));
            return App.EXIT_FAILURE;
        }
        stopped.await();
        return 0;
    }

    /**
     * Ends the JVM with {@code code} after a stop a signal asked for: 0 when it stopped cleanly, so that SIGTERM and
     * SIGINT end in success (the JVM alone would exit 143 or 130, which systemd counts as a failure and Kubernetes
     * shows as {@code Error}), 1 when the stop failed. Every resource is closed by then (Hazelcast's own hook is off:
     * {@code ClusterConfig}); {@code -1} leaves the JVM's own exit (main's code, or 128 + the signal).
     */
    static void exitAfterSignal(int code) {
        if (code >= 0) {
            Runtime.getRuntime().halt(code);
        }
    }

    /**
     * A replay's venues and books log what live logged (every LIVE, every resync): the command's own summary
     * counts them, so their lines are shown only from ERROR up, unless {@code XGATE_LOG_LEVEL} asks for more.
     */
    static void quietReplayLogs() {
        if (System.getenv("XGATE_LOG_LEVEL") != null) {
            return;
        }
        for (String name : new String[] {"io.xgate.venue", "io.xgate.book", "io.xgate.analytics"}) {
            ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(name))
                    .setLevel(ch.qos.logback.classic.Level.ERROR);
        }
    }
}
