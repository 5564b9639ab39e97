package io.xgate.venue;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.xgate.config.Instrument;
import io.xgate.config.VenueConfig;
import io.xgate.event.Addresses;
import io.xgate.event.BookUpdate;
import io.xgate.event.EpochClock;
import io.xgate.event.Event;
import io.xgate.event.SyncState;
import io.xgate.event.Trade;
import io.xgate.event.VenueStatus;
import io.xgate.metrics.Metrics;
import io.xgate.rest.VenueHttp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runtime of one venue: its market-data WebSocket (reconnect with capped exponential backoff and jitter;
 * rotation before {@code maxConnectionAge}, make-before-break), its rate-limited REST client, the per-symbol
 * sync states published on {@code xgate.venue.status.<venue>} (with a staleness watchdog), and resync requests
 * from consumers on {@code xgate.ctl.resync.<venue>}. What the messages mean is the {@link MarketDataProtocol}'s
 * business; this class never mentions a venue.
 */
public final class VenueVerticle extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(VenueVerticle.class);

    private final VenueConfig venue;
    private final Supplier<MarketDataProtocol> protocols;
    /** The connection that publishes; {@code null} while disconnected. */
    private VenueConnection active;
    /** A connection being synced to replace the active one, or {@code null}. */
    private VenueConnection standby;
    private final Map<String, String> usageHeaders;
    private long rotationTimer = -1;
    private long rotations;
    private final Map<String, String> bookAddress = new HashMap<>();
    private final Map<String, String> tradeAddress = new HashMap<>();
    private final Map<String, VenueStatus.SymbolStatus> symbols = new LinkedHashMap<>();
    private final SplittableRandom jitter = new SplittableRandom();
    private WebSocketClient wsClient;
    private VenueHttp http;
    private VenueStatus.Connection connection = VenueStatus.Connection.CONNECTING;
    private String connectionReason = "starting";
    private int attempts;
    private boolean stopping;
    private long badFrames;
    private long badFramesSuppressed;
    private long lastBadFrameLog;
    private final Map<String, long[]> recentResyncs = new HashMap<>();
    private final Metrics.Venue metrics;
    private final ServerTimeEndpoint timeEndpoint;
    private final io.xgate.rest.ServerClock clock = new io.xgate.rest.ServerClock();
    /**
     * The venue status is also republished this often, unchanged, so that a node elsewhere in the cluster can tell
     * a quiet venue from one whose node is gone.
     */
    public static final long STATUS_HEARTBEAT_MILLIS = 2_000;
    /** What the protocol says of each symbol; the published state may overlay STALE on LIVE. */
    private final Map<String, SyncState> desired = new HashMap<>();
    /** Per symbol, {@code System.nanoTime()} of its last book update: a mutable cell, so updates do not box. */
    private final Map<String, long[]> lastActivity = new HashMap<>();
    private final java.util.Set<String> stale = new java.util.HashSet<>();

    /**
     * @param dialect the venue's dialect; it makes one market-data protocol per connection, so that a rotation's
     *                new connection syncs with its own state while the old one keeps serving
     */
    public VenueVerticle(VenueConfig venue, Dialect dialect) {
        this(venue, dialect, null, Metrics.inMemory());
    }

    /**
     * @param dialect as above
     * @param http    the venue's REST client, shared with its order desk; {@code null} to make one at start
     * @param metrics where this venue's meters live
     */
    public VenueVerticle(VenueConfig venue, Dialect dialect, VenueHttp http, Metrics metrics) {
        this.http = http;
        this.venue = venue;
        this.metrics = metrics.venue(venue.id());
        InstrumentMetadata metadata = new InstrumentMetadata(venue.id(), java.time.Duration.ofHours(1));
        this.protocols = () -> dialect.marketData(venue, metadata);
        this.usageHeaders = dialect.usageHeaders();
        this.timeEndpoint = dialect.serverTime();
        this.metrics.clock(clock);
        for (Instrument i : venue.instruments().values()) {
            bookAddress.put(i.symbol(), Addresses.book(venue.id(), i.symbol()));
            tradeAddress.put(i.symbol(), Addresses.trade(venue.id(), i.symbol()));
            symbols.put(i.symbol(), new VenueStatus.SymbolStatus(i.symbol(), SyncState.DOWN, 0, "not connected"));
            desired.put(i.symbol(), SyncState.DOWN);
            lastActivity.put(i.symbol(), new long[] {System.nanoTime()});
        }
    }

    @Override
    public Future<?> start() {
        VenueConfig.WebSocket w = venue.websocket();
        wsClient = vertx.createWebSocketClient(new WebSocketClientOptions()
                .setMaxMessageSize(w.maxMessageBytes()).setMaxFrameSize(Math.min(w.maxMessageBytes(), 1 << 20))
                .setConnectTimeout((int) venue.rest().connectTimeout().toMillis()).setTcpNoDelay(true));
        if (http == null) {
            http = new VenueHttp(vertx, venue, usageHeaders);
        }
        http.onStanding(this::onStanding);
        io.xgate.rest.RateLimiter limiter = http.limiter();
        for (VenueConfig.RateLimit l : venue.rateLimits()) {
            // the gauge is read on the scrape's thread: it reads what the owner last published, never the bucket
            this.metrics.limiterHeadroom(l.name(), () -> limiter.lastAvailable(l.name()));
        }
        vertx.eventBus().<String>localConsumer(Addresses.resync(venue.id()), m -> {
            Instrument i = venue.instruments().get(m.body());
            VenueConnection c = active;
            if (i != null && c != null) {
                c.protocol().resync(i, m.headers().get("reason") == null ? "requested" : m.headers().get("reason"),
                        c);
            }
        });
        for (Instrument i : venue.instruments().values()) {
            vertx.eventBus().<io.xgate.event.BookTop>localConsumer(Addresses.top(venue.id(), i.symbol()), m -> {
                VenueConnection c = active;
                if (c != null) {
                    c.protocol().onTop(m.body(), c);
                }
            });
        }
        long tick = Math.max(50, venue.websocket().staleAfter().toMillis() / 4);
        vertx.setPeriodic(tick, id -> watchdog());
        vertx.setPeriodic(1_000, id -> limiter.publishAvailable());
        vertx.setPeriodic(STATUS_HEARTBEAT_MILLIS, id -> publishStatus());
        if (timeEndpoint != null) {
            ClockSync sync = new ClockSync(venue.id(), timeEndpoint, clock, this::get, offset -> vertx.eventBus()
                    .publish(Addresses.clock(venue.id()), offset, LOCAL_ONLY));
            sync.run();
            vertx.setPeriodic(ClockSync.INTERVAL_MILLIS, id -> sync.run());
        }
        connect();
        return Future.succeededFuture();
    }

    @Override
    public Future<?> stop() {
        stopping = true;
        List<Future<?>> closed = new ArrayList<>();
        for (VenueConnection c : new VenueConnection[] {active, standby}) {
            if (c != null) {
                closed.add(c.retire());
            }
        }
        return Future.join(closed);
    }

    private void connect() {
        connection(VenueStatus.Connection.CONNECTING, attempts == 0 ? "connecting" : "reconnect attempt " + attempts);
        MarketDataProtocol protocol = protocols.get();
        wsClient.connect(protocol.connectOptions()).onComplete(ar -> {
            if (stopping) {
                if (ar.succeeded()) {
                    ar.result().close();
                }
                return;
            }
            if (ar.failed()) {
                LOG.warn("venue {}: cannot connect to {}: {}", venue.id(), venue.websocket().url(),
                        ar.cause().getMessage());
                scheduleReconnect("connect failed: " + ar.cause().getMessage());
                return;
            }
            VenueConnection c = open(ar.result(), protocol, true);
            active = c;
            attempts = 0;
            connection(VenueStatus.Connection.CONNECTED, "connected to " + venue.websocket().url());
            LOG.info("venue {}: connected to {}", venue.id(), venue.websocket().url());
            scheduleRotation();
            protocol.onOpen(c);
        });
    }

    private VenueConnection open(WebSocket ws, MarketDataProtocol protocol, boolean isActive) {
        VenueConnection c = new VenueConnection(this, ws, protocol, isActive, venue.websocket().maxMessageBytes());
        ws.frameHandler(c::onFrame);
        ws.closeHandler(v -> onClosed(c, "closed by the venue (" + ws.closeStatusCode() + ")"));
        ws.exceptionHandler(e -> LOG.warn("venue {}: websocket error: {}", venue.id(), e.getMessage()));
        return c;
    }

    private void onClosed(VenueConnection c, String reason) {
        if (c.retired()) {
            return;
        }
        if (c == standby) {
            standby = null;
            c.protocol().onClose();
            LOG.warn("venue {}: the new connection of a rotation closed ({}); keeping the current one", venue.id(),
                    reason);
            return;
        }
        if (c != active) {
            return;
        }
        active = null;
        c.protocol().onClose();
        if (standby != null) {
            standby.retire();
            standby = null;
        }
        for (Instrument i : venue.instruments().values()) {
            state(i, SyncState.DOWN, "disconnected");
        }
        if (!stopping) {
            LOG.warn("venue {}: {}", venue.id(), reason);
            scheduleReconnect(reason);
        }
    }

    /** Rotates before the venue's forced disconnect, in time for the new connection to sync. */
    private void scheduleRotation() {
        if (rotationTimer >= 0) {
            vertx.cancelTimer(rotationTimer);
        }
        long age = venue.websocket().maxConnectionAge().toMillis();
        rotationTimer = vertx.setTimer(Math.max(1, age), id -> {
            rotationTimer = -1;
            rotate("connection age reached websocket.maxConnectionAge (" + age + " ms)");
        });
    }

    /** Opens a standby connection that syncs on its own; it replaces the active one once all its symbols are LIVE. */
    void rotate(String reason) {
        if (stopping || active == null || standby != null) {
            return;
        }
        LOG.info("venue {}: rotating the connection: {}", venue.id(), reason);
        MarketDataProtocol protocol = protocols.get();
        wsClient.connect(protocol.connectOptions()).onComplete(ar -> {
            if (ar.failed() || stopping || active == null || standby != null) {
                if (ar.succeeded()) {
                    ar.result().close();
                } else {
                    LOG.warn("venue {}: rotation could not connect: {}; keeping the current connection", venue.id(),
                            ar.cause().getMessage());
                    scheduleRotation();
                }
                return;
            }
            VenueConnection c = open(ar.result(), protocol, false);
            standby = c;
            rotationReason = reason;
            long deadline = Math.max(1_000, venue.websocket().staleAfter().toMillis() * 6);
            vertx.setTimer(deadline, id -> {
                if (standby == c) {
                    LOG.warn("venue {}: the new connection did not sync within {} ms; keeping the current one",
                            venue.id(), deadline);
                    standby = null;
                    c.retire();
                    scheduleRotation();
                }
            });
            protocol.onOpen(c);
        });
    }

    private String rotationReason = "";

    /** The standby is LIVE on every symbol: it takes over, and what it held back goes out in one burst. */
    void promote(VenueConnection c) {
        if (c != standby) {
            return;
        }
        VenueConnection old = active;
        standby = null;
        active = c;
        for (BookUpdate u : c.promote()) {
            publishBook(u);
        }
        if (old != null) {
            old.retire();
        }
        rotations++;
        for (Instrument i : venue.instruments().values()) {
            state(i, SyncState.LIVE, "rotated to a new connection");
        }
        connection(VenueStatus.Connection.CONNECTED, "rotated to a new connection (" + rotations + " so far): "
                + rotationReason);
        LOG.info("venue {}: rotated to a new connection: {}", venue.id(), rotationReason);
        scheduleRotation();
    }

    int symbolCount() {
        return venue.instruments().size();
    }

    String venueId() {
        return venue.id();
    }

    private void scheduleReconnect(String reason) {
        VenueConfig.WebSocket w = venue.websocket();
        long base = w.reconnectInitialDelay().toMillis() << Math.min(attempts, 20);
        long capped = Math.min(base, w.reconnectMaxDelay().toMillis());
        double j = w.reconnectJitter();
        long delay = Math.max(1, Math.round(capped * (1 - j + 2 * j * jitter.nextDouble())));
        attempts++;
        connection(VenueStatus.Connection.DISCONNECTED, reason + "; reconnecting in " + delay + " ms");
        vertx.setTimer(delay, id -> {
            if (!stopping) {
                connect();
            }
        });
    }

    // ------------------------------------------------------------------ services for the active connection

    /** Book updates are the hot path: they stay on this node even in a cluster (book verticles run beside us). */
    private static final io.vertx.core.eventbus.DeliveryOptions LOCAL_ONLY =
            new io.vertx.core.eventbus.DeliveryOptions().setLocalOnly(true);

    void publishBook(BookUpdate update) {
        vertx.eventBus().publish(bookAddress.get(update.symbol()), update, LOCAL_ONLY);
        lastActivity.get(update.symbol())[0] = System.nanoTime();
        if (!stale.isEmpty() && stale.remove(update.symbol())) {
            publishState(update.symbol(), "updates resumed");
        }
    }

    /** Marks LIVE symbols whose feed has been silent longer than websocket.staleAfter as STALE. */
    private void watchdog() {
        long now = System.nanoTime();
        long limit = venue.websocket().staleAfter().toNanos();
        for (Map.Entry<String, SyncState> e : desired.entrySet()) {
            String symbol = e.getKey();
            long last = lastActivity.get(symbol)[0];
            if (e.getValue() == SyncState.LIVE && now - last > limit && stale.add(symbol)) {
                publishState(symbol, "no update for more than " + venue.websocket().staleAfter().toMillis() + " ms");
            }
        }
    }

    void publishTrade(Trade trade) {
        vertx.eventBus().publish(tradeAddress.get(trade.symbol()), trade);
    }

    void state(Instrument instrument, SyncState state, String reason) {
        String symbol = instrument.symbol();
        desired.put(symbol, state);
        if (state == SyncState.LIVE) {
            lastActivity.get(symbol)[0] = System.nanoTime();
        }
        stale.remove(symbol);
        publishState(symbol, reason);
    }

    /** Publishes a symbol's state: the protocol's, or STALE over a silent LIVE feed. */
    private void publishState(String symbol, String reason) {
        SyncState state = stale.contains(symbol) ? SyncState.STALE : desired.get(symbol);
        VenueStatus.SymbolStatus old = symbols.get(symbol);
        if (old.state() == state && old.reason().equals(reason)) {
            return;
        }
        long resyncs = old.resyncs() + (state == SyncState.RESYNCING && old.state() != SyncState.RESYNCING ? 1 : 0);
        symbols.put(symbol, new VenueStatus.SymbolStatus(symbol, state, resyncs, reason));
        if (state == SyncState.RESYNCING) {
            if (old.state() != SyncState.RESYNCING) {
                metrics.resync(reason);
            }
            LOG.warn("venue {} {}: resyncing: {}", venue.id(), symbol, reason);
        } else if (state == SyncState.STALE) {
            LOG.warn("venue {} {}: STALE: {}", venue.id(), symbol, reason);
        } else if (state == SyncState.LIVE) {
            LOG.info("venue {} {}: LIVE ({})", venue.id(), symbol, reason);
        }
        publishStatus();
    }

    Future<Buffer> get(String pathAndQuery, String limitClass, long cost) {
        return http.get(pathAndQuery, limitClass, cost);
    }

    /** The venue's standing changed (on whichever thread learned it): the venue status says BANNED meanwhile. */
    private void onStanding(VenueHttp.Standing s) {
        context.runOnContext(v -> {
            if (s.state() == VenueHttp.State.BANNED) {
                connection(VenueStatus.Connection.BANNED, s.reason());
            } else if (connection == VenueStatus.Connection.BANNED) {
                connection(active == null ? VenueStatus.Connection.DISCONNECTED : VenueStatus.Connection.CONNECTED,
                        "ban over");
            }
        });
    }

    /** The connection is broken: drop it and reconnect (a standby is just dropped). */
    void reconnect(VenueConnection c, String reason) {
        LOG.info("venue {}: reconnecting: {}", venue.id(), reason);
        onClosed(c, reason);
        c.retire();
    }

    void badFrame(String venueSymbol, String reason) {
        badFrames++;
        metrics.badFrame();
        long now = System.nanoTime();
        // the first few in full; then at most one line every 10 s, saying how many were not logged
        if (badFrames <= 10 || now - lastBadFrameLog > 10_000_000_000L) {
            LOG.warn("venue {}{}: bad frame skipped ({} so far{}): {}", venue.id(),
                    venueSymbol == null ? "" : " " + venueSymbol, badFrames,
                    badFramesSuppressed == 0 ? "" : ", " + badFramesSuppressed + " not logged", reason);
            lastBadFrameLog = now;
            badFramesSuppressed = 0;
        } else {
            badFramesSuppressed++;
        }
    }

    /** The venue's clock, for signed timestamps. */
    public io.xgate.rest.ServerClock clock() {
        return clock;
    }

    /** This venue's meters. */
    Metrics.Venue metrics() {
        return metrics;
    }

    long resyncDelayMillis(Instrument instrument) {
        long now = System.nanoTime();
        long[] r = recentResyncs.computeIfAbsent(instrument.symbol(), k -> new long[2]); // {count, window start}
        if (now - r[1] > 60_000_000_000L) {
            r[0] = 0;
            r[1] = now;
        }
        r[0]++;
        if (r[0] <= 3) {
            return 0;
        }
        long delay = venue.websocket().reconnectInitialDelay().toMillis() << Math.min(r[0] - 3, 20);
        delay = Math.min(delay, venue.websocket().reconnectMaxDelay().toMillis());
        if (r[0] == 4 || (r[0] & (r[0] - 1)) == 0) {
            LOG.warn("venue {} {}: {} resyncs within a minute; backing off {} ms before the next", venue.id(),
                    instrument.symbol(), r[0], delay);
        }
        return delay;
    }

    void later(long millis, Runnable action) {
        vertx.setTimer(Math.max(1, millis), id -> action.run());
    }

    long nowNanos() {
        return EpochClock.nanos();
    }

    private void connection(VenueStatus.Connection c, String reason) {
        connection = c;
        connectionReason = reason;
        publishStatus();
    }

    private void publishStatus() {
        List<VenueStatus.SymbolStatus> list = new ArrayList<>(symbols.values());
        long now = nowNanos();
        vertx.eventBus().publish(Addresses.status(venue.id()), new VenueStatus(venue.id(), "", Event.NO_SEQ,
                Event.NO_TIME, now, now, connection, connectionReason, list));
    }
}
