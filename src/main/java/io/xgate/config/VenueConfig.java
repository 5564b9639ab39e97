package io.xgate.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One venue instance, from {@code conf/venues/<id>.yaml}: which wire dialect it speaks, where, which symbols,
 * fees, rate limits and credentials. A testnet or sister venue of an existing dialect is just another file.
 *
 * @param instruments canonical symbol (e.g. {@code BTC-USDT}) to the venue's instrument, in file order
 * @param endpointWeights request weight per endpoint ({@code "GET /api/v3/depth"}), for the rate limiter
 * @param credentials API keys, or {@code null} when none are configured (market data needs none)
 */
public record VenueConfig(Path file, String id, String dialect, WebSocket websocket, Rest rest, int bookDepth,
                          Map<String, Instrument> instruments, Fees fees, List<RateLimit> rateLimits,
                          Map<String, Integer> endpointWeights, Credentials credentials) {

    /** Copies the collections. */
    public VenueConfig {
        instruments = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(instruments));
        rateLimits = List.copyOf(rateLimits);
        endpointWeights = Map.copyOf(endpointWeights);
    }

    /**
     * The market-data WebSocket.
     *
     * @param maxConnectionAge rotate the connection (make-before-break) before it reaches this age
     * @param pingInterval     application or protocol ping interval
     * @param pongTimeout      a connection that answers no ping within this is dead
     * @param staleAfter       a symbol with no message for this long is STALE
     * @param maxMessageBytes  largest WebSocket message accepted (snapshots can be large)
     */
    public record WebSocket(URI url, Duration maxConnectionAge, Duration pingInterval, Duration pongTimeout,
                            Duration staleAfter, Duration reconnectInitialDelay, Duration reconnectMaxDelay,
                            double reconnectJitter, int maxMessageBytes) {
    }

    /** The pooled REST client. */
    public record Rest(URI url, int poolSize, Duration connectTimeout, Duration idleTimeout, Duration requestTimeout,
                       int maxWaitQueue) {
    }

    /**
     * A token bucket: at most {@code limit} units (weight, orders) per {@code interval}.
     *
     * @param name the venue's limit class (e.g. {@code REQUEST_WEIGHT}, {@code ORDERS})
     */
    public record RateLimit(String name, long limit, Duration interval) {
    }

    /** Fees in basis points. */
    public record Fees(double makerBps, double takerBps) {
    }

    /** API credentials; {@link #toString()} shows where they come from, never their value. */
    public record Credentials(Secret apiKey, Secret apiSecret) {
    }
}
