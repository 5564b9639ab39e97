package io.xgate.venue.okx;

import io.xgate.num.Decimals;

/**
 * The base-currency value of one contract of an OKX {@code SWAP} instrument (its {@code ctVal}, e.g. 0.01 BTC for
 * {@code BTC-USDT-SWAP}), for exact conversion between the contracts OKX books and trades are quoted in
 * (protocol reference 3.1: sizes are sent as the venue counts them) and base units. All arithmetic is in
 * {@code long} mantissas; nothing is rounded: a conversion that cannot be exact throws.
 *
 * @param mantissa {@code ctVal} as a mantissa, positive
 * @param scale    {@code ctVal}'s scale, {@code 0..18}
 */
public record OkxContractSize(long mantissa, int scale) {

    /** Validates the value. */
    public OkxContractSize {
        if (mantissa <= 0) {
            throw new IllegalArgumentException("contract size must be positive, got mantissa " + mantissa);
        }
        if (scale < 0 || scale > Decimals.MAX_SCALE) {
            throw new IllegalArgumentException("contract size scale " + scale + " outside 0.." + Decimals.MAX_SCALE);
        }
    }

    /** The contract size from its decimal text ({@code "0.01"}). */
    public static OkxContractSize parse(String ctVal) {
        java.math.BigDecimal v = new java.math.BigDecimal(ctVal).stripTrailingZeros();
        int s = Math.max(v.scale(), 0);
        return new OkxContractSize(Decimals.parse(ctVal, s), s);
    }

    /**
     * Base units for a number of contracts: {@code contracts * ctVal}, at {@code baseScale}.
     *
     * @param contracts      mantissa at {@code contractsScale} (0 when only whole contracts exist)
     * @throws ArithmeticException if the product has more decimals than {@code baseScale}, or overflows
     */
    public long toBase(long contracts, int contractsScale, int baseScale) {
        checkScale(contractsScale, "contracts");
        checkScale(baseScale, "base");
        long product = Math.multiplyExact(contracts, mantissa);
        int productScale = contractsScale + scale;
        if (productScale > baseScale) {
            long div = pow10(productScale - baseScale);
            if (product % div != 0) {
                throw new ArithmeticException(Decimals.toStrippedString(contracts, contractsScale) + " contracts of "
                        + this + " are not representable at base scale " + baseScale);
            }
            return product / div;
        }
        return Math.multiplyExact(product, pow10(baseScale - productScale));
    }

    /**
     * Contracts for a base quantity: {@code base / ctVal}, at {@code contractsScale} ({@code 0}: whole contracts).
     *
     * @throws ArithmeticException if the quantity is not a whole number of contract units at
     *                             {@code contractsScale} (never rounded), or on overflow
     */
    public long toContracts(long base, int baseScale, int contractsScale) {
        checkScale(contractsScale, "contracts");
        checkScale(baseScale, "base");
        // contracts mantissa = base * 10^(scale + contractsScale - baseScale) / mantissa
        int shift = scale + contractsScale - baseScale;
        long numerator = base;
        long denominator = mantissa;
        if (shift >= 0) {
            numerator = Math.multiplyExact(numerator, pow10(shift));
        } else {
            denominator = Math.multiplyExact(denominator, pow10(-shift));
        }
        if (numerator % denominator != 0) {
            throw new ArithmeticException(Decimals.toStrippedString(base, baseScale) + " in base units is not a "
                    + (contractsScale == 0 ? "whole number of contracts" : "number of contracts with at most "
                    + contractsScale + " decimals") + " of " + this);
        }
        return numerator / denominator;
    }

    private static long pow10(int n) {
        if (n > Decimals.MAX_SCALE) {
            throw new ArithmeticException("10^" + n + " overflows a long");
        }
        return Decimals.pow10(n);
    }

    private static void checkScale(int s, String what) {
        if (s < 0 || s > Decimals.MAX_SCALE) {
            throw new IllegalArgumentException(what + " scale " + s + " outside 0.." + Decimals.MAX_SCALE);
        }
    }

    @Override
    public String toString() {
        return "ctVal " + Decimals.toStrippedString(mantissa, scale);
    }
}
