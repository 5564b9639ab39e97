package io.xgate.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xgate.event.Candle;
import io.xgate.event.Event;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Candles on scripted trade sequences. */
class CandleBuilderTest {

    /** A whole UTC minute (1,700,000,040 s = 28,333,334 minutes). */
    static final long T = 1_700_000_040L * 1_000_000_000L;
    static final long SEC = 1_000_000_000L;
    static final long MS = 1_000_000L;
    static final long MIN = 60 * SEC;

    final List<Candle> bars = new ArrayList<>();
    final List<BarTrades> barTrades = new ArrayList<>();
    long clockNow = T;

    CandleBuilder builder(String spec, int priceScale, int sizeScale, CandleBuilder.Options options) {
        return new CandleBuilder("binance", "BTC-USDT", CandleSpec.parse(spec), priceScale, sizeScale, options,
                () -> clockNow, (c, t) -> {
                    bars.add(c);
                    barTrades.add(t);
                });
    }

    CandleBuilder builder(String spec) {
        return builder(spec, 2, 0, CandleBuilder.Options.DEFAULT);
    }

    @Test
    void timeBarsAreAlignedToTheEpochInUtc() {
        CandleBuilder b = builder("1m");
        b.onTrade(T + 17 * SEC + 300 * MS, 100, 1, true);
        b.onClock(T + MIN + 250 * MS);
        assertEquals(1, bars.size());
        Candle c = bars.get(0);
        assertEquals(T, c.startNanos());
        assertEquals(T + MIN, c.endNanos());
        assertEquals(0, c.startNanos() % MIN);
        assertEquals(0, Instant.ofEpochSecond(0, c.startNanos()).atOffset(ZoneOffset.UTC).getSecond());

        CandleBuilder d = builder("1d");
        d.onTrade(T, 100, 1, true);
        d.onClock(T + 2 * 86_400 * SEC);
        Candle day = bars.get(1);
        var start = Instant.ofEpochSecond(0, day.startNanos()).atOffset(ZoneOffset.UTC);
        assertEquals(0, start.getHour());
        assertEquals(0, start.getMinute());
        assertEquals(86_400 * SEC, day.endNanos() - day.startNanos());
        assertTrue(day.startNanos() <= T && T < day.endNanos());
    }

    @Test
    void aTradeExactlyAtTheBoundaryBelongsToTheNewBar() {
        CandleBuilder b = builder("1m");
        b.onTrade(T + 10 * SEC, 100, 1, true);
        b.onTrade(T + MIN, 200, 2, false);          // exactly at the boundary
        b.onClock(T + MIN + 249 * MS);               // within the grace: nothing closes yet
        assertEquals(0, bars.size());
        b.onClock(T + MIN + 250 * MS);               // end + grace: the first bar closes
        assertEquals(1, bars.size());
        Candle first = bars.get(0);
        assertEquals(1, first.tradeCount());
        assertEquals(100, first.close());
        assertEquals(1, first.volume());
        b.onClock(T + 2 * MIN + 250 * MS);
        Candle second = bars.get(1);
        assertEquals(T + MIN, second.startNanos());
        assertEquals(200, second.open());
        assertEquals(2, second.volume());
        assertEquals(T + MIN, second.firstTradeTsNanos());
        assertTrue(first.complete() && second.complete());
    }

    @Test
    void anEmptyIntervalEmitsAFlatBarAtThePreviousClose() {
        CandleBuilder b = builder("1m");
        b.onTrade(T + SEC, 105, 3, true);
        b.onTrade(T + 2 * SEC, 100, 1, false);
        b.onClock(T + 3 * MIN + 250 * MS);
        assertEquals(3, bars.size());
        for (int i = 1; i < 3; i++) {
            Candle flat = bars.get(i);
            assertEquals(T + i * MIN, flat.startNanos());
            assertEquals(100, flat.open());
            assertEquals(100, flat.high());
            assertEquals(100, flat.low());
            assertEquals(100, flat.close());
            assertEquals(100, flat.vwap());
            assertEquals(0, flat.volume());
            assertEquals(0, flat.notional());
            assertEquals(0, flat.tradeCount());
            assertEquals(Event.NO_TIME, flat.firstTradeTsNanos());
            assertEquals(Event.NO_TIME, flat.venueTsNanos());
            assertTrue(flat.complete());
        }
    }

    @Test
    void skipEmitsNothingForAnEmptyInterval() {
        CandleBuilder b = builder("1m", 2, 0, CandleBuilder.Options.DEFAULT.withSkipEmpty(true));
        b.onTrade(T + SEC, 100, 1, true);
        b.onClock(T + 3 * MIN + 250 * MS);
        assertEquals(1, bars.size());
        b.onTrade(T + 3 * MIN + SEC, 110, 1, true);
        b.onClock(T + 4 * MIN + 250 * MS);
        assertEquals(2, bars.size());
        assertEquals(T + 3 * MIN, bars.get(1).startNanos());
        assertEquals(110, bars.get(1).open());
    }

    @Test
    void aLateTradeWithinTheGraceCountsAndOneBeyondIsDroppedAndCounted() {
        CandleBuilder b = builder("1m");
        b.onTrade(T + 30 * SEC, 100, 1, true);
        b.onTrade(T + MIN + 50 * MS, 300, 4, true);           // the next bar's, before this one closed
        b.onClock(T + MIN + 100 * MS);                        // within the grace
        assertTrue(b.onTrade(T + MIN - 100 * MS, 101, 2, false)); // late, within the grace: counted in its bar
        b.onClock(T + MIN + 250 * MS);
        assertEquals(1, bars.size());
        Candle first = bars.get(0);
        assertEquals(2, first.tradeCount());
        assertEquals(3, first.volume());
        assertEquals(101, first.close());                     // the latest by venue time
        assertEquals(T + MIN - 100 * MS, first.lastTradeTsNanos());

        assertFalse(b.onTrade(T + MIN - 50 * MS, 999, 7, true)); // its bar closed: dropped and counted
        assertEquals(1, b.lateDropped());
        b.onClock(T + 2 * MIN + 250 * MS);
        Candle second = bars.get(1);
        assertEquals(1, second.tradeCount());                 // never mixed into the next bar
        assertEquals(4, second.volume());
        assertEquals(300, second.high());
    }

    /** A grace longer than the bar: several bars wait out their grace at once, each keeps its own trades. */
    @Test
    void aGraceLongerThanTheBarKeepsSeveralBarsOpen() {
        CandleBuilder b = builder("100ms");                   // grace 250 ms: 5 open bars
        b.onTrade(T + 50 * MS, 100, 1, true);
        b.onTrade(T + 150 * MS, 101, 1, true);
        b.onTrade(T + 250 * MS, 102, 1, true);
        b.onClock(T + 300 * MS);                              // bar 0 closes at 100 + 250 ms
        assertEquals(0, bars.size());
        assertTrue(b.onTrade(T + 90 * MS, 99, 5, true));      // 210 ms late, within the grace
        b.onClock(T + 350 * MS);
        assertEquals(1, bars.size());
        assertEquals(2, bars.get(0).tradeCount());
        assertEquals(6, bars.get(0).volume());
        assertEquals(99, bars.get(0).low());
        b.onClock(T + 550 * MS);
        assertEquals(3, bars.size());
        assertEquals(101, bars.get(1).close());
        assertEquals(102, bars.get(2).close());
        assertEquals(0, b.forcedCloses());
    }

    @Test
    void tickBarsCloseOnTheirNthTrade() {
        CandleBuilder b = builder("t3");
        for (int i = 1; i <= 7; i++) {
            b.onTrade(T + i * SEC, 100 + i, 1, true);
        }
        assertEquals(2, bars.size());
        assertEquals(3, bars.get(0).tradeCount());
        assertEquals(101, bars.get(0).open());
        assertEquals(103, bars.get(0).close());
        assertEquals(T + SEC, bars.get(0).startNanos());
        assertEquals(T + 3 * SEC, bars.get(0).endNanos());
        assertEquals(104, bars.get(1).open());
        Candle partial = b.partial(T + 8 * SEC).orElseThrow();
        assertFalse(partial.complete());
        assertEquals(1, partial.tradeCount());
        b.onClock(T + 10 * MIN);                              // activity bars ignore the clock
        assertEquals(2, bars.size());
    }

    @Test
    void aVolumeBarIsCompletedWholeByTheTradeThatCrossesItsThreshold() {
        CandleBuilder b = builder("v10", 2, 2, CandleBuilder.Options.DEFAULT); // 10 base units = 1000 at scale 2
        b.onTrade(T + 1, 100, 400, true);
        b.onTrade(T + 2, 100, 400, false);
        assertEquals(0, bars.size());
        b.onTrade(T + 3, 101, 500, true);                     // 13 units: crosses 10
        assertEquals(1, bars.size());
        Candle c = bars.get(0);
        assertEquals(1300, c.volume());                       // the whole trade, the excess is not carried over
        assertEquals(900, c.buyVolume());
        assertEquals(400, c.sellVolume());
        assertEquals(3, c.tradeCount());
        assertTrue(b.partial(T + 4).isEmpty());               // the next bar starts empty
        b.onTrade(T + 4, 102, 1000, true);                    // exactly the threshold completes a bar alone
        assertEquals(2, bars.size());
        assertEquals(1000, bars.get(1).volume());
        assertEquals(1, bars.get(1).tradeCount());
    }

    @Test
    void aValueBarIsCompletedWholeByTheTradeThatCrossesItsNotional() {
        CandleBuilder b = builder("n1000", 2, 3, CandleBuilder.Options.DEFAULT);
        b.onTrade(T + 1, 10_000, 6_000, true);               // 100.00 x 6.000 = 600
        assertEquals(0, bars.size());
        b.onTrade(T + 2, 10_000, 5_000, true);               // + 500 = 1100 >= 1000
        assertEquals(1, bars.size());
        Candle c = bars.get(0);
        assertEquals(5, c.notionalScale());
        assertEquals(110_000_000L, c.notional());            // 1100 at scale 5: the excess stays in this bar
        assertEquals(10_000, c.vwap());
        b.onTrade(T + 3, 10_000, 9_000, true);               // 900: the next bar started from zero
        assertEquals(1, bars.size());
        b.onTrade(T + 4, 10_000, 1_000, true);               // 1000 exactly
        assertEquals(2, bars.size());
        assertEquals(100_000_000L, bars.get(1).notional());
    }

    @Test
    void vwapIsExactInFixedPointRoundedHalfEven() {
        CandleBuilder b = builder("t2");
        b.onTrade(T + 1, 101, 1, true);
        b.onTrade(T + 2, 102, 1, true);                      // 101.5 -> 102 (tie to even)
        b.onTrade(T + 3, 101, 1, true);
        b.onTrade(T + 4, 104, 1, true);                      // 102.5 -> 102 (tie to even)
        assertEquals(102, bars.get(0).vwap());
        assertEquals(102, bars.get(1).vwap());
        CandleBuilder c = builder("t3");
        c.onTrade(T + 1, 100, 2, true);
        c.onTrade(T + 2, 100, 1, true);
        c.onTrade(T + 3, 101, 1, true);                      // 401/4 = 100.25 -> 100
        assertEquals(100, bars.get(2).vwap());
        assertEquals(401, bars.get(2).notional());
        CandleBuilder d = builder("t2");
        d.onTrade(T + 1, 100, 1, true);
        d.onTrade(T + 2, 103, 3, true);                      // 409/4 = 102.25 -> 102; 102.75 would be 103
        assertEquals(102, bars.get(3).vwap());
    }

    /** A notional beyond a long: the 128-bit sum, VWAP exact, the notional published at a smaller scale. */
    @Test
    void vwapAndNotionalBeyondALong() {
        CandleBuilder b = builder("t3", 8, 8, CandleBuilder.Options.DEFAULT);
        long[] prices = {6_543_210_123_456_789L, 6_543_210_123_456_790L, 6_543_210_123_456_700L};
        long[] sizes = {1_000_000_000_000L, 3_000_000_000_001L, 7L};
        BigDecimal notional = BigDecimal.ZERO;
        long volume = 0;
        for (int i = 0; i < 3; i++) {
            b.onTrade(T + i, prices[i], sizes[i], i % 2 == 0);
            notional = notional.add(BigDecimal.valueOf(prices[i]).multiply(BigDecimal.valueOf(sizes[i])));
            volume += sizes[i];
        }
        Candle c = bars.get(0);
        long vwap = notional.divide(BigDecimal.valueOf(volume), 0, RoundingMode.HALF_EVEN).longValueExact();
        assertEquals(vwap, c.vwap());
        assertTrue(c.notionalScale() < 16);
        BigDecimal published = BigDecimal.valueOf(c.notional(), c.notionalScale());
        BigDecimal exact = new BigDecimal(notional.toBigInteger(), 16);
        assertEquals(exact.setScale(c.notionalScale(), RoundingMode.HALF_EVEN), published);
        assertTrue(exact.setScale(c.notionalScale() + 1, RoundingMode.HALF_EVEN).unscaledValue().bitLength() > 63);
    }

    @Test
    void tradesAreStoredOnlyWhenAskedAndBounded() {
        CandleBuilder off = builder("t3");
        for (int i = 0; i < 3; i++) {
            off.onTrade(T + i, 100, 1, true);
        }
        assertSame(BarTrades.NONE, barTrades.get(0));

        CandleBuilder on = builder("t3", 2, 0, CandleBuilder.Options.DEFAULT.withStoreTrades(true, 2));
        on.onTrade(T + 1, 100, 1, true);
        on.onTrade(T + 2, 101, 2, false);
        on.onTrade(T + 3, 102, 3, true);
        BarTrades t = barTrades.get(1);
        assertEquals(2, t.size());
        assertEquals(1, t.notStored());
        assertEquals(101, t.prices()[1]);
        assertEquals(2, t.sizes()[1]);
        assertFalse(t.aggressorBuy()[1]);
        assertEquals(T + 2, t.venueTsNanos()[1]);
        assertEquals(3, bars.get(1).tradeCount());             // the aggregates have every trade
        on.onTrade(T + 4, 103, 1, true);
        on.onTrade(T + 5, 104, 1, true);
        on.onTrade(T + 6, 105, 1, true);
        assertEquals(2, barTrades.get(2).size());              // the list starts afresh per bar
        assertEquals(1, barTrades.get(2).notStored());
        assertEquals(103, barTrades.get(2).prices()[0]);
    }

    @Test
    void partialSnapshotsAreFlaggedIncomplete() {
        CandleBuilder b = builder("1m");
        assertTrue(b.partial(T).isEmpty());                   // nothing before the first trade
        b.onTrade(T + SEC, 100, 2, true);
        b.onTrade(T + 2 * SEC, 102, 1, false);
        Candle p = b.partial(T + 3 * SEC).orElseThrow();
        assertFalse(p.complete());
        assertEquals(T, p.startNanos());
        assertEquals(3, p.volume());
        assertEquals(102, p.close());
        assertEquals(T + 3 * SEC, p.receiveTsNanos());
        assertEquals(0, bars.size());                         // a snapshot emits nothing
        Candle quiet = b.partial(T + MIN + SEC).orElseThrow(); // the next bar, no trade yet: flat at the close
        assertEquals(T + MIN, quiet.startNanos());
        assertEquals(102, quiet.open());
        assertEquals(0, quiet.volume());
        assertFalse(quiet.complete());
    }

    @Test
    void invalidTradesAreDroppedAndCounted() {
        CandleBuilder b = builder("t1");
        assertFalse(b.onTrade(T, 100, 0, true));
        assertFalse(b.onTrade(T, -1, 5, true));
        assertEquals(2, b.invalidDropped());
        assertEquals(0, bars.size());
    }

    @Test
    void aTradeFarAheadOfTheClockClosesTheOldestBarsEarlyAndSaysSo() {
        CandleBuilder b = builder("1s");                      // grace 250 ms: 3 open bars
        b.onTrade(T, 100, 1, true);
        b.onTrade(T + 3 * SEC, 101, 1, true);                 // 3 bars ahead of the oldest open one
        assertEquals(1, b.forcedCloses());
        assertEquals(1, bars.size());
        assertEquals(T, bars.get(0).startNanos());
        b.onClock(T + 4 * SEC + 250 * MS);
        assertEquals(4, bars.size());                         // two flat bars, then the trade's
        assertEquals(0, bars.get(1).volume());
        assertEquals(101, bars.get(3).close());
    }

    @Test
    void aTimestampYearsAheadJumpsWithoutFlatBars() {
        CandleBuilder b = builder("1s");
        b.onTrade(T, 100, 1, true);
        b.onTrade(T + 365L * 86_400 * SEC, 101, 1, true);     // a year ahead: a bad timestamp or clock
        assertEquals(1, bars.size());                         // the open bar closed early, no year of flat bars
        assertEquals(365L * 86_400 - 2, b.forcedCloses());
        assertTrue(b.onTrade(T + 365L * 86_400 * SEC - 2 * SEC, 99, 1, true)); // inside the ring: still open
        assertFalse(b.onTrade(T + 5 * SEC, 98, 1, true));     // jumped over: late
    }

    @Test
    void headerFieldsFollowTheOtherEvents() {
        CandleBuilder b = builder("1m");
        b.onTrade(T + 5 * SEC, 100, 1, true);
        b.onClock(T + MIN + 300 * MS);
        Candle c = bars.get(0);
        assertEquals("binance", c.venue());
        assertEquals("BTC-USDT", c.symbol());
        assertEquals("1m", c.spec());
        assertEquals(Event.NO_SEQ, c.venueSeq());
        assertEquals(T + 5 * SEC, c.venueTsNanos());
        assertEquals(T + MIN + 300 * MS, c.receiveTsNanos());
        assertEquals(2, c.priceScale());
        assertEquals(0, c.sizeScale());
    }

    @Test
    void thresholdsThatTheScalesCannotExpressAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> builder("v0.5", 2, 0, CandleBuilder.Options.DEFAULT));
        assertTrue(e.getMessage().contains("v0.5"), e.getMessage());
        builder("v0.5", 2, 1, CandleBuilder.Options.DEFAULT); // fine at one decimal
    }
}
