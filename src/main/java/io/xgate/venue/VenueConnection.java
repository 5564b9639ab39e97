package io.xgate.venue;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketFrame;
import io.xgate.config.Instrument;
import io.xgate.event.BookUpdate;
import io.xgate.event.ResyncCause;
import io.xgate.event.SyncState;
import io.xgate.event.Trade;
import io.xgate.event.VenueTouch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One market-data WebSocket of a venue, with its own protocol instance: the {@link FeedSession} that protocol
 * talks to. It reassembles messages (at most {@code websocket.maxMessageBytes}; a larger one is skipped and counted
 * as a bad frame, the connection and every other symbol's book stay) and keeps the connection alive as the
 * dialect's {@link SessionRules} say.
 *
 * <p>An <em>active</em> connection reports to the venue's {@link SymbolSync} and publishes through its
 * {@link VenueVerticle}. A <em>standby</em> connection (opened to rotate, make-before-break) keeps its symbols'
 * states to itself and holds its book output back until all its symbols are LIVE; then it is promoted, publishing
 * what it held in one burst.
 *
 * <p>All calls happen on the venue verticle's context.
 */
final class VenueConnection implements FeedSession {

    private final ConnectionHost owner;
    private final ConnectionSet group;
    private final FeedSocket ws;
    /** This connection's number within its venue (from 1), as the journal knows it. */
    private final int id;
    private final FeedRecorder recorder;
    /** REST requests and deferred actions so far: each is numbered, so that a replay matches them up. */
    private int requests;
    private int timers;
    private boolean closeRecorded;
    /**
     * While an input is being handed to the protocol (a message, a REST answer, a timer), the time it counts as
     * happening at: every clock read of the protocol's during it gives that one time, the time the journal recorded,
     * so that a replay reads the same times. 0 outside.
     */
    private long inputNanos;
    private final MarketDataProtocol protocol;
    private final int maxMessageBytes;
    private final List<BookUpdate> held = new ArrayList<>();
    private final Map<String, SyncState> standbyStates = new HashMap<>();
    private boolean active;
    private boolean retired;
    /** The reused message array's usual size: a larger one is let go after its message (see {@link #onFrame}). */
    private static final int MESSAGE_CAPACITY = 64 * 1024;
    private byte[] message = new byte[MESSAGE_CAPACITY];
    private int messageLength;
    /** The message being received is above the limit: its remaining frames are dropped. */
    private boolean skipping;
    private long skippedBytes;
    /** Why xgate (not the venue) is closing this connection, or {@code null}. */
    private String closedByUs;
    private long sentMessages;
    private long lastPingNanos;
    private long lastPongNanos;

    VenueConnection(ConnectionHost owner, ConnectionSet group, int id, FeedSocket ws, MarketDataProtocol protocol,
                    boolean active, int maxMessageBytes) {
        this.owner = owner;
        this.group = group;
        this.id = id;
        this.ws = ws;
        this.recorder = owner.recorder();
        this.protocol = protocol;
        this.active = active;
        this.maxMessageBytes = maxMessageBytes;
    }

    MarketDataProtocol protocol() {
        return protocol;
    }

    /** The connection group this connection belongs to. */
    ConnectionSet group() {
        return group;
    }

    /** This connection's number within its venue. */
    int id() {
        return id;
    }

    boolean active() {
        return active;
    }

    boolean retired() {
        return retired;
    }

    /** Why xgate closed this connection, or {@code null} if it did not (then the venue or the network did). */
    String closedByUs() {
        return closedByUs;
    }

    /** xgate is about to close (or Vert.x closed) this connection for this reason. */
    void closingBecause(String reason) {
        if (closedByUs == null) {
            closedByUs = reason;
        }
    }

    /** Becomes the active connection; returns the book updates it held back, to publish now in order. */
    List<BookUpdate> promote() {
        active = true;
        List<BookUpdate> out = new ArrayList<>(held);
        held.clear();
        return out;
    }

    /**
     * The socket is gone (the venue or the network closed it): from now on nothing this connection's protocol says
     * or publishes counts, however late an answer to one of its requests arrives.
     */
    void closed(String reason) {
        retired = true;
        recordClose(reason);
        owner.closed(this);
    }

    /** Closes the connection without the owner treating it as a loss. */
    Future<Void> retire() {
        retired = true;
        recordClose(closedByUs == null ? "retired" : "xgate closed the connection: " + closedByUs);
        protocol.onClose();
        owner.closed(this);
        return ws.close();
    }

    private void recordClose(String reason) {
        if (!closeRecorded) {
            closeRecorded = true;
            recorder.connection(owner.venueId(), id, FeedRecorder.ConnectionEvent.CLOSED, "", reason,
                    owner.nowNanos());
        }
    }

    // ------------------------------------------------------------------------------------------ keep-alive

    /** Sends a WebSocket ping; returns false if the previous one (older than {@code pongTimeoutNanos}) got no pong. */
    boolean ping(long nowNanos, long pongTimeoutNanos) {
        if (lastPingNanos != 0 && lastPongNanos < lastPingNanos && nowNanos - lastPingNanos > pongTimeoutNanos) {
            return false;
        }
        if (lastPingNanos == 0 || lastPongNanos >= lastPingNanos) {
            lastPingNanos = nowNanos;
            ws.writePing();
        }
        return true;
    }

    /** Text messages sent so far on this connection. */
    long sentMessages() {
        return sentMessages;
    }

    /** A WebSocket pong arrived. */
    void pong(long nowNanos) {
        lastPongNanos = nowNanos;
    }

    // ------------------------------------------------------------------------------------------ frames

    /** Reassembles a text message from its frames into a reused array and hands it to the protocol. */
    /** One message in {@code DECODE_SAMPLE_MASK + 1} has its decode timed. */
    private static final int DECODE_SAMPLE_MASK = 63;
    private long decoded;

    void onFrame(WebSocketFrame frame) {
        if (retired) {
            return;
        }
        if (frame.isText() || frame.isBinary()) {
            messageLength = 0;
            skipping = false;
            skippedBytes = 0;
        } else if (!frame.isContinuation()) {
            return; // ping, pong, close: handled by Vert.x
        }
        Buffer data = frame.binaryData();
        int n = data.length();
        if (skipping || (long) messageLength + n > maxMessageBytes) {
            skipping = true;
            skippedBytes += n;
            if (frame.isFinal()) {
                long size = messageLength + skippedBytes;
                owner.metrics().message((int) Math.min(size, Integer.MAX_VALUE));
                messageLength = 0;
                skipping = false;
                recorder.skipped(owner.venueId(), id, size, nowNanos());
                skippedLarge(size);
            }
            return;
        }
        if (messageLength + n > message.length) {
            message = Arrays.copyOf(message, Math.max(messageLength + n, message.length * 2));
        }
        data.getBytes(0, n, message, messageLength);
        messageLength += n;
        if (frame.isFinal()) {
            owner.metrics().message(messageLength);
            long received = nowNanos(); // the message's one clock read: its events carry it as receive and publish time
            deliver(message, messageLength, received);
            if (message.length > MESSAGE_CAPACITY) {
                // an outlier (a padded message, a huge snapshot) grew the array: keeping it would hold up to
                // websocket.maxMessageBytes for the connection's life; the next outlier pays one allocation
                message = new byte[MESSAGE_CAPACITY];
            }
            if ((++decoded & DECODE_SAMPLE_MASK) == 0) {
                // receive -> decoded (decode, sync, publish) is sampled: a second clock read on one message in 64
                owner.metrics().stage(io.xgate.metrics.Metrics.Stage.RECEIVE_TO_DECODED, nowNanos() - received);
            }
        }
    }

    /** A message above the limit was skipped: a bad frame (live, and where a journal says so in a replay). */
    void skippedLarge(long size) {
        badFrame(null, "message of " + size + " bytes is larger than websocket.maxMessageBytes (" + maxMessageBytes
                + "): skipped (the connection stays; a book it touched fails its sequence or checksum rule and "
                + "resyncs alone; raise the limit in the venue file if the venue sends such messages)");
    }

    /** One complete message, received at {@code receivedNanos}: recorded, then handed to the protocol. */
    void deliver(byte[] frame, int length, long receivedNanos) {
        recorder.message(owner.venueId(), id, frame, length, receivedNanos);
        long outer = inputNanos;
        inputNanos = receivedNanos;
        try {
            protocol.onMessage(frame, length, receivedNanos, this);
        } catch (RuntimeException e) {
            // not the venue's bad frame but a bug of ours: counted apart (xgate_protocol_failures_total), as well
            owner.metrics().protocolFailure();
            badFrame(null, "protocol failed on a message: " + e);
        } finally {
            inputNanos = outer;
        }
    }

    // ------------------------------------------------------------------------------------------ FeedSession

    @Override
    public void publish(BookUpdate update) {
        if (retired) {
            return;
        }
        if (active) {
            owner.publishBook(update);
        } else {
            held.add(update);
        }
    }

    @Override
    public void publish(Trade trade) {
        if (active && !retired) {
            owner.publishTrade(trade); // a standby's trades were published by the active connection already
        }
    }

    @Override
    public void publish(VenueTouch touch) {
        if (active && !retired) {
            owner.publishTouch(touch); // a standby's books are held back: its touches would describe them
        }
    }

    @Override
    public void subscribing(Instrument instrument, String reason) {
        fact(instrument, SyncState.SUBSCRIBING, reason);
    }

    @Override
    public void syncing(Instrument instrument, String reason) {
        fact(instrument, SyncState.SYNCING, reason);
    }

    @Override
    public void live(Instrument instrument, String reason) {
        fact(instrument, SyncState.LIVE, reason);
    }

    @Override
    public void broken(Instrument instrument, ResyncCause cause, String reason) {
        if (retired) {
            return;
        }
        if (active) {
            owner.broken(this, instrument, cause, reason);
            return;
        }
        // a standby resyncs at once and on its own: nothing of it is published or counted until it takes over
        fact(instrument, SyncState.RESYNCING, reason);
        later(1, () -> {
            if (!retired && !active) {
                protocol.resync(instrument, this);
            }
        });
    }

    private void fact(Instrument instrument, SyncState state, String reason) {
        if (retired) {
            return; // a late answer on a connection that is gone: the symbol is DOWN, and stays so
        }
        if (active) {
            owner.fact(instrument, state, reason);
            return;
        }
        standbyStates.put(instrument.symbol(), state);
        if (state != SyncState.LIVE) {
            held.removeIf(u -> u.symbol().equals(instrument.symbol())); // its next snapshot replaces them
        }
        if (standbyStates.size() == group.symbolCount()
                && standbyStates.values().stream().allMatch(s -> s == SyncState.LIVE)) {
            group.promote(this);
        }
    }

    @Override
    public boolean isLive(Instrument instrument) {
        return active ? owner.isLive(instrument) : standbyStates.get(instrument.symbol()) == SyncState.LIVE;
    }

    @Override
    public boolean resyncPending(Instrument instrument) {
        return active && owner.resyncPending(instrument);
    }

    @Override
    public void send(String text) {
        if (!retired) {
            sentMessages++;
            recorder.sent(owner.venueId(), id, text, owner.nowNanos());
            ws.writeText(text);
        }
    }

    @Override
    public Future<Buffer> get(String pathAndQuery, String limitClass, long cost) {
        int n = ++requests;
        if (!recorder.enabled()) {
            return owner.get(this, n, pathAndQuery, limitClass, cost);
        }
        recorder.request(owner.venueId(), id, n, pathAndQuery, owner.nowNanos());
        // recorded as the protocol sees it: the answer is recorded, then handed on at the recorded time
        io.vertx.core.Promise<Buffer> answer = io.vertx.core.Promise.promise();
        owner.get(this, n, pathAndQuery, limitClass, cost).onComplete(ar -> {
            long at = owner.nowNanos();
            recorder.response(owner.venueId(), id, n, ar.succeeded() ? ar.result() : null, ar.cause(), at);
            long outer = inputNanos;
            inputNanos = at;
            try {
                answer.handle(ar);
            } finally {
                inputNanos = outer;
            }
        });
        return answer.future();
    }

    @Override
    public void reconnect(String reason) {
        closingBecause(reason);
        group.reconnect(this, reason);
    }

    @Override
    public void rotate(String reason) {
        if (active) {
            group.rotate(reason);
        }
    }

    @Override
    public void badFrame(String venueSymbol, String reason) {
        owner.badFrame(venueSymbol, reason);
    }

    @Override
    public void later(long millis, Runnable action) {
        int n = ++timers;
        owner.later(this, n, millis, () -> {
            long at = owner.nowNanos();
            recorder.timer(owner.venueId(), id, n, at);
            long outer = inputNanos;
            inputNanos = at;
            try {
                action.run();
            } finally {
                inputNanos = outer;
            }
        });
    }

    @Override
    public long nowNanos() {
        return inputNanos != 0 ? inputNanos : owner.nowNanos();
    }

    @Override
    public String venue() {
        return owner.venueId();
    }
}
