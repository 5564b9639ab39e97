package io.xgate.config;

import io.xgate.num.Decimals;

/**
 * One symbol on one venue: the canonical name, the venue's own name, its kind and the fixed-point scales.
 *
 * <p>The price scale is the number of decimals of the tick size, the size scale that of the lot size; all
 * prices and sizes of this instrument are mantissas at those scales. Sizes are always in <b>base units</b>
 * (BTC), for perpetuals too: a dialect whose venue counts in contracts converts with {@link #contractSize()}.
 *
 * @param symbol       canonical symbol: {@code BASE-QUOTE} for spot ({@code BTC-USDT}), {@code BASE-QUOTE-PERP}
 *                     for a perpetual swap margined in the quote ({@code BTC-USDT-PERP})
 * @param venueSymbol  the venue's symbol (e.g. {@code BTCUSDT}, {@code BTC/USD}, {@code BTC-USDT-SWAP})
 * @param tick         tick size as a mantissa at {@code priceScale}
 * @param lot          lot size (base units) as a mantissa at {@code sizeScale}
 * @param kind         spot or perpetual
 * @param contractSize base units per contract as a mantissa at {@code sizeScale} (OKX {@code BTC-USDT-SWAP}:
 *                     0.01 BTC); one base unit for spot
 */
public record Instrument(String symbol, String venueSymbol, int priceScale, long tick, int sizeScale, long lot,
                         Kind kind, long contractSize) {

    /** What is traded. */
    public enum Kind {
        /** The asset itself. */
        SPOT,
        /** A perpetual swap (no expiry), margined and settled in the quote currency. */
        PERPETUAL
    }

    /** The canonical suffix of a perpetual's symbol. */
    public static final String PERPETUAL_SUFFIX = "-PERP";

    /** A spot instrument. */
    public Instrument(String symbol, String venueSymbol, int priceScale, long tick, int sizeScale, long lot) {
        this(symbol, venueSymbol, priceScale, tick, sizeScale, lot, Kind.SPOT, Decimals.pow10(sizeScale));
    }

    /** The tick size as text. */
    public String tickSize() {
        return Decimals.toStrippedString(tick, priceScale);
    }

    /** The lot size as text. */
    public String lotSize() {
        return Decimals.toStrippedString(lot, sizeScale);
    }

    /** The contract size (base units per contract) as text. */
    public String contractSizeText() {
        return Decimals.toStrippedString(contractSize, sizeScale);
    }

    /** Whether this is a perpetual swap. */
    public boolean perpetual() {
        return kind == Kind.PERPETUAL;
    }
}
