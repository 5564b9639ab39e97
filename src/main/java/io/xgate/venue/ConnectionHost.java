package io.xgate.venue;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.xgate.config.Instrument;
import io.xgate.event.BookUpdate;
import io.xgate.event.ResyncCause;
import io.xgate.event.SyncState;
import io.xgate.event.Trade;
import io.xgate.event.VenueTouch;
import io.xgate.metrics.Metrics;

/**
 * The venue runtime a {@link VenueConnection} reports to: the {@link VenueVerticle} live, a {@link FeedReplay} when a
 * journal is played back. Everything a connection does beyond its own state goes through here, so that a replay
 * runs the very connection code (standby, held updates, promotion) and the dialect's protocol as live did.
 */
interface ConnectionHost {

    void publishBook(BookUpdate update);

    void publishTrade(Trade trade);

    void publishTouch(VenueTouch touch);

    /** The active connection says the instrument's book is broken: RESYNCING, rebuilt after its back-off. */
    void broken(VenueConnection c, Instrument instrument, ResyncCause cause, String reason);

    /** The active connection reports a sync fact (SUBSCRIBING, SYNCING, LIVE). */
    void fact(Instrument instrument, SyncState state, String reason);

    boolean isLive(Instrument instrument);

    boolean resyncPending(Instrument instrument);

    /** The connection's {@code n}-th REST request. */
    Future<Buffer> get(VenueConnection c, int n, String pathAndQuery, String limitClass, long cost);

    /** Runs the connection's {@code n}-th deferred action after {@code millis}, on the venue's context. */
    void later(VenueConnection c, int n, long millis, Runnable action);

    /**
     * The connection is closed: its deferred actions that have not run yet never will (none of them does anything on
     * a closed connection, and each would hold the connection, its protocol and its buffers until it came due).
     */
    default void closed(VenueConnection c) {
    }

    void badFrame(String venueSymbol, String reason);

    /** Wall-clock time in epoch nanoseconds (a replay's: the current record's). */
    long nowNanos();

    String venueId();

    Metrics.Venue metrics();

    /** Where the connection's traffic is recorded ({@link FeedRecorder#NONE} when nothing is). */
    FeedRecorder recorder();
}
