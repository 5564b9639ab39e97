package io.xgate.sim.market;

/**
 * What a simulated venue saw of orders.
 *
 * @param accepted          orders accepted
 * @param maxPerSecond      most new orders accepted in one clock second (dialects that count per second), else 0
 * @param rateLimited       order requests refused as rate-limited (429, or the venue's rate-limit error)
 * @param retryAfterIgnored order requests that arrived inside a {@code Retry-After} window they had been told of
 */
public record OrderCounts(long accepted, long maxPerSecond, long rateLimited, long retryAfterIgnored) {

    /** Nothing seen (a venue that is not simulated). */
    public static final OrderCounts NONE = new OrderCounts(0, 0, 0, 0);
}
