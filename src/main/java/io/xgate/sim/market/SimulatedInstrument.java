package io.xgate.sim.market;

import io.xgate.config.GatewayConfig;
import io.xgate.num.Decimals;

/**
 * One instrument as the simulated venue itself describes and quotes it, from {@code simulator.instruments} (which
 * defaults to the venue file): the simulated venue's books run at these scales, and its instrument descriptions
 * carry these sizes, so a venue file that disagrees with the (simulated) venue is caught by the client.
 *
 * @param symbol      canonical symbol, {@code BASE-QUOTE}
 * @param venueSymbol the venue's own name for it ({@code BTCUSDT}, {@code BTC/USDT})
 * @param tickSize    the price increment as decimal text
 * @param lotSize     the quantity increment as decimal text
 * @param priceScale  decimals of the tick size: prices are mantissas at this scale
 * @param tick        the tick as a mantissa at {@code priceScale}
 * @param sizeScale   decimals of the lot size
 * @param lot         the lot as a mantissa at {@code sizeScale}
 */
public record SimulatedInstrument(String symbol, String venueSymbol, String tickSize, String lotSize, int priceScale,
                                  long tick, int sizeScale, long lot) {

    /** The instrument from its decimal sizes. */
    public static SimulatedInstrument of(String symbol, String venueSymbol, GatewayConfig.SimInstrument sizes) {
        int priceScale = scaleOf(sizes.tickSize());
        int sizeScale = scaleOf(sizes.lotSize());
        return new SimulatedInstrument(symbol, venueSymbol, sizes.tickSize(), sizes.lotSize(), priceScale,
                Decimals.parse(sizes.tickSize(), priceScale), sizeScale, Decimals.parse(sizes.lotSize(), sizeScale));
    }

    /** The base asset ({@code BTC} of {@code BTC-USDT}). */
    public String base() {
        return symbol.substring(0, symbol.indexOf('-'));
    }

    /** The quote asset ({@code USDT} of {@code BTC-USDT}). */
    public String quote() {
        return symbol.substring(symbol.indexOf('-') + 1);
    }

    /** Decimals of a decimal text, ignoring trailing zeros ({@code "0.010"} has 2). */
    private static int scaleOf(String decimal) {
        String t = decimal.trim();
        int dot = t.indexOf('.');
        if (dot < 0) {
            return 0;
        }
        int end = t.length();
        while (end > dot + 1 && t.charAt(end - 1) == '0') {
            end--;
        }
        return end - dot - 1;
    }
}
