package io.xgate.venue;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketFrame;
import io.xgate.config.Instrument;
import io.xgate.event.BookUpdate;
import io.xgate.event.SyncState;
import io.xgate.event.Trade;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One market-data WebSocket of a venue, with its own protocol instance: the {@link FeedSession} that protocol
 * talks to. An <em>active</em> connection publishes through its {@link VenueVerticle}. A <em>standby</em>
 * connection (opened to rotate, make-before-break) holds its book output and sync states back until all its
 * symbols are LIVE; then the verticle promotes it, publishing what it held in one burst.
 *
 * <p>All calls happen on the venue verticle's context.
 */
final class VenueConnection implements FeedSession {

    private final VenueVerticle owner;
    private final WebSocket ws;
    private final MarketDataProtocol protocol;
    private final int maxMessageBytes;
    private final List<BookUpdate> held = new ArrayList<>();
    private final Map<String, SyncState> standbyStates = new HashMap<>();
    private boolean active;
    private boolean retired;
    private byte[] message = new byte[64 * 1024];
    private int messageLength;

    VenueConnection(VenueVerticle owner, WebSocket ws, MarketDataProtocol protocol, boolean active,
                    int maxMessageBytes) {
        this.owner = owner;
        this.ws = ws;
        this.protocol = protocol;
        this.active = active;
        this.maxMessageBytes = maxMessageBytes;
    }

    MarketDataProtocol protocol() {
        return protocol;
    }

    boolean active() {
        return active;
    }

    boolean retired() {
        return retired;
    }

    /** Becomes the active connection; returns the book updates it held back, to publish now in order. */
    List<BookUpdate> promote() {
        active = true;
        List<BookUpdate> out = new ArrayList<>(held);
        held.clear();
        return out;
    }

    /** Closes the connection without the owner treating it as a loss. */
    Future<Void> retire() {
        retired = true;
        protocol.onClose();
        return ws.close();
    }

    /** Reassembles a text message from its frames into a reused array and hands it to the protocol. */
    void onFrame(WebSocketFrame frame) {
        if (retired) {
            return;
        }
        if (frame.isText() || frame.isBinary()) {
            messageLength = 0;
        } else if (!frame.isContinuation()) {
            return; // ping, pong, close: handled by Vert.x
        }
        Buffer data = frame.binaryData();
        int n = data.length();
        if (messageLength + n > maxMessageBytes) {
            badFrame(null, "message larger than websocket.maxMessageBytes (" + maxMessageBytes + ")");
            reconnect("oversized message");
            return;
        }
        if (messageLength + n > message.length) {
            message = Arrays.copyOf(message, Math.max(messageLength + n, message.length * 2));
        }
        data.getBytes(0, n, message, messageLength);
        messageLength += n;
        if (frame.isFinal()) {
            owner.metrics().message(messageLength);
            try {
                protocol.onMessage(message, messageLength, nowNanos(), this);
            } catch (RuntimeException e) {
                badFrame(null, "protocol failed on a message: " + e);
            }
        }
    }

    // ------------------------------------------------------------------------------------------ FeedSession

    @Override
    public void publish(BookUpdate update) {
        if (active) {
            owner.publishBook(update);
        } else {
            held.add(update);
        }
    }

    @Override
    public void publish(Trade trade) {
        if (active) {
            owner.publishTrade(trade); // a standby's trades were published by the active connection already
        }
    }

    @Override
    public void state(Instrument instrument, SyncState state, String reason) {
        if (active) {
            owner.state(instrument, state, reason);
            return;
        }
        standbyStates.put(instrument.symbol(), state);
        if (state != SyncState.LIVE) {
            held.removeIf(u -> u.symbol().equals(instrument.symbol())); // its next snapshot replaces them
        }
        if (standbyStates.size() == owner.symbolCount()
                && standbyStates.values().stream().allMatch(s -> s == SyncState.LIVE)) {
            owner.promote(this);
        }
    }

    @Override
    public void send(String text) {
        if (!retired) {
            ws.writeTextMessage(text);
        }
    }

    @Override
    public Future<Buffer> get(String pathAndQuery, String limitClass, long cost) {
        return owner.get(pathAndQuery, limitClass, cost);
    }

    @Override
    public void reconnect(String reason) {
        owner.reconnect(this, reason);
    }

    @Override
    public void rotate(String reason) {
        if (active) {
            owner.rotate(reason);
        }
    }

    @Override
    public long resyncDelayMillis(Instrument instrument) {
        return owner.resyncDelayMillis(instrument);
    }

    @Override
    public void badFrame(String venueSymbol, String reason) {
        owner.badFrame(venueSymbol, reason);
    }

    @Override
    public void later(long millis, Runnable action) {
        owner.later(millis, action);
    }

    @Override
    public long nowNanos() {
        return owner.nowNanos();
    }

    @Override
    public String venue() {
        return owner.venueId();
    }
}
