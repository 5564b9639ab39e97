package io.xgate.bench;

import io.xgate.book.OrderBook;
import it.unimi.dsi.fastutil.longs.Long2LongAVLTreeMap;
import it.unimi.dsi.fastutil.longs.LongComparators;
import java.math.BigDecimal;
import java.util.Comparator;
import java.util.TreeMap;
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
 * One L2 update (set a level's absolute size, 0 deletes) on a 1,000-level book with a realistic mix
 * ({@link UpdateStream}), for each candidate data structure and the naive reference:
 * <ul>
 *   <li>{@code orderBook}: xgate's {@link OrderBook} (a tick ladder with sorted primitive arrays as overflow);
 *   <li>{@code fastutilAvl}: a primitive sorted map (fastutil {@code Long2LongAVLTreeMap}) per side;
 *   <li>{@code treeMapLong}: {@code TreeMap<Long, Long>} per side (boxed);
 *   <li>{@code referenceBigDecimal}: the naive {@code TreeMap<BigDecimal, BigDecimal>} book, the baseline;
 *   <li>{@code directArrayFloor}: not a book: one store into a {@code long[]} indexed by price, with no
 *       ordering, no best-price tracking and no bounds for far-away prices. It is the floor that no book can
 *       beat on this stream (same loop, same branches on side), so it shows how much of any figure is the
 *       stream itself.
 * </ul>
 * Each invocation applies 1,024 consecutive updates of the stream; times are per update. {@code mix=realistic}
 * is the stream above; {@code mix=touch} puts every update within 10 ticks of the touch, to show what the deep
 * and far-away updates cost.
 */
@BenchmarkMode({Mode.AverageTime, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Thread)
public class BookUpdateBenchmark {

    private static final int BATCH = 1024;
    private static final int LEVELS = 1000;

    /** realistic: 80% near the touch, 15% deep, 5% far; touch: 100% near the touch. */
    @Param({"realistic", "touch"})
    public String mix;

    private UpdateStream stream;
    private int cursor;

    private OrderBook book;
    private Long2LongAVLTreeMap avlBids;
    private Long2LongAVLTreeMap avlAsks;
    private TreeMap<Long, Long> treeBids;
    private TreeMap<Long, Long> treeAsks;
    private TreeMap<BigDecimal, BigDecimal> refBids;
    private TreeMap<BigDecimal, BigDecimal> refAsks;
    private final long[] floorBids = new long[1 << 14];
    private final long[] floorAsks = new long[1 << 14];

    @Setup(Level.Trial)
    public void setUp() {
        stream = "touch".equals(mix) ? new UpdateStream(LEVELS, 1 << 20, 7, 100, 0)
                : new UpdateStream(LEVELS, 1 << 20, 7);
        book = new OrderBook("bench", "BTC-USDT", UpdateStream.PRICE_SCALE, UpdateStream.SIZE_SCALE, 2 * LEVELS);
        avlBids = new Long2LongAVLTreeMap(LongComparators.OPPOSITE_COMPARATOR);
        avlAsks = new Long2LongAVLTreeMap();
        treeBids = new TreeMap<>(Comparator.reverseOrder());
        treeAsks = new TreeMap<>();
        refBids = new TreeMap<>(Comparator.reverseOrder());
        refAsks = new TreeMap<>();
        for (int i = 0; i < stream.warm; i++) {
            applyAll(i);
        }
        cursor = stream.warm;
    }

    private void applyAll(int i) {
        boolean a = stream.ask[i];
        long p = stream.price[i];
        long s = stream.size[i];
        if (a) {
            book.setAsk(p, s);
        } else {
            book.setBid(p, s);
        }
        avl(a ? avlAsks : avlBids, p, s);
        tree(a ? treeAsks : treeBids, p, s);
        reference(a ? refAsks : refBids, p, s);
    }

    /** Next batch start; wraps around the stream (the book shape is stationary, so wrapping is harmless). */
    private int next() {
        int c = cursor;
        cursor = c + BATCH >= stream.price.length ? stream.warm : c + BATCH;
        return c;
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long orderBook() {
        final int from = next();
        final boolean[] ask = stream.ask;
        final long[] price = stream.price;
        final long[] size = stream.size;
        long sum = 0;
        for (int i = from; i < from + BATCH; i++) {
            sum += ask[i] ? book.setAsk(price[i], size[i]) : book.setBid(price[i], size[i]);
        }
        return sum;
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long fastutilAvl() {
        final int from = next();
        long sum = 0;
        for (int i = from; i < from + BATCH; i++) {
            sum += avl(stream.ask[i] ? avlAsks : avlBids, stream.price[i], stream.size[i]);
        }
        return sum;
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void treeMapLong(Blackhole bh) {
        final int from = next();
        for (int i = from; i < from + BATCH; i++) {
            bh.consume(tree(stream.ask[i] ? treeAsks : treeBids, stream.price[i], stream.size[i]));
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void referenceBigDecimal(Blackhole bh) {
        final int from = next();
        for (int i = from; i < from + BATCH; i++) {
            bh.consume(reference(stream.ask[i] ? refAsks : refBids, stream.price[i], stream.size[i]));
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long directArrayFloor() {
        final int from = next();
        final boolean[] ask = stream.ask;
        final long[] price = stream.price;
        final long[] size = stream.size;
        final int mask = floorBids.length - 1;
        long sum = 0;
        for (int i = from; i < from + BATCH; i++) {
            long[] side = ask[i] ? floorAsks : floorBids;
            int idx = (int) (price[i] - UpdateStream.MID) & mask;
            sum += side[idx];
            side[idx] = size[i];
        }
        return sum;
    }

    private static long avl(Long2LongAVLTreeMap side, long p, long s) {
        return s == 0 ? side.remove(p) : side.put(p, s);
    }

    private static Long tree(TreeMap<Long, Long> side, long p, long s) {
        return s == 0 ? side.remove(p) : side.put(p, s);
    }

    private static BigDecimal reference(TreeMap<BigDecimal, BigDecimal> side, long p, long s) {
        BigDecimal price = BigDecimal.valueOf(p, UpdateStream.PRICE_SCALE);
        return s == 0 ? side.remove(price) : side.put(price, BigDecimal.valueOf(s, UpdateStream.SIZE_SCALE));
    }
}
