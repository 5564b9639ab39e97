package io.xgate.venue.bybit;

import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.xgate.config.Instrument;
import io.xgate.config.VenueConfig;
import io.xgate.event.BookUpdate;
import io.xgate.event.ResyncCause;
import io.xgate.event.Side;
import io.xgate.event.Trade;
import io.xgate.event.VenueTouch;
import io.xgate.num.Decimals;
import io.xgate.venue.FeedSession;
import io.xgate.venue.FrameException;
import io.xgate.venue.InstrumentMetadata;
import io.xgate.venue.MarketDataProtocol;
import io.xgate.venue.SymbolTable;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bybit v5 public market data on one category's connection (protocol reference 4.1, 4.2): subscribes
 * {@code orderbook.{bookDepth}}, {@code orderbook.1} (the touch) and {@code publicTrade} of each instrument of the
 * connection's group (at most 10 args per request, as spot requires). Book messages follow {@link BybitBookSync}:
 * any snapshot, whenever it comes (before the subscribe ack too), resets the book and makes it LIVE; {@code u == 1}
 * (the venue restarted) overwrites it; a delta with a stale {@code u} is dropped. Every book update carries the
 * cross sequence {@code seq} as its venue sequence, and so does each {@code orderbook.1} touch, so the book verticle
 * compares the two exactly when they describe the same {@code seq}. Sizes are base units: a contract size other
 * than one base unit is converted. A resync unsubscribes and subscribes the book again for a new snapshot.
 * {@code {"op":"ping"}} goes out every {@code min(pingInterval, 20 s)}; no pong within {@code pongTimeout}
 * reconnects. Each instrument's tick and lot are checked once against {@code GET /v5/market/instruments-info}.
 *
 * <p>One instance per connection; called on the venue verticle's context.
 */
public final class BybitProtocol implements MarketDataProtocol {

    private static final Logger LOG = LoggerFactory.getLogger(BybitProtocol.class);
    /** Spot accepts at most 10 args per subscribe request (4.1). */
    private static final int ARGS_PER_REQUEST = 10;

    private final VenueConfig venue;
    private final InstrumentMetadata metadata;
    private final SymbolTable symbols;
    private final BybitDecoder decoder;
    private final BybitScanner scanner;
    /** The connection's book updates' levels, every symbol's, one chunk at a time. */
    private final io.xgate.venue.LevelSlab slab = new io.xgate.venue.LevelSlab();
    /** The group's instruments; the per-instrument state is in arrays indexed like this one (the scanner's index). */
    private final Instrument[] instruments;
    /** An instrument's index, by identity (no record hashing), for frames the decoder read and for the edges. */
    private final Map<Instrument, Integer> indexes = new IdentityHashMap<>();
    private final BybitBookSync[] syncs;
    private final int depth;
    private long requestIds;
    private long connection;
    private long lastPingId = -1;
    private long lastPongId = -1;

    /** A protocol instance (one per connection) for a connection group's instruments (one category). */
    public BybitProtocol(VenueConfig venue, InstrumentMetadata metadata) {
        this.venue = venue;
        this.metadata = metadata;
        this.depth = BybitBookSync.validateDepth(venue.bookDepth());
        this.symbols = new SymbolTable(venue.instruments().values(), false);
        this.decoder = new BybitDecoder(symbols);
        List<Instrument> list = new ArrayList<>(venue.instruments().values());
        this.scanner = new BybitScanner(list);
        this.instruments = list.toArray(new Instrument[0]);
        this.syncs = new BybitBookSync[instruments.length];
        for (int k = 0; k < instruments.length; k++) {
            indexes.put(instruments[k], k);
            syncs[k] = new BybitBookSync();
        }
    }

    /** The sync of a message's instrument: by the scanner's index, or by identity for a decoded frame. */
    private BybitBookSync sync(BybitMessage m) {
        int k = m.symbolIndex();
        return k >= 0 ? syncs[k] : sync(m.instrument());
    }

    private BybitBookSync sync(Instrument i) {
        return syncs[indexes.get(i)];
    }

    @Override
    public WebSocketConnectOptions connectOptions() {
        return new WebSocketConnectOptions().setAbsoluteURI(venue.websocket().url().toString())
                .setAllowOriginHeader(false);
    }

    @Override
    public void onOpen(FeedSession session) {
        long conn = ++connection;
        List<String> args = new ArrayList<>();
        for (Instrument i : venue.instruments().values()) {
            sync(i).reset();
            session.subscribing(i, "subscribing to orderbook." + depth);
            args.add(bookTopic(i));
            if (depth != 1) {
                args.add("orderbook.1." + i.venueSymbol());
            }
            args.add("publicTrade." + i.venueSymbol());
        }
        send(session, "subscribe", args);
        lastPingId = lastPongId = -1;
        ping(session, conn);
        instruments(session);
    }

    @Override
    public void onClose() {
        connection++; // stops the ping loop of the closed connection
    }

    @Override
    public void resync(Instrument instrument, FeedSession session) {
        sync(instrument).reset(); // deltas until the new snapshot are dropped
        session.subscribing(instrument, "resubscribing to orderbook." + depth + " for a new snapshot");
        send(session, "unsubscribe", List.of(bookTopic(instrument)));
        send(session, "subscribe", List.of(bookTopic(instrument)));
    }

    private String bookTopic(Instrument i) {
        return "orderbook." + depth + "." + i.venueSymbol();
    }

    private void send(FeedSession session, String op, List<String> args) {
        for (int k = 0; k < args.size(); k += ARGS_PER_REQUEST) {
            JsonArray a = new JsonArray(new ArrayList<>(args.subList(k, Math.min(args.size(), k + ARGS_PER_REQUEST))));
            session.send(new JsonObject().put("req_id", Long.toString(++requestIds)).put("op", op).put("args", a)
                    .encode());
        }
    }

    private long pingIntervalMillis() {
        return Math.min(venue.websocket().pingInterval().toMillis(), BybitDialect.MAX_PING_INTERVAL.toMillis());
    }

    private void ping(FeedSession session, long conn) {
        if (conn != connection) {
            return;
        }
        long timeout = venue.websocket().pongTimeout().toMillis();
        if (lastPingId >= 0 && lastPongId < lastPingId) {
            session.reconnect("no pong within " + timeout + " ms");
            return;
        }
        lastPingId = ++requestIds;
        session.send(new JsonObject().put("req_id", Long.toString(lastPingId)).put("op", "ping").encode());
        long sent = lastPingId;
        session.later(timeout, () -> {
            if (conn == connection && lastPongId < sent) {
                session.reconnect("no pong within " + timeout + " ms");
            }
        });
        session.later(pingIntervalMillis(), () -> ping(session, conn));
    }

    @Override
    public void onMessage(byte[] frame, int length, long receiveTsNanos, FeedSession session) {
        // the hot shape (orderbook pushes) by the byte scanner; everything else, and anything it does not
        // recognise exactly, by the Jackson decoder
        BybitMessage m = scanner.scan(frame, 0, length);
        if (m == null) {
            try {
                m = decoder.decode(frame, 0, length);
            } catch (FrameException e) {
                session.badFrame(e.symbol(), e.getMessage());
                Instrument i = e.symbol() == null ? null : symbols.find(e.symbol());
                if (i != null) {
                    session.broken(i, ResyncCause.BAD_FRAME, "bad frame: " + e.getMessage());
                }
                return;
            }
        }
        switch (m.kind()) {
            case BOOK_SNAPSHOT, BOOK_DELTA -> book(m, receiveTsNanos, session);
            case TOUCH -> {
                if (depth == 1) {
                    book(m, receiveTsNanos, session); // the level-1 book is the book
                } else {
                    touch(m, receiveTsNanos, session);
                }
            }
            case TRADE -> trades(m, receiveTsNanos, session);
            case PONG -> pong(m);
            case RESPONSE -> {
                if (!m.success()) {
                    LOG.warn("venue {}: {} refused: {}", venue.id(), m.op(), m.returnMessage());
                }
            }
            default -> {
            }
        }
    }

    private void pong(BybitMessage m) {
        long id = lastPingId;
        try {
            id = m.requestId() == null || m.requestId().isEmpty() ? lastPingId : Long.parseLong(m.requestId());
        } catch (NumberFormatException e) {
            // a pong without our id (linear answers req_id ""): it answers the last ping
        }
        lastPongId = Math.max(lastPongId, Math.min(id, lastPingId));
    }

    private void book(BybitMessage m, long receiveTsNanos, FeedSession session) {
        Instrument i = m.instrument();
        if (session.resyncPending(i)) {
            return; // the runtime decided a resync: nothing more of this book until it starts
        }
        BybitBookSync sync = sync(m);
        BybitBookSync.Result r = m.kind() == BybitMessage.Kind.TOUCH ? sync.onSnapshot(m.updateId()) : sync.on(m);
        switch (r) {
            case SNAPSHOT, RESTART -> {
                boolean wasLive = session.isLive(i);
                publish(i, m, BookUpdate.Kind.SNAPSHOT, receiveTsNanos, session);
                if (!wasLive) {
                    session.live(i, (r == BybitBookSync.Result.RESTART ? "restart snapshot (u 1) of " : "snapshot of ")
                            + m.bids().count() + "/" + m.asks().count() + " levels");
                }
            }
            case APPLIED -> {
                if (session.isLive(i)) {
                    publish(i, m, BookUpdate.Kind.DELTA, receiveTsNanos, session);
                }
            }
            default -> {
                // STALE (u at or below the last) and NO_SNAPSHOT (a delta before the snapshot): dropped
            }
        }
    }

    private void publish(Instrument i, BybitMessage m, BookUpdate.Kind kind, long receiveTsNanos, FeedSession session) {
        // both sides into the connection's slab (the event is the frame's one allocation), stamped once per frame
        // (receive = publish)
        int start = slab.put(m.bids(), m.asks());
        int pairs = m.bids().count() + m.asks().count();
        long[] store = slab.store();
        sizes(i, store, 2 * start, 2 * (start + pairs));
        session.publish(new BookUpdate(venue.id(), i.symbol(), m.seq(), m.timestampNanos(), receiveTsNanos,
                receiveTsNanos, kind, m.seq(), BookUpdate.NO_CHECKSUM, i.priceScale(), i.sizeScale(), store, start,
                pairs, m.bids().count()));
    }

    private void touch(BybitMessage m, long receiveTsNanos, FeedSession session) {
        Instrument i = m.instrument();
        if (!session.isLive(i) || m.bids().count() == 0 || m.asks().count() == 0) {
            return;
        }
        session.publish(new VenueTouch(venue.id(), i.symbol(), m.seq(), m.timestampNanos(), receiveTsNanos,
                receiveTsNanos, m.bids().price(0), base(i, m.bids().size(0)), m.asks().price(0),
                base(i, m.asks().size(0)), i.priceScale(), i.sizeScale()));
    }

    private void trades(BybitMessage m, long receiveTsNanos, FeedSession session) {
        for (int k = 0; k < m.tradeCount(); k++) {
            BybitMessage.TradeEntry t = m.trade(k);
            Instrument i = m.instrument();
            session.publish(new Trade(venue.id(), i.symbol(), t.seq(), t.timestampNanos(), receiveTsNanos,
                    receiveTsNanos, t.buy() ? Side.BUY : Side.SELL, t.price(), base(i, t.size()), i.priceScale(),
                    i.sizeScale()));
        }
    }

    /** The sizes of one side in base units. */
    /** (price, size) pairs with the sizes in base units, in place (the identity for Bybit linear's contract 1). */
    /** The sizes of the pairs of {@code levels} from index {@code from} (a price) to {@code to}, in base units. */
    private static void sizes(Instrument i, long[] levels, int from, int to) {
        if (i.contractSize() != Decimals.pow10(i.sizeScale())) {
            for (int k = from + 1; k < to; k += 2) {
                levels[k] = base(i, levels[k]);
            }
        }
    }

    /**
     * A size as Bybit quotes it (contracts for a derivative, parsed at the size scale) in base units. Bybit linear
     * quotes base units already (contract size 1): then this is the identity.
     */
    static long base(Instrument i, long venueSize) {
        long one = Decimals.pow10(i.sizeScale());
        return i.contractSize() == one ? venueSize : Math.multiplyExact(venueSize, i.contractSize()) / one;
    }

    /** {@code GET /v5/market/instruments-info} for each instrument not yet known (cached for the venue). */
    private void instruments(FeedSession session) {
        for (Instrument i : venue.instruments().values()) {
            if (metadata.known(i)) {
                continue;
            }
            String category = BybitDialect.category(i);
            session.get("/v5/market/instruments-info?category=" + category + "&symbol=" + i.venueSymbol(),
                    BybitDialect.IP, 1).onComplete(ar -> {
                        if (ar.failed()) {
                            LOG.atLevel(io.xgate.rest.VenueHttp.stopping(ar.cause()) ? org.slf4j.event.Level.DEBUG
                                    : org.slf4j.event.Level.WARN).log("venue {} {}: instruments-info failed, sizes "
                                    + "not checked: {}", venue.id(), i.symbol(), ar.cause().getMessage());
                            return;
                        }
                        try {
                            JsonObject o = new JsonObject(ar.result());
                            JsonArray list = o.getJsonObject("result", new JsonObject())
                                    .getJsonArray("list", new JsonArray());
                            if (o.getInteger("retCode", -1) != 0 || list.isEmpty()) {
                                LOG.warn("venue {} {}: instruments-info says retCode {} {} with {} instrument(s)",
                                        venue.id(), i.symbol(), o.getValue("retCode"), o.getString("retMsg"),
                                        list.size());
                                return;
                            }
                            JsonObject d = list.getJsonObject(0);
                            JsonObject lot = d.getJsonObject("lotSizeFilter", new JsonObject());
                            String step = lot.getString("qtyStep", lot.getString("basePrecision"));
                            String tick = d.getJsonObject("priceFilter", new JsonObject()).getString("tickSize");
                            if (tick != null && step != null) {
                                metadata.check(i, new InstrumentMetadata.VenueInstrument(i.venueSymbol(), tick, step));
                            }
                        } catch (RuntimeException e) {
                            LOG.warn("venue {} {}: unreadable instruments-info: {}", venue.id(), i.symbol(),
                                    e.toString());
                        }
                    });
        }
    }
}
