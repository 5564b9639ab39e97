package io.xgate.cli;

import io.vertx.core.Vertx;
import io.xgate.App;
import io.xgate.config.ConfigException;
import io.xgate.config.ConfigLoader;
import io.xgate.config.GatewayConfig;
import io.xgate.sim.Simulator;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code xgate sim}: runs only the venue simulator of a configuration (every venue whose WebSocket URL is on
 * loopback), so that a gateway in another process, or your own client, can connect to it.
 */
@Command(name = "sim", mixinStandardHelpOptions = true,
        description = "Run only the venue simulator for the venues of a configuration that are on loopback. "
                + "Stops on Ctrl-C or SIGTERM.")
public final class SimCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(SimCommand.class);

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
        Vertx vertx = Vertx.vertx();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                vertx.close().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
                LOG.info("simulator stopped");
            } catch (Exception e) {
                LOG.error("simulator did not stop cleanly", e);
            } finally {
                stopped.countDown();
            }
        }, "xgate-sim-shutdown"));
        try {
            vertx.deployVerticle(new Simulator(c)).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            spec.commandLine().getErr().println("xgate: simulator could not start: " + e.getCause().getMessage());
            return App.EXIT_FAILURE;
        }
        LOG.info("simulator running (seed {}); press Ctrl-C to stop", c.simulator().seed());
        stopped.await();
        return 0;
    }
}
