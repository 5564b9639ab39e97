package io.xgate.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.xgate.book.OrderBook;
import io.xgate.venue.binance.BinanceReplay;
import io.xgate.venue.binance.BinanceSession;
import java.math.BigDecimal;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
 * The replay of the shared Binance session ({@link BinanceSession}: the port of
 * {@code ../shared/bench/gen-binance-frames.js}, 200,000 frames, seed 11), one frame per operation, through the
 * production path ({@link BinanceReplay}: the byte scanner, {@code BinanceBookSync} with its
 * {@code BookUpdate} event, {@code OrderBook.apply}), with two same-run baselines on the same frames: the same
 * classes with the scanner off ({@link #jacksonDecoder}: the Jackson streaming decoder, the path before the
 * scanner), and the Jackson databind way: {@code Map} parse, the same sequence check, {@code BigDecimal} levels in a
 * {@code TreeMap<BigDecimal, BigDecimal>} book. Frames are UTF-8 {@code byte[]}, loaded once.
 *
 * <p>Each path cycles through the session; at its end it starts again from the snapshot, inside the measurement
 * (one snapshot of 2,000 levels per 200,000 frames). {@link #setUp} replays the whole session both ways first and
 * fails unless both books end where the Jackson path does (bid 59999.99 × 3.90335129, ask 60000.01 ×
 * 1.63631843, 944/958 levels). Run with {@code -prof gc} for B/frame ({@code gc.alloc.rate.norm}).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class ReplayBenchmark {

    private final ObjectMapper mapper = new ObjectMapper();
    private byte[] snapshot;
    private byte[][] frames;
    private BinanceReplay xgate;
    private int xgateNext;
    private BinanceReplay decoder;
    private int decoderNext;
    private final TreeMap<BigDecimal, BigDecimal> bids = new TreeMap<>(Comparator.reverseOrder());
    private final TreeMap<BigDecimal, BigDecimal> asks = new TreeMap<>();
    private long jacksonLastId;
    private int jacksonNext;

    @Setup
    public void setUp() throws Exception {
        BinanceSession session = BinanceSession.generate();
        snapshot = session.snapshot();
        frames = session.frames().toArray(new byte[0][]);
        xgate = new BinanceReplay();
        xgateRestart();
        for (int i = 0; i < frames.length; i++) {
            xgate();
        }
        OrderBook b = xgate.book();
        check("xgate", b.bidPrice(0) / 100.0, b.bidSize(0) / 1e8, b.askPrice(0) / 100.0, b.askSize(0) / 1e8,
                b.bidCount(), b.askCount());
        decoder = new BinanceReplay(BinanceReplay.BTCUSDT, false);
        decoderRestart();
        for (int i = 0; i < frames.length; i++) {
            jacksonDecoder();
        }
        b = decoder.book();
        check("jacksonDecoder", b.bidPrice(0) / 100.0, b.bidSize(0) / 1e8, b.askPrice(0) / 100.0,
                b.askSize(0) / 1e8, b.bidCount(), b.askCount());
        jacksonRestart();
        for (int i = 0; i < frames.length; i++) {
            jacksonDatabindBaseline();
        }
        check("jackson", bids.firstKey().doubleValue(), bids.firstEntry().getValue().doubleValue(),
                asks.firstKey().doubleValue(), asks.firstEntry().getValue().doubleValue(), bids.size(), asks.size());
    }

    private static void check(String path, double bid, double bidSize, double ask, double askSize, int bidCount,
                              int askCount) {
        if (bid != 59999.99 || bidSize != 3.90335129 || ask != 60000.01 || askSize != 1.63631843 || bidCount != 944
                || askCount != 958) {
            throw new IllegalStateException(path + " ends at bid " + bid + " x " + bidSize + ", ask " + ask + " x "
                    + askSize + ", " + bidCount + "/" + askCount + " levels");
        }
    }

    private void xgateRestart() {
        xgate.open();
        xgate.snapshot(snapshot, 0);
        xgateNext = 0;
    }

    /** One frame: decode, sync (with its {@code BookUpdate}), book apply. */
    @Benchmark
    public long xgate() {
        if (xgateNext == frames.length) {
            xgateRestart();
        }
        return xgate.frame(frames[xgateNext++], xgateNext);
    }

    private void decoderRestart() {
        decoder.open();
        decoder.snapshot(snapshot, 0);
        decoderNext = 0;
    }

    /**
     * One frame through the same classes with the byte scanner off: the Jackson streaming decoder, which read
     * every frame before the scanner and still reads whatever the scanner defers.
     */
    @Benchmark
    public long jacksonDecoder() {
        if (decoderNext == frames.length) {
            decoderRestart();
        }
        return decoder.frame(frames[decoderNext++], decoderNext);
    }

    /**
     * One pass: the whole session (snapshot, then 200,000 frames) through the production path. Sampled, so that
     * the median pass (p50) is reported: per frame, divide by 200,000.
     */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public long xgateWholeSession() {
        xgateRestart();
        long last = 0;
        for (int i = 0; i < frames.length; i++) {
            last = xgate.frame(frames[i], i);
        }
        xgateNext = frames.length;
        return last;
    }

    /** The same pass with the scanner off (the Jackson decoder). */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public long jacksonDecoderWholeSession() {
        decoderRestart();
        long last = 0;
        for (int i = 0; i < frames.length; i++) {
            last = decoder.frame(frames[i], i);
        }
        decoderNext = frames.length;
        return last;
    }

    @SuppressWarnings("unchecked")
    private void jacksonRestart() throws Exception {
        Map<String, Object> snap = mapper.readValue(snapshot, Map.class);
        bids.clear();
        asks.clear();
        levels(bids, (List<List<String>>) snap.get("bids"));
        levels(asks, (List<List<String>>) snap.get("asks"));
        jacksonLastId = ((Number) snap.get("lastUpdateId")).longValue();
        jacksonNext = 0;
    }

    /** One frame the Jackson databind way, with the same sequence rule as the sync. */
    @Benchmark
    @SuppressWarnings("unchecked")
    public long jacksonDatabindBaseline() throws Exception {
        if (jacksonNext == frames.length) {
            jacksonRestart();
        }
        Map<String, Object> frame = mapper.readValue(frames[jacksonNext++], Map.class);
        Map<String, Object> data = (Map<String, Object>) frame.get("data");
        long first = ((Number) data.get("U")).longValue();
        long last = ((Number) data.get("u")).longValue();
        if (last <= jacksonLastId) {
            return jacksonLastId;
        }
        if (first != jacksonLastId + 1 && !(jacksonNext == 1 && first <= jacksonLastId + 1)) {
            throw new IllegalStateException("gap: expected U=" + (jacksonLastId + 1) + ", got U=" + first);
        }
        levels(bids, (List<List<String>>) data.get("b"));
        levels(asks, (List<List<String>>) data.get("a"));
        jacksonLastId = last;
        return last;
    }

    private static void levels(TreeMap<BigDecimal, BigDecimal> side, List<List<String>> levels) {
        for (List<String> level : levels) {
            BigDecimal price = new BigDecimal(level.get(0));
            BigDecimal size = new BigDecimal(level.get(1));
            if (size.signum() == 0) {
                side.remove(price);
            } else {
                side.put(price, size);
            }
        }
    }
}
