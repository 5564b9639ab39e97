package io.xgate.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The whole configuration: {@code conf/xgate.yaml} and the venue files it names. Immutable and validated: a
 * {@code GatewayConfig} that exists is a usable one. See the README, "Configuration", for every key.
 *
 * @param file   the gateway file it was loaded from
 * @param name   a name for this gateway node, used in logs
 * @param venues the venues to run, in the order given
 */
public record GatewayConfig(Path file, String name, List<VenueConfig> venues, Simulator simulator, Admin admin,
                            Cluster cluster, Books books, Arbitrage arbitrage, Codec codec) {

    /** Copies the venue list. */
    public GatewayConfig {
        venues = List.copyOf(venues);
    }

    /**
     * The built-in venue simulator.
     *
     * @param enabled run the simulator in this process
     * @param seed    seed of its random processes (a fixed seed makes a run reproducible)
     * @param host    address its servers bind to (loopback)
     * @param stepInterval    how often the simulated market moves
     * @param publishInterval how often pending book changes are sent (Binance's {@code @100ms} stream: 100ms)
     */
    public record Simulator(boolean enabled, long seed, String host, Duration stepInterval,
                            Duration publishInterval, java.util.Map<String, Faults> faults) {
        /** Copies the fault map. */
        public Simulator {
            faults = java.util.Map.copyOf(faults);
        }

        /** The faults injected into a venue (none if not configured). */
        public Faults faultsOf(String venue) {
            return faults.getOrDefault(venue, Faults.NONE);
        }
    }

    /**
     * Faults the simulator injects into one venue. Rates are per message (or per REST request); {@code null}
     * intervals mean never.
     *
     * @param symbols         canonical symbols the per-message faults hit; empty means all
     * @param dropRate        book messages silently not sent (a sequence gap, or a Kraken book that drifts)
     * @param malformedRate   book messages replaced by malformed JSON
     * @param badChecksumRate Kraken book messages sent with a wrong checksum
     * @param corruptRate     Binance depth updates whose best-bid size is altered, sequence intact (only the
     *                        bookTicker cross-check can see it)
     * @param rest429Rate     depth snapshots answered 429 with {@code Retry-After}
     * @param rest418Rate     depth snapshots answered 418 (banned) with {@code Retry-After}
     * @param disconnectEvery every client connection is closed this often
     * @param shutdownEvery   Binance {@code serverShutdown} is announced this often
     * @param stallEvery      the venue goes silent this often ...
     * @param stallFor        ... for this long
     */
    public record Faults(java.util.List<String> symbols, double dropRate, double malformedRate,
                         double badChecksumRate, double corruptRate, double rest429Rate, double rest418Rate, Duration disconnectEvery,
                         Duration shutdownEvery, Duration stallEvery, Duration stallFor) {
        /** No faults. */
        public static final Faults NONE = new Faults(java.util.List.of(), 0, 0, 0, 0, 0, 0, null, null, null, null);

        /** Copies the symbol list. */
        public Faults {
            symbols = java.util.List.copyOf(symbols);
        }

        /** Whether per-message faults may hit this canonical symbol. */
        public boolean hits(String symbol) {
            return symbols.isEmpty() || symbols.contains(symbol);
        }
    }

    /** The read-only admin HTTP API. */
    public record Admin(boolean enabled, String host, int port) {
    }

    /**
     * Clustered event bus (Hazelcast).
     *
     * @param members Hazelcast TCP/IP members ({@code host[:port]}); empty means the cluster file decides
     */
    public record Cluster(boolean enabled, String name, String host, int port, List<String> members) {
        /** Copies the member list. */
        public Cluster {
            members = List.copyOf(members);
        }
    }

    /**
     * Book verticles.
     *
     * @param instances how many book verticles share the (venue, symbol) books
     * @param topDepth  levels per side in each published {@code BookTop}
     */
    public record Books(int instances, int topDepth) {
    }

    /**
     * The arbitrage verticle.
     *
     * @param minNetEdgeBps smallest edge after fees, in basis points, that counts as an opportunity
     * @param maxAge        a book older than this is ignored
     */
    public record Arbitrage(boolean enabled, double minNetEdgeBps, Duration maxAge) {
    }

    /**
     * The event wire codec.
     *
     * @param compressThreshold bodies larger than this many bytes are lz4-compressed
     */
    public record Codec(int compressThreshold) {
    }
}
