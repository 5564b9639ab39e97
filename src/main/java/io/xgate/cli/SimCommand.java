package io.xgate.cli;

import io.vertx.core.Vertx;
import io.xgate.App;
import io.xgate.config.GatewayConfig;
import io.xgate.sim.Simulator;
import java.util.concurrent.Callable;
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
        GatewayConfig c = Lifecycle.load(config, spec);
        if (c == null) {
            return App.EXIT_USAGE;
        }
        return Lifecycle.runUntilSignalled("simulator", () -> {
            Vertx vertx = Vertx.vertx();
            return vertx.deployVerticle(new Simulator(c)).map(id -> vertx)
                    .recover(e -> vertx.close().transform(x -> io.vertx.core.Future.failedFuture(e)));
        }, vertx -> vertx.close().onSuccess(v -> LOG.info("simulator stopped")),
                vertx -> LOG.info("simulator running (seed {}); press Ctrl-C to stop", c.simulator().seed()), spec);
    }
}
