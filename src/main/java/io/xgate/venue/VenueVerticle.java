package io.xgate.venue;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.xgate.config.Instrument;
import io.xgate.config.VenueConfig;
import io.xgate.event.Addresses;
import io.xgate.event.BookUpdate;
import io.xgate.event.EpochClock;
import io.xgate.event.Event;
import io.xgate.event.ResyncCause;
import io.xgate.event.SyncState;
import io.xgate.event.Trade;
import io.xgate.event.VenueStatus;
import io.xgate.event.VenueTouch;
import io.xgate.metrics.Metrics;
import io.xgate.rest.RateLimiter;
import io.xgate.rest.ServerClock;
import io.xgate.rest.VenueHttp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runtime of one venue: its market-data connections ({@link VenueConnections}, one set per
 * {@link ConnectionGroup} of the dialect), every symbol's sync state
 * ({@link SymbolSync}, published on {@code xgate.venue.status.<venue>}), resync requests from the book verticles on
 * {@code xgate.ctl.resync.<venue>}, the venue's clock, and its REST client ({@link VenueHttp}, shared with the
 * venue's order desk). What the messages mean is the dialect's business; this class never names a venue.
 *
 * <p>Data flows one way: frames → protocol → book updates, trades and the venue's touch (published here) → book
 * verticles. The only message that comes back up is a resync request.
 */
public final class VenueVerticle extends VerticleBase implements ConnectionHost {

    private static final Logger LOG = LoggerFactory.getLogger(VenueVerticle.class);

    /**
     * The venue status is also republished this often, unchanged, so that a node elsewhere in the cluster can tell
     * a quiet venue from one whose node is gone.
     */
    public static final long STATUS_HEARTBEAT_MILLIS = 2_000;
    /** Book updates and touches are the hot path: they stay on this node (book verticles run beside us). */
    private static final DeliveryOptions LOCAL_ONLY = new DeliveryOptions().setLocalOnly(true);

    private final VenueConfig venue;
    private final Dialect dialect;
    private final InstrumentMetadata metadata;
    private final List<ConnectionGroup> groups;
    private final Map<String, String> bookAddress = new HashMap<>();
    private final Map<String, String> tradeAddress = new HashMap<>();
    private final SymbolSync symbols;
    private final Metrics.Venue metrics;
    private final ServerTimeEndpoint timeEndpoint;
    private final ServerClock clock = new ServerClock();
    private io.xgate.cluster.Leadership leadership = io.xgate.cluster.Leadership.NONE;
    /** This node's role for the venue, looked up once rather than per trade. */
    private io.xgate.cluster.VenueRole role = io.xgate.cluster.VenueRole.ALONE;
    private VenueHttp http;
    /** One set of connections per connection group, in the dialect's order. */
    private final List<VenueConnections> connections = new ArrayList<>();
    /** Canonical symbol to the connections that carry it. */
    private final Map<String, VenueConnections> connectionsOf = new HashMap<>();
    /** Per group, the connection state and reason it last reported. */
    private final Map<VenueConnections, GroupConnection> groupConnection = new HashMap<>();

    /** A connection group's own connection state and its reason. */
    private record GroupConnection(VenueStatus.Connection connection, String reason) {
    }
    private VenueStatus.Connection connection = VenueStatus.Connection.CONNECTING;
    private String connectionReason = "starting";
    private long badFrames;
    private long badFramesSuppressed;
    private long lastBadFrameLog;
    private FeedRecorder recorder = FeedRecorder.NONE;
    private int connectionIds;
    /** Per connection, its deferred actions not yet run ({@link #later(VenueConnection, int, long, Runnable)}). */
    private final Map<VenueConnection, java.util.Set<Long>> pendingTimers = new HashMap<>();

    /**
     * A venue verticle with its own REST client and in-memory meters (tests).
     *
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
        this.venue = venue;
        this.dialect = dialect;
        this.http = http;
        this.metrics = metrics.venue(venue.id());
        this.metadata = new InstrumentMetadata(venue.id(), java.time.Duration.ofHours(1));
        this.groups = List.copyOf(dialect.connectionGroups(venue));
        this.timeEndpoint = dialect.serverTime();
        this.metrics.clock(clock);
        this.symbols = new SymbolSync(venue, this.metrics, this::publishStatus, System::nanoTime);
        for (Instrument i : venue.instruments().values()) {
            bookAddress.put(i.symbol(), Addresses.book(venue.id(), i.symbol()));
            tradeAddress.put(i.symbol(), Addresses.trade(venue.id(), i.symbol()));
        }
    }

    @Override
    public Future<?> start() {
        if (http == null) {
            http = new VenueHttp(vertx, venue, dialect.usageHeaders(), dialect.banStatuses());
        }
        http.onStanding(this::onStanding);
        RateLimiter limiter = http.limiter();
        for (VenueConfig.RateLimit l : venue.rateLimits()) {
            // the gauge is read on the scrape's thread: it reads what the owner last published, never the bucket
            metrics.limiterHeadroom(l.name(), () -> limiter.lastAvailable(l.name()));
        }
        vertx.eventBus().<String>localConsumer(Addresses.resync(venue.id()), m -> {
            Instrument i = venue.instruments().get(m.body());
            VenueConnections g = connectionsOf.get(m.body());
            VenueConnection c = g == null ? null : g.active();
            if (i != null && c != null) {
                String reason = m.headers().get("reason");
                String cause = m.headers().get("cause");
                recorder.resync(venue.id(), i.symbol(), cause, reason == null ? "requested" : reason, nowNanos());
                broken(c, i, ResyncCause.ofLabel(cause), reason == null ? "requested" : reason);
            }
        });
        for (ConnectionGroup g : groups) {
            Supplier<MarketDataProtocol> protocols = () -> dialect.marketData(g.venue(), metadata);
            VenueConnections c = new VenueConnections(this, vertx, g, protocols, dialect.session(venue));
            connections.add(c);
            g.venue().instruments().keySet().forEach(symbol -> connectionsOf.put(symbol, c));
        }
        long tick = Math.max(50, venue.websocket().staleAfter().toMillis() / 4);
        vertx.setPeriodic(tick, id -> {
            symbols.watchdog(symbol -> recorder.stale(venue.id(), symbol, nowNanos()));
            for (VenueConnections c : connections) {
                c.checkStable(symbols.allLive(c.group().venue().instruments().keySet()));
            }
        });
        vertx.setPeriodic(1_000, id -> limiter.publishAvailable());
        vertx.setPeriodic(STATUS_HEARTBEAT_MILLIS, id -> publishStatus());
        if (leadership.role(venue.id()).elected()) {
            vertx.eventBus().localConsumer(Addresses.haRole(venue.id()), m -> publishStatus());
        }
        if (timeEndpoint != null) {
            ClockSync sync = new ClockSync(venue.id(), timeEndpoint, clock, this::get, offset ->
                    vertx.eventBus().publish(Addresses.clock(venue.id()), offset, LOCAL_ONLY));
            sync.retrySoon(() -> vertx.setTimer(ClockSync.RETRY_MILLIS, t -> sync.run()));
            sync.run();
            vertx.setPeriodic(ClockSync.INTERVAL_MILLIS, id -> sync.run());
        }
        connections.forEach(VenueConnections::start);
        return Future.succeededFuture();
    }

    @Override
    public Future<?> stop() {
        List<Future<?>> stopped = new ArrayList<>();
        connections.forEach(c -> stopped.add(c.stop()));
        // then the REST client, shared with the order desk: what is in flight finishes (a clean stop logs no failure)
        return Future.join(stopped).transform(x -> http.shutdown(java.time.Duration.ofSeconds(2)));
    }

    // ------------------------------------------------------------------ symbol facts, from the active connection

    @Override
    public void fact(Instrument instrument, SyncState state, String reason) {
        switch (state) {
            case SUBSCRIBING -> symbols.subscribing(instrument.symbol(), reason);
            case SYNCING -> symbols.syncing(instrument.symbol(), reason);
            case LIVE -> symbols.live(instrument.symbol(), reason);
            default -> throw new IllegalArgumentException("not a fact a protocol reports: " + state);
        }
    }

    /** A book is broken: RESYNCING now, rebuilt by the active connection's protocol after the symbol's back-off. */
    @Override
    public void broken(VenueConnection c, Instrument instrument, ResyncCause cause, String reason) {
        symbols.broken(c, instrument, cause, reason);
    }

    @Override
    public boolean isLive(Instrument instrument) {
        return symbols.isLive(instrument.symbol());
    }

    @Override
    public boolean resyncPending(Instrument instrument) {
        return symbols.resyncPending(instrument.symbol());
    }

    /** A group's connection is gone: every symbol of the group is DOWN. */
    void down(VenueConnections group, String reason) {
        symbols.down(group.group().venue().instruments().keySet(), reason);
    }

    /** A rotation's new connection took over: what it held back goes out, then its symbols are LIVE. */
    void promoted(VenueConnections group, List<BookUpdate> held) {
        held.forEach(this::publishBook);
        for (Instrument i : group.group().venue().instruments().values()) {
            symbols.live(i.symbol(), "rotated to a new connection");
        }
    }

    // ------------------------------------------------------------------ publishing

    @Override
    public void publishBook(BookUpdate update) {
        vertx.eventBus().publish(bookAddress.get(update.symbol()), update, LOCAL_ONLY);
        symbols.activity(update.symbol());
    }

    @Override
    public void publishTouch(VenueTouch touch) {
        vertx.eventBus().publish(bookAddress.get(touch.symbol()), touch, LOCAL_ONLY);
    }

    @Override
    public void publishTrade(Trade trade) {
        io.xgate.cluster.VenueRole r = role;
        if (r.publishes()) {
            vertx.eventBus().publish(tradeAddress.get(trade.symbol()), r.elected() ? trade.withEpoch(r.epoch()) : trade);
        } else {
            r.withheld();
        }
    }

    /**
     * A group's connection state changed. With several groups, the venue's is the first group's that is not
     * CONNECTED (its reason names the group), or CONNECTED when all are.
     */
    void connection(VenueConnections group, VenueStatus.Connection c, String reason) {
        groupConnection.put(group, new GroupConnection(c, reason));
        if (connections.size() > 1) {
            VenueStatus.Connection overall = VenueStatus.Connection.CONNECTED;
            StringBuilder why = new StringBuilder();
            for (VenueConnections g : connections) {
                GroupConnection s = groupConnection.get(g);
                VenueStatus.Connection gc = s == null ? VenueStatus.Connection.CONNECTING : s.connection();
                String gr = s == null ? "starting" : s.reason();
                if (overall == VenueStatus.Connection.CONNECTED && gc != VenueStatus.Connection.CONNECTED) {
                    overall = gc;
                }
                why.append(why.length() == 0 ? "" : "; ").append(g.group().name()).append(": ").append(gr);
            }
            c = overall;
            reason = why.toString();
        }
        if (connection == VenueStatus.Connection.BANNED && http.standing().state() == VenueHttp.State.BANNED) {
            connectionReason = http.standing().reason() + "; market data: " + reason;
        } else {
            connection = c;
            connectionReason = reason;
        }
        publishStatus();
    }

    /**
     * The venue's status: to the books beside it (local), and cluster-wide from the leader on
     * {@code xgate.venue.status.<venue>}, from a standby on {@code xgate.ha.standby.<venue>}.
     */
    private void publishStatus() {
        long now = nowNanos();
        VenueStatus s = new VenueStatus(venue.id(), "", Event.NO_SEQ, Event.NO_TIME, now, now, connection,
                connectionReason, symbols.statuses());
        vertx.eventBus().publish(Addresses.localStatus(venue.id()), s, LOCAL_ONLY);
        io.xgate.cluster.VenueRole r = leadership.role(venue.id());
        if (!r.elected()) {
            vertx.eventBus().publish(Addresses.status(venue.id()), s);
        } else if (r.publishes()) {
            vertx.eventBus().publish(Addresses.status(venue.id()), s.withLeadership(r.epoch(), leadership.nodeId(),
                    VenueStatus.Role.LEADER));
        } else if (!r.leader()) {
            vertx.eventBus().publish(Addresses.standby(venue.id()), s.withLeadership(r.epoch(), leadership.nodeId(),
                    VenueStatus.Role.STANDBY));
        } else {
            r.withheld();
        }
    }

    /** The venue's standing changed (on whichever thread learned it): BANNED while a ban lasts. */
    private void onStanding(VenueHttp.Standing s) {
        context.runOnContext(v -> {
            if (s.state() == VenueHttp.State.BANNED) {
                connection = VenueStatus.Connection.BANNED;
                connectionReason = s.reason();
                publishStatus();
            } else if (connection == VenueStatus.Connection.BANNED) {
                connection = connections.stream().anyMatch(c -> c.active() == null)
                        ? VenueStatus.Connection.DISCONNECTED : VenueStatus.Connection.CONNECTED;
                connectionReason = "ban over";
                publishStatus();
            }
        });
    }

    // ------------------------------------------------------------------ services for the connections

    Future<Buffer> get(String pathAndQuery, String limitClass, long cost) {
        return http.get(pathAndQuery, limitClass, cost);
    }

    @Override
    public Future<Buffer> get(VenueConnection c, int n, String pathAndQuery, String limitClass, long cost) {
        return http.get(pathAndQuery, limitClass, cost);
    }

    @Override
    public void badFrame(String venueSymbol, String reason) {
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

    void later(long millis, Runnable action) {
        vertx.setTimer(Math.max(1, millis), id -> action.run());
    }

    @Override
    public void later(VenueConnection c, int n, long millis, Runnable action) {
        if (c.retired()) {
            return; // closed: nothing it deferred would do anything (see closed)
        }
        java.util.Set<Long> timers = pendingTimers.computeIfAbsent(c, k -> new java.util.HashSet<>());
        timers.add(vertx.setTimer(Math.max(1, millis), id -> {
            timers.remove(id);
            if (timers.isEmpty()) {
                pendingTimers.remove(c, timers);
            }
            action.run();
        }));
    }

    /** Cancels what the closed connection deferred: a connection lost or rotated away leaves no timer behind. */
    @Override
    public void closed(VenueConnection c) {
        java.util.Set<Long> timers = pendingTimers.remove(c);
        if (timers != null) {
            timers.forEach(vertx::cancelTimer);
        }
    }

    @Override
    public long nowNanos() {
        return EpochClock.nanos();
    }

    @Override
    public String venueId() {
        return venue.id();
    }

    /** This venue's meters. */
    @Override
    public Metrics.Venue metrics() {
        return metrics;
    }

    @Override
    public FeedRecorder recorder() {
        return recorder;
    }

    /**
     * Records this venue's traffic (every connection's messages, REST answers, timers and lifecycle) from now on:
     * call before deployment.
     */
    public VenueVerticle recordTo(FeedRecorder recorder) {
        this.recorder = recorder;
        return this;
    }

    /**
     * Publishes under this node's role for the venue (high availability): trades and status cluster-wide only while
     * it leads, a standby's status on {@code xgate.ha.standby.<venue>}. Call before deployment.
     */
    public VenueVerticle leadership(io.xgate.cluster.Leadership leadership) {
        this.leadership = leadership;
        this.role = leadership.role(venue.id());
        return this;
    }

    /** The number of the next market-data connection (from 1). */
    int nextConnectionId() {
        return ++connectionIds;
    }

    /** Connection attempts so far (tests of the reconnect back-off). */
    public long connectAttempts() {
        return connections.stream().mapToLong(VenueConnections::connectAttempts).sum();
    }
}
