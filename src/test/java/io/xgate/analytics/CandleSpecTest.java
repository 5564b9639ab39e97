package io.xgate.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Parsing candle and indicator specs, and their errors. */
class CandleSpecTest {

    @Test
    void timeSpecs() {
        assertEquals(1_000_000_000L, CandleSpec.parse("1s").durationNanos());
        assertEquals(60_000_000_000L, CandleSpec.parse("1m").durationNanos());
        assertEquals(300_000_000_000L, CandleSpec.parse("5m").durationNanos());
        assertEquals(3_600_000_000_000L, CandleSpec.parse("1h").durationNanos());
        assertEquals(86_400_000_000_000L, CandleSpec.parse("1d").durationNanos());
        assertEquals(250_000_000L, CandleSpec.parse("250ms").durationNanos());
        CandleSpec m = CandleSpec.parse("5m");
        assertEquals(CandleSpec.Kind.TIME, m.kind());
        assertEquals("5m", m.label());
        assertTrue(m.timeBased());
    }

    @Test
    void activitySpecsKeepTheirTextAsLabel() {
        CandleSpec t = CandleSpec.parse("t100");
        assertEquals(CandleSpec.Kind.TICK, t.kind());
        assertEquals(100, t.trades());
        assertEquals("t100", t.label());
        CandleSpec v = CandleSpec.parse("v0.5");
        assertEquals(CandleSpec.Kind.VOLUME, v.kind());
        assertEquals(new BigDecimal("0.5"), v.amount());
        assertEquals("v0.5", v.label());
        CandleSpec n = CandleSpec.parse("n250000");
        assertEquals(CandleSpec.Kind.VALUE, n.kind());
        assertEquals(0, new BigDecimal("250000").compareTo(n.amount()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "0s", "1w", "m", "1", "-1m", "+1m", "1.5m", "t0", "t-3", "t1.5", "tx", "v0",
            "v", "v1e3", "v-1", "v1.2.3", "n0.0", "nabc", "x100", "99999999999999999999d"})
    void badSpecsSayWhatIsAccepted(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CandleSpec.parse(text));
        assertTrue(e.getMessage().contains("accepted"), e.getMessage());
        assertTrue(e.getMessage().contains("candle spec"), e.getMessage());
    }

    @Test
    void aDurationThatOverflowsIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CandleSpec.parse("200000d"));
        assertTrue(e.getMessage().contains("too long"), e.getMessage());
    }

    @Test
    void indicatorSpecs() {
        IndicatorSpec e = IndicatorSpec.parse("EMA(20)");
        assertEquals("EMA", e.kind());
        assertEquals(20, e.period());
        assertEquals("EMA(20)", e.label());
        assertEquals("TEMA(14)", IndicatorSpec.parse(" tema( 14 ) ").label());
        MovingAverage ma = IndicatorSpec.parse("dema(3)").create();
        assertEquals(4, ma.lookback());
        assertEquals("DEMA(3)", ma.name());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "EMA", "EMA()", "EMA(x)", "EMA(0)", "EMA(-1)", "EMA(100001)", "KAMA(10)", "(10)",
            "EMA(1.5)", "EMA(20"})
    void badIndicatorsSayWhatIsAccepted(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> IndicatorSpec.parse(text));
        assertTrue(e.getMessage().contains("indicator"), e.getMessage());
        assertTrue(e.getMessage().contains("SMA") || e.getMessage().contains("1..100000"), e.getMessage());
    }

    @Test
    void movingAverageKindsAreCaseInsensitiveAndOthersAreRefused() {
        assertEquals("WMA", MovingAverage.create("wma", 5).kind());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MovingAverage.create("HMA", 5));
        assertTrue(e.getMessage().contains("SMA, EMA, WMA, DEMA, TEMA"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> MovingAverage.create("SMA", 0));
        assertThrows(IllegalArgumentException.class, () -> MovingAverage.create("SMA", 1).update(Double.NaN));
    }

    @Test
    void resetForgetsEverything() {
        MovingAverage ma = MovingAverage.create("TEMA", 3);
        for (int i = 0; i < 10; i++) {
            ma.update(i);
        }
        ma.reset();
        assertTrue(Double.isNaN(ma.update(5)));
        assertEquals(false, ma.ready());
    }
}
