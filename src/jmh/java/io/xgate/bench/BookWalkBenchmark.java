package io.xgate.bench;

import io.xgate.book.OrderBook;
import io.xgate.book.WalkResult;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Walking the asks of a 1,000-level book for a quantity that consumes about {@code levels} levels, returning
 * the volume-weighted price: {@link OrderBook#walkAsks} versus the same walk over the naive BigDecimal book.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class BookWalkBenchmark {

    @Param({"10", "100"})
    public int levels;

    private OrderBook book;
    private TreeMap<BigDecimal, BigDecimal> refAsks;
    private final WalkResult result = new WalkResult();
    private long quantity;
    private BigDecimal refQuantity;

    @Setup
    public void setUp() {
        book = new OrderBook("bench", "BTC-USDT", 2, 8, 2048);
        refAsks = new TreeMap<>();
        long q = 0;
        for (int i = 0; i < 1000; i++) {
            long p = 6_500_001L + i;
            long s = 10_000_000L + 1_000L * i;
            book.setAsk(p, s);
            refAsks.put(BigDecimal.valueOf(p, 2), BigDecimal.valueOf(s, 8));
            if (i < levels) {
                q += s;
            }
        }
        quantity = q - 5_000_000L; // ends inside the last level
        refQuantity = BigDecimal.valueOf(quantity, 8);
    }

    @Benchmark
    public long orderBook() {
        return book.walkAsks(quantity, result).averagePrice();
    }

    @Benchmark
    public BigDecimal referenceBigDecimal() {
        BigDecimal left = refQuantity;
        BigDecimal notional = BigDecimal.ZERO;
        for (Map.Entry<BigDecimal, BigDecimal> e : refAsks.entrySet()) {
            if (left.signum() <= 0) {
                break;
            }
            BigDecimal take = left.min(e.getValue());
            notional = notional.add(take.multiply(e.getKey()));
            left = left.subtract(take);
        }
        return notional.divide(refQuantity.subtract(left), 2, RoundingMode.HALF_UP);
    }
}
