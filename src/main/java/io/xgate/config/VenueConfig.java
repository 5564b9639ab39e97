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
                          Map<String, Integer> endpointWeights, Credentials credentials, Risk risk) {

    /** Copies the collections. */
    public VenueConfig {
        instruments = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(instruments));
        rateLimits = List.copyOf(rateLimits);
        endpointWeights = Map.copyOf(endpointWeights);
    }

    /** A venue without risk limits configured: every order is refused until some are (see {@link Risk}). */
    public VenueConfig(Path file, String id, String dialect, WebSocket websocket, Rest rest, int bookDepth,
                       Map<String, Instrument> instruments, Fees fees, List<RateLimit> rateLimits,
                       Map<String, Integer> endpointWeights, Credentials credentials) {
        this(file, id, dialect, websocket, rest, bookDepth, instruments, fees, rateLimits, endpointWeights,
                credentials, Risk.NONE);
    }

    /**
     * Pre-trade risk limits of a venue, from its file's {@code risk} section.
     *
     * @param killSwitch refuse every new order on this venue (cancels still go out)
     * @param symbols    limits per canonical symbol; a symbol without limits cannot be traded
     */
    public record Risk(boolean killSwitch, Map<String, SymbolRisk> symbols) {
        /** No limits configured: nothing may be traded. */
        public static final Risk NONE = new Risk(false, Map.of());

        /** Copies the map. */
        public Risk {
            symbols = Map.copyOf(symbols);
        }
    }

    /**
     * One symbol's pre-trade limits.
     *
     * @param maxQuantity   largest order quantity, mantissa at the instrument's size scale
     * @param maxNotional   largest order value in quote currency (price × quantity; the mid for market orders)
     * @param priceBandBps  a limit price may be at most this far from the book's mid, in basis points
     * @param maxOpenOrders open orders allowed on this symbol at once
     */
    public record SymbolRisk(long maxQuantity, double maxNotional, double priceBandBps, int maxOpenOrders) {
    }

    /**
     * The market-data WebSocket.
     *
     * @param maxConnectionAge rotate the connection (make-before-break) before it reaches this age
     * @param pingInterval     application or protocol ping interval
     * @param pongTimeout      a connection that answers no ping within this is dead
     * @param staleAfter       a symbol with no message for this long is STALE
     * @param maxMessageBytes  largest WebSocket message accepted (snapshots can be large); a larger one is a
     *                         counted bad frame and xgate closes the connection
     * @param connectTimeout   a connection whose TCP connect and WebSocket upgrade take longer is abandoned, and
     *                         the venue is retried with back-off
     * @param stableAfter      a connection that stayed up this long with every symbol LIVE resets the reconnect
     *                         back-off; a venue that keeps dropping connections sooner backs off to
     *                         {@code reconnectMaxDelay}
     */
    public record WebSocket(URI url, Duration maxConnectionAge, Duration pingInterval, Duration pongTimeout,
                            Duration staleAfter, Duration reconnectInitialDelay, Duration reconnectMaxDelay,
                            double reconnectJitter, int maxMessageBytes, Duration connectTimeout,
                            Duration stableAfter) {

        /** The documented defaults for {@code connectTimeout} (10 s) and {@code stableAfter} (30 s). */
        public WebSocket(URI url, Duration maxConnectionAge, Duration pingInterval, Duration pongTimeout,
                         Duration staleAfter, Duration reconnectInitialDelay, Duration reconnectMaxDelay,
                         double reconnectJitter, int maxMessageBytes) {
            this(url, maxConnectionAge, pingInterval, pongTimeout, staleAfter, reconnectInitialDelay,
                    reconnectMaxDelay, reconnectJitter, maxMessageBytes, Duration.ofSeconds(10), Duration.ofSeconds(30));
        }
    }

    /** The pooled REST client. */
    public record Rest(URI url, int poolSize, Duration connectTimeout, Duration idleTimeout, Duration requestTimeout,
                       int maxWaitQueue) {
    }

    /**
     * A token bucket: at most {@code limit} units (weight, orders) per {@code interval}.
     *
     * @param name  the venue's limit class (e.g. {@code REQUEST_WEIGHT}, {@code ORDERS})
     * @param scope who draws on the budget: this node alone, or every node of the cluster (venue file
     *              {@code scope}; the dialect's default for the class when not given)
     */
    public record RateLimit(String name, long limit, Duration interval, Scope scope) {

        /** A node-scoped limit (each node its own bucket), as every limit was before scopes. */
        public RateLimit(String name, long limit, Duration interval) {
            this(name, limit, interval, Scope.NODE);
        }

        /** Who draws on a limit class's budget. */
        public enum Scope {
            /** This node alone: the venue counts per API key and each node has its own (order limits). */
            NODE,
            /**
             * Every node of the Hazelcast cluster, from one shared bucket: the venue counts per IP and the nodes
             * share it (Binance {@code REQUEST_WEIGHT}). Without a cluster, the same as {@link #NODE}.
             */
            CLUSTER;

            /** The venue file's spelling: {@code node} or {@code cluster}. */
            public String key() {
                return name().toLowerCase(java.util.Locale.ROOT);
            }
        }
    }

    /** Fees in basis points. */
    public record Fees(double makerBps, double takerBps) {
    }

    /**
     * API credentials; {@link #toString()} shows where they come from, never their value.
     *
     * @param passphrase a third secret some venues require (OKX {@code OK-ACCESS-PASSPHRASE}), or {@code null}
     */
    public record Credentials(Secret apiKey, Secret apiSecret, Secret passphrase) {

        /** A key pair without a passphrase. */
        public Credentials(Secret apiKey, Secret apiSecret) {
            this(apiKey, apiSecret, null);
        }
    }
}
