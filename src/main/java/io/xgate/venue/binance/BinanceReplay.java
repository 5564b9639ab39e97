package io.xgate.venue.binance;

import io.xgate.book.OrderBook;
import io.xgate.config.Instrument;
import io.xgate.event.BookUpdate;
import io.xgate.venue.SymbolTable;
import java.util.List;

/**
 * Replays a {@link BinanceSession} through the production classes in the order {@code BinanceProtocol} and the
 * book verticle call them: each frame is read by the {@link BinanceScanner} (or, when it defers, or in the
 * reference mode, by {@link BinanceDecoder#decode}), handed to
 * {@link BinanceBookSync#onDelta} (which builds the {@link BookUpdate} event), and an applied event goes into
 * {@link OrderBook#apply}; the REST snapshot body is decoded by {@link BinanceDecoder#decodeSnapshot} and given
 * to {@link BinanceBookSync#onSnapshot} with whatever was buffered before it, and every update it returns is
 * applied in order. What is left out is what is not per-frame work of the venue: the event bus between the venue
 * and the book verticle, the WebSocket, and the REST client (the snapshot body is at hand).
 *
 * <p>Any result but the happy path (a gap, a stale or too old snapshot, a bad frame) throws: the session is
 * gap-free by construction, so a failure is a bug. Not thread-safe.
 */
public final class BinanceReplay {

    /** The instrument of the session: BTCUSDT, prices to 0.01, sizes to 0.00000001. */
    public static final Instrument BTCUSDT = new Instrument("BTC-USDT", "BTCUSDT", 2, 1, 8, 1);
    private static final int MAX_BUFFERED = 10_000; // as BinanceProtocol

    private final Instrument instrument;
    private final BinanceDecoder decoder;
    private final BinanceScanner scanner;
    private final boolean scan;
    private final BinanceBookSync sync;
    private final OrderBook book;

    /** A replay of BTCUSDT frames into a fresh book. */
    public BinanceReplay() {
        this(BTCUSDT);
    }

    /** A replay of {@code instrument}'s frames into a fresh book, scanner first as production reads them. */
    public BinanceReplay(Instrument instrument) {
        this(instrument, true);
    }

    /**
     * A replay of {@code instrument}'s frames into a fresh book.
     *
     * @param scan whether frames go to the byte scanner first (production) or only to the Jackson decoder (the
     *             reference path, and the path every frame took before the scanner)
     */
    public BinanceReplay(Instrument instrument, boolean scan) {
        this.instrument = instrument;
        this.scan = scan;
        this.scanner = new BinanceScanner(List.of(instrument));
        this.decoder = new BinanceDecoder(new SymbolTable(List.of(instrument), true));
        this.sync = new BinanceBookSync("binance", instrument, MAX_BUFFERED, new io.xgate.venue.LevelSlab());
        this.book = new OrderBook("binance", instrument.symbol(), instrument.priceScale(), instrument.sizeScale());
    }

    /**
     * The whole session into a fresh sync, the snapshot answered before the first frame. (Frames buffered before
     * it would make the sync ask for another snapshot: the session's snapshot is at {@code U - 1} of its first
     * frame, which the documented rule, {@code lastUpdateId < U}, holds to be too old.)
     */
    public OrderBook replay(BinanceSession session) {
        open();
        snapshot(session.snapshot(), 0);
        List<byte[]> frames = session.frames();
        for (int i = 0; i < frames.size(); i++) {
            frame(frames.get(i), 0);
        }
        return book;
    }

    /** A new connection ({@code BinanceProtocol.onOpen}): the sync buffers until the snapshot. */
    public void open() {
        sync.reset();
    }

    /** The REST snapshot answer, as {@code BinanceProtocol}'s snapshot callback handles it. */
    public void snapshot(byte[] body, long receiveTsNanos) {
        BinanceMessage snap = decoder.decodeSnapshot(body, 0, body.length, instrument);
        List<BookUpdate> out = sync.onSnapshot(snap, receiveTsNanos);
        if (sync.result() != BinanceBookSync.Result.SYNCED) {
            throw new IllegalStateException("snapshot " + snap.lastUpdateId() + ": " + sync.result() + " "
                    + sync.reason());
        }
        for (int i = 0; i < out.size(); i++) {
            book.apply(out.get(i));
        }
    }

    /**
     * One combined-stream frame, as {@code BinanceProtocol.onMessage} and the book verticle handle a
     * {@code depthUpdate}. Returns the sync's last update id.
     */
    public long frame(byte[] frame, long receiveTsNanos) {
        BinanceMessage m = decoder.message();
        if (!scan || !scanner.scan(frame, 0, frame.length, m)) {
            m = decoder.decode(frame, 0, frame.length);
        }
        if (m.kind() != BinanceMessage.Kind.DEPTH_UPDATE) {
            throw new IllegalStateException("not a depthUpdate: " + m.kind());
        }
        BookUpdate u = sync.onDelta(m, receiveTsNanos);
        switch (sync.result()) {
            case APPLIED -> book.apply(u);
            case BUFFERED -> {
                // kept for the snapshot
            }
            default -> throw new IllegalStateException(sync.result() + " " + sync.reason());
        }
        return sync.lastUpdateId();
    }

    /** The book the replay maintains. */
    public OrderBook book() {
        return book;
    }
}
