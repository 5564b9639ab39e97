package io.xgate.cli;

import io.xgate.App;
import io.xgate.Gateway;
import io.xgate.config.ConfigException;
import io.xgate.config.ConfigLoader;
import io.xgate.config.GatewayConfig;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code xgate run}: loads the configuration, starts the gateway and runs until SIGINT or SIGTERM. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run the gateway (the default command). Stops cleanly on Ctrl-C or SIGTERM.")
public final class RunCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

    @Mixin
    ConfigOption config;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        GatewayConfig c;
        try {
            c = new ConfigLoader().load(config.file());
        } catch (ConfigException e) {
            spec.commandLine().getErr().println("xgate: configuration error: " + e.getMessage());
            return App.EXIT_USAGE;
        }
        // The hook is registered before anything starts, so a SIGTERM at any moment stops what did start.
        CompletableFuture<Gateway> starting = new CompletableFuture<>();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                Gateway g = starting.get(60, TimeUnit.SECONDS);
                g.stop().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                // start-up failed and was reported; nothing to stop
            } catch (Exception e) {
                LOG.error("shutdown did not complete", e);
            } finally {
                stopped.countDown();
            }
        }, "xgate-shutdown"));
        long t0 = System.nanoTime();
        Gateway.start(c).onComplete(ar -> {
            if (ar.succeeded()) {
                starting.complete(ar.result());
            } else {
                starting.completeExceptionally(ar.cause());
            }
        });
        try {
            starting.get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            spec.commandLine().getErr().println("xgate: could not start: " + e.getCause().getMessage());
            return App.EXIT_FAILURE;
        }
        LOG.info("{} started in {} ms; press Ctrl-C to stop", c.name(), (System.nanoTime() - t0) / 1_000_000);
        stopped.await();
        return 0;
    }
}
