package io.xgate.venue;

import io.vertx.core.http.WebSocketConnectOptions;
import io.xgate.config.Instrument;

/**
 * A dialect's market-data side on one connection: how to connect and subscribe, and what each message means. The
 * venue runtime owns the connection and every symbol's state and calls these on its context; a protocol reports
 * facts through the {@link FeedSession}. One instance per connection (a rotation's new connection has its own).
 */
public interface MarketDataProtocol {

    /** Where and how to connect (the URI may carry the subscription, as Binance's combined streams do). */
    WebSocketConnectOptions connectOptions();

    /** The socket is open: subscribe, reset per-connection state. */
    void onOpen(FeedSession session);

    /** One complete WebSocket text message, in {@code frame[0, length)}; the array is reused afterwards. */
    void onMessage(byte[] frame, int length, long receiveTsNanos, FeedSession session);

    /**
     * Rebuild one instrument's book from scratch now: the runtime found it broken (a fact this protocol reported,
     * or a book verticle's check) and its back-off is over. The symbol stays RESYNCING until {@link FeedSession#live}.
     */
    void resync(Instrument instrument, FeedSession session);

    /** The connection is gone: forget per-connection state. */
    void onClose();
}
