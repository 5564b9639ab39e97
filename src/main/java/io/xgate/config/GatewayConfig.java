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
 * @param statusInterval how often the one-line status is logged
 * @param eventLoops     Vert.x event-loop threads; 0 means Vert.x's default (twice the cores)
 * @param node           what this node runs of the configuration (its role in a cluster)
 */
public record GatewayConfig(Path file, String name, List<VenueConfig> venues, Simulator simulator, Admin admin,
                            Cluster cluster, Books books, Arbitrage arbitrage, Codec codec,
                            Duration statusInterval, int eventLoops, Node node, Analytics analytics,
                            Journal journal, Ha ha) {

    /**
     * Copies the venue list; no {@code analytics} section means its defaults for every venue; no journal: off; no
     * {@code ha}: off.
     */
    public GatewayConfig {
        venues = List.copyOf(venues);
        if (analytics == null) {
            analytics = Analytics.defaults(node.venues());
        }
        if (journal == null) {
            journal = Journal.OFF;
        }
        if (ha == null) {
            ha = Ha.OFF;
        }
    }

    /** A configuration without an {@code ha} section (one node per venue). */
    public GatewayConfig(Path file, String name, List<VenueConfig> venues, Simulator simulator, Admin admin,
                         Cluster cluster, Books books, Arbitrage arbitrage, Codec codec, Duration statusInterval,
                         int eventLoops, Node node, Analytics analytics, Journal journal) {
        this(file, name, venues, simulator, admin, cluster, books, arbitrage, codec, statusInterval, eventLoops, node,
                analytics, journal, null);
    }

    /**
     * High availability ({@code ha}): nodes with the same venues elect one leader per venue through the cluster; the
     * others are hot standbys.
     *
     * @param enabled       elect a leader per venue (needs the cluster)
     * @param nodeId        this node's name in the election, in {@code VenueStatus} and the admin API
     * @param leaseTimeout  a leader that has not renewed its lease for this long loses it, and Hazelcast removes a
     *                      member that sent no heartbeat for this long (rounded up to whole seconds)
     * @param renewInterval how often the leader renews its lease and a standby looks at it
     * @param handover      on a clean stop, how long a leader waits for a standby to take over before it stops anyway
     * @param quorum        the fewest cluster members (this one included) a node must see to take or keep a lease:
     *                      with 2, a node cut off alone (a paused process that wakes up, a lost network) never leads
     */
    public record Ha(boolean enabled, String nodeId, Duration leaseTimeout, Duration renewInterval, Duration handover,
                     int quorum) {

        /** One node per venue, no election. */
        public static final Ha OFF = new Ha(false, defaultNodeId(), Duration.ofSeconds(2), Duration.ofMillis(250),
                Duration.ofSeconds(3), 2);

        /** {@code <host name>-<pid>}: in Kubernetes the host name is the pod's name. */
        public static String defaultNodeId() {
            String host = System.getenv("HOSTNAME");
            if (host == null || host.isBlank()) {
                try {
                    host = java.net.InetAddress.getLocalHost().getHostName();
                } catch (java.io.IOException e) {
                    host = "node";
                }
            }
            return host + "-" + ProcessHandle.current().pid();
        }
    }

    /** A configuration without a {@code journal} section (recording off). */
    public GatewayConfig(Path file, String name, List<VenueConfig> venues, Simulator simulator, Admin admin,
                         Cluster cluster, Books books, Arbitrage arbitrage, Codec codec, Duration statusInterval,
                         int eventLoops, Node node, Analytics analytics) {
        this(file, name, venues, simulator, admin, cluster, books, arbitrage, codec, statusInterval, eventLoops, node,
                analytics, null);
    }

    /**
     * This configuration with the journal on ({@code xgate record}), in {@code dir} or, if {@code null}, its
     * configured directory.
     */
    public GatewayConfig withJournal(Path dir) {
        return new GatewayConfig(file, name, venues, simulator, admin, cluster, books, arbitrage, codec,
                statusInterval, eventLoops, node, analytics, journal.on(dir), ha);
    }

    /**
     * The journal ({@code journal}): every venue connection's raw traffic on the {@code feed} stream, and the
     * published events of the chosen types on the {@code events} stream, in append-only segment files.
     *
     * @param enabled        record
     * @param dir            the journal's directory
     * @param segmentSize    a segment file is closed when it would grow past this many bytes (and at UTC midnight)
     * @param retentionBytes oldest complete segments are deleted while a stream holds more (0: no limit)
     * @param retentionAge   ... or while they are older than this ({@code null}: no limit)
     * @param fsync          {@code never}, {@code segment} (on closing a segment) or {@code interval}
     * @param fsyncInterval  with {@code interval}: at most this long between forces
     * @param queueBytes     what each stream's writer queue holds before it drops (and writes a GAP record)
     * @param events         the published event types recorded on the {@code events} stream (empty: none)
     */
    public record Journal(boolean enabled, Path dir, long segmentSize, long retentionBytes, Duration retentionAge,
                          String fsync, Duration fsyncInterval, long queueBytes,
                          List<io.xgate.event.EventType> events) {

        /** No recording. */
        public static final Journal OFF = new Journal(false, Path.of("journal"), 256L << 20, 0, null, "never",
                Duration.ofSeconds(1), 64L << 20, List.of(io.xgate.event.EventType.BOOK_TOP,
                io.xgate.event.EventType.TRADE));

        public Journal {
            events = List.copyOf(events);
        }

        /** This journal, recording, in {@code where} (or its own directory if {@code null}). */
        public Journal on(Path where) {
            return new Journal(true, where == null ? dir : where, segmentSize, retentionBytes, retentionAge, fsync,
                    fsyncInterval, queueBytes, events);
        }
    }

    /** A configuration without an {@code analytics} section (its defaults). */
    public GatewayConfig(Path file, String name, List<VenueConfig> venues, Simulator simulator, Admin admin,
                         Cluster cluster, Books books, Arbitrage arbitrage, Codec codec, Duration statusInterval,
                         int eventLoops, Node node) {
        this(file, name, venues, simulator, admin, cluster, books, arbitrage, codec, statusInterval, eventLoops, node,
                null);
    }

    /**
     * This configuration with {@code cluster.enabled: true} (the {@code --cluster} option) and, if not
     * {@code null}, another {@code cluster.host} (the {@code --cluster-host} option: in Kubernetes, the pod's IP).
     */
    public GatewayConfig withCluster(String host) {
        Cluster c = cluster;
        return new GatewayConfig(file, name, venues, simulator, admin, new Cluster(true, c.name(),
                host == null ? c.host() : host, c.port(), c.hazelcastPort(), c.members(), c.hazelcastConfig()), books,
                arbitrage, codec, statusInterval, eventLoops, node, analytics, journal, ha);
    }

    /** This configuration with another {@code admin.host} (the {@code --admin-host} option). */
    public GatewayConfig withAdminHost(String host) {
        return new GatewayConfig(file, name, venues, simulator, admin.withHost(host), cluster, books, arbitrage, codec,
                statusInterval, eventLoops, node, analytics, journal, ha);
    }

    /** This configuration with another {@code admin} section (tests, embedding). */
    public GatewayConfig withAdmin(Admin admin) {
        return new GatewayConfig(file, name, venues, simulator, admin, cluster, books, arbitrage, codec,
                statusInterval, eventLoops, node, analytics, journal, ha);
    }

    /**
     * This configuration with every venue's {@code websocket.maxConnectionAge} at most {@code age} (the chaos
     * harness's rotations).
     */
    public GatewayConfig withMaxConnectionAge(Duration age) {
        List<VenueConfig> rotated = new java.util.ArrayList<>();
        for (VenueConfig v : venues) {
            VenueConfig.WebSocket w = v.websocket();
            VenueConfig.WebSocket shorter = new VenueConfig.WebSocket(w.url(),
                    w.maxConnectionAge().compareTo(age) < 0 ? w.maxConnectionAge() : age, w.pingInterval(),
                    w.pongTimeout(), w.staleAfter(), w.reconnectInitialDelay(), w.reconnectMaxDelay(),
                    w.reconnectJitter(), w.maxMessageBytes(), w.connectTimeout(), w.stableAfter());
            rotated.add(new VenueConfig(v.file(), v.id(), v.dialect(), shorter, v.rest(), v.bookDepth(),
                    v.instruments(), v.fees(), v.rateLimits(), v.endpointWeights(), v.credentials(), v.risk()));
        }
        return new GatewayConfig(file, name, rotated, simulator, admin, cluster, books, arbitrage, codec,
                statusInterval, eventLoops, node, analytics, journal, ha);
    }

    /** This configuration with {@code analytics.history} at most {@code history} (the soak harness). */
    public GatewayConfig withAnalyticsHistory(int history) {
        Analytics a = analytics;
        Analytics shorter = new Analytics(a.enabled(), a.venues(), a.candles(), a.symbolCandles(), a.indicators(),
                a.grace(), a.skipEmpty(), a.storeTrades(), a.maxStoredTrades(), a.partialInterval(),
                Math.min(history, a.history()), a.bookBars());
        return new GatewayConfig(file, name, venues, simulator, admin, cluster, books, arbitrage, codec,
                statusInterval, eventLoops, node, shorter, journal, ha);
    }

    /** This configuration with another {@code ha.nodeId} (the {@code --node-id} option). */
    public GatewayConfig withNodeId(String nodeId) {
        return new GatewayConfig(file, name, venues, simulator, admin, cluster, books, arbitrage, codec,
                statusInterval, eventLoops, node, analytics, journal, new Ha(ha.enabled(), nodeId, ha.leaseTimeout(),
                ha.renewInterval(), ha.handover(), ha.quorum()));
    }

    /**
     * The built-in venue simulator.
     *
     * @param enabled run the simulator in this process
     * @param seed    seed of its random processes (a fixed seed makes a run reproducible)
     * @param host    address its servers bind to (loopback)
     * @param stepInterval    how often the simulated market moves
     * @param publishInterval how often pending book changes are sent (Binance's {@code @100ms} stream: 100ms)
     * @param noiseBps        standard deviation of each venue's own deviation from the shared mid, in basis points
     * @param dislocations    occasional larger moves of one venue away from the others
     * @param instruments     per venue id, per canonical symbol: the instrument the simulated venue describes and
     *                        quotes ({@code simulator.instruments}), every value already resolved (a key not given
     *                        takes the venue file's value)
     */
    public record Simulator(boolean enabled, long seed, String host, Duration stepInterval,
                            Duration publishInterval, double noiseBps, Dislocations dislocations,
                            java.util.Map<String, Faults> faults,
                            java.util.Map<String, VenueConfig.Credentials> accounts,
                            java.util.Map<String, java.util.Map<String, SimInstrument>> instruments) {
        /** Copies the maps. */
        public Simulator {
            faults = java.util.Map.copyOf(faults);
            accounts = java.util.Map.copyOf(accounts);
            java.util.Map<String, java.util.Map<String, SimInstrument>> copy = new java.util.LinkedHashMap<>();
            instruments.forEach((venue, bySymbol) -> copy.put(venue, java.util.Map.copyOf(bySymbol)));
            instruments = java.util.Collections.unmodifiableMap(copy);
        }

        /**
         * The instrument the simulated venue describes for a symbol: its tick and lot sizes as decimal text.
         *
         * @throws IllegalArgumentException if the venue does not quote the symbol
         */
        public SimInstrument instrumentOf(String venueId, String symbol) {
            SimInstrument i = instruments.getOrDefault(venueId, java.util.Map.of()).get(symbol);
            if (i == null) {
                throw new IllegalArgumentException("the simulated venue " + venueId + " has no instrument " + symbol
                        + "; known: " + instruments.getOrDefault(venueId, java.util.Map.of()).keySet());
            }
            return i;
        }

        /**
         * The account the simulated venue accepts signed requests from: {@code simulator.accounts.<venue>}, or the
         * venue's own credentials, or {@code null} (then every signed request is refused).
         */
        public VenueConfig.Credentials accountOf(VenueConfig venue) {
            return accounts.getOrDefault(venue.id(), venue.credentials());
        }

        /** The faults injected into a venue (none if not configured). */
        public Faults faultsOf(String venue) {
            return faults.getOrDefault(venue, Faults.NONE);
        }
    }

    /**
     * One instrument as the simulated venue describes it ({@code exchangeInfo} filters, Kraken's {@code instrument}
     * channel) and quotes it (its book's scales). It may disagree with the venue file on purpose: the client must
     * notice.
     *
     * @param tickSize the price increment as decimal text, e.g. {@code "0.01"}
     * @param lotSize  the quantity increment as decimal text, e.g. {@code "0.00001"}
     */
    public record SimInstrument(String tickSize, String lotSize) {
    }

    /**
     * Dislocations: every {@code every} (on average; uniform between half and 1.5 times) one venue's quote of one symbol
     * jumps by {@code bps} (either sign) for {@code duration}, which opens a cross-venue arbitrage.
     *
     * @param every {@code null} for none
     */
    public record Dislocations(Duration every, Duration duration, double bps) {
        /** No dislocations. */
        public static final Dislocations NONE = new Dislocations(null, Duration.ofSeconds(1), 0);
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
     * @param order429Rate    order requests answered 429 with {@code Retry-After} (Binance: -1015; Kraken: rate limit)
     * @param flapFor         for this long after the simulator starts, every WebSocket upgrade is accepted and the
     *                        connection closed at once (a flapping venue); {@code null}: never
     * @param handshakeBlackHole this many WebSocket upgrade requests are swallowed: the TCP connection is accepted but
     *                        the upgrade is never answered; 0: none
     * @param largeMessageBytes one book message of a symbol (the first of {@code symbols}, or the venue's first) is
     *                        padded with a harmless field to this many bytes and sent as one WebSocket frame; 0: never
     * @param largeMessageEvery how often the large message is sent; {@code null}: once, at the first book message
     * @param weightLimit     request weight per clock minute the simulated venue allows across all its REST requests
     *                        (Binance dialect); more is answered 429 with {@code Retry-After}; 0: counted, not enforced
     * @param snapshotRate    book deltas replaced by a full snapshot mid-stream (Bybit: any snapshot resets the book)
     * @param restartRate     book deltas replaced by a restart snapshot with {@code u = 1} (Bybit: the venue restarted)
     * @param earlySnapshotRate subscriptions whose first snapshot is sent before the subscribe ack (Bybit)
     * @param restDelay       every REST answer, usage headers included, is sent this long after the venue counted
     *                        the request (a venue's round trip; Binance dialect); zero, the default: at once
     */
    public record Faults(java.util.List<String> symbols, double dropRate, double malformedRate,
                         double badChecksumRate, double corruptRate, double rest429Rate, double rest418Rate, Duration disconnectEvery,
                         Duration shutdownEvery, Duration stallEvery, Duration stallFor, double order429Rate,
                         Duration flapFor, int handshakeBlackHole, int largeMessageBytes, Duration largeMessageEvery,
                         long weightLimit, SequenceFaults sequence, double snapshotRate, double restartRate,
                         double earlySnapshotRate, Duration restDelay) {
        /** No faults. */
        public static final Faults NONE = new Faults(java.util.List.of(), 0, 0, 0, 0, 0, 0, null, null, null, null, 0,
                null, 0, 0, null, 0, SequenceFaults.NONE, 0, 0, 0, Duration.ZERO);

        /** Without a REST delay. */
        public Faults(java.util.List<String> symbols, double dropRate, double malformedRate, double badChecksumRate,
                      double corruptRate, double rest429Rate, double rest418Rate, Duration disconnectEvery,
                      Duration shutdownEvery, Duration stallEvery, Duration stallFor, double order429Rate,
                      Duration flapFor, int handshakeBlackHole, int largeMessageBytes, Duration largeMessageEvery,
                      long weightLimit, SequenceFaults sequence, double snapshotRate, double restartRate,
                      double earlySnapshotRate) {
            this(symbols, dropRate, malformedRate, badChecksumRate, corruptRate, rest429Rate, rest418Rate,
                    disconnectEvery, shutdownEvery, stallEvery, stallFor, order429Rate, flapFor, handshakeBlackHole,
                    largeMessageBytes, largeMessageEvery, weightLimit, sequence, snapshotRate, restartRate,
                    earlySnapshotRate, Duration.ZERO);
        }

        /** Without sequence faults. */
        public Faults(java.util.List<String> symbols, double dropRate, double malformedRate, double badChecksumRate,
                      double corruptRate, double rest429Rate, double rest418Rate, Duration disconnectEvery,
                      Duration shutdownEvery, Duration stallEvery, Duration stallFor, double order429Rate,
                      Duration flapFor, int handshakeBlackHole, int largeMessageBytes, Duration largeMessageEvery,
                      long weightLimit) {
            this(symbols, dropRate, malformedRate, badChecksumRate, corruptRate, rest429Rate, rest418Rate,
                    disconnectEvery, shutdownEvery, stallEvery, stallFor, order429Rate, flapFor, handshakeBlackHole,
                    largeMessageBytes, largeMessageEvery, weightLimit, SequenceFaults.NONE, 0, 0, 0, Duration.ZERO);
        }

        /** Copies the symbol list; no REST delay ({@code null}) is zero. */
        public Faults {
            symbols = java.util.List.copyOf(symbols);
            sequence = sequence == null ? SequenceFaults.NONE : sequence;
            restDelay = restDelay == null ? Duration.ZERO : restDelay;
        }

        /** Whether per-message faults may hit this canonical symbol. */
        public boolean hits(String symbol) {
            return symbols.isEmpty() || symbols.contains(symbol);
        }
    }

    /**
     * Faults of a venue's documented sequence exceptions and snapshot delivery (per book message or subscription,
     * 0-1), for dialects whose venue has them (OKX): they must cause no resync, or exercise another sync path.
     *
     * @param keepaliveRate    an empty update with {@code seqId == prevSeqId} is sent (OKX's keepalive)
     * @param seqResetRate     the sequence restarts lower ({@code seqId < prevSeqId}, OKX after maintenance)
     * @param noSnapshotRate   a subscription gets no in-band snapshot: the client must bootstrap from REST
     * @param zeroChecksumRate a book message carries checksum 0 ("none", OKX since 2026) instead of the real one
     */
    public record SequenceFaults(double keepaliveRate, double seqResetRate, double noSnapshotRate,
                                 double zeroChecksumRate) {
        /** None. */
        public static final SequenceFaults NONE = new SequenceFaults(0, 0, 0, 0);
    }

    /**
     * This node's role: which of the configured venues it connects to (with their books beside them). The other
     * components have their own switches ({@code simulator.enabled}, {@code arbitrage.enabled},
     * {@code admin.enabled}). A node that runs no venue still knows them all: arbitrage and the admin API consume
     * their events from the cluster.
     *
     * @param venues the venue ids this node runs; by default every configured venue
     */
    public record Node(List<String> venues) {
        /** Copies the list. */
        public Node {
            venues = List.copyOf(venues);
        }

        /** Whether this node runs the venue. */
        public boolean runs(String venue) {
            return venues.contains(venue);
        }
    }

    /** The venues this node runs, in configuration order. */
    public List<VenueConfig> localVenues() {
        return venues.stream().filter(v -> node.runs(v.id())).toList();
    }

    /**
     * The read-only admin HTTP API and the limits that keep any client that reaches it from hurting the gateway.
     *
     * @param idleTimeout    a connection with no bytes either way for this long is closed
     * @param headerTimeout  from a connection's opening, or its previous response, the next request's line and headers
     *                       must have arrived within this (slowloris); it also bounds a keep-alive connection's wait
     * @param maxUrlLength   the longest request line (method, URL and version) in bytes; longer: 414
     * @param maxHeaderSize  the largest header block in bytes; larger: 431
     * @param maxConnections connections held at once; the next ones are closed as soon as they are accepted
     * @param token          the bearer token every request but {@code /health/*} must carry, or {@code null} (none)
     */
    public record Admin(boolean enabled, String host, int port, Duration idleTimeout, Duration headerTimeout,
                        int maxUrlLength, int maxHeaderSize, int maxConnections, Secret token) {

        /** The defaults of the limits. */
        public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(30);
        /** The default {@code headerTimeout}. */
        public static final Duration DEFAULT_HEADER_TIMEOUT = Duration.ofSeconds(10);
        /** The default {@code maxUrlLength}. */
        public static final int DEFAULT_MAX_URL_LENGTH = 4096;
        /** The default {@code maxHeaderSize}. */
        public static final int DEFAULT_MAX_HEADER_SIZE = 8192;
        /** The default {@code maxConnections}. */
        public static final int DEFAULT_MAX_CONNECTIONS = 256;

        /** The admin API with the default limits and no token. */
        public Admin(boolean enabled, String host, int port) {
            this(enabled, host, port, DEFAULT_IDLE_TIMEOUT, DEFAULT_HEADER_TIMEOUT, DEFAULT_MAX_URL_LENGTH,
                    DEFAULT_MAX_HEADER_SIZE, DEFAULT_MAX_CONNECTIONS, null);
        }

        /** This admin API bound to another host (the {@code --admin-host} option: in Kubernetes, the pod's IP). */
        public Admin withHost(String host) {
            return new Admin(enabled, host, port, idleTimeout, headerTimeout, maxUrlLength, maxHeaderSize,
                    maxConnections, token);
        }
    }

    /**
     * Clustered event bus (Hazelcast).
     *
     * @param name           the cluster's name: nodes join only a cluster of the same name
     * @param host           the address this node's event bus and Hazelcast member bind to
     * @param port           the event bus's TCP port (0: any free one)
     * @param hazelcastPort  the Hazelcast member's first port (the next free one above it is taken)
     * @param members        Hazelcast TCP/IP members ({@code host[:port]}) to join
     * @param hazelcastConfig a Hazelcast XML file that replaces the settings above (e.g. Kubernetes discovery), or
     *                       {@code null}
     */
    public record Cluster(boolean enabled, String name, String host, int port, int hazelcastPort,
                          List<String> members, Path hazelcastConfig) {
        /** Copies the member list. */
        public Cluster {
            members = List.copyOf(members);
        }
    }

    /**
     * Book verticles.
     *
     * @param instances how many book verticles share the (venue, symbol) books when they are {@link
     *                  Placement#SHARED}
     * @param topDepth  levels per side in each published {@code BookTop}
     * @param placement where the books run
     */
    public record Books(int instances, int topDepth, Placement placement) {

        /** The books' placement as before {@code books.placement} existed. */
        public Books(int instances, int topDepth) {
            this(instances, topDepth, Placement.VENUE);
        }
    }

    /** Where a venue's books run ({@code books.placement}). */
    public enum Placement {
        /**
         * On the venue verticle's event loop: one book verticle per venue, on the venue verticle's context, so an
         * update reaches its book without a thread wake-up.
         */
        VENUE,
        /** In {@code books.instances} book verticles of their own, sharded by venue and symbol. */
        SHARED
    }

    /**
     * The arbitrage verticle.
     *
     * @param minNetEdgeBps       smallest marginal edge after both taker fees, in basis points: the depth walk
     *                            stops at the first pair of levels below it
     * @param maxAge              a book whose last update was received longer ago than this is ignored
     * @param updateEdgeBps       an open opportunity is republished when its net edge moved by at least this ...
     * @param updateQuantityRatio ... or its quantity by at least this fraction
     * @param impactCoefficient   the square-root market-impact coefficient (Almgren et al.: of order 1)
     * @param closedHistory       how many closed opportunities the admin API keeps
     * @param models              per canonical symbol, its volatility and volume for the impact term
     */
    public record Arbitrage(boolean enabled, double minNetEdgeBps, Duration maxAge, double updateEdgeBps,
                            double updateQuantityRatio, double impactCoefficient, int closedHistory,
                            java.util.Map<String, SymbolModel> models) {
        /** Copies the model map. */
        public Arbitrage {
            models = java.util.Map.copyOf(models);
        }
    }

    /**
     * What the market-impact estimate knows of a symbol.
     *
     * @param dailyVolatility daily volatility of returns, as a fraction (0.03 = 3 %)
     * @param dailyVolume     daily traded volume, in base units
     */
    public record SymbolModel(double dailyVolatility, double dailyVolume) {
    }

    /**
     * The event wire codec.
     *
     * @param compressThreshold bodies larger than this many bytes are lz4-compressed
     */
    public record Codec(int compressThreshold) {
    }

    /**
     * Candles and moving averages from trades ({@code analytics}); see the README, "Configuration", and its design
     * notes on the analytics.
     *
     * @param enabled         run the analytics verticle on this node
     * @param venues          the venues whose trades this node aggregates (by default those it runs,
     *                        {@code node.venues}): each series has one owner in a cluster
     * @param candles         the candle specs of every symbol without its own list
     * @param symbolCandles   per canonical symbol, its own candle specs ({@code analytics.symbols.<SYMBOL>.candles})
     * @param indicators      per candle spec label, the moving averages over its closes
     * @param grace           how long after a time bar's end its late trades are still taken
     * @param skipEmpty       {@code empty: skip}: no bar for an interval without trades (default {@code flat})
     * @param storeTrades     keep each bar's trades (bounded by {@code maxStoredTrades})
     * @param maxStoredTrades the bound on the trades kept per bar
     * @param partialInterval how often, at most, an in-progress bar is published (flagged incomplete)
     * @param history         completed candles (and indicator values per indicator) the admin API keeps per series
     */
    public record Analytics(boolean enabled, List<String> venues, List<io.xgate.analytics.CandleSpec> candles,
                            java.util.Map<String, List<io.xgate.analytics.CandleSpec>> symbolCandles,
                            java.util.Map<String, List<io.xgate.analytics.IndicatorSpec>> indicators, Duration grace,
                            boolean skipEmpty, boolean storeTrades, int maxStoredTrades, Duration partialInterval,
                            int history, Duration bookBars) {

        /** Without {@code bookBars}: 5 s book-feature bars. */
        public Analytics(boolean enabled, List<String> venues, List<io.xgate.analytics.CandleSpec> candles,
                         java.util.Map<String, List<io.xgate.analytics.CandleSpec>> symbolCandles,
                         java.util.Map<String, List<io.xgate.analytics.IndicatorSpec>> indicators, Duration grace,
                         boolean skipEmpty, boolean storeTrades, int maxStoredTrades, Duration partialInterval,
                         int history) {
            this(enabled, venues, candles, symbolCandles, indicators, grace, skipEmpty, storeTrades, maxStoredTrades,
                    partialInterval, history, Duration.ofSeconds(5));
        }

        /** The default candle specs: one-second and one-minute bars. */
        public static final List<String> DEFAULT_CANDLES = List.of("1s", "1m");

        /** Copies the collections. */
        public Analytics {
            venues = List.copyOf(venues);
            candles = List.copyOf(candles);
            java.util.Map<String, List<io.xgate.analytics.CandleSpec>> sc = new java.util.LinkedHashMap<>();
            symbolCandles.forEach((k, v) -> sc.put(k, List.copyOf(v)));
            symbolCandles = java.util.Collections.unmodifiableMap(sc);
            java.util.Map<String, List<io.xgate.analytics.IndicatorSpec>> ind = new java.util.LinkedHashMap<>();
            indicators.forEach((k, v) -> ind.put(k, List.copyOf(v)));
            indicators = java.util.Collections.unmodifiableMap(ind);
        }

        /** Every default, for these venues. */
        public static Analytics defaults(List<String> venues) {
            return new Analytics(true, venues, DEFAULT_CANDLES.stream().map(io.xgate.analytics.CandleSpec::parse)
                    .toList(), java.util.Map.of(), java.util.Map.of(), Duration.ofMillis(250), false, false, 10_000,
                    Duration.ofSeconds(1), 500);
        }

        /** The candle specs of a symbol: its own list, else {@link #candles()}. */
        public List<io.xgate.analytics.CandleSpec> candlesOf(String symbol) {
            return symbolCandles.getOrDefault(symbol, candles);
        }

        /** The indicators over a candle spec's closes (none if not configured). */
        public List<io.xgate.analytics.IndicatorSpec> indicatorsOf(String spec) {
            return indicators.getOrDefault(spec, List.of());
        }

        /** Whether this node aggregates a venue's trades. */
        public boolean runs(String venue) {
            return enabled && venues.contains(venue);
        }

        /** The builder options these settings give. */
        public io.xgate.analytics.CandleBuilder.Options options() {
            return new io.xgate.analytics.CandleBuilder.Options(grace.toNanos(), skipEmpty, storeTrades,
                    maxStoredTrades);
        }
    }
}
