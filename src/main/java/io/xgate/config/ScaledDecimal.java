package io.xgate.config;

/**
 * A decimal read from the configuration as a fixed-point pair: {@code value = mantissa / 10^scale}, the scale
 * being its number of meaningful decimals ({@code "0.010"} is mantissa 1, scale 2).
 *
 * @param mantissa the digits as a whole number
 * @param scale    the number of decimals
 */
record ScaledDecimal(long mantissa, int scale) {
}
