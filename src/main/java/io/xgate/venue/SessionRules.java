package io.xgate.venue;

import java.time.Duration;

/**
 * A dialect's keep-alive and session rules for its market-data connection, enforced by the venue runtime.
 *
 * @param keepAlive       how the connection is kept alive
 * @param maxPingInterval the venue's own limit: a ping at least this often whatever {@code websocket.pingInterval}
 *                        says (OKX: 30 s of silence closes the connection), or {@code null} if none
 * @param subscribeWithin the venue closes a connection that has not subscribed within this (Coinbase: 5 s), or
 *                        {@code null}: a protocol that has sent nothing by then is a bug, and the runtime reconnects
 *                        with that reason rather than wait for the venue to close on it
 */
public record SessionRules(KeepAlive keepAlive, Duration maxPingInterval, Duration subscribeWithin) {

    /** How a connection is kept alive. */
    public enum KeepAlive {
        /**
         * WebSocket ping frames from xgate every {@code websocket.pingInterval}, and no pong within
         * {@code pongTimeout} reconnects (the venue's own pings are answered by Vert.x).
         */
        WEBSOCKET_PING,
        /** The protocol sends application pings and watches for their answers itself (Kraken {@code ping}). */
        APPLICATION
    }
}
