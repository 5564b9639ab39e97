package io.xgate.venue.kraken;

import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.xgate.config.Instrument;
import io.xgate.config.VenueConfig;
import io.xgate.event.BookUpdate;
import io.xgate.event.Side;
import io.xgate.event.Event;
import io.xgate.event.ResyncCause;
import io.xgate.event.Trade;
import io.xgate.event.VenueTouch;
import io.xgate.venue.FeedSession;
import io.xgate.venue.FrameException;
import io.xgate.venue.MarketDataProtocol;
import io.xgate.venue.SymbolTable;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kraken Spot WebSocket v2 market data (protocol reference 2.1-2.3): subscribes every symbol's {@code book} at
 * the venue's {@code bookDepth}, its {@code trade} channel and its {@code ticker} with {@code event_trigger: bbo};
 * a snapshot makes the symbol LIVE, updates follow with the venue's checksum, which the book verticle verifies
 * after truncating to the depth. The ticker's best bid and offer go down to the book verticle as
 * {@code VenueTouch}es, which it holds against the book's touch (the two channels share no sequence, so with
 * {@link KrakenDialect#TICKER_TOLERANCE}). A resync the runtime decides (checksum mismatch, bad
 * frame, ticker disagreement) unsubscribes and resubscribes that symbol's book for a fresh snapshot. An
 * application-level {@code ping} is sent every {@code pingInterval}; no {@code pong} within
 * {@code pongTimeout} reconnects.
 */
public final class KrakenProtocol implements MarketDataProtocol {

    private static final Logger LOG = LoggerFactory.getLogger(KrakenProtocol.class);

    private final VenueConfig venue;
    private final KrakenDecoder decoder;
    /** Reads the hot frames (book and trade updates) in place; what it defers goes to {@link #decoder}. */
    private final KrakenScanner scanner;
    private final SymbolTable symbols;
    /** The connection's book updates' levels, every symbol's, one chunk at a time. */
    private final io.xgate.venue.LevelSlab slab = new io.xgate.venue.LevelSlab();
    private long requestIds;
    private long connection;
    private long lastPingId = -1;
    private long lastPongId = -1;

    private final io.xgate.venue.InstrumentMetadata metadata;


    /** A protocol instance (one per connection) sharing the venue's instrument metadata. */
    public KrakenProtocol(VenueConfig venue, io.xgate.venue.InstrumentMetadata metadata) {
        this.venue = venue;
        this.metadata = metadata;
        this.symbols = new SymbolTable(venue.instruments().values(), false);
        this.decoder = new KrakenDecoder(symbols);
        this.scanner = new KrakenScanner(new ArrayList<>(venue.instruments().values()));
    }

    @Override
    public WebSocketConnectOptions connectOptions() {
        return new WebSocketConnectOptions().setAbsoluteURI(venue.websocket().url().toString())
                .setAllowOriginHeader(false);
    }

    @Override
    public void onOpen(FeedSession session) {
        long conn = ++connection;
        List<Instrument> all = new ArrayList<>(venue.instruments().values());
        for (Instrument i : all) {
            session.subscribing(i, "subscribing to book depth " + venue.bookDepth());
        }
        subscribe(session, "subscribe", all);
        session.send(request("subscribe", new JsonObject().put("channel", "trade").put("symbol", symbolsOf(all))));
        session.send(request("subscribe", new JsonObject().put("channel", "ticker").put("event_trigger", "bbo")
                .put("symbol", symbolsOf(all))));
        if (!all.stream().allMatch(metadata::known)) {
            session.send(request("subscribe", new JsonObject().put("channel", "instrument")));
        }
        lastPingId = lastPongId = -1;
        ping(session, conn);
    }

    @Override
    public void onClose() {
        connection++; // stops the ping loop of the closed connection
    }

    /**
     * The runtime decided to rebuild the book (a checksum mismatch, a bad frame, a ticker disagreement): unsubscribe
     * and subscribe again, for a fresh snapshot; updates until it comes are dropped.
     */
    @Override
    public void resync(Instrument instrument, FeedSession session) {
        subscribe(session, "unsubscribe", List.of(instrument));
        subscribe(session, "subscribe", List.of(instrument));
    }

    private void subscribe(FeedSession session, String method, List<Instrument> instruments) {
        session.send(request(method, new JsonObject().put("channel", "book").put("depth", venue.bookDepth())
                .put("symbol", symbolsOf(instruments))));
    }

    private void ping(FeedSession session, long conn) {
        if (conn != connection) {
            return;
        }
        if (lastPingId >= 0 && lastPongId < lastPingId) {
            session.reconnect("no pong within " + venue.websocket().pongTimeout().toMillis() + " ms");
            return;
        }
        lastPingId = ++requestIds;
        session.send(new JsonObject().put("method", "ping").put("req_id", lastPingId).encode());
        session.later(venue.websocket().pongTimeout().toMillis(), () -> {
            if (conn == connection && lastPongId < lastPingId) {
                session.reconnect("no pong within " + venue.websocket().pongTimeout().toMillis() + " ms");
            }
        });
        session.later(venue.websocket().pingInterval().toMillis(), () -> ping(session, conn));
    }

    @Override
    public void onMessage(byte[] frame, int length, long receiveTsNanos, FeedSession session) {
        KrakenMessage m = scanner.scan(frame, 0, length);
        if (m == null) {
            m = decode(frame, length, session);
            if (m == null) {
                return;
            }
        }
        switch (m.kind()) {
            case BOOK_SNAPSHOT:
            case BOOK_UPDATE:
                boolean snapshot = m.kind() == KrakenMessage.Kind.BOOK_SNAPSHOT;
                for (int k = 0; k < m.bookCount(); k++) {
                    book(m.book(k), snapshot, receiveTsNanos, session);
                }
                break;
            case TRADE:
                for (int k = 0; k < m.tradeCount(); k++) {
                    KrakenMessage.TradeEntry t = m.trade(k);
                    Instrument i = t.instrument();
                    session.publish(new Trade(venue.id(), i.symbol(), t.tradeId(), t.timestampNanos(), receiveTsNanos,
                            receiveTsNanos, t.buy() ? Side.BUY : Side.SELL, t.price(), t.quantity(), i.priceScale(),
                            i.sizeScale()));
                }
                break;
            case INSTRUMENT:
                instruments(frame, length);
                break;
            case RESPONSE:
                if ("pong".equals(m.method())) {
                    lastPongId = Math.max(lastPongId, m.requestId());
                } else if (!m.success()) {
                    LOG.warn("venue {}: {} failed: {}", venue.id(), m.method(), m.error());
                }
                break;
            case TICKER:
                // no sequence is shared with the book: the book verticle allows the two a moment to agree
                for (int k = 0; k < m.bookCount(); k++) {
                    KrakenMessage.Book b = m.book(k);
                    Instrument i = b.instrument();
                    session.publish(new VenueTouch(venue.id(), i.symbol(), Event.NO_SEQ, b.timestampNanos(),
                            receiveTsNanos, receiveTsNanos, b.bids().price(0), b.bids().size(0), b.asks().price(0),
                            b.asks().size(0), i.priceScale(), i.sizeScale()));
                }
                break;
            default:
                break; // heartbeat, status
        }
    }

    /** The reference decoder, for what the scanner deferred; a frame it refuses is reported, and null returned. */
    private KrakenMessage decode(byte[] frame, int length, FeedSession session) {
        try {
            return decoder.decode(frame, 0, length);
        } catch (FrameException e) {
            session.badFrame(e.symbol(), e.getMessage());
            Instrument i = e.symbol() == null ? null : symbols.find(e.symbol());
            if (i != null) {
                session.broken(i, ResyncCause.BAD_FRAME, "bad frame: " + e.getMessage());
            }
            return null;
        }
    }

    /** The {@code instrument} channel: each configured pair's increments, checked against the configuration. */
    private void instruments(byte[] frame, int length) {
        JsonObject data = new JsonObject(io.vertx.core.buffer.Buffer.buffer(java.util.Arrays.copyOf(frame, length)))
                .getJsonObject("data", new JsonObject());
        for (Object o : data.getJsonArray("pairs", new JsonArray())) {
            if (!(o instanceof JsonObject pair)) {
                continue;
            }
            Instrument i = symbols.find(pair.getString("symbol", ""));
            Object tick = pair.getValue("price_increment");
            Object lot = pair.getValue("qty_increment");
            if (i != null && tick != null && lot != null) {
                metadata.check(i, new io.xgate.venue.InstrumentMetadata.VenueInstrument(i.venueSymbol(),
                        tick.toString(), lot.toString()));
            }
        }
    }

    private void book(KrakenMessage.Book b, boolean snapshot, long receiveTsNanos, FeedSession session) {
        Instrument i = b.instrument();
        if (!snapshot && !session.isLive(i)) {
            return; // updates before the snapshot that follows a (re)subscribe
        }
        // the levels into the connection's slab: the event is the frame's one allocation
        int start = slab.put(b.bids(), b.asks());
        session.publish(new BookUpdate(venue.id(), i.symbol(), io.xgate.event.Event.NO_SEQ, b.timestampNanos(),
                receiveTsNanos, receiveTsNanos, snapshot ? BookUpdate.Kind.SNAPSHOT : BookUpdate.Kind.DELTA,
                io.xgate.event.Event.NO_SEQ, b.checksum() < 0 ? BookUpdate.NO_CHECKSUM : b.checksum(),
                i.priceScale(), i.sizeScale(), slab.store(), start, b.bids().count() + b.asks().count(),
                b.bids().count()));
        if (snapshot) {
            session.live(i, "snapshot of " + b.bids().count() + "/" + b.asks().count() + " levels");
        }
    }

    private String request(String method, JsonObject params) {
        return new JsonObject().put("method", method).put("params", params).put("req_id", ++requestIds).encode();
    }

    private static JsonArray symbolsOf(List<Instrument> instruments) {
        JsonArray a = new JsonArray();
        instruments.forEach(i -> a.add(i.venueSymbol()));
        return a;
    }
}
