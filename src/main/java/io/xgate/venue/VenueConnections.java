package io.xgate.venue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.xgate.config.VenueConfig;
import io.xgate.event.VenueStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A venue's market-data connections: the active one, a standby while rotating (make-before-break, before
 * {@code websocket.maxConnectionAge} or on the venue's notice), reconnects with {@link ReconnectBackoff}, a
 * handshake deadline ({@code websocket.connectTimeout}), the keep-alive of the dialect's {@link SessionRules}, and
 * who closed a connection and why. One per {@link ConnectionGroup} of the venue (most venues have one).
 *
 * <p>Owned by the venue verticle's context; not thread-safe.
 */
final class VenueConnections implements ConnectionSet {

    private static final Logger LOG = LoggerFactory.getLogger(VenueConnections.class);

    private final VenueVerticle owner;
    private final Vertx vertx;
    private final ConnectionGroup group;
    /** The group's narrowed configuration: its instruments and its {@code websocket} section. */
    private final VenueConfig venue;
    /** {@code venue} or {@code venue/group}, for logs. */
    private final String label;
    private final VenueConfig.WebSocket w;
    private final Supplier<MarketDataProtocol> protocols;
    private final SessionRules session;
    private final ReconnectBackoff backoff;
    private final WebSocketClient client;
    /** The connection that publishes; {@code null} while disconnected. */
    private VenueConnection active;
    private long activeSinceNanos;
    /** A connection being synced to replace the active one, or {@code null}. */
    private VenueConnection standby;
    /** The standby's deadline to sync ({@code -1}: none): cancelled once it took over or closed. */
    private long standbyDeadline = -1;
    private long rotationTimer = -1;
    private long rotations;
    private String rotationReason = "";
    /** The reason of the rotation whose handshake is under way. */
    private String rotationReasonPending = "";
    private long connectAttempts;
    private boolean stopping;

    VenueConnections(VenueVerticle owner, Vertx vertx, ConnectionGroup group, Supplier<MarketDataProtocol> protocols,
                     SessionRules session) {
        this.owner = owner;
        this.vertx = vertx;
        this.group = group;
        this.venue = group.venue();
        this.label = group.label();
        this.w = venue.websocket();
        this.protocols = protocols;
        this.session = session;
        SplittableRandom random = new SplittableRandom();
        this.backoff = new ReconnectBackoff(w.reconnectInitialDelay(), w.reconnectMaxDelay(), w.reconnectJitter(),
                random::nextDouble);
        this.client = vertx.createWebSocketClient(new WebSocketClientOptions()
                .setMaxFrameSize(hardFrameLimit(w.maxMessageBytes())).setMaxMessageSize(hardFrameLimit(w.maxMessageBytes()))
                .setConnectTimeout((int) w.connectTimeout().toMillis()).setTcpNoDelay(true));
    }

    /**
     * The largest single frame the WebSocket decoder takes before it closes the connection: four times
     * {@code websocket.maxMessageBytes} (at least 64 MiB, at most 1 GiB), so that a message somewhat above the
     * limit is read and skipped (counted as a bad frame) instead of costing every book of the connection, while
     * what one frame can make us hold stays bounded.
     */
    static int hardFrameLimit(int maxMessageBytes) {
        return (int) Math.min(1L << 30, Math.max(64L << 20, 4L * maxMessageBytes));
    }

    @Override
    public VenueConnection active() {
        return active;
    }

    /** The group this set of connections serves. */
    ConnectionGroup group() {
        return group;
    }

    /** How many instruments the group carries. */
    @Override
    public int symbolCount() {
        return venue.instruments().size();
    }

    /** Connection attempts so far (the first included). */
    long connectAttempts() {
        return connectAttempts;
    }

    void start() {
        connect();
        long pingEvery = pingIntervalMillis();
        if (session.keepAlive() == SessionRules.KeepAlive.WEBSOCKET_PING) {
            vertx.setPeriodic(pingEvery, id -> keepAlive());
        }
    }

    private long pingIntervalMillis() {
        long configured = w.pingInterval().toMillis();
        return session.maxPingInterval() == null ? configured
                : Math.min(configured, session.maxPingInterval().toMillis());
    }

    Future<?> stop() {
        stopping = true;
        List<Future<?>> closed = new ArrayList<>();
        for (VenueConnection c : new VenueConnection[] {active, standby}) {
            if (c != null) {
                c.closingBecause("stopping");
                closed.add(c.retire());
            }
        }
        return Future.join(closed);
    }

    /** Resets the reconnect back-off once the active connection has proven stable. Called periodically. */
    void checkStable(boolean allLive) {
        if (active == null || backoff.attempts() == 0 || !allLive
                || System.nanoTime() - activeSinceNanos < w.stableAfter().toNanos()) {
            return;
        }
        LOG.info("venue {}: connection stable for {} with every symbol LIVE: reconnect back-off reset (after {} "
                + "attempt(s))", label, w.stableAfter(), backoff.attempts());
        backoff.reset();
    }

    private void keepAlive() {
        long now = System.nanoTime();
        for (VenueConnection c : new VenueConnection[] {active, standby}) {
            if (c != null && !c.retired() && !c.ping(now, w.pongTimeout().toNanos())) {
                c.reconnect("no pong within websocket.pongTimeout (" + w.pongTimeout().toMillis() + " ms)");
            }
        }
    }

    private void connect() {
        connectAttempts++;
        owner.connection(this, VenueStatus.Connection.CONNECTING, backoff.attempts() == 0 ? "connecting"
                : "reconnect attempt " + backoff.attempts());
        MarketDataProtocol protocol = protocols.get();
        handshake(protocol, "connect").onComplete(ar -> {
            if (stopping) {
                if (ar.succeeded()) {
                    ar.result().close();
                }
                return;
            }
            if (ar.failed()) {
                LOG.warn("venue {}: cannot connect to {}: {}", label, w.url(), ar.cause().getMessage());
                scheduleReconnect("connect failed: " + ar.cause().getMessage());
                return;
            }
            VenueConnection c = open(ar.result(), protocol, true);
            active = c;
            activeSinceNanos = System.nanoTime();
            owner.metrics().connect();
            owner.connection(this, VenueStatus.Connection.CONNECTED, "connected to " + w.url());
            LOG.info("venue {}: connected to {}", label, w.url());
            scheduleRotation();
            protocol.onOpen(c);
            watchSubscription(c);
        });
    }

    /** The dialect's deadline to subscribe after connecting, if it has one (and the subscription is not in the URL). */
    private void watchSubscription(VenueConnection c) {
        if (session.subscribeWithin() == null) {
            return;
        }
        long within = session.subscribeWithin().toMillis();
        vertx.setTimer(within, id -> {
            if (!c.retired() && c.sentMessages() == 0) {
                c.reconnect("nothing subscribed within " + within + " ms of connecting (the venue closes such "
                        + "connections)");
            }
        });
    }

    /**
     * Connects and upgrades within {@code websocket.connectTimeout}: a venue that accepts TCP and never answers the
     * upgrade fails the attempt (and a late answer is closed), instead of leaving us CONNECTING for ever.
     */
    private Future<WebSocket> handshake(MarketDataProtocol protocol, String what) {
        io.vertx.core.Promise<WebSocket> result = io.vertx.core.Promise.promise();
        long timeout = w.connectTimeout().toMillis();
        long timer = vertx.setTimer(timeout, id -> result.tryFail("no WebSocket handshake within "
                + "websocket.connectTimeout (" + timeout + " ms)"));
        // Vert.x's own handshake deadline closes the connection; the timer above only fails the attempt, and without
        // it a venue that never answers (nor closes) would hold the socket for the process's life
        client.connect(new io.vertx.core.http.WebSocketConnectOptions(protocol.connectOptions()).setTimeout(timeout))
                .onComplete(ar -> {
                    vertx.cancelTimer(timer);
                    if (ar.succeeded() && !result.tryComplete(ar.result())) {
                        LOG.info("venue {}: the {} handshake answered after the timeout: closing it", label, what);
                        ar.result().close();
                    } else if (ar.failed()) {
                        result.tryFail(ar.cause());
                    }
                });
        return result.future();
    }

    private VenueConnection open(WebSocket ws, MarketDataProtocol protocol, boolean isActive) {
        VenueConnection c = new VenueConnection(owner, this, owner.nextConnectionId(), FeedSocket.of(ws), protocol,
                isActive, w.maxMessageBytes());
        owner.recorder().connection(owner.venueId(), c.id(), isActive ? FeedRecorder.ConnectionEvent.OPENED_ACTIVE
                : FeedRecorder.ConnectionEvent.OPENED_STANDBY, group.name(), isActive ? "connected to " + w.url()
                : "rotation: " + rotationReasonPending, owner.nowNanos());
        ws.frameHandler(c::onFrame);
        ws.pongHandler(b -> c.pong(System.nanoTime()));
        ws.closeHandler(v -> onClosed(c, c.closedByUs() != null ? "xgate closed the connection: " + c.closedByUs()
                : "closed by the venue (" + ws.closeStatusCode() + (ws.closeReason() == null ? ""
                : " " + ws.closeReason()) + ")"));
        ws.exceptionHandler(e -> {
            String m = String.valueOf(e.getMessage());
            if (m.contains("frame length") || m.contains("exceeded")) {
                owner.badFrame(null, "a single frame above the hard limit of " + hardFrameLimit(w.maxMessageBytes())
                        + " bytes (4 x websocket.maxMessageBytes): " + m);
                c.closingBecause("a frame above " + hardFrameLimit(w.maxMessageBytes()) + " bytes (" + m + ")");
            }
            LOG.warn("venue {}: websocket error: {}", label, m);
        });
        return c;
    }

    private void onClosed(VenueConnection c, String reason) {
        if (c.retired()) {
            return;
        }
        c.closed(reason);
        if (c == standby) {
            standby = null;
            cancelStandbyDeadline();
            c.protocol().onClose();
            LOG.warn("venue {}: the new connection of a rotation closed ({}); keeping the current one", label,
                    reason);
            return;
        }
        if (c != active) {
            return;
        }
        active = null;
        owner.metrics().disconnect();
        c.protocol().onClose();
        if (standby != null) {
            standby.retire();
            standby = null;
            cancelStandbyDeadline();
        }
        owner.down(this, "disconnected");
        if (!stopping) {
            LOG.warn("venue {}: {}", label, reason);
            scheduleReconnect(reason);
        }
    }

    /** The connection is broken: drop it and reconnect (a standby is just dropped). */
    @Override
    public void reconnect(VenueConnection c, String reason) {
        LOG.info("venue {}: reconnecting: {}", label, reason);
        onClosed(c, "xgate closed the connection: " + reason);
        c.retire();
    }

    private void scheduleReconnect(String reason) {
        long delay = backoff.next();
        owner.connection(this, VenueStatus.Connection.DISCONNECTED, reason + "; reconnecting in " + delay + " ms (attempt "
                + backoff.attempts() + " since the last stable connection)");
        vertx.setTimer(delay, id -> {
            if (!stopping) {
                connect();
            }
        });
    }

    /** Rotates before the venue's forced disconnect, in time for the new connection to sync. */
    private void scheduleRotation() {
        if (rotationTimer >= 0) {
            vertx.cancelTimer(rotationTimer);
        }
        long age = w.maxConnectionAge().toMillis();
        rotationTimer = vertx.setTimer(Math.max(1, age), id -> {
            rotationTimer = -1;
            rotate("connection age reached websocket.maxConnectionAge (" + age + " ms)");
        });
    }

    /** Opens a standby connection that syncs on its own; it replaces the active one once all its symbols are LIVE. */
    @Override
    public void rotate(String reason) {
        if (stopping || active == null || standby != null) {
            return;
        }
        rotationReasonPending = reason;
        LOG.info("venue {}: rotating the connection: {}", label, reason);
        MarketDataProtocol protocol = protocols.get();
        handshake(protocol, "rotation").onComplete(ar -> {
            if (ar.failed() || stopping || active == null || standby != null) {
                if (ar.succeeded()) {
                    ar.result().close();
                } else {
                    LOG.warn("venue {}: rotation could not connect: {}; keeping the current connection", label,
                            ar.cause().getMessage());
                    scheduleRotation();
                }
                return;
            }
            VenueConnection c = open(ar.result(), protocol, false);
            standby = c;
            rotationReason = reason;
            long deadline = Math.max(1_000, w.staleAfter().toMillis() * 6);
            standbyDeadline = vertx.setTimer(deadline, id -> {
                standbyDeadline = -1;
                if (standby == c) {
                    LOG.warn("venue {}: the new connection did not sync within {} ms; keeping the current one",
                            label, deadline);
                    standby = null;
                    c.closingBecause("the rotation's new connection did not sync in time");
                    c.retire();
                    scheduleRotation();
                }
            });
            protocol.onOpen(c);
            watchSubscription(c);
        });
    }

    private void cancelStandbyDeadline() {
        if (standbyDeadline >= 0) {
            vertx.cancelTimer(standbyDeadline);
            standbyDeadline = -1;
        }
    }

    /** The standby is LIVE on every symbol: it takes over, and what it held back goes out in one burst. */
    @Override
    public void promote(VenueConnection c) {
        if (c != standby) {
            return;
        }
        owner.recorder().connection(owner.venueId(), c.id(), FeedRecorder.ConnectionEvent.PROMOTED, group.name(),
                rotationReason, owner.nowNanos());
        VenueConnection old = active;
        standby = null;
        cancelStandbyDeadline();
        active = c;
        activeSinceNanos = System.nanoTime();
        owner.promoted(this, c.promote());
        if (old != null) {
            old.closingBecause("rotated to a new connection");
            old.retire();
        }
        rotations++;
        owner.metrics().rotation();
        owner.connection(this, VenueStatus.Connection.CONNECTED, "rotated to a new connection (" + rotations
                + " so far): " + rotationReason);
        LOG.info("venue {}: rotated to a new connection: {}", label, rotationReason);
        scheduleRotation();
    }
}
