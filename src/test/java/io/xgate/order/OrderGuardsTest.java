package io.xgate.order;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xgate.config.Instrument;
import io.xgate.config.VenueConfig;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Pre-trade risk checks, one test per rule. (The order throttle with each dialect's limit rules is tested beside the
 * dialects: {@code BinanceOrderLimitsTest}, {@code KrakenOrderLimitsTest}.)
 */
class OrderGuardsTest {

    private static final Instrument BTC = new Instrument("BTC-USDT", "BTCUSDT", 2, 1, 5, 1);
    private static final long MID = 6_500_000; // 65,000.00

    private static VenueConfig venue(String dialect, List<VenueConfig.RateLimit> limits, VenueConfig.Risk risk) {
        Duration s = Duration.ofSeconds(1);
        return new VenueConfig(Path.of("v.yaml"), "v", dialect,
                new VenueConfig.WebSocket(URI.create("ws://127.0.0.1:1/x"), s, s, s, s, s, s, 0.2, 1 << 20),
                new VenueConfig.Rest(URI.create("http://127.0.0.1:1"), 1, s, s, s, 1), 100, Map.of("BTC-USDT", BTC),
                new VenueConfig.Fees(10, 10), limits, Map.of(), null, risk);
    }

    /** 0.5 BTC, 40,000 USDT, 100 bps around the mid, 2 open orders. */
    private static RiskChecks checks(boolean killSwitch) {
        return new RiskChecks(venue("binance", List.of(), new VenueConfig.Risk(killSwitch,
                Map.of("BTC-USDT", new VenueConfig.SymbolRisk(50_000, 40_000, 100, 2)))));
    }

    private static RiskChecks.NewOrder limit(long price, long qty) {
        return new RiskChecks.NewOrder("BTC-USDT", true, false, price, qty);
    }

    @Test
    void anOrderWithinEveryLimitPasses() {
        assertNull(checks(false).check(limit(6_480_000, 50_000), MID, 1));
        assertNull(checks(false).check(new RiskChecks.NewOrder("BTC-USDT", false, true, 0, 10_000), MID, 0));
    }

    @Test
    void eachRuleRefusesAndSaysWhy() {
        assertRefused(checks(true).check(limit(6_500_000, 1), MID, 0), RiskChecks.Rule.KILL_SWITCH, "kill switch");
        assertRefused(checks(false).check(new RiskChecks.NewOrder("ETH-USDT", true, false, 1, 1), MID, 0),
                RiskChecks.Rule.NO_LIMITS, "risk.symbols.ETH-USDT");
        assertRefused(checks(false).check(limit(6_500_000, 50_001), MID, 0), RiskChecks.Rule.MAX_QUANTITY,
                "quantity 0.50001 exceeds maxQuantity 0.5");
        assertRefused(checks(false).check(limit(6_500_000, 1), -1, 0), RiskChecks.Rule.NO_REFERENCE_PRICE,
                "no LIVE book");
        assertRefused(checks(false).check(limit(6_566_000, 1), MID, 0), RiskChecks.Rule.PRICE_BAND,
                "limit price 65660 is 101.5 bps from the mid 65000, beyond priceBandBps 100.0");
        assertRefused(checks(false).check(new RiskChecks.NewOrder("BTC-USDT", true, true, 0, 50_000), 9_000_000, 0),
                RiskChecks.Rule.MAX_NOTIONAL, "notional 45000.00 exceeds maxNotional 40000.00");
        assertRefused(checks(false).check(limit(6_500_000, 1), MID, 2), RiskChecks.Rule.MAX_OPEN_ORDERS,
                "2 orders open, maxOpenOrders is 2");
        assertRefused(new RiskChecks(venue("binance", List.of(), VenueConfig.Risk.NONE)).check(limit(1, 1), MID, 0),
                RiskChecks.Rule.NO_LIMITS, "cannot be traded");
    }

    private static void assertRefused(RiskChecks.Refusal r, RiskChecks.Rule rule, String text) {
        assertEquals(rule, r == null ? null : r.rule(), String.valueOf(r));
        assertTrue(r.message().contains(text), r.message());
    }
}
