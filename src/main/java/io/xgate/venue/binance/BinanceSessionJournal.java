package io.xgate.venue.binance;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.xgate.journal.FeedJournal;
import io.xgate.journal.FeedRecords;
import io.xgate.journal.JournalSettings;
import io.xgate.journal.JournalWriter;
import io.xgate.journal.RecordSink;
import io.xgate.venue.FeedRecorder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes the shared Binance session ({@link BinanceSession}: the port of {@code gen-binance-frames.js}, 200,000
 * frames, seed 11) as a journal, so that {@code xgate bars}, {@code xgate replay} and {@code xgate export} can be
 * timed on it: a SESSION record with a one-symbol Binance venue file (BTC-USDT, tick 0.01, lot 0.00000001), the
 * connection opened, the {@code exchangeInfo} answer (request 1), the first frame, the REST depth snapshot (request
 * 2, as the Binance protocol numbers them: exchange info first, then one depth request per symbol), then the other
 * frames, one per millisecond of journal time (the frames' {@code E}).
 *
 * <p>{@code java -cp target/xgate.jar io.xgate.venue.binance.BinanceSessionJournal DIR [FRAMES]}
 */
public final class BinanceSessionJournal {

    private static final String VENUE = "binance";

    private BinanceSessionJournal() {
    }

    static final String VENUE_FILE = String.join("\n",
            "id: binance",
            "dialect: binance",
            "websocket: {url: \"ws://127.0.0.1:9/stream\", staleAfter: 1h}",
            "rest: {url: \"http://127.0.0.1:9\"}",
            "bookDepth: 1000",
            "symbols:",
            "  BTC-USDT: {venueSymbol: BTCUSDT, tickSize: \"0.01\", lotSize: \"0.00000001\"}",
            "fees: {makerBps: 10, takerBps: 10}",
            "rateLimits: [{name: REQUEST_WEIGHT, limit: 6000, interval: 1m}]",
            "");

    static final String EXCHANGE_INFO = "{\"timezone\":\"UTC\",\"serverTime\":1700000000000,\"rateLimits\":[{"
            + "\"rateLimitType\":\"REQUEST_WEIGHT\",\"interval\":\"MINUTE\",\"intervalNum\":1,\"limit\":6000}],"
            + "\"symbols\":[{\"symbol\":\"BTCUSDT\",\"status\":\"TRADING\",\"baseAsset\":\"BTC\",\"quoteAsset\":"
            + "\"USDT\",\"filters\":[{\"filterType\":\"PRICE_FILTER\",\"minPrice\":\"0.01000000\",\"maxPrice\":"
            + "\"1000000.00000000\",\"tickSize\":\"0.01000000\"},{\"filterType\":\"LOT_SIZE\",\"minQty\":"
            + "\"0.00000001\",\"maxQty\":\"9000.00000000\",\"stepSize\":\"0.00000001\"}]}]}";

    /** Writes the session of {@code frames} frames into {@code dir} (a new journal); returns the frames written. */
    public static int write(Path dir, int frames) throws Exception {
        Files.createDirectories(dir);
        BinanceSession session = BinanceSession.generate(frames, BinanceSession.DEFAULT_SEED);
        List<byte[]> f = session.frames();
        long t0 = 1_700_000_000_000_000_000L - 10_000_000L;
        JournalSettings settings = JournalSettings.defaults(dir).withQueueCapacity(1 << 30);
        try (JournalWriter w = JournalWriter.open(settings, FeedRecords.FEED)) {
            RecordSink sink = (type, ts, buf, off, len) -> {
                if (!w.append(type, ts, buf, off, len)) {
                    throw new IllegalStateException("the journal dropped a record");
                }
                return true;
            };
            FeedJournal j = new FeedJournal(sink);
            j.session(new JsonObject().put("format", 1).put("gateway", "binance-session")
                    .put("startedAt", "2023-11-14T22:13:20Z").put("topDepth", 10)
                    .put("venues", new JsonArray().add(new JsonObject().put("id", VENUE).put("dialect", "binance")
                            .put("file", "bench/binance.yaml").put("text", VENUE_FILE))).encode(), t0);
            j.connection(VENUE, 1, FeedRecorder.ConnectionEvent.OPENED_ACTIVE, "", "connected to the session", t0 + 1);
            j.request(VENUE, 1, 1, "/api/v3/exchangeInfo?symbols=%5B%22BTCUSDT%22%5D", t0 + 2);
            j.request(VENUE, 1, 2, "/api/v3/depth?symbol=BTCUSDT&limit=1000", t0 + 3);
            j.response(VENUE, 1, 1, Buffer.buffer(EXCHANGE_INFO), null, t0 + 5_000_000L);
            // as the benchmark: the snapshot before the first frame (BinanceBookSync takes a snapshot older than the
            // first buffered event, lastUpdateId < U, as too old)
            j.response(VENUE, 1, 2, Buffer.buffer(session.snapshot()), null, t0 + 6_000_000L);
            for (int i = 0; i < f.size(); i++) {
                long ts = 1_700_000_000_000_000_000L + i * 1_000_000L + 250_000L; // E + 0.25 ms
                byte[] frame = f.get(i);
                j.message(VENUE, 1, frame, frame.length, ts);
            }
            w.flush();
        }
        return f.size();
    }

    public static void main(String[] args) throws Exception {
        int frames = args.length > 1 ? Integer.parseInt(args[1]) : BinanceSession.DEFAULT_FRAMES;
        org.slf4j.LoggerFactory.getLogger(BinanceSessionJournal.class).info("wrote {} frames to {}",
                write(Path.of(args[0]), frames), args[0]);
    }
}
