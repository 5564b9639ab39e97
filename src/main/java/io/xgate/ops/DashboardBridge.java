package io.xgate.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Handler;
import io.vertx.ext.web.handler.sockjs.BridgeEvent;
import io.vertx.ext.web.handler.sockjs.SockJSSocket;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dashboard bridge's policy, on top of its permissions (outbound {@code xgate.dash.*} only, no inbound):
 *
 * <ul>
 * <li>{@code SEND} and {@code PUBLISH} from a browser are refused, whatever the address (the browser gets
 *     {@code {"type":"err","body":"rejected"}}): the dashboard is read-only.</li>
 * <li>{@code REGISTER} is refused for any address but the dashboard's public ones, exactly as configured (not just
 *     matching the prefix).</li>
 * <li>{@code RECEIVE}: a socket's write queue is bounded ({@link #WRITE_QUEUE_CHARS}); while it is full, messages to
 *     that browser are dropped, and a browser whose queue stays full for {@link #SLOW_CLIENT_MILLIS} is
 *     disconnected. Nothing is buffered without limit.</li>
 * <li>At most {@link #MAX_CLIENTS} browsers at once.</li>
 * </ul>
 *
 * <p>Meters: {@code xgate_dashboard_clients}, {@code xgate_dashboard_dropped_total} (messages not written to a full
 * socket), {@code xgate_dashboard_slow_clients_total} (browsers disconnected for it), {@code
 * xgate_dashboard_refused_total} (inbound messages and registrations refused). Runs on the admin verticle's
 * context; not thread-safe.
 */
final class DashboardBridge implements Handler<BridgeEvent> {

    private static final Logger LOG = LoggerFactory.getLogger(DashboardBridge.class);

    /** A socket's write queue, in characters of JSON (SockJS sessions) or bytes (WebSocket). */
    static final int WRITE_QUEUE_CHARS = 256 * 1024;
    /** A browser whose write queue stays full this long is disconnected. */
    static final long SLOW_CLIENT_MILLIS = 5_000;
    /** Browsers connected at once. */
    static final int MAX_CLIENTS = 64;
    /** Subscriptions per socket (a page needs about ten). */
    static final int MAX_SUBSCRIPTIONS = 64;
    /** The longest address a socket may name. */
    static final int MAX_ADDRESS_LENGTH = 128;
    /** A socket that has not pinged for this long is closed (the page pings every 5 s). */
    static final long PING_TIMEOUT_MILLIS = 15_000;

    private final Set<String> publicAddresses;
    private final long slowClientNanos;
    private final java.util.function.LongSupplier nanoClock;
    /** Per socket, since when ({@code System.nanoTime()}) its write queue has been full, or 0. */
    private final Map<SockJSSocket, long[]> sockets = new IdentityHashMap<>();
    private final Counter dropped;
    private final Counter slow;
    private final Counter refused;

    DashboardBridge(Set<String> publicAddresses, MeterRegistry registry) {
        this(publicAddresses, registry, SLOW_CLIENT_MILLIS, System::nanoTime);
    }

    /** With another slow-client time and clock (tests). */
    DashboardBridge(Set<String> publicAddresses, MeterRegistry registry, long slowClientMillis,
                    java.util.function.LongSupplier nanoClock) {
        this.publicAddresses = publicAddresses;
        this.slowClientNanos = slowClientMillis * 1_000_000;
        this.nanoClock = nanoClock;
        Gauge.builder("xgate.dashboard.clients", sockets, Map::size).description("Dashboard browsers connected")
                .register(registry);
        dropped = Counter.builder("xgate.dashboard.dropped")
                .description("Dashboard messages dropped because the browser's write queue was full").register(registry);
        slow = Counter.builder("xgate.dashboard.slow.clients")
                .description("Dashboard browsers disconnected because their write queue stayed full").register(registry);
        refused = Counter.builder("xgate.dashboard.refused")
                .description("Inbound messages and subscriptions the dashboard bridge refused").register(registry);
    }

    @Override
    public void handle(BridgeEvent event) {
        SockJSSocket socket = event.socket();
        switch (event.type()) {
            case SOCKET_CREATED -> {
                if (sockets.size() >= MAX_CLIENTS) {
                    LOG.warn("dashboard: refusing a browser from {}: {} are connected", socket.remoteAddress(),
                            MAX_CLIENTS);
                    event.complete(false);
                    return;
                }
                socket.setWriteQueueMaxSize(WRITE_QUEUE_CHARS);
                sockets.put(socket, new long[] {0});
                event.complete(true);
            }
            case SOCKET_CLOSED -> {
                sockets.remove(socket);
                event.complete(true);
            }
            case SEND, PUBLISH -> {
                refused.increment();
                event.complete(false); // read-only: nothing from a browser reaches the event bus
            }
            case REGISTER -> {
                String address = event.getRawMessage() == null ? null : event.getRawMessage().getString("address");
                boolean ok = address != null && publicAddresses.contains(address);
                if (!ok) {
                    refused.increment();
                }
                event.complete(ok);
            }
            case RECEIVE -> event.complete(writable(socket));
            default -> event.complete(true);
        }
    }

    /** Whether a message may be written to the socket now; closes a socket that has been full too long. */
    private boolean writable(SockJSSocket socket) {
        long[] fullSince = sockets.get(socket);
        if (fullSince == null) {
            return false; // closing
        }
        if (!socket.writeQueueFull()) {
            fullSince[0] = 0;
            return true;
        }
        dropped.increment();
        long now = nanoClock.getAsLong();
        if (fullSince[0] == 0) {
            fullSince[0] = now;
        } else if (now - fullSince[0] > slowClientNanos) {
            LOG.warn("dashboard: disconnecting the browser at {}: it has not read for {} ms", socket.remoteAddress(),
                    (now - fullSince[0]) / 1_000_000);
            slow.increment();
            sockets.remove(socket);
            socket.close();
        }
        return false;
    }
}
