package io.xgate.sim.market;

/**
 * One (venue, symbol) book the constant-rate driver sends frames of.
 *
 * @param venue  the venue id
 * @param symbol the canonical symbol
 */
public record DrivenStream(String venue, String symbol) {
}
