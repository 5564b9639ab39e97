package io.xgate.sim.market;

/**
 * One trade of the simulated market.
 *
 * @param price     price mantissa at the instrument's price scale
 * @param quantity  size mantissa at the instrument's size scale
 * @param buyerTook whether the aggressor bought (it took the ask)
 * @param id        the venue's trade id
 */
public record SimTrade(long price, long quantity, boolean buyerTook, long id) {
}
