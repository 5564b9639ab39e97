package io.xgate.venue;

import io.xgate.config.Instrument;
import io.xgate.config.VenueConfig;
import io.xgate.event.ResyncCause;
import io.xgate.event.SyncState;
import io.xgate.event.VenueStatus;
import io.xgate.metrics.Metrics;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one owner of a venue's per-symbol sync states: {@code SUBSCRIBING → SYNCING → LIVE ⇄ STALE},
 * {@code RESYNCING} after a break, {@code DOWN} while disconnected. Protocols and the book verticles report facts
 * (subscribed, syncing, snapshot applied, broken with a cause); this class turns them into the published states,
 * counts resyncs by cause, runs the staleness watchdog and decides how long a symbol that keeps breaking waits
 * before its next resync (three a minute are free, then the delay doubles from
 * {@code websocket.reconnectInitialDelay} to {@code reconnectMaxDelay}).
 *
 * <p>Owned by the venue verticle's context; not thread-safe.
 */
final class SymbolSync {

    private static final Logger LOG = LoggerFactory.getLogger(SymbolSync.class);
    private static final long BACKOFF_WINDOW_NANOS = 60_000_000_000L;
    private static final int FREE_RESYNCS_PER_WINDOW = 3;

    /** One symbol's state. */
    private static final class Symbol {
        final String symbol;
        /** What the facts say; the published state overlays STALE on a silent LIVE feed. */
        SyncState state = SyncState.DOWN;
        boolean stale;
        String reason = "not connected";
        long resyncs;
        /** The cause of the latest resync, as its label; "" before the first. */
        String cause = "";
        long lastActivityNanos;
        /** A resync is decided and waits for its back-off to end. */
        boolean resyncPending;
        int recentResyncs;
        long windowStartNanos;

        Symbol(String symbol, long now) {
            this.symbol = symbol;
            this.lastActivityNanos = now;
            this.windowStartNanos = now;
        }

        SyncState published() {
            return stale ? SyncState.STALE : state;
        }
    }

    private final VenueConfig venue;
    private final Metrics.Venue metrics;
    private final Runnable changed;
    private final LongSupplier nanoTime;
    private final Map<String, Symbol> symbols = new LinkedHashMap<>();

    /**
     * @param changed  called after every change of a published state (the owner republishes the venue status)
     * @param nanoTime the monotonic clock ({@code System::nanoTime}; tests pass their own)
     */
    SymbolSync(VenueConfig venue, Metrics.Venue metrics, Runnable changed, LongSupplier nanoTime) {
        this.venue = venue;
        this.metrics = metrics;
        this.changed = changed;
        this.nanoTime = nanoTime;
        long now = nanoTime.getAsLong();
        for (Instrument i : venue.instruments().values()) {
            symbols.put(i.symbol(), new Symbol(i.symbol(), now));
        }
    }

    /** A (re)subscription went out; the venue's snapshot is awaited. */
    void subscribing(String symbol, String reason) {
        set(symbol, SyncState.SUBSCRIBING, reason);
    }

    /** The symbol is being synced (a snapshot is being fetched or awaited while updates are buffered). */
    void syncing(String symbol, String reason) {
        set(symbol, SyncState.SYNCING, reason);
    }

    /** A snapshot was applied and every rule since holds: the book may be trusted. */
    void live(String symbol, String reason) {
        Symbol s = symbols.get(symbol);
        s.lastActivityNanos = nanoTime.getAsLong();
        s.resyncPending = false;
        set(symbol, SyncState.LIVE, reason);
    }

    /**
     * The symbol's book is broken: it turns RESYNCING (counted once per break, by cause).
     *
     * @return the back-off in milliseconds before the owner should rebuild the book (0: at once), or -1 if a
     *         resync of this symbol is already decided and waiting (nothing more to do)
     */
    long broken(String symbol, ResyncCause cause, String reason) {
        Symbol s = symbols.get(symbol);
        if (s.resyncPending) {
            return -1;
        }
        boolean first = s.state != SyncState.RESYNCING;
        if (first) {
            s.resyncs++;
            s.cause = cause.label();
            metrics.resync(cause);
        }
        s.resyncPending = true;
        set(symbol, SyncState.RESYNCING, reason);
        return backoffMillis(s);
    }

    /**
     * The active connection {@code c} says the instrument's book is broken: RESYNCING now (see {@link #broken}), and
     * rebuilt by its protocol once the symbol's back-off is over, if {@code c} is still the group's active connection
     * then. The back-off is the connection's own deferred action, so that a journal records when it ran.
     */
    void broken(VenueConnection c, Instrument instrument, ResyncCause cause, String reason) {
        String symbol = instrument.symbol();
        long delay = broken(symbol, cause, reason);
        if (delay < 0) {
            return; // a resync is already decided and waiting
        }
        Runnable rebuild = () -> {
            if (c.group().active() == c && !c.retired() && resyncPending(symbol)) {
                resyncStarted(symbol);
                c.protocol().resync(instrument, c);
            }
        };
        if (delay == 0) {
            rebuild.run();
        } else {
            c.later(delay, rebuild); // numbered, so a journal replays it
        }
    }

    /** The back-off is over and the protocol is rebuilding the book. */
    void resyncStarted(String symbol) {
        symbols.get(symbol).resyncPending = false;
    }

    /** Whether a resync of this symbol is decided and waits for its back-off. */
    boolean resyncPending(String symbol) {
        return symbols.get(symbol).resyncPending;
    }

    /** Every symbol is DOWN (the connection is gone). */
    void down(String reason) {
        down(symbols.keySet(), reason);
    }

    /** These symbols are DOWN (their connection group's connection is gone). */
    void down(java.util.Collection<String> which, String reason) {
        for (String symbol : List.copyOf(which)) {
            Symbol s = symbols.get(symbol);
            s.resyncPending = false;
            set(s.symbol, SyncState.DOWN, reason);
        }
    }

    /** A book update of the symbol was published: it is not silent. */
    void activity(String symbol) {
        Symbol s = symbols.get(symbol);
        s.lastActivityNanos = nanoTime.getAsLong();
        if (s.stale) {
            s.stale = false;
            publish(s, "updates resumed");
        }
    }

    /** Marks LIVE symbols whose feed has been silent longer than {@code websocket.staleAfter} as STALE. */
    void watchdog(java.util.function.Consumer<String> turnedStale) {
        long now = nanoTime.getAsLong();
        long limit = venue.websocket().staleAfter().toNanos();
        for (Symbol s : symbols.values()) {
            if (s.state == SyncState.LIVE && !s.stale && now - s.lastActivityNanos > limit) {
                turnedStale.accept(s.symbol);
                stale(s.symbol);
            }
        }
    }

    /** Marks a LIVE symbol STALE now (the watchdog's finding; a replay's, from the journal). */
    void stale(String symbol) {
        Symbol s = symbols.get(symbol);
        if (s.state == SyncState.LIVE && !s.stale) {
            s.stale = true;
            publish(s, "no update for more than " + venue.websocket().staleAfter().toMillis() + " ms");
        }
    }

    /** Whether the facts say LIVE (a STALE overlay still counts as LIVE here: the book itself is intact). */
    boolean isLive(String symbol) {
        return symbols.get(symbol).state == SyncState.LIVE;
    }

    /** Whether every symbol is LIVE and not stale. */
    boolean allLive() {
        return symbols.values().stream().allMatch(s -> s.published() == SyncState.LIVE);
    }

    /** Whether every one of these symbols is LIVE and not stale. */
    boolean allLive(java.util.Collection<String> which) {
        return which.stream().allMatch(s -> symbols.get(s).published() == SyncState.LIVE);
    }

    /** The published states, for a {@link VenueStatus}. */
    List<VenueStatus.SymbolStatus> statuses() {
        List<VenueStatus.SymbolStatus> out = new ArrayList<>(symbols.size());
        for (Symbol s : symbols.values()) {
            out.add(new VenueStatus.SymbolStatus(s.symbol, s.published(), s.resyncs, s.reason, s.cause));
        }
        return out;
    }

    /**
     * How long this symbol waits before its next resync: 0 for the first three within a minute, then growing
     * exponentially to {@code websocket.reconnectMaxDelay}, so that a persistent fault (say, a configuration the
     * venue's data does not fit) cannot turn into a storm of resubscriptions.
     */
    long backoffMillis(String symbol) {
        return backoffMillis(symbols.get(symbol));
    }

    private long backoffMillis(Symbol s) {
        long now = nanoTime.getAsLong();
        if (now - s.windowStartNanos > BACKOFF_WINDOW_NANOS) {
            s.recentResyncs = 0;
            s.windowStartNanos = now;
        }
        int n = ++s.recentResyncs;
        if (n <= FREE_RESYNCS_PER_WINDOW) {
            return 0;
        }
        long delay = venue.websocket().reconnectInitialDelay().toMillis() << Math.min(n - FREE_RESYNCS_PER_WINDOW, 20);
        delay = Math.min(delay, venue.websocket().reconnectMaxDelay().toMillis());
        if (n == FREE_RESYNCS_PER_WINDOW + 1 || (n & (n - 1)) == 0) {
            LOG.warn("venue {} {}: {} resyncs within a minute; backing off {} ms before the next", venue.id(),
                    s.symbol, n, delay);
        }
        return delay;
    }

    private void set(String symbol, SyncState state, String reason) {
        Symbol s = symbols.get(symbol);
        if (state == SyncState.LIVE) {
            s.lastActivityNanos = nanoTime.getAsLong();
        }
        boolean wasStale = s.stale;
        s.stale = false;
        if (s.state == state && s.reason.equals(reason) && !wasStale) {
            return;
        }
        s.state = state;
        publish(s, reason);
    }

    private void publish(Symbol s, String reason) {
        s.reason = reason;
        switch (s.published()) {
            case RESYNCING -> LOG.warn("venue {} {}: resyncing: {}", venue.id(), s.symbol, reason);
            case STALE -> LOG.warn("venue {} {}: STALE: {}", venue.id(), s.symbol, reason);
            case LIVE -> LOG.info("venue {} {}: LIVE ({})", venue.id(), s.symbol, reason);
            default -> LOG.debug("venue {} {}: {} ({})", venue.id(), s.symbol, s.published(), reason);
        }
        changed.run();
    }
}
