package io.xgate.venue;

import io.vertx.core.buffer.Buffer;

/**
 * What a venue's runtime tells a journal, on the venue verticle's context, in the order it happened there: every
 * message each market-data connection received, what it sent, the REST answers that fed its books, when its
 * deferred actions ran, how its connections began, handed over and ended, and the resyncs that books asked for.
 * That order is everything a replay needs to run the same dialect, sync and books again and reach the same books
 * (see {@link FeedReplay}).
 *
 * <p>Connections are numbered per venue from 1; a connection's REST requests and deferred actions are numbered from
 * 1 in the order it made them, so that a replay matches each answer and each timer to the call that asked for it.
 * Implementations must not block (they hand the bytes to a writer thread) and copy what they keep: arrays passed
 * in are reused.
 */
public interface FeedRecorder {

    /** Records nothing. */
    FeedRecorder NONE = new FeedRecorder() {
    };

    /** How a connection's life went. */
    enum ConnectionEvent {
        /** Opened as the venue's (group's) active connection. */
        OPENED_ACTIVE(1),
        /** Opened as a rotation's standby (make-before-break). */
        OPENED_STANDBY(2),
        /** The standby took over: it is the active connection now. */
        PROMOTED(3),
        /** The connection is gone (the reason says who closed it and why). */
        CLOSED(4);

        /** The code on the wire. */
        public final int code;

        ConnectionEvent(int code) {
            this.code = code;
        }

        /** The event of a wire code. */
        public static ConnectionEvent of(int code) {
            for (ConnectionEvent e : values()) {
                if (e.code == code) {
                    return e;
                }
            }
            throw new IllegalArgumentException("unknown connection event code " + code);
        }
    }

    /** Whether anything is recorded (callers skip building what they would pass). */
    default boolean enabled() {
        return false;
    }

    /** A connection's life: opened, promoted, closed. */
    default void connection(String venue, int conn, ConnectionEvent event, String group, String reason, long tsNanos) {
    }

    /** One complete message, in {@code frame[0, length)}, as the connection received it. */
    default void message(String venue, int conn, byte[] frame, int length, long receiveTsNanos) {
    }

    /**
     * A message above {@code websocket.maxMessageBytes} was skipped (not handed to the protocol, counted as a bad
     * frame): its size, not its bytes.
     */
    default void skipped(String venue, int conn, long bytes, long tsNanos) {
    }

    /** A text message the connection sent (subscriptions). */
    default void sent(String venue, int conn, String text, long tsNanos) {
    }

    /** The connection's {@code n}-th REST request went out. */
    default void request(String venue, int conn, int n, String pathAndQuery, long tsNanos) {
    }

    /**
     * The answer to that request reached the protocol: a body, or {@code null} and why it failed (a
     * {@link io.xgate.rest.RestException} carries the status and the venue's {@code Retry-After}).
     */
    default void response(String venue, int conn, int n, Buffer body, Throwable failure, long tsNanos) {
    }

    /** The connection's {@code n}-th deferred action ran. */
    default void timer(String venue, int conn, int n, long tsNanos) {
    }

    /** A book asked the venue to resync the symbol, and the venue acted on it. */
    default void resync(String venue, String symbol, String cause, String reason, long tsNanos) {
    }

    /** The staleness watchdog marked a LIVE symbol STALE. */
    default void stale(String venue, String symbol, long tsNanos) {
    }
}
