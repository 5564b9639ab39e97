package io.xgate.bench;

import io.xgate.book.OrderBook;
import io.xgate.journal.FeedRecords;
import io.xgate.journal.JournalReader;
import io.xgate.journal.Replayer;
import io.xgate.venue.binance.BinanceReplay;
import io.xgate.venue.binance.BinanceSessionJournal;
import io.xgate.venue.binance.BinanceSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A journal replayed through the production path: the 200,000-frame Binance session of
 * {@code ../shared/bench/gen-binance-frames.js} ({@link BinanceSession}) written as a journal
 * ({@link BinanceSessionJournal}), then each invocation reads the whole journal (memory-mapped segments, LZ4 blocks,
 * CRC32C per record) and plays it through {@link Replayer}: the Binance dialect, the venue connection code,
 * {@code SymbolSync}, the book with every check ({@code BookKeeper}) and a {@code BookTop} after every frame. Scores are
 * per frame. Same-run baselines: {@link #readOnly} (the journal read alone) and {@link #inMemory} (decode, sync and
 * book apply of the same frames from memory, {@code ReplayBenchmark.xgate}'s path); {@link #bars} adds the
 * book-feature bars ({@code xgate bars}).
 *
 * <p>{@code java -jar target/benchmarks.jar JournalReplay -f 1 -wi 3 -i 5}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class JournalReplayBenchmark {

    static final int FRAMES = BinanceSession.DEFAULT_FRAMES;

    private Path dir;
    private JournalReader reader;
    private byte[] snapshot;
    private byte[][] frames;
    private final BinanceReplay memory = new BinanceReplay();

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        dir = Files.createTempDirectory("journal-replay-bench");
        BinanceSessionJournal.write(dir, FRAMES);
        reader = JournalReader.open(dir, FeedRecords.FEED);
        BinanceSession session = BinanceSession.generate();
        snapshot = session.snapshot();
        frames = session.frames().toArray(new byte[0][]);
        Replayer r = replay(0);
        OrderBook b = r.book("binance", "BTC-USDT");
        if (b.bestBid() != 5999999 || b.bestAsk() != 6000001 || b.bidCount() != 944 || b.askCount() != 958) {
            throw new IllegalStateException("the replayed session ends at " + b.bestBid() + " / " + b.bestAsk()
                    + ", " + b.bidCount() + "/" + b.askCount() + " levels, not the generator's reference book");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private Replayer replay(long barNanos) throws Exception {
        boolean tops = barNanos == 0; // xgate replay holds the replay to the recorded tops; xgate bars builds none
        Replayer r = new Replayer(new Replayer.Options(null, Long.MIN_VALUE, Long.MAX_VALUE, barNanos),
                new Replayer.Listener() {
                    @Override
                    public boolean tops() {
                        return tops;
                    }
                });
        reader.readAll(r::record);
        return r;
    }

    /** The journal through the production path: read, dialect, connection, sync, book with its checks, tops. */
    @Benchmark
    @OperationsPerInvocation(FRAMES)
    public Object replay() throws Exception {
        return replay(0);
    }

    /** As {@link #replay}, with 5 s book-feature bars and no {@code BookTop}s ({@code xgate bars}). */
    @Benchmark
    @OperationsPerInvocation(FRAMES)
    public Object bars() throws Exception {
        return replay(5_000_000_000L);
    }

    /** Baseline: the journal read alone (mapping, LZ4, CRC32C, one call per record). */
    @Benchmark
    @OperationsPerInvocation(FRAMES)
    public long readOnly() throws Exception {
        long[] n = {0};
        reader.readAll((type, ts, buf, off, len) -> n[0] += len);
        return n[0];
    }

    /** Baseline: the same frames from memory through the Binance protocol, sync and book (no journal, no tops). */
    @Benchmark
    @OperationsPerInvocation(FRAMES)
    public long inMemory() {
        memory.open();
        memory.snapshot(snapshot, 0);
        long s = 0;
        for (int i = 0; i < frames.length; i++) {
            s += memory.frame(frames[i], i);
        }
        return s;
    }
}
