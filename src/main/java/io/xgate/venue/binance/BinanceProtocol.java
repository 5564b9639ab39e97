package io.xgate.venue.binance;

import io.vertx.core.http.WebSocketConnectOptions;
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
import io.xgate.rest.RestException;
import io.xgate.venue.SymbolTable;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Binance Spot market data (protocol reference 1.1, 1.2): one combined-stream connection carrying
 * {@code <symbol>@depth@100ms} and {@code <symbol>@trade} for every configured symbol; each symbol's book is
 * synced with a REST snapshot exactly as documented ({@link BinanceBookSync}); a gap resyncs that symbol only;
 * {@code serverShutdown} reconnects.
 */
public final class BinanceProtocol implements MarketDataProtocol {

    private static final Logger LOG = LoggerFactory.getLogger(BinanceProtocol.class);
    private static final int MAX_BUFFERED = 10_000;
    private static final String REQUEST_WEIGHT = BinanceDialect.REQUEST_WEIGHT;

    private final VenueConfig venue;
    private final BinanceDecoder decoder;
    private final BinanceScanner scanner;
    // in the configuration's order: what the protocol does for every symbol (requests, in the order they are numbered)
    // must not depend on hash codes, which differ from one JVM to the next (an enum's is its identity)
    private final Map<Instrument, BinanceBookSync> syncs = new java.util.LinkedHashMap<>();
    private final Map<Instrument, Boolean> snapshotInFlight = new java.util.LinkedHashMap<>();
    /** The syncs in the scanner's index order: the per-frame lookup is an array read. */
    private final BinanceBookSync[] syncByIndex;
    /** The connection's deltas' levels, every symbol's: one chunk at a time, not one per symbol. */
    private final io.xgate.venue.LevelSlab slab = new io.xgate.venue.LevelSlab();
    private final String streams;
    private long connection;

    private final io.xgate.venue.InstrumentMetadata metadata;

    /** A protocol instance (one per connection) sharing the venue's instrument metadata. */
    public BinanceProtocol(VenueConfig venue, io.xgate.venue.InstrumentMetadata metadata) {
        this.venue = venue;
        this.metadata = metadata;
        this.decoder = new BinanceDecoder(new SymbolTable(venue.instruments().values(), true));
        List<Instrument> instruments = List.copyOf(venue.instruments().values());
        this.scanner = new BinanceScanner(instruments);
        Instrument[] byIndex = instruments.toArray(new Instrument[0]);
        this.syncByIndex = new BinanceBookSync[byIndex.length];
        StringJoiner s = new StringJoiner("/");
        for (int n = 0; n < byIndex.length; n++) {
            Instrument i = byIndex[n];
            String lower = i.venueSymbol().toLowerCase(Locale.ROOT);
            s.add(lower + "@depth@100ms").add(lower + "@trade").add(lower + "@bookTicker");
            syncByIndex[n] = new BinanceBookSync(venue.id(), i, MAX_BUFFERED, slab);
            syncs.put(i, syncByIndex[n]);
        }
        this.streams = s.toString();
    }

    @Override
    public WebSocketConnectOptions connectOptions() {
        String base = venue.websocket().url().toString();
        return new WebSocketConnectOptions().setAbsoluteURI(base + (base.contains("?") ? "&" : "?") + "streams="
                + streams).setAllowOriginHeader(false);
    }

    @Override
    public void onOpen(FeedSession session) {
        connection++;
        if (!syncs.keySet().stream().allMatch(metadata::known)) {
            exchangeInfo(session);
        }
        for (Map.Entry<Instrument, BinanceBookSync> e : syncs.entrySet()) {
            e.getValue().reset();
            snapshotInFlight.put(e.getKey(), false);
            session.syncing(e.getKey(), "buffering the diff stream until the snapshot");
            fetchSnapshot(e.getKey(), session, connection);
        }
    }

    /** {@code GET /api/v3/exchangeInfo} (weight 20): tick and lot sizes, checked against the configuration. */
    private void exchangeInfo(FeedSession session) {
        StringJoiner list = new StringJoiner("%22,%22", "%5B%22", "%22%5D");
        syncs.keySet().forEach(i -> list.add(i.venueSymbol()));
        session.get("/api/v3/exchangeInfo?symbols=" + list, REQUEST_WEIGHT, 20).onComplete(ar -> {
            if (ar.failed()) {
                LOG.atLevel(io.xgate.rest.VenueHttp.stopping(ar.cause()) ? org.slf4j.event.Level.DEBUG : org.slf4j.event.Level.WARN)
                        .log("venue {}: exchangeInfo failed, instrument sizes not checked: {}", venue.id(),
                                ar.cause().getMessage());
                return;
            }
            io.vertx.core.json.JsonObject info = new io.vertx.core.json.JsonObject(ar.result());
            for (Object o : info.getJsonArray("symbols", new io.vertx.core.json.JsonArray())) {
                if (!(o instanceof io.vertx.core.json.JsonObject sym)) {
                    continue;
                }
                Instrument i = decoder.instrumentOf(sym.getString("symbol", ""));
                String tick = null;
                String lot = null;
                for (Object f : sym.getJsonArray("filters", new io.vertx.core.json.JsonArray())) {
                    if (f instanceof io.vertx.core.json.JsonObject filter) {
                        if ("PRICE_FILTER".equals(filter.getString("filterType"))) {
                            tick = filter.getString("tickSize");
                        } else if ("LOT_SIZE".equals(filter.getString("filterType"))) {
                            lot = filter.getString("stepSize");
                        }
                    }
                }
                if (i != null && tick != null && lot != null) {
                    metadata.check(i, new io.xgate.venue.InstrumentMetadata.VenueInstrument(i.venueSymbol(), tick, lot));
                }
            }
        });
    }

    /** The documented weight of {@code GET /api/v3/depth} by {@code limit} (protocol reference 1.2). */
    static int depthWeight(int limit) {
        return limit <= 100 ? 5 : limit <= 500 ? 25 : limit <= 1000 ? 50 : 250;
    }

    @Override
    public void onClose() {
        connection++; // answers to this connection's snapshot requests are void now
        syncs.values().forEach(BinanceBookSync::reset);
        snapshotInFlight.replaceAll((i, v) -> false);
    }

    /**
     * The runtime decided to rebuild the book (after this protocol reported a gap, or a book verticle found it
     * crossed or off its bookTicker): a fresh snapshot, at once, since waiting for the next delta would leave a quiet
     * market's symbol unsynced. An empty buffer is fine: the first event after the snapshot must still straddle it.
     */
    @Override
    public void resync(Instrument instrument, FeedSession session) {
        BinanceBookSync sync = syncs.get(instrument);
        if (sync == null) {
            return;
        }
        sync.reset();
        if (!snapshotInFlight.getOrDefault(instrument, false)) {
            fetchSnapshot(instrument, session, connection);
        }
    }

    @Override
    public void onMessage(byte[] frame, int length, long receiveTsNanos, FeedSession session) {
        BinanceMessage m = decoder.message();
        try {
            if (!scanner.scan(frame, 0, length, m)) {
                m = decoder.decode(frame, 0, length); // the reference reads everything the scanner does not
            }
        } catch (FrameException e) {
            session.badFrame(e.symbol(), e.getMessage());
            Instrument i = e.symbol() == null ? null : decoder.instrumentOf(e.symbol());
            if (i != null) {
                syncs.get(i).reset();
                session.broken(i, ResyncCause.BAD_FRAME, "bad frame: " + e.getMessage());
            }
            return;
        }
        switch (m.kind()) {
            case DEPTH_UPDATE:
                depth(m, receiveTsNanos, session);
                break;
            case TRADE:
                Instrument i = m.instrument();
                session.publish(new Trade(venue.id(), i.symbol(), m.tradeId(), m.tradeTimeNanos(), receiveTsNanos,
                        receiveTsNanos, m.buyerIsMaker() ? Side.SELL : Side.BUY, m.price(), m.quantity(),
                        i.priceScale(), i.sizeScale()));
                break;
            case BOOK_TICKER:
                // its u is the book's update id: the book verticle compares it with the book at the same id
                Instrument t = m.instrument();
                session.publish(new VenueTouch(venue.id(), t.symbol(), m.lastUpdateId(), Event.NO_TIME,
                        receiveTsNanos, receiveTsNanos, m.bids().price(0), m.bids().size(0), m.asks().price(0),
                        m.asks().size(0), t.priceScale(), t.sizeScale()));
                break;
            case SERVER_SHUTDOWN:
                session.rotate("the venue announced serverShutdown");
                break;
            case RESPONSE:
                if (m.errorCode() != 0) {
                    LOG.warn("venue {}: request {} failed: code {} {}", venue.id(), m.requestId(), m.errorCode(),
                            m.errorMessage());
                }
                break;
            default:
                break;
        }
    }

    private void depth(BinanceMessage m, long receiveTsNanos, FeedSession session) {
        Instrument i = m.instrument();
        // the scanner's index is an array read; only the reference decoder's frames hash the instrument
        BinanceBookSync sync = m.index >= 0 ? syncByIndex[m.index] : syncs.get(i);
        BookUpdate u = sync.onDelta(m, receiveTsNanos);
        switch (sync.result()) {
            case APPLIED:
                session.publish(u);
                break;
            case BUFFERED:
                if (!snapshotInFlight.get(i) && !session.resyncPending(i)) {
                    fetchSnapshot(i, session, connection);
                }
                break;
            case GAP:
                String reason = sync.reason();
                sync.reset();
                session.broken(i, ResyncCause.GAP, reason);
                break;
            default:
                break;
        }
    }

    private void fetchSnapshot(Instrument i, FeedSession session, long forConnection) {
        snapshotInFlight.put(i, true);
        int limit = Math.min(venue.bookDepth(), BinanceDialect.MAX_DEPTH_LIMIT);
        session.get("/api/v3/depth?symbol=" + i.venueSymbol() + "&limit=" + limit, REQUEST_WEIGHT, depthWeight(limit))
                .onComplete(ar -> {
                    if (forConnection != connection) {
                        return; // answered after a reconnect: that connection's state is gone
                    }
                    snapshotInFlight.put(i, false);
                    if (ar.failed()) {
                        long wait = ar.cause() instanceof RestException r && r.retryAfterMillis() > 0
                                ? r.retryAfterMillis() : 1_000;
                        // the book did not break: it is still syncing, just waiting for the venue
                        session.syncing(i, "snapshot failed, retrying in " + wait + " ms: "
                                + ar.cause().getMessage());
                        session.later(wait, () -> {
                            if (forConnection == connection && !syncs.get(i).isLive() && !snapshotInFlight.get(i)) {
                                fetchSnapshot(i, session, forConnection);
                            }
                        });
                        return;
                    }
                    byte[] body = ar.result().getBytes();
                    BinanceMessage snap;
                    try {
                        snap = decoder.decodeSnapshot(body, 0, body.length, i);
                    } catch (FrameException e) {
                        session.badFrame(i.venueSymbol(), e.getMessage());
                        session.broken(i, ResyncCause.SNAPSHOT, "bad snapshot: " + e.getMessage());
                        return;
                    }
                    BinanceBookSync sync = syncs.get(i);
                    List<BookUpdate> out = sync.onSnapshot(snap, session.nowNanos());
                    switch (sync.result()) {
                        case SYNCED:
                            out.forEach(session::publish);
                            session.live(i, "snapshot " + snap.lastUpdateId() + " + "
                                    + (out.size() - 1) + " buffered update(s)");
                            break;
                        case SNAPSHOT_TOO_OLD:
                            fetchSnapshot(i, session, forConnection);
                            break;
                        default:
                            String reason = sync.reason();
                            sync.reset();
                            session.broken(i, ResyncCause.GAP, reason);
                    }
                });
    }
}
