package io.xgate.config;

import io.xgate.num.Decimals;

/**
 * One symbol on one venue: the canonical name, the venue's own name and the fixed-point scales.
 *
 * <p>The price scale is the number of decimals of the tick size, the size scale that of the lot size; all
 * prices and sizes of this instrument are mantissas at those scales.
 *
 * @param symbol      canonical symbol, {@code BASE-QUOTE} (e.g. {@code BTC-USDT})
 * @param venueSymbol the venue's symbol (e.g. {@code BTCUSDT}, {@code BTC/USD})
 * @param tick        tick size as a mantissa at {@code priceScale}
 * @param lot         lot size as a mantissa at {@code sizeScale}
 */
public record Instrument(String symbol, String venueSymbol, int priceScale, long tick, int sizeScale, long lot) {

    /** The tick size as text. */
    public String tickSize() {
        return Decimals.toStrippedString(tick, priceScale);
    }

    /** The lot size as text. */
    public String lotSize() {
        return Decimals.toStrippedString(lot, sizeScale);
    }
}
