package io.xgate.venue.okx;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.xgate.config.Instrument;
import io.xgate.config.VenueConfig;
import io.xgate.event.BookUpdate;
import io.xgate.event.EpochClock;
import io.xgate.event.ResyncCause;
import io.xgate.event.Side;
import io.xgate.event.Trade;
import io.xgate.event.VenueTouch;
import io.xgate.num.Decimals;
import io.xgate.rest.RestException;
import io.xgate.venue.FeedSession;
import io.xgate.venue.FrameException;
import io.xgate.venue.InstrumentMetadata;
import io.xgate.venue.LevelBuffer;
import io.xgate.venue.MarketDataProtocol;
import io.xgate.venue.SymbolTable;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OKX v5 public market data on {@code /ws/v5/public} (protocol reference 3.1, 3.2, 3.2a, 3.5), spot and swap
 * instruments on one connection: {@code books} (400 levels), {@code bbo-tbt} and {@code trades} per instrument.
 *
 * <p><b>Book sync</b> ({@link OkxBookSync}): an in-band {@code snapshot} makes the symbol LIVE; updates chain by
 * {@code prevSeqId == last seqId}, with the two documented exceptions accepted without a resync (the empty keepalive
 * {@code seqId == prevSeqId}, the reset {@code seqId < prevSeqId}), counted in {@link #keepalives()} and
 * {@link #resets()}. Any other break reports a {@code GAP}, and {@link #resync} resubscribes that instrument's
 * {@code books} alone (unsubscribe + subscribe). If no snapshot comes within {@link #BOOTSTRAP_WAIT_MILLIS} of the
 * subscribe ack (OKX announced the in-band snapshot may go, 3.2a), the book is bootstrapped from REST
 * {@code GET /api/v5/market/books} (limit class {@value #MARKET_BOOKS}, 40 requests / 2 s per IP): updates are
 * buffered, the ones the snapshot covers dropped, and the first kept one must straddle it.
 *
 * <p><b>Base units</b>: SWAP books and trades are quoted in contracts; every size is converted to base units
 * exactly ({@link OkxContractSize}, the instrument's {@code contractSize}) before it is published. A size that does
 * not convert exactly is a bad frame (that symbol resyncs). The checksum is the book verticle's (see
 * {@link OkxDialect#bookRules}); a {@code checksum: 0} goes down as "no checksum".
 *
 * <p>{@code bbo-tbt} goes down as a {@code VenueTouch} at its {@code seqId}, which is the book's sequence, so the
 * book verticle compares them exactly when the two name the same {@code seqId}. Keep-alive: the literal text
 * {@code ping} after {@link #idleMillis()} without any message (less than OKX's 30 s), and no {@code pong} within
 * {@code websocket.pongTimeout} reconnects. The {@code 64008} service-upgrade notice rotates the connection
 * make-before-break. Subscribe and unsubscribe requests are held to {@value #OPS_PER_HOUR} per hour on a connection
 * (a resync that would exceed it waits for room). Called only on the venue verticle's context.
 */
public final class OkxProtocol implements MarketDataProtocol {

    private static final Logger LOG = LoggerFactory.getLogger(OkxProtocol.class);

    /** OKX's public REST book endpoint's limit class (40 requests per 2 s per IP), as named in the venue file. */
    public static final String MARKET_BOOKS = "MARKET_BOOKS";
    /** OKX's public REST limit class for the other public endpoints (time, instruments; 20 per 2 s per IP). */
    public static final String PUBLIC = "PUBLIC";
    /** The book channel: 400 levels, snapshot then incremental updates. */
    public static final String BOOKS = "books";
    /** The 1-level, tick-by-tick best bid/offer channel. */
    public static final String BBO = "bbo-tbt";
    /** The trades channel on {@code /public}. */
    public static final String TRADES = "trades";
    /** How long after a subscribe ack an in-band snapshot may take before the book is bootstrapped from REST. */
    public static final long BOOTSTRAP_WAIT_MILLIS = 1_000;
    /** Subscribe, unsubscribe and login requests allowed per connection per hour (3.1). */
    public static final int OPS_PER_HOUR = 480;
    /** OKX closes a connection silent for 30 s; the ping goes out well before. */
    static final long MAX_IDLE_MILLIS = 25_000;
    private static final long HOUR_NANOS = 3_600_000_000_000L;
    private static final int MAX_BUFFERED = 10_000;

    private final VenueConfig venue;
    private final InstrumentMetadata metadata;
    private final SymbolTable symbols;
    private final OkxDecoder decoder;
    private final OkxScanner scanner;
    /** The connection's book updates' levels, every symbol's, one chunk at a time. */
    private final io.xgate.venue.LevelSlab slab = new io.xgate.venue.LevelSlab();
    /** The instruments; per-instrument state below is in arrays indexed like this one (the scanner's index). */
    private final Instrument[] instruments;
    /** An instrument's index, by identity (no record hashing), for frames the decoder read and for the edges. */
    private final Map<Instrument, Integer> indexes = new IdentityHashMap<>();
    private final OkxBookSync<BookUpdate>[] syncs;
    /** The SWAP contract sizes; {@code null} for SPOT. */
    private final OkxContractSize[] contracts;
    /** Per instrument: a counter bumped on every (re)subscribe and snapshot, so that a late bootstrap timer is void. */
    private final long[] generation;
    private final boolean[] restInFlight;
    private final ArrayDeque<Long> opTimes = new ArrayDeque<>();
    private long connection;
    private long lastReceivedNanos;
    private long pingSentNanos = -1;
    private long keepalives;
    private long resets;
    private long restBootstraps;

    /** A protocol instance (one per connection) sharing the venue's instrument metadata. */
    public OkxProtocol(VenueConfig venue, InstrumentMetadata metadata) {
        this.venue = venue;
        this.metadata = metadata;
        this.symbols = new SymbolTable(venue.instruments().values(), false);
        this.decoder = new OkxDecoder(symbols);
        List<Instrument> list = new ArrayList<>(venue.instruments().values());
        this.scanner = new OkxScanner(list);
        this.instruments = list.toArray(new Instrument[0]);
        int n = instruments.length;
        @SuppressWarnings("unchecked")
        OkxBookSync<BookUpdate>[] s = new OkxBookSync[n];
        this.syncs = s;
        this.contracts = new OkxContractSize[n];
        this.generation = new long[n];
        this.restInFlight = new boolean[n];
        for (int k = 0; k < n; k++) {
            Instrument i = instruments[k];
            indexes.put(i, k);
            syncs[k] = new OkxBookSync<>(MAX_BUFFERED);
            if (i.perpetual()) {
                contracts[k] = new OkxContractSize(i.contractSize(), i.sizeScale());
            }
        }
    }

    /** The instrument's index in {@link #instruments}, or -1. */
    private int index(Instrument i) {
        Integer k = i == null ? null : indexes.get(i);
        return k == null ? -1 : k;
    }

    /** The index of a message's instrument: the scanner's, or looked up by identity for a decoded frame. */
    private int index(OkxMessage m) {
        int k = m.symbolIndex();
        return k >= 0 ? k : index(m.instrument());
    }

    /** Documented keepalive updates accepted on this connection (never a resync). */
    public long keepalives() {
        return keepalives;
    }

    /** Documented sequence resets accepted on this connection (never a resync). */
    public long resets() {
        return resets;
    }

    /** Books bootstrapped from REST on this connection. */
    public long restBootstraps() {
        return restBootstraps;
    }

    @Override
    public WebSocketConnectOptions connectOptions() {
        return new WebSocketConnectOptions().setAbsoluteURI(venue.websocket().url().toString())
                .setAllowOriginHeader(false);
    }

    @Override
    public void onOpen(FeedSession session) {
        long conn = ++connection;
        opTimes.clear();
        lastReceivedNanos = System.nanoTime();
        pingSentNanos = -1;
        JsonArray args = new JsonArray();
        for (int k = 0; k < instruments.length; k++) {
            Instrument i = instruments[k];
            syncs[k].reset();
            restInFlight[k] = false;
            generation[k]++;
            session.subscribing(i, "subscribing to " + BOOKS + ", " + BBO + " and " + TRADES);
            for (String channel : List.of(BOOKS, BBO, TRADES)) {
                args.add(arg(channel, i));
            }
        }
        // one request for everything: one of the 480 per hour; well under the 64 KB args limit for a venue's symbols
        sendOp(session, new JsonObject().put("op", "subscribe").put("args", args).encode(), conn);
        if (!java.util.Arrays.stream(instruments).allMatch(metadata::known)) {
            instruments(session, conn);
        }
        session.later(checkMillis(), () -> keepAlive(session, conn));
    }

    @Override
    public void onClose() {
        connection++; // stops this connection's timers and voids its REST answers
        for (int k = 0; k < instruments.length; k++) {
            syncs[k].reset();
            restInFlight[k] = false;
        }
    }

    /** The runtime decided to rebuild the book: resubscribe its {@code books} alone for a new snapshot. */
    @Override
    public void resync(Instrument instrument, FeedSession session) {
        int k = index(instrument);
        if (k < 0) {
            return;
        }
        syncs[k].reset();
        generation[k]++;
        JsonArray one = new JsonArray().add(arg(BOOKS, instrument));
        sendOp(session, new JsonObject().put("op", "unsubscribe").put("args", one).encode(), connection);
        sendOp(session, new JsonObject().put("op", "subscribe").put("args", one.copy()).encode(), connection);
    }

    private static JsonObject arg(String channel, Instrument i) {
        return new JsonObject().put("channel", channel).put("instId", i.venueSymbol());
    }

    /**
     * Sends a subscribe/unsubscribe request within the 480-per-hour budget of the connection. With the budget spent
     * (a storm of resyncs), the connection is replaced: the budget is per connection, and waiting for room would
     * leave the book that needs the request unsynced for up to an hour (the fuzz harness found it so).
     */
    private void sendOp(FeedSession session, String text, long conn) {
        if (conn != connection) {
            return;
        }
        long now = System.nanoTime();
        while (!opTimes.isEmpty() && now - opTimes.peekFirst() >= HOUR_NANOS) {
            opTimes.pollFirst();
        }
        if (opTimes.size() >= OPS_PER_HOUR) {
            long waitMillis = (HOUR_NANOS - (now - opTimes.peekFirst())) / 1_000_000 + 1;
            String reason = opTimes.size() + " subscribe requests in the last hour on this connection (OKX allows "
                    + OPS_PER_HOUR + "; room in " + waitMillis + " ms): a new connection has a budget of its own";
            LOG.warn("venue {}: {}; reconnecting", venue.id(), reason);
            connection++; // nothing more goes out on this connection, whatever else was queued for it
            session.reconnect(reason);
            return;
        }
        opTimes.addLast(now);
        session.send(text);
    }

    private long idleMillis() {
        return Math.min(venue.websocket().pingInterval().toMillis(), MAX_IDLE_MILLIS);
    }

    private long checkMillis() {
        return Math.max(50, Math.min(1_000, idleMillis() / 4));
    }

    /** The literal {@code ping} after {@link #idleMillis()} of silence; no {@code pong} in time reconnects. */
    private void keepAlive(FeedSession session, long conn) {
        if (conn != connection) {
            return;
        }
        long now = System.nanoTime();
        if (pingSentNanos >= 0) {
            if ((now - pingSentNanos) / 1_000_000 >= venue.websocket().pongTimeout().toMillis()) {
                session.reconnect("no pong within " + venue.websocket().pongTimeout().toMillis() + " ms of ping");
                return;
            }
        } else if ((now - lastReceivedNanos) / 1_000_000 >= idleMillis()) {
            pingSentNanos = now;
            session.send("ping");
        }
        session.later(checkMillis(), () -> keepAlive(session, conn));
    }

    @Override
    public void onMessage(byte[] frame, int length, long receiveTsNanos, FeedSession session) {
        lastReceivedNanos = System.nanoTime();
        // the hot shapes (books, bbo-tbt) by the byte scanner; everything else, and anything it does not
        // recognise exactly, by the Jackson decoder
        OkxMessage m = scanner.scan(frame, 0, length);
        if (m == null) {
            try {
                m = decoder.decode(frame, 0, length);
            } catch (FrameException e) {
                badFrame(e, session);
                return;
            }
        }
        try {
            handle(m, receiveTsNanos, session);
        } catch (ArithmeticException e) {
            Instrument i = m.instrument();
            session.badFrame(i == null ? null : i.venueSymbol(), e.getMessage());
            if (i != null) {
                syncs[index(m)].reset();
                session.broken(i, ResyncCause.BAD_FRAME, "sizes not convertible to base units: " + e.getMessage());
            }
        }
    }

    private void badFrame(FrameException e, FeedSession session) {
        session.badFrame(e.symbol(), e.getMessage());
        Instrument i = e.symbol() == null ? null : symbols.find(e.symbol());
        if (i != null) {
            syncs[index(i)].reset();
            session.broken(i, ResyncCause.BAD_FRAME, "bad frame: " + e.getMessage());
        }
    }

    private void handle(OkxMessage m, long receiveTsNanos, FeedSession session) {
        switch (m.kind()) {
            case BOOK_SNAPSHOT -> snapshot(m, receiveTsNanos, session);
            case BOOK_UPDATE -> update(m, receiveTsNanos, session);
            case BBO -> {
                Instrument i = m.instrument();
                int k = index(m);
                if (m.bids().count() > 0 && m.asks().count() > 0) {
                    session.publish(new VenueTouch(venue.id(), i.symbol(), m.seqId(), m.timestampNanos(),
                            receiveTsNanos, receiveTsNanos, m.bids().price(0), base(k, m.bids().size(0)),
                            m.asks().price(0), base(k, m.asks().size(0)), i.priceScale(), i.sizeScale()));
                }
            }
            case TRADE -> {
                Instrument i = m.instrument();
                int c = index(m);
                for (int k = 0; k < m.tradeCount(); k++) {
                    OkxMessage.TradeEntry t = m.trade(k);
                    session.publish(new Trade(venue.id(), i.symbol(), t.tradeId(), t.timestampNanos(), receiveTsNanos,
                            receiveTsNanos, t.buy() ? Side.BUY : Side.SELL, t.price(), base(c, t.size()),
                            i.priceScale(), i.sizeScale()));
                }
            }
            case SUBSCRIBED -> {
                Instrument i = m.instrument();
                if (i != null && BOOKS.equals(m.channel())) {
                    awaitSnapshot(i, session);
                }
            }
            case PONG -> pingSentNanos = -1;
            case NOTICE -> {
                if (m.serviceUpgrade()) {
                    session.rotate("OKX notice " + m.code() + ": " + m.errorMessage());
                } else {
                    LOG.info("venue {}: notice {} {}", venue.id(), m.code(), m.errorMessage());
                }
            }
            case ERROR -> LOG.warn("venue {}: error {} {}{}", venue.id(), m.code(), m.errorMessage(),
                    m.instrument() == null ? "" : " (" + m.instrument().venueSymbol() + ")");
            default -> {
                // unsubscribe acks, login, tickers, channel-conn-count
            }
        }
    }

    /** After the {@code books} ack: if no in-band snapshot comes in time, bootstrap from REST. */
    private void awaitSnapshot(Instrument i, FeedSession session) {
        int k = index(i);
        long gen = ++generation[k];
        long conn = connection;
        if (syncs[k].isLive()) {
            return; // the snapshot came first
        }
        session.syncing(i, "subscribed; waiting up to " + BOOTSTRAP_WAIT_MILLIS + " ms for the in-band snapshot");
        session.later(BOOTSTRAP_WAIT_MILLIS, () -> {
            if (conn == connection && generation[k] == gen && !syncs[k].isLive()
                    && !restInFlight[k] && !session.resyncPending(i)) {
                restSnapshot(i, session, conn);
            }
        });
    }

    private void snapshot(OkxMessage m, long receiveTsNanos, FeedSession session) {
        Instrument i = m.instrument();
        int k = index(m);
        OkxBookSync<BookUpdate> sync = syncs[k];
        BookUpdate u = bookUpdate(i, k, m, BookUpdate.Kind.SNAPSHOT, receiveTsNanos);
        generation[k]++;
        sync.onSnapshot(m.seqId());
        session.publish(u);
        session.live(i, "in-band snapshot seqId " + m.seqId() + " of " + m.bids().count() + "/" + m.asks().count()
                + " levels");
    }

    private void update(OkxMessage m, long receiveTsNanos, FeedSession session) {
        Instrument i = m.instrument();
        int k = index(m);
        OkxBookSync<BookUpdate> sync = syncs[k];
        boolean empty = m.bids().count() == 0 && m.asks().count() == 0;
        BookUpdate u = bookUpdate(i, k, m, BookUpdate.Kind.DELTA, receiveTsNanos);
        switch (sync.onUpdate(m.prevSeqId(), m.seqId(), empty, u)) {
            case APPLIED -> publishIfLive(i, u, session);
            case RESET -> {
                resets++;
                LOG.info("venue {} {}: sequence reset (prevSeqId {} -> seqId {}), documented: no resync", venue.id(),
                        i.symbol(), m.prevSeqId(), m.seqId());
                publishIfLive(i, u, session);
            }
            case KEEPALIVE -> keepalives++;
            case GAP -> {
                String reason = sync.reason();
                sync.reset();
                session.broken(i, ResyncCause.GAP, reason);
            }
            default -> {
                // BUFFERED (waiting for a snapshot), STALE
            }
        }
    }

    private void publishIfLive(Instrument i, BookUpdate u, FeedSession session) {
        if (session.isLive(i)) {
            session.publish(u);
        }
    }

    private BookUpdate bookUpdate(Instrument i, int k, OkxMessage m, BookUpdate.Kind kind, long receiveTsNanos) {
        // both sides into the connection's slab (the event is the frame's one allocation), stamped once per frame
        // (receive = publish)
        int start = slab.put(m.bids(), m.asks());
        int pairs = m.bids().count() + m.asks().count();
        long[] store = slab.store();
        baseSizes(i, k, store, 2 * start, 2 * (start + pairs));
        return new BookUpdate(venue.id(), i.symbol(), m.seqId(), m.timestampNanos(), receiveTsNanos,
                receiveTsNanos, kind, m.prevSeqId(), checksumOf(m.checksum()), i.priceScale(), i.sizeScale(),
                store, start, pairs, m.bids().count());
    }

    /** OKX's {@code checksum: 0} means none (3.2a). */
    static long checksumOf(long venueChecksum) {
        return OkxChecksum.present(venueChecksum) ? venueChecksum : BookUpdate.NO_CHECKSUM;
    }

    /** (price, size) pairs with the sizes turned from contracts into base units, in place, for a SWAP. */
    private long[] baseSizes(Instrument i, int k, long[] levels) {
        baseSizes(i, k, levels, 0, levels.length);
        return levels;
    }

    /** The same for the pairs of {@code levels} from index {@code from} (a price) to {@code to}. */
    private void baseSizes(Instrument i, int k, long[] levels, int from, int to) {
        OkxContractSize c = contracts[k];
        if (c != null) {
            for (int n = from + 1; n < to; n += 2) {
                levels[n] = c.toBase(levels[n], i.sizeScale(), i.sizeScale());
            }
        }
    }

    private long base(int k, long size) {
        OkxContractSize c = contracts[k];
        int scale = instruments[k].sizeScale();
        return c == null ? size : c.toBase(size, scale, scale);
    }

    /** {@code GET /api/v5/market/books?instId=&sz=400}: the REST bootstrap (3.2a). */
    private void restSnapshot(Instrument i, FeedSession session, long conn) {
        int k = index(i);
        restInFlight[k] = true;
        session.syncing(i, "no in-band snapshot within " + BOOTSTRAP_WAIT_MILLIS + " ms: REST snapshot, "
                + syncs[k].buffered() + " update(s) buffered");
        long resetsWhenAsked = syncs[k].resets(); // a reset before the answer makes its seqId ambiguous
        session.get("/api/v5/market/books?instId=" + i.venueSymbol() + "&sz=" + OkxDialect.BOOK_LEVELS, MARKET_BOOKS, 1)
                .onComplete(ar -> {
                    if (conn != connection) {
                        return;
                    }
                    restInFlight[k] = false;
                    OkxBookSync<BookUpdate> sync = syncs[k];
                    if (sync.isLive() || session.resyncPending(i)) {
                        return; // an in-band snapshot came meanwhile, or the runtime resyncs it anyway
                    }
                    if (ar.failed()) {
                        long wait = ar.cause() instanceof RestException r && r.retryAfterMillis() > 0
                                ? r.retryAfterMillis() : 1_000;
                        session.syncing(i, "REST snapshot failed, retrying in " + wait + " ms: "
                                + ar.cause().getMessage());
                        session.later(wait, () -> {
                            if (conn == connection && !syncs[k].isLive() && !restInFlight[k]) {
                                restSnapshot(i, session, conn);
                            }
                        });
                        return;
                    }
                    BookUpdate snap;
                    try {
                        snap = parseRestBook(i, ar.result(), session.nowNanos());
                    } catch (RuntimeException e) {
                        session.badFrame(i.venueSymbol(), "REST book: " + e.getMessage());
                        session.broken(i, ResyncCause.SNAPSHOT, "bad REST snapshot: " + e.getMessage());
                        return;
                    }
                    List<BookUpdate> after = sync.onRestSnapshot(snap.venueSeq(), resetsWhenAsked);
                    switch (sync.result()) {
                        case SYNCED -> {
                            restBootstraps++;
                            session.publish(snap);
                            after.forEach(session::publish);
                            session.live(i, "REST snapshot seqId " + snap.venueSeq() + " + " + after.size()
                                    + " buffered update(s)");
                        }
                        case SNAPSHOT_TOO_OLD -> {
                            session.syncing(i, "REST snapshot not usable, another in 100 ms: " + sync.reason());
                            session.later(100, () -> {
                                if (conn == connection && !syncs[k].isLive() && !restInFlight[k]) {
                                    restSnapshot(i, session, conn);
                                }
                            });
                        }
                        default -> {
                            String reason = sync.reason();
                            sync.reset();
                            session.broken(i, ResyncCause.GAP, reason);
                        }
                    }
                });
    }

    /** {@code {"code":"0","data":[{"asks":[[px,sz,"0",n],...],"bids":[...],"ts":"...","seqId":n}]}}. */
    BookUpdate parseRestBook(Instrument i, Buffer body, long receiveTsNanos) {
        JsonObject o = new JsonObject(body);
        if (!"0".equals(String.valueOf(o.getValue("code")))) {
            throw new IllegalStateException("code " + o.getValue("code") + ": " + o.getString("msg", ""));
        }
        JsonObject d = o.getJsonArray("data").getJsonObject(0);
        if (d.getValue("seqId") == null) {
            throw new IllegalStateException("no seqId in the REST book");
        }
        long seqId = d.getLong("seqId");
        LevelBuffer bids = levels(i, d.getJsonArray("bids", new JsonArray()));
        LevelBuffer asks = levels(i, d.getJsonArray("asks", new JsonArray()));
        long ts = Long.parseLong(d.getString("ts", "0")) * 1_000_000;
        return new BookUpdate(venue.id(), i.symbol(), seqId, ts, receiveTsNanos, EpochClock.nanos(),
                BookUpdate.Kind.SNAPSHOT, -1, BookUpdate.NO_CHECKSUM, i.priceScale(), i.sizeScale(),
                baseSizes(i, index(i), LevelBuffer.pack(bids, asks)), bids.count());
    }

    private static LevelBuffer levels(Instrument i, JsonArray side) {
        LevelBuffer out = new LevelBuffer();
        for (Object o : side) {
            JsonArray l = (JsonArray) o;
            out.add(Decimals.parse(l.getString(0), i.priceScale()), Decimals.parse(l.getString(1), i.sizeScale()));
        }
        return out;
    }

    /** {@code GET /api/v5/public/instruments} per type: tick and lot sizes checked against the configuration. */
    private void instruments(FeedSession session, long conn) {
        for (String type : List.of("SPOT", "SWAP")) {
            List<Instrument> ofType = new ArrayList<>();
            java.util.Arrays.stream(instruments).filter(i -> i.perpetual() == type.equals("SWAP")).forEach(ofType::add);
            if (ofType.isEmpty()) {
                continue;
            }
            session.get("/api/v5/public/instruments?instType=" + type, PUBLIC, 1).onComplete(ar -> {
                if (conn != connection) {
                    return;
                }
                if (ar.failed()) {
                    LOG.atLevel(io.xgate.rest.VenueHttp.stopping(ar.cause()) ? org.slf4j.event.Level.DEBUG
                            : org.slf4j.event.Level.WARN).log("venue {}: instruments ({}) failed, sizes not checked: "
                            + "{}", venue.id(), type, ar.cause().getMessage());
                    return;
                }
                try {
                    checkInstruments(new JsonObject(ar.result()));
                } catch (RuntimeException e) {
                    LOG.warn("venue {}: unreadable instruments answer ({}): {}", venue.id(), type, e.toString());
                }
            });
        }
    }

    /**
     * Checks each configured instrument against OKX's description: {@code tickSz}; the lot in base units, which
     * for a SWAP is {@code lotSz} contracts of {@code ctVal}; and for a SWAP the contract size itself.
     */
    void checkInstruments(JsonObject answer) {
        for (Object o : answer.getJsonArray("data", new JsonArray())) {
            if (!(o instanceof JsonObject d)) {
                continue;
            }
            Instrument i = symbols.find(d.getString("instId", ""));
            if (i == null) {
                continue;
            }
            String tick = d.getString("tickSz");
            String lot = d.getString("lotSz");
            if (tick == null || lot == null) {
                continue;
            }
            if (i.perpetual()) {
                String ctVal = d.getString("ctVal", "");
                if (!ctVal.isEmpty() && new java.math.BigDecimal(ctVal).compareTo(
                        new java.math.BigDecimal(i.contractSizeText())) != 0) {
                    LOG.warn("venue {} {}: the venue's contract size (ctVal) is {}, the configuration says {}: "
                            + "sizes would be converted wrongly; fix contractSize", venue.id(), i.symbol(), ctVal,
                            i.contractSizeText());
                }
                if (!ctVal.isEmpty()) {
                    lot = new java.math.BigDecimal(lot).multiply(new java.math.BigDecimal(ctVal)).stripTrailingZeros()
                            .toPlainString();
                }
            }
            metadata.check(i, new InstrumentMetadata.VenueInstrument(i.venueSymbol(), tick, lot));
        }
    }
}
