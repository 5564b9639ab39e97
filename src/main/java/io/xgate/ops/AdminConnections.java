package io.xgate.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import io.xgate.config.GatewayConfig;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * The admin server's connections: at most {@code admin.maxConnections} held at once (the next ones are closed as
 * soon as they are accepted), and each must deliver a complete request line and header block within
 * {@code admin.headerTimeout} of its opening or of its previous response (slowloris: a client that sends a header
 * line every few seconds keeps an idle timeout from firing forever). {@code admin.idleTimeout} (no bytes either
 * way) is the server's own ({@code HttpServerOptions}).
 *
 * <p>Meters: {@code xgate_admin_connections} (held now) and {@code xgate_admin_connections_closed_total{reason}},
 * {@code reason} one of {@code header_timeout}, {@code limit} (over {@code maxConnections}), {@code other} (the
 * client, the idle timeout, an invalid request). Used on the admin verticle's event loop only.
 */
final class AdminConnections implements Handler<HttpConnection> {

    private final Vertx vertx;
    private final int maxConnections;
    private final long headerTimeoutMillis;
    /** Per open connection, its header-timeout timer, or -1 while a request is being answered. */
    private final Map<HttpConnection, long[]> open = new IdentityHashMap<>();
    private final Counter closedHeaderTimeout;
    private final Counter closedLimit;
    private final Counter closedOther;

    AdminConnections(Vertx vertx, GatewayConfig.Admin admin, MeterRegistry registry) {
        this.vertx = vertx;
        this.maxConnections = admin.maxConnections();
        this.headerTimeoutMillis = admin.headerTimeout().toMillis();
        Gauge.builder("xgate.admin.connections", open, Map::size)
                .description("Connections the admin API holds").register(registry);
        closedHeaderTimeout = closed(registry, "header_timeout");
        closedLimit = closed(registry, "limit");
        closedOther = closed(registry, "other");
    }

    private static Counter closed(MeterRegistry registry, String reason) {
        return Counter.builder("xgate.admin.connections.closed").tag("reason", reason)
                .description("Admin API connections closed, by reason").register(registry);
    }

    /** Connections held now. */
    int held() {
        return open.size();
    }

    @Override
    public void handle(HttpConnection conn) {
        if (open.size() >= maxConnections) {
            closedLimit.increment();
            conn.close();
            return;
        }
        long[] timer = {-1};
        open.put(conn, timer);
        arm(conn, timer);
        conn.closeHandler(v -> {
            long[] t = open.remove(conn);
            if (t != null) {
                cancel(t);
                closedOther.increment();
            }
        });
        JsonErrorBodies.install(conn);
    }

    /** A request's line and headers have arrived on its connection: its header timer stops until it is answered. */
    void requestArrived(HttpServerRequest req) {
        HttpConnection conn = req.connection();
        long[] timer = open.get(conn);
        if (timer == null) {
            return;
        }
        cancel(timer);
    }

    /**
     * The router's first handler: once the response has ended, the connection's next request must come within the
     * header timeout too. Through the routing context's end handlers, of which there may be many (a response has
     * one {@code endHandler}, which Vert.x Web takes for itself as soon as any handler adds one).
     */
    void rearmWhenAnswered(RoutingContext ctx) {
        HttpConnection conn = ctx.request().connection();
        ctx.addEndHandler(ar -> {
            long[] t = open.get(conn);
            if (t != null && t[0] == -1) {
                arm(conn, t);
            }
        });
        ctx.next();
    }

    private void arm(HttpConnection conn, long[] timer) {
        timer[0] = vertx.setTimer(headerTimeoutMillis, id -> {
            if (open.remove(conn) != null) {
                closedHeaderTimeout.increment();
                conn.close();
            }
        });
    }

    private void cancel(long[] timer) {
        if (timer[0] != -1) {
            vertx.cancelTimer(timer[0]);
            timer[0] = -1;
        }
    }
}
