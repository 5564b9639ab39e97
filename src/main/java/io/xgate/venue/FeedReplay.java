package io.xgate.venue;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.xgate.config.Instrument;
import io.xgate.config.VenueConfig;
import io.xgate.event.BookUpdate;
import io.xgate.event.Event;
import io.xgate.event.ResyncCause;
import io.xgate.event.SyncState;
import io.xgate.event.Trade;
import io.xgate.event.VenueStatus;
import io.xgate.event.VenueTouch;
import io.xgate.metrics.Metrics;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One venue's recorded feed played back through the production code: the dialect's market-data protocol (one
 * instance per recorded connection, as live), the {@link VenueConnection} code (standby, held updates, promotion),
 * and {@link SymbolSync}. It is driven record by record, in the order the venue's context saw them live (see
 * {@link FeedRecorder}); what live learned from outside (a message, a REST answer, a timer firing, a book's resync
 * request, the staleness watchdog) comes from the recording, at its recorded place, so the same inputs in the same
 * order make the same book updates, trades, touches and states.
 *
 * <p>Time is the recording's: {@link FeedSession#nowNanos} is the current record's timestamp. Nothing here reads a
 * clock, opens a socket or needs Vert.x. Not thread-safe: one thread drives it.
 */
public final class FeedReplay implements ConnectionHost {

    /** Where the replayed venue's output goes, synchronously, in order. */
    public interface Output {
        void book(BookUpdate update);

        void trade(Trade trade);

        void touch(VenueTouch touch);

        /** The venue's status changed (every symbol's state). */
        void status(VenueStatus status);
    }

    private final VenueConfig venue;
    private final Dialect dialect;
    private final Output out;
    private final InstrumentMetadata metadata;
    private final Map<String, ConnectionGroup> groups = new LinkedHashMap<>();
    private final Map<String, Set> sets = new LinkedHashMap<>();
    /** By connection number (from 1): an array read per message. */
    private VenueConnection[] connections = new VenueConnection[16];
    /**
     * The replay's REST requests waiting for their recorded answers, per connection, in the order made. An answer is
     * matched by path (the recording says which path each of live's requests asked), the first waiting request of
     * that path: so a request the replay makes and live did not (say, live knew an instrument's sizes from an earlier
     * connection, before the journal began) waits unanswered and shifts nothing.
     */
    private final Map<Integer, java.util.ArrayDeque<Waiting>> requests = new HashMap<>();
    /** Live's requests by (connection, number): their paths, until answered. */
    private final Map<Long, String> livePaths = new HashMap<>();

    /** One of the replay's requests. */
    private record Waiting(String path, Promise<Buffer> answer) {
    }
    private final Map<Long, Runnable> timers = new HashMap<>();
    private final Metrics.Venue metrics;
    private final SymbolSync symbols;
    private final List<String> divergences = new ArrayList<>();
    private long now;
    /** The first connection this replay saw opened (0: none yet): records of earlier ones are from before it joined. */
    private int firstOpened;
    private long beforeJoining;
    private long messages;
    private long badFrames;
    private VenueStatus.Connection connection = VenueStatus.Connection.CONNECTING;

    /**
     * @param venue   the venue's configuration as recorded
     * @param dialect its dialect
     * @param out     where its output goes
     */
    public FeedReplay(VenueConfig venue, Dialect dialect, Output out) {
        this.venue = venue;
        this.dialect = dialect;
        this.out = out;
        this.metrics = Metrics.inMemory().venue(venue.id());
        this.metadata = new InstrumentMetadata(venue.id(), java.time.Duration.ofHours(1));
        this.symbols = new SymbolSync(venue, metrics, this::publishStatus, () -> now);
        for (ConnectionGroup g : dialect.connectionGroups(venue)) {
            groups.put(g.name(), g);
            sets.put(g.name(), new Set(g));
        }
    }

    /** The venue's id. */
    public String venue() {
        return venue.id();
    }

    /** The replay's time moves to a record's timestamp. */
    public void at(long tsNanos) {
        now = tsNanos;
    }

    /** A recorded connection event. */
    public void connection(int conn, FeedRecorder.ConnectionEvent event, String group, String reason) {
        switch (event) {
            case OPENED_ACTIVE, OPENED_STANDBY -> open(conn, event == FeedRecorder.ConnectionEvent.OPENED_ACTIVE,
                    group);
            case PROMOTED -> {
                VenueConnection c = connection(conn);
                if (c == null && joinedLater(conn)) {
                    return;
                }
                if (c == null || c.group().active() != c) {
                    diverged("connection " + conn + " took over live, but not in the replay");
                    if (c != null) {
                        ((Set) c.group()).promote(c);
                    }
                }
            }
            case CLOSED -> {
                VenueConnection c = connection(conn);
                if (c != null && !c.retired()) {
                    ((Set) c.group()).onClosed(c, reason);
                }
            }
            default -> throw new IllegalStateException(event.name());
        }
    }

    private void open(int conn, boolean active, String groupName) {
        Set set = sets.get(groupName);
        if (set == null) {
            if (sets.size() == 1 && groupName.isEmpty()) {
                set = sets.values().iterator().next();
            } else {
                diverged("connection " + conn + " of an unknown connection group '" + groupName + "'");
                return;
            }
        }
        MarketDataProtocol protocol = dialect.marketData(set.group.venue(), metadata);
        VenueConnection c = new VenueConnection(this, set, conn, FeedSocket.NONE, protocol, active,
                set.group.venue().websocket().maxMessageBytes());
        if (conn <= 0) {
            diverged("a connection numbered " + conn);
            return;
        }
        if (conn >= connections.length) {
            connections = java.util.Arrays.copyOf(connections, Math.max(conn + 1, connections.length * 2));
        }
        connections[conn] = c;
        if (firstOpened == 0) {
            firstOpened = conn;
        }
        if (active) {
            set.active = c;
            connectionState();
        } else {
            set.standby = c;
        }
        protocol.onOpen(c);
    }

    /** A recorded message, in {@code frame[0, length)} (the array may be reused afterwards). */
    public void message(int conn, byte[] frame, int length) {
        VenueConnection c = connection(conn);
        if (c == null && joinedLater(conn)) {
            return;
        }
        if (c == null || c.retired()) {
            diverged("a message on connection " + conn + ", which the replay does not hold open");
            return;
        }
        messages++;
        c.deliver(frame, length, now);
    }

    /** A message above the size limit was skipped on that connection: a bad frame, as live. */
    public void skipped(int conn, long bytes) {
        VenueConnection c = connection(conn);
        if (c == null && joinedLater(conn)) {
            return;
        }
        if (c == null) {
            diverged("a skipped message on connection " + conn + ", which the replay does not hold open");
            return;
        }
        c.skippedLarge(bytes);
    }

    /**
     * The recorded answer to a connection's {@code n}-th REST request: a body, or {@code null} and the failure (its
     * HTTP status, 0 if it had none, the venue's {@code Retry-After} and the message).
     */
    public void response(int conn, int n, byte[] body, int status, long retryAfterMillis, String failure) {
        String path = livePaths.remove(key(conn, n));
        Promise<Buffer> p = null;
        java.util.ArrayDeque<Waiting> waiting = requests.get(conn);
        if (waiting != null) {
            for (java.util.Iterator<Waiting> it = waiting.iterator(); it.hasNext(); ) {
                Waiting w = it.next();
                if (path == null || w.path().equals(path)) {
                    it.remove();
                    p = w.answer();
                    break;
                }
            }
        }
        if (p == null && joinedLater(conn)) {
            return;
        }
        if (p == null) {
            diverged("an answer to request " + n + " of connection " + conn + ", which the replay did not make");
            return;
        }
        if (body != null) {
            p.complete(Buffer.buffer(body));
        } else {
            p.fail(new io.xgate.rest.RestException(status, retryAfterMillis, failure));
        }
    }

    /** Live's connection made its {@code n}-th REST request, for this path (its answer is matched by it). */
    public void request(int conn, int n, String pathAndQuery) {
        livePaths.put(key(conn, n), pathAndQuery);
    }

    /** A connection's {@code n}-th deferred action ran live: it runs here. */
    public void timer(int conn, int n) {
        Runnable r = timers.remove(key(conn, n));
        if (r == null && joinedLater(conn)) {
            return;
        }
        if (r == null) {
            diverged("deferred action " + n + " of connection " + conn + " ran live, but the replay has none");
            return;
        }
        r.run();
    }

    /** A book asked the venue to resync a symbol, and the venue acted on it. */
    public void resync(String symbol, String cause, String reason) {
        Instrument i = venue.instruments().get(symbol);
        Set set = setOf(symbol);
        VenueConnection c = set == null ? null : set.active;
        if (c == null && firstOpened == 0) {
            beforeJoining++;
            return;
        }
        if (i == null || c == null) {
            diverged("a resync of " + symbol + " without an active connection");
            return;
        }
        broken(c, i, ResyncCause.ofLabel(cause), reason);
    }

    /** The staleness watchdog marked a symbol STALE. */
    public void stale(String symbol) {
        if (venue.instruments().containsKey(symbol)) {
            symbols.stale(symbol);
        }
    }

    /**
     * Whether a record of this connection is from before the replay joined the recording: the journal began after
     * the connection opened (retention deleted its first segments), so the replay starts with the venue's first
     * connection it sees opened. Such records are counted, not replayed.
     */
    private boolean joinedLater(int conn) {
        if (firstOpened == 0 || conn < firstOpened) {
            beforeJoining++;
            return true;
        }
        return false;
    }

    /** Records of connections opened before the journal's first segment (skipped: see {@link #joinedLater}). */
    public long beforeJoining() {
        return beforeJoining;
    }

    /** Messages replayed. */
    public long messages() {
        return messages;
    }

    /** Bad frames counted. */
    public long badFrames() {
        return badFrames;
    }

    /** Resyncs so far, by cause label. */
    public Map<String, Long> resyncs() {
        Map<String, Long> m = new LinkedHashMap<>();
        for (ResyncCause c : ResyncCause.values()) {
            long n = metrics.resyncs(c.label());
            if (n > 0) {
                m.put(c.label(), n);
            }
        }
        return m;
    }

    /** Where the replay could not do what the recording says live did (empty when it reproduced it). */
    public List<String> divergences() {
        return List.copyOf(divergences);
    }

    /** The venue's symbol states now. */
    public List<VenueStatus.SymbolStatus> statuses() {
        return symbols.statuses();
    }

    private void diverged(String what) {
        if (divergences.size() < 1_000) {
            divergences.add(what);
        }
    }

    private VenueConnection connection(int conn) {
        return conn > 0 && conn < connections.length ? connections[conn] : null;
    }

    private Set setOf(String symbol) {
        for (Set s : sets.values()) {
            if (s.group.venue().instruments().containsKey(symbol)) {
                return s;
            }
        }
        return null;
    }

    private static long key(int conn, int n) {
        return ((long) conn << 32) | (n & 0xffffffffL);
    }

    private void connectionState() {
        boolean all = sets.values().stream().allMatch(s -> s.active != null);
        connection = all ? VenueStatus.Connection.CONNECTED : VenueStatus.Connection.DISCONNECTED;
    }

    private void publishStatus() {
        out.status(new VenueStatus(venue.id(), "", Event.NO_SEQ, Event.NO_TIME, now, now, connection, "replayed",
                symbols.statuses()));
    }

    // ------------------------------------------------------------------ ConnectionHost

    @Override
    public void publishBook(BookUpdate update) {
        out.book(update);
        symbols.activity(update.symbol());
    }

    @Override
    public void publishTrade(Trade trade) {
        out.trade(trade);
    }

    @Override
    public void publishTouch(VenueTouch touch) {
        out.touch(touch);
    }

    /** As {@link VenueVerticle#broken}: the back-off's timer is the connection's, so the recording says when it ran. */
    @Override
    public void broken(VenueConnection c, Instrument instrument, ResyncCause cause, String reason) {
        symbols.broken(c, instrument, cause, reason);
    }

    @Override
    public void fact(Instrument instrument, SyncState state, String reason) {
        switch (state) {
            case SUBSCRIBING -> symbols.subscribing(instrument.symbol(), reason);
            case SYNCING -> symbols.syncing(instrument.symbol(), reason);
            case LIVE -> symbols.live(instrument.symbol(), reason);
            default -> throw new IllegalArgumentException("not a fact a protocol reports: " + state);
        }
    }

    @Override
    public boolean isLive(Instrument instrument) {
        return symbols.isLive(instrument.symbol());
    }

    @Override
    public boolean resyncPending(Instrument instrument) {
        return symbols.resyncPending(instrument.symbol());
    }

    @Override
    public Future<Buffer> get(VenueConnection c, int n, String pathAndQuery, String limitClass, long cost) {
        Promise<Buffer> p = Promise.promise();
        requests.computeIfAbsent(c.id(), k -> new java.util.ArrayDeque<>()).add(new Waiting(pathAndQuery, p));
        return p.future();
    }

    @Override
    public void later(VenueConnection c, int n, long millis, Runnable action) {
        timers.put(key(c.id(), n), action);
    }

    @Override
    public void badFrame(String venueSymbol, String reason) {
        badFrames++;
        metrics.badFrame();
    }

    @Override
    public long nowNanos() {
        return now;
    }

    @Override
    public String venueId() {
        return venue.id();
    }

    @Override
    public Metrics.Venue metrics() {
        return metrics;
    }

    @Override
    public FeedRecorder recorder() {
        return FeedRecorder.NONE;
    }

    /** One connection group's connections in the replay: what {@link VenueConnections} does, without sockets. */
    private final class Set implements ConnectionSet {
        final ConnectionGroup group;
        VenueConnection active;
        VenueConnection standby;

        Set(ConnectionGroup group) {
            this.group = group;
        }

        @Override
        public VenueConnection active() {
            return active;
        }

        @Override
        public int symbolCount() {
            return group.venue().instruments().size();
        }

        /** As {@link VenueConnections#promote}. */
        @Override
        public void promote(VenueConnection c) {
            if (c != standby) {
                return;
            }
            VenueConnection old = active;
            standby = null;
            active = c;
            c.promote().forEach(FeedReplay.this::publishBook);
            for (Instrument i : group.venue().instruments().values()) {
                symbols.live(i.symbol(), "rotated to a new connection");
            }
            if (old != null) {
                old.closingBecause("rotated to a new connection");
                old.retire();
            }
            connectionState();
        }

        /** As {@link VenueConnections#reconnect}: the connection is dropped now (the recording reopens one). */
        @Override
        public void reconnect(VenueConnection c, String reason) {
            onClosed(c, "xgate closed the connection: " + reason);
            c.retire();
        }

        @Override
        public void rotate(String reason) {
            // the recording says when the rotation's new connection opened
        }

        /** As {@link VenueConnections}' close handler. */
        void onClosed(VenueConnection c, String reason) {
            if (c.retired()) {
                return;
            }
            c.closed(reason);
            if (c == standby) {
                standby = null;
                c.protocol().onClose();
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
            symbols.down(group.venue().instruments().keySet(), "disconnected");
            connectionState();
        }
    }
}
