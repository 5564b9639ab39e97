package io.xgate;

import com.hazelcast.core.HazelcastInstance;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.xgate.analytics.AnalyticsVerticle;
import io.xgate.arb.ArbitrageVerticle;
import io.xgate.book.BookRules;
import io.xgate.book.BookVerticle;
import io.xgate.cluster.ClusterConfig;
import io.xgate.config.GatewayConfig;
import io.xgate.config.Instrument;
import io.xgate.config.VenueConfig;
import io.xgate.event.EventCodec;
import io.xgate.event.EventMessageCodec;
import io.xgate.metrics.Metrics;
import io.xgate.order.OrderVerticle;
import io.xgate.ops.OpsVerticle;
import io.xgate.sim.Simulator;
import io.xgate.rest.VenueHttp;
import io.xgate.venue.Dialect;
import io.xgate.venue.Dialects;
import io.xgate.venue.VenueVerticle;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running gateway node: its Vert.x instance, the event codec, and the verticles its configuration asks
 * for. Started and stopped as a whole; {@link App} drives it from the command line, tests drive it directly.
 */
public final class Gateway {

    private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);

    private final GatewayConfig config;
    private final Vertx vertx;
    private final Metrics metrics;
    private Simulator simulator;
    private OpsVerticle ops;
    /** The journal, or {@code null} when {@code journal.enabled} is false. */
    private io.xgate.journal.Journal journal;
    /** This node's Hazelcast member, or {@code null} when not clustered. */
    private HazelcastInstance hazelcast;
    /** The election of this node's venues' leaders, or {@code null} without {@code ha.enabled}. */
    private io.xgate.cluster.LeaderElector elector;
    private io.xgate.cluster.Leadership leadership = io.xgate.cluster.Leadership.NONE;
    /** The venue verticles' and order desks' deployments, venue verticles first (a clean stop undeploys them first). */
    private final List<String> venueDeployments = new java.util.concurrent.CopyOnWriteArrayList<>();

    private Gateway(GatewayConfig config, Vertx vertx, Metrics metrics) {
        this.config = config;
        this.vertx = vertx;
        this.metrics = metrics;
    }

    /**
     * What start-up refuses beyond the configuration files' own rules, checked without starting anything (no
     * Vert.x, no port, no cluster), so that {@code xgate check} refuses what {@code run} would: high availability
     * without the cluster, the event codec's threshold, the journal's storage settings (also used by
     * {@code record}, whatever {@code journal.enabled} says), the Hazelcast XML file (parsed whenever given), and
     * each venue's dialect and book rules. Binding ports and opening the journal's directory are left to start-up.
     *
     * @throws ConfigException naming the file, line and key at fault
     */
    public static void validate(GatewayConfig config) {
        if (config.ha().enabled() && !config.cluster().enabled()) {
            throw io.xgate.config.ConfigLoader.errorAt(config.file(), "ha.enabled", "needs the cluster: set "
                    + "cluster.enabled: true, or run (and check) with --cluster");
        }
        try {
            new EventCodec(config.codec().compressThreshold(), EventCodec.DEFAULT_MAX_BODY);
        } catch (IllegalArgumentException e) {
            throw io.xgate.config.ConfigLoader.errorAt(config.file(), "codec.compressThreshold", e.getMessage());
        }
        try {
            io.xgate.journal.Journal.settings(config.journal());
        } catch (IllegalArgumentException e) {
            throw io.xgate.config.ConfigLoader.errorAt(config.file(), "journal", e.getMessage());
        }
        if (config.cluster().enabled() || config.cluster().hazelcastConfig() != null) {
            try {
                ClusterConfig.hazelcast(config.cluster(), config.ha());
            } catch (RuntimeException e) {
                String key = config.cluster().hazelcastConfig() != null ? "cluster.hazelcastConfig" : "cluster";
                throw io.xgate.config.ConfigLoader.errorAt(config.file(), key, (config.cluster().hazelcastConfig()
                        != null ? config.cluster().hazelcastConfig() + " is not a Hazelcast XML configuration: "
                        : "not a Hazelcast configuration: ") + firstLine(e));
            }
        }
        for (VenueConfig v : config.venues()) {
            try {
                Dialects.of(v).bookRules(v);
            } catch (RuntimeException e) {
                throw io.xgate.config.ConfigLoader.errorAt(v.file(), "dialect", firstLine(e));
            }
        }
    }

    /** An exception's message's first line (a parser's may hold a whole document), without its class. */
    private static String firstLine(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        m = m.strip();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl).strip();
    }

    /**
     * Starts Vert.x (with Micrometer metrics), registers the event codec and deploys the configured components:
     * the simulator (if enabled), the status log and admin API, the book verticles, the arbitrage verticle (if
     * enabled), the analytics verticle (if enabled and it has venues to aggregate), then one venue verticle per
     * venue.
     */
    public static Future<Gateway> start(GatewayConfig config) {
        return start(config, java.util.function.UnaryOperator.identity());
    }

    /**
     * As {@link #start(GatewayConfig)}, with the journal's storage settings adjusted (tests and embedding: a slow
     * or failing sink, a clock); unused when {@code journal.enabled} is false.
     */
    public static Future<Gateway> start(GatewayConfig config,
                                        java.util.function.UnaryOperator<io.xgate.journal.JournalSettings> journal) {
        return start(config, journal, new Harness(java.util.function.UnaryOperator.identity(), false));
    }

    /**
     * How a harness runs the gateway.
     *
     * @param vertxOptions            adjusts the Vert.x options before Vert.x is built (the blocked-thread checker's
     *                                limits)
     * @param simulatorOnOwnEventLoop the simulator on an event loop of its own ({@value #SIMULATOR_THREAD}), not on
     *                                one it shares with a venue: a harness that loads the simulator heavily then
     *                                cannot hold up the gateway's event loops, and their stalls are the gateway's
     */
    public record Harness(java.util.function.UnaryOperator<VertxOptions> vertxOptions,
                          boolean simulatorOnOwnEventLoop) {
    }

    /** The name of the simulator's thread with {@link Harness#simulatorOnOwnEventLoop()}. */
    public static final String SIMULATOR_THREAD = "xgate-sim-eventloop";

    /** As {@link #start(GatewayConfig, java.util.function.UnaryOperator)}, the way a harness needs it. */
    public static Future<Gateway> start(GatewayConfig config,
                                        java.util.function.UnaryOperator<io.xgate.journal.JournalSettings> journal,
                                        Harness harness) {
        Metrics metrics = Metrics.prometheus();
        VertxOptions options = harness.vertxOptions().apply(new VertxOptions().setEventLoopPoolSize(config.eventLoops() > 0
                ? config.eventLoops() : VertxOptions.DEFAULT_EVENT_LOOP_POOL_SIZE).setMetricsOptions(
                new MicrometerMetricsOptions().setEnabled(true).setJvmMetricsEnabled(true)));
        VertxBuilder builder = Vertx.builder().withMetrics(new MicrometerMetricsFactory(metrics.registry()));
        if (!config.cluster().enabled()) {
            if (config.ha().enabled()) {
                return Future.failedFuture(new IllegalStateException("ha.enabled needs the cluster: set "
                        + "cluster.enabled: true in " + config.file() + " or run with --cluster"));
            }
            return start(config, builder.with(options).build(), metrics, journal, null, harness);
        }
        GatewayConfig.Cluster c = config.cluster();
        LOG.info("{} joining cluster '{}' (event bus {}:{}, Hazelcast {})", config.name(), c.name(), c.host(),
                c.port() == 0 ? "any port" : c.port(), c.hazelcastConfig() != null ? c.hazelcastConfig()
                        : "members " + c.members() + ", port " + c.hazelcastPort() + "+");
        Promise<Gateway> started = Promise.promise();
        io.xgate.cluster.WarmClusterManager manager =
                new io.xgate.cluster.WarmClusterManager(ClusterConfig.hazelcast(c, config.ha()));
        builder.with(ClusterConfig.eventBus(options, c))
                .withClusterManager(manager)
                .buildClustered().onComplete(ar -> {
                    if (ar.failed()) {
                        started.fail(new IllegalStateException("cannot join cluster '" + c.name() + "': "
                                + ar.cause().getMessage(), ar.cause()));
                    } else {
                        // before any venue publishes: a standby's first publishes after a takeover then wait on
                        // nobody (see WarmClusterManager)
                        if (!"false".equals(System.getProperty("xgate.cluster.warm"))) {
                            manager.warm(io.xgate.cluster.WarmClusterManager.publishedBy(config));
                        } else {
                            LOG.warn("cluster: registrations not kept warm (-Dxgate.cluster.warm=false): a takeover's "
                                    + "first publishes wait on Hazelcast");
                        }
                        start(config, ar.result(), metrics, journal, manager.getHazelcastInstance(), harness)
                                .onComplete(started);
                    }
                });
        return started.future();
    }

    private static Future<Gateway> start(GatewayConfig config, Vertx vertx, Metrics metrics,
                                         java.util.function.UnaryOperator<io.xgate.journal.JournalSettings> adjust,
                                         HazelcastInstance hazelcast, Harness harness) {
        EventMessageCodec.register(vertx.eventBus(),
                new EventCodec(config.codec().compressThreshold(), EventCodec.DEFAULT_MAX_BODY));
        Gateway g = new Gateway(config, vertx, metrics);
        g.hazelcast = hazelcast;
        if (config.ha().enabled() && !config.localVenues().isEmpty()) {
            g.elector = new io.xgate.cluster.LeaderElector(hazelcast, vertx, config.ha(),
                    config.localVenues().stream().map(VenueConfig::id).toList(), metrics.registry());
            g.leadership = g.elector;
        }
        if (config.journal().enabled()) {
            try {
                g.journal = io.xgate.journal.Journal.open(config, metrics, adjust);
                g.journal.attach(vertx);
            } catch (java.io.IOException | RuntimeException e) {
                String why = "cannot open the journal in " + config.journal().dir().toAbsolutePath() + " (journal.dir): "
                        + e.getMessage() + "; check that the directory is writable, or set journal.enabled: false";
                return vertx.close().transform(x -> Future.failedFuture(new IllegalStateException(why, e)));
            }
        }
        LOG.info("{} starting from {}: {} venue(s): {}{}", config.name(), config.file(), config.venues().size(),
                config.venues().stream().map(Gateway::describe).collect(Collectors.joining(", ")),
                config.localVenues().size() == config.venues().size() ? ""
                        : "; this node runs " + config.node().venues());
        Future<?> sim = Future.succeededFuture();
        if (config.simulator().enabled()) {
            g.simulator = new Simulator(config);
            sim = harness.simulatorOnOwnEventLoop()
                    ? vertx.deployVerticle(new io.xgate.ops.OwnEventLoop(g.simulator, SIMULATOR_THREAD))
                    : vertx.deployVerticle(g.simulator);
        }
        // A promise bound to no context: after a failed start closes Vert.x, its listeners must not need Vert.x's
        // event loops to be told (they are gone, and the failure would be lost).
        Promise<Gateway> started = Promise.promise();
        sim.compose(v -> g.deployOps()).compose(v -> g.deployBooks()).compose(v -> g.deployArbitrage())
                .compose(v -> g.deployAnalytics())
                .compose(v -> g.deployVenues()).onComplete(ar -> {
                    if (ar.succeeded()) {
                        if (g.elector != null) {
                            g.elector.start(); // standing by until elected: every verticle is listening
                        }
                        started.complete(g);
                    } else {
                        vertx.close().onComplete(x -> started.fail(ar.cause()));
                    }
                });
        return started.future();
    }

    /** First, so that it sees every venue status from the start. */
    private Future<?> deployOps() {
        ops = new OpsVerticle(config, metrics);
        ops.leadership(leadership);
        if (journal != null) {
            io.xgate.journal.Journal j = journal;
            ops.journalProblem(j::problem);
        }
        // on an event loop no venue shares: no HTTP client of the admin API can slow a venue's feed
        return vertx.deployVerticle(new io.xgate.ops.OwnEventLoop(ops, ADMIN_THREAD));
    }

    /** The name of the thread the status log and the admin API run on (their own event loop). */
    public static final String ADMIN_THREAD = "xgate-admin-eventloop";

    private Future<?> deployArbitrage() {
        if (!config.arbitrage().enabled()) {
            LOG.info("arbitrage is disabled (arbitrage.enabled: false)");
            return Future.succeededFuture();
        }
        return vertx.deployVerticle(new ArbitrageVerticle(config, metrics));
    }

    /**
     * Before the venues, so that it hears their first trades. Trades are cluster-wide events, so analytics could run
     * on any node; by default each node aggregates the venues it runs ({@code analytics.venues} defaults to
     * {@code node.venues}), which gives every candle series one owner in a cluster and keeps the trades local.
     */
    private Future<?> deployAnalytics() {
        GatewayConfig.Analytics a = config.analytics();
        if (!a.enabled()) {
            LOG.info("analytics is disabled (analytics.enabled: false)");
            return Future.succeededFuture();
        }
        if (a.venues().isEmpty()) {
            LOG.info("analytics aggregates no venue on this node (analytics.venues: [])");
            return Future.succeededFuture();
        }
        return vertx.deployVerticle(new AnalyticsVerticle(config, metrics).leadership(leadership));
    }

    private Future<?> deployBooks() {
        if (config.localVenues().isEmpty()) {
            LOG.info("this node runs no venue (node.venues: []): no venue connections, no books");
            return Future.succeededFuture();
        }
        if (config.books().placement() == GatewayConfig.Placement.VENUE) {
            LOG.info("books beside their venue: each venue's books on its venue verticle's event loop");
            return Future.succeededFuture(); // deployed with each venue (deployVenues)
        }
        int n = config.books().instances();
        List<List<BookVerticle.Assignment>> shards = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            shards.add(new ArrayList<>());
        }
        for (VenueConfig v : config.localVenues()) {
            BookRules rules = Dialects.of(v).bookRules(v);
            for (Instrument i : v.instruments().values()) {
                int shard = Math.floorMod((v.id() + '/' + i.symbol()).hashCode(), n);
                shards.get(shard).add(new BookVerticle.Assignment(v.id(), i, rules));
            }
        }
        List<Future<?>> deployed = new ArrayList<>();
        for (List<BookVerticle.Assignment> shard : shards) {
            deployed.add(vertx.deployVerticle(new BookVerticle(shard, config.books().topDepth(), metrics, bookBarNanos())
                    .leadership(leadership)));
        }
        LOG.info("{} book verticle(s) keep {} book(s)", n, shards.stream().mapToInt(List::size).sum());
        return Future.all(deployed);
    }

    private Future<?> deployVenues() {
        List<Future<?>> deployed = new ArrayList<>();
        // scope: cluster limit classes share one budget in the cluster; null (all local) when not clustered
        io.xgate.rest.ClusterBudgets budgets = io.xgate.rest.ClusterBudgets.hazelcast(hazelcast, metrics.registry());
        for (VenueConfig v : config.localVenues()) {
            Dialect dialect = Dialects.of(v);
            VenueHttp http = new VenueHttp(vertx, v, dialect.usageHeaders(), dialect.banStatuses(), budgets);
            VenueVerticle venueVerticle = new VenueVerticle(v, dialect, http, metrics).leadership(leadership);
            if (journal != null) {
                venueVerticle.recordTo(journal.feed());
            }
            io.vertx.core.Deployable feed = venueVerticle;
            if (config.books().placement() == GatewayConfig.Placement.VENUE) {
                BookRules rules = dialect.bookRules(v);
                List<BookVerticle.Assignment> books = new ArrayList<>();
                for (Instrument i : v.instruments().values()) {
                    books.add(new BookVerticle.Assignment(v.id(), i, rules));
                }
                feed = new SharedContext(List.of(new BookVerticle(books, config.books().topDepth(), metrics, bookBarNanos())
                        .leadership(leadership), venueVerticle));
            }
            io.vertx.core.Deployable deployable = feed;
            // the order desk first, so that it hears the venue verticle's first clock sample
            io.xgate.order.OrderRegistry orders = elector == null ? io.xgate.order.OrderRegistry.NONE
                    : new io.xgate.cluster.HazelcastOrderRegistry(vertx, hazelcast, v.id());
            deployed.add(vertx.deployVerticle(new OrderVerticle(v, http).leadership(leadership, orders))
                    .compose(desk -> vertx.deployVerticle(deployable).map(venueId -> {
                        venueDeployments.add(0, desk); // undeployed after its venue verticle (they share the client)
                        venueDeployments.add(0, venueId);
                        return venueId;
                    })));
        }
        return Future.all(deployed);
    }

    /** Book-feature bars' length, or 0: they run beside the books when analytics is on. */
    private long bookBarNanos() {
        return config.analytics().enabled() ? config.analytics().bookBars().toNanos() : 0;
    }

    /** The admin API's bound port, or -1 if it is not enabled. */
    public int adminPort() {
        return ops.adminPort();
    }

    /** This node's meters. */
    public Metrics metrics() {
        return metrics;
    }

    /** The in-process simulator, or {@code null} if not enabled. */
    public Simulator simulator() {
        return simulator;
    }

    /**
     * Undeploys everything and closes Vert.x; with high availability, first hands the venues this node leads over to
     * a standby (at most {@code ha.handover}).
     */
    public Future<Void> stop() {
        LOG.info("{} stopping", config.name());
        Future<Void> handedOver = elector == null ? Future.succeededFuture()
                : Future.fromCompletionStage(elector.handover());
        return handedOver.transform(h -> {
            if (elector != null) {
                elector.close();
            }
            // the venues first, while what they talk to (the in-process simulator, the cluster) still runs: their
            // requests in flight finish, and a clean stop logs no cut connection
            List<Future<?>> undeployed = new ArrayList<>();
            for (String id : List.copyOf(venueDeployments)) {
                undeployed.add(vertx.undeploy(id));
            }
            return Future.join(undeployed);
        }).transform(u -> vertx.close()).andThen(x -> {
            if (journal != null) {
                journal.close(); // after the venues stopped: their connections' last records are in
            }
        }).onSuccess(v -> LOG.info("{} stopped cleanly", config.name()))
                .onFailure(e -> LOG.error("{} did not stop cleanly", config.name(), e));
    }

    /** The journal, or {@code null} when {@code journal.enabled} is false. */
    public io.xgate.journal.Journal journal() {
        return journal;
    }

    /** This node's roles for its venues ({@link io.xgate.cluster.Leadership#NONE} without high availability). */
    public io.xgate.cluster.Leadership leadership() {
        return leadership;
    }

    /** This node's Hazelcast member, or {@code null} when not clustered. */
    public HazelcastInstance hazelcast() {
        return hazelcast;
    }

    /** The Vert.x instance (tests, embedding). */
    public Vertx vertx() {
        return vertx;
    }

    /** The configuration this gateway runs. */
    public GatewayConfig config() {
        return config;
    }

    private static String describe(VenueConfig v) {
        return v.id() + " (" + v.dialect() + ", " + String.join("/", v.instruments().keySet()) + ")";
    }
}
