package io.xgate.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.xgate.event.Candle;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * The builder against a naive reference (BigInteger sums over the trades grouped the obvious way) on random trade
 * streams: time bars (with the clock running at the trades' times, so nothing is late) and volume bars.
 */
class CandleBuilderPropertyTest {

    record T(long ts, long price, long size, boolean buy) {
    }

    static List<T> trades(long seed, int n, long start, long maxGapNanos) {
        Random r = new Random(seed);
        List<T> out = new ArrayList<>();
        long ts = start;
        long price = 6_500_000L + r.nextInt(1000);
        for (int i = 0; i < n; i++) {
            ts += (long) (r.nextDouble() * r.nextDouble() * maxGapNanos);
            price = Math.max(1, price + r.nextInt(21) - 10);
            long size = 1 + (long) Math.abs(r.nextGaussian() * 50_000_000L);
            out.add(new T(ts, price, size, r.nextBoolean()));
        }
        return out;
    }

    @Property(tries = 500)
    void timeBarsEqualTheNaiveGrouping(@ForAll long seed, @ForAll @IntRange(min = 1, max = 300) int n) {
        long d = 1_000_000_000L;
        List<T> ts = trades(seed, n, 1_700_000_000_000_000_000L + (seed & 0xffffff), 3 * d);
        List<Candle> bars = new ArrayList<>();
        CandleBuilder b = new CandleBuilder("v", "S", CandleSpec.parse("1s"), 2, 8, CandleBuilder.Options.DEFAULT,
                () -> 0L, (c, x) -> bars.add(c));
        for (T t : ts) {
            b.onClock(t.ts());
            b.onTrade(t.ts(), t.price(), t.size(), t.buy());
        }
        long first = Math.floorDiv(ts.get(0).ts(), d);
        long last = Math.floorDiv(ts.get(ts.size() - 1).ts(), d);
        b.onClock((last + 1) * d + 250_000_000L); // closes the last trade's bar, and no later one
        assertEquals(last - first + 1, bars.size(), "one bar per interval, flat ones included");
        long prevClose = -1;
        for (int i = 0; i < bars.size(); i++) {
            Candle c = bars.get(i);
            long k = first + i;
            assertEquals(k * d, c.startNanos());
            List<T> in = ts.stream().filter(t -> Math.floorDiv(t.ts(), d) == k).toList();
            if (in.isEmpty()) {
                assertEquals(prevClose, c.close());
                assertEquals(0, c.volume());
                continue;
            }
            check(c, in);
            prevClose = in.get(in.size() - 1).price();
        }
        assertEquals(0, b.lateDropped());
    }

    @Property(tries = 500)
    void volumeBarsEqualTheNaiveCut(@ForAll long seed, @ForAll @IntRange(min = 1, max = 300) int n) {
        List<T> ts = trades(seed, n, 1_700_000_000_000_000_000L, 1_000_000L);
        List<Candle> bars = new ArrayList<>();
        CandleBuilder b = new CandleBuilder("v", "S", CandleSpec.parse("v2.5"), 2, 8, CandleBuilder.Options.DEFAULT,
                () -> 0L, (c, x) -> bars.add(c));
        for (T t : ts) {
            b.onTrade(t.ts(), t.price(), t.size(), t.buy());
        }
        List<List<T>> cuts = new ArrayList<>();
        List<T> cur = new ArrayList<>();
        long vol = 0;
        for (T t : ts) {
            cur.add(t);
            vol += t.size();
            if (vol >= 250_000_000L) {
                cuts.add(cur);
                cur = new ArrayList<>();
                vol = 0;
            }
        }
        assertEquals(cuts.size(), bars.size());
        for (int i = 0; i < cuts.size(); i++) {
            check(bars.get(i), cuts.get(i));
        }
    }

    private static void check(Candle c, List<T> in) {
        BigInteger notional = BigInteger.ZERO;
        long vol = 0;
        long buy = 0;
        long hi = Long.MIN_VALUE;
        long lo = Long.MAX_VALUE;
        for (T t : in) {
            notional = notional.add(BigInteger.valueOf(t.price()).multiply(BigInteger.valueOf(t.size())));
            vol += t.size();
            buy += t.buy() ? t.size() : 0;
            hi = Math.max(hi, t.price());
            lo = Math.min(lo, t.price());
        }
        assertEquals(in.size(), c.tradeCount());
        assertEquals(in.get(0).price(), c.open());
        assertEquals(in.get(in.size() - 1).price(), c.close());
        assertEquals(hi, c.high());
        assertEquals(lo, c.low());
        assertEquals(vol, c.volume());
        assertEquals(buy, c.buyVolume());
        assertEquals(vol - buy, c.sellVolume());
        assertEquals(notional.longValueExact(), c.notional());
        assertEquals(new BigDecimal(notional).divide(BigDecimal.valueOf(vol), 0, RoundingMode.HALF_EVEN)
                .longValueExact(), c.vwap());
        assertEquals(in.get(0).ts(), c.firstTradeTsNanos());
        assertEquals(in.get(in.size() - 1).ts(), c.lastTradeTsNanos());
    }
}
