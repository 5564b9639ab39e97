package io.xgate.venue;

import java.time.Duration;

/**
 * A dialect's keep-alive and session rules for its market-data connection, enforced by the venue runtime.
 *
 * @param keepAlive       how the connection is kept alive
 * @param maxPingInterval the venue's own limit: a ping at least this often whatever {@code websocket.pingInterval}
 *                        says (OKX: 30 s of silence closes the connection), or {@code null} if none
 * @param subscribeWithin the venue closes a connection that has not subscribed within this (Coinbase: 5 s), or
 *                        {@code null}; the protocol's {@code onOpen} subscribes at once, so this is documentation
 *                        the runtime checks against the handshake
 */
public record SessionRules(KeepAlive keepAlive, Duration maxPingInterval, Duration subscribeWithin) {

    /** How a connection is kept alive. */
    public enum KeepAlive {
        /** WebSocket ping frames from xgate, answered by the venue's pong frames (and the venue's pings answered). */
        WEBSOCKET_PING,
        /** The protocol sends application pings and watches for their answers itself (Kraken {@code ping}). */
        APPLICATION
    }
}
