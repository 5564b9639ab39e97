package io.xgate;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.xgate.config.GatewayConfig;
import io.xgate.config.VenueConfig;
import io.xgate.event.EventCodec;
import io.xgate.event.EventMessageCodec;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running gateway node: its Vert.x instance, the event codec, and the verticles its configuration asks
 * for. Started and stopped as a whole; {@link App} drives it from the command line, tests drive it directly.
 */
public final class Gateway {

    private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);

    private final GatewayConfig config;
    private final Vertx vertx;

    private Gateway(GatewayConfig config, Vertx vertx) {
        this.config = config;
        this.vertx = vertx;
    }

    /** Starts Vert.x, registers the event codec and deploys the configured components. */
    public static Future<Gateway> start(GatewayConfig config) {
        if (config.cluster().enabled()) {
            return Future.failedFuture(new IllegalStateException(config.file() + ": cluster.enabled: clustered "
                    + "mode is not available in this build yet; set it to false"));
        }
        Vertx vertx = Vertx.vertx(new VertxOptions());
        EventMessageCodec.register(vertx.eventBus(),
                new EventCodec(config.codec().compressThreshold(), EventCodec.DEFAULT_MAX_BODY));
        Gateway g = new Gateway(config, vertx);
        LOG.info("{} starting from {}: {} venue(s): {}", config.name(), config.file(), config.venues().size(),
                config.venues().stream().map(Gateway::describe).collect(Collectors.joining(", ")));
        LOG.info("event codec '{}' registered (msgpack, lz4 above {} bytes)", EventMessageCodec.NAME,
                config.codec().compressThreshold());
        LOG.info("not in this build yet, so not started: simulator, venue connections, books, arbitrage, admin API");
        return Future.succeededFuture(g);
    }

    /** Undeploys everything and closes Vert.x. */
    public Future<Void> stop() {
        LOG.info("{} stopping", config.name());
        return vertx.close().onSuccess(v -> LOG.info("{} stopped cleanly", config.name()))
                .onFailure(e -> LOG.error("{} did not stop cleanly", config.name(), e));
    }

    /** The Vert.x instance (tests, embedding). */
    public Vertx vertx() {
        return vertx;
    }

    /** The configuration this gateway runs. */
    public GatewayConfig config() {
        return config;
    }

    private static String describe(VenueConfig v) {
        return v.id() + " (" + v.dialect() + ", " + String.join("/", v.instruments().keySet()) + ")";
    }
}
