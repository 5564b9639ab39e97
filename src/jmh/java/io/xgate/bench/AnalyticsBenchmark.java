package io.xgate.bench;

import io.xgate.analytics.CandleBuilder;
import io.xgate.analytics.CandleSpec;
import io.xgate.analytics.MovingAverage;
import io.xgate.event.Candle;
import java.math.BigDecimal;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Analytics on the hot path, per input: one moving-average update ({@link MovingAverage}, each kind, periods 20 and 200)
 * against a naive SMA that re-adds its whole window on every update; and one trade into a {@link CandleBuilder}
 * ({@code 1m} time bars and {@code t100} tick bars, trades 1 ms apart, so a time bar closes every 60,000 trades and a
 * tick bar every 100) against a naive bar that sums the notional in {@code BigDecimal}. Each invocation feeds 1,024
 * consecutive inputs; times are per input. A closed bar allocates its {@code Candle} (one per 100 trades for
 * {@code t100}: that shows in its B/op), a trade allocates nothing.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
@State(Scope.Thread)
public class AnalyticsBenchmark {

    private static final int BATCH = 1024;

    /** The moving average under test, one per kind. */
    @State(Scope.Thread)
    public static class Average {

        @Param({"SMA", "EMA", "WMA", "DEMA", "TEMA"})
        public String kind;

        @Param({"20", "200"})
        public int period;

        MovingAverage average;

        @Setup
        public void setUp(AnalyticsBenchmark b) {
            average = MovingAverage.create(kind, period);
            for (int i = 0; i < BATCH; i++) {
                average.update(b.closes[i]);
            }
        }
    }

    /** The naive SMA's window. */
    @State(Scope.Thread)
    public static class NaiveWindow {

        @Param({"20", "200"})
        public int period;

        double[] window;
        int next;

        @Setup
        public void setUp() {
            window = new double[period];
        }
    }

    private final double[] closes = new double[BATCH];
    private final long[] prices = new long[BATCH];
    private final long[] sizes = new long[BATCH];
    private final boolean[] buys = new boolean[BATCH];


    private CandleBuilder timeBars;
    private CandleBuilder tickBars;
    private long ts;
    private Candle lastCandle;

    private BigDecimal naiveNotional = BigDecimal.ZERO;
    private long naiveVolume;
    private long naiveTrades;

    @Setup
    public void setUp() {
        Random r = new Random(42);
        double x = 65_000;
        long p = 6_500_000L;
        for (int i = 0; i < BATCH; i++) {
            x *= 1 + 0.001 * r.nextGaussian();
            closes[i] = x;
            p = Math.max(1, p + r.nextInt(21) - 10);
            prices[i] = p;
            sizes[i] = 1 + r.nextInt(100_000_000);
            buys[i] = r.nextBoolean();
        }
        ts = 1_700_000_040_000_000_000L;
        timeBars = new CandleBuilder("binance", "BTC-USDT", CandleSpec.parse("1m"), 2, 8,
                CandleBuilder.Options.DEFAULT, () -> ts, (c, t) -> lastCandle = c);
        tickBars = new CandleBuilder("binance", "BTC-USDT", CandleSpec.parse("t100"), 2, 8,
                CandleBuilder.Options.DEFAULT, () -> ts, (c, t) -> lastCandle = c);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public double movingAverageUpdate(Average state) {
        MovingAverage a = state.average;
        double s = 0;
        for (int i = 0; i < BATCH; i++) {
            s += a.update(closes[i]);
        }
        return s;
    }

    /** Baseline: an SMA that sums its whole window again on every update (O(period)). */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public double naiveSmaRecompute(NaiveWindow state) {
        double[] w = state.window;
        int n = w.length;
        int next = state.next;
        double s = 0;
        for (int i = 0; i < BATCH; i++) {
            w[next] = closes[i];
            next = next + 1 == n ? 0 : next + 1;
            double sum = 0;
            for (double v : w) {
                sum += v;
            }
            s += sum / n;
        }
        state.next = next;
        return s;
    }

    /** One trade into 1m bars; the clock runs once per 1,024 trades, as a timer would. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public Candle candleTimeBarTrade() {
        CandleBuilder b = timeBars;
        long t = ts;
        for (int i = 0; i < BATCH; i++) {
            t += 1_000_000L;
            b.onTrade(t, prices[i], sizes[i], buys[i]);
        }
        ts = t;
        b.onClock(t);
        return lastCandle;
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public Candle candleTickBarTrade() {
        CandleBuilder b = tickBars;
        long t = ts;
        for (int i = 0; i < BATCH; i++) {
            t += 1_000_000L;
            b.onTrade(t, prices[i], sizes[i], buys[i]);
        }
        ts = t;
        return lastCandle;
    }

    /** Baseline: a naive bar that keeps its notional as a BigDecimal sum of price times size. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public BigDecimal naiveBigDecimalBarTrade() {
        BigDecimal n = naiveNotional;
        for (int i = 0; i < BATCH; i++) {
            n = n.add(BigDecimal.valueOf(prices[i], 2).multiply(BigDecimal.valueOf(sizes[i], 8)));
            naiveVolume += sizes[i];
            if (++naiveTrades % 60_000 == 0) {
                n = BigDecimal.ZERO;
            }
        }
        naiveNotional = n;
        return n;
    }
}
