package io.xgate.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xgate.analytics.CandleSpec;
import io.xgate.analytics.IndicatorSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code analytics} section: defaults, every key typed, and each bad value named with what is accepted. */
class AnalyticsConfigTest {

    @TempDir
    Path dir;

    private static final String GATEWAY = "venues: [binance]\n";
    private static final String VENUE = String.join("\n",
            "id: binance",
            "dialect: binance",
            "websocket: {url: ws://127.0.0.1:9101/stream}",
            "rest: {url: http://127.0.0.1:9101}",
            "symbols:",
            "  BTC-USDT: {venueSymbol: BTCUSDT, tickSize: \"0.01\", lotSize: \"0.00001\"}",
            "  ETH-USDT: {venueSymbol: ETHUSDT, tickSize: \"0.01\", lotSize: \"0.0001\"}",
            "");

    @Test
    void withoutASectionEverySymbolGetsOneSecondAndOneMinuteBars() throws IOException {
        GatewayConfig.Analytics a = load(GATEWAY).analytics();
        assertTrue(a.enabled());
        assertEquals(List.of("binance"), a.venues(), "the venues the node runs");
        assertEquals(List.of("1s", "1m"), labels(a.candlesOf("BTC-USDT")));
        assertEquals(List.of(), a.indicatorsOf("1m"));
        assertEquals(Duration.ofMillis(250), a.grace());
        assertFalse(a.skipEmpty());
        assertFalse(a.storeTrades());
        assertEquals(Duration.ofSeconds(1), a.partialInterval());
        assertEquals(500, a.history());
        assertEquals(io.xgate.analytics.CandleBuilder.Options.DEFAULT, a.options());
    }

    @Test
    void everyKeyIsTyped() throws IOException {
        GatewayConfig.Analytics a = load(GATEWAY + "analytics:\n  candles: [1s, 5m, t100, v0.5, n250000]\n"
                + "  symbols:\n    ETH-USDT: {candles: [1m]}\n"
                + "  indicators: {1s: [EMA(20), tema(14)], 1m: [SMA(5)]}\n"
                + "  grace: 100ms\n  empty: skip\n  storeTrades: true\n  maxStoredTrades: 50\n"
                + "  partialInterval: 500ms\n  history: 20\n  venues: []\n").analytics();
        assertEquals(List.of("1s", "5m", "t100", "v0.5", "n250000"), labels(a.candlesOf("BTC-USDT")));
        assertEquals(CandleSpec.Kind.VOLUME, a.candlesOf("BTC-USDT").get(3).kind());
        assertEquals(List.of("1m"), labels(a.candlesOf("ETH-USDT")), "the symbol's own list");
        assertEquals(List.of(new IndicatorSpec("EMA", 20), new IndicatorSpec("TEMA", 14)), a.indicatorsOf("1s"));
        assertEquals(List.of(new IndicatorSpec("SMA", 5)), a.indicatorsOf("1m"));
        assertEquals(new io.xgate.analytics.CandleBuilder.Options(100_000_000L, true, true, 50), a.options());
        assertEquals(Duration.ofMillis(500), a.partialInterval());
        assertEquals(20, a.history());
        assertEquals(List.of(), a.venues());
        assertFalse(a.runs("binance"));
        assertFalse(load(GATEWAY + "analytics: {enabled: false}\n").analytics().runs("binance"));
    }

    @Test
    void eachBadValueNamesTheKeyTheValueAndWhatIsAccepted() throws IOException {
        assertMessage("analytics: {candles: [1s, 1x]}\n", "analytics.candles: candle spec '1x': unknown duration "
                + "unit 'x'; accepted: a duration");
        assertMessage("analytics: {candles: [t0]}\n", "analytics.candles: candle spec 't0': trade count must be "
                + "positive");
        assertMessage("analytics: {candles: [1m, 1m]}\n", "analytics.candles: '1m' is listed twice");
        assertMessage("analytics: {candles: []}\n", "analytics.candles: is empty");
        assertMessage("analytics: {candles: [v0.000001]}\n", "analytics.candles: candle spec 'v0.000001' has more "
                + "decimals than binance BTC-USDT can express (scale 5)");
        assertMessage("analytics: {indicators: {1m: [EMA(0)]}}\n", "analytics.indicators.1m: indicator 'EMA(0)'");
        assertMessage("analytics: {indicators: {1m: [KAMA(5)]}}\n", "analytics.indicators.1m: indicator 'KAMA(5)'");
        assertMessage("analytics: {indicators: {1m: [EMA20]}}\n", "is not of the form KIND(PERIOD)");
        assertMessage("analytics: {indicators: {5m: [EMA(20)]}}\n", "analytics.indicators.5m: '5m' is not a "
                + "configured candle spec; configured: [1s, 1m]");
        assertMessage("analytics: {indicators: {1m: [EMA(3), ema(3)]}}\n", "'ema(3)' is listed twice");
        assertMessage("analytics: {symbols: {DOGE-USDT: {candles: [1m]}}}\n", "analytics.symbols.DOGE-USDT: "
                + "'DOGE-USDT' is not quoted by any configured venue");
        assertMessage("analytics: {symbols: {BTC-USDT: {}}}\n", "analytics.symbols.BTC-USDT.candles: is required");
        assertMessage("analytics: {empty: zero}\n", "analytics.empty: is 'zero'; expected flat");
        assertMessage("analytics: {grace: soon}\n", "analytics.grace: 'soon' is not a duration");
        assertMessage("analytics: {partialInterval: 0ms}\n", "analytics.partialInterval: must be longer than zero");
        assertMessage("analytics: {history: 0}\n", "analytics.history: is 0; expected a whole number from 1 to 100000");
        assertMessage("analytics: {storeTrades: maybe}\n", "analytics.storeTrades: 'maybe' is not a boolean");
        assertMessage("analytics: {maxStoredTrades: 0}\n", "analytics.maxStoredTrades: is 0");
        assertMessage("analytics: {venues: [nowhere]}\n", "analytics.venues: 'nowhere' is not one of the configured");
        assertMessage("analytics: {candels: [1m]}\n", "analytics.candels: unknown key (did you mean 'candles'?)");
    }

    private static List<String> labels(List<CandleSpec> specs) {
        return specs.stream().map(CandleSpec::label).toList();
    }

    private void assertMessage(String analytics, String fragment) throws IOException {
        ConfigException e = assertThrows(ConfigException.class, () -> load(GATEWAY + analytics));
        assertTrue(e.getMessage().contains(fragment), "expected '" + fragment + "' in: " + e.getMessage());
    }

    private GatewayConfig load(String gateway) throws IOException {
        Files.writeString(dir.resolve("xgate.yaml"), gateway);
        Files.createDirectories(dir.resolve("venues"));
        Files.writeString(dir.resolve("venues/binance.yaml"), VENUE);
        return new ConfigLoader(k -> null).load(dir.resolve("xgate.yaml"));
    }
}
