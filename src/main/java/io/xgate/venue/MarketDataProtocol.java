package io.xgate.venue;

import io.vertx.core.http.WebSocketConnectOptions;
import io.xgate.config.Instrument;

/**
 * A venue dialect's market-data side: how to connect and subscribe, and what to do with each message. The
 * {@link VenueVerticle} owns the connection and calls these on its context; one instance per venue.
 */
public interface MarketDataProtocol {

    /** Where and how to connect (the URI may carry the subscription, as Binance's combined streams do). */
    WebSocketConnectOptions connectOptions();

    /** The socket is open: subscribe, reset per-connection state. */
    void onOpen(FeedSession session);

    /** One complete WebSocket text message, in {@code frame[0, length)}; the array is reused afterwards. */
    void onMessage(byte[] frame, int length, long receiveTsNanos, FeedSession session);

    /** Rebuild one instrument's book from scratch (a consumer found it broken). */
    void resync(Instrument instrument, String reason, FeedSession session);

    /** The connection is gone: forget per-connection state. */
    void onClose();

    /**
     * A {@code BookTop} of one of this venue's books, as the book verticle published it: a protocol may compare
     * it with what the venue says of its touch (Binance {@code bookTicker}) and resync on a disagreement.
     */
    default void onTop(io.xgate.event.BookTop top, FeedSession session) {
    }

    /**
     * Copies a LIVE top's touch (best bid price, its size, best ask price, its size) into {@code dst} from
     * {@code offset}, for a protocol's cross-check against the venue's own best bid/offer.
     *
     * @return false (and copies nothing) if the top is not LIVE or a side is empty
     */
    static boolean copyTouch(io.xgate.event.BookTop top, long[] dst, int offset) {
        if (top.syncState() != io.xgate.event.SyncState.LIVE || top.bidPrices().length == 0
                || top.askPrices().length == 0) {
            return false;
        }
        dst[offset] = top.bidPrices()[0];
        dst[offset + 1] = top.bidSizes()[0];
        dst[offset + 2] = top.askPrices()[0];
        dst[offset + 3] = top.askSizes()[0];
        return true;
    }
}
