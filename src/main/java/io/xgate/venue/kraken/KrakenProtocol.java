package io.xgate.venue.kraken;

import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.xgate.config.Instrument;
import io.xgate.config.VenueConfig;
import io.xgate.event.BookUpdate;
import io.xgate.event.EpochClock;
import io.xgate.event.Side;
import io.xgate.event.SyncState;
import io.xgate.event.Trade;
import io.xgate.venue.FeedSession;
import io.xgate.venue.FrameException;
import io.xgate.venue.MarketDataProtocol;
import io.xgate.venue.SymbolTable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kraken Spot WebSocket v2 market data (protocol reference 2.1-2.3): subscribes every symbol's {@code book} at
 * the venue's {@code bookDepth}, its {@code trade} channel and its {@code ticker} with {@code event_trigger: bbo};
 * a snapshot makes the symbol LIVE, updates follow with the venue's checksum, which the book verticle verifies
 * after truncating to the depth. The ticker's best bid and offer are compared with the book's published touch:
 * the two channels are not sequenced against each other, so a difference is tolerated for
 * {@link #TICKER_TOLERANCE_NANOS}, and one that outlasts it resyncs the symbol. A resync (checksum mismatch, bad
 * frame, ticker disagreement) unsubscribes and resubscribes that symbol's book for a fresh snapshot. An
 * application-level {@code ping} is sent every {@code pingInterval}; no {@code pong} within
 * {@code pongTimeout} reconnects.
 */
public final class KrakenProtocol implements MarketDataProtocol {

    private static final Logger LOG = LoggerFactory.getLogger(KrakenProtocol.class);

    private final VenueConfig venue;
    private final KrakenDecoder decoder;
    private final SymbolTable symbols;
    private final Map<Instrument, Boolean> live = new HashMap<>();
    private long requestIds;
    private long connection;
    private long lastPingId = -1;
    private long lastPongId = -1;

    private final io.xgate.venue.InstrumentMetadata metadata;

    /** How long the ticker's best bid/offer may disagree with the book's touch before the book is resynced. */
    public static final long TICKER_TOLERANCE_NANOS = KrakenDialect.TICKER_TOLERANCE.toNanos();

    /**
     * Per instrument: the ticker's {bid, bid qty, ask, ask qty, seen}, the book top's {bid, bid qty, ask, ask qty,
     * seen}, and since when ({@code nanoTime}) they disagree (0: they agree).
     */
    private final Map<Instrument, long[]> touch = new HashMap<>();
    private final java.util.function.LongSupplier nanoTime;

    /** A protocol instance (one per connection) sharing the venue's instrument metadata. */
    public KrakenProtocol(VenueConfig venue, io.xgate.venue.InstrumentMetadata metadata) {
        this(venue, metadata, System::nanoTime);
    }

    /** As above, with the clock that times ticker disagreements (tests). */
    KrakenProtocol(VenueConfig venue, io.xgate.venue.InstrumentMetadata metadata,
                   java.util.function.LongSupplier nanoTime) {
        this.venue = venue;
        this.metadata = metadata;
        this.nanoTime = nanoTime;
        venue.instruments().values().forEach(i -> touch.put(i, new long[11]));
        this.symbols = new SymbolTable(venue.instruments().values(), false);
        this.decoder = new KrakenDecoder(symbols);
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
            live.put(i, false);
            session.state(i, SyncState.SUBSCRIBING, "subscribing to book depth " + venue.bookDepth());
        }
        subscribe(session, "subscribe", all);
        session.send(request("subscribe", new JsonObject().put("channel", "trade").put("symbol", symbolsOf(all))));
        session.send(request("subscribe", new JsonObject().put("channel", "ticker").put("event_trigger", "bbo")
                .put("symbol", symbolsOf(all))));
        touch.values().forEach(t -> java.util.Arrays.fill(t, 0));
        if (!all.stream().allMatch(metadata::known)) {
            session.send(request("subscribe", new JsonObject().put("channel", "instrument")));
        }
        lastPingId = lastPongId = -1;
        ping(session, conn);
    }

    @Override
    public void onClose() {
        live.replaceAll((i, v) -> false);
        connection++; // stops the ping loop of the closed connection
    }

    @Override
    public void resync(Instrument instrument, String reason, FeedSession session) {
        if (Boolean.FALSE.equals(live.get(instrument)) && resyncPending.contains(instrument)) {
            return; // a resync of this symbol is already under way
        }
        live.put(instrument, false);
        long[] t = touch.get(instrument);
        t[9] = 0; // the book's touch is void until the new snapshot; the ticker's stays valid
        t[10] = 0;
        session.state(instrument, SyncState.RESYNCING, reason);
        subscribe(session, "unsubscribe", List.of(instrument));
        resyncPending.add(instrument);
        long conn = connection;
        session.later(session.resyncDelayMillis(instrument), () -> {
            resyncPending.remove(instrument);
            if (conn == connection) {
                subscribe(session, "subscribe", List.of(instrument));
            }
        });
    }

    private final java.util.Set<Instrument> resyncPending = new java.util.HashSet<>();

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
        KrakenMessage m;
        try {
            m = decoder.decode(frame, 0, length);
        } catch (FrameException e) {
            session.badFrame(e.symbol(), e.getMessage());
            Instrument i = e.symbol() == null ? null : symbols.find(e.symbol());
            if (i != null) {
                resync(i, "bad frame: " + e.getMessage(), session);
            }
            return;
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
                for (int k = 0; k < m.bookCount(); k++) {
                    KrakenMessage.Book b = m.book(k);
                    long[] t = touch.get(b.instrument());
                    t[0] = b.bids().price(0);
                    t[1] = b.bids().size(0);
                    t[2] = b.asks().price(0);
                    t[3] = b.asks().size(0);
                    t[4] = 1;
                    compareTouch(b.instrument(), session);
                }
                break;
            default:
                break; // heartbeat, status
        }
    }

    @Override
    public void onTop(io.xgate.event.BookTop top, FeedSession session) {
        Instrument i = venue.instruments().get(top.symbol());
        if (i == null || !MarketDataProtocol.copyTouch(top, touch.get(i), 5)) {
            return;
        }
        touch.get(i)[9] = 1;
        compareTouch(i, session);
    }

    /**
     * The ticker (bbo) and the book are separate channels with no common sequence, so for a moment after a change
     * one may be ahead of the other. A disagreement that outlasts {@link #TICKER_TOLERANCE_NANOS} is not that:
     * the book is resynced.
     */
    private void compareTouch(Instrument i, FeedSession session) {
        long[] t = touch.get(i);
        if (t[4] == 0 || t[9] == 0 || !live.getOrDefault(i, false)) {
            return;
        }
        if (t[0] == t[5] && t[1] == t[6] && t[2] == t[7] && t[3] == t[8]) {
            t[10] = 0;
            return;
        }
        long now = nanoTime.getAsLong();
        if (t[10] == 0) {
            t[10] = now;
        } else if (now - t[10] >= TICKER_TOLERANCE_NANOS) {
            String reason = String.format("the book's touch has differed from the ticker (bbo) for %d ms: book %s@%s / "
                    + "%s@%s, ticker %s@%s / %s@%s", (now - t[10]) / 1_000_000, q(t[6], i), p(t[5], i), q(t[8], i),
                    p(t[7], i), q(t[1], i), p(t[0], i), q(t[3], i), p(t[2], i));
            resync(i, reason, session);
        }
    }

    private static String p(long price, Instrument i) {
        return io.xgate.num.Decimals.toStrippedString(price, i.priceScale());
    }

    private static String q(long qty, Instrument i) {
        return io.xgate.num.Decimals.toStrippedString(qty, i.sizeScale());
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
        if (!snapshot && !live.getOrDefault(i, false)) {
            return; // updates before the snapshot that follows a (re)subscribe
        }
        session.publish(new BookUpdate(venue.id(), i.symbol(), io.xgate.event.Event.NO_SEQ, b.timestampNanos(),
                receiveTsNanos, EpochClock.nanos(), snapshot ? BookUpdate.Kind.SNAPSHOT : BookUpdate.Kind.DELTA,
                io.xgate.event.Event.NO_SEQ, b.checksum() < 0 ? BookUpdate.NO_CHECKSUM : b.checksum(),
                i.priceScale(), i.sizeScale(), b.bids().copyPrices(), b.bids().copySizes(), b.asks().copyPrices(),
                b.asks().copySizes()));
        if (snapshot) {
            live.put(i, true);
            session.state(i, SyncState.LIVE, "snapshot of " + b.bids().count() + "/" + b.asks().count() + " levels");
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
