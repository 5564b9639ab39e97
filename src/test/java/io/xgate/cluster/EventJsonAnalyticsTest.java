package io.xgate.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonObject;
import io.xgate.event.Candle;
import io.xgate.event.Event;
import io.xgate.event.Indicator;
import org.junit.jupiter.api.Test;

/** {@code xgate tail}'s JSON for the analytics events: every field by name, mantissas with their scales. */
class EventJsonAnalyticsTest {

    @Test
    void candleAsJson() {
        Candle c = new Candle("binance", "BTC-USDT", Event.NO_SEQ, 7L, 8L, 9L, "1m", 60L, 120L, true, 2, 8, 6_543_210L,
                6_543_990L, 6_543_000L, 6_543_500L, 6_543_401L, 250_000_000L, 150_000_000L, 100_000_000L,
                1_635_850_250_000_000L, 10, 3, 61L, 119L);
        JsonObject o = EventJson.toJson(c);
        assertEquals("CANDLE", o.getString("type"));
        assertEquals("1m", o.getString("spec"));
        assertEquals(60L, o.getLong("startNanos"));
        assertEquals(true, o.getBoolean("complete"));
        assertEquals(6_543_401L, o.getLong("vwap"));
        assertEquals(1_635_850_250_000_000L, o.getLong("notional"));
        assertEquals(10, o.getInteger("notionalScale"));
        assertEquals(3L, o.getLong("tradeCount"));
        assertEquals(-1L, o.getLong("venueSeq"));
        assertEquals(119L, new JsonObject(o.encode()).getLong("lastTradeTsNanos")); // and it encodes
    }

    @Test
    void indicatorAsJson() {
        Indicator i = new Indicator("okx", "ETH-USDT", Event.NO_SEQ, 1L, 2L, 3L, "t100", "TEMA(14)", 3001.25, 10L, 20L);
        JsonObject o = new JsonObject(EventJson.toJson(i).encode());
        assertEquals("INDICATOR", o.getString("type"));
        assertEquals("TEMA(14)", o.getString("name"));
        assertEquals(3001.25, o.getDouble("value"));
        assertEquals(20L, o.getLong("candleEndNanos"));
    }
}
