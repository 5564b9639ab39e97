package io.xgate.sim.market;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP server of one simulated venue, dialect-free: REST requests go to the dialect's handler; WebSocket
 * upgrades on the dialect's paths are taken by hand ({@link HttpServerRequest#toWebSocket()}) so that the
 * connection faults can act before and after the handshake: a handshake black hole (the upgrade is never answered)
 * and a flapping venue (the upgrade is accepted and the connection closed at once). Runs on the simulator's
 * context.
 */
public final class VenueListener {

    private static final Logger LOG = LoggerFactory.getLogger(VenueListener.class);

    private final Vertx vertx;
    private final String venue;
    private final String dialect;
    private final FaultInjector faults;
    private HttpServer server;

    public VenueListener(Vertx vertx, String venue, String dialect, FaultInjector faults) {
        this.vertx = vertx;
        this.venue = venue;
        this.dialect = dialect;
        this.faults = faults;
    }

    /**
     * Listens on {@code host:port}.
     *
     * @param webSocketPath which upgrade paths the venue serves (others are answered 404)
     * @param connected     a WebSocket that passed the connection faults
     * @param rest          every other request
     */
    public Future<HttpServer> start(String host, int port, Predicate<String> webSocketPath,
                                    Handler<ServerWebSocket> connected, Handler<HttpServerRequest> rest) {
        // one frame may be as large as the large-message fault makes it: it must leave as ONE frame
        int frame = Math.max(1 << 20, faults.faults().largeMessageBytes() + (64 << 10));
        return vertx.createHttpServer(new HttpServerOptions().setMaxWebSocketFrameSize(frame)
                        .setMaxWebSocketMessageSize(Math.max(16 << 20, frame)))
                .requestHandler(req -> {
                    if (!req.canUpgradeToWebSocket()) {
                        faults.restRequestOn(req.connection());
                        rest.handle(req);
                    } else if (!webSocketPath.test(req.path())) {
                        req.response().setStatusCode(404).end();
                    } else if (faults.swallowHandshake()) {
                        LOG.debug("simulated venue {}: WebSocket upgrade on {} swallowed (handshake black hole)",
                                venue, req.path());
                        // never answered, never closed by the venue: only the client can let go of it
                        req.connection().closeHandler(v -> faults.swallowedHandshakeClosed());
                    } else {
                        req.toWebSocket().onSuccess(ws -> {
                            if (faults.flap(System.currentTimeMillis())) {
                                ws.close();
                            } else {
                                connected.handle(ws);
                            }
                        }).onFailure(e -> LOG.debug("simulated venue {}: WebSocket upgrade failed: {}", venue,
                                e.toString()));
                    }
                })
                .listen(port, host)
                .onSuccess(s -> {
                    server = s;
                    LOG.info("simulated venue {} ({} dialect) listening on {}:{}", venue, dialect, host,
                            s.actualPort());
                });
    }

    public Future<Void> close() {
        return server == null ? Future.succeededFuture() : server.close();
    }
}
