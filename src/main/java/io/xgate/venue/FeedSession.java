package io.xgate.venue;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.xgate.config.Instrument;
import io.xgate.event.BookUpdate;
import io.xgate.event.ResyncCause;
import io.xgate.event.Trade;
import io.xgate.event.VenueTouch;
import io.xgate.rest.RestException;

/**
 * What the venue runtime offers a {@link MarketDataProtocol} on one connection: publishing, reporting facts about
 * each symbol's sync, the WebSocket and REST. The runtime owns every symbol's state ({@link SymbolSync}); a
 * protocol reports what happened and never keeps a state of its own. All calls happen on the venue verticle's
 * context.
 */
public interface FeedSession {

    /** Publishes a book update on the instrument's book address (local to this node). */
    void publish(BookUpdate update);

    /** Publishes a trade on the instrument's trade address. */
    void publish(Trade trade);

    /**
     * Publishes the venue's own best bid/offer on the instrument's book address, in order with its updates: the book
     * verticle holds the book against it.
     */
    void publish(VenueTouch touch);

    /** A (re)subscription of the instrument went out; its snapshot is awaited. */
    void subscribing(Instrument instrument, String reason);

    /** The instrument is being synced (snapshot requested, updates buffered), or waits to retry a failed snapshot. */
    void syncing(Instrument instrument, String reason);

    /** The instrument's snapshot went out (with what it covers): its book is LIVE from here. */
    void live(Instrument instrument, String reason);

    /**
     * The instrument's book is broken (a gap, a bad frame, an unusable snapshot): the runtime marks it RESYNCING,
     * counts the cause and, after the symbol's resync back-off, calls {@link MarketDataProtocol#resync}. Publish
     * nothing more of it until then.
     */
    void broken(Instrument instrument, ResyncCause cause, String reason);

    /** Whether the runtime holds the instrument LIVE on this connection (a STALE feed is still LIVE here). */
    boolean isLive(Instrument instrument);

    /** Whether a resync of the instrument is decided and waits for its back-off (don't start one of your own). */
    boolean resyncPending(Instrument instrument);

    /** Sends a text message on the WebSocket. */
    void send(String text);

    /**
     * {@code GET} of a path (with query) on the venue's REST base URL, costing {@code cost} units of the limit
     * class {@code limitClass}; fails unless the status is 200. Waits for the units in a bounded queue, or fails
     * fast with a {@link RestException} when the wait would exceed the request timeout or the queue is full.
     */
    Future<Buffer> get(String pathAndQuery, String limitClass, long cost);

    /** Closes the connection and reconnects (the connection is broken: no pong, protocol violation). */
    void reconnect(String reason);

    /**
     * Replaces the connection make-before-break: a new one is opened and synced while this one keeps serving,
     * then they swap (e.g. on the venue's shutdown notice).
     */
    void rotate(String reason);

    /** Counts and logs a frame that could not be used. */
    void badFrame(String venueSymbol, String reason);

    /** Runs {@code action} after {@code millis}, on the venue's context. */
    void later(long millis, Runnable action);

    /** Wall-clock time in epoch nanoseconds. */
    long nowNanos();

    /** The venue id. */
    String venue();
}
