package io.xgate.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xgate.event.Candle;
import io.xgate.event.Event;
import io.xgate.event.Indicator;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Moving averages over candle closes, as Indicator events. */
class IndicatorBuilderTest {

    static final long MIN = 60_000_000_000L;
    static final long T = 1_700_000_040L * 1_000_000_000L;

    static Candle candle(int i, long close, boolean complete) {
        long start = T + i * MIN;
        return new Candle("binance", "BTC-USDT", Event.NO_SEQ, start + 1, start + MIN, start + MIN, "1m", start,
                start + MIN, complete, 3, 8, close, close, close, close, close, 1, 1, 0, close, 11, 1, start + 1,
                start + 1);
    }

    /** TA-Lib's reference closes as 1m candles at price scale 3: EMA(10) and SMA(30) give TA-Lib's values. */
    @Test
    void indicatorsOverTaLibsReferenceCloses() {
        List<Indicator> out = new ArrayList<>();
        IndicatorBuilder b = new IndicatorBuilder("1m",
                List.of(IndicatorSpec.parse("EMA(10)"), IndicatorSpec.parse("SMA(30)")), out::add);
        for (int i = 0; i < TaLibReference.CLOSE.length; i++) {
            b.onCandle(candle(i, Math.round(TaLibReference.CLOSE[i] * 1000), true), 42L);
        }
        List<Indicator> ema = out.stream().filter(x -> x.name().equals("EMA(10)")).toList();
        List<Indicator> sma = out.stream().filter(x -> x.name().equals("SMA(30)")).toList();
        assertEquals(252 - 9, ema.size());
        assertEquals(252 - 29, sma.size());
        assertEquals(93.22, ema.get(0).value(), 0.01);        // test_ma.c: EMA classic, period 10, out[0]
        assertEquals(86.46, ema.get(20).value(), 0.01);       // out[20]
        assertEquals(108.97, ema.get(242).value(), 0.01);     // out[242]
        assertEquals(90.42, sma.get(0).value(), 0.01);        // SMA period 30, out[0]
        assertEquals(108.42, sma.get(222).value(), 0.01);     // out[222]
        Indicator first = ema.get(0);
        assertEquals(T + 9 * MIN, first.candleStartNanos());  // the candle it was computed on
        assertEquals(T + 10 * MIN, first.candleEndNanos());
        assertEquals("1m", first.spec());
        assertEquals(42L, first.publishTsNanos());
        assertEquals(T + 9 * MIN + 1, first.venueTsNanos());
    }

    @Test
    void partialCandlesAreNotFedAndOtherSpecsAreRefused() {
        List<Indicator> out = new ArrayList<>();
        IndicatorBuilder b = new IndicatorBuilder("1m", List.of(IndicatorSpec.parse("SMA(1)")), out::add);
        b.onCandle(candle(0, 1000, false), 0);
        assertTrue(out.isEmpty());
        b.onCandle(candle(0, 1000, true), 0);
        assertEquals(1.0, out.get(0).value());
        Candle other = new Candle("binance", "BTC-USDT", Event.NO_SEQ, 0, 0, 0, "5m", 0, 1, true, 2, 8, 1, 1, 1, 1,
                1, 1, 1, 0, 1, 10, 1, 0, 0);
        assertThrows(IllegalArgumentException.class, () -> b.onCandle(other, 0));
    }
}
