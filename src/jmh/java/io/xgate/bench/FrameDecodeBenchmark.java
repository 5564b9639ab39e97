package io.xgate.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.xgate.book.OrderBook;
import io.xgate.config.Instrument;
import io.xgate.venue.LevelBuffer;
import io.xgate.venue.SymbolTable;
import io.xgate.event.BookUpdate;
import io.xgate.venue.binance.BinanceBookSync;
import io.xgate.venue.binance.BinanceDecoder;
import io.xgate.venue.binance.BinanceMessage;
import io.xgate.venue.kraken.KrakenChecksum;
import io.xgate.venue.kraken.KrakenDecoder;
import io.xgate.venue.kraken.KrakenMessage;
import io.xgate.venue.kraken.KrakenProtocol;
import io.xgate.venue.bybit.BybitDecoder;
import io.xgate.venue.bybit.BybitMessage;
import io.xgate.venue.bybit.BybitScanner;
import io.xgate.venue.okx.OkxChecksum;
import io.xgate.venue.okx.OkxDecoder;
import io.xgate.venue.okx.OkxMessage;
import io.xgate.venue.okx.OkxScanner;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Decode + apply of one venue frame from its bytes: a Binance {@code depthUpdate} with 10 levels per side (with its
 * sync and {@code BookUpdate} event, as production), and a
 * Kraken v2 book update (10 levels per side) including the CRC32 checksum check on the book. The baselines parse
 * the same bytes with Jackson databind into a {@code Map} and apply {@code BigDecimal} levels to the same book
 * shape (mantissas via {@code BigDecimal}), as a straightforward client would. The OKX {@code books} update
 * ({@code [price, size, "0", numOrders]} strings, {@code checksum: 0} as sent since 2026) and the Bybit
 * {@code orderbook.50} delta ({@code [price, size]} strings) have 10 levels per side, with the same kind of baseline.
 *
 * <p>{@code krakenProduction*} run the Kraken production path: {@link KrakenProtocol#onMessage} (the scanner, or
 * the Jackson decoder for what it defers; the {@code BookUpdate} event it builds) into a session that does what the
 * book verticle does with the event (apply, truncate to the depth, crossed check, {@link KrakenChecksum} of the
 * book compared with the venue's). Their {@code Jackson} twins feed the same frame with one leading space, which
 * the scanner defers at its first byte: the decoder's path through the same production code, as the baseline.
 */
@BenchmarkMode({Mode.AverageTime, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class FrameDecodeBenchmark {

    private io.xgate.venue.binance.BinanceScanner binanceScanner;
    private final BinanceMessage binanceScanned = new BinanceMessage();

    private final Instrument btcusdt = new Instrument("BTC-USDT", "BTCUSDT", 2, 1, 5, 1);
    private final Instrument btcusd = new Instrument("BTC-USD", "BTC/USD", 1, 1, 8, 1);
    private final BinanceDecoder binance = new BinanceDecoder(new SymbolTable(List.of(btcusdt), true));
    private final KrakenDecoder kraken = new KrakenDecoder(new SymbolTable(List.of(btcusd), false));
    private final KrakenChecksum checksum = new KrakenChecksum();
    private final ObjectMapper mapper = new ObjectMapper();
    private final OrderBook binanceBook = new OrderBook("binance", "BTC-USDT", 2, 5);
    private final OrderBook krakenBook = new OrderBook("kraken", "BTC-USD", 1, 8);
    private byte[] binanceFrame;
    private static final int ID_DIGITS = 12;
    private final BinanceBookSync binanceSync = new BinanceBookSync("binance", btcusdt, 10_000);
    private long binanceLastId = 100_000_000_000L;
    private int binanceFirstIdAt;
    private int binanceLastIdAt;
    private byte[] krakenFrame;
    private final Instrument okxBtcusdt = new Instrument("BTC-USDT", "BTC-USDT", 2, 1, 8, 1);
    private final Instrument bybitBtcusdt = new Instrument("BTC-USDT", "BTCUSDT", 2, 1, 6, 1);
    private final OkxDecoder okx = new OkxDecoder(new SymbolTable(List.of(okxBtcusdt), false));
    private final BybitDecoder bybit = new BybitDecoder(new SymbolTable(List.of(bybitBtcusdt), false));
    private final OkxScanner okxScanner = new OkxScanner(List.of(okxBtcusdt));
    private final BybitScanner bybitScanner = new BybitScanner(List.of(bybitBtcusdt));
    private final OkxChecksum okxChecksum = new OkxChecksum();
    private final OrderBook okxBook = new OrderBook("okx", "BTC-USDT", 2, 8);
    private final OrderBook bybitBook = new OrderBook("bybit", "BTC-USDT", 2, 6);
    private byte[] okxFrame;
    private byte[] bybitFrame;
    /** The documented shape of a Kraken book update: one level. */
    private final byte[] krakenOneLevel = ("{\"channel\":\"book\",\"type\":\"update\",\"data\":[{\"symbol\":\"BTC/USD\","
            + "\"bids\":[{\"price\":45283.5,\"qty\":1.09839475}],\"asks\":[],\"checksum\":2114181697,"
            + "\"timestamp\":\"2023-10-06T17:35:55.440295Z\"}]}").getBytes(StandardCharsets.UTF_8);

    @Setup
    public void setUp() {
        StringBuilder b = new StringBuilder("{\"stream\":\"btcusdt@depth@100ms\",\"data\":{\"e\":\"depthUpdate\","
                + "\"E\":1672515782136,\"s\":\"BTCUSDT\",\"U\":100000000001,\"u\":100000000004,\"b\":[");
        StringBuilder k = new StringBuilder("{\"channel\":\"book\",\"type\":\"update\",\"data\":[{\"symbol\":\"BTC/USD\","
                + "\"bids\":[");
        for (int i = 0; i < 10; i++) {
            b.append(i == 0 ? "" : ",").append("[\"").append(65432.10 - i * 0.01 > 0 ? String.format("%.2f", 65432.10 - i)
                    : "1").append("\",\"").append(String.format("%.5f", 0.12345 + i)).append("\"]");
            k.append(i == 0 ? "" : ",").append("{\"price\":").append(String.format("%.1f", 45283.5 - i))
                    .append(",\"qty\":").append(String.format("%.8f", 1.54582015 + i)).append('}');
        }
        b.append("],\"a\":[");
        k.append("],\"asks\":[");
        for (int i = 0; i < 10; i++) {
            b.append(i == 0 ? "" : ",").append("[\"").append(String.format("%.2f", 65433.10 + i)).append("\",\"")
                    .append(String.format("%.5f", 0.54321 + i)).append("\"]");
            k.append(i == 0 ? "" : ",").append("{\"price\":").append(String.format("%.1f", 45285.2 + i))
                    .append(",\"qty\":").append(String.format("%.8f", 0.001 + i)).append('}');
        }
        binanceFrame = b.append("]}}").toString().getBytes(StandardCharsets.UTF_8);
        String frameText = new String(binanceFrame, StandardCharsets.US_ASCII);
        binanceFirstIdAt = frameText.indexOf("\"U\":") + 4;
        binanceLastIdAt = frameText.indexOf("\"u\":") + 4;
        byte[] snap = ("{\"lastUpdateId\":" + binanceLastId + ",\"bids\":[],\"asks\":[]}")
                .getBytes(StandardCharsets.UTF_8);
        binanceSync.onSnapshot(binance.decodeSnapshot(snap, 0, snap.length, btcusdt), 0)
                .forEach(binanceBook::apply);
        krakenFrame = k.append("],\"checksum\":3310070434,\"timestamp\":\"2023-10-06T17:35:55.440295Z\"}]}")
                .toString().getBytes(StandardCharsets.UTF_8);
        StringBuilder o = new StringBuilder("{\"arg\":{\"channel\":\"books\",\"instId\":\"BTC-USDT\"},"
                + "\"action\":\"update\",\"data\":[{\"asks\":[");
        StringBuilder y = new StringBuilder("{\"topic\":\"orderbook.50.BTCUSDT\",\"type\":\"delta\","
                + "\"ts\":1687940967466,\"data\":{\"s\":\"BTCUSDT\",\"b\":[");
        for (int i = 0; i < 10; i++) {
            o.append(i == 0 ? "" : ",").append("[\"").append(String.format("%.2f", 8476.98 + i)).append("\",\"")
                    .append(String.format("%.8f", 0.41500000 + i)).append("\",\"0\",\"").append(1 + i).append("\"]");
            y.append(i == 0 ? "" : ",").append("[\"").append(String.format("%.2f", 30247.20 - i)).append("\",\"")
                    .append(String.format("%.3f", 30.028 + i)).append("\"]");
        }
        o.append("],\"bids\":[");
        y.append("],\"a\":[");
        for (int i = 0; i < 10; i++) {
            o.append(i == 0 ? "" : ",").append("[\"").append(String.format("%.2f", 8476.97 - i)).append("\",\"")
                    .append(String.format("%.8f", 2.56 + i)).append("\",\"0\",\"").append(1 + i).append("\"]");
            y.append(i == 0 ? "" : ",").append("[\"").append(String.format("%.2f", 30248.70 + i)).append("\",\"")
                    .append(String.format("%.3f", 0.892 + i)).append("\"]");
        }
        okxFrame = o.append("],\"ts\":\"1597026383085\",\"checksum\":0,\"prevSeqId\":123456,\"seqId\":123457}]}")
                .toString().getBytes(StandardCharsets.UTF_8);
        bybitFrame = y.append("],\"u\":177400507,\"seq\":66544703342},\"cts\":1687940967464}").toString()
                .getBytes(StandardCharsets.UTF_8);
        okxDecodeApply();
        okxScanApply();
        bybitDecodeApply();
        bybitScanApply();
        krakenDecodeApplyChecksum(); // fills the 10-level book that krakenChecksumOnly hashes
        krakenFrameDeferred = deferred(krakenFrame);
        krakenOneLevelDeferred = deferred(krakenOneLevel);
        krakenFrameTwin = twinOf(krakenFrame);
        krakenOneLevelTwin = twinOf(krakenOneLevel);
        krakenFrameTwinDeferred = deferred(krakenFrameTwin);
        krakenOneLevelTwinDeferred = deferred(krakenOneLevelTwin);
        KrakenMessage.Book tb = kraken.decode(krakenFrameTwin, 0, krakenFrameTwin.length).book(0);
        apply(krakenBookTwin, tb.bids(), tb.asks());
        io.xgate.venue.kraken.KrakenScanner scanner = new io.xgate.venue.kraken.KrakenScanner(List.of(btcusd));
        if (scanner.scan(krakenFrame, 0, krakenFrame.length) == null
                || scanner.scan(krakenOneLevel, 0, krakenOneLevel.length) == null
                || scanner.scan(krakenFrameTwin, 0, krakenFrameTwin.length) == null
                || scanner.scan(krakenOneLevelTwin, 0, krakenOneLevelTwin.length) == null
                || java.util.Arrays.equals(krakenOneLevel, krakenOneLevelTwin)
                || scanner.scan(krakenFrameDeferred, 0, krakenFrameDeferred.length) != null
                || scanner.scan(krakenOneLevelTwinDeferred, 0, krakenOneLevelTwinDeferred.length) != null) {
            throw new IllegalStateException("the scanner must read the frames and defer their spaced twins");
        }
        byte[] snapshot = new String(krakenFrame, StandardCharsets.UTF_8).replace("\"update\"", "\"snapshot\"")
                .getBytes(StandardCharsets.UTF_8);
        krakenProtocol.onMessage(snapshot, snapshot.length, 0, krakenSession); // the 10-level book the updates hit
        krakenProductionUpdate10();
        krakenProductionUpdate10Jackson();
        binanceDecodeSyncApply();
        binanceScanner = new io.xgate.venue.binance.BinanceScanner(List.of(btcusdt));
        binanceScanSyncApply();
    }

    /**
     * As production handles a {@code depthUpdate}: decode, {@link BinanceBookSync#onDelta} (the sequence rule and
     * the {@link BookUpdate} event it builds), {@link OrderBook#apply} of the event. To follow on, each call first
     * writes the next {@code U}/{@code u} (12 fixed-width digits each) into the frame's bytes: ~20 byte stores.
     */
    @Benchmark
    public long binanceDecodeSyncApply() {
        writeDigits(binanceFrame, binanceFirstIdAt, binanceLastId + 1);
        writeDigits(binanceFrame, binanceLastIdAt, binanceLastId + 4);
        BinanceMessage m = binance.decode(binanceFrame, 0, binanceFrame.length);
        BookUpdate u = binanceSync.onDelta(m, 0);
        if (binanceSync.result() != BinanceBookSync.Result.APPLIED) {
            throw new IllegalStateException(binanceSync.result() + " " + binanceSync.reason());
        }
        binanceBook.apply(u);
        binanceLastId = m.lastUpdateId();
        return binanceLastId + binanceBook.bestBid();
    }

    /** The same with the byte scanner first, as production reads a {@code depthUpdate} now. */
    @Benchmark
    public long binanceScanSyncApply() {
        writeDigits(binanceFrame, binanceFirstIdAt, binanceLastId + 1);
        writeDigits(binanceFrame, binanceLastIdAt, binanceLastId + 4);
        BinanceMessage m = binanceScanned;
        if (!binanceScanner.scan(binanceFrame, 0, binanceFrame.length, m)) {
            throw new IllegalStateException("the scanner deferred on the benchmark's frame");
        }
        BookUpdate u = binanceSync.onDelta(m, 0);
        if (binanceSync.result() != BinanceBookSync.Result.APPLIED) {
            throw new IllegalStateException(binanceSync.result() + " " + binanceSync.reason());
        }
        binanceBook.apply(u);
        binanceLastId = m.lastUpdateId();
        return binanceLastId + binanceBook.bestBid();
    }

    private static void writeDigits(byte[] frame, int at, long id) {
        for (int i = at + ID_DIGITS - 1; i >= at; i--) {
            frame[i] = (byte) ('0' + id % 10);
            id /= 10;
        }
    }

    private final KrakenProtocol krakenProtocol = new KrakenProtocol(krakenVenue(btcusd),
            new io.xgate.venue.InstrumentMetadata("kraken", java.time.Duration.ofHours(1)));
    private final BookVerticleSession krakenSession = new BookVerticleSession(
            new OrderBook("kraken", "BTC-USD", 1, 8), 10);
    private byte[] krakenFrameDeferred;
    private byte[] krakenOneLevelDeferred;
    /*
     * Each production call alternates between a frame and its twin, whose every qty differs by one lot: so each
     * 10-level call changes all 20 levels of the checksum (none of its digits can be reused) and each one-level
     * call changes one level, as a stream of updates does; a repeated frame would leave the book as it was.
     */
    private byte[] krakenFrameTwin;
    private byte[] krakenOneLevelTwin;
    private byte[] krakenFrameTwinDeferred;
    private byte[] krakenOneLevelTwinDeferred;
    private boolean twin;
    private final OrderBook krakenBookTwin = new OrderBook("kraken", "BTC-USD", 1, 8);

    /** The 10-level update through the protocol (scanner), the event, the book and the checksum, as production. */
    @Benchmark
    public long krakenProductionUpdate10() {
        byte[] f = (twin = !twin) ? krakenFrameTwin : krakenFrame;
        krakenProtocol.onMessage(f, f.length, 0, krakenSession);
        return krakenSession.result;
    }

    /** Baseline of {@link #krakenProductionUpdate10}: the same frame, deferred to the Jackson decoder. */
    @Benchmark
    public long krakenProductionUpdate10Jackson() {
        byte[] f = (twin = !twin) ? krakenFrameTwinDeferred : krakenFrameDeferred;
        krakenProtocol.onMessage(f, f.length, 0, krakenSession);
        return krakenSession.result;
    }

    /** The one-level update (the common case) through the production path, checksum on the 10-level book. */
    @Benchmark
    public long krakenProductionUpdate1() {
        byte[] f = (twin = !twin) ? krakenOneLevelTwin : krakenOneLevel;
        krakenProtocol.onMessage(f, f.length, 0, krakenSession);
        return krakenSession.result;
    }

    /** Baseline of {@link #krakenProductionUpdate1}: the same frame, deferred to the Jackson decoder. */
    @Benchmark
    public long krakenProductionUpdate1Jackson() {
        byte[] f = (twin = !twin) ? krakenOneLevelTwinDeferred : krakenOneLevelDeferred;
        krakenProtocol.onMessage(f, f.length, 0, krakenSession);
        return krakenSession.result;
    }

    /** The frame with the last digit of every {@code qty} changed (same length, every level's size differs). */
    private static byte[] twinOf(byte[] frame) {
        byte[] t = frame.clone();
        String text = new String(frame, StandardCharsets.US_ASCII);
        for (int at = text.indexOf(",\"qty\":"); at >= 0; at = text.indexOf(",\"qty\":", at + 1)) {
            int last = text.indexOf('}', at) - 1;
            t[last] = (byte) (t[last] == '9' ? '8' : t[last] + 1);
        }
        return t;
    }

    private static byte[] deferred(byte[] frame) {
        byte[] d = new byte[frame.length + 1];
        d[0] = ' ';
        System.arraycopy(frame, 0, d, 1, frame.length);
        return d;
    }

    private static io.xgate.config.VenueConfig krakenVenue(Instrument i) {
        java.time.Duration s = java.time.Duration.ofSeconds(1);
        return new io.xgate.config.VenueConfig(java.nio.file.Path.of("kraken.yaml"), "kraken", "kraken",
                new io.xgate.config.VenueConfig.WebSocket(java.net.URI.create("ws://127.0.0.1:1/v2"), s, s, s, s, s,
                        s, 0.2, 1 << 20),
                new io.xgate.config.VenueConfig.Rest(java.net.URI.create("http://127.0.0.1:1"), 1, s, s, s, 1), 10,
                Map.of(i.symbol(), i), new io.xgate.config.VenueConfig.Fees(0, 26), List.of(), Map.of(), null);
    }

    /**
     * What the runtime and the book verticle do with a Kraken book event: the symbol is LIVE; the event is
     * applied, the book truncated to the depth, checked for a cross, and its checksum computed and compared.
     */
    static final class BookVerticleSession implements io.xgate.venue.FeedSession {
        private final OrderBook book;
        private final int depth;
        private final KrakenChecksum checksum = new KrakenChecksum();
        long result;

        BookVerticleSession(OrderBook book, int depth) {
            this.book = book;
            this.depth = depth;
        }

        @Override
        public void publish(BookUpdate u) {
            book.apply(u);
            book.truncate(depth);
            long ours = book.isCrossed() ? -1 : checksum.compute(book);
            result = ours == u.checksum() ? 1 : ours;
        }

        @Override
        public void publish(io.xgate.event.Trade trade) {
        }

        @Override
        public void publish(io.xgate.event.VenueTouch touch) {
        }

        @Override
        public void subscribing(Instrument instrument, String reason) {
        }

        @Override
        public void syncing(Instrument instrument, String reason) {
        }

        @Override
        public void live(Instrument instrument, String reason) {
        }

        @Override
        public void broken(Instrument instrument, io.xgate.event.ResyncCause cause, String reason) {
            throw new IllegalStateException(reason);
        }

        @Override
        public boolean isLive(Instrument instrument) {
            return true;
        }

        @Override
        public boolean resyncPending(Instrument instrument) {
            return false;
        }

        @Override
        public void send(String text) {
        }

        @Override
        public io.vertx.core.Future<io.vertx.core.buffer.Buffer> get(String pathAndQuery, String limitClass,
                                                                    long cost) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void reconnect(String reason) {
        }

        @Override
        public void rotate(String reason) {
        }

        @Override
        public void badFrame(String venueSymbol, String reason) {
            throw new IllegalStateException(reason);
        }

        @Override
        public void later(long millis, Runnable action) {
        }

        @Override
        public long nowNanos() {
            return System.currentTimeMillis() * 1_000_000L;
        }

        @Override
        public String venue() {
            return "kraken";
        }
    }

    @Benchmark
    public long krakenDecodeApplyChecksum() {
        return krakenDecodeApplyChecksum(krakenFrame);
    }

    /** A one-level Kraken update (the common case) with its checksum check on a 10-level book. */
    @Benchmark
    public long krakenOneLevelDecodeApplyChecksum() {
        return krakenDecodeApplyChecksum(krakenOneLevel);
    }

    private long krakenDecodeApplyChecksum(byte[] frame) {
        KrakenMessage m = kraken.decode(frame, 0, frame.length);
        KrakenMessage.Book b = m.book(0);
        apply(krakenBook, b.bids(), b.asks());
        krakenBook.truncate(10);
        return checksum.compute(krakenBook) ^ b.checksum();
    }

    @Benchmark
    public long krakenOneLevelDatabindMapBaseline() throws Exception {
        return krakenDatabindMapBaseline(krakenOneLevel);
    }

    @Benchmark
    @SuppressWarnings("unchecked")
    public long binanceDatabindMapBaseline() throws Exception {
        Map<String, Object> frame = mapper.readValue(binanceFrame, Map.class);
        Map<String, Object> data = (Map<String, Object>) frame.get("data");
        for (List<String> level : (List<List<String>>) data.get("b")) {
            binanceBook.setBid(mantissa(new BigDecimal(level.get(0)), 2), mantissa(new BigDecimal(level.get(1)), 5));
        }
        for (List<String> level : (List<List<String>>) data.get("a")) {
            binanceBook.setAsk(mantissa(new BigDecimal(level.get(0)), 2), mantissa(new BigDecimal(level.get(1)), 5));
        }
        return ((Number) data.get("u")).longValue() + binanceBook.bestBid();
    }

    @Benchmark
    public long krakenDatabindMapBaseline() throws Exception {
        return krakenDatabindMapBaseline(krakenFrame);
    }

    /** BigDecimal for floats, as a careful client must (doubles would break the checksum). */
    @SuppressWarnings("unchecked")
    private long krakenDatabindMapBaseline(byte[] bytes) throws Exception {
        Map<String, Object> frame = mapper.reader()
                .with(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .forType(Map.class).readValue(bytes);
        Map<String, Object> data = ((List<Map<String, Object>>) frame.get("data")).get(0);
        for (Map<String, Object> level : (List<Map<String, Object>>) data.get("bids")) {
            krakenBook.setBid(mantissa((BigDecimal) level.get("price"), 1), mantissa((BigDecimal) level.get("qty"), 8));
        }
        for (Map<String, Object> level : (List<Map<String, Object>>) data.get("asks")) {
            krakenBook.setAsk(mantissa((BigDecimal) level.get("price"), 1), mantissa((BigDecimal) level.get("qty"), 8));
        }
        krakenBook.truncate(10);
        return checksum.compute(krakenBook) ^ ((Number) data.get("checksum")).longValue();
    }

    /**
     * OKX {@code books} update, 10 levels a side, through the Jackson decoder (the fallback, and the same-run
     * baseline of {@link #okxScanApply}): decode, apply, and the checksum rule (0 means none).
     */
    @Benchmark
    public long okxDecodeApply() {
        return okxApply(okx.decode(okxFrame, 0, okxFrame.length));
    }

    /** The same frame through {@link OkxScanner}, the production path (the decoder only on defer). */
    @Benchmark
    public long okxScanApply() {
        OkxMessage m = okxScanner.scan(okxFrame, 0, okxFrame.length);
        if (m == null) {
            throw new IllegalStateException("the OKX scanner deferred on the benchmark frame");
        }
        return okxApply(m);
    }

    /** The OKX frame through the Jackson decoder alone, no book: the decode's share of {@link #okxDecodeApply}. */
    @Benchmark
    public long okxDecodeOnly() {
        OkxMessage m = okx.decode(okxFrame, 0, okxFrame.length);
        return m.seqId() + m.bids().price(9) + m.asks().size(9);
    }

    /** The OKX frame through {@link OkxScanner} alone, no book: the scan's share of {@link #okxScanApply}. */
    @Benchmark
    public long okxScanOnly() {
        OkxMessage m = okxScanner.scan(okxFrame, 0, okxFrame.length);
        return m.seqId() + m.bids().price(9) + m.asks().size(9);
    }

    private long okxApply(OkxMessage m) {
        apply(okxBook, m.bids(), m.asks());
        return (okxChecksum.matches(okxBook, m.checksum()) ? m.seqId() : -m.seqId()) + okxBook.bestBid();
    }

    @Benchmark
    @SuppressWarnings("unchecked")
    public long okxDatabindMapBaseline() throws Exception {
        Map<String, Object> frame = mapper.readValue(okxFrame, Map.class);
        Map<String, Object> data = ((List<Map<String, Object>>) frame.get("data")).get(0);
        for (List<String> level : (List<List<String>>) data.get("bids")) {
            okxBook.setBid(mantissa(new BigDecimal(level.get(0)), 2), mantissa(new BigDecimal(level.get(1)), 8));
        }
        for (List<String> level : (List<List<String>>) data.get("asks")) {
            okxBook.setAsk(mantissa(new BigDecimal(level.get(0)), 2), mantissa(new BigDecimal(level.get(1)), 8));
        }
        return ((Number) data.get("seqId")).longValue() + okxBook.bestBid();
    }

    /** The OKX checksum alone (a non-zero checksum, as in older deployments), on the 10-level book. */
    @Benchmark
    public int okxChecksumOnly() {
        return okxChecksum.compute(okxBook);
    }

    /**
     * Bybit {@code orderbook.50} delta, 10 levels a side, through the Jackson decoder (the fallback, and the
     * same-run baseline of {@link #bybitScanApply}): decode and apply.
     */
    @Benchmark
    public long bybitDecodeApply() {
        return bybitApply(bybit.decode(bybitFrame, 0, bybitFrame.length));
    }

    /** The same frame through {@link BybitScanner}, the production path (the decoder only on defer). */
    @Benchmark
    public long bybitScanApply() {
        BybitMessage m = bybitScanner.scan(bybitFrame, 0, bybitFrame.length);
        if (m == null) {
            throw new IllegalStateException("the Bybit scanner deferred on the benchmark frame");
        }
        return bybitApply(m);
    }

    /** The Bybit frame through the Jackson decoder alone, no book. */
    @Benchmark
    public long bybitDecodeOnly() {
        BybitMessage m = bybit.decode(bybitFrame, 0, bybitFrame.length);
        return m.updateId() + m.bids().price(9) + m.asks().size(9);
    }

    /** The Bybit frame through {@link BybitScanner} alone, no book. */
    @Benchmark
    public long bybitScanOnly() {
        BybitMessage m = bybitScanner.scan(bybitFrame, 0, bybitFrame.length);
        return m.updateId() + m.bids().price(9) + m.asks().size(9);
    }

    private long bybitApply(BybitMessage m) {
        apply(bybitBook, m.bids(), m.asks());
        return m.updateId() + bybitBook.bestBid();
    }

    @Benchmark
    @SuppressWarnings("unchecked")
    public long bybitDatabindMapBaseline() throws Exception {
        Map<String, Object> frame = mapper.readValue(bybitFrame, Map.class);
        Map<String, Object> data = (Map<String, Object>) frame.get("data");
        for (List<String> level : (List<List<String>>) data.get("b")) {
            bybitBook.setBid(mantissa(new BigDecimal(level.get(0)), 2), mantissa(new BigDecimal(level.get(1)), 6));
        }
        for (List<String> level : (List<List<String>>) data.get("a")) {
            bybitBook.setAsk(mantissa(new BigDecimal(level.get(0)), 2), mantissa(new BigDecimal(level.get(1)), 6));
        }
        return ((Number) data.get("u")).longValue() + bybitBook.bestBid();
    }

    /** Floor: Jackson only tokenizes the Binance frame (reads each string's characters), no xgate code. */
    @Benchmark
    public long jacksonTokenizeOnlyBinance() throws Exception {
        return tokenize(binanceFrame);
    }

    /** Floor with the persistent non-blocking parser the decoders use (fed the frame, no parser per frame). */
    @Benchmark
    public long jacksonNonBlockingTokenizeOnlyBinance() throws Exception {
        com.fasterxml.jackson.core.JsonParser p = frameParser.begin(binanceFrame, 0, binanceFrame.length);
        long n = 0;
        com.fasterxml.jackson.core.JsonToken t;
        while ((t = p.nextToken()) != com.fasterxml.jackson.core.JsonToken.NOT_AVAILABLE) {
            if (t.isScalarValue()) {
                n += p.getTextLength();
            }
        }
        return n;
    }

    private final io.xgate.venue.FrameParser frameParser = new io.xgate.venue.FrameParser();

    /** Floor: Jackson only tokenizes the Kraken frame. */
    @Benchmark
    public long jacksonTokenizeOnlyKraken() throws Exception {
        return tokenize(krakenFrame);
    }

    /** The Kraken checksum alone, on an unchanged 10-level book (every level's digits reused from the last call). */
    @Benchmark
    public long krakenChecksumOnly() {
        return checksum.compute(krakenBook);
    }

    /** The Kraken checksum alone, alternating between two 10-level books that differ in every level's size. */
    @Benchmark
    public long krakenChecksumOnlyAllChanged() {
        return checksum.compute((twin = !twin) ? krakenBookTwin : krakenBook);
    }

    private static final com.fasterxml.jackson.core.JsonFactory JSON = new com.fasterxml.jackson.core.JsonFactory();

    private static long tokenize(byte[] frame) throws Exception {
        long n = 0;
        try (com.fasterxml.jackson.core.JsonParser p = JSON.createParser(frame)) {
            com.fasterxml.jackson.core.JsonToken t;
            while ((t = p.nextToken()) != null) {
                if (t.isScalarValue()) {
                    n += p.getTextLength();
                }
            }
        }
        return n;
    }

    private static long mantissa(BigDecimal v, int scale) {
        return v.setScale(scale).unscaledValue().longValueExact();
    }

    private static void apply(OrderBook book, LevelBuffer bids, LevelBuffer asks) {
        for (int i = 0; i < bids.count(); i++) {
            book.setBid(bids.price(i), bids.size(i));
        }
        for (int i = 0; i < asks.count(); i++) {
            book.setAsk(asks.price(i), asks.size(i));
        }
    }
}
