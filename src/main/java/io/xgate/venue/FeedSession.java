package io.xgate.venue;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.xgate.config.Instrument;
import io.xgate.rest.RestException;
import io.xgate.event.BookUpdate;
import io.xgate.event.SyncState;
import io.xgate.event.Trade;

/**
 * What the venue runtime offers a {@link MarketDataProtocol}: publishing, per-symbol sync state, the WebSocket
 * and REST. All calls happen on the venue verticle's context.
 */
public interface FeedSession {

    /** Publishes a book update on the instrument's book address. */
    void publish(BookUpdate update);

    /** Publishes a trade on the instrument's trade address. */
    void publish(Trade trade);

    /** Records and publishes an instrument's sync state, with the reason for the change. */
    void state(Instrument instrument, SyncState state, String reason);

    /** Sends a text message on the WebSocket. */
    void send(String text);

    /**
     * {@code GET} of a path (with query) on the venue's REST base URL, costing {@code cost} units of the limit
     * class {@code limitClass}; fails unless the status is 200. Waits for the units in a bounded queue, or fails
     * fast with a {@link RestException} when the wait would exceed the request timeout or the queue is full.
     */
    Future<Buffer> get(String pathAndQuery, String limitClass, long cost);

    /** Closes the connection and reconnects (the connection is broken: no pong, oversized message). */
    void reconnect(String reason);

    /**
     * Replaces the connection make-before-break: a new one is opened and synced while this one keeps serving,
     * then they swap (e.g. on the venue's shutdown notice).
     */
    default void rotate(String reason) {
        reconnect(reason);
    }

    /**
     * How long to wait before resyncing this instrument again: 0 for a first resync, growing exponentially (to
     * {@code websocket.reconnectMaxDelay}) when the symbol keeps breaking, so that a persistent fault (say, a
     * configuration the venue's data does not fit) cannot turn into a storm of resubscriptions.
     */
    long resyncDelayMillis(Instrument instrument);

    /** Counts and logs a frame that could not be used. */
    void badFrame(String venueSymbol, String reason);

    /** Runs {@code action} after {@code millis}, on the venue's context. */
    void later(long millis, Runnable action);

    /** Wall-clock time in epoch nanoseconds. */
    long nowNanos();

    /** The venue id. */
    String venue();
}
