package io.xgate.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The admin API's bounded series: newest {@code capacity} kept per key, served oldest first. */
class SeriesHistoryTest {

    @Test
    void keepsTheNewestPerSeriesAndServesThemOldestFirst() {
        SeriesHistory<Integer> h = new SeriesHistory<>(3);
        for (int i = 1; i <= 5; i++) {
            h.add(SeriesHistory.key("binance", "BTC-USDT", "1m"), i);
        }
        h.add(SeriesHistory.key("binance", "BTC-USDT"), 9); // a series without a spec (book bars)
        assertEquals(List.of(3, 4, 5), h.last("binance/BTC-USDT/1m", 10));
        assertEquals(List.of(4, 5), h.last("binance/BTC-USDT/1m", 2));
        assertEquals(List.of(9), h.last("binance/BTC-USDT", 5));
        assertEquals(List.of(), h.last("kraken/BTC-USDT/1m", 5));
        assertEquals(3, h.capacity());
        assertThrows(IllegalArgumentException.class, () -> new SeriesHistory<>(0));
    }
}
