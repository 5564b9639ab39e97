package io.xgate.bench;

import io.xgate.analytics.BookFeatures;
import io.xgate.book.OrderBook;
import io.xgate.event.BookUpdate;
import io.xgate.event.SyncState;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Book-feature bars per book update, on a 1,000-level book fed {@link UpdateStream}'s realistic mix as
 * {@link BookUpdate} deltas of {@code levels} levels each:
 * <ul>
 *   <li>{@code bookApply}: the book's own {@link OrderBook#apply(BookUpdate)}, nothing else: the floor;</li>
 *   <li>{@code features}: {@link BookFeatures#apply(BookUpdate, long)} (the book's apply through the level listener,
 *       flow per band, counts) and {@link BookFeatures#onState(SyncState, long)} (commit, touch, OFI, mids, spread),
 *       what the book's owner runs per update; 5 s bars, updates 1 µs apart, so a bar closes once per 5 million
 *       updates;</li>
 *   <li>{@code baselineTop10Bands}: the book's apply and then the resting size per band recomputed from the book's
 *       top 10 levels per side on every update (copy, mid, thresholds, classification), the naive way to keep the
 *       band depths current.</li>
 * </ul>
 * Each invocation applies 1,024 consecutive updates; times are per update. The feature cost is {@code features}
 * minus {@code bookApply}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Thread)
public class BookFeaturesBenchmark {

    private static final int BATCH = 1024;
    private static final int BOOK_LEVELS = 1000;
    private static final int UPDATES = 1 << 16;
    private static final long[] UPPER_BPS = {1, 2, 3, 5, 10};

    /** Levels per delta. */
    @Param({"1", "8"})
    public int levels;

    private BookUpdate[] updates;
    private int cursor;
    private long ts;

    private OrderBook plainBook;
    private OrderBook featureBook;
    private BookFeatures features;
    private OrderBook baselineBook;
    private final long[] topPrices = new long[10];
    private final long[] topSizes = new long[10];
    private final long[] bidBands = new long[5];
    private final long[] askBands = new long[5];
    private long bars;

    @Setup(Level.Trial)
    public void setUp() {
        UpdateStream s = new UpdateStream(BOOK_LEVELS, UPDATES * levels, 11);
        BookUpdate warm = delta(s, 0, s.warm);
        updates = new BookUpdate[UPDATES];
        for (int i = 0; i < UPDATES; i++) {
            updates[i] = delta(s, s.warm + i * levels, levels);
        }
        plainBook = book();
        baselineBook = book();
        featureBook = book();
        plainBook.apply(warm);
        baselineBook.apply(warm);
        features = new BookFeatures(featureBook, b -> bars++);
        ts = 1_700_000_000_000_000_000L;
        features.apply(warm, ts);
        features.onState(SyncState.LIVE, ts);
    }

    private static OrderBook book() {
        return new OrderBook("bench", "BTC-USDT", UpdateStream.PRICE_SCALE, UpdateStream.SIZE_SCALE, 4 * BOOK_LEVELS);
    }

    /** {@code n} consecutive updates of the stream from {@code from} as one delta, bids first. */
    private static BookUpdate delta(UpdateStream s, int from, int n) {
        int bids = 0;
        for (int i = from; i < from + n; i++) {
            if (!s.ask[i]) {
                bids++;
            }
        }
        long[] all = new long[2 * n];
        int b = 0;
        int a = 2 * bids;
        for (int i = from; i < from + n; i++) {
            if (s.ask[i]) {
                all[a++] = s.price[i];
                all[a++] = s.size[i];
            } else {
                all[b++] = s.price[i];
                all[b++] = s.size[i];
            }
        }
        return new BookUpdate("bench", "BTC-USDT", from, 0, 0, 0, BookUpdate.Kind.DELTA, from, BookUpdate.NO_CHECKSUM,
                UpdateStream.PRICE_SCALE, UpdateStream.SIZE_SCALE, all, bids);
    }

    private BookUpdate next() {
        BookUpdate u = updates[cursor];
        cursor = (cursor + 1) & (UPDATES - 1);
        return u;
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long bookApply() {
        final OrderBook book = plainBook;
        for (int i = 0; i < BATCH; i++) {
            book.apply(next());
        }
        return book.bestBid();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long features() {
        final BookFeatures f = features;
        long t = ts;
        for (int i = 0; i < BATCH; i++) {
            t += 1_000;
            f.apply(next(), t);
            f.onState(SyncState.LIVE, t);
        }
        ts = t;
        return bars;
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void baselineTop10Bands(Blackhole bh) {
        final OrderBook book = baselineBook;
        for (int i = 0; i < BATCH; i++) {
            book.apply(next());
            long mid2 = book.bestBid() + book.bestAsk();
            bands(book.topBids(topPrices, topSizes, 10), false, mid2, bidBands);
            bands(book.topAsks(topPrices, topSizes, 10), true, mid2, askBands);
        }
        bh.consume(bidBands);
        bh.consume(askBands);
    }

    private void bands(int n, boolean ask, long mid2, long[] out) {
        for (int b = 0; b < 5; b++) {
            out[b] = 0;
        }
        for (int i = 0; i < n; i++) {
            long d = ask ? 2 * topPrices[i] - mid2 : mid2 - 2 * topPrices[i];
            for (int b = 0; b < 5; b++) {
                if (d * 10_000 < UPPER_BPS[b] * mid2) {
                    out[b] += topSizes[i];
                    break;
                }
            }
        }
    }
}
