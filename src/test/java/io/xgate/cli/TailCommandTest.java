package io.xgate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xgate.config.ConfigLoader;
import io.xgate.config.GatewayConfig;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What {@code xgate tail} follows of the analytics addresses (their JSON: {@code EventJsonAnalyticsTest}). */
class TailCommandTest {

    @Test
    void theAnalyticsAddressesOfTheConfigurationAreFollowedByPrefix() {
        GatewayConfig c = new ConfigLoader(k -> null).load(Path.of("conf/xgate.yaml"));
        List<String> known = TailCommand.addresses(c);
        assertTrue(known.contains("xgate.an.candle.binance.BTC-USDT.1s"), known.toString());
        assertTrue(known.contains("xgate.an.candle.kraken.ETH-USDT.1m"), known.toString());
        assertTrue(known.contains("xgate.an.indicator.okx.BTC-USDT.1m"), "1m has indicators in conf/xgate.yaml");
        assertFalse(known.contains("xgate.an.indicator.okx.BTC-USDT.1s"), "1s has none");
        long candles = known.stream().filter(a -> a.startsWith("xgate.an.candle.")).count();
        assertEquals(c.venues().stream().mapToLong(v -> v.instruments().size()).sum() * 2, candles,
                "two specs per (venue, symbol)");
    }
}
